from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from .access import organisation_view
from .models import Organisation


def home(request: HttpRequest) -> HttpResponse:
    """The site's front door: straight to the season when one organisation runs here."""
    organisations = list(Organisation.objects.all()[:2])
    if len(organisations) == 1:
        return redirect("season", org=organisations[0].slug)
    return render(request, "organisations/home.html", {"organisations": Organisation.objects.all()})


@organisation_view
def privacy_notice(request: HttpRequest) -> HttpResponse:
    """What the organisation does with participants' data: its own words, or what Overture keeps."""
    return render(request, "organisations/privacy.html", {"organisation": request.organisation})
