"""Why a pair was proposed, why a request is unmatched: reasons as codes with parameters.

A pair's reasons restate the rules it satisfies and the soft terms of its cost. An unmatched
request either had candidates that were all taken — in a maximum matching every candidate
of an unmatched request is full — or had none; then the hard rules are applied in a fixed
order (activity, language, safeguarding, each practice asked, the practices together) and
the first one that leaves nobody is named, qualified by the earlier rules that mattered
(`NO_BUDDY` with `rule`, `vetted`, `at_activity` and `language`), which the buddies app says
as "No buddy at this activity who speaks Polish is far enough ahead in Singing in a choir".
Languages travel as their codes and practices as the names given; the words are the apps'.
See docs/engines/buddies.md ("Reasons").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import NamedTuple

import numpy as np

from overture.engines.buddies.candidates import Encoded, PairTerms

__all__ = [
    "ALL_FULL",
    "ALL_FULL_FOR_ACTIVITY",
    "NO_BUDDIES",
    "NO_BUDDY",
    "Reason",
    "level_gaps",
    "pair_reasons",
    "unmatched_reasons",
]


class Reason(NamedTuple):
    """One reason: a code and the parameters its words need (see the codes below)."""

    code: str
    params: Mapping[str, object] = {}


# Why a pair: codes, with their parameters.
ALREADY_AGREED = "already_agreed"
PAIRED_BEFORE = "paired_before"
LEVEL_GAP = "level_gap"  # gap: levels the buddy is ahead (0 or less: not ahead), practice
SAME_ACTIVITY = "same_activity"
SHARED_ACTIVITIES = "shared_activities"  # count: of the newcomer's activities the buddy goes to
NO_SHARED_ACTIVITY = "no_shared_activity"
SPEAKS = "speaks"  # language: its code
VETTED = "vetted"
ALSO_HELPS = "also_helps"  # count: other newcomers the buddy accompanies

# Why no buddy.
ALL_FULL_FOR_ACTIVITY = "all_full_for_activity"
ALL_FULL = "all_full"
NO_BUDDIES = "no_buddies"
NO_BUDDY_MEETS_EVERY_RULE = "no_buddy_meets_every_rule"
# rule: the first rule that leaves nobody ("activity", "language", "vetted", "helps", "ahead");
# practices: the practices it is about; vetted, at_activity: whether those earlier rules
# mattered; language: the code, when the language mattered or is the rule.
NO_BUDDY = "no_buddy"

_FIXED = {
    code: Reason(code)
    for code in (
        ALREADY_AGREED,
        PAIRED_BEFORE,
        SAME_ACTIVITY,
        NO_SHARED_ACTIVITY,
        VETTED,
        ALL_FULL_FOR_ACTIVITY,
        ALL_FULL,
        NO_BUDDIES,
        NO_BUDDY_MEETS_EVERY_RULE,
    )
}


def level_gaps(enc: Encoded, request: np.ndarray, buddy: np.ndarray) -> np.ndarray:
    """(K, P) levels the buddy is ahead of the request, per practice asked; NaN elsewhere.

    An unknown request level counts as newcomer; an unknown buddy level gives NaN.
    """
    asked = enc.need[request] > 0
    buddy_level = enc.buddy_levels[buddy].astype(np.float64)
    own = np.maximum(enc.request_levels[request], 0)
    known = asked & (buddy_level >= 0)
    return np.where(known, buddy_level - own, np.nan)


def pair_reasons(
    enc: Encoded,
    request: np.ndarray,
    buddy: np.ndarray,
    terms: PairTerms,
    load: np.ndarray,
    fixed: np.ndarray,
    practice_names: Sequence[str],
) -> list[tuple[Reason, ...]]:
    """Reasons of each pair, in order: agreed, continuity, levels, activity, language, safety,
    load.

    `load[b]` is how many newcomers buddy b accompanies in the matching, `fixed` marks pairs
    kept as agreed (which may break rules set since: only what holds is said).
    """
    levels = _level_texts(enc, request, buddy, practice_names)
    activities = _activity_texts(enc, request, buddy, terms)
    spoken = _spoken_sets(enc)
    vetted = (enc.minor[request] & enc.vetted[buddy]).tolist()
    others = (load[buddy] - 1).tolist()
    previous, fixed_list = terms.previous.tolist(), fixed.tolist()
    out = []
    made: dict[tuple[str, object], Reason] = {}  # reasons with one parameter, made once each
    for k, (r, b) in enumerate(zip(request.tolist(), buddy.tolist(), strict=True)):
        reasons = [_FIXED[ALREADY_AGREED]] if fixed_list[k] else []
        if previous[k]:
            reasons.append(_FIXED[PAIRED_BEFORE])
        reasons.extend(levels[k])
        if activities[k]:
            reasons.append(activities[k])
        language = enc.language_codes[enc.language[r]]
        if language in spoken[b]:
            reasons.append(_once(made, SPEAKS, "language", language))
        if vetted[k]:
            reasons.append(_FIXED[VETTED])
        if others[k] > 0:
            reasons.append(_once(made, ALSO_HELPS, "count", others[k]))
        out.append(tuple(reasons))
    return out


def _level_texts(enc, request, buddy, practice_names) -> list[list[Reason]]:
    """Per pair, one reason per practice asked where the buddy's level is known."""
    gaps = level_gaps(enc, request, buddy)
    rows, practices = np.nonzero(~np.isnan(gaps))
    keys = list(
        zip(practices.tolist(), gaps[rows, practices].astype(np.int64).tolist(), strict=True)
    )
    texts = {
        key: Reason(LEVEL_GAP, {"gap": key[1], "practice": practice_names[key[0]]})
        for key in set(keys)
    }
    out: list[list[Reason]] = [[] for _ in range(request.size)]
    for row, key in zip(rows.tolist(), keys, strict=True):
        out[row].append(texts[key])
    return out


