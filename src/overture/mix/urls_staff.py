from django.urls import path

from . import views_activity, views_rules, views_season

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
    path("organisation/advice/", views_rules.rule_list, name="staff_advice_rules"),
    path("organisation/advice/new/", views_rules.rule_create, name="staff_advice_rule_create"),
    path("organisation/advice/<int:pk>/", views_rules.rule_edit, name="staff_advice_rule_edit"),
    path(
        "organisation/advice/preview/",
        views_rules.rule_preview,
        name="staff_advice_rule_preview",
    ),
    path(
        "organisation/advice/<int:pk>/switch/",
        views_rules.rule_switch,
        name="staff_advice_rule_switch",
    ),
    path(
        "organisation/advice/<int:pk>/delete/",
        views_rules.rule_delete,
        name="staff_advice_rule_delete",
    ),
]
