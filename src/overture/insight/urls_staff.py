from django.urls import path

from . import views_analytics, views_review, views_staff_survey, views_statements, views_themes

urlpatterns = [
    path(
        "activities/<id:pk>/survey/",
        views_staff_survey.activity_survey,
        name="staff_activity_survey",
    ),
    path(
        "activities/<id:pk>/survey/<str:moment>/questions/",
        views_staff_survey.survey_questions,
        name="staff_survey_questions",
    ),
    path(
        "activities/<id:pk>/insight/",
        views_analytics.activity_insight,
        name="staff_activity_insight",
    ),
    path("insight/", views_analytics.season_insight, name="staff_insight"),
    path("insight/export.csv", views_analytics.export_csv, name="staff_insight_csv"),
    path("insight/export.xlsx", views_analytics.export_xlsx, name="staff_insight_xlsx"),
    path("insight/review/", views_review.review_queue, name="staff_insight_review"),
    path(
        "insight/review/<id:response>/",
        views_review.review_answer,
        name="staff_insight_code",
    ),
    path("insight/coder/", views_review.retrain, name="staff_insight_retrain"),
    path("insight/review/code/", views_review.code_new, name="staff_insight_code_new"),
    path(
        "organisation/statements/",
        views_statements.statement_list,
        name="staff_value_statements",
    ),
    path(
        "organisation/statements/new/",
        views_statements.statement_create,
        name="staff_value_statement_create",
    ),
    path(
        "organisation/statements/<int:pk>/",
        views_statements.statement_edit,
        name="staff_value_statement_edit",
    ),
    path("organisation/themes/", views_themes.theme_list, name="staff_themes"),
    path("organisation/themes/new/", views_themes.theme_create, name="staff_theme_create"),
    path("organisation/themes/<int:pk>/", views_themes.theme_edit, name="staff_theme_edit"),
    path(
        "organisation/themes/<int:pk>/switch/",
        views_themes.theme_switch,
        name="staff_theme_switch",
    ),
]
