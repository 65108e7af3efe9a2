"""Participation access and open requests as pairs are made: a newcomer with a buddy at the
activity is covered, and a request with a buddy is no longer open."""

from __future__ import annotations

import pytest
from django.urls import reverse

from overture.buddies import selectors, services
from overture.mix import figures
from tests.buddies.conftest import make_buddy, make_request, person


@pytest.fixture
def mahler_with_newcomers(org, silence, mahler):
    """Dan can take two newcomers at the Mahler; Ann and Bea ask, Cy (also new) does not."""
    dan = make_buddy(org, "Dan", {silence: 3}, activities=[mahler], per_activity=2, per_season=2)
    for name in ("Ann", "Bea"):
        make_request(org, name, [silence], activity=mahler, levels={silence: 0})
    person(org, "Cy", {silence: 0}, [mahler])
    return dan


def access_of(activity) -> tuple[int, int, float, int]:
    found = figures.activity_figures(activity)
    return found["newcomers"], found["buddy_places"], found["access"], found["unmatched_requests"]


def test_matching_and_publishing_never_lower_access_and_paired_newcomers_stay_covered(
    org, mahler, mahler_with_newcomers, run_matching, publish
):
    # Three newcomers, two places with Dan: 2 / 3 before, after matching and after publishing.
    assert access_of(mahler) == (3, 2, pytest.approx(2 / 3), 2)
    run_matching(org, mahler)
    assert access_of(mahler) == (3, 2, pytest.approx(2 / 3), 0)
    assert publish(org) == 2
    assert access_of(mahler) == (3, 2, pytest.approx(2 / 3), 0)
    # Dan stops volunteering: his published pairs stay, so Ann and Bea still have a buddy
    # there (counting only his free places would have read 0 of 3).
    services.stop_volunteering(mahler_with_newcomers.participant)
    assert access_of(mahler) == (3, 2, pytest.approx(2 / 3), 0)


def test_open_requests_fall_as_pairs_are_made(
    org, staff_client, mahler, mahler_with_newcomers, run_matching
):
    assert selectors.programme_summary(org).open_requests == 2
    [choice] = selectors.activities_with_requests(org)
    assert choice.open_requests == 2
    run_matching(org, mahler)
    summary = selectors.programme_summary(org)
    assert (summary.open_requests, summary.matched, summary.requests) == (0, 2, 2)
    [choice] = selectors.activities_with_requests(org)
    assert choice.open_requests == 0  # still offered for matching again, with nothing open
    page = staff_client.get(reverse("staff_buddies", kwargs={"org": org.slug}))
    text = page.content.decode()
    assert "0</span> open requests (no buddy yet)" in text
    assert "matched (2 of 2 requests)" in text
    assert "Mahler 5" in text and "(0 open)" in text
