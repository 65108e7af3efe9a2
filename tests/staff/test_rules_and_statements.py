"""Advice rules and value statements are kept by the organisation's admins on staff pages."""

from __future__ import annotations

from django.urls import reverse

from overture.insight.models import ValueDimension
from overture.insight.services import ensure_survey
from overture.mix.models import AdviceRule
from tests import factories
from tests.mix.test_advice_rules import rule_data


def url(name: str, org, **kwargs) -> str:
    return reverse(name, kwargs={"org": org.slug, **kwargs})


def test_an_admin_adds_a_rule_for_her_organisation_only(staff_client, org, other_org):
    data = rule_data(org)
    data.pop("organisation")
    response = staff_client.post(url("staff_advice_rule_create", org), data)
    assert response.status_code == 302
    rule = AdviceRule.objects.get(name="Warn about a full room")
    assert rule.organisation == org
    AdviceRule.objects.filter(organisation=other_org, pk=theirs_pk(other_org)).update(
        name="Only at Hilltop"
    )
    page = staff_client.get(url("staff_advice_rules", org)).content.decode()
    assert "Warn about a full room" in page
    assert "Only at Hilltop" not in page


def theirs_pk(other_org) -> int:
    return AdviceRule.objects.filter(organisation=other_org).first().pk


def test_a_faulty_rule_is_refused_with_the_forms_message(staff_client, org):
    data = {**rule_data(org), "when_figure": "nonsense"}
    response = staff_client.post(url("staff_advice_rule_create", org), data)
    assert response.status_code == 200
    assert response.context["form"].errors["when_figure"]
    assert not AdviceRule.objects.filter(name="Warn about a full room").exists()


def test_a_rule_name_is_unique_within_the_organisation(staff_client, org):
    existing = AdviceRule.objects.filter(organisation=org).first()
    data = {**rule_data(org), "name": existing.name}
    response = staff_client.post(url("staff_advice_rule_create", org), data)
    assert response.status_code == 200
    assert "name" in response.context["form"].errors


def test_an_admin_switches_off_and_deletes_a_rule(staff_client, org):
    rule = AdviceRule.objects.filter(organisation=org, active=True).first()
    staff_client.post(url("staff_advice_rule_switch", org, pk=rule.pk), {})
    rule.refresh_from_db()
    assert not rule.active
    staff_client.post(url("staff_advice_rule_delete", org, pk=rule.pk))
    assert not AdviceRule.objects.filter(pk=rule.pk).exists()


def test_another_organisations_rule_is_not_found(staff_client, org, other_org):
    theirs = AdviceRule.objects.filter(organisation=other_org).first()
    for name in ["staff_advice_rule_edit", "staff_advice_rule_switch"]:
        assert staff_client.post(url(name, org, pk=theirs.pk), {}).status_code == 404
    deleted = staff_client.post(url("staff_advice_rule_delete", org, pk=theirs.pk), follow=True)
    assert "Deleted the rule" not in deleted.content.decode()  # as for a rule already gone
    assert AdviceRule.objects.get(pk=theirs.pk).active == theirs.active


def test_an_admin_adds_a_statement_that_new_surveys_ask(staff_client, org):
    data = {
        "label": "Feeling at home",
        "statement": "I felt at home.",
        "position": "9",
        "active": "on",
    }
    assert staff_client.post(url("staff_value_statement_create", org), data).status_code == 302
    statement = ValueDimension.objects.get(organisation=org, label="Feeling at home")
    assert statement.key == "feeling-at-home"
    survey = ensure_survey(factories.activity(org, days_ahead=-1))
    page = staff_client.get(reverse("survey", kwargs={"org": org.slug, "token": survey.token}))
    assert "I felt at home." in page.content.decode()


def test_a_statement_name_is_unique_and_needs_a_letter(staff_client, org):
    first = ValueDimension.objects.filter(organisation=org).first()
    for label in [first.label, "!!!"]:
        data = {"label": label, "statement": "Something.", "position": "1"}
        response = staff_client.post(url("staff_value_statement_create", org), data)
        assert response.status_code == 200
        assert response.context["form"].errors["label"]


def test_retiring_a_statement_keeps_it_but_stops_asking_it(staff_client, org):
    first = ValueDimension.objects.filter(organisation=org).first()
    key = first.key
    data = {"label": "Retired statement", "statement": first.statement, "position": first.position}
    staff_client.post(url("staff_value_statement_edit", org, pk=first.pk), data)
    first.refresh_from_db()
    assert not first.active and first.label == "Retired statement"
    assert first.key == key  # the key never changes, so past answers keep their meaning
