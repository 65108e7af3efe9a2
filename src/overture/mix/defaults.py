"""The advice rules every organisation starts with; staff change them in the admin.

Each rule ties a concrete action to one of the four variables, with the figures behind it
in its text, named by their words (`overture.engines.mix.advice.FIGURES`, "newcomer share" for
`newcomer_share`). A text that names a text figure, such as {relaxed zone}, is only shown
when that figure has a value: the engine skips a rule whose text cannot be filled, so the
zone advice comes in two rules, one for an activity with zones (naming its relaxed zone)
and one for a room without any.

The data migration mix/0002 holds its own copy of these rules, as they were when it was
made (in the format-field form that mix/0004 turns into this plain one); a test says when
the two differ.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import models

ACTIVITY, SEASON = "activity", "season"
RIGIDITY = "role_rigidity"
CONFLICT = "heterogeneity_conflict"
ACCESS = "participation_access"
SIGNPOSTING = "signposting"


@dataclass(frozen=True)
class DefaultRule:
    """One default rule: when `when` (and `and_when`) hold, advise `advice`."""

    name: str
    variable: str
    scope: str
    when: tuple[str, str, float]
    advice: str
    weight: int
    and_when: tuple[str, str, float] | None = None

    def fields(self) -> dict[str, Any]:
        """The AdviceRule field values of this rule."""
        figure, comparison, value = self.when
        and_figure, and_comparison, and_value = self.and_when or ("", "", None)
        return {
            "name": self.name,
            "variable": self.variable,
            "scope": self.scope,
            "when_figure": figure,
            "when_comparison": comparison,
            "when_value": value,
            "and_figure": and_figure,
            "and_comparison": and_comparison,
            "and_value": and_value,
            "advice": self.advice,
            "weight": self.weight,
            "active": True,
        }


DEFAULT_RULES: tuple[DefaultRule, ...] = (
    # ---- Each activity ----
    DefaultRule(
        name="Guide newcomers in a strict practice",
        variable=RIGIDITY,
        scope=ACTIVITY,
        when=("newcomer_share", ">=", 0.4),
        and_when=("strictness", ">=", 0.7),
        advice="{newcomer share} of registrants ({newcomers}) are new to {strict practice}, "
        "which is kept strictly here ({strictness}): add a 15-minute guide before the "
        "start that opens up the score — what to do, when to applaud and why it matters — "
        "and send the same in a few lines with their reminder.",
        weight=8,
    ),
    DefaultRule(
        name="Prepare registrants for a rigid activity",
        variable=RIGIDITY,
        scope=ACTIVITY,
        when=("rigidity", ">=", 0.6),
        and_when=("prepare_share", ">=", 0.25),
        advice="Role rigidity is {rigidity} and {prepare share} of registrants were told "
        "to prepare first or that it will be a stretch: send them a short preparation note a "
        "week before, and brief front of house to coach newcomers rather than correct them.",
        weight=6,
    ),
    DefaultRule(
        name="Seat newcomers in the relaxed zone",
        variable=CONFLICT,
        scope=ACTIVITY,
        when=("newcomer_share", ">=", 0.3),
        and_when=("zones", ">=", 1),
        advice="{newcomer share} of registrants ({newcomers}) are new to "
        "{strict practice}: tell them about the {relaxed zone} zone, where the norms are "
        "relaxed, and run zoning so that they can sit there rather than among those who keep "
        "to the norms.",
        weight=7,
    ),
    DefaultRule(
        name="Set up zones in a mixed room",
        variable=CONFLICT,
        scope=ACTIVITY,
        when=("conflict", ">=", 0.4),
        and_when=("zones", "<", 1),
        advice="Expected conflict is {conflict} with all {registrants} registrants in one "
        "room under the same norms: set up a relaxed zone, where moving and talking are "
        "welcome, beside a traditional one, then run zoning to seat people by level and "
        "preference.",
        weight=8,
    ),
    DefaultRule(
        name="Offer a relaxed session",
        variable=CONFLICT,
        scope=ACTIVITY,
        when=("split_reduction", ">=", 0.15),
        and_when=("conflict", ">=", 0.3),
        advice="A relaxed session and a traditional one would lower expected conflict by "
        "{split reduction} (from {conflict}): consider a relaxed repeat or an open "
        "rehearsal for those who would like to move and talk.",
        weight=5,
    ),
    DefaultRule(
        name="Find buddies for the newcomers",
        variable=ACCESS,
        scope=ACTIVITY,
        when=("access", "<", 0.5),
        and_when=("newcomers", ">=", 5),
        advice="Buddies at this activity can take {buddy places} of the {newcomers} newcomers "
        "to {strict practice} (access {access}): invite regulars and experts who booked "
        "to volunteer as buddies for it.",
        weight=8,
    ),
    DefaultRule(
        name="Match the open buddy requests",
        variable=ACCESS,
        scope=ACTIVITY,
        when=("unmatched_requests", ">=", 1),
        and_when=("free_buddies", ">=", 1),
        advice="Open buddy requests for this activity: {unmatched requests}; buddies coming "
        "with room left: {free buddies}. Run matching for this activity so that they meet "
        "before the start.",
        weight=6,
    ),
    DefaultRule(
        name="Ask experts to help newcomers",
        variable=ACCESS,
        scope=ACTIVITY,
        when=("expert_share", ">=", 0.25),
        and_when=("access", "<", 0.8),
        advice="{expert share} of registrants are experts in {strict practice} while the "
        "buddies coming can take only {access} of the newcomers: ask the experts who "
        "booked whether they would be a buddy for this one activity.",
        weight=5,
    ),
    DefaultRule(
        name="Signpost those who should prepare",
        variable=SIGNPOSTING,
        scope=ACTIVITY,
        when=("clarity", "<", 0.5),
        and_when=("days_to_go", ">=", 3),
        advice="Only {clarity} of registrants were told this activity suits them, and "
        "{prepare share} should prepare first or will find it a stretch: with "
        "{days to go} days to go, send them the score of {strict practice} and suggest a good "
        "first step before it.",
        weight=6,
    ),
    DefaultRule(
        name="Signpost a welcoming activity to newcomers",
        variable=SIGNPOSTING,
        scope=ACTIVITY,
        when=("fill", "<", 0.5),
        and_when=("rigidity", "<=", 0.2),
        advice="Only {fill} of the {capacity} places are taken and role rigidity is low "
        "({rigidity}): signpost it as a good first step to newcomers, and to those who "
        "were told to prepare first for more demanding activities.",
        weight=4,
    ),
    # ---- The season ----
    DefaultRule(
        name="Zone the high-conflict activities",
        variable=CONFLICT,
        scope=SEASON,
        when=("unzoned_high_conflict", ">=", 1),
        advice="Upcoming activities with high expected conflict (0.4 or more) but no zones: "
        "{unzoned high conflict} of {high conflict activities}. Give each a relaxed and a "
        "traditional zone and run zoning, the soonest first.",
        weight=8,
    ),
    DefaultRule(
        name="Offer more first visits",
        variable=RIGIDITY,
        scope=SEASON,
        when=("first_visit_share", "<", 0.25),
        and_when=("rigid_share", ">=", 0.4),
        advice="Only {first visit share} of upcoming activities ({activities} in all) are "
        "an ideal first visit, and {rigid share} are rigid (rigidity 0.5 or more): add "
        "relaxed performances, open rehearsals or come-and-sings, or a guide before the rigid "
        "ones.",
        weight=7,
    ),
    DefaultRule(
        name="Recruit buddies for the season",
        variable=ACCESS,
        scope=SEASON,
        when=("low_access_activities", ">=", 3),
        and_when=("mean_access", "<", 0.7),
        advice="At {low access activities} upcoming activities the buddies can take fewer than "
        "half of the newcomers (mean access {mean access}): invite regulars and experts to "
        "volunteer as buddies, starting with those activities.",
        weight=7,
    ),
    DefaultRule(
        name="Signpost the season more clearly",
        variable=SIGNPOSTING,
        scope=SEASON,
        when=("mean_clarity", "<", 0.6),
        advice="On average only {mean clarity} of registrants booked an activity that "
        "signposting calls right for them or a good first step: feature the good first steps "
        "on the season page and in For you, and ask participants to complete their "
        "self-assessment.",
        weight=6,
    ),
)


def add_default_rules(
    rule_model: type[models.Model], organisation_id: int, using: str | None = None
) -> None:
    """Create the default rules for an organisation that has no rules yet.

    An organisation with rules of its own is left alone, so rules staff removed do not come
    back. Works with the live model and with the historical one of a migration; a rule whose
    name was taken meanwhile is skipped.
    """
    manager = rule_model._default_manager.db_manager(using)
    if manager.filter(organisation_id=organisation_id).exists():
        return
    manager.bulk_create(
        [rule_model(organisation_id=organisation_id, **rule.fields()) for rule in DEFAULT_RULES],
        ignore_conflicts=True,
    )


def ensure_default_rules(organisation: models.Model) -> None:
    """Give the organisation the default advice rules unless it has rules (idempotent)."""
    from .models import AdviceRule

    add_default_rules(AdviceRule, organisation.pk)


def give_new_organisation_default_rules(
    sender: type[models.Model], instance: models.Model, created: bool, raw: bool = False, **kwargs
) -> None:
    """On a new organisation (post_save), create its default advice rules; fixtures excepted."""
    if created and not raw:
        ensure_default_rules(instance)
