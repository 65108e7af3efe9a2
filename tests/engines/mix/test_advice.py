"""Advice rules: when they fire, how they rank, what check_rule tells staff."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from overture.engines.mix.advice import (
    COMPARISONS,
    FIGURES,
    KINDS,
    SCOPES,
    Advice,
    AdviceError,
    Condition,
    Rule,
    advise,
    check_rule,
    format_figure,
    render,
)
from overture.mix.wording import problem_words


def said(a_rule: Rule) -> list[str]:
    """What check_rule finds wrong, as the advice-rule form says it."""
    return [problem_words(problem) for problem in check_rule(a_rule)]


def rule(*conditions, text="Act now.", name="A rule", weight=5, scope="activity", key=1):
    return Rule(
        key=key,
        name=name,
        variable="heterogeneity_conflict",
        scope=scope,
        conditions=tuple(Condition(*c) for c in conditions),
        advice=text,
        weight=weight,
    )


def fires(a_rule: Rule, figures: dict) -> bool:
    return bool(advise([a_rule], figures, a_rule.scope))


# --- conditions -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("comparison", "holds", "silent"),
    [
        (">=", [0.4, 0.9], [0.39]),
        (">", [0.41, 0.9], [0.4]),
        ("<=", [0.4, 0.0], [0.41]),
        ("<", [0.39, 0.0], [0.4]),
    ],
)
def test_each_comparison_fires_and_stays_silent_on_its_opposite(comparison, holds, silent):
    a_rule = rule(("conflict", comparison, 0.4))
    for value in holds:
        assert fires(a_rule, {"conflict": value}), value
    for value in silent:
        assert not fires(a_rule, {"conflict": value}), value


@pytest.mark.parametrize(
    ("figure", "comparison", "threshold", "fires_at", "silent_at"),
    [
        ("rigidity", ">=", 0.5, 0.7, 0.3),
        ("access", "<", 0.5, 0.25, 1.0),
        ("clarity", "<", 0.6, 0.4, 0.8),
        ("free_buddies", ">", 0, 3, 0),
        ("unmatched_requests", ">=", 1, 2, 0),
        ("newcomer_share", ">=", 0.5, 0.62, 0.1),
        ("days_to_go", "<=", 7, 3, 30),
    ],
)
def test_conditions_on_each_kind_of_figure(figure, comparison, threshold, fires_at, silent_at):
    a_rule = rule((figure, comparison, threshold))
    assert fires(a_rule, {figure: fires_at})
    assert not fires(a_rule, {figure: silent_at})


def test_every_condition_must_hold():
    a_rule = rule(("newcomer_share", ">=", 0.5), ("strictness", ">=", 0.7))
    assert fires(a_rule, {"newcomer_share": 0.6, "strictness": 0.9})
    assert not fires(a_rule, {"newcomer_share": 0.6, "strictness": 0.5})
    assert not fires(a_rule, {"newcomer_share": 0.4, "strictness": 0.9})


@pytest.mark.parametrize("figures", [{}, {"clarity": None}, {"clarity": float("nan")}])
def test_a_missing_figure_never_holds(figures):
    assert not fires(rule(("clarity", "<", 0.5)), figures)
    assert not fires(rule(("clarity", ">=", 0.5)), figures)


def test_a_season_rule_waits_for_the_season():
    season = rule(("mean_conflict", ">=", 0.3), scope="season")
    figures = {"mean_conflict": 0.5}
    assert advise([season], figures, "activity") == []
    assert [a.name for a in advise([season], figures, "season")] == ["A rule"]
    with pytest.raises(AdviceError):
        advise([season], figures, "week")


# --- text -----------------------------------------------------------------------------------


def test_the_text_is_filled_with_the_figures_behind_it():
    a_rule = rule(
        ("newcomer_share", ">=", 0.5),
        ("strictness", ">=", 0.7),
        text="{newcomer share} are new to {strict practice}: {free buddies} buddies are "
        "free, {Unmatched_Requests} still wait.",
    )
    figures = {
        "newcomer_share": 0.62,
        "strictness": 0.9,
        "strict_practice": "listening in silence",
        "free_buddies": 3.0,  # counts may come as floats
        "unmatched_requests": 2,
        "conflict": 0.8,  # not used by the rule: not shown with it
    }
    [found] = advise([a_rule], figures, "activity")
    assert found.text == "62 % are new to listening in silence: 3 buddies are free, 2 still wait."
    assert found.figures == {
        "newcomer_share": 0.62,
        "strictness": 0.9,
        "strict_practice": "listening in silence",
        "free_buddies": 3,
        "unmatched_requests": 2,
    }
    assert (found.key, found.variable, found.weight) == (1, "heterogeneity_conflict", 5)


@pytest.mark.parametrize(
    ("text", "figures"),
    [
        ("Open the {relaxed zone} area.", {"relaxed_zone": ""}),  # no relaxed zone
        ("Clarity is {clarity}.", {"clarity": None}),
        ("{free buddies} buddies.", {}),
        ("{required level}", {"required_level": 7}),
        ("{conflict.real}", {}),
        ("{conflict:.0%}", {}),  # the old form is converted by a migration, not rendered
        ("{}", {}),
        ("{conflict", {}),
        ("conflict}", {}),
    ],
)
def test_a_rule_that_cannot_be_rendered_is_skipped(text, figures):
    figures = {"conflict": 0.9, **figures}
    assert advise([rule(("conflict", ">=", 0.4), text=text)], figures, "activity") == []


def test_render_fills_only_plain_names():
    assert render("{zones} zones, {{none}}", {"zones": 2}) == "2 zones, {none}"
    with pytest.raises(AdviceError):
        render("{zones.__class__}", {"zones": 2})
    with pytest.raises(AdviceError):
        render("{unknown}", {"unknown": 2})


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet="{}:.%0dfs!r ab_conflictzones", max_size=30),
    st.dictionaries(
        st.sampled_from(sorted(FIGURES)),
        st.one_of(st.none(), st.floats(allow_nan=True), st.integers(-5, 50), st.text(max_size=5)),
    ),
)
def test_advise_never_raises_over_a_rule(text, figures):
    result = advise(
        [rule(("conflict", ">=", 0.0), text=text)], {"conflict": 1.0, **figures}, "activity"
    )
    assert len(result) <= 1


# --- ranking --------------------------------------------------------------------------------


def test_advice_is_ranked_by_score_then_weight_then_name():
    figures = {"conflict": 0.6, "access": 0.2, "rigidity": 0.5}
    rules = [
        rule(("conflict", ">=", 0.4), name="Zone the room", weight=4),  # 4 × (1 + 0.5) = 6
        rule(("access", "<", 0.5), name="Find buddies", weight=5),  # 5 × (1 + 0.6) = 8
        rule(("rigidity", ">=", 0.5), name="Add a guide", weight=6),  # only just: 6
        rule(("rigidity", ">=", 0.5), name="A guide", weight=6),  # same score, weight: by name
        rule(("rigidity", ">=", 0.9), name="Never", weight=10),
    ]
    found = advise(rules, figures, "activity")
    assert [a.name for a in found] == ["Find buddies", "A guide", "Add a guide", "Zone the room"]
    assert [a.score for a in found] == pytest.approx([8.0, 6.0, 6.0, 6.0])
    # Equal scores: the heavier rule first.
    assert found[-1].weight == 4


def test_excess_is_relative_and_capped():
    figures = {"free_buddies": 12, "conflict": 0.0}
    zero_threshold = advise([rule(("free_buddies", ">", 0), weight=3)], figures, "activity")
    assert zero_threshold[0].score == 6.0  # 12 beyond 0, relative to 1, capped at 1
    at_most = advise([rule(("conflict", "<=", 0.2), weight=2)], figures, "activity")
    assert at_most[0].score == pytest.approx(4.0)  # 0.2 below 0.2 is all of it
    two = advise(
        [rule(("free_buddies", ">=", 8), ("conflict", "<=", 0.4), weight=4)], figures, "activity"
    )
    assert two[0].score == pytest.approx(4 * (1 + (0.5 + 1.0) / 2))


# --- check_rule -----------------------------------------------------------------------------


def test_a_good_rule_has_no_problems():
    good = rule(
        ("newcomer_share", ">=", 0.5),
        ("strictness", ">", 0.7),
        text="{newcomer share} new to {strict practice}; {free buddies} buddies free; "
        "open {relaxed zone}. Rigidity {rigidity}, {days to go} days to go at {activity}.",
    )
    assert check_rule(good) == []


@pytest.mark.parametrize(
    ("a_rule", "expected"),
    [
        (rule(("conflit", ">=", 0.4)), 'When: "conflit" is not a figure. Did you mean "conflict"?'),
        (
            rule(("conflict", ">=", 0.4), ("mean_access", "<", 0.5)),
            'And when: "mean_access" is a figure of the season, and this rule is for each '
            "activity.",
        ),
        (rule(("conflict", "=", 0.4)), 'When: "=" is not a comparison; use one of >=, <=, >, <.'),
        (
            rule(("strict_practice", ">=", 1)),
            'When: "strict_practice" is a name, not a number to compare.',
        ),
        (
            rule(("conflict", ">=", float("nan"))),
            "When: the value to compare with must be a number.",
        ),
        (rule(), "Give at least one condition for the advice to apply."),
        (
            rule(("conflict", ">=", 0.4), text="Zone it now {conflict"),
            "The advice text opens a brace after “Zone it now” that is never closed: put each "
            "figure between { and }, e.g. {free buddies}, and write {{ for a brace itself.",
        ),
        (
            rule(("conflict", ">=", 0.4), text="Zone it} now"),
            "The advice text closes a brace after “Zone it” that was never opened: put each "
            "figure between { and }, e.g. {free buddies}, and write }} for a brace itself.",
        ),
        (
            rule(("conflict", ">=", 0.4), text="{conflict {zones}"),
            "The advice text opens a brace at the start that is never closed: put each "
            "figure between { and }, e.g. {free buddies}, and write {{ for a brace itself.",
        ),
        (
            rule(("conflict", ">=", 0.4), text="Only {newcomer shares} are new."),
            "There is no figure called {newcomer shares} — did you mean {newcomer share}?",
        ),
        (
            rule(("conflict", ">=", 0.4), text="Ask {buddies} buddies."),
            "There is no figure called {buddies} — did you mean {free buddies}?",
        ),
        (
            rule(("conflict", ">=", 0.4), text="{newcomer_share:.0%} are new."),
            "There is no figure called {newcomer_share:.0%} — did you mean {newcomer share}?",
        ),
        (
            rule(("conflict", ">=", 0.4), text="{weather} today"),
            "There is no figure called {weather}; the list beside says which exist.",
        ),
        (
            rule(("conflict", ">=", 0.4), text="{activities} activities"),
            "In the advice text, {activities} is a figure of the season, and this rule is for "
            "each activity.",
        ),
        (
            rule(("conflict", ">=", 0.4), text="{} buddies"),
            "The advice text has empty braces {}: put a figure name between them, "
            "e.g. {free buddies}.",
        ),
        (rule(("conflict", ">=", 0.4), text="  "), "Write the advice text."),
        (
            rule(("conflict", ">=", 0.4), weight=5.5),
            "The weight must be a whole number from 1 to 10.",
        ),
        (
            rule(("conflict", ">=", 0.4), weight=11),
            "The weight must be a whole number from 1 to 10.",
        ),
        (
            rule(("conflict", ">=", 0.4), scope="week"),
            'The scope must be "activity" or "season", not "week".',
        ),
    ],
)
def test_check_rule_names_each_problem(a_rule, expected):
    assert expected in said(a_rule)


def test_check_rule_names_an_unknown_variable():
    wrong = Rule(1, "X", "mood", "activity", (Condition("conflict", ">=", 0.4),), "Act.", 5)
    assert said(wrong) == [
        '"mood" is not one of the variables (role_rigidity, heterogeneity_conflict, '
        "participation_access, signposting)."
    ]


def test_a_placeholder_used_twice_is_reported_once():
    twice = rule(("conflict", ">=", 0.4), text="{nope} and {nope}")
    assert len(check_rule(twice)) == 1


@pytest.mark.parametrize(
    ("text", "figures", "expected"),
    [
        ("{newcomer share} are new", {"newcomer_share": 0.344}, "34 % are new"),
        ("{fill} full", {"fill": 1}, "100 % full"),
        ("{fill} full", {"fill": 0.005}, "0 % full"),
        ("{registrants} booked", {"registrants": 1234}, "1,234 booked"),
        ("{registrants} booked", {"registrants": 1234567.0}, "1,234,567 booked"),
        ("{days to go} days", {"days_to_go": 3}, "3 days"),
        ("asks {required level}", {"required_level": 0}, "asks newcomer"),
        ("asks {required level}", {"required_level": 3}, "asks expert"),
        ("conflict {conflict}", {"conflict": 0.4567}, "conflict 0.46"),
        ("strictness {strictness}", {"strictness": 1}, "strictness 1.00"),
        ("at {activity}", {"activity": "Mahler 5"}, "at Mahler 5"),
        ("{{ {zones} }}", {"zones": 2}, "{ 2 }"),
    ],
)
def test_each_kind_of_figure_is_formatted_by_itself(text, figures, expected):
    assert render(text, figures) == expected


def test_a_rule_that_passes_the_check_renders_with_every_kind_of_value():
    figures = {
        "conflict": 0.55,
        "fill": 1,
        "zones": 2.0,
        "strictness": 1,
        "relaxed_zone": "Bar",
        "required_level": 2,
    }
    for name in figures:
        a_rule = rule(("conflict", ">=", 0.4), text="{" + FIGURES[name].words + "}")
        assert check_rule(a_rule) == []
        assert fires(a_rule, figures), name


# --- the figures ----------------------------------------------------------------------------


def test_every_figure_is_described():
    assert set(COMPARISONS) == {">=", "<=", ">", "<"}
    for name, figure in FIGURES.items():
        assert figure.name == name
        assert figure.scope in SCOPES
        assert figure.kind in KINDS
        assert figure.description
    activity = {n for n, f in FIGURES.items() if f.scope == "activity"}
    assert {"rigidity", "conflict", "access", "clarity", "newcomer_share", "relaxed_zone"} <= (
        activity
    )
    assert {"mean_rigidity", "unzoned_high_conflict"} <= set(FIGURES) - activity


def test_format_figure():
    assert format_figure("fill", 0.875) == "88%"
    assert format_figure("access", 1) == "1.00"
    assert format_figure("registrants", 40.0) == "40"
    assert format_figure("strict_practice", "singing") == "singing"
    assert format_figure("mean_clarity", None) == "—"


def test_advice_is_a_plain_value():
    found = advise([rule(("conflict", ">=", 0.4))], {"conflict": 0.4}, "activity")
    assert found == [
        Advice(
            key=1,
            name="A rule",
            variable="heterogeneity_conflict",
            text="Act now.",
            weight=5,
            score=5.0,
            figures={"conflict": 0.4},
        )
    ]


def test_the_example_rules_of_the_docs_pass_the_check():
    page = Path(__file__).resolve().parents[3] / "docs" / "engines" / "audience_mix.md"
    section = page.read_text().split("### Example rules", 1)[1]
    rows = [line for line in section.splitlines() if line.startswith("| ") and '"' in line]
    assert len(rows) >= 5
    for row in rows:
        variable, when, text = (cell.strip() for cell in row.strip("|").split(" | "))
        conditions = tuple(
            Condition(name, comparison, float(value))
            for name, comparison, value in re.findall(r"`(\w+) ([<>]=?) ([\d.]+)`", when)
        )
        scope = "season" if variable.startswith("(season)") else "activity"
        example = Rule(1, "Example", "signposting", scope, conditions, text.strip('"'), 5)
        assert conditions
        assert check_rule(example) == [], row


MESSAGE_STARTS = (
    "There is no figure called {",
    "When: ",
    "And when: ",
    "In the advice text, ",
    'In "{',
    '"{',
    "The advice text ",
    "Write the advice text",
    "The weight ",
    "The scope ",
    "Give at least one condition",
    '"mood" is not one of the variables',
)


def test_every_message_names_the_part_of_the_rule_it_is_about():
    """Forms put each message next to its field by how it starts."""
    broken = [
        Rule(1, "X", "mood", "week", (), "", 0),
        rule(("conflit", "=", float("inf")), ("strict_practice", ">", 1), text="{nope:d} {}"),
        rule(("conflict", ">=", 0.1), text="{conflict!r} {conflict.real} {zones:.0%x} {"),
        rule(("conflict", ">=", 0.1), text="} {"),
        rule(("activities", ">=", 1), text="{strict practice} {conflict}"),
    ]
    problems = [problem for a_rule in broken for problem in said(a_rule)]
    assert len(problems) >= 11
    for problem in problems:
        assert problem.startswith(MESSAGE_STARTS), problem
