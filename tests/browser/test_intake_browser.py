"""The intake as people do it: a projectverzoek from concept to a staffed project.

A platformlid drafts and submits a request with a proposed theme (speerpunt), the
regiocoördinator asks for more information (confirmed on its own page), the platformlid sees the
question above the form, adds it and submits again, the regiocoördinator approves it with the
theme confirmed and staffs the project. Every page on the way passes axe-core, and the e-mails
reach the people concerned.
"""

import re

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from intake import services
from platform_ivz.core.models import Organisation
from tests.browser.helpers import assert_accessible
from tests.browser.intake_helpers import (
    GEMEENTEN,
    MUNICIPALITY_CRITERION,
    OTHER_CRITERIA,
    PDF_BYTES,
    TEXTS,
    THEME,
    THEME_FIRST,
    criterion,
    field,
    fill_request,
    focused,
    open_from_navigation,
    open_request_from_section,
    sign_in_as,
    status_badge,
    tab_to,
    werkvoorraad_section,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Aanpak ondermijning op vakantieparken"
ATTACHMENT = {"name": "situatieschets.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}
QUESTION = "Welke vakantieparken vallen er precies onder?"
ADDITION = " Het gaat om de twaalf parken op de lijst van het RIEC."
MOTIVATION = "Past binnen de prioriteiten van het Platform; voldoet aan alle criteria."
SUBMITTED = "Het verzoek is ingediend en ligt nu bij de voorzitter en de regiocoördinator."


# --- 1. The platformlid drafts the request, then submits it. ---------------------------------


def platformlid_drafts_and_submits(page: Page, live_server, mailoutbox) -> None:
    sign_in_as(page, live_server, "platformlid")
    open_from_navigation(page, "Projectverzoeken")
    expect(page.get_by_role("heading", level=1)).to_have_text("Projectverzoeken")
    assert_accessible(page)
    page.get_by_role("link", name="Nieuw projectverzoek").click()
    expect(page).to_have_url(f"{live_server.url}/verzoeken/nieuw/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Nieuw projectverzoek")
    assert_accessible(page)

    # Everything but the title, and submit: the form comes back in Dutch, nothing is lost.
    fill_request(page, title="", texts=TEXTS)
    page.get_by_label("Bijlagen").set_input_files(ATTACHMENT)
    page.locator("button[name=submit]").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Controleer de velden die hieronder zijn gemarkeerd")
    expect(summary.get_by_role("link", name="Titel")).to_be_visible()
    expect(summary).to_contain_text("Dit veld is verplicht.")
    title = field(page, "Titel*")
    expect(title).to_have_attribute("aria-invalid", "true")
    expect(title).to_have_accessible_description("Dit veld is verplicht.")
    for label, text in TEXTS.items():
        expect(field(page, label)).to_have_value(text)
    expect(page.get_by_label("het DVO")).to_be_checked()
    for gemeente in GEMEENTEN:
        expect(page.get_by_label(gemeente, exact=True)).to_be_checked()
    assert mailoutbox == []
    assert_accessible(page)

    # The error summary leads to the field.
    summary.get_by_role("link", name="Titel").click()
    expect(title).to_be_focused()
    title.fill(TITLE)
    # A browser cannot keep a chosen file across a page load: choose it again.
    page.get_by_label("Bijlagen").set_input_files(ATTACHMENT)
    page.locator("button[name=save]").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.get_by_role("status")).to_contain_text("Het concept is opgeslagen.")
    expect(status_badge(page)).to_have_text("Concept")
    expect(page.get_by_role("definition").filter(has_text=THEME_FIRST)).to_be_visible()
    expect(page.get_by_role("link", name="situatieschets.pdf")).to_be_visible()
    for text in TEXTS.values():
        expect(page.get_by_text(text)).to_be_visible()
    expect(page.get_by_text(", ".join(GEMEENTEN))).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="situatieschets.pdf").click()
    assert download.value.suggested_filename == "situatieschets.pdf"
    with open(download.value.path(), "rb") as downloaded:
        assert downloaded.read() == PDF_BYTES
    assert_accessible(page)

    # Edit: without an Afbakening it cannot be submitted, and nothing is saved.
    page.get_by_role("link", name="Bewerken").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Verzoek bewerken")
    expect(field(page, "Titel*")).to_have_value(TITLE)
    field(page, "Afbakening").fill("")
    page.locator("button[name=submit]").click()
    expect(page.get_by_role("status")).to_contain_text("niet ingediend en er is niets opgeslagen")
    expect(page.get_by_role("alert")).to_contain_text(
        "Dit veld is verplicht voordat u het verzoek kunt indienen."
    )
    expect(field(page, "Doelstelling")).to_have_value(TEXTS["Doelstelling"])
    assert mailoutbox == []
    assert_accessible(page)

    field(page, "Afbakening").fill(TEXTS["Afbakening"])
    page.locator("button[name=submit]").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.get_by_role("status")).to_contain_text(SUBMITTED)
    expect(status_badge(page)).to_have_text("Ingediend")
    expect(page.get_by_role("link", name="Bewerken")).to_be_visible()


