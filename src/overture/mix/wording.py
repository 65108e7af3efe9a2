"""Words for the audience mix from the engines' codes: why someone has no zone, and what is
wrong with an advice rule.

The zoning engine gives each registrant it could not seat an `Unseated` code with its
parameters; a run stores the code and parameters (with the words of the day, for the record),
and pages say them in the reader's language from the code. `check_rule` gives each problem
with a rule as a `Problem` code; the advice-rule form shows it in words against its field.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from overture.engines.mix.advice import Problem
from overture.engines.mix.advice_text import UNCLOSED, UNOPENED
from overture.engines.zoning.problem import ALL_TAKEN, NO_SEATS, PARTY_TOO_LARGE, Unseated

# Said when a confirmed zoning left someone out without a reason (older runs had none).
NO_ROOM = "no_room"


def unseated_words(code: str, params: Mapping[str, object] | None = None) -> str:
    """Why someone has no zone, e.g. "all 40 seats in the zones are taken"."""
    params = params or {}
    if code == PARTY_TOO_LARGE:
        size = int(params.get("size", 0))  # type: ignore[call-overload]
        return ngettext(
            "no room for the whole party of %(size)s together",
            "no room for the whole party of %(size)s together",
            size,
        ) % {"size": f"{size:,}"}
    if code == NO_SEATS:
        return _("no zone has any seats")
    if code == ALL_TAKEN:
        seats = int(params.get("seats", 0))  # type: ignore[call-overload]
        return ngettext(
            "all %(seats)s seats in the zones are taken",
            "all %(seats)s seats in the zones are taken",
            seats,
        ) % {"seats": f"{seats:,}"}
    return _("there was no room left in the zones")


def unseated_record(registration: int, reason: Unseated) -> dict[str, object]:
    """How a run stores one registrant left without a zone."""
    return {
        "registration": registration,
        "code": reason.code,
        "params": dict(reason.params),
        "reason": unseated_words(reason.code, reason.params),
    }


def stored_unseated_words(item: Mapping[str, object]) -> str:
    """The reason a stored run gives, from its code; older runs kept only their words ("" if
    none)."""
    code = item.get("code")
    if isinstance(code, str):
        params = item.get("params")
        return unseated_words(code, params if isinstance(params, Mapping) else None)
    return str(item.get("reason") or "")


# --- what is wrong with an advice rule, for the staff writing it -------------------------

# The form field each part of a rule is shown against (None: the form as a whole).
PROBLEM_FIELDS = {
    "when": "when_figure",
    "and_when": "and_figure",
    "advice": "advice",
    "weight": "weight",
}


def problem_field(problem: Problem) -> str | None:
    """The field of the advice-rule form a problem belongs to (None: the whole form)."""
    return PROBLEM_FIELDS.get(problem.part)


def problem_words(problem: Problem) -> str:
    """What is wrong with a rule, in words, e.g. 'When: "conflit" is not a figure.'."""
    words = _PROBLEMS[problem.code](problem.params)
    if problem.part == "when":
        return _("When: %(problem)s") % {"problem": words}
    if problem.part == "and_when":
        return _("And when: %(problem)s") % {"problem": words}
    return words


def _quoted(value: object) -> str:
    return f'"{value}"'


def _not_a_figure(params: Mapping) -> str:
    words = {"name": _quoted(params["name"]), "suggestion": _quoted(params.get("suggestion"))}
    if params.get("suggestion"):
        return _("%(name)s is not a figure. Did you mean %(suggestion)s?") % words
    return _("%(name)s is not a figure.") % words


def _of_other_scope(params: Mapping) -> str:
    words = {"name": _quoted(params["name"])}
    if params.get("figure_scope") == "season":
        return _("%(name)s is a figure of the season, and this rule is for each activity.") % words
    return _("%(name)s is a figure of each activity, and this rule is for the season.") % words


def _text_of_other_scope(params: Mapping) -> str:
    words = {"figure": "{" + str(params["words"]) + "}"}
    if params.get("figure_scope") == "season":
        return (
            _(
                "In the advice text, %(figure)s is a figure of the season, and this rule is for "
                "each activity."
            )
            % words
        )
    return (
        _(
            "In the advice text, %(figure)s is a figure of each activity, and this rule is for "
            "the season."
        )
        % words
    )


def _no_such_figure(params: Mapping) -> str:
    words = {
        "figure": "{" + str(params["words"]) + "}",
        "suggestion": "{" + str(params.get("suggestion")) + "}",
    }
    if params.get("suggestion"):
        return _("There is no figure called %(figure)s — did you mean %(suggestion)s?") % words
    return _("There is no figure called %(figure)s; the list beside says which exist.") % words


def _brace(params: Mapping, opened: bool) -> str:
    before = str(params.get("before") or "")
    if opened:
        if before:
            return _(
                "The advice text opens a brace after “%(before)s” that is never closed: put "
                "each figure between { and }, e.g. {free buddies}, and write {{ for a brace "
                "itself."
            ) % {"before": before}
        return _(
            "The advice text opens a brace at the start that is never closed: put each figure "
            "between { and }, e.g. {free buddies}, and write {{ for a brace itself."
        )
    if before:
        return _(
            "The advice text closes a brace after “%(before)s” that was never opened: put "
            "each figure between { and }, e.g. {free buddies}, and write }} for a brace "
            "itself."
        ) % {"before": before}
    return _(
        "The advice text closes a brace at the start that was never opened: put each figure "
        "between { and }, e.g. {free buddies}, and write }} for a brace itself."
    )


_PROBLEMS: dict[str, Callable[[Mapping], str]] = {
    "unknown_scope": lambda p: (
        _('The scope must be "activity" or "season", not %(scope)s.')
        % {"scope": _quoted(p["scope"])}
    ),
    "unknown_variable": lambda p: (
        _("%(variable)s is not one of the variables (%(choices)s).")
        % {"variable": _quoted(p["variable"]), "choices": ", ".join(p["choices"])}
    ),
    "weight_out_of_range": lambda p: (
        _("The weight must be a whole number from %(low)s to %(high)s.")
        % {"low": p["low"], "high": p["high"]}
    ),
    "no_condition": lambda p: _("Give at least one condition for the advice to apply."),
    "not_a_figure": _not_a_figure,
    "figure_of_other_scope": _of_other_scope,
    "figure_is_a_name": lambda p: (
        _("%(name)s is a name, not a number to compare.") % {"name": _quoted(p["name"])}
    ),
    "not_a_comparison": lambda p: (
        _("%(comparison)s is not a comparison; use one of %(choices)s.")
        % {"comparison": _quoted(p["comparison"]), "choices": ", ".join(p["choices"])}
    ),
    "value_not_a_number": lambda p: _("the value to compare with must be a number."),
    "no_advice_text": lambda p: _("Write the advice text."),
    UNCLOSED: lambda p: _brace(p, opened=True),
    UNOPENED: lambda p: _brace(p, opened=False),
    "empty_braces": lambda p: _(
        "The advice text has empty braces {}: put a figure name between them, e.g. {free buddies}."
    ),
    "no_such_figure": _no_such_figure,
    "text_figure_of_other_scope": _text_of_other_scope,
}
