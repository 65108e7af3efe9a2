from django.urls import path

from . import views_activity, views_season

urlpatterns = [
    path("mix/", views_season.season_mix, name="staff_season_mix"),
    path("activities/<id:pk>/mix/", views_activity.activity_mix, name="staff_activity_mix"),
    path(
        "activities/<id:pk>/mix/zoning/",
        views_activity.run_zoning,
        name="staff_activity_zoning",
    ),
    path(
        "activities/<id:pk>/mix/zoning/<id:run>/confirm/",
        views_activity.confirm_zoning,
        name="staff_zoning_confirm",
    ),
]
