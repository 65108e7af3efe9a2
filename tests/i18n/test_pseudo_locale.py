"""The pseudo-locale itself: what it brackets and what the page check reports."""

from django.template import Context, Template
from django.utils.translation import gettext, gettext_lazy, ngettext, pgettext

from .pseudo import data, pseudo_translations, untranslated_sentences


def test_every_kind_of_translation_comes_back_bracketed(pseudo_locale):
    lazy = gettext_lazy("Book a place")
    assert gettext("Log in") == "⟦Log in⟧"
    assert str(lazy) == "⟦Book a place⟧"
    assert ngettext("%(n)s place", "%(n)s places", 3) % {"n": 3} == "⟦3 places⟧"
    assert pgettext("verb", "Book") == "⟦Book⟧"
    template = Template(
        "{% load i18n %}{% blocktranslate trimmed count n=n %}One place{% plural %}"
        "{{ n }} places{% endblocktranslate %} · {% translate 'Season' context 'menu' %}"
    )
    assert template.render(Context({"n": 2})) == "⟦2 places⟧ · ⟦Season⟧"


def test_the_check_reports_unmarked_sentences_and_reads_attributes():
    html = (
        "<html><head><title>⟦Log in⟧</title><script>var s = 'code';</script></head><body>"
        "<p>⟦Counted over <strong>12</strong> activities⟧</p>"
        f"<h2>{data('Quill Choir')}</h2><p>⟦You have a place at {data('Quill Choir')}⟧</p>"
        "<p>Nobody marked this</p><p>12 · 3 % — 19:30</p><a href='/x/'>sam@example.org</a>"
        "<button aria-label='Close the dialog'>×</button><input type=submit value='⟦Send⟧'>"
        "<input type=submit value='Go'><input type=hidden value='not read'>"
        "<form data-confirm='Cancel this?'></form></body></html>"
    )
    assert untranslated_sentences(html) == [
        "Nobody marked this",
        "button[aria-label]: Close the dialog",
        "input[value]: Go",
        "form[data-confirm]: Cancel this?",
    ]


def test_the_real_catalogue_is_back_after_a_page_under_the_pseudo_locale(client, db):
    with pseudo_translations():
        client.get("/no-such-organisation/")
        assert gettext("Log in") == "⟦Log in⟧"
    assert gettext("Log in") == "Log in"
