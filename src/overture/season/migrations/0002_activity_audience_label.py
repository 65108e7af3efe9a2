"""Every activity gets an audience label, worked out from its requirements and format."""

from collections import defaultdict

import numpy as np
from django.db import migrations, models

from overture.engines.signposting.labels import audience_labels

# The format scale as it stood when labels were introduced, so this step never changes.
FORMAT_SCALE = {
    "symphony_concert": 0.0,
    "chamber_concert": 0.1,
    "pre_concert_talk": 0.2,
    "livestream": 0.3,
    "family_concert": 0.4,
    "relaxed_performance": 0.5,
    "open_rehearsal": 0.55,
    "come_and_sing": 0.75,
    "play_along": 0.85,
    "composition_lab": 1.0,
}
CHUNK = 2000


def fill_audience_labels(apps, schema_editor):
    """Label every existing activity, a chunk of activities at a time."""
    Activity = apps.get_model("season", "Activity")
    Requirement = apps.get_model("season", "Requirement")
    ids = list(Activity.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        formats = dict(Activity.objects.filter(pk__in=chunk).values_list("pk", "format"))
        rows = Requirement.objects.filter(activity_id__in=chunk).values_list(
            "activity_id", "practice_id", "required_level", "strictness"
        )
        columns: dict[int, int] = {}
        cells = defaultdict(list)
        for activity_id, practice_id, level, strictness in rows:
            column = columns.setdefault(practice_id, len(columns))
            cells[activity_id].append((column, level, strictness))
        required = np.full((len(chunk), len(columns)), -1, dtype=np.int64)
        strictness = np.zeros(required.shape)
        for row, activity_id in enumerate(chunk):
            for column, level, strict in cells[activity_id]:
                required[row, column], strictness[row, column] = level, strict
        scale = [FORMAT_SCALE.get(formats[pk], 0.5) for pk in chunk]
        labels = audience_labels(required, strictness, scale)
        by_label = defaultdict(list)
        for activity_id, label in zip(chunk, labels.tolist(), strict=True):
            by_label[label].append(activity_id)
        for label, activity_ids in by_label.items():
            Activity.objects.filter(pk__in=activity_ids).update(audience_label=label)


class Migration(migrations.Migration):
    dependencies = [
        ("organisations", "0001_initial"),
        ("season", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="activity",
            name="audience_label",
            field=models.SmallIntegerField(
                choices=[
                    (0, "Ideal first visit"),
                    (1, "Some experience helps"),
                    (2, "For experienced participants"),
                ],
                default=0,
                editable=False,
                help_text="Worked out from the requirements and the format each time they are saved.",
            ),
        ),
        migrations.AddIndex(
            model_name="activity",
            index=models.Index(
                fields=["organisation", "audience_label", "starts_at"],
                name="activity_org_label_starts",
            ),
        ),
        # Going back drops the column, so there is nothing to undo in the rows.
        migrations.RunPython(fill_audience_labels, migrations.RunPython.noop),
    ]
