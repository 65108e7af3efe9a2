from django.http import HttpRequest, HttpResponse

from overture.organisations.access import organisation_view


@organisation_view
def for_you(request: HttpRequest) -> HttpResponse:
    return HttpResponse("for_you")
