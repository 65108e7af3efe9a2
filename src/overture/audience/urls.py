from django.urls import path

from . import views

urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("me/experience/", views.self_assessment, name="self_assessment"),
    path("me/activities/", views.my_activities, name="my_activities"),
    path("activities/<int:pk>/register/", views.register, name="register"),
    path("activities/<int:pk>/cancel/", views.cancel, name="cancel_registration"),
    path(
        "activities/<int:pk>/preferences/",
        views.registration_preferences,
        name="registration_preferences",
    ),
    path("activities/<int:pk>/party/start/", views.party_start, name="party_start"),
    path("activities/<int:pk>/party/join/", views.party_join, name="party_join"),
    path("activities/<int:pk>/party/leave/", views.party_leave, name="party_leave"),
]
