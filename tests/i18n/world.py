"""A small season whose every piece of data is wrapped in ‹…›, so the page check can skip it."""

from __future__ import annotations

from dataclasses import dataclass

from overture.audience.models import Participant
from overture.organisations.models import Organisation
from tests import factories

from .pseudo import data


@dataclass
class World:
    org: Organisation
    participant: Participant

    @property
    def slug(self) -> str:
        return self.org.slug


def build() -> World:
    org = factories.organisation(name=data("Quillon Arts"), slug="quillon")
    participant = factories.participant(org, name=data("Sam Quillby"), username="samq")
    return World(org=org, participant=participant)
