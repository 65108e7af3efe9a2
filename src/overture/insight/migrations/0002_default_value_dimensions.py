"""Every organisation gets the default value-experience dimensions (edited later per organisation)."""

from django.db import migrations

# A literal copy, so that this migration keeps meaning what it meant when it was written.
DIMENSIONS = [
    ("absorption", "Absorption", "I was completely absorbed."),
    ("emotional-response", "Emotional response", "It moved me."),
    ("aesthetic-enjoyment", "Enjoying the art itself", "I enjoyed the art itself."),
    ("understanding", "Understanding", "I understood what was going on."),
    ("discovery", "Discovering something new", "I discovered something new."),
    ("feeling-welcome", "Feeling welcome", "I felt welcome."),
    ("knowing-what-to-do", "Knowing what to do", "I knew what to do and when."),
    ("belonging", "Belonging", "I felt I belonged here."),
    (
        "connection-with-others",
        "Connection with others",
        "I felt connected with the people around me.",
    ),
    ("contribution", "Contribution", "I felt I contributed something."),
    ("competence", "Competence", "I felt able to take part well."),
    ("relaxation", "Relaxation and escape", "I could relax and forget everyday worries."),
    ("inspiration-to-come-back", "Inspiration to come back", "I want to come back."),
]


def add_dimensions(apps, schema_editor):
    Organisation = apps.get_model("organisations", "Organisation")
    ValueDimension = apps.get_model("insight", "ValueDimension")
    for organisation in Organisation.objects.all():
        existing = set(
            ValueDimension.objects.filter(organisation=organisation).values_list("key", flat=True)
        )
        ValueDimension.objects.bulk_create(
            ValueDimension(
                organisation=organisation,
                key=key,
                label=label,
                statement=statement,
                position=position,
            )
            for position, (key, label, statement) in enumerate(DIMENSIONS)
            if key not in existing
        )


def remove_unanswered_dimensions(apps, schema_editor):
    ValueDimension = apps.get_model("insight", "ValueDimension")
    ValueDimension.objects.filter(
        key__in=[key for key, _, _ in DIMENSIONS], answers__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("insight", "0001_initial")]

    operations = [migrations.RunPython(add_dimensions, remove_unanswered_dimensions)]
