from django.http import HttpRequest, HttpResponse

from overture.organisations.access import organisation_view


@organisation_view
def journey(request: HttpRequest) -> HttpResponse:
    return HttpResponse("journey")
