"""Real Chromium (Debian's package) driven by Playwright against the live test server."""

import os
import shutil

import pytest
from django.urls import reverse

from tests import factories

CHROMIUM = os.environ.get("OVERTURE_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-quic",
    "--no-first-run",
    "--disable-sync",
]


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.path).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        message = f"Chromium not found at {CHROMIUM}: install Debian's chromium package"
        if os.environ.get("OVERTURE_REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844})
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def open_as(browser, live_server):
    """A logged-in page for a user, each in a browser context of their own."""
    contexts = []

    from playwright.sync_api import expect

    def log_in(user, width: int = 390):
        context = browser.new_context(
            base_url=live_server.url, viewport={"width": width, "height": 900}
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        page.goto(reverse("login"))
        page.get_by_label("Email or username").fill(user.username)
        page.get_by_label("Password").fill(factories.PASSWORD)
        page.get_by_role("button", name="Log in").click()
        expect(page.get_by_role("button", name="Log out")).to_be_visible()
        return page

    yield log_in
    for context in contexts:
        context.close()


def emailed_link(contains: str) -> str:
    """The path of the newest link in the sent emails that contains `contains`."""
    import re

    from django.core import mail

    for message in reversed(mail.outbox):
        for url in re.findall(r"https?://[^/\s]+(/\S+)", message.body):
            if contains in url:
                return url
    raise AssertionError(f"no email with a link containing {contains!r}")
