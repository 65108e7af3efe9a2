from django.urls import path

from . import my_activities, season

urlpatterns = [
    path("", season.season, name="season"),
    path("activities/<id:pk>/", season.activity_detail, name="activity"),
    path("me/activities/", my_activities.my_activities, name="my_activities"),
]
