"""What each staff role may do: the role matrix, in one place.

Every staff view names the action it needs (see `access.role_required`); templates read the
same matrix through `can` to show only the buttons a person may use. docs/operations.md
prints the matrix for people.
"""

from __future__ import annotations

from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from .models import Membership

Role = Membership.Role

__all__ = ["ACTION_WORDS", "ROLE_ACTIONS", "Action", "allowed", "can"]


class Action(StrEnum):
    """Kinds of staff work, from reading figures to managing the organisation."""

    SEE_FIGURES = "see_figures"
    SEE_PEOPLE = "see_people"
    PREPARE = "prepare"
    CHECK_IN = "check_in"
    DECIDE = "decide"
    EXPORT = "export"
    MANAGE = "manage"


# What each action covers, in the words the refusal page and the docs use.
ACTION_WORDS = {
    Action.SEE_FIGURES: _("see the season, its figures and charts"),
    Action.SEE_PEOPLE: _("see who is taking part: registrants, buddies and written answers"),
    Action.PREPARE: _(
        "prepare the season: edit practices, activities and surveys, work out buddy pairs "
        "and zones, review coded answers"
    ),
    Action.CHECK_IN: _("check people in at the door"),
    Action.DECIDE: _(
        "decide what participants see: publish or cancel activities, publish buddy pairs, "
        "vet buddies, confirm zones, retrain the coder"
    ),
    Action.EXPORT: _("download exports with people's answers"),
    Action.MANAGE: _(
        "manage the organisation: members and their roles, advice rules, value statements"
    ),
}

ROLE_ACTIONS: dict[str, frozenset[Action]] = {
    Role.VIEWER: frozenset({Action.SEE_FIGURES}),
    Role.STAFF: frozenset({Action.SEE_FIGURES, Action.SEE_PEOPLE, Action.PREPARE, Action.CHECK_IN}),
    Role.ADMIN: frozenset(Action),
}


def allowed(role: str | None, action: Action) -> bool:
    """Whether someone holding `role` (None: no role here) may do `action`."""
    return role is not None and action in ROLE_ACTIONS.get(role, frozenset())


def can(role: str | None) -> dict[str, bool]:
    """Action name → allowed, for templates: `{% if can.decide %}`."""
    return {action.value: allowed(role, action) for action in Action}
