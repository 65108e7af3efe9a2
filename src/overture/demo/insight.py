"""The demo's value surveys as arrays: who answered, their scores and their open answers.

- Every past published activity has one "after" survey; a share of its confirmed
  registrants answer (more at hands-on and relaxed formats than at big concerts), about one
  in seven anonymously.
- Each response records the level in the activity's key practice (the combined level:
  observed if staff saw it, else self-assessed, else unknown) and whether it was the
  person's first activity with the orchestra.
- Scores 1–5 on the value dimensions: newcomers and novices score lower than experts, by a
  gap that grows with the activity's role rigidity and shrinks for consumer-led formats;
  feeling welcome and knowing what to do are hit hardest, and first-timers feel a little
  less that they belong.
- About 60 % write open answers, one to three plain-English fragments per question, picked
  by segment, format and what they scored high or low.

Nothing here touches the database; `insight_writers` turns the plan into rows.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass

import numpy as np

from overture.engines.mix.indices import key_practice, role_rigidity
from overture.engines.text_coding import DEFAULT_VALUE_LABELS
from overture.season.models import FORMAT_SCALE, Activity, Format

from .audience import DAY, AudiencePlan, ObservedPlan
from .insight_texts import FORMAT_GROUPS, IN_THE_WAY, WORTHWHILE, Fragment
from .practices import practice_index
from .registrations import RegistrationPlan
from .season import ActivityPlan

VALUE_KEYS: tuple[str, ...] = tuple(DEFAULT_VALUE_LABELS)
RESPONSE_RATE: dict[str, float] = {
    Format.SYMPHONY_CONCERT: 0.2,
    Format.CHAMBER_CONCERT: 0.25,
    Format.PRE_CONCERT_TALK: 0.3,
    Format.LIVESTREAM: 0.15,
    Format.FAMILY_CONCERT: 0.3,
    Format.RELAXED_PERFORMANCE: 0.35,
    Format.OPEN_REHEARSAL: 0.3,
    Format.COME_AND_SING: 0.4,
    Format.PLAY_ALONG: 0.45,
    Format.COMPOSITION_LAB: 0.45,
}
ANONYMOUS_SHARE = 0.15
ANONYMOUS_LEVEL_UNKNOWN = 0.3  # anonymous people who skip the level question
ANONYMOUS_FIRST_TIME_UNKNOWN = 0.5
FIRST_TIME_WINDOW = 120 * DAY  # joined this recently before the activity, and first booking
OPEN_TEXT_SHARE = 0.6
ANSWERS_WORTHWHILE, ANSWERS_IN_THE_WAY = 0.9, 0.7
SURVEY_OPEN_DAYS = 14

# Latent score model: a base per dimension, a person's overall mood, noise per answer, and
# the value gap: GAP × rigidity × (1 − CONSUMER_RELIEF × format scale) × how new the person
# is × how much the dimension feels it.
BASE_SCORE = 3.9
MOOD_SD, NOISE_SD = 0.45, 0.6
GAP = 2.6
CONSUMER_RELIEF = 0.8
NEWNESS = np.array([1.0, 1.0, 0.75, 0.35, 0.0])  # by level -1, 0, 1, 2, 3
GAP_WEIGHT: dict[str, float] = {
    "value:absorption": 0.45,
    "value:emotional-response": 0.1,
    "value:aesthetic-enjoyment": 0.2,
    "value:understanding": 0.55,
    "value:discovery": -0.3,
    "value:feeling-welcome": 1.0,
    "value:knowing-what-to-do": 1.0,
    "value:belonging": 0.7,
    "value:connection-with-others": 0.3,
    "value:contribution": 0.2,
    "value:competence": 0.6,
    "value:relaxation": 0.5,
    "value:inspiration-to-come-back": 0.35,
}
FIRST_TIME_BELONGING = 0.45
# Consumer-led formats add to connection, contribution and competence as people take part.
TAKING_PART = {
    "value:connection-with-others": 0.6,
    "value:contribution": 0.9,
    "value:competence": 0.3,
}


@dataclass
class InsightPlan:
    """Surveys (one per surveyed activity) and responses (row i of every per-response array)."""

    surveyed: list[int]  # activity indices
    survey_tokens: list[str]
    survey_of: np.ndarray  # position in `surveyed`
    participant: np.ndarray  # audience index, -1 anonymous
    level: np.ndarray  # combined level in the key practice, -1 unknown
    first_time: np.ndarray  # 1 yes, 0 no, -1 not known
    scores: np.ndarray  # (responses, len(VALUE_KEYS)) 1–5
    worthwhile: list[str]
    in_the_way: list[str]
    created_at: np.ndarray  # epoch seconds
    submission_tokens: list[str]

    def __len__(self) -> int:
        return len(self.participant)


def plan_insight(
    rng: np.random.Generator,
    season: list[ActivityPlan],
    audience: AudiencePlan,
    registrations: RegistrationPlan,
    observed: ObservedPlan,
    *,
    now: int,
) -> InsightPlan:
    """Surveys and responses for every published activity over by `now`."""
    ends = np.array([int(a.ends_at.timestamp()) for a in season], dtype=np.int64)
    surveyed = [
        i for i, a in enumerate(season) if a.status == Activity.Status.PUBLISHED and ends[i] < now
    ]
    tokens = [_token(rng, 12) for _ in surveyed]
    position = np.full(len(season), -1, dtype=np.int64)
    position[surveyed] = np.arange(len(surveyed))
    rate = np.array([RESPONSE_RATE.get(a.format, 0.3) for a in season])
    rows = np.flatnonzero(registrations.confirmed & (position[registrations.activity] >= 0))
    rows = rows[rng.random(rows.size) < rate[registrations.activity[rows]]]
    activity = registrations.activity[rows]
    person = registrations.participant[rows]
    key = key_practices(season)[activity]
    levels = _combined_levels(audience, observed)
    level = np.where(key >= 0, levels[person, np.maximum(key, 0)], -1)
    first = _first_time(registrations, audience, season, person, activity, rows)
    anonymous = rng.random(rows.size) < ANONYMOUS_SHARE
    level = np.where(anonymous & (rng.random(rows.size) < ANONYMOUS_LEVEL_UNKNOWN), -1, level)
    first = np.where(anonymous & (rng.random(rows.size) < ANONYMOUS_FIRST_TIME_UNKNOWN), -1, first)
    scores = _scores(rng, season, activity, level, first)
    formats = [season[a].format for a in activity.tolist()]
    worthwhile, in_the_way = _open_answers(rng, formats, level, scores)
    created = np.minimum(
        ends[activity] + (rng.exponential(1.5 * DAY, rows.size) + 1800).astype(np.int64),
        np.minimum(ends[activity] + SURVEY_OPEN_DAYS * DAY, now) - 60,
    )
    return InsightPlan(
        surveyed=surveyed,
        survey_tokens=tokens,
        survey_of=position[activity],
        participant=np.where(anonymous, -1, person),
        level=level.astype(np.int8),
        first_time=first.astype(np.int8),
        scores=scores,
        worthwhile=worthwhile,
        in_the_way=in_the_way,
        created_at=created,
        submission_tokens=[_token(rng, 18) for _ in range(rows.size)],
    )


def key_practices(season: list[ActivityPlan]) -> np.ndarray:
    """Per activity, the practice index of its key practice (requirements by practice order);
    -1 for an activity without requirements."""
    keys = []
    for activity in season:
        ordered = sorted(activity.requirements, key=lambda r: practice_index(r.practice))
        index = key_practice([r.level for r in ordered], [r.strictness for r in ordered])
        keys.append(practice_index(ordered[index].practice) if index >= 0 else -1)
    return np.array(keys, dtype=np.int64)


def rigidities(season: list[ActivityPlan]) -> np.ndarray:
    return np.array(
        [
            role_rigidity([r.level for r in a.requirements], [r.strictness for r in a.requirements])
            for a in season
        ]
    )


def _token(rng: np.random.Generator, size: int) -> str:
    return base64.urlsafe_b64encode(rng.bytes(size)).decode().rstrip("=")


def _combined_levels(audience: AudiencePlan, observed: ObservedPlan) -> np.ndarray:
    """Observed if any, else self-assessed, else -1, per participant and practice."""
    levels = np.where(audience.assessed[:, None], audience.levels, -1).astype(np.int8)
    levels[observed.participant, observed.practice] = observed.level
    return levels


def _first_time(
    registrations: RegistrationPlan,
    audience: AudiencePlan,
    season: list[ActivityPlan],
    person: np.ndarray,
    activity: np.ndarray,
    rows: np.ndarray,
) -> np.ndarray:
    """1 when the person joined shortly before and this was their first confirmed activity."""
    starts = np.array([int(a.starts_at.timestamp()) for a in season], dtype=np.int64)
    confirmed = np.flatnonzero(registrations.confirmed)
    earliest = np.full(len(audience), np.iinfo(np.int64).max)
    np.minimum.at(
        earliest, registrations.participant[confirmed], starts[registrations.activity[confirmed]]
    )
    first = (starts[activity] <= earliest[person]) & (
        starts[activity] - audience.joined_at[person] < FIRST_TIME_WINDOW
    )
    return first.astype(np.int8)


def _scores(
    rng: np.random.Generator,
    season: list[ActivityPlan],
    activity: np.ndarray,
    level: np.ndarray,
    first: np.ndarray,
) -> np.ndarray:
    count = activity.size
    scale = np.array([FORMAT_SCALE.get(a.format, 0.5) for a in season])[activity]
    gap = GAP * rigidities(season)[activity] * (1 - CONSUMER_RELIEF * scale)
    newness = NEWNESS[level.astype(np.int64) + 1]
    weight = np.array([GAP_WEIGHT[k] for k in VALUE_KEYS])
    taking_part = np.array([TAKING_PART.get(k, 0.0) for k in VALUE_KEYS])
    belonging = np.array([k == "value:belonging" for k in VALUE_KEYS])
    latent = (
        BASE_SCORE
        + rng.normal(0, MOOD_SD, (count, 1))
        + rng.normal(0, NOISE_SD, (count, len(VALUE_KEYS)))
        - (gap * newness)[:, None] * weight
        + (scale - 0.5)[:, None] * taking_part
        - FIRST_TIME_BELONGING * (first == 1)[:, None] * belonging
    )
    return np.clip(np.rint(latent), 1, 5).astype(np.int8)


def _segment(level: int) -> str:
    """The segment fragments are written for: "new" (newcomer, novice or unknown), "regular",
    "expert"."""
    return "new" if level <= 1 else "regular" if level == 2 else "expert"


class _Picker:
    """Chooses fragments for one question: fitting segment and format, leaning on themes
    the person scored high (worthwhile) or low (in the way)."""

    def __init__(self, fragments: tuple[Fragment, ...], *, praise: bool) -> None:
        self.texts = [f.text for f in fragments]
        self.fragments = fragments
        self.themes = np.array(
            [[k in f.themes for k in VALUE_KEYS] for f in fragments],
            dtype=float,
        )
        self.variables = np.array(
            [sum(t.startswith("variable:") for t in f.themes) for f in fragments]
        )
        # "Nothing really" stands alone, never next to a complaint.
        self.alone = np.array([f.text.startswith("Nothing") for f in fragments])
        self.praise = praise
        self._fits: dict[tuple[str, str], np.ndarray] = {}

    def fit(self, segment: str, group: str) -> np.ndarray:
        """Base weights: fragments written for this segment and format weigh most."""
        if (segment, group) not in self._fits:
            weight = np.zeros(len(self.fragments))
            for i, f in enumerate(self.fragments):
                if (f.segments and segment not in f.segments) or (
                    f.groups and group not in f.groups
                ):
                    continue
                weight[i] = 1.0 + 1.5 * bool(f.segments) + 1.5 * bool(f.groups)
            self._fits[segment, group] = weight
        return self._fits[segment, group]

    def pick(self, rng: np.random.Generator, segment: str, group: str, scores: np.ndarray) -> str:
        lean = np.maximum(scores - 3, 0) if self.praise else np.maximum(3 - scores, 0)
        weight = self.fit(segment, group) * (1.0 + self.themes @ lean)
        if not self.praise and segment == "new":
            weight = weight * (1.0 + 0.5 * self.variables)
        count = int(rng.choice([1, 2, 3], p=[0.5, 0.35, 0.15]))
        if count > 1:
            weight = np.where(self.alone, 0.0, weight)
        chosen = np.flatnonzero(weight)
        count = min(count, chosen.size)
        picked = rng.choice(
            chosen, size=count, replace=False, p=weight[chosen] / weight[chosen].sum()
        )
        return " ".join(self.texts[i] for i in picked.tolist())


def _open_answers(
    rng: np.random.Generator, formats: list[str], level: np.ndarray, scores: np.ndarray
) -> tuple[list[str], list[str]]:
    worthwhile_picker = _Picker(WORTHWHILE, praise=True)
    in_the_way_picker = _Picker(IN_THE_WAY, praise=False)
    writes = rng.random(len(formats)) < OPEN_TEXT_SHARE
    good = rng.random(len(formats)) < ANSWERS_WORTHWHILE
    bad = rng.random(len(formats)) < ANSWERS_IN_THE_WAY
    bad |= ~good  # everyone who writes answers at least one question
    worthwhile, in_the_way = [""] * len(formats), [""] * len(formats)
    for i in np.flatnonzero(writes).tolist():
        segment, group = _segment(int(level[i])), FORMAT_GROUPS.get(formats[i], "concert")
        if good[i]:
            worthwhile[i] = worthwhile_picker.pick(rng, segment, group, scores[i])
        if bad[i]:
            in_the_way[i] = in_the_way_picker.pick(rng, segment, group, scores[i])
    return worthwhile, in_the_way
