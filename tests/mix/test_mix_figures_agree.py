"""The audience mix page says the same about newcomers everywhere, and the split suggestion
says how many stated wishes it keeps."""

from __future__ import annotations

from tests.mix.test_activity_mix import (
    RELAXED,
    TRADITIONAL,
    mix_url,
    registrant,
    strict_concert,
    text_of,
)


def test_the_level_table_and_the_access_card_agree_on_newcomers_and_the_unknown(staff_client, org):
    concert = strict_concert(org)
    registrant(org, concert, "Ann", 0)
    registrant(org, concert, "Ben", None)
    registrant(org, concert, "Cat", 3)
    registrant(org, concert, "Dan", 2)

    response = staff_client.get(mix_url(concert))
    [listening] = [m for m in response.context["mix"].mixes if m.practice.name.startswith("Lis")]
    counts = {s.label: s.count for s in listening.segments}
    assert (counts["Newcomer"], counts["Not yet known"]) == (1, 1)
    access = next(i for i in response.context["mix"].indices if i.key == "access")
    assert access.numbers[:2] == (
        "1 newcomer in Listening in silence, its strictest practice",
        "1 registrant whose level in Listening in silence is not known yet "
        "(not counted as newcomers)",
    )
    page = text_of(response)
    assert "1 newcomer in Listening in silence" in page
    assert "2 newcomers" not in page


def test_the_split_says_how_many_stated_wishes_it_keeps(staff_client, org):
    concert = strict_concert(org)
    for i in range(2):
        registrant(org, concert, f"Newcomer {i}", 0, preference=RELAXED)
    for i in range(10):
        registrant(org, concert, f"Expert {i}", 3, preference=TRADITIONAL)

    response = staff_client.get(mix_url(concert))
    split = response.context["mix"].split
    # Each session needs at least 5 of the 12 (max(5, 20 % of 12)): the relaxed session takes
    # the two who asked for it and the first three of the ten who asked for the traditional.
    assert (split.relaxed, split.traditional) == (5, 7)
    assert (split.asked_relaxed, split.relaxed_as_asked) == (2, 2)
    assert (split.asked_traditional, split.traditional_as_asked) == (10, 7)
    assert split.no_wish == 0
    page = text_of(response)
    assert (
        "7 of the 10 who asked for it quiet and traditional are placed in the traditional "
        "session." in page
    )
    assert "2 of the 2 who asked for it relaxed are placed in the relaxed session." in page
    assert "a stated wish is not always kept" in page
    assert "their stated wish, otherwise their levels" not in page
