"""The demo audience as arrays: who the participants are and what they can do.

Competence comes from a few shared tastes (concert-going, choral singing, playing, watching
online, family outings, making music up) plus overall experience, so related practices move
together. Thresholds on the standard normal give roughly 50/30/15/5 % newcomer, novice,
regular and expert over all practices.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import numpy as np

from .names import FAMILY_NAMES, GIVEN_NAMES
from .practices import FACTORS, PRACTICES, SHARED_VARIANCE, loading_matrix

DAY = 86_400
# Standard normal quantiles at 50 %, 80 % and 95 %.
LEVEL_THRESHOLDS = np.array([0.0, 0.8416212, 1.6448536])
ASSESSED_SHARE = 0.72
CONSENT_CONTACT_SHARE = 0.62
CONSENT_RESEARCH_SHARE = 0.41
ACCESSIBILITY_NEEDS = (
    "Step-free access, please.",
    "I use a wheelchair and come with a companion.",
    "A seat near the hearing loop.",
    "An aisle seat: I may need to step out.",
    "Large-print programme, please.",
    "Quiet space to take breaks.",
)


@dataclass
class AudiencePlan:
    """Participant i is row i of every array and list."""

    given_names: list[str]
    family_names: list[str]
    usernames: list[str]
    levels: np.ndarray  # (participants, practices) int8, what each person can really do
    assessed: np.ndarray  # bool: has done the self-assessment
    propensity: np.ndarray  # how often the person signs up for things
    joined_at: np.ndarray  # epoch seconds
    assessed_at: np.ndarray  # epoch seconds, meaningful where assessed
    consent_contact: np.ndarray
    consent_research: np.ndarray
    accessibility_needs: list[str]

    def __len__(self) -> int:
        return len(self.usernames)

    @property
    def display_names(self) -> list[str]:
        return [f"{g} {f}" for g, f in zip(self.given_names, self.family_names, strict=True)]


def plan_audience(rng: np.random.Generator, count: int, *, now: int) -> AudiencePlan:
    """`count` participants who joined over the last three years; `now` in epoch seconds."""
    given = rng.integers(len(GIVEN_NAMES), size=count)
    family = rng.integers(len(FAMILY_NAMES), size=count)
    factors = rng.standard_normal((count, len(FACTORS)))
    levels = competence_levels(rng, factors)
    assessed = rng.random(count) < ASSESSED_SHARE
    propensity = rng.lognormal(0.0, 0.75, size=count) * np.exp(0.3 * factors[:, 0])
    joined_at = now - (rng.uniform(3, 3 * 365, size=count) * DAY).astype(np.int64)
    consent_contact = rng.random(count) < CONSENT_CONTACT_SHARE
    consent_research = rng.random(count) < CONSENT_RESEARCH_SHARE
    needs = np.where(
        rng.random(count) < 0.04, rng.integers(len(ACCESSIBILITY_NEEDS), size=count), -1
    )
    return AudiencePlan(
        given_names=[GIVEN_NAMES[i] for i in given.tolist()],
        family_names=[FAMILY_NAMES[i] for i in family.tolist()],
        usernames=_usernames(given, family),
        levels=levels,
        assessed=assessed,
        propensity=propensity,
        joined_at=joined_at,
        assessed_at=np.zeros(count, dtype=np.int64),
        consent_contact=consent_contact,
        consent_research=consent_research,
        accessibility_needs=[ACCESSIBILITY_NEEDS[i] if i >= 0 else "" for i in needs.tolist()],
    )


def competence_levels(rng: np.random.Generator, factors: np.ndarray) -> np.ndarray:
    """Levels 0–3 per participant and practice from the shared tastes plus personal noise."""
    loadings = loading_matrix()
    noise = rng.standard_normal((factors.shape[0], len(PRACTICES)))
    ease = np.array([p.ease for p in PRACTICES])
    ease -= ease.mean()  # some practices are easier than others, but the overall spread holds
    z = factors @ loadings.T + noise * np.sqrt(1 - SHARED_VARIANCE) + ease
    return np.searchsorted(LEVEL_THRESHOLDS, z, side="right").astype(np.int8)


def settle_assessments(rng: np.random.Generator, plan: AudiencePlan, *, now: int) -> None:
    """Self-assessments happen between joining and now (call once `joined_at` is final)."""
    span = np.maximum(now - plan.joined_at - DAY, 0)
    plan.assessed_at = plan.joined_at + (rng.random(len(plan)) * span).astype(np.int64)


def _ascii(name: str) -> str:
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return "".join(ch for ch in folded.lower() if ch.isalnum())


def _usernames(given: np.ndarray, family: np.ndarray) -> list[str]:
    given_slugs = [_ascii(n) for n in GIVEN_NAMES]
    family_slugs = [_ascii(n) for n in FAMILY_NAMES]
    return [
        f"{given_slugs[g]}.{family_slugs[f]}.{i}"
        for i, (g, f) in enumerate(zip(given.tolist(), family.tolist(), strict=True), start=1)
    ]


@dataclass
class ObservedPlan:
    participant: np.ndarray
    practice: np.ndarray
    level: np.ndarray
    observed_at: np.ndarray


def plan_observed(
    rng: np.random.Generator,
    plan: AudiencePlan,
    attended: tuple[np.ndarray, np.ndarray, np.ndarray],
    requirements: list[list[int]],
) -> ObservedPlan:
    """Levels staff observed at past activities, for about half the practices involved.

    `attended` holds (participant, activity end in epoch seconds, activity index) arrays;
    `requirements[a]` lists the practice indices activity `a` involves.
    """
    people, ends, acts = attended
    sizes = np.array([len(r) for r in requirements], dtype=np.int64)
    flat = np.array([p for r in requirements for p in r], dtype=np.int64)
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    keep = plan.assessed[people]
    people, ends, acts = people[keep], ends[keep], acts[keep]
    counts = sizes[acts]
    within = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    practice = flat[np.repeat(starts[acts], counts) + within]
    person, at = np.repeat(people, counts), np.repeat(ends, counts)
    _, first = np.unique(person * len(PRACTICES) + practice, return_index=True)
    first = np.sort(first)
    first = first[rng.random(len(first)) < 0.5]
    person, practice, at = person[first], practice[first], at[first]
    shift = rng.choice(np.array([-1, 0, 1]), size=len(first), p=[0.15, 0.55, 0.3])
    level = np.clip(plan.levels[person, practice] + shift, 0, 3).astype(np.int8)
    return ObservedPlan(person, practice, level, at)
