"""Pairs and requests keep the matching's reasons as codes with parameters, said in words when
shown; reasons stored as words by earlier runs are kept and shown as they are."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("buddies", "0006_volunteers_so_far_stay_approved"),
    ]

    operations = [
        migrations.RenameField(
            model_name="buddypair",
            old_name="reasons",
            new_name="reason_codes",
        ),
        migrations.AlterField(
            model_name="buddypair",
            name="reason_codes",
            field=models.JSONField(
                default=list, help_text="Why this buddy, as codes with their parameters."
            ),
        ),
        migrations.RenameField(
            model_name="buddyrequest",
            old_name="unmatched_reason",
            new_name="unmatched_code",
        ),
        migrations.AlterField(
            model_name="buddyrequest",
            name="unmatched_code",
            field=models.TextField(
                blank=True,
                help_text="Why the last matching found no buddy, as a code with its parameters.",
            ),
        ),
    ]
