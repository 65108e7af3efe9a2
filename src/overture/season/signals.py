"""What the season tells the apps above it, which subscribe in their `AppConfig.ready`.

Receivers run inside the sender's transaction; anything that should wait for the change to
be saved they do on commit.
"""

from __future__ import annotations

from django.dispatch import Signal

# Staff saved an existing activity, whose capacity may now be higher. Arguments: `activity_id`.
capacity_saved = Signal()
