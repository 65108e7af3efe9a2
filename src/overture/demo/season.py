"""The demo season as plain data: activities with their requirements and zones.

Nothing here touches the database; the generator turns the plan into rows.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta, tzinfo

import numpy as np

from overture.season.models import Activity, Format

from .programmes import COMPANION_TEXTS, OWN_TITLES

Status = Activity.Status


@dataclass(frozen=True)
class RequirementPlan:
    practice: str
    level: int
    strictness: float


@dataclass(frozen=True)
class ZonePlan:
    name: str
    capacity: int
    norms: str
    strictness: float = 1.0  # 1 keeps the activity's norms, 0 anything goes


@dataclass(frozen=True)
class FormatPlan:
    """How the demo orchestra runs one format."""

    share: int  # activities of this format in a 48-activity season
    venue: str
    capacity: int
    weekdays: tuple[int, ...]  # Monday is 0
    start: time
    minutes: int
    requirements: tuple[tuple[str, int, float], ...]
    extras: tuple[tuple[str, int, float], ...] = ()  # each added to half the activities
    zones: tuple[ZonePlan, ...] = ()
    zoned_share: float = 0.0
    online: bool = False
    # Registration behaviour: the largest share of the audience it can attract, and how
    # likely an activity is to sell out.
    reach: float = 0.1
    sell_out: float = 0.15


RELAXED_AREA = "Relaxed area: moving and talking welcome"

FORMATS: dict[str, FormatPlan] = {
    Format.SYMPHONY_CONCERT: FormatPlan(
        share=10,
        venue="Northbank Hall",
        capacity=1800,
        weekdays=(3, 4, 5),
        start=time(19, 30),
        minutes=135,
        requirements=(
            ("listening-in-silence", 2, 0.9),
            ("applauding", 1, 0.7),
            ("programme-note", 0, 0.3),
        ),
        extras=(("finding-your-way", 1, 0.4), ("discussing-a-piece", 0, 0.1)),
        zones=(
            ZonePlan(
                "Traditional stalls",
                1400,
                "Listening in silence throughout; applause at the end of each work.",
                strictness=1.0,
            ),
            ZonePlan(
                "First-timers' circle",
                400,
                "Aisle seats, a host to answer questions in the interval, and nobody minds "
                "an early clap.",
                strictness=0.4,
            ),
        ),
        zoned_share=0.4,
        reach=0.15,
        sell_out=0.15,
    ),
    Format.CHAMBER_CONCERT: FormatPlan(
        share=5,
        venue="The Recital Room, Northbank Hall",
        capacity=320,
        weekdays=(1, 2),
        start=time(19, 30),
        minutes=90,
        requirements=(("listening-in-silence", 2, 0.95), ("applauding", 2, 0.8)),
        extras=(("programme-note", 1, 0.4), ("finding-your-way", 1, 0.3)),
        zones=(
            ZonePlan("Traditional seating", 260, "Seated, silent listening.", strictness=1.0),
            ZonePlan(
                "Cushions at the front",
                60,
                "Sit on the floor close to the players; leave quietly between pieces.",
                strictness=0.45,
            ),
        ),
        zoned_share=0.4,
        reach=0.08,
        sell_out=0.2,
    ),
    Format.PRE_CONCERT_TALK: FormatPlan(
        share=6,
        venue="Level 2 foyer, Northbank Hall",
        capacity=150,
        weekdays=(),
        start=time(18, 20),
        minutes=40,
        requirements=(("programme-note", 0, 0.2), ("discussing-a-piece", 0, 0.3)),
        extras=(("listening-in-silence", 1, 0.4),),
        reach=0.05,
        sell_out=0.15,
    ),
    Format.LIVESTREAM: FormatPlan(
        share=5,
        venue="",
        online=True,
        capacity=5000,
        weekdays=(),
        start=time(19, 30),
        minutes=135,
        requirements=(("livestream-chat", 1, 0.3), ("discussing-a-piece", 0, 0.2)),
        extras=(("programme-note", 0, 0.1), ("applauding", 0, 0.1)),
        zones=(
            ZonePlan(
                "Chat stream",
                4000,
                "Live chat on: say hello and react as you listen.",
                strictness=0.2,
            ),
            ZonePlan(
                "Quiet stream", 1000, "Chat hidden, for uninterrupted listening.", strictness=0.9
            ),
        ),
        zoned_share=0.5,
        reach=0.12,
        sell_out=0.0,
    ),
    Format.FAMILY_CONCERT: FormatPlan(
        share=4,
        venue="Northbank Hall",
        capacity=1200,
        weekdays=(6,),
        start=time(11, 0),
        minutes=60,
        requirements=(
            ("bringing-children", 0, 0.2),
            ("applauding", 0, 0.2),
            ("relaxed-performance", 0, 0.3),
            ("finding-your-way", 0, 0.2),
        ),
        extras=(("listening-in-silence", 0, 0.3),),
        zones=(
            ZonePlan(
                RELAXED_AREA, 400, "Dance, sing along and come and go as you like.", strictness=0.2
            ),
            ZonePlan(
                "Seated stalls",
                800,
                "Seated listening; join in when the presenter invites you.",
                strictness=0.7,
            ),
        ),
        zoned_share=1.0,
        reach=0.06,
        sell_out=0.3,
    ),
    Format.RELAXED_PERFORMANCE: FormatPlan(
        share=3,
        venue="Northbank Hall",
        capacity=500,
        weekdays=(5, 6),
        start=time(14, 30),
        minutes=60,
        # The relaxed practices only: nobody is asked to listen in silence here.
        requirements=(("relaxed-performance", 0, 0.1), ("bringing-children", 0, 0.1)),
        extras=(("applauding", 0, 0.05), ("finding-your-way", 0, 0.1)),
        zones=(
            ZonePlan(
                RELAXED_AREA,
                420,
                "Sit, stand, move or make noise; come and go freely.",
                strictness=0.2,
            ),
            ZonePlan(
                "Chill-out room",
                80,
                "A quiet room with soft seating and the music relayed.",
                strictness=0.6,
            ),
        ),
        zoned_share=1.0,
        reach=0.04,
        sell_out=0.2,
    ),
    Format.OPEN_REHEARSAL: FormatPlan(
        share=4,
        venue="Northbank Hall",
        capacity=300,
        weekdays=(),
        start=time(10, 30),
        minutes=150,
        # A newcomer's way in: no experience needed, though the room stays quiet.
        requirements=(("watching-a-rehearsal", 0, 0.6), ("listening-in-silence", 0, 0.6)),
        extras=(("following-a-conductor", 0, 0.3), ("programme-note", 0, 0.2)),
        zones=(
            ZonePlan(
                "Front stalls",
                120,
                "Close to the players; stay quiet while the orchestra works.",
                strictness=0.9,
            ),
            ZonePlan("Rear stalls", 180, "Slip in and out between sections.", strictness=0.5),
        ),
        zoned_share=0.5,
        reach=0.06,
        sell_out=0.2,
    ),
    Format.COME_AND_SING: FormatPlan(
        share=4,
        venue="St Saviour's Church, Riverside Road",
        capacity=250,
        weekdays=(5,),
        start=time(10, 0),
        minutes=390,
        # Everyone learns the parts on the day: relaxed enough for a first time.
        requirements=(
            ("singing-in-a-choir", 1, 0.4),
            ("reading-a-vocal-score", 1, 0.35),
            ("following-a-conductor", 1, 0.4),
        ),
        extras=(("listening-in-silence", 0, 0.2),),
        reach=0.08,
        sell_out=0.35,
    ),
    Format.PLAY_ALONG: FormatPlan(
        share=4,
        venue="Orchestra Rehearsal Studio, Wharf Street",
        capacity=70,
        weekdays=(6,),
        start=time(13, 0),
        minutes=240,
        # Some experience helps: players who have played along once or twice are welcome.
        requirements=(("playing-along", 2, 0.4), ("following-a-conductor", 1, 0.6)),
        extras=(("improvising-and-composing", 0, 0.2),),
        reach=0.05,
        sell_out=0.4,
    ),
    Format.COMPOSITION_LAB: FormatPlan(
        share=3,
        venue="Learning Centre, Northbank Hall",
        capacity=16,
        weekdays=(1,),
        start=time(18, 0),
        minutes=150,
        # Bring an instrument if you have one: the lab is a first way into playing along.
        requirements=(
            ("improvising-and-composing", 1, 0.4),
            ("discussing-a-piece", 1, 0.3),
            ("playing-along", 0, 0.2),
        ),
        reach=0.03,
        sell_out=0.5,
    ),
}

# Companion formats happen around a symphony concert: minutes from its start, and the day.
COMPANIONS: dict[str, tuple[int, int]] = {
    Format.PRE_CONCERT_TALK: (0, -70),
    Format.LIVESTREAM: (0, 0),
    Format.OPEN_REHEARSAL: (-1, 0),
}

WEEKS_BEFORE = 6
MONTHS_AFTER = 9
# Concerts whose traditional norms newcomers find hardest; zones give them a gentler way in.
STRICT_CONCERTS = (Format.SYMPHONY_CONCERT, Format.CHAMBER_CONCERT)
MIN_ZONED_CONCERTS = 4  # upcoming ones, so the audience mix always has rooms to compare


@dataclass(frozen=True)
class ActivityPlan:
    title: str
    description: str
    format: str
    starts_at: datetime
    ends_at: datetime
    venue: str
    online: bool
    capacity: int
    status: str
    requirements: tuple[RequirementPlan, ...]
    zones: tuple[ZonePlan, ...]


@dataclass
class _Draft:
    """An activity being planned; `parent` links a companion to its symphony concert."""

    format: str
    title: str
    description: str
    starts_at: datetime
    parent: _Draft | None = None
    status: str = Status.PUBLISHED


def format_counts(total: int) -> dict[str, int]:
    """Split `total` activities over the formats in the season's proportions (at least one each)."""
    if total < len(FORMATS):
        raise ValueError(f"A demo season needs at least {len(FORMATS)} activities, one per format.")
    shares = np.array([plan.share for plan in FORMATS.values()], dtype=float)
    spare = total - len(FORMATS)
    exact = shares / shares.sum() * spare
    counts = np.floor(exact).astype(int)
    # Largest remainders take the leftover places, ties broken by the format order.
    for index in np.argsort(-(exact - counts), kind="stable")[: spare - counts.sum()]:
        counts[index] += 1
    return {fmt: int(count) + 1 for fmt, count in zip(FORMATS, counts, strict=True)}


