"""Small helpers for the intake browser walks: switching accounts, the keyboard, a PDF, and
the request and screening forms filled in as a platformlid and the reviewers do."""

import re

from playwright.sync_api import Page, expect

from tests.browser.helpers import login

# The smallest file the upload check (content sniffing) accepts as a PDF.
PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"

TEXTS = {
    "Aanleiding van probleem/ uitdaging": "Op meerdere vakantieparken wonen mensen permanent.",
    "Doelstelling": "Eén Twentse aanpak voor vakantieparken.",
    "Betrokken partners": "Politie, RIEC Oost-Nederland en de gemeenten.",
    "Afbakening": "Geen handhaving door het project zelf.",
    "Risico's/ onverwachte zaken/ effecten": "Verplaatsing van de problematiek.",
    "Verwacht resultaat": "Een regionaal handhavingsarrangement voor vakantieparken.",
    "Benodigde capaciteit en expertise": "Een projectleider 8 uur per week en een jurist.",
    "Globale planning": "Arrangement binnen een jaar.",
    "Financiën": "Uit het budget van het Platform.",
    "Communicatie": "Via de lokale driehoeken.",
}
THEME = "Ondermijning"
THEME_FIRST = re.compile(rf"^\s*{THEME}")  # the title says "ondermijning" too
GEMEENTEN = ["Almelo", "Borne", "Dinkelland", "Enschede", "Hengelo", "Losser", "Oldenzaal"]
OTHER_CRITERIA = [
    "Primaat Openbare Orde en Veiligheid",
    "DVO besluitvormend orgaan",
    "Actueel/urgent/hoog afbreukrisico",
    "Is haalbaar binnen de planning/legt realistisch beslag op de middelen",
]
MUNICIPALITY_CRITERION = "Speelt in ≥ 7 Twentse gemeenten"


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


def field(page: Page, label: str):
    return page.get_by_label(label, exact=True)


def criterion(page: Page, label: str):
    """One criterion on the screening page: its met/not met group and its note."""
    return page.locator(".criterion").filter(has=page.get_by_role("group", name=label))


def fill_request(page: Page, *, title: str, texts: dict) -> None:
    field(page, "Titel*").fill(title)
    page.get_by_role("group", name="Aangevraagd namens").get_by_label("het DVO").check()
    page.get_by_role("group", name="Voorgesteld speerpunt").get_by_label(THEME).check()
    for label, text in texts.items():
        field(page, label).fill(text)
    municipalities = page.get_by_role("group", name="Gemeenten waar het speelt")
    for gemeente in GEMEENTEN:
        municipalities.get_by_label(gemeente, exact=True).check()


def open_request_from_section(page: Page, section: str, title: str) -> None:
    werkvoorraad_section(page, section).get_by_role("link", name=title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
