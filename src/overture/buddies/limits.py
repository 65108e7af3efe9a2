"""How often a participant may send messages to their buddy or newcomer.

Each message is emailed on, so the limits keep a mailbox from being flooded; docs/operations.md
lists them with the other limits.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from overture.organisations.limits import Limit


def _account(request: HttpRequest) -> str:
    return str(request.user.pk) if request.user.is_authenticated else ""


def _address(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "")


MESSAGE_PER_ACCOUNT = Limit(
    "buddies.message.account", "20/h", _account, _("sent messages to your buddy or newcomer")
)
MESSAGE_PER_ADDRESS = Limit(
    "buddies.message.address", "60/h", _address, _("sent messages to buddies or newcomers")
)
MESSAGES = (MESSAGE_PER_ACCOUNT, MESSAGE_PER_ADDRESS)
