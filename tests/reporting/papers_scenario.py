"""A meeting with every kind of agenda item, for the tests of the vergaderstukken
(tests/reporting/test_meeting_papers.py): a plan, an amendment, an evaluation, a beslispunt with
its progress report, free items with a PDF and a non-PDF attachment, and a confidential plan."""

import datetime
import io
from dataclasses import dataclass

import pikepdf
from django.core.files.base import ContentFile

from platform_ivz.core.models import Meeting
from projects.models import AgendaItem
from tests.factories import (
    AgendaItemFactory,
    BeslispuntFactory,
    EvaluationFactory,
    MeetingFactory,
    ProjectPlanFactory,
)
from tests.reporting import marap_data as data

MEETING_DAY = datetime.date(2026, 3, 12)
ATTACHMENT_PAGE_TEXT = "Bijlage pagina {n} van de begroting"


def attachment_pdf(pages: int = 2) -> bytes:
    """A small PDF of its own, each page saying which it is (Helvetica, not our font)."""
    pdf = pikepdf.Pdf.new()
    font = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica
        )
    )
    for n in range(1, pages + 1):
        text = ATTACHMENT_PAGE_TEXT.format(n=n).encode()
        page = pdf.add_blank_page(page_size=(595, 842))
        page.obj.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
        page.obj.Contents = pdf.make_stream(b"BT /F1 18 Tf 72 700 Td (" + text + b") Tj ET")
        # An uploaded PDF may carry a link or an action: the bundle drops them.
        page.obj.AA = pikepdf.Dictionary()
    output = io.BytesIO()
    pdf.save(output)
    return output.getvalue()


@dataclass
class PapersScenario:
    meeting: Meeting
    plan: AgendaItem
    amendment: AgendaItem
    evaluation: AgendaItem
    beslispunt: AgendaItem
    opening: AgendaItem
    with_pdf: AgendaItem
    with_docx: AgendaItem
    secret: AgendaItem

    @property
    def items(self) -> list[AgendaItem]:
        return [
            self.opening,
            self.plan,
            self.amendment,
            self.evaluation,
            self.beslispunt,
            self.with_pdf,
            self.with_docx,
            self.secret,
        ]


def _project(title, *, vertrouwelijk=False, status="in_uitvoering", leader="pl"):
    return data.running_project(
        title, vertrouwelijk=vertrouwelijk, status=status, projectleider=data.leader(leader)
    )


def build(*, body: str = "dvo") -> PapersScenario:
    meeting = MeetingFactory(
        body=body,
        date=MEETING_DAY,
        location="Stadhuis Hengelo",
        start_time=datetime.time(14, 0),
        end_time=datetime.time(16, 30),
        online_link="https://meet.example.nl/dvo-maart",
    )
    order = iter(range(1, 100))

    opening = AgendaItemFactory(
        meeting=meeting,
        kind="free",
        project=None,
        title="Opening en mededelingen",
        text="De voorzitter opent de vergadering.\n\nMededeling over de regiodag.",
        presenter="Voorzitter Jansen",
        order=next(order),
    )
    plan_project = _project("Aanpak woninginbraken", status="ambtelijk_vastgesteld", leader="anna")
    plan = ProjectPlanFactory(
        project=plan_project,
        status="ambtelijk_vastgesteld",
        aanleiding="Het aantal inbraken steeg in 2025 met twaalf procent.",
        risicos="Te weinig wijkagenten in de zomer.",
        financien="Twintigduizend euro uit het Platformbudget.",
    )
    plan_item = AgendaItemFactory(meeting=meeting, plan=plan, kind="plan", order=next(order))

    amended_project = _project("Zorg en veiligheid", leader="bert")
    ProjectPlanFactory(project=amended_project, status="vastgesteld")
    amendment = ProjectPlanFactory(
        project=amended_project,
        number=2,
        status="ambtelijk_vastgesteld",
        change_summary="De looptijd wordt een half jaar langer.",
    )
    amendment_item = AgendaItemFactory(
        meeting=meeting, plan=amendment, kind="amendment", order=next(order)
    )

    evaluated = _project("Veilig uitgaan", status="evaluatie_ambtelijk_vastgesteld", leader="cor")
    evaluation = EvaluationFactory(
        project=evaluated,
        status="ambtelijk_vastgesteld",
        q1="De doelen zijn grotendeels bereikt in acht gemeenten.",
    )
    evaluation_item = AgendaItemFactory(
        meeting=meeting, evaluation=evaluation, kind="evaluation", order=next(order)
    )

    decided_project = _project("Cybercrime mkb", leader="dirk")
    report = data.submitted_report(
        decided_project,
        submitted=datetime.date(2026, 2, 1),
        progress_content="Veertig ondernemers bereikt met de cyberscan.",
    )
    beslispunt = BeslispuntFactory(
        project=decided_project,
        progress_report=report,
        text="Het DVO besluit de cyberscan in heel Twente aan te bieden.",
        platform_advice="Het Platform adviseert positief, mits de politie meedoet.",
        status="geadviseerd",
    )
    beslispunt_item = AgendaItemFactory(
        meeting=meeting, beslispunt=beslispunt, kind="beslispunt", order=next(order)
    )

    with_pdf = AgendaItemFactory(
        meeting=meeting,
        kind="free",
        project=None,
        title="Ingekomen stukken",
        text="De begroting van de veiligheidsregio.",
        presenter="Secretaris",
        attachment_name="begroting-2027.pdf",
        order=next(order),
    )
    with_pdf.attachment.save("begroting.pdf", ContentFile(attachment_pdf(2)))
    with_docx = AgendaItemFactory(
        meeting=meeting,
        kind="free",
        project=None,
        title="Rondvraag",
        text="",
        attachment_name="notitie-rondvraag.docx",
        order=next(order),
    )
    with_docx.attachment.save("notitie.docx", ContentFile(b"PK\x03\x04 not a pdf"))

    secret_project = _project(
        "Ondermijning haven", vertrouwelijk=True, status="ambtelijk_vastgesteld", leader="eva"
    )
    secret_plan = ProjectPlanFactory(
        project=secret_project,
        status="ambtelijk_vastgesteld",
        aanleiding="Geheime aanleiding: criminele netwerken in de haven van Hengelo.",
    )
    secret_item = AgendaItemFactory(
        meeting=meeting, plan=secret_plan, kind="plan", order=next(order)
    )
    return PapersScenario(
        meeting=meeting,
        plan=plan_item,
        amendment=amendment_item,
        evaluation=evaluation_item,
        beslispunt=beslispunt_item,
        opening=opening,
        with_pdf=with_pdf,
        with_docx=with_docx,
        secret=secret_item,
    )