# --- 2. The regiocoördinator asks for more information. --------------------------------------


def regiocoordinator_asks_for_information(page: Page, live_server) -> None:
    sign_in_as(page, live_server, "regiocoordinator")
    open_request_from_section(page, "Te beoordelen", TITLE)
    expect(status_badge(page)).to_have_text("Ingediend")
    assert_accessible(page)
    page.get_by_role("link", name="Toetsen en besluiten").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Verzoek toetsen: {TITLE}")

    # Criterion 4 follows from the seven municipalities chosen.
    municipalities = criterion(page, MUNICIPALITY_CRITERION)
    expect(municipalities.get_by_label("Voldaan", exact=True)).to_be_checked()
    expect(municipalities.get_by_label("Toelichting")).to_have_value("Speelt in 7 gemeenten.")
    for label in OTHER_CRITERIA:
        expect(criterion(page, label).get_by_label("Voldaan", exact=True)).not_to_be_checked()
    # Five notes share the label "Toelichting"; each sits in a group named after its criterion.
    for label in [*OTHER_CRITERIA, MUNICIPALITY_CRITERION]:
        group = page.get_by_role("group", name=label, exact=True)
        expect(group.get_by_role("textbox", name="Toelichting")).to_have_count(1)
    assert_accessible(page)

    for label in OTHER_CRITERIA:
        block = criterion(page, label)
        block.get_by_label("Voldaan", exact=True).check()
        block.get_by_label("Toelichting").fill(f"Beoordeeld: {label.lower()}.")
    field(page, "Motivering aan de indiener").fill(QUESTION)
    page.locator("button[name=action][value=request_information]").click()

    # A confirmation page says what will happen; nothing has happened yet.
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Aanvulling vragen: {TITLE}")
    expect(page.get_by_text("Het verzoek gaat terug naar de indiener.")).to_be_visible()
    expect(page.get_by_role("definition").filter(has_text=QUESTION)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Aanvulling vragen").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.get_by_role("status")).to_contain_text(
        "Het verzoek is met uw vraag teruggegaan naar de indiener."
    )
    expect(status_badge(page)).to_have_text("Aanvulling gevraagd")
    expect(page.get_by_role("link", name="Toetsen en besluiten")).to_have_count(0)


# --- 3. The platformlid adds the information and submits again. ------------------------------


