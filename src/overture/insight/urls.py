from django.urls import path

from . import views_survey

urlpatterns = [
    path("surveys/<token:token>/", views_survey.survey, name="survey"),
    path("surveys/<token:token>/thanks/", views_survey.thanks, name="survey_thanks"),
    path("surveys/<token:token>/qr.svg", views_survey.qr_code, name="survey_qr"),
]
