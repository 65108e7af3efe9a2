"""Words for signposting: friendly reasons per practice, and who does each practice.

The friendly texts live with the demo's practice data, keyed by practice slug; any practice
whose slug has none (every practice of other organisations, for now) gets the engine's
generic texts and the words "participants" (docs/engines/signposting.md, "Reason texts").
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from overture.demo.practices import PEOPLE, REASON_TEMPLATES
from overture.engines.labels import AudienceLabel, hardest_practice
from overture.engines.signposting import GENERIC_TEMPLATES, Fit, ReasonTexts

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


def people_of(slug: str) -> str | None:
    """Who does the practice, e.g. "singers"; None when we have no word for it."""
    return PEOPLE.get(slug)


def label_words(label: int, requirements: Sequence[tuple[int, float, str]]) -> str:
    """The audience label in words; "For experienced …" names the hardest practice's people.

    `requirements` holds (required level, strictness, practice slug) of the activity.
    """
    code = AudienceLabel(label)
    if code is not AudienceLabel.FOR_EXPERIENCED or not requirements:
        return code.words()
    levels = np.array([[level for level, _, _ in requirements]])
    strictness = np.array([[strict for _, strict, _ in requirements]])
    hardest = int(hardest_practice(levels, strictness)[0])
    return code.words(people_of(requirements[hardest][2]))
