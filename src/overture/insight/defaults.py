"""The value-experience dimensions every organisation starts with, as statements to agree with."""

from __future__ import annotations

from typing import Any

from overture.engines.text_coding_seeds import DEFAULT_VALUE_LABELS
from overture.organisations.models import Organisation

from .models import ValueDimension

# key (without the "value:" prefix of the code book) → first-person statement, in survey order.
DEFAULT_STATEMENTS: dict[str, str] = {
    "absorption": "I was completely absorbed.",
    "emotional-response": "It moved me.",
    "aesthetic-enjoyment": "I enjoyed the art itself.",
    "understanding": "I understood what was going on.",
    "discovery": "I discovered something new.",
    "feeling-welcome": "I felt welcome.",
    "knowing-what-to-do": "I knew what to do and when.",
    "belonging": "I felt I belonged here.",
    "connection-with-others": "I felt connected with the people around me.",
    "contribution": "I felt I contributed something.",
    "competence": "I felt able to take part well.",
    "relaxation": "I could relax and forget everyday worries.",
    "inspiration-to-come-back": "I want to come back.",
}

DEFAULT_DIMENSIONS: tuple[tuple[str, str, str], ...] = tuple(
    (key, DEFAULT_VALUE_LABELS[f"value:{key}"], statement)
    for key, statement in DEFAULT_STATEMENTS.items()
)


def ensure_default_dimensions(organisation: Organisation) -> int:
    """Create the default dimensions the organisation lacks (never changes edited ones)."""
    existing = set(
        ValueDimension.objects.filter(organisation=organisation).values_list("key", flat=True)
    )
    missing = [
        ValueDimension(
            organisation=organisation, key=key, label=label, statement=statement, position=i
        )
        for i, (key, label, statement) in enumerate(DEFAULT_DIMENSIONS)
        if key not in existing
    ]
    ValueDimension.objects.bulk_create(missing, ignore_conflicts=True)
    return len(missing)


def give_default_dimensions(
    sender: type, instance: Organisation, created: bool, raw: bool = False, **kwargs: Any
) -> None:
    """post_save of Organisation: a new organisation starts with the default dimensions."""
    if created and not raw:
        ensure_default_dimensions(instance)
