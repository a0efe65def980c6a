"""Small helpers for the intake browser walk: switching accounts, the keyboard, a PDF."""

import re

from playwright.sync_api import Page, expect

from tests.browser.helpers import login

# The smallest file the upload check (content sniffing) accepts as a PDF.
PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def sign_out(page: Page, live_server) -> None:
    page.get_by_role("button", name="Uitloggen").click()
    expect(page).to_have_url(f"{live_server.url}/inloggen/")


def sign_in_as(page: Page, live_server, username: str) -> None:
    """Sign out whoever is signed in, then sign in through the form; ends on the werkvoorraad."""
    if page.get_by_role("button", name="Uitloggen").count():
        sign_out(page, live_server)
    login(page, live_server, username)
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Werkvoorraad")


def open_from_navigation(page: Page, label: str) -> None:
    page.get_by_role("navigation", name="Hoofdnavigatie").get_by_role(
        "link", name=label, exact=True
    ).click()


def werkvoorraad_section(page: Page, title: str):
    """A section of the werkvoorraad; its name is the heading, followed by the count."""
    return page.get_by_role("region", name=re.compile(rf"^{re.escape(title)}\b"))


def status_badge(page: Page):
    """The status of the request or project the page is about (the first badge in <main>)."""
    return page.locator("main .status-badge").first


def focused(page: Page, selector: str) -> bool:
    return page.evaluate(
        "(s) => !!document.activeElement && document.activeElement.matches(s)", selector
    )


def tab_to(page: Page, selector: str, limit: int = 80) -> list[str]:
    """Press Tab until the element matching `selector` has the focus.

    Returns a description of every element passed on the way; fails if the element is not
    reached within `limit` presses (so it is not in the tab order).
    """
    passed = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        if focused(page, selector):
            return passed
        passed.append(
            page.evaluate(
                "() => { const e = document.activeElement;"
                " return e ? `${e.tagName.toLowerCase()}#${e.id}[name=${e.getAttribute('name')}]`"
                " : 'none'; }"
            )
        )
    raise AssertionError(f"{selector} not reached with Tab; passed: {passed}")