def plan_season(
    rng: np.random.Generator, *, activities: int, today: date, tz: tzinfo
) -> list[ActivityPlan]:
    """A season from about six weeks before `today` to about nine months after."""
    first = today - timedelta(weeks=WEEKS_BEFORE)
    last = today + timedelta(days=round(MONTHS_AFTER * 30.4))
    counts = format_counts(activities)
    drafts: list[_Draft] = []
    for fmt, count in counts.items():
        if fmt not in COMPANIONS:
            drafts += _standalone(rng, fmt, count, first, last, tz)
    concerts = [d for d in drafts if d.format == Format.SYMPHONY_CONCERT]
    _set_statuses(rng, drafts, today, tz)
    for fmt, count in counts.items():
        if fmt in COMPANIONS:
            drafts += _companions(fmt, count, concerts)
    drafts.sort(key=lambda d: (d.starts_at, d.format, d.title))
    season = [_finish(rng, draft) for draft in drafts]
    _zone_enough_concerts(season, datetime.combine(today, time(), tzinfo=tz))
    return season


def is_upcoming_concert(activity: ActivityPlan, now: datetime) -> bool:
    """A published symphony or chamber concert that starts after `now`."""
    return (
        activity.format in STRICT_CONCERTS
        and activity.status == Status.PUBLISHED
        and activity.starts_at > now
    )


