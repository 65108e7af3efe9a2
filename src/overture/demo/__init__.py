"""A deterministic demo: a fictional orchestra with a season and an audience of any size.

    season = generate(seed=7, participants=2000)
    season.logins  # who can log in, with the demo password

The same seed, size and `today` always give the same practices, activities, competences
and registrations, so the generator feeds demos, tests and benchmarks alike.
"""

from .generator import DemoExists, DemoSeason, Phase, generate
from .organisation import (
    DEMO_NAME,
    DEMO_PASSWORD,
    DEMO_SLUG,
    LOGINS,
    Login,
    delete_demo,
    demo_organisation,
)

__all__ = [
    "DEMO_NAME",
    "DEMO_PASSWORD",
    "DEMO_SLUG",
    "LOGINS",
    "DemoExists",
    "DemoSeason",
    "Login",
    "Phase",
    "delete_demo",
    "demo_organisation",
    "generate",
]
