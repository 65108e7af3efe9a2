from django.urls import path

from . import views_staff as views

urlpatterns = [
    path("", views.dashboard, name="staff_dashboard"),
]
