from django.urls import path

from . import views_staff as views

urlpatterns = [
    path("buddies/", views.matching_page, name="staff_buddies"),
    path("buddies/run/", views.run, name="staff_buddy_run"),
    path("buddies/runs/<id:pk>/", views.run_status, name="staff_buddy_run_status"),
    path("buddies/publish/", views.publish, name="staff_buddy_publish"),
    path(
        "buddies/notifications/send/",
        views.send_notifications,
        name="staff_buddy_send_notifications",
    ),
    path("buddies/pairs/<id:pk>/lock/", views.lock, name="staff_buddy_lock"),
    path("buddies/pairs/<id:pk>/change/", views.change, name="staff_buddy_change"),
    path("buddies/volunteers/", views.volunteers, name="staff_buddy_volunteers"),
    path(
        "buddies/volunteers/approval/",
        views.approval_setting,
        name="staff_buddy_approval_setting",
    ),
    path("buddies/volunteers/<id:pk>/", views.volunteer, name="staff_buddy_volunteer"),
    path("buddies/volunteers/<id:pk>/approve/", views.approve, name="staff_buddy_approve"),
    path("buddies/volunteers/<id:pk>/vetting/", views.vetting, name="staff_buddy_vetting"),
]