def platformlid_adds_information(page: Page, live_server) -> None:
    sign_in_as(page, live_server, "platformlid")
    open_request_from_section(page, "Mijn verzoeken", TITLE)
    expect(status_badge(page)).to_have_text("Aanvulling gevraagd")
    # The open question stands at the top of the page (and again in the history).
    question = page.get_by_role("note").filter(has_text="De beoordelaars vragen om aanvulling")
    expect(question).to_contain_text(QUESTION)
    assert_accessible(page)

    page.get_by_role("link", name="Bewerken").click()
    # The question stands above the form it is answered in.
    asked = page.get_by_role("region", name="De beoordelaars vragen om aanvulling")
    expect(asked).to_contain_text(QUESTION)
    assert_accessible(page)
    doelstelling = field(page, "Doelstelling")
    expect(doelstelling).to_have_value(TEXTS["Doelstelling"])
    doelstelling.press("End")
    doelstelling.press_sequentially(ADDITION)
    expect(page.locator("button[name=save]")).to_have_text("Opslaan")
    page.locator("button[name=submit]").click()

    expect(page.get_by_role("status")).to_contain_text(SUBMITTED)
    expect(status_badge(page)).to_have_text("Ingediend")
    expect(page.get_by_text(TEXTS["Doelstelling"] + ADDITION)).to_be_visible()


# --- 4. The regiocoördinator approves and staffs the project. --------------------------------


