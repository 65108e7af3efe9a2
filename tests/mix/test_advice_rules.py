"""Advice rules as data: the defaults every organisation gets, and editing them in the admin."""

from __future__ import annotations

import importlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from overture.engines.mix.advice import FIGURES, advise, check_rule
from overture.mix.defaults import DEFAULT_RULES, DefaultRule, ensure_default_rules
from overture.mix.figures import rule_of
from overture.mix.models import AdviceRule, Variable, ZoningRun
from overture.organisations.models import Organisation
from tests import factories

DEFAULT_NAMES = sorted(rule.name for rule in DEFAULT_RULES)


# ---- The default rules ----


def rule_names(org: Organisation) -> list[str]:
    return sorted(AdviceRule.objects.filter(organisation=org).values_list("name", flat=True))


def test_a_new_organisation_gets_the_default_rules_exactly_once(db):
    org = factories.organisation(slug="riverside")
    assert rule_names(org) == DEFAULT_NAMES

    ensure_default_rules(org)
    org.name = "Riverside Philharmonic Orchestra"
    org.save()
    assert rule_names(org) == DEFAULT_NAMES
    assert AdviceRule.objects.filter(organisation=org).count() == len(DEFAULT_RULES)


def test_rules_staff_removed_do_not_come_back(org):
    AdviceRule.objects.filter(organisation=org, name=DEFAULT_RULES[0].name).delete()
    ensure_default_rules(org)
    assert DEFAULT_RULES[0].name not in rule_names(org)


def test_an_organisation_without_rules_gets_them_again_on_request(org):
    AdviceRule.objects.filter(organisation=org).delete()
    ensure_default_rules(org)
    assert rule_names(org) == DEFAULT_NAMES


def test_the_defaults_cover_all_four_variables_in_both_scopes():
    pairs = {(rule.variable, rule.scope) for rule in DEFAULT_RULES}
    for variable in Variable.values:
        assert {(variable, "activity"), (variable, "season")} <= pairs, variable
    assert 10 <= len(DEFAULT_RULES) <= 14
    assert len(DEFAULT_NAMES) == len(set(DEFAULT_NAMES))


@pytest.mark.parametrize("default", DEFAULT_RULES, ids=lambda rule: rule.name)
def test_every_default_rule_passes_the_checks_the_admin_makes(default: DefaultRule):
    assert check_rule(rule_of(AdviceRule(**default.fields()))) == []


# Figures that let every default text be filled in; conditions are then set on top.
SAMPLE = {
    "index": 0.5,
    "share": 0.3,
    "count": 4,
    "number": 0.5,
    "level": 2,
    "text": "Listening in silence",
}
STEP = {"index": 0.05, "share": 0.05, "count": 1, "number": 0.05, "level": 1}


def holding(figure: str, comparison: str, value: float) -> float:
    """A value of `figure` for which the condition holds."""
    step = STEP[FIGURES[figure].kind]
    return {">=": value, ">": value + step, "<=": value, "<": value - step}[comparison]


def failing(figure: str, comparison: str, value: float) -> float:
    """A value of `figure` for which the condition just fails."""
    step = STEP[FIGURES[figure].kind]
    return {">=": value - step, ">": value, "<=": value + step, "<": value}[comparison]


def conditions(default: DefaultRule) -> list[tuple[str, str, float]]:
    return [default.when] + ([default.and_when] if default.and_when else [])


def figures_where(default: DefaultRule, **values) -> dict:
    figures = {
        name: SAMPLE[figure.kind]
        for name, figure in FIGURES.items()
        if figure.scope == default.scope
    }
    figures["relaxed_zone"] = "Relaxed circle"
    figures.update({figure: holding(figure, c, v) for figure, c, v in conditions(default)})
    figures.update(values)
    return figures


@pytest.mark.parametrize("default", DEFAULT_RULES, ids=lambda rule: rule.name)
def test_every_default_rule_fires_when_its_conditions_hold(default: DefaultRule):
    rule = rule_of(AdviceRule(pk=1, **default.fields()))
    [advice] = advise([rule], figures_where(default), default.scope)

    assert advice.name == default.name
    assert "{" not in advice.text and "None" not in advice.text
    for figure, _, _ in conditions(default):
        assert figure in advice.figures  # the numbers behind it


