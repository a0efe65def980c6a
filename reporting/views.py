"""Report pages and PDF downloads; thin: permissions from permissions.py, writes via services."""

import datetime
import logging

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from intake import selectors as intake_selectors
from intake.models import ProjectRequest
from platform_ivz.core.editing import EditConflict
from platform_ivz.core.formatting import dutch_date
from platform_ivz.core.models import Meeting, Organisation
from projects import selectors as project_selectors
from projects.evaluations import selectors as evaluation_selectors
from projects.meetings import selectors as meeting_selectors
from projects.models import ApprovalStatus, ProgressReport, Project, ProjectPlan
from projects.permissions import can_view_project_details, sees_every_project
from projects.plans import selectors as plan_selectors
from projects.progress import selectors as progress_selectors
from reporting import papers, selectors, services
from reporting.forms import FactsheetYearForm, GenerateForm, IntroductionForm
from reporting.generation import author_of, render_kind
from reporting.kinds import BESLUITENLIJST, FACTSHEET, KRING, get_kind
from reporting.models import MeetingPapers, ReportVersion, TamperedReport
from reporting.permissions import (
    can_download_besluitenlijst,
    can_download_factsheet,
    can_download_kring,
    can_download_meeting_papers,
    can_download_version,
    can_edit_introduction,
    can_finalise_reports,
    can_generate_meeting_papers,
    can_generate_reports,
    can_see_concepts,
)

logger = logging.getLogger(__name__)


def _versioned_kind(kind: str):
    try:
        report_kind = get_kind(kind)
    except KeyError:
        raise Http404 from None
    if not report_kind.versioned:
        raise Http404
    return report_kind


def _check_year(year: int) -> None:
    if not services.FIRST_YEAR <= year <= services.LAST_YEAR:
        raise Http404


def pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    """A PDF as a download (NoStoreMiddleware keeps it out of every cache)."""
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def index(request):
    user = request.user
    return render(
        request,
        "reporting/index.html",
        {
            "overview": selectors.overview(user),
            "sees_concepts": can_see_concepts.test(user),
            "can_generate": can_generate_reports.test(user),
            "this_year": timezone.localdate().year,
        },
    )


def _progress_text(version) -> str:
    """What the page says about a version waiting for or being rendered by the worker."""
    values = {"number": version.number, "status": version.get_status_display().lower()}
    if version.state == ReportVersion.State.RUNNING:
        text = _("Version %(number)s (%(status)s) is being made.") % values
        if version.attempts > 1:
            text += " " + _("Attempt %(attempt)s of %(max)s.") % {
                "attempt": version.attempts,
                "max": settings.REPORT_RENDER_ATTEMPTS,
            }
        return text
    text = _("Version %(number)s (%(status)s) is waiting for the background worker.") % values
    if timezone.now() - version.created_at > WAITING_LONG:
        text += " " + _(
            "If it keeps waiting, the background worker may not be running: ask the "
            "application administrator."
        )
    return text


WAITING_LONG = datetime.timedelta(minutes=2)


def _report_page(request, kind, year, *, intro_form=None, generate_form=None, status=200):
    user = request.user
    # A render left "bezig" by a crashed worker is tried again or shown as failed, so the
    # page never shows it busy for ever (writes only when there is such a render).
    services.recover_stale(kind=kind.key, year=year)
    introduction = selectors.introduction(kind=kind.key, year=year)
    final = selectors.final_version(kind=kind.key, year=year)
    pending = selectors.pending_version(kind=kind.key, year=year)
    sees_concepts = can_see_concepts.test(user)
    final_pending = pending is not None and pending.status == ReportVersion.Status.FINAL
    may_write = final is None and not final_pending
    context = {
        "kind": kind,
        "year": year,
        "title": kind.title(year),
        "versions": selectors.versions(user, kind=kind.key, year=year),
        "final": final,
        "pending": pending if sees_concepts else None,
        "progress_text": _progress_text(pending) if pending and sees_concepts else "",
        "introduction": introduction,
        "sees_concepts": sees_concepts,
        "can_edit_introduction": may_write and can_edit_introduction.test(user),
        "can_generate": may_write and can_generate_reports.test(user),
        "can_finalise": may_write and can_finalise_reports.test(user),
    }
    if context["can_edit_introduction"]:
        context["intro_form"] = intro_form or IntroductionForm(instance=introduction)
    if context["can_generate"]:
        context["generate_form"] = generate_form or GenerateForm(kind=kind, year=year)
    return render(request, "reporting/report.html", context, status=status)


