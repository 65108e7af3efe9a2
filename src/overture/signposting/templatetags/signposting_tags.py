"""Template helpers for signposting: audience labels and fit badges on any activity card."""

from __future__ import annotations

from django import template
from django.utils.html import format_html

from overture.engines.labels import AudienceLabel
from overture.engines.signposting import Fit
from overture.season.models import Activity
from overture.signposting.texts import FIT_CLASSES, LABEL_CLASSES, label_words

register = template.Library()


@register.simple_tag
def audience_label_badge(activity: Activity) -> str:
    """The activity's audience label as a badge, in the same words as the season's filter."""
    label = AudienceLabel(activity.audience_label)
    return format_html('<span class="badge {}">{}</span>', LABEL_CLASSES[label], label_words(label))


@register.filter
def fit_class(fit: int) -> str:
    """The CSS class of a fit badge."""
    return FIT_CLASSES[Fit(fit)]
