from django.urls import path

from . import views

urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("me/experience/", views.self_assessment, name="self_assessment"),
    path("me/activities/", views.my_activities, name="my_activities"),
    path("activities/<int:pk>/register/", views.register, name="register"),
    path("activities/<int:pk>/cancel/", views.cancel, name="cancel_registration"),
]
