from django.urls import path

from . import views_coverage

urlpatterns = [
    path("signposting/", views_coverage.coverage, name="staff_signposting"),
]
