"""Every consent box links to the organisation's privacy notice, which its admins word."""

from __future__ import annotations

from django.urls import reverse

from overture.organisations.models import Organisation


def url(name: str, org) -> str:
    return reverse(name, kwargs={"org": org.slug})


def test_without_its_own_words_the_notice_says_what_is_kept(client, org):
    page = client.get(url("privacy_notice", org)).content.decode()
    assert "<h1>Privacy notice</h1>" in page
    assert "What we keep" in page
    assert "We never sell your data" in page
    assert f"{org.name}’s staff" in page


def test_an_admin_words_the_notice_and_visitors_read_it(staff_client, client, org, other_org):
    notice = "We keep your bookings for six years.\n\nWrite to data@riverside.example."
    response = staff_client.post(url("staff_privacy_notice", org), {"privacy_notice": notice})
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.privacy_notice == notice
    page = client.get(url("privacy_notice", org)).content.decode()
    assert "<p>We keep your bookings for six years.</p>" in page
    assert "What we keep" not in page
    other = client.get(url("privacy_notice", other_org)).content.decode()
    assert "six years" not in other
    assert Organisation.objects.get(pk=other_org.pk).privacy_notice == ""


def test_a_notice_is_shown_as_text_never_as_markup(staff_client, client, org):
    staff_client.post(url("staff_privacy_notice", org), {"privacy_notice": "<script>x()</script>"})
    page = client.get(url("privacy_notice", org)).content.decode()
    assert "<script>x()</script>" not in page
    assert "&lt;script&gt;x()&lt;/script&gt;" in page


def test_a_notice_too_long_is_refused_and_kept_as_it_was(staff_client, org):
    response = staff_client.post(url("staff_privacy_notice", org), {"privacy_notice": "x" * 20001})
    assert response.status_code == 200
    assert "at most 20000 characters" in response.content.decode().replace(",", "")
    org.refresh_from_db()
    assert org.privacy_notice == ""


def test_the_sign_up_consent_boxes_link_to_the_notice_first(client, org):
    page = client.get(url("signup", org)).content.decode()
    link = f'<a href="{url("privacy_notice", org)}" target="_blank" rel="noopener">'
    assert link in page
    assert page.index(link) < page.index('name="consent_contact"')
