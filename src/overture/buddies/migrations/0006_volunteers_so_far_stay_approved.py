"""Volunteers from before approval existed were already matched: they count as approved."""

from django.db import migrations
from django.db.models import F


def approve_volunteers_so_far(apps, schema_editor):
    Buddy = apps.get_model("buddies", "Buddy")
    Buddy.objects.filter(approved_at__isnull=True).update(approved_at=F("created_at"))
    Buddy.objects.filter(active=False, stopped_at__isnull=True).update(stopped_at=F("updated_at"))


def forget_approvals(apps, schema_editor):
    """Going back drops the columns anyway; nothing to undo in the rows."""


class Migration(migrations.Migration):
    dependencies = [("buddies", "0005_volunteer_approval_vetting_record_and_pair_messages")]

    operations = [migrations.RunPython(approve_volunteers_so_far, forget_approvals)]
