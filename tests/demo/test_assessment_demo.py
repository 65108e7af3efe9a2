"""The demo's practices ask in their own words, the most common experiences first."""

from __future__ import annotations

from overture.audience.assessment import split_into_steps
from overture.audience.selectors import assessment_practices
from overture.demo import DEMO_SLUG, demo_organisation, generate
from overture.season.wording import answer_choices


def test_the_demo_asks_about_going_to_concerts_before_reading_a_vocal_score(db):
    generate(participants=10, activities=12)
    practices = list(assessment_practices(demo_organisation(DEMO_SLUG)))
    for practice in practices:
        practice.full_clean()  # every answer fits its field
        assert all(words for _, words in answer_choices(practice))
    steps = [[p.slug for p in step] for step in split_into_steps(practices)]
    assert steps == [
        ["finding-your-way", "listening-in-silence", "applauding", "programme-note"],
        ["discussing-a-piece", "livestream-chat", "bringing-children", "relaxed-performance"],
        ["watching-a-rehearsal", "singing-in-a-choir", "following-a-conductor"],
        ["playing-along", "reading-a-vocal-score", "improvising-and-composing"],
    ]
    applause = next(p for p in practices if p.slug == "applauding")
    assert applause.assessment_question == "Do you know when to clap at a classical concert?"
    assert answer_choices(applause) == [
        (0, "Not really"),
        (1, "I follow what others do"),
        (2, "Yes, usually"),
        (3, "Yes, I could explain it to someone"),
    ]
