"""Reading levels: observed, else self-assessed, else not yet known, in fixed queries."""

from __future__ import annotations

import numpy as np
import pytest

from overture.audience import levels as reads
from overture.audience.models import Competence, Registration
from tests import factories

OBSERVED = Competence.Source.OBSERVED


def test_participant_levels_prefer_observed_over_self_assessed(
    org, participant, django_assert_num_queries
):
    a, b, c, d = (factories.practice(org) for _ in range(4))
    factories.competence(participant, a, 1)
    factories.competence(participant, a, 3, source=OBSERVED)
    factories.competence(participant, b, 2)
    factories.competence(participant, c, 2, source=OBSERVED)
    other = factories.participant(org, "Someone else")
    factories.competence(other, d, 3)

    with django_assert_num_queries(1):
        levels = reads.participant_levels(participant, [a.pk, b.pk, c.pk, d.pk])

    assert levels.tolist() == [3, 2, 2, -1]  # observed, self, observed, not yet known
    assert levels.dtype == np.int8
    with django_assert_num_queries(0):
        assert reads.participant_levels(None, [a.pk, b.pk]).tolist() == [-1, -1]


def test_organisation_levels_follow_the_same_rule_for_everyone(
    org, other_org, django_assert_num_queries
):
    a, b = factories.practice(org), factories.practice(org)
    first = factories.participant(org, "First")
    second = factories.participant(org, "Second")
    unknown = factories.participant(org, "Unknown")
    factories.competence(first, a, 0)
    factories.competence(first, a, 2, source=OBSERVED)
    factories.competence(second, b, 3)
    factories.participant(other_org, "Elsewhere")

    with django_assert_num_queries(2):  # the participants, then their competences
        levels = reads.organisation_levels(org, [a.pk, b.pk])

    rows = sorted([first.pk, second.pk, unknown.pk])
    expected = {first.pk: [2, -1], second.pk: [-1, 3], unknown.pk: [-1, -1]}
    assert levels.tolist() == [expected[pk] for pk in rows]


@pytest.mark.parametrize("size", [3, 30])
def test_levels_of_people_come_in_the_order_asked_in_one_query(
    org, django_assert_num_queries, size
):
    singing, listening = factories.practice(org), factories.practice(org)
    people = [factories.participant(org, f"Person {i}") for i in range(size)]
    for i, person in enumerate(people):
        factories.competence(person, singing, i % 4)
        if i % 2:
            factories.competence(person, listening, 3, source=OBSERVED)
    asked = [p.pk for p in reversed(people)] + [people[1].pk]  # one person in two rows

    with django_assert_num_queries(1):
        levels = reads.levels_of(asked, [listening.pk, singing.pk])

    expected = {p.pk: [3 if i % 2 else -1, i % 4] for i, p in enumerate(people)}
    assert levels.tolist() == [expected[pk] for pk in asked]


@pytest.mark.parametrize("size", [3, 30])
def test_registrant_levels_read_only_those_registrants_in_one_query(
    org, django_assert_num_queries, size
):
    singing = factories.practice(org)
    concert, other = factories.activity(org, "Messiah"), factories.activity(org, "Mahler 5")
    people = [factories.participant(org, f"Person {i}") for i in range(size)]
    for i, person in enumerate(people):
        factories.competence(person, singing, 1 + i % 3)
        Registration.objects.create(participant=person, activity=concert if i else other)
    confirmed = Registration.objects.filter(activity=concert, status=Registration.Status.CONFIRMED)

    with django_assert_num_queries(1):
        levels = reads.registrant_levels(confirmed, [p.pk for p in people], [singing.pk])

    # The first person holds a place elsewhere only: not read here, so not known.
    assert levels[:, 0].tolist() == [-1] + [1 + i % 3 for i in range(1, size)]


def test_nothing_to_read_costs_no_query(org, participant, django_assert_num_queries):
    singing = factories.practice(org)
    with django_assert_num_queries(0):
        assert reads.levels_of([], [singing.pk]).shape == (0, 1)
        assert reads.levels_of([participant.pk], []).shape == (1, 0)
