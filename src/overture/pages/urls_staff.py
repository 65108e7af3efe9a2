from django.urls import path

from . import staff

urlpatterns = [
    path("", staff.dashboard, name="staff_dashboard"),
    path("activities/", staff.activity_list, name="staff_activities"),
]
