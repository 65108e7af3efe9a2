from django.http import HttpRequest, HttpResponse

from overture.organisations.access import staff_required


@staff_required
def coverage(request: HttpRequest) -> HttpResponse:
    return HttpResponse("coverage")
