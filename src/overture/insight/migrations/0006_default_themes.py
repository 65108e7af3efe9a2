"""Every organisation gets the default practical themes (edited later per organisation)."""

from django.db import migrations

# A literal copy, so that this migration keeps meaning what it meant when it was written.
THEMES = [
    (
        "price",
        "Price",
        "price, pricey, expensive, overpriced, costly, costs, cost a, afford, value for money, cheap tickets, ticket prices, booking fee",
    ),
    (
        "seating-and-view",
        "Seating and view",
        "seat, seating, legroom, leg room, couldn't see, could not see, restricted view, the view, a pillar, uncomfortable chair, the balcony",
    ),
    (
        "bar-and-queues",
        "Bar and queues",
        "queue, queuing, queueing, at the bar, the bar was, bar staff, interval drinks, drinks, cloakroom, waited ages, long wait",
    ),
    (
        "transport-and-parking",
        "Transport and parking",
        "parking, car park, parked, bus stop, by bus, the last bus, buses, the train home, by train, last train, trains, taxi, traffic, the tram, trams, getting home",
    ),
    ("toilets", "Toilets", "toilet, loos, the ladies, the gents, accessible toilet"),
    (
        "staff-friendliness",
        "Staff friendliness",
        "usher, front of house, staff were, friendly staff, helpful staff, rude staff, box office, steward",
    ),
    (
        "sound",
        "Sound",
        "acoustic, sound, couldn't hear, could not hear, hard to hear, too loud, too quiet, echo, microphone, speakers",
    ),
]


def add_themes(apps, schema_editor):
    Organisation = apps.get_model("organisations", "Organisation")
    Theme = apps.get_model("insight", "Theme")
    for organisation in Organisation.objects.all():
        existing = set(
            Theme.objects.filter(organisation=organisation).values_list("key", flat=True)
        )
        Theme.objects.bulk_create(
            Theme(organisation=organisation, key=key, label=label, seed_words=seeds, position=i)
            for i, (key, label, seeds) in enumerate(THEMES)
            if key not in existing
        )


def remove_themes(apps, schema_editor):
    Theme = apps.get_model("insight", "Theme")
    Theme.objects.filter(key__in=[key for key, _, _ in THEMES]).delete()


class Migration(migrations.Migration):
    dependencies = [("insight", "0005_theme")]

    operations = [migrations.RunPython(add_themes, remove_themes)]
