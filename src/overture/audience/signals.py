"""What the audience tells the apps above it, which subscribe in their `AppConfig.ready`.

The audience never imports those apps: anything they arranged around a place (zones, buddy
help) is theirs to end. Receivers run inside the sender's transaction, so a failure undoes
the cancellation too; whatever they send by email they send on commit.
"""

from __future__ import annotations

from django.dispatch import Signal

# A registration was cancelled, by its participant or by staff. Arguments: `registration`.
registration_cancelled = Signal()

# A participant gave their own place back with the cancel button. Arguments: `participant`,
# `activity_id`, `site_url` (the address links in emails start with).
place_given_up = Signal()
