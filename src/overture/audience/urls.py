from django.urls import path

from . import views, views_signup, views_waiting_list

urlpatterns = [
    path("signup/", views_signup.signup, name="signup"),
    path("signup/sent/", views_signup.signup_sent, name="signup_sent"),
    path(
        "signup/confirm/<str:uidb64>/<str:token>/",
        views_signup.signup_confirm,
        name="signup_confirm",
    ),
    path("me/experience/", views.self_assessment, name="self_assessment"),
    path("activities/<id:pk>/register/", views.register, name="register"),
    path("activities/<id:pk>/cancel/", views.cancel, name="cancel_registration"),
    path("activities/<id:pk>/places/", views.change_places, name="change_places"),
    path("activities/<id:pk>/ticket/", views.ticket, name="ticket"),
    path("activities/<id:pk>/calendar.ics", views.calendar_entry, name="registration_calendar"),
    path(
        "activities/<id:pk>/preferences/",
        views.registration_preferences,
        name="registration_preferences",
    ),
    path("activities/<id:pk>/party/start/", views.party_start, name="party_start"),
    path("activities/<id:pk>/party/join/", views.party_join, name="party_join"),
    path("activities/<id:pk>/party/leave/", views.party_leave, name="party_leave"),
    path(
        "activities/<id:pk>/waiting-list/join/", views_waiting_list.join, name="waiting_list_join"
    ),
    path(
        "activities/<id:pk>/waiting-list/leave/",
        views_waiting_list.leave,
        name="waiting_list_leave",
    ),
    path(
        "activities/<id:pk>/waiting-list/accept/",
        views_waiting_list.accept,
        name="waiting_list_accept",
    ),
    path(
        "activities/<id:pk>/waiting-list/decline/",
        views_waiting_list.decline,
        name="waiting_list_decline",
    ),
]
