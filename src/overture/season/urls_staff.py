from django.urls import path

from . import views_door
from . import views_staff as views

urlpatterns = [
    path("", views.dashboard, name="staff_dashboard"),
    path("practices/", views.practice_list, name="staff_practices"),
    path("practices/new/", views.practice_create, name="staff_practice_create"),
    path("practices/<id:pk>/", views.practice_edit, name="staff_practice_edit"),
    path("activities/", views.activity_list, name="staff_activities"),
    path("activities/new/", views.activity_create, name="staff_activity_create"),
    path("activities/<id:pk>/", views.activity_edit, name="staff_activity_edit"),
    path("activities/<id:pk>/status/", views.activity_status, name="staff_activity_status"),
    path(
        "activities/<id:pk>/registrations/",
        views.activity_registrations,
        name="staff_activity_registrations",
    ),
    path(
        "activities/<id:pk>/registrations.csv",
        views_door.registrants_csv,
        name="staff_activity_registrants_csv",
    ),
    path(
        "activities/<id:pk>/check-in/",
        views_door.activity_check_in,
        name="staff_activity_check_in",
    ),
    path(
        "activities/<id:pk>/check-in/<id:registration>/",
        views_door.registration_check_in,
        name="staff_registration_check_in",
    ),
]
