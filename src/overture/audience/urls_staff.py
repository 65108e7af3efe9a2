from django.urls import path

from . import views_door, views_staff

urlpatterns = [
    path(
        "activities/<id:pk>/registrations/",
        views_staff.activity_registrations,
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
