"""Issue 14's whole chain in one browser walk, as its users do it (issue 14, "Tests that must
exist"): a platformlid writes and submits a request proposing a speerpunt; the regiocoördinator
screens it on all five criteria and approves it on the confirmation page with the theme
confirmed, and staffs the project; the projectleider finds the plan pre-filled from the request,
completes and submits it; the Platform returns it with remarks; the resubmission is version 2,
compared with version 1; the Platform and then the DVO approve it; the project page shows the
theme and the plan's essentials; a beslispunt goes through the Platform (advice) to the DVO
(decision). The werkvoorraad's "Te agenderen" is checked on the way, axe-core on every page new
in this chain (the pages both halves already check are left to test_intake_browser.py and
test_throughput_browser.py).
"""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from projects.models import Beslispunt, Project, ProjectPlan
from tests.browser.helpers import assert_accessible
from tests.browser.intake_helpers import (
    MUNICIPALITY_CRITERION,
    OTHER_CRITERIA,
    TEXTS,
    THEME,
    THEME_FIRST,
    criterion,
    field,
    fill_request,
    open_from_navigation,
    open_request_from_section,
    sign_in_as,
    status_badge,
    werkvoorraad_section,
)
from tests.browser.throughput_helpers import create_meeting, decide, put_on_agenda, waiting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Aanpak ondermijning op vakantieparken"
AANLEIDING = TEXTS["Aanleiding van probleem/ uitdaging"]
DOELSTELLING = TEXTS["Doelstelling"]
MOTIVATION = "Past binnen de prioriteiten van het Platform; voldoet aan alle criteria."
INDICATOR = "Aantal gecontroleerde vakantieparken"
MILESTONE = "Convenant met de parkeigenaren getekend"
RESULT_1 = "Een regionaal handhavingsarrangement."
RESULT_2 = "Een regionaal handhavingsarrangement; twaalf parken gecontroleerd."
REMARKS = "Maak het resultaat meetbaar."
BESLISPUNT = "Het arrangement uitbreiden naar alle veertien gemeenten."
ADVICE = "Het Platform adviseert in te stemmen."


def indiener_writes_and_submits(page: Page, live_server) -> None:
    sign_in_as(page, live_server, "platformlid")
    open_from_navigation(page, "Projectverzoeken")
    page.get_by_role("link", name="Nieuw projectverzoek").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nieuw projectverzoek")
    # Every field, the five of the intake format included, and the proposed speerpunt.
    fill_request(page, title=TITLE, texts=TEXTS)
    page.locator("button[name=submit]").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.get_by_role("status")).to_contain_text("Het verzoek is ingediend")
    expect(status_badge(page)).to_have_text("Ingediend")
    expect(page.get_by_role("definition").filter(has_text=THEME_FIRST)).to_be_visible()


def reviewer_screens_approves_and_staffs(page: Page, live_server) -> Project:
    sign_in_as(page, live_server, "regiocoordinator")
    open_request_from_section(page, "Te beoordelen", TITLE)
    page.get_by_role("link", name="Toetsen en besluiten").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Verzoek toetsen: {TITLE}")
    # All five criteria scored (the municipalities' one is proposed from the seven chosen).
    for label in [*OTHER_CRITERIA, MUNICIPALITY_CRITERION]:
        block = criterion(page, label)
        block.get_by_label("Voldaan", exact=True).check()
        block.get_by_label("Toelichting").fill(f"Beoordeeld: {label.lower()}.")
    field(page, "Motivering aan de indiener").fill(MOTIVATION)
    themes = page.get_by_role("group", name="Speerpunt van het project")
    expect(themes.get_by_label(THEME)).to_be_checked()  # the proposed theme, chosen already
    page.locator("button[name=action][value=approve]").click()

    # The confirmation page: the theme, the motivation and the five criteria, then confirm.
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Goedkeuren: {TITLE}")
    grounds = page.get_by_role("region", name="Controleer voordat u bevestigt")
    expect(grounds.get_by_role("definition").filter(has_text=THEME_FIRST)).to_be_visible()
    expect(grounds).to_contain_text(MOTIVATION)
    expect(grounds.get_by_role("listitem")).to_have_count(5)
    page.get_by_role("button", name="Goedkeuren").click()
    expect(status_badge(page)).to_have_text("Goedgekeurd")

    page.get_by_role("region", name="Besluit: Goedgekeurd").get_by_role(
        "link", name="Naar het project"
    ).click()
    expect(page).to_have_url(re.compile(r"/projecten/\d+/$"))
    expect(status_badge(page)).to_have_text("Te bemensen")
    page.get_by_role("link", name="Projectleider en portefeuillehouder toewijzen").click()
    field(page, "Projectleider").select_option(label="Sanne de Vries (Hengelo)")
    field(page, "Portefeuillehouder").select_option(label="Hans Oosterhuis (Enschede)")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("status")).to_contain_text("De toewijzing is opgeslagen")
    expect(status_badge(page)).to_have_text("In voorbereiding")
    return Project.objects.get(request__title=TITLE)


