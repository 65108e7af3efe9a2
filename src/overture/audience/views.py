from django.http import HttpRequest, HttpResponse

from overture.organisations.access import organisation_view


@organisation_view
def signup(request: HttpRequest) -> HttpResponse:
    return HttpResponse("signup")


@organisation_view
def self_assessment(request: HttpRequest) -> HttpResponse:
    return HttpResponse("self assessment")


@organisation_view
def my_activities(request: HttpRequest) -> HttpResponse:
    return HttpResponse("my activities")


@organisation_view
def register(request: HttpRequest, pk: int) -> HttpResponse:
    return HttpResponse("register")


@organisation_view
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    return HttpResponse("cancel")
