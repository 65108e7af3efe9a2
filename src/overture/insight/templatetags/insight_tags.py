"""Template helpers that bring the value-experience survey to participants' own pages."""

from __future__ import annotations

from django import template
from django.core.paginator import Page
from django.utils import timezone

from overture.insight.models import Survey
from overture.insight.services import respondent_key

register = template.Library()


@register.simple_tag
def attach_open_surveys(registrations: Page | list) -> str:
    """Give each registration `open_survey_token`: the token of its activity's open survey
    (after) that the participant has not answered yet, else None; one query for the page."""
    rows = list(registrations)
    if not rows:
        return ""
    now = timezone.now()
    tokens = dict(
        Survey.objects.filter(
            activity_id__in=[r.activity_id for r in rows],
            moment=Survey.Moment.AFTER,
            opens_at__lte=now,
            closes_at__gt=now,
        )
        .exclude(responses__participant_id=rows[0].participant_id)
        .exclude(responses__respondent=respondent_key(rows[0].participant))
        .values_list("activity_id", "token")
    )
    for registration in rows:
        registration.open_survey_token = tokens.get(registration.activity_id)
    return ""