def regiocoordinator_approves_and_staffs(page: Page, live_server) -> None:
    sign_in_as(page, live_server, "regiocoordinator")
    open_request_from_section(page, "Te beoordelen", TITLE)
    page.get_by_role("link", name="Toetsen en besluiten").click()
    for label in [*OTHER_CRITERIA, MUNICIPALITY_CRITERION]:
        expect(criterion(page, label).get_by_label("Voldaan", exact=True)).to_be_checked()

    # A decision without a motivation is refused, and the page keeps what was chosen.
    field(page, "Motivering aan de indiener").fill("")
    page.locator("button[name=action][value=approve]").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Het besluit kon niet worden vastgelegd.")
    expect(alert).to_contain_text("Geef een motivering.")
    expect(criterion(page, OTHER_CRITERIA[0]).get_by_label("Voldaan", exact=True)).to_be_checked()
    assert_accessible(page)

    alert.get_by_role("link", name="Motivering aan de indiener").click()
    expect(field(page, "Motivering aan de indiener")).to_be_focused()
    page.keyboard.type(MOTIVATION)
    # The theme the indiener proposed is chosen already.
    themes = page.get_by_role("group", name="Speerpunt van het project")
    expect(themes.get_by_label(THEME)).to_be_checked()
    page.locator("button[name=action][value=approve]").click()

    # The confirmation: what will happen, on which grounds, with which theme.
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Goedkeuren: {TITLE}")
    expect(page.get_by_text("er wordt een project aangemaakt")).to_be_visible()
    grounds = page.get_by_role("region", name="Controleer voordat u bevestigt")
    expect(grounds.get_by_role("definition").filter(has_text=THEME_FIRST)).to_be_visible()
    expect(grounds).to_contain_text(MOTIVATION)
    expect(grounds.get_by_role("listitem")).to_have_count(5)
    assert_accessible(page)
    page.get_by_role("button", name="Goedkeuren").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.get_by_role("status")).to_contain_text("Het verzoek is goedgekeurd")
    expect(status_badge(page)).to_have_text("Goedgekeurd")
    decision = page.get_by_role("region", name="Besluit: Goedgekeurd")
    expect(decision).to_contain_text(MOTIVATION)
    assert_accessible(page)

    decision.get_by_role("link", name="Naar het project").click()
    expect(page).to_have_url(re.compile(r"/projecten/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(status_badge(page)).to_have_text("Te bemensen")
    expect(page.get_by_role("definition").filter(has_text=THEME_FIRST)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Projectleider en portefeuillehouder toewijzen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Mensen toewijzen: {TITLE}")
    assert_accessible(page)
    field(page, "Projectleider").select_option(label="Sanne de Vries (Hengelo)")
    field(page, "Portefeuillehouder").select_option(label="Hans Oosterhuis (Enschede)")
    page.get_by_role("button", name="Opslaan").click()

    expect(page.get_by_role("status")).to_contain_text("De toewijzing is opgeslagen")
    expect(status_badge(page)).to_have_text("In voorbereiding")
    expect(page.get_by_role("definition").filter(has_text="Sanne de Vries")).to_be_visible()
    expect(page.get_by_role("definition").filter(has_text="Hans Oosterhuis")).to_be_visible()


# --- 5. The platformlid sees the decision and the project. -----------------------------------


def platformlid_sees_decision_and_project(page: Page, live_server) -> None:
    sign_in_as(page, live_server, "platformlid")
    my_projects = werkvoorraad_section(page, "Mijn projecten")
    expect(my_projects.get_by_role("link", name=TITLE)).to_be_visible()
    expect(my_projects).to_contain_text("In voorbereiding")
    # A decided request is no longer open.
    expect(
        werkvoorraad_section(page, "Mijn verzoeken").get_by_role("link", name=TITLE)
    ).to_have_count(0)

    open_from_navigation(page, "Projectverzoeken")
    filters = page.get_by_role("search", name="Verzoeken filteren")
    filters.get_by_label("Zoeken", exact=True).fill("vakantieparken")
    filters.get_by_label("Status", exact=True).select_option(label="Goedgekeurd")
    filters.get_by_label("Gemeente", exact=True).select_option(label="Losser")
    filters.get_by_role("button", name="Filteren").click()
    expect(page).to_have_url(re.compile(r"status=goedgekeurd"))
    expect(page.get_by_text("1 verzoek", exact=True)).to_be_visible()
    expect(page.get_by_role("table").get_by_role("link")).to_have_count(1)
    assert_accessible(page)

    filters.get_by_label("Status", exact=True).select_option(label="Afgewezen")
    filters.get_by_role("button", name="Filteren").click()
    expect(page.get_by_role("status")).to_have_text("Geen verzoeken voldoen aan deze filters.")
    assert_accessible(page)

    filters.get_by_label("Status", exact=True).select_option(label="Goedgekeurd")
    filters.get_by_role("button", name="Filteren").click()
    page.get_by_role("table").get_by_role("link", name=TITLE).click()
    expect(status_badge(page)).to_have_text("Goedgekeurd")
    decision = page.get_by_role("region", name="Besluit: Goedgekeurd")
    expect(decision).to_contain_text(MOTIVATION)
    expect(decision).to_contain_text("Erik Bosch")


# --- 6. The e-mails. -------------------------------------------------------------------------


def assert_emails_sent(mailoutbox, users) -> None:
    # The live server answers in another thread of this process: its mail lands here too.
    assert mailoutbox is mail.outbox
    sent = [(message.to, message.subject) for message in mailoutbox]
    reviewers = {users["voorzitter"].email, users["regiocoordinator"].email}
    indiener = users["platformlid"].email

    submitted = [to[0] for to, subject in sent if subject == f"Projectverzoek ingediend: {TITLE}"]
    assert sorted(submitted) == sorted([*reviewers, *reviewers]), sent  # twice, one each
    assert [to for to, subject in sent if subject == f"Aanvulling gevraagd: {TITLE}"] == [
        [indiener]
    ], sent
    decided = [m for m in mailoutbox if m.subject == f"Projectverzoek goedgekeurd: {TITLE}"]
    assert [m.to for m in decided] == [[indiener]], sent
    assert MOTIVATION in decided[0].body
    assert MOTIVATION in decided[0].alternatives[0].content
    information = next(m for m in mailoutbox if m.subject.startswith("Aanvulling gevraagd"))
    assert QUESTION in information.body
    staffed = [to[0] for to, subject in sent if subject == f"Project toegewezen: {TITLE}"]
    assert sorted(staffed) == sorted([indiener, users["dvo"].email]), sent
    assert len(sent) == 8, sent


def test_a_request_from_concept_to_a_staffed_project(page, live_server, demo_users, mailoutbox):
    platformlid_drafts_and_submits(page, live_server, mailoutbox)
    regiocoordinator_asks_for_information(page, live_server)
    platformlid_adds_information(page, live_server)
    regiocoordinator_approves_and_staffs(page, live_server)
    platformlid_sees_decision_and_project(page, live_server)
    assert_emails_sent(mailoutbox, demo_users)


# --- 7. The keyboard alone. ------------------------------------------------------------------


def test_the_new_request_form_works_with_the_keyboard_alone(page, live_server, demo_users):
    sign_in_as(page, live_server, "platformlid")
    open_from_navigation(page, "Projectverzoeken")
    page.get_by_role("link", name="Nieuw projectverzoek").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nieuw projectverzoek")

    tab_to(page, "#id_title")
    page.keyboard.type("Veilig uitgaan in de binnensteden")
    page.keyboard.press("Tab")
    assert focused(page, "input[name=on_behalf_of]")
    page.keyboard.press("Space")
    expect(page.get_by_label("het DVO")).to_be_checked()
    tab_to(page, "#id_aanleiding")
    page.keyboard.type("Meer incidenten in het uitgaansgebied.")
    tab_to(page, "#id_gemeenten_0")
    page.keyboard.press("Space")
    expect(page.get_by_label("Almelo", exact=True)).to_be_checked()
    tab_to(page, "button[name=save]")
    tab_to(page, "button[name=submit]", limit=1)
    page.keyboard.press("Shift+Tab")
    assert focused(page, "button[name=save]")
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Veilig uitgaan in de binnensteden")
    expect(status_badge(page)).to_have_text("Concept")
    expect(page.get_by_text("Meer incidenten in het uitgaansgebied.")).to_be_visible()
    expect(page.get_by_text("Almelo (1)")).to_be_visible()


def test_the_error_summary_leads_to_radio_buttons_and_checkboxes_too(page, live_server, demo_users):
    services.create_request(
        author=demo_users["platformlid"], data={"title": "Nog lang niet af"}, gemeenten=[]
    )
    sign_in_as(page, live_server, "platformlid")
    open_request_from_section(page, "Mijn verzoeken", "Nog lang niet af")
    page.get_by_role("link", name="Bewerken").click()
    page.locator("button[name=submit]").click()

    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Kies ten minste één gemeente.")
    summary.get_by_role("link", name="Gemeenten waar het speelt").click()
    expect(page.get_by_label("Almelo", exact=True)).to_be_focused()
    summary.get_by_role("link", name="Aangevraagd namens").click()
    expect(page.get_by_label("het DVO")).to_be_focused()
    summary.get_by_role("link", name="Doelstelling").click()
    expect(field(page, "Doelstelling")).to_be_focused()
    assert_accessible(page)


# --- 8. Withdrawing asks first. --------------------------------------------------------------


def test_withdrawing_a_concept_asks_for_confirmation(page, live_server, demo_users, mailoutbox):
    platformlid = demo_users["platformlid"]
    services.create_request(
        author=platformlid,
        data={"title": "Cameratoezicht bij evenementen", "on_behalf_of": "dvo"},
        gemeenten=Organisation.objects.filter(name__in=GEMEENTEN[:2]),
    )
    sign_in_as(page, live_server, "platformlid")
    open_request_from_section(page, "Mijn verzoeken", "Cameratoezicht bij evenementen")
    expect(status_badge(page)).to_have_text("Concept")

    page.get_by_role("link", name="Intrekken").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Intrekken: Cameratoezicht bij evenementen"
    )
    expect(page.get_by_text("Dit verzoek intrekken?")).to_be_visible()
    assert_accessible(page)

    # Cancelling changes nothing.
    page.get_by_role("link", name="Annuleren").click()
    expect(status_badge(page)).to_have_text("Concept")

    page.get_by_role("link", name="Intrekken").click()
    field(page, "Reden (optioneel)").fill("Wordt al regionaal opgepakt.")
    page.get_by_role("button", name="Intrekken").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Cameratoezicht bij evenementen")
    expect(page.get_by_role("status")).to_contain_text(
        "Het verzoek is ingetrokken. Het kan niet meer worden ingediend."
    )
    expect(status_badge(page)).to_have_text("Ingetrokken")
    expect(page.get_by_text("Wordt al regionaal opgepakt.")).to_be_visible()
    expect(page.get_by_role("link", name="Intrekken")).to_have_count(0)
    expect(page.get_by_role("link", name="Bewerken")).to_have_count(0)
    assert mailoutbox == []
