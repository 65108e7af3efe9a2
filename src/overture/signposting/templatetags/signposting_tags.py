"""Template helpers for signposting: audience labels and fit badges on any activity card."""

from __future__ import annotations

from django import template

from overture.engines.signposting import Fit
from overture.engines.signposting.labels import AudienceLabel
from overture.season.models import Activity
from overture.signposting.fits import ActivityFit
from overture.signposting.texts import FIT_CLASSES, LABEL_CLASSES, fit_label, label_words

register = template.Library()

register.filter("fit_label", fit_label)


@register.inclusion_tag("signposting/_signposts.html")
def signposts(activity: Activity, fit: ActivityFit | int | None = None) -> dict[str, object]:
    """How the activity fits the person (a filled badge) beside whom the organisation made it
    for (an outlined label), never both saying the same thing.

    No fit is offered on a full or cancelled activity (places held for the waiting list count
    as taken): there is nothing to book.
    """
    label = AudienceLabel(activity.audience_label)
    shown = None
    # A card without a fit (nobody logged in) passes the template's empty string.
    if (
        fit not in (None, "")
        and activity.status != Activity.Status.CANCELLED
        and activity.places_free
    ):
        shown = Fit(getattr(fit, "fit", fit))
    return {
        "fit": shown,
        "fit_class": FIT_CLASSES[shown] if shown is not None else "",
        "label": None if repeats(shown, label) else label_words(label),
        "label_class": LABEL_CLASSES[label],
    }


def repeats(fit: Fit | None, label: AudienceLabel) -> bool:
    """Whether the label only repeats the fit: "Good first step" already says newcomers are
    welcome."""
    return fit is Fit.GOOD_FIRST_STEP and label is AudienceLabel.IDEAL_FIRST_VISIT
