"""Words for the audience mix from the engines' codes: why someone has no zone.

The zoning engine gives each registrant it could not seat an `Unseated` code with its
parameters; a run stores the code and parameters (with the words of the day, for the record),
and pages say them in the reader's language from the code.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from overture.engines.zoning.problem import ALL_TAKEN, NO_SEATS, PARTY_TOO_LARGE, Unseated

# Said when a confirmed zoning left someone out without a reason (older runs had none).
NO_ROOM = "no_room"


def unseated_words(code: str, params: Mapping[str, object] | None = None) -> str:
    """Why someone has no zone, e.g. "all 40 seats in the zones are taken"."""
    params = params or {}
    if code == PARTY_TOO_LARGE:
        size = int(params.get("size", 0))  # type: ignore[call-overload]
        return ngettext(
            "no room for the whole party of %(size)s together",
            "no room for the whole party of %(size)s together",
            size,
        ) % {"size": f"{size:,}"}
    if code == NO_SEATS:
        return _("no zone has any seats")
    if code == ALL_TAKEN:
        seats = int(params.get("seats", 0))  # type: ignore[call-overload]
        return ngettext(
            "all %(seats)s seats in the zones are taken",
            "all %(seats)s seats in the zones are taken",
            seats,
        ) % {"seats": f"{seats:,}"}
    return _("there was no room left in the zones")


def unseated_record(registration: int, reason: Unseated) -> dict[str, object]:
    """How a run stores one registrant left without a zone."""
    return {
        "registration": registration,
        "code": reason.code,
        "params": dict(reason.params),
        "reason": unseated_words(reason.code, reason.params),
    }


def stored_unseated_words(item: Mapping[str, object]) -> str:
    """The reason a stored run gives, from its code; older runs kept only their words ("" if
    none)."""
    code = item.get("code")
    if isinstance(code, str):
        params = item.get("params")
        return unseated_words(code, params if isinstance(params, Mapping) else None)
    return str(item.get("reason") or "")
