from django.urls import path

from . import views_staff as views

urlpatterns = [
    path("practices/", views.practice_list, name="staff_practices"),
    path("practices/new/", views.practice_create, name="staff_practice_create"),
    path("practices/<id:pk>/", views.practice_edit, name="staff_practice_edit"),
    path("activities/new/", views.activity_create, name="staff_activity_create"),
    path("activities/<id:pk>/", views.activity_edit, name="staff_activity_edit"),
    path("activities/<id:pk>/status/", views.activity_status, name="staff_activity_status"),
]
