"""Advice texts name their figures in plain words: "{newcomer_share:.0%}" becomes
"{newcomer share}", formatted by the figure's kind when shown.

The figures and their formats are written out here as they were when this migration was
made, so that later changes to the engine never change what it does. Reversing it writes
each figure back with the usual format of its kind.
"""

import re

from django.db import migrations

# Format fields of the earlier form, and the braces written double.
FORMAT_FIELD = re.compile(r"\{\{|\}\}|\{([A-Za-z_]\w*)(?:![rsa])?(?::[^{}]*)?\}")
PLAIN_FIELD = re.compile(r"\{\{|\}\}|\{([^{}]*)\}")

SHARES = [
    "fill",
    "newcomer_share",
    "novice_share",
    "expert_share",
    "relaxed_share",
    "traditional_share",
    "prepare_share",
    "rigid_share",
    "first_visit_share",
]
INDICES = [
    "rigidity",
    "conflict",
    "access",
    "clarity",
    "conflict_after",
    "mean_rigidity",
    "mean_conflict",
    "mean_access",
    "mean_clarity",
]
NUMBERS = ["strictness", "zoning_reduction", "split_reduction"]
FORMATS = {
    **dict.fromkeys(SHARES, ":.0%"),
    **dict.fromkeys(INDICES, ":.2f"),
    **dict.fromkeys(NUMBERS, ":.2f"),
}


def plain_text(text: str) -> str:
    """'{newcomer_share:.0%} of {registrants}' → '{newcomer share} of {registrants}'."""

    def words(match: re.Match) -> str:
        name = match.group(1)
        return match.group(0) if name is None else "{" + name.replace("_", " ") + "}"

    return FORMAT_FIELD.sub(words, text)


def format_text(text: str) -> str:
    """'{newcomer share} of {registrants}' → '{newcomer_share:.0%} of {registrants}'."""

    def field(match: re.Match) -> str:
        words = match.group(1)
        if words is None:
            return match.group(0)
        name = "_".join(words.replace("_", " ").split()).lower()
        return "{" + name + FORMATS.get(name, "") + "}"

    return PLAIN_FIELD.sub(field, text)


def _rewrite(apps, schema_editor, convert) -> None:
    AdviceRule = apps.get_model("mix", "AdviceRule")
    db = schema_editor.connection.alias
    changed = []
    for rule in AdviceRule.objects.using(db).only("pk", "advice").iterator():
        text = convert(rule.advice)
        if text != rule.advice:
            rule.advice = text
            changed.append(rule)
    AdviceRule.objects.using(db).bulk_update(changed, ["advice"], batch_size=500)


def to_plain(apps, schema_editor) -> None:
    _rewrite(apps, schema_editor, plain_text)


def to_formats(apps, schema_editor) -> None:
    _rewrite(apps, schema_editor, format_text)


class Migration(migrations.Migration):
    dependencies = [
        ("mix", "0003_one_line_text_and_text_limits"),
    ]

    operations = [migrations.RunPython(to_plain, to_formats)]