@require_GET
def report(request, kind, year):
    report_kind = _versioned_kind(kind)
    _check_year(year)
    return _report_page(request, report_kind, year)


@require_GET
def report_status(request, kind, year):
    """The page's script asks this until the pending version is done (JSON, no page)."""
    _versioned_kind(kind)
    _check_year(year)
    if not can_see_concepts.test(request.user):
        raise PermissionDenied
    services.recover_stale(kind=kind, year=year)
    pending = selectors.pending_version(kind=kind, year=year)
    if pending is None:
        return JsonResponse({"pending": False})
    return JsonResponse(
        {
            "pending": True,
            "number": pending.number,
            "state": pending.state,
            "text": _progress_text(pending),
        }
    )


@require_POST
def introduction_save(request, kind, year):
    report_kind = _versioned_kind(kind)
    _check_year(year)
    if not can_edit_introduction.test(request.user):
        raise PermissionDenied
    introduction = selectors.introduction(kind=kind, year=year)
    form = IntroductionForm(request.POST, instance=introduction)
    if not form.is_valid():
        return _report_page(request, report_kind, year, intro_form=form, status=400)
    try:
        services.save_introduction(
            actor=request.user,
            kind=kind,
            year=year,
            text=form.cleaned_data["text"],
            expected_version=form.cleaned_data["version"],
        )
    except EditConflict as conflict:
        current = conflict.current
        form.add_error(
            None,
            _(
                "%(who)s changed this introduction after you opened it; your text has not "
                "been saved. Your text is still below, the saved one is shown under it. "
                "Copy what you need and save again."
            )
            % {"who": current.updated_by or _("Someone else")},
        )
        form.data = form.data.copy()
        form.data["version"] = current.version
        return _report_page(request, report_kind, year, intro_form=form, status=409)
    except services.ReportClosed as error:
        messages.error(request, " ".join(error.messages))
        return redirect("reporting:report", kind, year)
    messages.success(request, _("The introduction has been saved."))
    return redirect("reporting:report", kind, year)


def _generate(request, kind, year, *, final: bool):
    report_kind = _versioned_kind(kind)
    _check_year(year)
    permission = can_finalise_reports if final else can_generate_reports
    if not permission.test(request.user):
        raise PermissionDenied
    form = GenerateForm(request.POST, kind=report_kind, year=year, final=final)
    if not form.is_valid():
        if final:
            return _confirm_page(request, report_kind, year, form, status=400)
        return _report_page(request, report_kind, year, generate_form=form, status=400)
    try:
        if final:
            requested = services.request_final(
                actor=request.user,
                kind=kind,
                year=year,
                peildatum=form.chosen_peildatum(),
                adopted_in=form.chosen_meeting(),
            )
        else:
            requested = services.request_concept(
                actor=request.user, kind=kind, year=year, peildatum=form.chosen_peildatum()
            )
    except services.ReportClosed as error:
        messages.error(request, " ".join(error.messages))
        return redirect("reporting:report", kind, year)
    except ValidationError as error:
        for message in error.messages:
            form.add_error(None, message)
        return _report_page(request, report_kind, year, generate_form=form, status=400)
    _tell_what_happens(request, requested, final=final)
    return redirect("reporting:report", kind, year)


def _tell_what_happens(request, requested, *, final: bool) -> None:
    version = requested.version
    values = {"number": version.number, "title": version.title}
    if version.state == ReportVersion.State.DONE:  # no worker in between (immediate backend)
        if final:
            text = _("%(title)s is final. Board members and the chair have been told by e-mail.")
        else:
            text = _("Concept version %(number)s of %(title)s is ready.")
        messages.success(request, text % values)
    elif version.state == ReportVersion.State.FAILED:
        messages.error(request, version.error)
    elif not requested.created:
        messages.info(
            request,
            _(
                "Concept version %(number)s of %(title)s was already being made; it is shown "
                "below when it is ready."
            )
            % values,
        )
    elif final:
        messages.success(
            request,
            _(
                "%(title)s is being made final. You will get an e-mail when it is ready; the "
                "board members, the coordinating municipal secretary and the chair are told "
                "then too. You can leave this page."
            )
            % values,
        )
    else:
        messages.success(
            request,
            _(
                "Concept version %(number)s of %(title)s is being made. It is shown below "
                "when it is ready; you can leave this page meanwhile."
            )
            % values,
        )


