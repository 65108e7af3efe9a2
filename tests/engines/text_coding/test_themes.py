"""The practical themes of the default code book and their seed words."""

from __future__ import annotations

from overture.engines.text_coding import Code, default_code_book, default_themes, match_seeds


def test_themes_come_after_every_other_code_so_adding_them_moves_nothing():
    practice = Code("practice:applauding", "practice", "Applauding", ["clap"])
    without = default_code_book([practice]).keys
    book = default_code_book([practice], default_themes())
    assert book.keys[: len(without)] == without
    assert book.keys[len(without) :] == (
        "theme:price", "theme:seating-and-view", "theme:bar-and-queues",
        "theme:transport-and-parking", "theme:toilets", "theme:staff-friendliness",
        "theme:sound",
    )  # fmt: skip


def test_short_theme_words_do_not_match_inside_longer_ones():
    book = default_code_book(themes=default_themes())
    found = match_seeds(
        [
            "A baroque programme, the business of looking at costumes in training",
            "Queue at the bar, then the loos",
        ],
        book,
    )
    assert not any(code.startswith("theme:") for code in found[0])
    assert {"theme:bar-and-queues", "theme:toilets"} <= found[1]