def _once(made: dict, code: str, name: str, value: object) -> Reason:
    """The reason `code` with one parameter, shared by every pair that gives it."""
    reason = made.get((code, value))
    if reason is None:
        reason = made[(code, value)] = Reason(code, {name: value})
    return reason


def _activity_texts(enc, request, buddy, terms: PairTerms) -> list[Reason | None]:
    """Per pair, what they share in activities (None: nothing worth saying)."""
    activity = enc.activity[request]
    wants = activity >= 0
    goes = np.zeros(request.size, dtype=bool)
    # A fixed pair may predate a change of plans: say it only when it holds.
    goes[wants] = enc.attends(buddy[wants], activity[wants])
    has_activities = (np.diff(enc.request_activity_ptr)[request] > 0).tolist()
    season, goes_list = terms.season.tolist(), goes.tolist()
    out: list[Reason | None] = []
    for k, shared in enumerate(terms.shared.tolist()):
        if not season[k]:
            out.append(_FIXED[SAME_ACTIVITY] if goes_list[k] else None)
        elif shared:
            out.append(Reason(SHARED_ACTIVITIES, {"count": shared}))
        else:
            out.append(_FIXED[NO_SHARED_ACTIVITY] if has_activities[k] else None)
    return out


def _spoken_sets(enc: Encoded) -> list[frozenset[str]]:
    ptr, codes = enc.buddy_language_ptr.tolist(), enc.buddy_language.tolist()
    names = enc.language_codes
    return [frozenset(names[c] for c in codes[ptr[b] : ptr[b + 1]]) for b in range(len(ptr) - 1)]


