"""Plain words for buddy matching: why a pair was proposed, why a request is unmatched.

A pair's reasons restate the rules it satisfies and the soft terms of its cost. An unmatched
request either had candidates that were all taken — in a maximum matching every candidate
of an unmatched request is full — or had none; then the hard rules are applied in a fixed
order (activity, language, safeguarding, each practice asked, the practices together) and
the first one that leaves nobody is named, qualified by the earlier rules that mattered:
"No buddy at this activity who speaks Polish is far enough ahead in Singing in a choir".
See docs/engines/buddies.md ("Reasons").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from overture.engines.buddies.candidates import Encoded, PairTerms

__all__ = [
    "ALL_FULL",
    "ALL_FULL_FOR_ACTIVITY",
    "LANGUAGE_NAMES",
    "NO_BUDDIES",
    "language_name",
    "level_gaps",
    "pair_reasons",
    "unmatched_reasons",
]

LANGUAGE_NAMES: dict[str, str] = {
    "ar": "Arabic",
    "bfi": "British Sign Language",
    "bn": "Bengali",
    "cy": "Welsh",
    "de": "German",
    "el": "Greek",
    "en": "English",
    "es": "Spanish",
    "fa": "Persian",
    "fr": "French",
    "ga": "Irish",
    "gd": "Scottish Gaelic",
    "gu": "Gujarati",
    "hi": "Hindi",
    "it": "Italian",
    "ku": "Kurdish",
    "lt": "Lithuanian",
    "nl": "Dutch",
    "pa": "Punjabi",
    "pl": "Polish",
    "pt": "Portuguese",
    "ro": "Romanian",
    "ru": "Russian",
    "so": "Somali",
    "ta": "Tamil",
    "tr": "Turkish",
    "uk": "Ukrainian",
    "ur": "Urdu",
    "zh": "Chinese",
}

ALL_FULL_FOR_ACTIVITY = "All suitable buddies for this activity are full"
ALL_FULL = "All suitable buddies are full"
NO_BUDDIES = "No buddies have volunteered yet"
ALREADY_AGREED = "Already agreed"
PAIRED_BEFORE = "You were paired before"
VETTED = "Vetted to accompany under-18s"
SAME_ACTIVITY = "Also goes to this activity"
NO_SHARED_ACTIVITY = "Goes to none of your activities"
_COUNT_WORDS = {1: "One", 2: "Two", 3: "Three"}


def language_name(code: str, names: Mapping[str, str] | None = None) -> str:
    """The name of a language: "Polish" for "pl"; the code itself when none is known."""
    if names and code in names:
        return names[code]
    return LANGUAGE_NAMES.get(code, code)


def level_gaps(enc: Encoded, request: np.ndarray, buddy: np.ndarray) -> np.ndarray:
    """(K, P) levels the buddy is ahead of the request, per practice asked; NaN elsewhere.

    An unknown request level counts as newcomer; an unknown buddy level gives NaN.
    """
    asked = enc.need[request] > 0
    buddy_level = enc.buddy_levels[buddy].astype(np.float64)
    own = np.maximum(enc.request_levels[request], 0)
    known = asked & (buddy_level >= 0)
    return np.where(known, buddy_level - own, np.nan)


def _level_text(gap: int, practice: str) -> str:
    if gap <= 0:
        return f"Not ahead of you in {practice}"
    levels = "level" if gap == 1 else "levels"
    return f"{_COUNT_WORDS.get(gap, str(gap))} {levels} above you in {practice}"


def _count_text(count: int, one: str, many: str) -> str:
    return one if count == 1 else many.format(count=count)


def pair_reasons(
    enc: Encoded,
    request: np.ndarray,
    buddy: np.ndarray,
    terms: PairTerms,
    load: np.ndarray,
    fixed: np.ndarray,
    practice_names: Sequence[str],
    language_names: Mapping[str, str] | None = None,
) -> list[tuple[str, ...]]:
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
    for k, (r, b) in enumerate(zip(request.tolist(), buddy.tolist(), strict=True)):
        reasons = [ALREADY_AGREED] if fixed_list[k] else []
        if previous[k]:
            reasons.append(PAIRED_BEFORE)
        reasons.extend(levels[k])
        if activities[k]:
            reasons.append(activities[k])
        language = enc.language_codes[enc.language[r]]
        if language in spoken[b]:
            reasons.append(f"Speaks {language_name(language, language_names)}")
        if vetted[k]:
            reasons.append(VETTED)
        if others[k] > 0:
            reasons.append(
                _count_text(
                    others[k], "Also helps one other newcomer", "Also helps {count} other newcomers"
                )
            )
        out.append(tuple(reasons))
    return out


def _level_texts(enc, request, buddy, practice_names) -> list[list[str]]:
    """Per pair, one text per practice asked where the buddy's level is known."""
    gaps = level_gaps(enc, request, buddy)
    rows, practices = np.nonzero(~np.isnan(gaps))
    keys = list(
        zip(practices.tolist(), gaps[rows, practices].astype(np.int64).tolist(), strict=True)
    )
    texts = {key: _level_text(key[1], practice_names[key[0]]) for key in set(keys)}
    out: list[list[str]] = [[] for _ in range(request.size)]
    for row, key in zip(rows.tolist(), keys, strict=True):
        out[row].append(texts[key])
    return out


