from django.urls import path

from . import views_staff

urlpatterns = [
    path("organisation/members/", views_staff.members, name="staff_members"),
    path(
        "organisation/members/<int:pk>/role/",
        views_staff.change_role,
        name="staff_member_role",
    ),
    path("organisation/privacy/", views_staff.privacy_notice, name="staff_privacy_notice"),
    path("organisation/members/<int:pk>/remove/", views_staff.remove, name="staff_member_remove"),
]
