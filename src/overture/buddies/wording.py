"""Buddy matching's reasons in words, from the engine's codes (`engines.buddies.reasons`).

Why a pair was proposed and why a request found no buddy are said here, in the active
language: the engine gives a code and its parameters (languages as codes, practices by name),
pairs and requests store them (`stored`), and pages say them when shown (`stored_words`).
Reasons stored as words by older runs are shown as they are.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from overture.engines.buddies import reasons as codes
from overture.engines.buddies.reasons import Reason

from .languages import language_name

__all__ = [
    "CHOSEN_BY_STAFF",
    "reason_words",
    "reasons_words",
    "stored",
    "stored_text",
    "stored_words",
]

# The first reason of a pair whose buddy staff chose (the app's own code).
CHOSEN_BY_STAFF = Reason("chosen_by_staff")


def stored(reason: Reason) -> dict[str, object]:
    """A reason as a pair stores it in JSON."""
    return {"code": reason.code, "params": dict(reason.params)}


def stored_text(reason: Reason | None) -> str:
    """A reason as one text, the same for the same code and parameters ("" for none)."""
    return "" if reason is None else json.dumps(stored(reason), sort_keys=True)


def stored_words(value: object) -> str:
    """A stored reason (a dict, its text, or the words of an older run) in words."""
    if isinstance(value, str):
        if not value.startswith("{"):
            return value
        try:
            value = json.loads(value)
        except ValueError:
            return value
    if isinstance(value, Mapping) and isinstance(value.get("code"), str):
        params = value.get("params")
        return reason_words(Reason(value["code"], params if isinstance(params, Mapping) else {}))
    return str(value)


def reasons_words(reasons: Sequence[Reason], names: Callable[[str], str] = language_name):
    """Each reason in words, in order."""
    return tuple(reason_words(reason, names) for reason in reasons)


def reason_words(reason: Reason, names: Callable[[str], str] = language_name) -> str:
    """One reason in words; `names` names a language from its code ("pl" → "Polish")."""
    params = reason.params
    say = _PAIR.get(reason.code) or _UNMATCHED.get(reason.code)
    if say is None:
        return reason.code
    return say(params, names)


def _level_gap(params: Mapping, _names) -> str:
    gap, practice = int(params["gap"]), params["practice"]
    if gap <= 0:
        return _("Not ahead of you in %(practice)s") % {"practice": practice}
    words = {"practice": practice, "count": _count_word(gap)}
    return (
        ngettext(
            "%(count)s level above you in %(practice)s",
            "%(count)s levels above you in %(practice)s",
            gap,
        )
        % words
    )


def _count_word(count: int) -> str:
    """ "One", "Two", "Three", then figures."""
    words = {1: _("One"), 2: _("Two"), 3: _("Three")}
    return words.get(count, str(count))


def _shared(params: Mapping, _names) -> str:
    count = int(params["count"])
    if count == 1:
        return _("Goes to one of your activities")
    return ngettext(
        "Goes to %(count)s of your activities", "Goes to %(count)s of your activities", count
    ) % {"count": count}


def _also_helps(params: Mapping, _names) -> str:
    count = int(params["count"])
    if count == 1:
        return _("Also helps one other newcomer")
    return ngettext(
        "Also helps %(count)s other newcomers", "Also helps %(count)s other newcomers", count
    ) % {"count": count}


_PAIR: dict[str, Callable[[Mapping, Callable[[str], str]], str]] = {
    CHOSEN_BY_STAFF.code: lambda p, n: _("Chosen by staff"),
    codes.ALREADY_AGREED: lambda p, n: _("Already agreed"),
    codes.PAIRED_BEFORE: lambda p, n: _("You were paired before"),
    codes.LEVEL_GAP: _level_gap,
    codes.SAME_ACTIVITY: lambda p, n: _("Also goes to this activity"),
    codes.SHARED_ACTIVITIES: _shared,
    codes.NO_SHARED_ACTIVITY: lambda p, n: _("Goes to none of your activities"),
    codes.SPEAKS: lambda p, n: _("Speaks %(language)s") % {"language": n(p["language"])},
    codes.VETTED: lambda p, n: _("Vetted to accompany under-18s"),
    codes.ALSO_HELPS: _also_helps,
}


def _subject(params: Mapping, names) -> str:
    """Who there is none of, qualified by the earlier rules that mattered."""
    language = params.get("language") if params.get("rule") != "language" else None
    vetted, at_activity = bool(params.get("vetted")), bool(params.get("at_activity"))
    if language:
        words = {"language": names(language)}
        if vetted and at_activity:
            return _("No vetted buddy at this activity who speaks %(language)s") % words
        if vetted:
            return _("No vetted buddy who speaks %(language)s") % words
        if at_activity:
            return _("No buddy at this activity who speaks %(language)s") % words
        return _("No buddy who speaks %(language)s") % words
    if vetted and at_activity:
        return _("No vetted buddy at this activity")
    if vetted:
        return _("No vetted buddy")
    if at_activity:
        return _("No buddy at this activity")
    return _("No buddy")


def _predicate(params: Mapping, names) -> str:
    """The rule that left nobody."""
    rule, practices = params.get("rule"), list(params.get("practices") or ())
    if rule == "activity":
        return _("goes to this activity")
    if rule == "language":
        return _("speaks %(language)s") % {"language": names(str(params.get("language")))}
    if rule == "vetted":
        return _("is vetted to accompany under-18s")
    if rule == "helps":
        return _("helps with %(practice)s") % {"practice": practices[0]}
    if len(practices) == 1:
        return _("is far enough ahead in %(practice)s") % {"practice": practices[0]}
    if len(practices) == 2:
        return _("is far enough ahead in both %(first)s and %(second)s") % {
            "first": practices[0],
            "second": practices[1],
        }
    return _("is far enough ahead in all of %(some)s and %(last)s") % {
        "some": ", ".join(practices[:-1]),
        "last": practices[-1],
    }


def _no_buddy(params: Mapping, names) -> str:
    return _("%(nobody)s %(rule)s") % {
        "nobody": _subject(params, names),
        "rule": _predicate(params, names),
    }


_UNMATCHED: dict[str, Callable[[Mapping, Callable[[str], str]], str]] = {
    codes.ALL_FULL_FOR_ACTIVITY: lambda p, n: _("All suitable buddies for this activity are full"),
    codes.ALL_FULL: lambda p, n: _("All suitable buddies are full"),
    codes.NO_BUDDIES: lambda p, n: _("No buddies have volunteered yet"),
    codes.NO_BUDDY_MEETS_EVERY_RULE: lambda p, n: _("No buddy meets every rule"),
    codes.NO_BUDDY: _no_buddy,
}
