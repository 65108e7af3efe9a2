"""What signposting keeps: the entry points participants told us they would come to."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy

from overture.audience.models import Participant
from overture.season.models import Level, Practice


class EntryPointWish(models.Model):
    """A participant said they'd come to an activity welcoming people at `level` in a practice.

    Recorded from “How to get there” when the season offers no way to a goal; staff see the
    counts beside the missing entry points on the signposting coverage page.
    """

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="entry_point_wishes"
    )
    practice = models.ForeignKey(
        Practice, on_delete=models.CASCADE, related_name="entry_point_wishes"
    )
    level = models.PositiveSmallIntegerField(
        choices=Level.choices,
        help_text=gettext_lazy(
            "The level the participant would come in at: the entry point they lack."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = gettext_lazy("wish for an entry point")
        verbose_name_plural = gettext_lazy("wishes for entry points")
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "practice", "level"], name="one_wish_per_entry_point"
            )
        ]
        indexes = [models.Index(fields=["practice", "level"], name="wish_practice_level")]

    def __str__(self) -> str:
        return f"{self.participant} would come at {self.get_level_display()} in {self.practice}"
