"""The site's URLs plus pages with bugs in them, to see how real server errors are answered."""

from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.urls import path

from overture.config.urls import handler500, urlpatterns  # noqa: F401


def broken(request: HttpRequest) -> HttpResponse:
    raise ZeroDivisionError("a bug in a page")


def wrong_query(request: HttpRequest) -> HttpResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM no_such_table")
    return HttpResponse()


urlpatterns = [path("broken/", broken), path("wrong-query/", wrong_query), *urlpatterns]