def projectleider_writes_and_submits_the_plan(page: Page, live_server, project) -> None:
    today = timezone.localdate()
    sign_in_as(page, live_server, "platformlid")
    werkvoorraad_section(page, "Mijn projecten").get_by_role("link", name=TITLE).click()
    page.locator(f"main a[href='/projecten/{project.pk}/plan/bewerken/']").click()
    expect(page).to_have_url(f"{live_server.url}/projecten/{project.pk}/plan/bewerken/")
    # Pre-filled from the approved request, which stands beside the form.
    expect(page.locator("textarea[name$=aanleiding]")).to_have_value(AANLEIDING)
    expect(page.locator("textarea[name$=doelstelling]")).to_have_value(DOELSTELLING)
    expect(page.locator("#verzoek-titel")).to_be_visible()
    assert_accessible(page)

    page.locator("textarea[name$=projectresultaat]").fill(RESULT_1)
    page.locator("textarea[name$=planning]").fill("Een jaar, in drie fasen.")
    page.locator("#id_project-start_date").fill(today.isoformat())
    page.locator("#id_project-end_date").fill((today + datetime.timedelta(days=365)).isoformat())
    page.locator("#id_indicators-0-name").fill(INDICATOR)
    page.locator("#id_indicators-0-unit").fill("parken")
    page.locator("#id_indicators-0-baseline").fill("0")
    page.locator("#id_indicators-0-target").fill("12")
    page.locator("#id_milestones-0-name").fill(MILESTONE)
    page.locator("#id_milestones-0-planned_date").fill(
        (today + datetime.timedelta(days=90)).isoformat()
    )
    page.locator("button[name=submit]").click()
    expect(page).to_have_url(re.compile(r"/plan/indienen/$"))
    expect(page.get_by_role("alert")).to_have_count(0)  # nothing missing
    assert_accessible(page)
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".alert-success")).to_contain_text(
        "Het plan is ingediend en ligt nu bij het Platform."
    )
    expect(status_badge(page)).to_have_text("Ter vaststelling")


