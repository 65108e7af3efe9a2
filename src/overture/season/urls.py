from django.urls import path

from . import views

urlpatterns = [
    path("", views.season, name="season"),
    path("activities/<int:pk>/", views.activity_detail, name="activity"),
]