@pytest.mark.parametrize(
    ("default", "position"),
    [(rule, i) for rule in DEFAULT_RULES for i in range(len(conditions(rule)))],
    ids=lambda value: value.name if isinstance(value, DefaultRule) else f"condition {value + 1}",
)
def test_every_default_rule_stays_silent_when_a_condition_fails(default, position):
    rule = rule_of(AdviceRule(pk=1, **default.fields()))
    figure, comparison, value = conditions(default)[position]
    figures = figures_where(default, **{figure: failing(figure, comparison, value)})
    assert advise([rule], figures, default.scope) == []


def activity_advice(**values) -> list[str]:
    rules = [rule_of(AdviceRule(pk=i, **d.fields())) for i, d in enumerate(DEFAULT_RULES)]
    figures = {n: SAMPLE[f.kind] for n, f in FIGURES.items() if f.scope == "activity"}
    figures.update(values)
    return [advice.name for advice in advise(rules, figures, "activity")]


def test_zone_advice_reads_well_with_and_without_a_relaxed_zone():
    newcomers_and_conflict = {"newcomer_share": 0.5, "conflict": 0.6}

    no_zones = activity_advice(**newcomers_and_conflict, zones=0, relaxed_zone="")
    assert "Set up zones in a mixed room" in no_zones
    assert "Seat newcomers in the relaxed zone" not in no_zones

    relaxed = activity_advice(**newcomers_and_conflict, zones=2, relaxed_zone="Relaxed circle")
    assert "Seat newcomers in the relaxed zone" in relaxed
    assert "Set up zones in a mixed room" not in relaxed

    # Zones, but none of them relaxed: no advice names a zone that is not there.
    strict_only = activity_advice(**newcomers_and_conflict, zones=2, relaxed_zone="")
    assert "Seat newcomers in the relaxed zone" not in strict_only
    assert "Set up zones in a mixed room" not in strict_only


# ---- The data migration ----


@pytest.mark.django_db(transaction=True)
def test_the_migration_gives_existing_organisations_the_defaults_and_is_reversible():
    executor = MigrationExecutor(connection)
    before, after = [("mix", "0001_initial")], [("mix", "0002_default_advice_rules")]
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    old_org = old.get_model("organisations", "Organisation")
    first = old_org.objects.create(name="Riverside", slug="riverside")
    second = old_org.objects.create(name="Hilltop", slug="hilltop")
    assert not AdviceRule.objects.exists()

    executor = MigrationExecutor(connection)
    executor.migrate(after)
    for org in (first, second):
        names = AdviceRule.objects.filter(organisation_id=org.pk).values_list("name", flat=True)
        assert sorted(names) == DEFAULT_NAMES

    executor = MigrationExecutor(connection)
    executor.migrate(before)
    assert not AdviceRule.objects.exists()
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_the_migration_holds_a_snapshot_equal_to_todays_defaults():
    """The migration keeps its own copy of the rules, so it never changes with the code.

    When the defaults change, this fails on purpose: existing organisations keep the rules
    the migration gave them, so decide whether they need a new data migration too, then
    compare with the snapshot of that newest migration here instead.
    """
    migration = importlib.import_module("overture.mix.migrations.0002_default_advice_rules")
    plain = importlib.import_module("overture.mix.migrations.0004_plain_advice_texts")
    snapshot = [{**rule, "advice": plain.plain_text(rule["advice"])} for rule in migration.RULES]
    assert [rule.fields() for rule in DEFAULT_RULES] == snapshot
    fields = {field.name for field in AdviceRule._meta.get_fields()}
    assert all(set(rule) <= fields for rule in migration.RULES)


@pytest.mark.django_db(transaction=True)
def test_the_migration_leaves_an_organisation_with_rules_of_its_own_alone():
    executor = MigrationExecutor(connection)
    before, after = [("mix", "0001_initial")], [("mix", "0002_default_advice_rules")]
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    own = old.get_model("organisations", "Organisation").objects.create(name="Own", slug="own")
    old.get_model("mix", "AdviceRule").objects.create(
        organisation_id=own.pk,
        name="Open the doors early",
        variable="heterogeneity_conflict",
        when_figure="fill",
        when_comparison=">=",
        when_value=0.9,
        advice="{fill:.0%} of the places are taken.",
    )

    def kept() -> list[str]:
        rules = old.get_model("mix", "AdviceRule").objects.filter(organisation_id=own.pk)
        return list(rules.values_list("name", flat=True))

    executor = MigrationExecutor(connection)
    executor.migrate(after)
    assert kept() == ["Open the doors early"]

    executor = MigrationExecutor(connection)
    executor.migrate(before)
    assert kept() == ["Open the doors early"]
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


