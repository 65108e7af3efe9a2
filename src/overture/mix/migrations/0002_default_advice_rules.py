"""Give every existing organisation the default advice rules (new ones get them on creation).

The rules are written out here as they were when this migration was made, so that later
changes to the defaults (overture.mix.defaults) never change what this migration does.
"""

from django.db import migrations

RULES = [
    {
        "name": "Guide newcomers in a strict practice",
        "variable": "role_rigidity",
        "scope": "activity",
        "when_figure": "newcomer_share",
        "when_comparison": ">=",
        "when_value": 0.4,
        "and_figure": "strictness",
        "and_comparison": ">=",
        "and_value": 0.7,
        "advice": (
            "{newcomer_share:.0%} of registrants ({newcomers}) are new to "
            "{strict_practice}, which is kept strictly here ({strictness:.1f}): add a "
            "15-minute guide before the start that opens up the score — what to do, when to "
            "applaud and why it matters — and send the same in a few lines with their "
            "reminder."
        ),
        "weight": 8,
        "active": True,
    },
    {
        "name": "Prepare registrants for a rigid activity",
        "variable": "role_rigidity",
        "scope": "activity",
        "when_figure": "rigidity",
        "when_comparison": ">=",
        "when_value": 0.6,
        "and_figure": "prepare_share",
        "and_comparison": ">=",
        "and_value": 0.25,
        "advice": (
            "Role rigidity is {rigidity:.2f} and {prepare_share:.0%} of registrants were "
            "told to prepare first or that it will be a stretch: send them a short "
            "preparation note a week before, and brief front of house to coach newcomers "
            "rather than correct them."
        ),
        "weight": 6,
        "active": True,
    },
    {
        "name": "Seat newcomers in the relaxed zone",
        "variable": "heterogeneity_conflict",
        "scope": "activity",
        "when_figure": "newcomer_share",
        "when_comparison": ">=",
        "when_value": 0.3,
        "and_figure": "zones",
        "and_comparison": ">=",
        "and_value": 1,
        "advice": (
            "{newcomer_share:.0%} of registrants ({newcomers}) are new to "
            "{strict_practice}: tell them about the {relaxed_zone} zone, where the norms "
            "are relaxed, and run zoning so that they can sit there rather than among those "
            "who keep to the norms."
        ),
        "weight": 7,
        "active": True,
    },
    {
        "name": "Set up zones in a mixed room",
        "variable": "heterogeneity_conflict",
        "scope": "activity",
        "when_figure": "conflict",
        "when_comparison": ">=",
        "when_value": 0.4,
        "and_figure": "zones",
        "and_comparison": "<",
        "and_value": 1,
        "advice": (
            "Expected conflict is {conflict:.2f} with all {registrants} registrants in one "
            "room under the same norms: set up a relaxed zone, where moving and talking are "
            "welcome, beside a traditional one, then run zoning to seat people by level and "
            "preference."
        ),
        "weight": 8,
        "active": True,
    },
    {
        "name": "Offer a relaxed session",
        "variable": "heterogeneity_conflict",
        "scope": "activity",
        "when_figure": "split_reduction",
        "when_comparison": ">=",
        "when_value": 0.15,
        "and_figure": "conflict",
        "and_comparison": ">=",
        "and_value": 0.3,
        "advice": (
            "A relaxed session and a traditional one would lower expected conflict by "
            "{split_reduction:.2f} (from {conflict:.2f}): consider a relaxed repeat or an "
            "open rehearsal for those who would like to move and talk."
        ),
        "weight": 5,
        "active": True,
    },
    {
        "name": "Find buddies for the newcomers",
        "variable": "participation_access",
        "scope": "activity",
        "when_figure": "access",
        "when_comparison": "<",
        "when_value": 0.5,
        "and_figure": "newcomers",
        "and_comparison": ">=",
        "and_value": 5,
        "advice": (
            "Buddies at this activity can take {buddy_places} of the {newcomers} newcomers "
            "to {strict_practice} (access {access:.2f}): invite regulars and experts who "
            "booked to volunteer as buddies for it."
        ),
        "weight": 8,
        "active": True,
    },
    {
        "name": "Match the open buddy requests",
        "variable": "participation_access",
        "scope": "activity",
        "when_figure": "unmatched_requests",
        "when_comparison": ">=",
        "when_value": 1,
        "and_figure": "free_buddies",
        "and_comparison": ">=",
        "and_value": 1,
        "advice": (
            "Open buddy requests for this activity: {unmatched_requests}; buddies coming "
            "with room left: {free_buddies}. Run matching for this activity so that they "
            "meet before the start."
        ),
        "weight": 6,
        "active": True,
    },
    {
        "name": "Ask experts to help newcomers",
        "variable": "participation_access",
        "scope": "activity",
        "when_figure": "expert_share",
        "when_comparison": ">=",
        "when_value": 0.25,
        "and_figure": "access",
        "and_comparison": "<",
        "and_value": 0.8,
        "advice": (
            "{expert_share:.0%} of registrants are experts in {strict_practice} while the "
            "buddies coming can take only {access:.0%} of the newcomers: ask the experts "
            "who booked whether they would be a buddy for this one activity."
        ),
        "weight": 5,
        "active": True,
    },
    {
        "name": "Signpost those who should prepare",
        "variable": "signposting",
        "scope": "activity",
        "when_figure": "clarity",
        "when_comparison": "<",
        "when_value": 0.5,
        "and_figure": "days_to_go",
        "and_comparison": ">=",
        "and_value": 3,
        "advice": (
            "Only {clarity:.0%} of registrants were told this activity suits them, and "
            "{prepare_share:.0%} should prepare first or will find it a stretch: with "
            "{days_to_go} days to go, send them the score of {strict_practice} and suggest "
            "a good first step before it."
        ),
        "weight": 6,
        "active": True,
    },
    {
        "name": "Signpost a welcoming activity to newcomers",
        "variable": "signposting",
        "scope": "activity",
        "when_figure": "fill",
        "when_comparison": "<",
        "when_value": 0.5,
        "and_figure": "rigidity",
        "and_comparison": "<=",
        "and_value": 0.2,
        "advice": (
            "Only {fill:.0%} of the {capacity} places are taken and role rigidity is low "
            "({rigidity:.2f}): signpost it as a good first step to newcomers, and to those "
            "who were told to prepare first for more demanding activities."
        ),
        "weight": 4,
        "active": True,
    },
    {
        "name": "Zone the high-conflict activities",
        "variable": "heterogeneity_conflict",
        "scope": "season",
        "when_figure": "unzoned_high_conflict",
        "when_comparison": ">=",
        "when_value": 1,
        "and_figure": "",
        "and_comparison": "",
        "and_value": None,
        "advice": (
            "Upcoming activities with high expected conflict (0.4 or more) but no zones: "
            "{unzoned_high_conflict} of {high_conflict_activities}. Give each a relaxed and "
            "a traditional zone and run zoning, the soonest first."
        ),
        "weight": 8,
        "active": True,
    },
    {
        "name": "Offer more first visits",
        "variable": "role_rigidity",
        "scope": "season",
        "when_figure": "first_visit_share",
        "when_comparison": "<",
        "when_value": 0.25,
        "and_figure": "rigid_share",
        "and_comparison": ">=",
        "and_value": 0.4,
        "advice": (
            "Only {first_visit_share:.0%} of upcoming activities ({activities} in all) are "
            "an ideal first visit, and {rigid_share:.0%} are rigid (rigidity 0.5 or more): "
            "add relaxed performances, open rehearsals or come-and-sings, or a guide before "
            "the rigid ones."
        ),
        "weight": 7,
        "active": True,
    },
    {
        "name": "Recruit buddies for the season",
        "variable": "participation_access",
        "scope": "season",
        "when_figure": "low_access_activities",
        "when_comparison": ">=",
        "when_value": 3,
        "and_figure": "mean_access",
        "and_comparison": "<",
        "and_value": 0.7,
        "advice": (
            "At {low_access_activities} upcoming activities the buddies can take fewer than "
            "half of the newcomers (mean access {mean_access:.2f}): invite regulars and "
            "experts to volunteer as buddies, starting with those activities."
        ),
        "weight": 7,
        "active": True,
    },
    {
        "name": "Signpost the season more clearly",
        "variable": "signposting",
        "scope": "season",
        "when_figure": "mean_clarity",
        "when_comparison": "<",
        "when_value": 0.6,
        "and_figure": "",
        "and_comparison": "",
        "and_value": None,
        "advice": (
            "On average only {mean_clarity:.0%} of registrants booked an activity that "
            "signposting calls right for them or a good first step: feature the good first "
            "steps on the season page and in For you, and ask participants to complete "
            "their self-assessment."
        ),
        "weight": 6,
        "active": True,
    },
]


def add_rules(apps, schema_editor):
    Organisation = apps.get_model("organisations", "Organisation")
    AdviceRule = apps.get_model("mix", "AdviceRule")
    db = schema_editor.connection.alias
    # An organisation with rules of its own keeps them as they are.
    without_rules = Organisation.objects.using(db).exclude(
        pk__in=AdviceRule.objects.using(db).values("organisation_id")
    )
    AdviceRule.objects.using(db).bulk_create(
        [
            AdviceRule(organisation_id=organisation_id, **rule)
            for organisation_id in without_rules.values_list("pk", flat=True)
            for rule in RULES
        ],
        ignore_conflicts=True,
    )


def remove_rules(apps, schema_editor):
    AdviceRule = apps.get_model("mix", "AdviceRule")
    db = schema_editor.connection.alias
    AdviceRule.objects.using(db).filter(name__in=[rule["name"] for rule in RULES]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("mix", "0001_initial"),
        ("organisations", "0001_initial"),
    ]

    operations = [migrations.RunPython(add_rules, remove_rules)]