def _activity_texts(enc, request, buddy, terms: PairTerms) -> list[str | None]:
    """Per pair, what they share in activities (None: nothing worth saying)."""
    activity = enc.activity[request]
    wants = activity >= 0
    goes = np.zeros(request.size, dtype=bool)
    # A fixed pair may predate a change of plans: say it only when it holds.
    goes[wants] = enc.attends(buddy[wants], activity[wants])
    has_activities = (np.diff(enc.request_activity_ptr)[request] > 0).tolist()
    season, goes_list = terms.season.tolist(), goes.tolist()
    out: list[str | None] = []
    for k, shared in enumerate(terms.shared.tolist()):
        if not season[k]:
            out.append(SAME_ACTIVITY if goes_list[k] else None)
        elif shared:
            out.append(
                _count_text(
                    shared, "Goes to one of your activities", "Goes to {count} of your activities"
                )
            )
        else:
            out.append(NO_SHARED_ACTIVITY if has_activities[k] else None)
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
    language_names: Mapping[str, str] | None = None,
) -> list[str]:
    """Why each of `requests` (unmatched) has no buddy."""
    reasons = [""] * requests.size
    had = candidate_count[requests] > 0
    for i in np.flatnonzero(had).tolist():
        reasons[i] = ALL_FULL_FOR_ACTIVITY if enc.activity[requests[i]] >= 0 else ALL_FULL
    none = requests[~had]
    if none.size == 0:
        return reasons
    # Requests with the same language, activity, age group and needs share their reason.
    keys = np.column_stack(
        [enc.language[none], enc.activity[none], enc.minor[none], enc.need[none]]
    ).astype(np.int64)
    unique, inverse = np.unique(keys, axis=0, return_inverse=True)
    masks = _Masks(enc)
    texts = [
        _first_rule_left_empty(enc, masks, row, practice_names, language_names) for row in unique
    ]
    for i, group in zip(np.flatnonzero(~had).tolist(), inverse.ravel().tolist(), strict=True):
        reasons[i] = texts[group]
    return reasons


def _first_rule_left_empty(enc, masks, key, practice_names, language_names) -> str:
    if enc.buddy_count == 0:
        return NO_BUDDIES
    language, activity, minor = int(key[0]), int(key[1]), bool(key[2])
    need = key[3:]
    speaks = language_name(enc.language_codes[language], language_names)
    # (qualifier, mask) of the rules passed so far.
    passed: list[tuple[str, np.ndarray]] = []
    everyone = np.ones(enc.buddy_count, dtype=bool)

    def empties(rule: np.ndarray) -> bool:
        current = everyone.copy()
        for _, mask in passed:
            current &= mask
        return not (current & rule).any()

    def sentence(rule: np.ndarray, predicate: str) -> str:
        mattered = {q for q, mask in passed if (rule & ~mask).any()}
        subject = "No vetted buddy" if "vetted" in mattered else "No buddy"
        if "activity" in mattered:
            subject += " at this activity"
        if "language" in mattered:
            subject += f" who speaks {speaks}"
        return f"{subject} {predicate}"

    rules: list[tuple[str, np.ndarray, str]] = []
    if activity >= 0:
        rules.append(("activity", masks.attends(activity), "goes to this activity"))
    rules.append(("language", masks.speaks(language), f"speaks {speaks}"))
    if minor:
        rules.append(("vetted", enc.vetted, "is vetted to accompany under-18s"))
    for qualifier, rule, predicate in rules:
        if empties(rule):
            return sentence(rule, predicate)
        passed.append((qualifier, rule))

    asked = np.flatnonzero(need > 0)
    ahead_all = everyone.copy()
    for p in asked.tolist():
        name = practice_names[p]
        helps = enc.helps_with[:, p]
        if empties(helps):
            return sentence(helps, f"helps with {name}")
        ahead = enc.offer[:, p] >= need[p]
        if empties(ahead):
            return sentence(ahead, f"is far enough ahead in {name}")
        ahead_all &= ahead
    if asked.size > 1 and empties(ahead_all):
        names = [practice_names[p] for p in asked.tolist()]
        together = (
            f"both {names[0]} and {names[1]}"
            if len(names) == 2
            else "all of " + ", ".join(names[:-1]) + f" and {names[-1]}"
        )
        return sentence(ahead_all, f"is far enough ahead in {together}")
    return "No buddy meets every rule"
