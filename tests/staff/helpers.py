"""Build POST data for the staff forms the way a browser without JavaScript sends it."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.forms import BaseFormSet, Form
from django.utils import timezone

from overture.season.forms import DATETIME_LOCAL, ActivityForm, RequirementFormSet, ZoneFormSet
from overture.season.models import Activity, Format, Practice

BLANK_ROWS = 2


def local(dt: datetime) -> str:
    """A datetime as a `datetime-local` input sends it."""
    return timezone.localtime(dt).strftime(DATETIME_LOCAL)


def form_data(*items: Form | BaseFormSet) -> dict[str, Any]:
    """What the browser posts for rendered (unbound) forms and formsets, values unchanged."""
    data: dict[str, Any] = {}
    for item in items:
        if isinstance(item, BaseFormSet):
            data.update(form_data(item.management_form, *item.forms))
            continue
        for field in item:
            value = field.value()
            if field.widget_type == "checkbox":
                if value:
                    data[field.html_name] = "on"
            elif value is None:
                data[field.html_name] = ""
            else:
                formatted = field.field.widget.format_value(value)
                # Selects format their value as a list of the selected options.
                if isinstance(formatted, list):
                    formatted = formatted[0] if formatted else ""
                # Text inputs format a blank value as None; the browser sends it empty.
                data[field.html_name] = "" if formatted is None else formatted
    return data


def edit_data(activity: Activity) -> dict[str, Any]:
    """The activity's edit form posted back unchanged."""
    return form_data(
        ActivityForm(instance=activity),
        RequirementFormSet(
            instance=activity,
            prefix="requirements",
            form_kwargs={"organisation": activity.organisation},
        ),
        ZoneFormSet(instance=activity, prefix="zones"),
    )


def new_activity_data(
    *,
    requirements: list[tuple[Practice | int, int, Any]] = (),
    zones: list[tuple[str, int, str]] = (),
    **fields: Any,
) -> dict[str, Any]:
    """POST data for a new activity with the given requirements and zones, plus blank rows."""
    starts = timezone.now() + timedelta(days=14)
    data: dict[str, Any] = {
        "title": "Open rehearsal: Brahms 4",
        "description": "Sit among the players while they rehearse.",
        "format": Format.OPEN_REHEARSAL,
        "starts_at": local(starts),
        "ends_at": local(starts + timedelta(hours=2)),
        "venue": "Riverside Hall",
        "capacity": "80",
        # What the form shows for a new activity, sent back unchanged.
        "price": "0",
        "places_per_booking": "6",
    }
    data.update(fields)
    data.update(_rows("requirements", [_requirement_row(*row) for row in requirements]))
    data.update(
        _rows(
            "zones",
            [{"name": n, "capacity": str(c), "norms": norms} for n, c, norms in zones],
            blank={"name": "", "capacity": "", "norms": ""},
        )
    )
    return data


def _requirement_row(practice: Practice | int, level: int, strictness: Any) -> dict[str, str]:
    pk = practice.pk if isinstance(practice, Practice) else practice
    return {
        "practice": str(pk),
        "required_level": str(level),
        "strictness": "" if strictness is None else str(strictness),
    }


def _rows(
    prefix: str,
    rows: list[dict[str, str]],
    blank: dict[str, str] | None = None,
) -> dict[str, str]:
    blank = blank or {"practice": "", "required_level": "0", "strictness": ""}
    rows = [*rows, *[blank] * BLANK_ROWS]
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        data[f"{prefix}-{index}-id"] = ""
        for name, value in row.items():
            data[f"{prefix}-{index}-{name}"] = value
    return data


def practice_data(**fields: Any) -> dict[str, Any]:
    data = {
        "name": "Listening in silence",
        "slug": "",
        "summary": "Staying quiet while the music plays.",
        "procedures": "Phones off; no talking until the end of the piece.",
        "understandings": "Silence lets everyone hear the quietest passages.",
        "engagements": "Shared silence is part of the music.",
        "assessment_question": "Have you been to a symphony concert before?",
        "default_strictness": "0.8",
    }
    data.update(fields)
    return data