def _zone_enough_concerts(season: list[ActivityPlan], now: datetime) -> None:
    """Zone the earliest unzoned upcoming concerts until a few upcoming ones have zones."""
    upcoming = [i for i, a in enumerate(season) if is_upcoming_concert(a, now)]
    missing = MIN_ZONED_CONCERTS - sum(bool(season[i].zones) for i in upcoming)
    for index in [i for i in upcoming if not season[i].zones][: max(missing, 0)]:
        season[index] = replace(season[index], zones=FORMATS[season[index].format].zones)


def _standalone(
    rng: np.random.Generator, fmt: str, count: int, first: date, last: date, tz: tzinfo
) -> list[_Draft]:
    plan, titles = FORMATS[fmt], OWN_TITLES[fmt]
    span = (last - first).days
    order = rng.permutation(len(titles))
    drafts = []
    for i in range(count):
        day = first + timedelta(days=int((i + rng.uniform(0.1, 0.9)) * span / count))
        while day.weekday() not in plan.weekdays:
            day += timedelta(days=1)
        title, description = titles[order[i % len(titles)]]
        starts = datetime.combine(day, plan.start, tzinfo=tz)
        if fmt == Format.CHAMBER_CONCERT and title.startswith("Lunchtime"):
            starts = starts.replace(hour=13, minute=0)
        drafts.append(_Draft(fmt, title, description, starts))
    return drafts


