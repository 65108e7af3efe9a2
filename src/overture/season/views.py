from django.http import HttpRequest, HttpResponse

from overture.organisations.access import organisation_view


@organisation_view
def season(request: HttpRequest) -> HttpResponse:
    return HttpResponse("season")


@organisation_view
def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return HttpResponse("activity")
