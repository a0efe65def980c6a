"""The besluitenlijst as a PDF: every item in order with its decision; confidential bare."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from platform_ivz.core.models import Meeting
from reporting import besluitenlijst
from reporting.render import PrintDocument, render_template_pdf
from tests.factories import (
    AgendaItemFactory,
    BeslispuntFactory,
    MeetingFactory,
    ProjectPlanFactory,
    UserFactory,
)
from tests.reporting import marap_data as data
from tests.reporting.pdf_text import declares_pdf_ua_1, flat_text
from tests.site.demo import load_demo_data

pytestmark = pytest.mark.django_db

MEETING_DAY = datetime.date(2026, 3, 12)


@pytest.fixture
def meeting():
    return MeetingFactory(body="dvo", date=MEETING_DAY, location="Stadhuis Hengelo")


def _plan_item(meeting, title, *, vertrouwelijk=False, order, **fields):
    project = data.running_project(
        title, vertrouwelijk=vertrouwelijk, projectleider=data.leader(f"pl{order}")
    )
    plan = ProjectPlanFactory(project=project, status="ambtelijk_vastgesteld")
    return AgendaItemFactory(meeting=meeting, plan=plan, kind="plan", order=order, **fields)


def _decided(**fields):
    return {
        "decided_by": UserFactory(first_name="Erik", last_name="Bosch"),
        "decided_at": data.moment(MEETING_DAY),
        **fields,
    }


def _scenario(meeting):
    _plan_item(
        meeting,
        "Aanpak woninginbraken",
        order=1,
        **_decided(decision="vastgesteld", remarks="Vastgesteld met dank aan de projectgroep."),
    )
    secret = _plan_item(
        meeting,
        "Ondermijning haven",
        vertrouwelijk=True,
        order=2,
        **_decided(decision="terug", remarks="Geheime toelichting over de haven."),
    )
    beslispunt = BeslispuntFactory(
        project=data.running_project("Triage verwarde personen"),
        text="Instemmen met uitbreiding naar alle Twentse gemeenten.",
    )
    AgendaItemFactory(
        meeting=meeting,
        beslispunt=beslispunt,
        kind="beslispunt",
        order=3,
        **_decided(decision="gestopt", remarks="Ondergebracht bij het Veiligheidshuis."),
    )
    _plan_item(meeting, "Nog te bespreken plan", order=4)
    return secret


def test_every_item_in_order_with_its_decision(meeting):
    _scenario(meeting)

    context = besluitenlijst.build_context(meeting=meeting)

    assert [row.project_title for row in context["items"]] == [
        "Aanpak woninginbraken",
        "Ondermijning haven",
        "Triage verwarde personen",
        "Nog te bespreken plan",
    ]
    assert [row.decision_label for row in context["decided"]] == [
        "Goedgekeurd",
        "Terug met opmerkingen",
        "Gestopt",
    ]
    assert [row.project_title for row in context["undecided"]] == ["Nog te bespreken plan"]
    first = context["items"][0]
    assert first.remarks == "Vastgesteld met dank aan de projectgroep."
    assert first.document == "Versie 1"
    assert first.decided_by == "Erik Bosch"
    assert context["items"][2].beslispunt_text.startswith("Instemmen met uitbreiding")


def test_a_confidential_item_carries_no_document_or_remarks(meeting):
    _scenario(meeting)

    secret = besluitenlijst.build_context(meeting=meeting)["items"][1]

    assert (secret.project_title, secret.projectleider) == ("Ondermijning haven", "Pl2 Leider")
    assert secret.remarks == secret.document == secret.beslispunt_text == secret.decided_by == ""


def test_pdf_text(meeting):
    _scenario(meeting)
    document = PrintDocument(title="Besluitenlijst DVO Twente 12 maart 2026", is_concept=False)

    pdf = render_template_pdf(
        "reporting/pdf/besluitenlijst.html",
        {**besluitenlijst.build_context(meeting=meeting), "document": document},
    )
    text = flat_text(pdf)

    assert declares_pdf_ua_1(pdf)
    assert "pagina 1 van" in text
    assert "12 maart 2026" in text
    assert "Stadhuis Hengelo" in text
    assert "Vastgesteld met dank aan de projectgroep." in text
    assert "Instemmen met uitbreiding naar alle Twentse gemeenten." in text
    assert "Terug met opmerkingen" in text
    assert "Ondermijning haven" in text
    assert "Geheime toelichting" not in text
    assert "Nog te bespreken plan" in text


def test_user_text_is_escaped(meeting):
    _plan_item(
        meeting,
        "<b>Plan</b>",
        order=1,
        **_decided(decision="vastgesteld", remarks="<script>alert('x')</script>"),
    )
    text = flat_text(
        render_template_pdf(
            "reporting/pdf/besluitenlijst.html",
            {**besluitenlijst.build_context(meeting=meeting), "document": PrintDocument("B")},
        )
    )
    compact = text.replace(" ", "")  # a narrow cell may break the text anywhere
    assert "<b>Plan</b>" in compact
    assert "<script>alert('x')</script>" in compact


def test_query_count_does_not_grow_with_the_agenda(meeting):
    def add(count, offset):
        for number in range(offset, offset + count):
            _plan_item(meeting, f"Plan {number}", order=number, **_decided(decision="vastgesteld"))

    add(3, 0)
    with CaptureQueriesContext(connection) as small:
        besluitenlijst.build_context(meeting=meeting)
    add(9, 3)
    with CaptureQueriesContext(connection) as large:
        context = besluitenlijst.build_context(meeting=meeting)
    assert len(context["items"]) == 12
    assert len(large) == len(small)


def test_table_of_contents_names_undecided_items_only_when_there_are_some(meeting):
    _plan_item(meeting, "Besloten plan", order=1, **_decided(decision="vastgesteld"))
    anchors = [anchor for anchor, _title in besluitenlijst.build_context(meeting=meeting)["toc"]]
    assert anchors == ["besluitenlijst-vergadering", "besluitenlijst-besluiten"]
    _plan_item(meeting, "Open plan", order=2)
    anchors = [anchor for anchor, _title in besluitenlijst.build_context(meeting=meeting)["toc"]]
    assert anchors[-1] == "besluitenlijst-open"


def test_demo_data_besluitenlijst():
    load_demo_data()
    meeting = Meeting.objects.filter(body="dvo", agenda_items__decision="gestopt").distinct().get()

    context = besluitenlijst.build_context(meeting=meeting)
    text = flat_text(
        render_template_pdf(
            "reporting/pdf/besluitenlijst.html",
            {**context, "document": PrintDocument(title="Besluitenlijst", is_concept=False)},
        )
    )

    stopped = next(row for row in context["decided"] if row.decision == "gestopt")
    assert stopped.project_title.startswith("Casusoverleg Mensenhandel")
    assert stopped.remarks == "De aanpak is ondergebracht bij het Veiligheidshuis Twente."
    assert "De aanpak is ondergebracht bij het Veiligheidshuis Twente." in text
    assert "Gestopt" in text
    for row in context["items"]:
        assert row.project_title.split()[0] in text


def test_a_free_items_decisions_stand_in_the_decision_column(meeting):
    """A free item's decisions are text (the verslag's): the list shows that text as the
    decision, not the word 'Besluiten' with the decision as its motivation."""
    AgendaItemFactory(
        meeting=meeting,
        kind="free",
        project=None,
        title="Jaarplan IVZ: eerste bespreking",
        presenter="Regiocoördinator",
        order=1,
        decision_text="Het DVO onderschrijft de speerpunten.",
    )
    context = besluitenlijst.build_context(meeting=meeting)
    (row,) = context["decided"]
    assert row.decision_is_text and row.decision_label == ""
    text = flat_text(
        render_template_pdf(
            "reporting/pdf/besluitenlijst.html",
            {**context, "document": PrintDocument("Besluitenlijst", is_concept=False)},
        )
    )
    assert (
        "Jaarplan IVZ: eerste bespreking Regiocoördinator Agendapunt "
        "Het DVO onderschrijft de speerpunten. —"
    ) in text