@require_POST
def generate_concept(request, kind, year):
    return _generate(request, kind, year, final=False)


def _confirm_page(request, kind, year, form, status=200):
    return render(
        request,
        "reporting/finalise_confirm.html",
        {"kind": kind, "year": year, "title": kind.title(year), "form": form},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def finalise(request, kind, year):
    """GET asks for confirmation (and the marap's reference date); POST finalises."""
    report_kind = _versioned_kind(kind)
    _check_year(year)
    if not can_finalise_reports.test(request.user):
        raise PermissionDenied
    if request.method == "POST":
        return _generate(request, kind, year, final=True)
    if selectors.final_version(kind=kind, year=year) is not None:
        messages.info(request, _("This report is already final."))
        return redirect("reporting:report", kind, year)
    pending = selectors.pending_version(kind=kind, year=year)
    if pending is not None and pending.status == ReportVersion.Status.FINAL:
        messages.info(request, _("This report is being made final."))
        return redirect("reporting:report", kind, year)
    initial = {}
    if report_kind.has_peildatum and request.GET.get("peildatum"):
        initial["peildatum"] = request.GET["peildatum"]
    form = GenerateForm(kind=report_kind, year=year, initial=initial, final=True)
    return _confirm_page(request, report_kind, year, form)


@require_GET
def download(request, pk):
    try:
        version = selectors.version_with_pdf(pk)
    except ReportVersion.DoesNotExist:
        raise Http404 from None
    if not can_download_version.test(request.user, version):
        # Concepts are listed only to those who may read them: to anyone else a concept's
        # number is as unknown as one that does not exist.
        raise Http404
    if not version.is_ready:
        raise Http404  # waiting, being made or failed: there is no file (yet)
    try:
        pdf = version.stored_bytes()
    except TamperedReport:
        logger.error("Report version %s fails its SHA-256 check; not served", version.pk)
        raise
    return pdf_response(pdf, version.filename)


@require_GET
def besluitenlijst(request, meeting_pk):
    if not can_download_besluitenlijst.test(request.user):
        raise PermissionDenied
    try:
        meeting = meeting_selectors.meeting_for_user(request.user, meeting_pk)
    except Meeting.DoesNotExist:
        raise Http404 from None
    kind = get_kind(BESLUITENLIJST)
    title = _("Besluitenlijst %(body)s %(date)s") % {
        "body": meeting.get_body_display(),
        "date": dutch_date(meeting.date),
    }
    rendered = render_kind(
        kind,
        title=title,
        year=meeting.date.year,
        is_concept=False,
        status=_("Decisions as recorded"),
        author=author_of(request.user),
        day=meeting.date,
        build_kwargs={"meeting": meeting},
    )
    return pdf_response(rendered.pdf, f"besluitenlijst-{meeting.date.isoformat()}.pdf")


def _factsheet_years() -> list[int]:
    this_year = timezone.localdate().year
    return [this_year, this_year - 1, this_year - 2]


@require_GET
def factsheets(request):
    if not can_download_factsheet.test(request.user):
        raise PermissionDenied
    years = _factsheet_years()
    asked = request.GET.get("year", "")
    if asked.isdigit() and services.FIRST_YEAR <= int(asked) <= services.LAST_YEAR:
        years = sorted({*years, int(asked)}, reverse=True)
    form = FactsheetYearForm(request.GET or None, years=years)
    year = form.cleaned_data["year"] if form.is_bound and form.is_valid() else years[0]
    return render(
        request,
        "reporting/factsheets.html",
        {"form": form, "year": year, "organisations": selectors.factsheet_organisations()},
    )


@require_GET
def factsheet(request, organisation_pk, year):
    if not can_download_factsheet.test(request.user):
        raise PermissionDenied
    _check_year(year)
    try:
        organisation = selectors.factsheet_organisations().get(pk=organisation_pk)
    except Organisation.DoesNotExist:
        raise Http404 from None
    kind = get_kind(FACTSHEET)
    rendered = render_kind(
        kind,
        title=_("Factsheet %(name)s %(year)s") % {"name": organisation.name, "year": year},
        year=year,
        is_concept=False,
        status=_("Current state"),
        author=author_of(request.user),
        build_kwargs={"organisation": organisation, "year": year},
    )
    return pdf_response(rendered.pdf, f"factsheet-{slugify(organisation.name)}-{year}.pdf")


@require_GET
def kring(request, year):
    """The Kring's report: the marap's samenvatting on a day of the year (?peildatum=, by
    default today, or 31 December for a past year)."""
    if not can_download_kring.test(request.user):
        raise PermissionDenied
    _check_year(year)
    today = timezone.localdate()
    peildatum = min(today, datetime.date(year, 12, 31))
    if request.GET.get("peildatum"):
        try:
            peildatum = datetime.date.fromisoformat(request.GET["peildatum"])
        except ValueError:
            raise Http404 from None
        if peildatum.year != year:
            raise Http404
    title = _("Report to the Kring van Gemeentesecretarissen %(date)s") % {
        "date": dutch_date(peildatum)
    }
    rendered = render_kind(
        get_kind(KRING),
        title=title,
        year=year,
        is_concept=False,
        status=_("Current state"),
        author=author_of(request.user),
        build_kwargs={"year": year, "peildatum": peildatum},
    )
    return pdf_response(rendered.pdf, f"kring-{peildatum.isoformat()}.pdf")


# --- Vergaderstukken (docs/ARCHITECTURE.md §6.3) --------------------------------------------


def _meeting_or_404(user, pk) -> Meeting:
    try:
        return meeting_selectors.meeting_for_user(user, pk)
    except Meeting.DoesNotExist:
        raise Http404 from None


def _reader_class(user) -> str:
    """Which bundle a reader gets: all documents only for those who read every project."""
    return MeetingPapers.Reader.FULL if sees_every_project(user) else MeetingPapers.Reader.OPEN


def _papers_progress_text(papers) -> str:
    if papers.state == MeetingPapers.State.RUNNING:
        text = _("The meeting papers are being made.")
        if papers.attempts > 1:
            text += " " + _("Attempt %(attempt)s of %(max)s.") % {
                "attempt": papers.attempts,
                "max": settings.REPORT_RENDER_ATTEMPTS,
            }
        return text
    text = _("The meeting papers are waiting for the background worker.")
    if timezone.now() - papers.created_at > WAITING_LONG:
        text += " " + _(
            "If it keeps waiting, the background worker may not be running: ask the "
            "application administrator."
        )
    return text


@require_GET
def meeting_papers(request, pk):
    """The vergaderstukken of a meeting: when they were made, whether the agenda changed
    since, the download, and (for who prepares the meeting) making them anew."""
    if not can_download_meeting_papers.test(request.user):
        raise PermissionDenied
    meeting = _meeting_or_404(request.user, pk)
    services.recover_stale_papers(meeting=meeting)
    state = selectors.meeting_papers(meeting)
    stale = state.ready is not None and state.ready.fingerprint != papers.current_fingerprint(
        meeting
    )
    reader = _reader_class(request.user)
    return render(
        request,
        "reporting/meeting_papers.html",
        {
            "meeting": meeting,
            "title": papers.meeting_title(meeting),
            "ready": state.ready,
            "pending": state.pending,
            "failed": state.failed,
            "stale": stale,
            "progress_text": _papers_progress_text(state.pending) if state.pending else "",
            "reader": reader,
            "withheld": state.ready is not None and not _may_serve(state.ready, reader),
            "can_generate": can_generate_meeting_papers.test(request.user),
        },
    )


@require_POST
def meeting_papers_generate(request, pk):
    meeting = _meeting_or_404(request.user, pk)
    if not can_generate_meeting_papers.test(request.user):
        raise PermissionDenied
    requested = services.request_meeting_papers(actor=request.user, meeting=meeting)
    if not requested.created:
        messages.info(request, _("The meeting papers were already being made."))
    elif requested.version.state == MeetingPapers.State.DONE:
        messages.success(request, _("The meeting papers have been made."))
    else:
        messages.success(
            request, _("The meeting papers are being made; this page shows when they are ready.")
        )
    return redirect("reporting:meeting_papers", pk=meeting.pk)


@require_GET
def meeting_papers_status(request, pk):
    """The page's script asks this until the bundle is made (JSON, no page)."""
    if not can_download_meeting_papers.test(request.user):
        raise PermissionDenied
    meeting = _meeting_or_404(request.user, pk)
    services.recover_stale_papers(meeting=meeting)
    pending = selectors.meeting_papers(meeting).pending
    if pending is None:
        return JsonResponse({"pending": False})
    return JsonResponse(
        {"pending": True, "state": pending.state, "text": _papers_progress_text(pending)}
    )


@require_GET
def meeting_papers_download(request, pk):
    if not can_download_meeting_papers.test(request.user):
        raise PermissionDenied
    meeting = _meeting_or_404(request.user, pk)
    try:
        bundle = selectors.ready_meeting_papers_with_pdf(meeting)
    except MeetingPapers.DoesNotExist:
        raise Http404 from None
    reader = _reader_class(request.user)
    if not _may_serve(bundle, reader):
        raise Http404
    filename = f"vergaderstukken-{meeting.body}-{meeting.date.isoformat()}.pdf"
    return pdf_response(bundle.pdf_for(reader), filename)


def _may_serve(bundle, reader: str) -> bool:
    """The open bundle only while none of its projects has become confidential since."""
    return reader == MeetingPapers.Reader.FULL or papers.open_bundle_still_open(
        bundle.open_project_ids
    )


# --- One document as PDF: the same permission as the page it is downloaded from -------------


def _document_response(content, *, title, status, is_concept, user, filename) -> HttpResponse:
    rendered = papers.render_document(
        content, title=title, status=status, is_concept=is_concept, user=user
    )
    return pdf_response(rendered.pdf, f"{slugify(filename)[:80] or 'document'}.pdf")


def _project_with_details(user, pk):
    """As the evaluation's and progress reports' pages: a 404 unless its content is visible."""
    try:
        project = project_selectors.visible_projects(user).get(pk=pk)
    except Project.DoesNotExist:
        raise Http404 from None
    if not can_view_project_details.test(user, project):
        raise Http404
    return project


@require_GET
def plan_pdf(request, pk, number):
    try:
        project = plan_selectors.project_for_plans(request.user, pk)
        plan = plan_selectors.plan_version(project, number)
    except (Project.DoesNotExist, ProjectPlan.DoesNotExist):
        raise Http404 from None
    return _document_response(
        papers.plan_content(plan),
        title=papers.plan_title(plan),
        status=plan.get_status_display(),
        is_concept=plan.status == ApprovalStatus.CONCEPT,
        user=request.user,
        filename=f"projectplan-{project.title}-versie-{plan.number}",
    )


@require_GET
def evaluation_pdf(request, pk):
    project = _project_with_details(request.user, pk)
    evaluation = evaluation_selectors.evaluation_for(project)
    if evaluation is None:
        raise Http404
    evaluation.project = project
    return _document_response(
        papers.evaluation_content(evaluation),
        title=papers.evaluation_title(evaluation),
        status=evaluation.get_status_display(),
        is_concept=evaluation.status == ApprovalStatus.CONCEPT,
        user=request.user,
        filename=f"evaluatie-{project.title}",
    )


@require_GET
def progress_pdf(request, pk, report_pk):
    project = _project_with_details(request.user, pk)
    try:
        report = progress_selectors.report_of_project(project, report_pk)
    except ProgressReport.DoesNotExist:
        raise Http404 from None
    report.project = project
    return _document_response(
        papers.progress_content(report),
        title=papers.progress_title(report),
        status=report.get_status_display(),
        is_concept=report.status == ProgressReport.Status.CONCEPT,
        user=request.user,
        filename=f"voortgangsrapportage-{project.title}-{report.period_end.isoformat()}",
    )


@require_GET
def request_pdf(request, pk):
    try:
        project_request = intake_selectors.request_for_user(request.user, pk)
    except ProjectRequest.DoesNotExist:
        raise Http404 from None
    return _document_response(
        papers.request_content(project_request),
        title=papers.request_title(project_request),
        status=project_request.get_status_display(),
        is_concept=project_request.status == ProjectRequest.Status.CONCEPT,
        user=request.user,
        filename=f"aanvraag-{project_request.title}",
    )
