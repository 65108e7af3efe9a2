"""The site's URLs plus a page with a bug in it, to see how a real server error is logged."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from overture.config.urls import urlpatterns


def broken(request: HttpRequest) -> HttpResponse:
    raise ZeroDivisionError("a bug in a page")


urlpatterns = [path("broken/", broken), *urlpatterns]