def _companions(fmt: str, count: int, concerts: list[_Draft]) -> list[_Draft]:
    pattern, description = COMPANION_TEXTS[fmt]
    days, minutes = COMPANIONS[fmt]
    drafts = []
    for i in range(count):
        parent = concerts[int((i + 0.5) * len(concerts) / count) % len(concerts)]
        if days:
            day = parent.starts_at.date() + timedelta(days=days)
            starts = datetime.combine(day, FORMATS[fmt].start, tzinfo=parent.starts_at.tzinfo)
        else:
            starts = parent.starts_at + timedelta(minutes=minutes)
        title = pattern.format(title=parent.title)
        drafts.append(_Draft(fmt, title, description, starts, parent, parent.status))
    return drafts


def _set_statuses(rng: np.random.Generator, drafts: list[_Draft], today: date, tz: tzinfo) -> None:
    """The latest few are still drafts; one upcoming activity has been cancelled."""
    by_start = sorted(drafts, key=lambda d: (d.starts_at, d.title))
    for draft in by_start[-max(2, round(len(drafts) * 0.04)) :]:
        draft.status = Status.DRAFT
    soon = datetime.combine(today + timedelta(weeks=2), time(), tzinfo=tz)
    candidates = [
        d
        for d in by_start
        if d.status == Status.PUBLISHED
        and d.starts_at > soon
        and d.format != Format.SYMPHONY_CONCERT
    ]
    if candidates:
        candidates[int(rng.integers(len(candidates)))].status = Status.CANCELLED


def _finish(rng: np.random.Generator, draft: _Draft) -> ActivityPlan:
    plan = FORMATS[draft.format]
    ends = draft.starts_at + timedelta(minutes=plan.minutes)
    chosen = list(plan.requirements) + [e for e in plan.extras if rng.random() < 0.5]
    requirements = tuple(
        RequirementPlan(slug, level, float(np.clip(round(s + rng.uniform(-0.05, 0.05), 2), 0, 1)))
        for slug, level, s in chosen
    )
    zoned = plan.zones and rng.random() < plan.zoned_share
    return ActivityPlan(
        title=draft.title,
        description=draft.description,
        format=draft.format,
        starts_at=draft.starts_at,
        ends_at=ends,
        venue=plan.venue,
        online=plan.online,
        capacity=plan.capacity,
        status=draft.status,
        requirements=requirements,
        zones=plan.zones if zoned else (),
    )