# ---- The admin ----


def rule_data(org: Organisation, **fields) -> dict:
    data = {
        "organisation": str(org.pk),
        "name": "Warn about a full room",
        "variable": Variable.HETEROGENEITY_CONFLICT,
        "scope": "activity",
        "when_figure": "fill",
        "when_comparison": ">=",
        "when_value": "0.9",
        "and_figure": "",
        "and_comparison": "",
        "and_value": "",
        "advice": "{fill} of the places are taken: open the side doors early.",
        "weight": "5",
        "active": "on",
    }
    data.update(fields)
    return data


def add_url() -> str:
    return reverse("admin:mix_advicerule_add")


def errors_of(response) -> str:
    form = response.context["adminform"].form
    return " ".join(message for errors in form.errors.values() for message in errors)


def test_the_rule_form_lists_every_figure_with_what_it_means(admin_client, org):
    page = admin_client.get(add_url()).content.decode()
    for figure in FIGURES.values():
        assert f"<code>{{{figure.words}}}</code>" in page
        assert figure.description in page
    assert '<option value="newcomer_share">' in page  # conditions pick from the figures
    assert '<option value="relaxed_zone">' not in page  # a name cannot be compared


def test_the_admin_saves_a_sound_rule(admin_client, org):
    response = admin_client.post(add_url(), rule_data(org))
    assert response.status_code == 302
    rule = AdviceRule.objects.get(organisation=org, name="Warn about a full room")
    assert (rule.when_figure, rule.when_comparison, rule.when_value) == ("fill", ">=", 0.9)
    assert rule.and_figure == "" and rule.and_value is None


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"when_figure": "clarty"}, 'When: "clarty" is not a figure. Did you mean "clarity"?'),
        (
            {"advice": "Conflict is {conflict"},
            "The advice text opens a brace after “Conflict is” that is never closed",
        ),
        (
            {"advice": "Mood is {happiness}."},
            "There is no figure called {happiness}; the list beside says which exist.",
        ),
        (
            {"advice": "Only {newcomer shares} are new."},
            "There is no figure called {newcomer shares} — did you mean {newcomer share}?",
        ),
        (
            {"scope": "season"},
            '"fill" is a figure of each activity, and this rule is for the season.',
        ),
        ({"when_figure": "relaxed_zone"}, '"relaxed_zone" is a name, not a number to compare.'),
        ({"and_figure": "conflict"}, "Give the second condition in full"),
    ],
    ids=[
        "unknown figure",
        "unbalanced braces",
        "unknown placeholder",
        "misspelt placeholder",
        "figure of the other scope",
        "text figure compared",
        "half a second condition",
    ],
)
def test_the_admin_rejects_a_faulty_rule_with_a_clear_message(admin_client, org, fields, message):
    response = admin_client.post(add_url(), rule_data(org, **fields))
    assert response.status_code == 200
    assert message in errors_of(response)
    assert not AdviceRule.objects.filter(name="Warn about a full room").exists()


def test_participants_and_staff_without_the_admin_are_kept_out(client, participant, org):
    client.force_login(participant.user)
    response = client.get(reverse("admin:mix_advicerule_changelist"))
    assert response.status_code == 302 and "/admin/login/" in response.url


def test_zoning_runs_are_read_only_in_the_admin(admin_client, org, other_org):
    concert = factories.activity(org, "Mahler 5")
    run = ZoningRun.objects.create(activity=concert, conflict_before=0.6, conflict_after=0.2)
    factories.activity(other_org, "Elsewhere")

    changelist = admin_client.get(reverse("admin:mix_zoningrun_changelist"))
    assert [r.pk for r in changelist.context["cl"].result_list] == [run.pk]
    assert admin_client.get(reverse("admin:mix_zoningrun_add")).status_code == 403
    change = admin_client.get(reverse("admin:mix_zoningrun_change", args=[run.pk]))
    assert change.status_code == 200
    assert 'type="submit"' not in change.content.decode().split('id="zoningrun_form"')[1]
