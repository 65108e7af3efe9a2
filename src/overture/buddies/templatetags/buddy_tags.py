"""Template helpers for the buddy pages."""

from __future__ import annotations

from django import template

from overture.audience.models import Participant
from overture.buddies import models

register = template.Library()


@register.filter
def first_name(participant: Participant) -> str:
    """What the other side of a pair sees of a participant's name."""
    return models.first_name(participant)
