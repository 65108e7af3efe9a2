"""Words for signposting: friendly reasons per practice, and the audience labels' words.

The friendly texts live in `practice_reasons`, keyed by practice slug; any practice whose
slug has none (every practice of other organisations, for now) gets the engine's
generic texts (docs/engines/signposting.md, "Reason texts"). Levels are always said in the
level words of `overture.engines.levels`.
"""

from __future__ import annotations

from collections.abc import Sequence

from overture.engines.signposting import GENERIC_TEMPLATES, Fit, ReasonTexts
from overture.engines.signposting.labels import AudienceLabel

from .practice_reasons import REASON_TEMPLATES

FIT_CLASSES = {
    Fit.PREPARE_FIRST: "fit-prepare",
    Fit.STRETCH: "fit-stretch",
    Fit.GOOD_FIRST_STEP: "fit-first-step",
    Fit.RIGHT_FOR_YOU: "fit-right",
}
LABEL_CLASSES = {
    AudienceLabel.IDEAL_FIRST_VISIT: "label-ideal",
    AudienceLabel.SOME_EXPERIENCE_HELPS: "label-some",
    AudienceLabel.FOR_EXPERIENCED: "label-experienced",
}


def _standalone(template: str) -> str:
    text = template.removeprefix("{practice}: ")
    return text[:1].upper() + text[1:]


# The pages show each reason under its practice's name, so the generic texts leave it out.
GENERIC_UNDER_PRACTICE = {situation: _standalone(t) for situation, t in GENERIC_TEMPLATES.items()}


def reason_texts(
    names: Sequence[str], slugs: Sequence[str], format_labels: dict[int, str]
) -> ReasonTexts:
    """ReasonTexts for practices given as parallel names and slugs (the engine's columns)."""
    templates = {
        column: REASON_TEMPLATES[slug]
        for column, slug in enumerate(slugs)
        if slug in REASON_TEMPLATES
    }
    return ReasonTexts(
        list(names),
        templates=templates,
        format_labels=format_labels,
        generic=GENERIC_UNDER_PRACTICE,
    )


def label_words(label: int) -> str:
    """The audience label in the level words, the same on every card and in the filter."""
    return AudienceLabel(label).words()
