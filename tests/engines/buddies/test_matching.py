"""Buddy matching: hard rules, costs, reasons and optimality (no database)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linear_sum_assignment

from overture.buddies.languages import language_name
from overture.buddies.wording import reason_words, reasons_words
from overture.engines.assignment import Infeasible
from overture.engines.buddies import (
    Buddies,
    BuddyError,
    CostWeights,
    Requests,
    buddy_problem,
    match,
)

CHOIR, SCORE = 0, 1
PRACTICES = ["Singing in a choir", "Reading a vocal score"]
NEWCOMER, NOVICE, REGULAR, EXPERT = range(4)
UNKNOWN = -1
CONCERT, REHEARSAL, WORKSHOP = 101, 102, 103
SEASON = -1


def make_buddies(*rows: dict) -> Buddies:
    """Buddies from dicts; defaults: expert in both, helps with both, English, capacity 1."""
    full = [
        {
            "levels": (EXPERT, EXPERT),
            "helps": (True, True),
            "capacity": 1,
            "languages": {"en"},
            "vetted": False,
            "activities": {CONCERT},
        }
        | row
        for row in rows
    ]
    return Buddies(
        levels=np.array([r["levels"] for r in full], dtype=np.int8).reshape(-1, 2),
        capacity=np.array([r["capacity"] for r in full], dtype=np.int64),
        helps_with=np.array([r["helps"] for r in full], dtype=bool).reshape(-1, 2),
        languages=[frozenset(r["languages"]) for r in full],
        vetted=np.array([r["vetted"] for r in full], dtype=bool),
        activities=[frozenset(r["activities"]) for r in full],
    )


def make_requests(*rows: dict) -> Requests:
    """Requests from dicts; defaults: newcomer asking about choir singing at the concert."""
    full = [
        {
            "levels": (NEWCOMER, NEWCOMER),
            "asks": (True, False),
            "language": "en",
            "minor": False,
            "activity": CONCERT,
            "activities": set(),
            "previous": -1,
        }
        | row
        for row in rows
    ]
    return Requests(
        levels=np.array([r["levels"] for r in full], dtype=np.int8).reshape(-1, 2),
        practices=np.array([r["asks"] for r in full], dtype=bool).reshape(-1, 2),
        language=[r["language"] for r in full],
        minor=np.array([r["minor"] for r in full], dtype=bool),
        activity=np.array([r["activity"] for r in full], dtype=np.int64),
        activities=[frozenset(r["activities"]) for r in full],
        previous_buddy=np.array([r["previous"] for r in full], dtype=np.int64),
    )


def said(reasons, language_names=None) -> tuple[str, ...]:
    """The reasons as the staff page words them; `language_names` names extra languages."""
    extra = language_names or {}
    return reasons_words(reasons, lambda code: extra.get(code) or language_name(code))


def run(requests: Requests, buddies: Buddies, **options):
    return match(requests, buddies, practice_names=PRACTICES, **options)


def pairs_of(result) -> list[tuple[int, int]]:
    return [(p.request, p.buddy) for p in result.pairs]


class TestHardRules:
    def test_a_minor_only_with_a_vetted_buddy(self):
        result = run(
            make_requests({"minor": True}, {"minor": True}),
            make_buddies({"vetted": False, "capacity": 2}, {"vetted": True}),
        )
        assert pairs_of(result) == [(0, 1)]

    def test_a_shared_language(self):
        result = run(
            make_requests({"language": "pl"}),
            make_buddies({"languages": {"en"}}, {"languages": {"en", "pl"}}),
        )
        assert pairs_of(result) == [(0, 1)]

    @pytest.mark.parametrize(
        ("buddy", "allowed"),
        [
            ({"levels": (NOVICE, EXPERT)}, False),  # the same level is not ahead
            ({"levels": (REGULAR, EXPERT)}, True),
            ({"levels": (UNKNOWN, EXPERT)}, False),  # an unknown level does not qualify
            ({"levels": (EXPERT, EXPERT), "helps": (False, True)}, False),
        ],
    )
    def test_at_least_one_level_above_in_a_practice_they_help_with(self, buddy, allowed):
        result = run(make_requests({"levels": (NOVICE, NEWCOMER)}), make_buddies(buddy))
        assert bool(result.pairs) is allowed

    def test_an_unknown_level_counts_as_newcomer(self):
        result = run(
            make_requests({"levels": (UNKNOWN, UNKNOWN)}),
            make_buddies({"levels": (NOVICE, NEWCOMER)}),
        )
        assert pairs_of(result) == [(0, 0)]

    def test_every_practice_asked(self):
        result = run(
            make_requests({"asks": (True, True)}),
            make_buddies({"levels": (EXPERT, NEWCOMER)}, {"levels": (NOVICE, NOVICE)}),
        )
        assert pairs_of(result) == [(0, 1)]

    def test_nobody_is_ahead_of_an_expert(self):
        result = run(make_requests({"levels": (EXPERT, NEWCOMER)}), make_buddies({}))
        assert not result.pairs

    def test_an_activity_request_only_with_a_buddy_going_there(self):
        result = run(
            make_requests({"activity": REHEARSAL}),
            make_buddies({"activities": {CONCERT}}, {"activities": {CONCERT, REHEARSAL}}),
        )
        assert pairs_of(result) == [(0, 1)]

    def test_a_season_request_may_take_a_buddy_from_any_activity(self):
        result = run(
            make_requests({"activity": SEASON, "activities": {WORKSHOP}}),
            make_buddies({"activities": {CONCERT}}),
        )
        assert pairs_of(result) == [(0, 0)]


class TestCosts:
    def test_the_closest_level_is_preferred(self):
        result = run(
            make_requests({}),
            make_buddies({"levels": (EXPERT, EXPERT)}, {"levels": (NOVICE, NOVICE)}),
        )
        assert pairs_of(result) == [(0, 1)]
        assert result.pairs[0].cost == 0

    def test_the_earlier_buddy_is_preferred(self):
        result = run(make_requests({"previous": 1}), make_buddies({}, {}))
        assert pairs_of(result) == [(0, 1)]

    def test_a_buddy_sharing_an_activity_is_preferred_for_the_season(self):
        result = run(
            make_requests({"activity": SEASON, "activities": {REHEARSAL}}),
            make_buddies({"activities": {CONCERT}}, {"activities": {REHEARSAL}}),
        )
        assert pairs_of(result) == [(0, 1)]
        assert result.pairs[0].cost == 2 * CostWeights().level_gap

    def test_the_load_is_spread(self):
        result = run(
            make_requests({}, {}),
            make_buddies({"capacity": 2}, {"capacity": 2, "levels": (EXPERT, EXPERT)}),
        )
        assert sorted(p.buddy for p in result.pairs) == [0, 1]

    def test_weights_change_the_choice(self):
        requests = make_requests({"previous": 0})
        buddies = make_buddies({"levels": (EXPERT, EXPERT)}, {"levels": (NOVICE, NOVICE)})
        assert pairs_of(run(requests, buddies)) == [(0, 0)]
        shy = CostWeights(level_gap=20, not_previous=5)
        assert pairs_of(run(requests, buddies, weights=shy)) == [(0, 1)]

    def test_weights_must_be_whole_and_not_negative(self):
        with pytest.raises(ValueError):
            CostWeights(load=-1)


class TestPairReasons:
    def reasons(self, request: dict, buddy: dict, language_names=None) -> tuple[str, ...]:
        result = run(make_requests(request), make_buddies(buddy))
        assert len(result.pairs) == 1
        return said(result.pairs[0].reasons, language_names)

    def test_levels_and_language_and_activity(self):
        assert self.reasons(
            {"language": "pl"}, {"levels": (REGULAR, EXPERT), "languages": {"pl"}}
        ) == (
            "Two levels above you in Singing in a choir",
            "Also goes to this activity",
            "Speaks Polish",
        )

    def test_one_level_above(self):
        reasons = self.reasons({"levels": (REGULAR, NEWCOMER)}, {})
        assert reasons[0] == "One level above you in Singing in a choir"

    def test_each_practice_asked(self):
        reasons = self.reasons({"asks": (True, True), "levels": (NOVICE, UNKNOWN)}, {})
        assert reasons[:2] == (
            "Two levels above you in Singing in a choir",
            "Three levels above you in Reading a vocal score",
        )

    def test_paired_before(self):
        assert self.reasons({"previous": 0}, {})[0] == "You were paired before"

    def test_vetted_for_a_minor(self):
        assert "Vetted to accompany under-18s" in self.reasons({"minor": True}, {"vetted": True})

    def test_vetted_is_not_mentioned_for_adults(self):
        assert "Vetted to accompany under-18s" not in self.reasons({}, {"vetted": True})

    @pytest.mark.parametrize(
        ("mine", "theirs", "text"),
        [
            ({REHEARSAL}, {REHEARSAL}, "Goes to one of your activities"),
            ({REHEARSAL, CONCERT}, {REHEARSAL, CONCERT}, "Goes to 2 of your activities"),
            ({REHEARSAL}, {CONCERT}, "Goes to none of your activities"),
        ],
    )
    def test_shared_activities_for_the_season(self, mine, theirs, text):
        reasons = self.reasons({"activity": SEASON, "activities": mine}, {"activities": theirs})
        assert text in reasons

    def test_a_season_request_without_activities_says_nothing_about_them(self):
        reasons = self.reasons({"activity": SEASON}, {})
        assert not [r for r in reasons if "activit" in r]

    def test_other_newcomers_of_the_buddy(self):
        result = run(make_requests({}, {}, {}), make_buddies({"capacity": 3}))
        assert said(result.pairs[0].reasons)[-1] == "Also helps 2 other newcomers"
        result = run(make_requests({}, {}), make_buddies({"capacity": 2}))
        assert said(result.pairs[0].reasons)[-1] == "Also helps one other newcomer"

    def test_already_agreed(self):
        result = run(make_requests({}), make_buddies({}, {}), fixed=[(0, 1)])
        assert pairs_of(result) == [(0, 1)]
        assert said(result.pairs[0].reasons)[0] == "Already agreed"

    def test_a_fixed_pair_says_only_what_still_holds(self):
        result = run(
            make_requests({"language": "pl", "minor": True}),
            make_buddies({"activities": {REHEARSAL}}),
            fixed=[(0, 0)],
        )
        assert said(result.pairs[0].reasons) == (
            "Already agreed",
            "Three levels above you in Singing in a choir",
        )

    def test_language_names_can_be_given(self):
        reasons = self.reasons(
            {"language": "sgn"}, {"languages": {"sgn"}}, language_names={"sgn": "Makaton"}
        )
        assert reasons[-1] == "Speaks Makaton"

    def test_an_unknown_language_code_is_shown_as_it_is(self):
        assert self.reasons({"language": "xx"}, {"languages": {"xx"}})[-1] == "Speaks xx"


class TestUnmatchedReasons:
    def reason(self, request: dict, *buddies: dict) -> str:
        result = run(make_requests(request), make_buddies(*buddies))
        assert not result.pairs
        (unmatched,) = result.unmatched
        return reason_words(unmatched.reason)

    def test_no_buddy_speaks_the_language(self):
        assert self.reason({"language": "pl"}, {}) == "No buddy speaks Polish"

    def test_no_buddy_at_this_activity_speaks_the_language(self):
        assert (
            self.reason({"language": "pl"}, {}, {"languages": {"pl"}, "activities": {REHEARSAL}})
            == "No buddy at this activity speaks Polish"
        )

    def test_no_buddy_goes_to_the_activity(self):
        assert self.reason({"activity": WORKSHOP}, {}) == "No buddy goes to this activity"

    def test_no_vetted_buddy_for_a_minor(self):
        assert self.reason({"minor": True}, {}) == "No buddy is vetted to accompany under-18s"

    def test_no_vetted_buddy_at_this_activity(self):
        reason = self.reason({"minor": True}, {}, {"vetted": True, "activities": {REHEARSAL}})
        assert reason == "No buddy at this activity is vetted to accompany under-18s"

    def test_no_buddy_helps_with_the_practice(self):
        reason = self.reason({}, {"helps": (False, True)})
        assert reason == "No buddy helps with Singing in a choir"

    def test_no_buddy_is_far_enough_ahead(self):
        reason = self.reason({"levels": (REGULAR, NEWCOMER)}, {"levels": (REGULAR, EXPERT)})
        assert reason == "No buddy is far enough ahead in Singing in a choir"

    def test_an_expert_asking(self):
        reason = self.reason({"levels": (EXPERT, NEWCOMER)}, {})
        assert reason == "No buddy is far enough ahead in Singing in a choir"

    def test_the_rules_that_mattered_are_named(self):
        reason = self.reason(
            {"language": "pl", "minor": True},
            {"languages": {"pl"}, "vetted": True, "levels": (NEWCOMER, NEWCOMER)},
            {"languages": {"en"}, "vetted": True, "levels": (EXPERT, EXPERT)},
            {"languages": {"pl"}, "vetted": False, "levels": (EXPERT, EXPERT)},
        )
        assert reason == (
            "No vetted buddy who speaks Polish is far enough ahead in Singing in a choir"
        )

    def test_no_single_buddy_covers_every_practice(self):
        reason = self.reason(
            {"asks": (True, True)},
            {"levels": (EXPERT, NEWCOMER)},
            {"levels": (NEWCOMER, EXPERT)},
        )
        assert reason == (
            "No buddy is far enough ahead in both Singing in a choir and Reading a vocal score"
        )

    def test_all_buddies_for_the_activity_are_full(self):
        result = run(make_requests({}, {}), make_buddies({}))
        assert [reason_words(u.reason) for u in result.unmatched] == [
            "All suitable buddies for this activity are full"
        ]

    def test_all_suitable_buddies_are_full_for_the_season(self):
        result = run(make_requests({"activity": SEASON}, {"activity": SEASON}), make_buddies({}))
        assert [reason_words(u.reason) for u in result.unmatched] == [
            "All suitable buddies are full"
        ]

    def test_a_buddy_without_capacity_counts_as_full(self):
        assert self.reason({}, {"capacity": 0}) == (
            "All suitable buddies for this activity are full"
        )

    def test_no_buddies_at_all(self):
        assert self.reason({}) == "No buddies have volunteered yet"


class TestMatching:
    def test_alike_requests_are_served_in_order(self):
        result = run(make_requests({}, {}, {}), make_buddies({}, {}))
        assert [p.request for p in result.pairs] == [0, 1]
        assert [u.request for u in result.unmatched] == [2]

    def test_summary_figures(self):
        result = run(
            make_requests({}, {"levels": (NOVICE, NEWCOMER)}, {"language": "pl"}),
            make_buddies({"levels": (REGULAR, NEWCOMER)}, {"levels": (EXPERT, EXPERT)}),
        )
        assert result.matched_share == pytest.approx(2 / 3)
        # Newcomer with the regular (two ahead), novice with the expert (two ahead).
        assert result.mean_level_gap == pytest.approx(2.0)
        assert result.total_cost == sum(p.cost for p in result.pairs)

    def test_nothing_to_match(self):
        result = run(make_requests(), make_buddies({}))
        assert result.pairs == result.unmatched == ()
        assert result.matched_share == result.mean_level_gap == 0.0

    def test_fixed_pairs_are_kept_even_against_the_rules(self):
        result = run(make_requests({"language": "pl"}), make_buddies({}), fixed=[(0, 0)])
        assert pairs_of(result) == [(0, 0)]

    def test_fixed_pairs_beyond_capacity_are_infeasible(self):
        with pytest.raises(Infeasible):
            run(make_requests({}, {}), make_buddies({}), fixed=[(0, 0), (1, 0)])

    def test_deterministic(self):
        rng = np.random.default_rng(5)
        requests, buddies = random_programme(rng, 40, 12)
        first, second = run(requests, buddies), run(requests, buddies)
        assert first == second

    @pytest.mark.parametrize(
        "problem",
        [
            {"practice_names": ["only one"]},
            {"fixed": [(0, 9)]},
        ],
    )
    def test_bad_inputs_are_refused(self, problem):
        options = {"practice_names": PRACTICES} | problem
        with pytest.raises(BuddyError):
            match(make_requests({}), make_buddies({}), **options)

    def test_shapes_are_checked(self):
        with pytest.raises(BuddyError):
            Requests(
                levels=np.zeros((2, 2), dtype=np.int8),
                practices=np.zeros((2, 3), dtype=bool),
                language=["en", "en"],
                minor=[False, False],
                activity=[1, 1],
                activities=[set(), set()],
                previous_buddy=[-1, -1],
            )
        with pytest.raises(BuddyError):
            make_buddies({"levels": (4, 0)})


# An independent reading of the rules and costs, pair by pair, in plain Python.


def allowed(requests: Requests, buddies: Buddies, r: int, s: int) -> bool:
    if requests.language[r] not in buddies.languages[s]:
        return False
    if requests.minor[r] and not buddies.vetted[s]:
        return False
    if requests.activity[r] >= 0 and requests.activity[r] not in buddies.activities[s]:
        return False
    for p in np.flatnonzero(requests.practices[r]).tolist():
        need = max(int(requests.levels[r, p]), 0) + 1
        if not buddies.helps_with[s, p] or buddies.levels[s, p] < need:
            return False
    return True


def pair_cost(requests: Requests, buddies: Buddies, r: int, s: int, w: CostWeights) -> int:
    cost = 0
    for p in np.flatnonzero(requests.practices[r]).tolist():
        cost += w.level_gap * (int(buddies.levels[s, p]) - max(int(requests.levels[r, p]), 0) - 1)
    if requests.activity[r] < 0 and not requests.activities[r] & buddies.activities[s]:
        cost += w.no_shared_activity
    previous = int(requests.previous_buddy[r])
    if previous >= 0 and previous != s:
        cost += w.not_previous
    return cost


def brute_force(requests: Requests, buddies: Buddies, w: CostWeights, fixed=()) -> tuple[int, int]:
    """(matched, total cost) by linear_sum_assignment over requests × buddy slots.

    Fixed pairs take their buddies' first slots; the other requests share the rest.
    """
    taken = np.bincount([s for _, s in fixed], minlength=len(buddies))
    slots = [(s, k) for s in range(len(buddies)) for k in range(taken[s], int(buddies.capacity[s]))]
    fixed_total = sum(pair_cost(requests, buddies, r, s, w) for r, s in fixed)
    fixed_total += sum(w.load * k for s in range(len(buddies)) for k in range(taken[s]))
    free = sorted(set(range(len(requests))) - {r for r, _ in fixed})
    if not free:
        return len(fixed), fixed_total
    forbidden, unmatched = 10**9, 10**5
    matrix = np.full((len(free), len(slots) + len(free)), forbidden, dtype=np.int64)
    for i, r in enumerate(free):
        matrix[i, len(slots) + i] = unmatched
        for j, (s, k) in enumerate(slots):
            if allowed(requests, buddies, r, s):
                matrix[i, j] = pair_cost(requests, buddies, r, s, w) + w.load * k
    rows, cols = linear_sum_assignment(matrix)
    real = cols < len(slots)
    return len(fixed) + int(real.sum()), fixed_total + int(matrix[rows[real], cols[real]].sum())


def random_programme(rng: np.random.Generator, count: int, buddy_count: int):
    languages = ["en", "pl", "cy"]
    acts = [CONCERT, REHEARSAL, WORKSHOP]
    buddies = Buddies(
        levels=rng.integers(-1, 4, size=(buddy_count, 2)).astype(np.int8),
        capacity=rng.integers(0, 4, size=buddy_count),
        helps_with=rng.random((buddy_count, 2)) < 0.8,
        languages=[
            frozenset(rng.choice(languages, size=rng.integers(1, 3), replace=False).tolist())
            for _ in range(buddy_count)
        ],
        vetted=rng.random(buddy_count) < 0.4,
        activities=[
            frozenset(rng.choice(acts, size=rng.integers(0, 3), replace=False).tolist())
            for _ in range(buddy_count)
        ],
    )
    asks = rng.random((count, 2)) < 0.6
    season = rng.random(count) < 0.4
    requests = Requests(
        levels=rng.integers(-1, 4, size=(count, 2)).astype(np.int8),
        practices=asks,
        language=rng.choice(languages, size=count, p=[0.7, 0.2, 0.1]).tolist(),
        minor=rng.random(count) < 0.2,
        activity=np.where(season, -1, rng.choice(acts, size=count)),
        activities=[
            frozenset(rng.choice(acts, size=rng.integers(0, 3), replace=False).tolist())
            for _ in range(count)
        ],
        previous_buddy=np.where(
            rng.random(count) < 0.3, rng.integers(0, buddy_count, size=count), -1
        ),
    )
    return requests, buddies


weights_strategy = st.builds(
    CostWeights,
    level_gap=st.integers(0, 20),
    no_shared_activity=st.integers(0, 30),
    not_previous=st.integers(0, 30),
    load=st.integers(0, 10),
)


class TestAgainstBruteForce:
    @settings(max_examples=120, deadline=None)
    @given(st.integers(0, 2**32 - 1), st.integers(1, 14), st.integers(1, 6), weights_strategy)
    def test_optimal_matched_count_and_cost(self, seed, count, buddy_count, weights):
        requests, buddies = random_programme(np.random.default_rng(seed), count, buddy_count)
        result = run(requests, buddies, weights=weights)
        assert (len(result.pairs), result.total_cost) == brute_force(requests, buddies, weights)

    @settings(max_examples=80, deadline=None)
    @given(st.integers(0, 2**32 - 1), st.integers(1, 14), st.integers(1, 6))
    def test_optimal_around_fixed_pairs(self, seed, count, buddy_count):
        rng = np.random.default_rng(seed)
        requests, buddies = random_programme(rng, count, buddy_count)
        room = buddies.capacity.copy()
        fixed = []
        for r in range(count):
            choices = [s for s in range(buddy_count) if allowed(requests, buddies, r, s)]
            if choices and rng.random() < 0.3:
                s = int(rng.choice(choices))
                if room[s] > 0:
                    room[s] -= 1
                    fixed.append((r, s))
        result = run(requests, buddies, fixed=fixed)
        assert set(fixed) <= set(pairs_of(result))
        expected = brute_force(requests, buddies, CostWeights(), fixed)
        assert (len(result.pairs), result.total_cost) == expected

    @settings(max_examples=120, deadline=None)
    @given(st.integers(0, 2**32 - 1), st.integers(1, 14), st.integers(1, 6))
    def test_every_pair_keeps_the_rules_and_its_cost(self, seed, count, buddy_count):
        requests, buddies = random_programme(np.random.default_rng(seed), count, buddy_count)
        result = run(requests, buddies)
        weights = CostWeights()
        load = np.bincount([p.buddy for p in result.pairs], minlength=buddy_count)
        assert (load <= buddies.capacity).all()
        for pair in result.pairs:
            assert allowed(requests, buddies, pair.request, pair.buddy)
            assert pair.cost == pair_cost(requests, buddies, pair.request, pair.buddy, weights)
        assert sorted(
            [p.request for p in result.pairs] + [u.request for u in result.unmatched]
        ) == list(range(count))

    @settings(max_examples=80, deadline=None)
    @given(st.integers(0, 2**32 - 1), st.integers(1, 14), st.integers(1, 6))
    def test_unmatched_with_candidates_means_all_of_them_are_full(self, seed, count, buddies_n):
        requests, buddies = random_programme(np.random.default_rng(seed), count, buddies_n)
        result = run(requests, buddies)
        load = np.bincount([p.buddy for p in result.pairs], minlength=buddies_n)
        for unmatched in result.unmatched:
            candidates = [
                s for s in range(buddies_n) if allowed(requests, buddies, unmatched.request, s)
            ]
            full = reason_words(unmatched.reason).startswith("All suitable buddies")
            assert full == bool(candidates)
            assert all(load[s] >= buddies.capacity[s] for s in candidates)

    def test_candidate_counts(self):
        requests, buddies = random_programme(np.random.default_rng(3), 30, 10)
        built = buddy_problem(requests, buddies)
        expected = [
            sum(allowed(requests, buddies, r, s) for s in range(len(buddies)))
            for r in range(len(requests))
        ]
        assert built.candidate_count.tolist() == expected
