"""Playwright on the system's Chromium: one browser per test session, a fresh context per test;
the demo accounts for the tests that sign in as them."""

import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-gpu",
    "--disable-dev-shm-usage",
]
WEB_SCHEMES = {"http", "https", "ws", "wss"}


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: install the chromium package to run the browser tests"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)

    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; Django would then refuse
    # database access from the test code, which is synchronous and safe here.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield chromium
    chromium.close()
    playwright.stop()


@pytest.fixture
def page(browser, live_server):
    """A page in a fresh browser context that may load nothing from outside the app.

    At teardown the test fails if the page asked any other host for anything (such requests
    are aborted, so a CDN link cannot slip through), broke the Content Security Policy, or
    raised a JavaScript error.
    """
    own_host = urlsplit(live_server.url).netloc
    hosts, foreign, csp_violations, script_errors = set(), [], [], []

    def is_foreign(url: str) -> bool:
        parts = urlsplit(url)
        return parts.scheme in WEB_SCHEMES and parts.netloc != own_host

    def record_request(request):
        parts = urlsplit(request.url)
        if parts.scheme in WEB_SCHEMES:
            hosts.add(parts.netloc)

    def refuse(route):
        foreign.append(route.request.url)
        route.abort()

    def record_console(message):
        if message.type == "error" and "Content Security Policy" in message.text:
            csp_violations.append(message.text)

    context = browser.new_context(base_url=live_server.url, locale="nl-NL")
    context.on("request", record_request)
    context.route(is_foreign, refuse)
    browser_page = context.new_page()
    browser_page.on("console", record_console)
    browser_page.on("pageerror", lambda error: script_errors.append(str(error)))

    yield browser_page

    context.close()
    assert not foreign, f"Loaded from outside the app: {foreign}"
    assert hosts <= {own_host}, f"Requests to other hosts: {sorted(hosts - {own_host})}"
    assert not csp_violations, "Content Security Policy violations:\n" + "\n".join(csp_violations)
    assert not script_errors, "JavaScript errors:\n" + "\n".join(script_errors)


@pytest.fixture
def demo_users(settings, tmp_path):
    """The demo accounts (transactional tests start empty); uploads go to a temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    from platform_ivz.core.demo import load_users

    return {user.username: user for user in load_users()}
