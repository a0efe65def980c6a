"""Vergaderstukken and single documents as PDF (issue 18; docs/ARCHITECTURE.md §6.3).

One print template per kind of document (reporting/pdf/papers/<kind>.html) serves both the
download of one document from its page and its section in a meeting's vergaderstukken, so a
plan reads the same on its own and in the bundle.

The vergaderstukken: a cover with the agenda, then per agenda item a chapter (one bookmark
each) with the document on it. A free item's PDF attachment is put in page by page with
pikepdf behind the page that announces it; any other file is named with a note that it is a
separate file. The attachment's pages keep their own look; their content is marked as an
artifact and their links and actions are removed (an uploaded file may carry scripts), so the
bundle stays PDF/UA-1 as far as its own pages go: the page before names the attachment.

Confidentiality: the bundle is rendered per reader class (MeetingPapers.Reader). The "open"
bundle replaces each document of a confidential project by a page saying it is left out; it
is what everyone gets who does not read every project (projects.permissions.sees_every_project),
even someone of that project's circle, who reads the document on the project's own page.
"""

import hashlib
import io
import logging
import time
from dataclasses import dataclass, field

import pikepdf
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from intake.formats import REQUEST_FULL_FORMAT
from platform_ivz.core.formatting import dutch_date
from platform_ivz.core.models import Meeting
from projects.evaluations import selectors as evaluation_selectors
from projects.models import AgendaItem, Evaluation, ProgressReport, Project, ProjectPlan
from projects.plans import selectors as plan_selectors
from reporting.generation import Rendered
from reporting.render import DEFAULT_AUTHOR, PrintDocument, render_template_pdf

logger = logging.getLogger(__name__)

Kind = AgendaItem.Kind
SECTION_TEMPLATE = "reporting/pdf/papers/{kind}.html"
DOCUMENT_TEMPLATE = "reporting/pdf/papers/document.html"
BUNDLE_TEMPLATE = "reporting/pdf/papers/meeting.html"
# A PDF attachment larger than this is named, not put in: the bundle is rendered in one go.
ATTACHMENT_MAX_PAGES = 200


# --- One document: its content (the same for the download and the bundle) --------------------


def plan_content(plan: ProjectPlan) -> dict:
    return {
        "template": SECTION_TEMPLATE.format(kind="plan"),
        "plan": plan,
        "project": plan.project,
        "plan_document": plan_selectors.plan_document(plan),
    }


def evaluation_content(evaluation: Evaluation) -> dict:
    return {
        "template": SECTION_TEMPLATE.format(kind="evaluation"),
        "evaluation": evaluation,
        "project": evaluation.project,
        "questions": evaluation_selectors.questions_with_facts(evaluation),
    }


def progress_content(report: ProgressReport) -> dict:
    return {
        "template": SECTION_TEMPLATE.format(kind="progress"),
        "report": report,
        "project": report.project,
    }


def request_content(project_request) -> dict:
    return {
        "template": SECTION_TEMPLATE.format(kind="request"),
        "project_request": project_request,
        "format": [
            (fmt.label, getattr(project_request, name)) for name, fmt in REQUEST_FULL_FORMAT.items()
        ],
    }


def plan_title(plan: ProjectPlan) -> str:
    kind = _("Amendment of the plan") if plan.is_amendment else _("Project plan")
    return _("%(kind)s %(project)s, version %(number)d") % {
        "kind": kind,
        "project": plan.project.title,
        "number": plan.number,
    }


def evaluation_title(evaluation: Evaluation) -> str:
    return _("Evaluation %(project)s") % {"project": evaluation.project.title}


def progress_title(report: ProgressReport) -> str:
    return _("Progress report %(project)s, %(start)s to %(end)s") % {
        "project": report.project.title,
        "start": dutch_date(report.period_start),
        "end": dutch_date(report.period_end),
    }


def request_title(project_request) -> str:
    return _("Project request %(title)s") % {"title": project_request.title}


def author_of(user) -> str:
    if user is None:
        return DEFAULT_AUTHOR
    name = user.get_full_name() or user.get_username()
    return f"{name}, {DEFAULT_AUTHOR}"


def render_document(
    content: dict, *, title: str, status: str, is_concept: bool = False, user=None
) -> Rendered:
    """One document as a short PDF (header block, then its sections); rendered at once."""
    started = time.perf_counter()
    context = {
        "content": content,
        "document": PrintDocument(
            title=title,
            date=timezone.localdate(),
            is_concept=is_concept,
            status=status,
            author=author_of(user),
        ),
    }
    pdf = render_template_pdf(DOCUMENT_TEMPLATE, context)
    return Rendered(pdf=pdf, seconds=time.perf_counter() - started)


# --- The vergaderstukken ---------------------------------------------------------------------


@dataclass
class Attachment:
    name: str
    pdf: bytes | None = None  # the file, when it is a PDF that can be put in
    pages: int = 0
    unreadable: bool = False  # it claims to be a PDF but cannot be opened


