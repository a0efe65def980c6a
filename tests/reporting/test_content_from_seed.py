"""Content from the seed (issue 15 item 3): the samenvatting, the risks per project, the
besluitenlijst as recorded at the meeting, the colofon, and hours labelled as planned."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from projects.models import Project, ProjectEvent
from projects.money import Money
from reporting import besluitenlijst, jaarplan, marap, services
from reporting.data.summary import awaiting_dvo
from reporting.forms import GenerateForm
from reporting.generation import render_kind
from reporting.kinds import KINDS, get_kind
from reporting.summary import SummaryRow, build_summary
from tests.factories import (
    AgendaItemFactory,
    BeslispuntFactory,
    BudgetLineFactory,
    EvaluationFactory,
    MeetingFactory,
    ProjectPlanFactory,
    UserFactory,
)
from tests.reporting import marap_data as data
from tests.reporting.machinery import immediate_tasks  # noqa: F401 - fixture
from tests.reporting.pdf_text import flat_text

pytestmark = pytest.mark.django_db

D = datetime.date
NOW = datetime.datetime(2026, 10, 15, 10, 0, tzinfo=datetime.UTC)
S = Project.Status


# --- The samenvatting -------------------------------------------------------------------------


def test_the_summary_counts_status_theme_and_rag_and_keeps_confidential_projects_to_status():
    rows = [
        SummaryRow(S.IN_UITVOERING, False, "Ondermijning", "op_koers", "aandacht", "", "op_koers"),
        SummaryRow(S.IN_UITVOERING, False, "Ondermijning", "knelpunt", "knelpunt", "op_koers"),
        SummaryRow(S.EVALUATIE, False, "Verwarde personen"),
        SummaryRow(S.IN_UITVOERING, True, "", "op_koers", "op_koers", "op_koers", "op_koers"),
    ]
    awaiting = awaiting_dvo(D(2026, 1, 1))
    summary = build_summary(
        rows, as_of=D(2026, 9, 1), money=Money(Decimal(10), None, 1, 0), awaiting=awaiting
    )
    assert (summary.project_count, summary.confidential_count, summary.open_count) == (4, 1, 3)
    assert [(c.label, c.number) for c in summary.per_status] == [
        ("In uitvoering", 3),
        ("Evaluatie", 1),
    ]
    assert [(c.label, c.number) for c in summary.per_theme] == [
        ("Verwarde personen", 1),
        ("Ondermijning", 2),
    ]
    overall, time, money, scope = summary.rag
    assert (overall.on_track, overall.problem, overall.unknown) == (1, 1, 1)
    assert (time.attention, time.problem, time.unknown) == (1, 1, 1)
    assert (money.on_track, money.unknown) == (1, 2)  # a confidential one is not counted
    assert (scope.on_track, scope.unknown) == (1, 2)
    assert summary.rag_reported == 2
    assert summary.money.spent is None


def test_what_awaited_the_dvo_on_a_day():
    platform = MeetingFactory(body="platform", date=D(2026, 2, 12))
    dvo = MeetingFactory(body="dvo", date=D(2026, 3, 5))
    ProjectPlanFactory(status="ambtelijk_vastgesteld", platform_meeting=platform)
    ProjectPlanFactory(status="vastgesteld", platform_meeting=platform, dvo_meeting=dvo)
    ProjectPlanFactory(status="ter_vaststelling")
    EvaluationFactory(status="ambtelijk_vastgesteld", platform_meeting=platform)
    with time_machine.travel(datetime.datetime(2026, 2, 1, 12, tzinfo=datetime.UTC)):
        open_one = BeslispuntFactory()
        decided = BeslispuntFactory(status="besloten")
    AgendaItemFactory(
        meeting=dvo,
        beslispunt=decided,
        kind="beslispunt",
        decision="vastgesteld",
        decided_at=datetime.datetime(2026, 3, 5, 12, tzinfo=datetime.UTC),
        decided_by=UserFactory(),
    )
    before = awaiting_dvo(D(2026, 1, 31))
    assert (before.plans, before.evaluations, before.beslispunten) == (0, 0, 0)
    between = awaiting_dvo(D(2026, 3, 1))
    assert (between.plans, between.evaluations, between.beslispunten) == (2, 1, 2)
    after = awaiting_dvo(D(2026, 3, 6))
    assert (after.plans, after.evaluations, after.beslispunten) == (1, 1, 1)
    assert open_one.status == "open"


def _marap_portfolio():
    project = data.full_project("Aanpak woninginbraken")
    ProjectPlanFactory(
        project=project, status="vastgesteld", risicos="Te weinig capaciteit bij de politie."
    )
    silent = data.running_project("Triage verwarde personen")
    BudgetLineFactory(project=silent, planned_amount=Decimal("8000"), realised_amount=None)
    data.running_project("Ondermijning haven", vertrouwelijk=True)
    return project


def test_the_marap_summary_repeats_the_maraps_own_figures():
    _marap_portfolio()
    context = marap.build_context(year=2026, peildatum=D(2026, 9, 1))
    summary = context["summary"]
    assert summary.project_count == len(context["projects"]) == 3
    assert summary.confidential_count == context["confidential_count"] == 1
    assert summary.money.spent == context["finance"]["spent"] == Decimal("4200.50")
    assert summary.money.planned == context["finance"]["budget_total"]
    assert summary.awaiting.beslispunten == len(context["beslispunten"])
    overall = summary.rag[0]
    by_code = {code: number for code, _label, number in context["rag_counts"]}
    assert (overall.on_track, overall.attention, overall.problem, overall.unknown) == (
        by_code["op_koers"],
        by_code["aandacht"],
        by_code["knelpunt"],
        by_code[""],
    )


def test_the_marap_shows_the_plans_and_the_reports_risks_and_a_samenvatting():
    _marap_portfolio()
    with time_machine.travel(NOW, tick=False):
        pdf = render_kind(
            KINDS["marap"],
            title="Marap 2026",
            year=2026,
            is_concept=True,
            build_kwargs={"year": 2026, "peildatum": D(2026, 9, 1)},
        ).pdf
    text = flat_text(pdf)
    assert "Samenvatting Op 1 september 2026 gaat deze rapportage over 3 projecten." in text
    assert "Daarvan is er één vertrouwelijk" in text
    assert "In het projectplan Te weinig capaciteit bij de politie." in text
    assert "In de laatste voortgangsrapportage (tot en met 30 juni 2026) Capaciteit" in text
    assert "Geld besteed (alle jaren, tot nu toe) € 4.200,50" in text
    assert "ingeplande en toegezegde uren, geen geregistreerde gewerkte uren" in text or (
        "Uren ingepland" not in text  # no contribution year: no hours in the samenvatting
    )
    assert "hebben gewerkt" not in text


def test_the_jaarplan_reads_the_plans_and_the_latest_reports_risks_in_constant_queries():
    project = _marap_portfolio()
    context = jaarplan.build_context(year=2026)
    row = next(p for p in context["projects"] if p.pk == project.pk)
    assert row.risks == "Te weinig capaciteit bij de politie."
    assert row.progress.risks == "Capaciteit bij de politie."
    assert context["summary"].project_count == context["project_count"]
    confidential = next(p for p in context["projects"] if p.vertrouwelijk)
    assert confidential.risks == "" and confidential.progress is None


# --- The besluitenlijst as recorded ----------------------------------------------------------


def test_the_besluitenlijst_shows_the_status_the_meeting_left_the_project_in():
    meeting = MeetingFactory(body="dvo", date=D(2026, 2, 12))
    project = data.running_project("Aanpak woninginbraken", status="afgerond")
    plan = ProjectPlanFactory(project=project, status="vastgesteld", dvo_meeting=meeting)
    decided_at = datetime.datetime(2026, 2, 12, 15, tzinfo=datetime.UTC)
    item = AgendaItemFactory(
        meeting=meeting,
        plan=plan,
        decision="vastgesteld",
        remarks="Met dank aan de projectgroep.",
        decided_at=decided_at,
        decided_by=UserFactory(),
    )
    event = ProjectEvent.objects.get(project=project)  # data.running_project's approval
    ProjectEvent.objects.filter(pk=event.pk).update(meeting=meeting, at=decided_at)
    later = data.event(project, "afgerond", D(2026, 11, 1))
    assert later.to_status == "afgerond" and project.status == "afgerond"

    [row] = besluitenlijst.build_context(meeting=meeting)["items"]
    assert row.project_status_label == "In uitvoering"  # not today's "Afgerond"
    assert (row.decision_label, row.remarks) == ("Goedgekeurd", item.remarks)


def test_an_open_item_shows_the_status_on_the_meetings_day():
    meeting = MeetingFactory(body="dvo", date=D(2026, 2, 12))
    project = data.running_project("Triage", approved=D(2026, 1, 10), status="gestopt")
    data.event(project, "gestopt", D(2026, 6, 1))
    AgendaItemFactory(
        meeting=meeting, beslispunt=BeslispuntFactory(project=project), kind="beslispunt"
    )
    [row] = besluitenlijst.build_context(meeting=meeting)["items"]
    assert row.project_status_label == "In uitvoering"


# --- The colofon ------------------------------------------------------------------------------


@pytest.mark.usefixtures("immediate_tasks")
def test_a_final_report_names_the_dvo_meeting_that_adopted_it(regiocoordinator):
    dvo = MeetingFactory(body="dvo", date=D(2027, 3, 5))
    platform = MeetingFactory(body="platform", date=D(2027, 2, 12))
    form = GenerateForm(kind=get_kind("jaarverslag"), year=2026, final=True)
    assert list(form.fields["adopted_in"].queryset) == [dvo]
    assert "adopted_in" not in GenerateForm(kind=get_kind("jaarverslag"), year=2026).fields
    with pytest.raises(ValidationError):
        services.request_final(
            actor=regiocoordinator, kind="jaarverslag", year=2026, adopted_in=platform
        )

    version = services.request_final(
        actor=regiocoordinator, kind="jaarverslag", year=2026, adopted_in=dvo
    ).version
    version.refresh_from_db()
    assert version.adopted_in == dvo
    text = flat_text(version.stored_bytes())
    assert "Colofon" in text
    assert "Vastgesteld in de vergadering van het DVO Twente van 5 maart 2027." in text
    assert regiocoordinator.get_full_name() in text


@pytest.mark.usefixtures("immediate_tasks")
def test_a_concept_says_it_is_not_adopted(regiocoordinator):
    version = services.generate_concept(actor=regiocoordinator, kind="marap", year=2026)
    text = flat_text(version.stored_bytes())
    assert "Concept: niet vastgesteld; cijfers kunnen nog veranderen." in text
    assert version.adopted_in is None


# --- The Kring van Gemeentesecretarissen --------------------------------------------------------


def test_the_kring_gets_the_maraps_samenvatting_under_a_header_block(client, regiocoordinator):
    _marap_portfolio()
    client.force_login(regiocoordinator)
    with time_machine.travel(NOW, tick=False):
        response = client.get(reverse("reporting:kring", args=[2026]), {"peildatum": "2026-09-01"})
        context = marap.build_context(year=2026, peildatum=D(2026, 9, 1))
    assert response.status_code == 200
    text = flat_text(response.content)
    assert "Rapportage aan de Kring van Gemeentesecretarissen 1 september 2026" in text
    assert "Samenvatting Op 1 september 2026 gaat deze rapportage over 3 projecten." in text
    assert "Geld besteed (alle jaren, tot nu toe) € 4.200,50" in text
    assert context["summary"].money.spent == Decimal("4200.50")
    assert "Te weinig capaciteit" not in text  # only the samenvatting, no project texts
    # A short document made on request: a header block, no contents page, and a colofon
    # that does not call it adopted (nor a final report whose meeting went unrecorded).
    assert "Inhoud" not in text
    assert "Status Actuele stand, op verzoek gemaakt; niet vastgesteld." in text
    assert "Definitief" not in text
    assert (
        client.get(reverse("reporting:kring", args=[2026]), {"peildatum": "2025-01-01"}).status_code
        == 404
    )


def test_only_the_voorzitter_and_regiocoordinator_get_the_kring_report(client, platformlid):
    client.force_login(platformlid)
    assert client.get(reverse("reporting:kring", args=[2026])).status_code == 403
