"""What every organisation starts with: value dimensions as statements, and practical themes."""

from __future__ import annotations

from typing import Any

from overture.engines.text_coding.seeds import (
    DEFAULT_THEME_LABELS,
    DEFAULT_THEME_SEEDS,
    DEFAULT_VALUE_LABELS,
)
from overture.organisations.models import Organisation

from .models import Theme, ValueDimension

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


def ensure_default_themes(organisation: Organisation) -> int:
    """Create the default themes the organisation lacks (never changes edited ones)."""
    existing = set(Theme.objects.filter(organisation=organisation).values_list("key", flat=True))
    missing = [
        Theme(
            organisation=organisation,
            key=code.removeprefix("theme:"),
            label=label,
            seed_words=", ".join(DEFAULT_THEME_SEEDS[code]),
            position=i,
        )
        for i, (code, label) in enumerate(DEFAULT_THEME_LABELS.items())
        if code.removeprefix("theme:") not in existing
    ]
    Theme.objects.bulk_create(missing, ignore_conflicts=True)
    return len(missing)


def give_default_dimensions(
    sender: type, instance: Organisation, created: bool, raw: bool = False, **kwargs: Any
) -> None:
    """post_save of Organisation: a new organisation starts with the default dimensions
    and themes."""
    if created and not raw:
        ensure_default_dimensions(instance)
        ensure_default_themes(instance)