class _Masks:
    """Boolean masks over buddies for one rule each, computed once per language/activity."""

    def __init__(self, enc: Encoded) -> None:
        self.enc = enc
        self._language: dict[int, np.ndarray] = {}
        self._activity: dict[int, np.ndarray] = {}
        self.owner_language = np.repeat(np.arange(enc.buddy_count), np.diff(enc.buddy_language_ptr))
        self.owner_activity = np.repeat(np.arange(enc.buddy_count), np.diff(enc.buddy_activity_ptr))

    def speaks(self, code: int) -> np.ndarray:
        if code not in self._language:
            mask = np.zeros(self.enc.buddy_count, dtype=bool)
            mask[self.owner_language[self.enc.buddy_language == code]] = True
            self._language[code] = mask
        return self._language[code]

    def attends(self, code: int) -> np.ndarray:
        if code not in self._activity:
            mask = np.zeros(self.enc.buddy_count, dtype=bool)
            mask[self.owner_activity[self.enc.buddy_activity == code]] = True
            self._activity[code] = mask
        return self._activity[code]


def unmatched_reasons(
    enc: Encoded,
    requests: np.ndarray,
    candidate_count: np.ndarray,
    practice_names: Sequence[str],
) -> list[Reason]:
    """Why each of `requests` (unmatched) has no buddy."""
    reasons = [_FIXED[NO_BUDDIES]] * requests.size
    had = candidate_count[requests] > 0
    for i in np.flatnonzero(had).tolist():
        full = ALL_FULL_FOR_ACTIVITY if enc.activity[requests[i]] >= 0 else ALL_FULL
        reasons[i] = _FIXED[full]
    none = requests[~had]
    if none.size == 0:
        return reasons
    # Requests with the same language, activity, age group and needs share their reason.
    keys = np.column_stack(
        [enc.language[none], enc.activity[none], enc.minor[none], enc.need[none]]
    ).astype(np.int64)
    unique, inverse = np.unique(keys, axis=0, return_inverse=True)
    masks = _Masks(enc)
    texts = [_first_rule_left_empty(enc, masks, row, practice_names) for row in unique]
    for i, group in zip(np.flatnonzero(~had).tolist(), inverse.ravel().tolist(), strict=True):
        reasons[i] = texts[group]
    return reasons


def _first_rule_left_empty(enc, masks, key, practice_names) -> Reason:
    if enc.buddy_count == 0:
        return _FIXED[NO_BUDDIES]
    language, activity, minor = int(key[0]), int(key[1]), bool(key[2])
    need = key[3:]
    speaks = enc.language_codes[language]
    # (qualifier, mask) of the rules passed so far.
    passed: list[tuple[str, np.ndarray]] = []
    everyone = np.ones(enc.buddy_count, dtype=bool)

    def empties(rule: np.ndarray) -> bool:
        current = everyone.copy()
        for _, mask in passed:
            current &= mask
        return not (current & rule).any()

    def no_buddy(rule: np.ndarray, name: str, practices: Sequence[str] = ()) -> Reason:
        mattered = {q for q, mask in passed if (rule & ~mask).any()}
        language_said = name == "language" or "language" in mattered
        return Reason(
            NO_BUDDY,
            {
                "rule": name,
                "practices": list(practices),
                "vetted": "vetted" in mattered,
                "at_activity": "activity" in mattered,
                "language": speaks if language_said else None,
            },
        )

    rules: list[tuple[str, np.ndarray]] = []
    if activity >= 0:
        rules.append(("activity", masks.attends(activity)))
    rules.append(("language", masks.speaks(language)))
    if minor:
        rules.append(("vetted", enc.vetted))
    for qualifier, rule in rules:
        if empties(rule):
            return no_buddy(rule, qualifier)
        passed.append((qualifier, rule))

    asked = np.flatnonzero(need > 0)
    ahead_all = everyone.copy()
    for p in asked.tolist():
        name = practice_names[p]
        helps = enc.helps_with[:, p]
        if empties(helps):
            return no_buddy(helps, "helps", [name])
        ahead = enc.offer[:, p] >= need[p]
        if empties(ahead):
            return no_buddy(ahead, "ahead", [name])
        ahead_all &= ahead
    if asked.size > 1 and empties(ahead_all):
        return no_buddy(ahead_all, "ahead", [practice_names[p] for p in asked.tolist()])
    return _FIXED[NO_BUDDY_MEETS_EVERY_RULE]
