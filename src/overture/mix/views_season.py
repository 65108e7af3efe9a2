"""Staff page: the audience mix across the season, as a heat map with season advice."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from overture.engines.mix.advice import FIGURES, format_figure
from overture.organisations.access import role_required
from overture.organisations.cached_figures import refreshable
from overture.organisations.roles import Action

from . import selectors_season
from .figures import figure_label
from .selectors import INDEX_KINDS, IndexKind, advice_items

ACTIVITIES_PER_PAGE = 25


def band_words(kind: IndexKind) -> str:
    """The bands of an index in words, e.g. "Low below 0.20 · Moderate 0.20–0.40 · High
    from 0.40"."""
    words, low = [], None
    for band in kind.bands:
        if low is None:
            words.append(
                _("%(word)s below %(below)s") % {"word": band.word, "below": f"{band.below:.2f}"}
            )
        elif band.below > 1:
            words.append(_("%(word)s from %(low)s") % {"word": band.word, "low": f"{low:.2f}"})
        else:
            words.append(
                _("%(word)s %(low)s–%(below)s")
                % {"word": band.word, "low": f"{low:.2f}", "below": f"{band.below:.2f}"}
            )
        low = band.below
    return " · ".join(words)


@role_required(Action.SEE_FIGURES, post=Action.PREPARE)
@refreshable(
    selectors_season.SEASON_MIX, done=gettext_lazy("Audience mix worked out again just now.")
)
def season_mix(request: HttpRequest, mix: selectors_season.SeasonMix) -> HttpResponse:
    """The heat map (worked out at most every few minutes), with season advice."""
    organisation = request.organisation
    page = Paginator(mix.rows, ACTIVITIES_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "section": "mix",
        "mix": mix,
        "page": page,
        "rows": [(row, selectors_season.heat_cells(row)) for row in page.object_list],
        "kinds": INDEX_KINDS,
        "scales": [{"name": k.name, "bands": band_words(k)} for k in INDEX_KINDS.values()],
        "advice": advice_items(selectors_season.season_advice(organisation, mix)),
        "season_figures": [
            (figure_label(name), format_figure(name, value))
            for name, value in mix.figures.items()
            if name in FIGURES
        ],
        "refresh_minutes": selectors_season.SEASON_MIX.minutes,
    }
    return render(request, "mix/staff/season_mix.html", context)