@dataclass
class Chapter:
    number: int
    item: AgendaItem
    heading: str
    presenter: str
    left_out: bool = False  # a confidential project's document, not in this reader's bundle
    contents: list[dict] = field(default_factory=list)
    attachment: Attachment | None = None
    # Starts on the page before it instead of a new one (print.css `flows`): see chapters().
    flows: bool = False

    @property
    def brief(self) -> bool:
        """A free item with nothing but its heading (opening, rondvraag, ...)."""
        return self.item.is_free and not self.item.text and self.attachment is None

    @property
    def anchor(self) -> str:
        return f"agendapunt-{self.number}"

    @property
    def attachment_page_anchors(self) -> list[str]:
        """The ids of the empty pages kept for a PDF attachment's pages."""
        if self.attachment is None or self.attachment.pdf is None:
            return []
        return [f"bijlage-{self.number}-{page}" for page in range(1, self.attachment.pages + 1)]


def agenda_items(meeting: Meeting) -> list[AgendaItem]:
    """The agenda in order with everything its documents show (a fixed number of queries)."""
    return list(
        AgendaItem.objects.filter(meeting=meeting)
        .select_related(
            "project__projectleider",
            "project__portefeuillehouder",
            "plan",
            "evaluation",
            "beslispunt__progress_report",
            "minutes_of",
        )
        .order_by("order", "id")
    )


def fingerprint(meeting: Meeting, items: list[AgendaItem]) -> str:
    """What the bundle shows of the meeting and its agenda, hashed: a different value now
    than at rendering means the agenda (or a document on it) changed since."""
    parts = [
        meeting.body,
        str(meeting.date),
        str(meeting.start_time),
        str(meeting.end_time),
        meeting.location,
        meeting.online_link,
    ]
    for item in items:
        parts += [
            str(item.pk),
            item.kind,
            item.title,
            item.text,
            item.presenter,
            item.attachment.name or "",
            item.attachment_name,
            str(item.minutes_of_id),
            str(item.plan_id),
            str(item.evaluation_id),
            str(item.beslispunt_id),
        ]
        if item.project_id:
            project = item.project
            parts += [project.title, str(project.vertrouwelijk), str(project.projectleider_id)]
        if item.evaluation_id:
            parts.append(str(item.evaluation.version))
        if item.plan_id:
            parts.append(str(item.plan.version))
        if item.beslispunt_id:
            beslispunt = item.beslispunt
            parts += [beslispunt.text, beslispunt.platform_advice, beslispunt.status]
            if beslispunt.progress_report_id:
                parts.append(str(beslispunt.progress_report.version))
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def current_fingerprint(meeting: Meeting) -> str:
    return fingerprint(meeting, agenda_items(meeting))


def has_confidential(items: list[AgendaItem]) -> bool:
    return any(
        item.project_id and item.project.vertrouwelijk and not item.is_free for item in items
    )


def open_project_ids(items: list[AgendaItem]) -> list[int]:
    """The projects whose documents the open bundle holds: those not confidential now."""
    return sorted(
        {
            item.project_id
            for item in items
            if item.project_id and not item.is_free and not item.project.vertrouwelijk
        }
    )


def open_bundle_still_open(project_ids: list[int]) -> bool:
    """None of the open bundle's projects has become confidential since it was rendered."""
    return not Project.objects.filter(pk__in=project_ids, vertrouwelijk=True).exists()


