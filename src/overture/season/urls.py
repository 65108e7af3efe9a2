from django.urls import path

from . import views

urlpatterns = [
    path("", views.season, name="season"),
    path("activities/<id:pk>/", views.activity_detail, name="activity"),
]
