"""Words for signposting: reasons, fit badges and audience labels, from the engine's codes.

The engine gives each reason as a code (its situation), the room it is said for and the numbers
the words are made from; this module turns them into text in the active language. The generic
texts are translatable; an organisation's friendly texts per practice are its own data (in
`practice_reasons`, keyed by practice slug; docs/engines/signposting.md, "Reason texts") and are
used as written, with the same placeholders filled in translated words. Levels are always
said in the level words of `overture.season.wording`.

Placeholders, in generic and own texts alike: {practice}, {level}, {required},
{required_words}, {strictness}, {suggested_format}.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from overture.engines.checks import text_sequence
from overture.engines.signposting import Fit, Reason, SignpostingError
from overture.engines.signposting.labels import AudienceLabel
from overture.engines.signposting.reasons import (
    DONE_BEFORE,
    NEW_CAREFUL,
    NEW_OPEN,
    NEW_RELAXED,
    PREPARE,
    RELAXED,
    STEP_UP,
    UNKNOWN_GAP,
    UNKNOWN_OPEN,
)
from overture.season.wording import (
    LEVEL_NAMES,
    REQUIRED_LEVEL_WORDS,
    REQUIRED_WORDS,
    level_name,
)

from .practice_reasons import REASON_TEMPLATES

FIT_CLASSES = {
    Fit.PREPARE_FIRST: "fit-prepare",
    Fit.STRETCH: "fit-stretch",
    Fit.GOOD_FIRST_STEP: "fit-first-step",
    Fit.RIGHT_FOR_YOU: "fit-right",
}
FIT_LABELS: dict[Fit, Promise] = {
    Fit.PREPARE_FIRST: pgettext_lazy("fit", "Prepare first"),
    Fit.STRETCH: pgettext_lazy("fit", "A stretch"),
    Fit.GOOD_FIRST_STEP: pgettext_lazy("fit", "Good first step"),
    Fit.RIGHT_FOR_YOU: pgettext_lazy("fit", "Right for you"),
}
LABEL_CLASSES = {
    AudienceLabel.IDEAL_FIRST_VISIT: "label-ideal",
    AudienceLabel.SOME_EXPERIENCE_HELPS: "label-some",
    AudienceLabel.FOR_EXPERIENCED: "label-experienced",
}

# The generic reasons, led by the practice's name.
GENERIC_TEMPLATES: dict[str, Promise] = {
    PREPARE: pgettext_lazy(
        "reason",
        "{practice}: asks for some experience ({required} level); you're at {level} level "
        "— try {suggested_format} first",
    ),
    UNKNOWN_GAP: pgettext_lazy(
        "reason",
        "{practice}: we don't know yet whether you've done this, and it asks for {required} "
        "level — answer the self-assessment to see whether it fits",
    ),
    STEP_UP: pgettext_lazy(
        "reason",
        "{practice}: one step beyond what you've done so far, and this activity is relaxed "
        "about it — a good way to grow",
    ),
    NEW_RELAXED: pgettext_lazy(
        "reason",
        "{practice}: new to you, and this activity is relaxed about it — a good way to start",
    ),
    UNKNOWN_OPEN: pgettext_lazy(
        "reason", "{practice}: we don't know yet whether you've done this — {required_words}"
    ),
    NEW_CAREFUL: pgettext_lazy(
        "reason",
        "{practice}: new to you and no experience is needed, but {strictness} — read how "
        "it's done before you come",
    ),
    NEW_OPEN: pgettext_lazy(
        "reason", "{practice}: new to you, and no experience is needed — a good way to start"
    ),
    DONE_BEFORE: pgettext_lazy("reason", "{practice}: you've done this before"),
}
# The same reasons under the practice's name, as the pages show them.
GENERIC_UNDER_PRACTICE: dict[str, Promise] = {
    PREPARE: pgettext_lazy(
        "reason under its practice",
        "Asks for some experience ({required} level); you're at {level} level — try "
        "{suggested_format} first",
    ),
    UNKNOWN_GAP: pgettext_lazy(
        "reason under its practice",
        "We don't know yet whether you've done this, and it asks for {required} level — "
        "answer the self-assessment to see whether it fits",
    ),
    STEP_UP: pgettext_lazy(
        "reason under its practice",
        "One step beyond what you've done so far, and this activity is relaxed about it — a "
        "good way to grow",
    ),
    NEW_RELAXED: pgettext_lazy(
        "reason under its practice",
        "New to you, and this activity is relaxed about it — a good way to start",
    ),
    UNKNOWN_OPEN: pgettext_lazy(
        "reason under its practice",
        "We don't know yet whether you've done this — {required_words}",
    ),
    NEW_CAREFUL: pgettext_lazy(
        "reason under its practice",
        "New to you and no experience is needed, but {strictness} — read how it's done "
        "before you come",
    ),
    NEW_OPEN: pgettext_lazy(
        "reason under its practice",
        "New to you, and no experience is needed — a good way to start",
    ),
    DONE_BEFORE: pgettext_lazy("reason under its practice", "You've done this before"),
}
# A careful situation in a relaxed activity is worded as one with nothing to watch out for.
for _texts in (GENERIC_TEMPLATES, GENERIC_UNDER_PRACTICE):
    _texts[f"{NEW_CAREFUL}@{RELAXED}"] = _texts[NEW_OPEN]

# How strict the room is, inside a reason, per strictness band.
REASON_STRICTNESS: tuple[Promise, ...] = (
    pgettext_lazy("strictness, in a reason", "this activity is relaxed about it"),
    pgettext_lazy("strictness, in a reason", "some care is expected"),
    pgettext_lazy("strictness, in a reason", "the room expects this to be followed closely"),
)


class _Placeholders(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


@dataclass(frozen=True)
class ReasonTexts:
    """Names and optional friendly texts for the practices (the engine's columns).

    `templates[practice][situation]` overrides the generic text; `practice` is the column
    index or the practice's name. `format_labels` names each format code ("Open rehearsal")
    for suggestions such as "try an open rehearsal first". A key "situation@relaxed" or
    "situation@careful" holds a text for that room only; a room's text falls back to the
    plain situation's, never to the other room's. `generic` replaces the generic texts.
    """

    practices: Sequence[str]
    templates: Mapping[int | str, Mapping[str, str]] = field(default_factory=dict)
    format_labels: Mapping[int, str] = field(default_factory=dict)
    generic: Mapping[str, str | Promise] = field(default_factory=lambda: GENERIC_TEMPLATES)

    def __post_init__(self) -> None:
        names = text_sequence("practices", self.practices, SignpostingError)
        if None in names:
            raise SignpostingError("practices must name every practice (no None)")

    def template(self, practice: int, situation: str, room: str | None = None) -> str:
        """The text for `situation` in `room`: the practice's own, else the generic one."""
        own = self.templates.get(practice) or self.templates.get(self.practices[practice]) or {}
        keys = ([f"{situation}@{room}"] if room else []) + [situation]
        for texts in (own, self.generic, GENERIC_TEMPLATES):
            for key in keys:
                if texts.get(key):
                    return str(texts[key])
        return str(GENERIC_TEMPLATES[situation])

    def text(self, reason: Reason) -> str:
        """The reason in words, in the active language."""
        params = reason.params
        required = int(params["required"])  # type: ignore[call-overload]
        values = _Placeholders(
            practice=self.practices[reason.practice],
            level=level_name(params["level"]),
            required=str(LEVEL_NAMES[required]),
            required_words=str(REQUIRED_WORDS[required]),
            strictness=str(REASON_STRICTNESS[int(params["strictness"])]),  # type: ignore[call-overload]
        )
        if "suggested_format" in params:
            values["suggested_format"] = self.format_words(params["suggested_format"])
        return self.template(reason.practice, reason.situation, reason.room).format_map(values)

    def format_words(self, code: object) -> str:
        """A format to try first, with its article ("an open rehearsal")."""
        label = self.format_labels.get(code) if isinstance(code, int) else None
        if not label:
            return _("a more relaxed activity")
        label = str(label).lower()
        if label[:1] in "aeiou":
            return _("an {format}").format(format=label)
        return _("a {format}").format(format=label)


def reason_texts(
    names: Sequence[str], slugs: Sequence[str], format_labels: Mapping[int, str]
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


def fit_label(fit: int) -> str:
    """The fit badge's words, e.g. "Good first step"."""
    return str(FIT_LABELS[Fit(fit)])


def label_words(label: int) -> str:
    """The audience label in the level words, the same on every card and in the filter."""
    return str(REQUIRED_LEVEL_WORDS[AudienceLabel(label).value])
