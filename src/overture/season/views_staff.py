from django.http import HttpRequest, HttpResponse

from overture.organisations.access import staff_required


@staff_required
def dashboard(request: HttpRequest) -> HttpResponse:
    return HttpResponse("staff")