def _person(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


def _heading(item: AgendaItem) -> str:
    if item.kind == Kind.MINUTES:
        title = item.title or item.get_kind_display()
        if item.minutes_of_id:
            return _("%(title)s of %(date)s") % {
                "title": title,
                "date": dutch_date(item.minutes_of.date),
            }
        return title
    if item.is_free:
        return item.title or item.get_kind_display()
    return f"{item.get_kind_display()}: {item.project.title}"


def _attachment(item: AgendaItem) -> Attachment | None:
    if not item.attachment:
        return None
    name = item.attachment_name or item.attachment.name.rsplit("/", 1)[-1]
    try:
        with item.attachment.open("rb") as handle:
            data = handle.read()
    except OSError:
        logger.warning("Agenda item %s: attachment file missing", item.pk)
        return Attachment(name=name, unreadable=True)
    if not data.startswith(b"%PDF"):
        return Attachment(name=name)
    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            pages = len(pdf.pages)
    except (pikepdf.PdfError, pikepdf.PasswordError):
        logger.info("Agenda item %s: attachment is not a readable PDF", item.pk)
        return Attachment(name=name, unreadable=True)
    if not 0 < pages <= ATTACHMENT_MAX_PAGES:
        return Attachment(name=name, unreadable=True)
    return Attachment(name=name, pdf=data, pages=pages)


def _contents(item: AgendaItem) -> list[dict]:
    if item.plan_id:
        item.plan.project = item.project
        return [plan_content(item.plan)]
    if item.evaluation_id:
        item.evaluation.project = item.project
        return [evaluation_content(item.evaluation)]
    if item.beslispunt_id:
        beslispunt = item.beslispunt
        contents = [
            {
                "template": SECTION_TEMPLATE.format(kind="beslispunt"),
                "beslispunt": beslispunt,
                "project": item.project,
            }
        ]
        if beslispunt.progress_report_id:
            beslispunt.progress_report.project = item.project
            contents.append(progress_content(beslispunt.progress_report))
        return contents
    return [{"template": SECTION_TEMPLATE.format(kind="free"), "item": item}]


def chapters(items: list[AgendaItem], *, reader: str) -> list[Chapter]:
    """One chapter per agenda item; for the open reader class, a confidential project's
    document is left out (its item, project title and kind stay: the agenda is public)."""
    from reporting.models import MeetingPapers

    result = []
    for number, item in enumerate(items, start=1):
        presenter = item.presenter
        if not presenter and item.project_id:
            presenter = _person(item.project.projectleider)
        chapter = Chapter(number=number, item=item, heading=_heading(item), presenter=presenter)
        if reader == MeetingPapers.Reader.OPEN and not item.is_free and item.project.vertrouwelijk:
            chapter.left_out = True
        else:
            chapter.contents = _contents(item)
            if item.is_free:
                chapter.attachment = _attachment(item)
        # A brief chapter on a page of its own would leave it near-empty: it follows the one
        # before it, and the chapter after it follows it (else a brief item before a
        # document could stand alone on a page).
        chapter.flows = chapter.brief or bool(result and result[-1].brief)
        result.append(chapter)
    return result


def meeting_title(meeting: Meeting) -> str:
    return _("Meeting papers %(body)s %(date)s") % {
        "body": meeting.get_body_display(),
        "date": dutch_date(meeting.date),
    }


def render_bundle(meeting: Meeting, items: list[AgendaItem], *, reader: str, user=None) -> bytes:
    """The vergaderstukken for one reader class as PDF bytes."""
    from reporting.models import MeetingPapers

    parts = chapters(items, reader=reader)
    status = (
        pgettext("meeting papers", "Complete")
        if reader == MeetingPapers.Reader.FULL
        else _("Without the documents of confidential projects")
    )
    context = {
        "meeting": meeting,
        "chapters": parts,
        "document": PrintDocument(
            title=meeting_title(meeting),
            date=meeting.date,
            is_concept=False,
            status=status,
            author=author_of(user),
        ),
    }
    anchors: dict[str, int] = {}
    pdf = render_template_pdf(BUNDLE_TEMPLATE, context, anchor_pages=anchors)
    inserts = [
        (
            [anchors[anchor] for anchor in chapter.attachment_page_anchors],
            chapter.attachment.pdf,
        )
        for chapter in parts
        if chapter.attachment is not None and chapter.attachment.pdf is not None
    ]
    return insert_attachments(pdf, inserts) if inserts else pdf


def _inherited(page: pikepdf.Dictionary, key: str):
    """A page attribute that may sit on the page tree above it (Resources, MediaBox...)."""
    node = page
    while node is not None:
        if key in node:
            return node[key]
        node = node.get("/Parent")
    return None


def insert_attachments(pdf_bytes: bytes, inserts: list[tuple[list[int], bytes]]) -> bytes:
    """Put each attachment's pages on the empty pages kept for them (0-based page numbers).

    The bundle's HTML holds one empty page per attachment page, so page numbers, the agenda's
    page references and "page n of m" are right; here each of those pages gets the
    attachment's page as it is (its content, resources and size). Its content becomes an
    artifact (the page before names the attachment, so no content is untagged) and it gets no
    annotations or actions: an uploaded PDF may carry scripts or links.
    """
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        for pages, data in inserts:
            with pikepdf.open(io.BytesIO(data)) as attachment:
                for number, source in zip(pages, attachment.pages, strict=True):
                    source.contents_coalesce()
                    content = source.obj.Contents.read_bytes() if "/Contents" in source.obj else b""
                    target = pdf.pages[number].obj
                    for key in ("/Annots", "/AA", "/StructParents", "/Tabs", "/CropBox"):
                        if key in target:
                            del target[key]
                    resources = _inherited(source.obj, "/Resources")
                    if resources is None:
                        target.Resources = pikepdf.Dictionary()
                    else:
                        if not resources.is_indirect:
                            resources = attachment.make_indirect(resources)
                        target.Resources = pdf.copy_foreign(resources)
                    box = _inherited(source.obj, "/MediaBox") or [0, 0, 595, 842]
                    target.MediaBox = pikepdf.Array([float(value) for value in box])
                    rotate = _inherited(source.obj, "/Rotate")
                    if rotate is not None:
                        target.Rotate = int(rotate)
                    target.Contents = pdf.make_stream(
                        b"/Artifact BMC\nq\n" + content + b"\nQ\nEMC\n"
                    )
        output = io.BytesIO()
        pdf.save(output, compress_streams=True)
    return output.getvalue()
