"""Staff read the demo season's pages on a phone: nothing wider than the screen, every table
that scrolls sideways reachable by keyboard and named, and long names wrapping."""

from __future__ import annotations

import pytest
from django.db.models import Count
from django.urls import reverse

from overture.demo import generate
from overture.insight.models import Survey
from overture.organisations.models import Membership
from overture.season.models import Activity
from tests import factories

WIDTH = 390

# What a phone user cannot reach or read: the page wider than the screen, and boxes that
# scroll without being focusable (keyboard users can't scroll them) or without a name.
LAYOUT_PROBLEMS = """
() => {
  const problems = [];
  const wide = document.documentElement.scrollWidth;
  if (wide > window.innerWidth) problems.push(`page is ${wide}px wide`);
  for (const el of document.querySelectorAll("body *")) {
    const style = getComputedStyle(el);
    const scrolls = ["auto", "scroll"].includes(style.overflowX)
      || ["auto", "scroll"].includes(style.overflowY);
    const overflows = el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1;
    if (!scrolls || !overflows) continue;
    const name = el.getAttribute("aria-label") || "";
    const what = `${el.tagName.toLowerCase()}.${el.className} “${name}”`;
    if (el.tabIndex < 0) problems.push(`${what} scrolls but cannot be focused`);
    if (el.tagName === "DIV" && !(el.getAttribute("role") && el.getAttribute("aria-label")))
      problems.push(`${what} scrolls without a named region`);
  }
  for (const region of document.querySelectorAll(".table-scroll")) {
    if (!region.getAttribute("aria-label")) problems.push("a table region has no name");
  }
  if (document.querySelectorAll("h1").length !== 1) problems.push("not exactly one h1");
  return problems;
}
"""


@pytest.fixture
def demo(transactional_db):
    season = generate(seed=7, participants=300, activities=24)
    admin = factories.staff(season.organisation, role=Membership.Role.ADMIN, username="ada")
    return season.organisation, admin


def staff_pages(org) -> list[str]:
    busiest = (
        Activity.objects.filter(organisation=org, status=Activity.Status.PUBLISHED)
        .order_by("-places_taken", "pk")
        .first()
    )
    surveyed = (
        Survey.objects.filter(activity__organisation=org)
        .annotate(answers=Count("responses"))
        .order_by("-answers", "pk")
        .first()
        .activity
    )
    slug = {"org": org.slug}
    return [
        reverse("staff_activity_registrations", kwargs=slug | {"pk": busiest.pk}),
        reverse("staff_signposting", kwargs=slug),
        reverse("staff_buddies", kwargs=slug),
        reverse("staff_buddy_volunteers", kwargs=slug),
        reverse("staff_activity_mix", kwargs=slug | {"pk": busiest.pk}),
        reverse("staff_insight", kwargs=slug),
        reverse("staff_activity_insight", kwargs=slug | {"pk": surveyed.pk}),
        reverse("staff_season_mix", kwargs=slug),
    ]


def test_staff_pages_fit_a_phone_and_their_tables_scroll_by_keyboard(open_as, demo):
    org, admin = demo
    page = open_as(admin, width=WIDTH)
    found = {}
    for url in staff_pages(org):
        response = page.goto(url, timeout=60_000)
        assert response.status == 200, url
        problems = page.evaluate(LAYOUT_PROBLEMS)
        if problems:
            found[url] = problems
    assert not found

    # A table too wide for the phone scrolls sideways from the keyboard.
    page.goto(staff_pages(org)[0])
    region = page.get_by_role("region", name="Registrations for")
    assert region.evaluate("el => el.scrollWidth > el.clientWidth")
    region.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => document.activeElement.scrollLeft > 0", timeout=5_000)