def test_a_request_with_a_proposed_theme_through_plan_approvals_and_a_beslispunt(
    page, live_server, demo_users
):
    today = timezone.localdate()
    indiener_writes_and_submits(page, live_server)
    project = reviewer_screens_approves_and_staffs(page, live_server)
    assert project.theme == "ondermijning"
    projectleider_writes_and_submits_the_plan(page, live_server, project)

    # "Te agenderen": the plan waits for the Platform. The meetings are kept after submission.
    sign_in_as(page, live_server, "regiocoordinator")
    section = waiting(page, live_server)
    expect(section).to_contain_text(TITLE)
    expect(section).to_contain_text("Wacht op het Platform")
    assert_accessible(page)
    platform = create_meeting(page, live_server, "platform", today, "Stadhuis Hengelo")
    dvo = create_meeting(page, live_server, "dvo", today, "Stadhuis Enschede")

    # The Platform returns it with remarks (confirmed on the decision's own page).
    version_1 = ProjectPlan.objects.get(project=project, number=1)
    put_on_agenda(page, live_server, platform, f"plan-{version_1.pk}")
    decide(page, live_server, platform, "terug", REMARKS, check_pages=True)
    row = page.locator("#agenda-titel ~ * tbody tr", has_text=TITLE)
    expect(row).to_contain_text("Terug met opmerkingen")
    expect(row).to_contain_text("de herziening, versie 2: Concept")
    expect(waiting(page, live_server)).not_to_contain_text(TITLE)

    # The projectleider reworks it, with the remarks above the form: version 2.
    sign_in_as(page, live_server, "platformlid")
    page.goto(f"{live_server.url}/projecten/{project.pk}/plan/bewerken/")
    expect(page.locator("main")).to_contain_text(REMARKS)
    assert_accessible(page)
    page.locator("textarea[name$=projectresultaat]").fill(RESULT_2)
    page.locator("button[name=submit]").click()
    expect(page).to_have_url(re.compile(r"/plan/indienen/$"))
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".alert-success")).to_contain_text("ligt nu bij het Platform")
    version_2 = ProjectPlan.objects.get(project=project, number=2)
    assert version_2.status == "ter_vaststelling"
    page.goto(f"{live_server.url}/projecten/{project.pk}/plan/2/wijzigingen/")
    expect(page.locator("main")).to_contain_text("Versie 2 vergeleken met versie 1")
    expect(page.locator("main ins").first).to_be_visible()
    assert_accessible(page)

    # The Platform approves version 2; "Te agenderen" then shows it waiting for the DVO.
    sign_in_as(page, live_server, "regiocoordinator")
    section = waiting(page, live_server)
    expect(section).to_contain_text(TITLE)
    expect(section).to_contain_text("Wacht op het Platform")
    put_on_agenda(page, live_server, platform, f"plan-{version_2.pk}")
    decide(page, live_server, platform, "vastgesteld")
    section = waiting(page, live_server)
    expect(section).to_contain_text(TITLE)
    expect(section).to_contain_text("Wacht op het DVO")
    assert_accessible(page)
    put_on_agenda(page, live_server, dvo, f"plan-{version_2.pk}")
    decide(page, live_server, dvo, "vastgesteld", check_pages=True)
    assert Project.objects.get(pk=project.pk).status == "in_uitvoering"
    expect(waiting(page, live_server)).to_contain_text("Er wacht niets op een agenda")

    # The project page: the theme and the plan's essentials as approved.
    page.goto(f"{live_server.url}/projecten/{project.pk}/")
    expect(status_badge(page)).to_have_text("In uitvoering")
    expect(page.get_by_role("definition").filter(has_text=THEME_FIRST)).to_be_visible()
    essentials = page.locator(".plan-essentials")
    expect(essentials).to_contain_text(RESULT_2)
    expect(essentials).to_contain_text(INDICATOR)
    assert_accessible(page)

    # The portefeuillehouder raises a beslispunt: first the Platform's advice...
    sign_in_as(page, live_server, "dvo")
    page.goto(f"{live_server.url}/projecten/{project.pk}/beslispunten/nieuw/")
    assert_accessible(page)
    page.locator("textarea[name=text]").fill(BESLISPUNT)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(f"{live_server.url}/projecten/{project.pk}/beslispunten/")
    expect(page.locator("main")).to_contain_text(BESLISPUNT)
    assert_accessible(page)
    beslispunt = Beslispunt.objects.get(project=project)

    sign_in_as(page, live_server, "regiocoordinator")
    section = waiting(page, live_server)
    expect(section).to_contain_text("Wacht op het Platform")
    page.goto(f"{live_server.url}/vergaderingen/{dvo.pk}/agenda/toevoegen/")
    expect(page.locator(f"input[value='beslispunt-{beslispunt.pk}']")).to_have_count(0)
    put_on_agenda(page, live_server, platform, f"beslispunt-{beslispunt.pk}")
    decide(page, live_server, platform, "vastgesteld", ADVICE)

    # ... then the DVO's decision, with the advice on its agenda.
    section = waiting(page, live_server)
    expect(section).to_contain_text("Wacht op het DVO")
    put_on_agenda(page, live_server, dvo, f"beslispunt-{beslispunt.pk}")
    expect(page.locator("main")).to_contain_text(ADVICE)
    decide(page, live_server, dvo, "vastgesteld")
    assert Beslispunt.objects.get(pk=beslispunt.pk).status == "besloten"
    expect(waiting(page, live_server)).to_contain_text("Er wacht niets op een agenda")
