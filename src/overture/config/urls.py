from django.contrib import admin
from django.urls import include, path

from overture.organisations import views as organisation_views

urlpatterns = [
    path("", organisation_views.home, name="home"),
    path("admin/", admin.site.urls),
    path("accounts/", include("overture.organisations.urls_accounts")),
    path("<slug:org>/staff/", include("overture.organisations.urls_staff")),
    path("<slug:org>/staff/", include("overture.signposting.urls_staff")),
    path("<slug:org>/staff/", include("overture.buddies.urls_staff")),
    path("<slug:org>/staff/", include("overture.mix.urls_staff")),
    path("<slug:org>/staff/", include("overture.insight.urls_staff")),
    path("<slug:org>/staff/", include("overture.season.urls_staff")),
    path("<slug:org>/staff/", include("overture.audience.urls_staff")),
    path("<slug:org>/staff/", include("overture.pages.urls_staff")),
    path("<slug:org>/", include("overture.organisations.urls")),
    path("<slug:org>/", include("overture.signposting.urls")),
    path("<slug:org>/", include("overture.buddies.urls")),
    path("<slug:org>/", include("overture.insight.urls")),
    path("<slug:org>/", include("overture.audience.urls")),
    path("<slug:org>/", include("overture.pages.urls")),
]

handler500 = "overture.config.middleware.server_error"
