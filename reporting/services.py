"""Every write of the reporting app: the introduction, concept versions and the final report.

Semantics:
- "Generate concept" records the next numbered version ("wachtrij") and returns at once; a
  background worker (reporting/tasks.py, Django's Tasks framework) renders it from the live
  data, watermarked CONCEPT, and stores it, so the report page lists every version made.
- "Finalise" records a final version the same way; the worker renders it without watermark
  (the cover says Definitief) and stores its bytes unchanged with their SHA-256, who and when.
  Every later download serves exactly those bytes, checked against the hash, whatever has
  happened to the data since. The regiocoördinator is e-mailed when it is ready.
- A failed render is tried REPORT_RENDER_ATTEMPTS times, then shown as failed with a Dutch
  explanation. A render "bezig" for longer than REPORT_RENDER_TIMEOUT lost its worker and is
  recovered the same way (_recover_stale).
- One version of a report waits or renders at a time: a second "Generate concept" while one
  is pending returns that one, so two clicks at the same moment make one render.
- One final per report and year. After it, the report is closed: no more concepts, and the
  introduction can no longer change (the final already holds it).

Each write locks the report's introduction row first, so two clicks, two people or a
scheduled run at the same moment are served one after the other: the second finalise finds
the first final and is refused. A database constraint holds the same rule underneath.
"""

import datetime
import hashlib
import logging
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from platform_ivz.core.audit import AuditEvent, record
from platform_ivz.core.editing import EditConflict
from platform_ivz.core.formatting import dutch_date, dutch_datetime
from platform_ivz.core.models import Meeting
from platform_ivz.core.notifications import absolute_url, notify
from platform_ivz.core.roles import BOARD_READERS, Role
from platform_ivz.core.selectors import users_with_roles
from reporting import papers as papers_module
from reporting.generation import author_of, render_kind
from reporting.kinds import ReportKind, get_kind
from reporting.models import MeetingPapers, ReportIntroduction, ReportVersion
from reporting.permissions import (
    can_edit_introduction,
    can_finalise_reports,
    can_generate_meeting_papers,
    can_generate_reports,
)

logger = logging.getLogger(__name__)

FIRST_YEAR = 2016
LAST_YEAR = 2100


class ReportClosed(ValidationError):
    """The report of this year is final: nothing more can be generated or changed."""


def _versioned_kind(kind: str) -> ReportKind:
    try:
        report_kind = get_kind(kind)
    except KeyError:
        raise ValidationError(_("Unknown report.")) from None
    if not report_kind.versioned:
        raise ValidationError(_("This report has no versions."))
    return report_kind


def _check_year(year: int) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationError(
            _("Choose a year between %(first)s and %(last)s.")
            % {"first": FIRST_YEAR, "last": LAST_YEAR}
        )


def _require(predicate, actor) -> None:
    """Scheduled runs (actor None) act for the Platform; people need the permission."""
    if actor is not None and not predicate.test(actor):
        raise PermissionDenied


def _locked_introduction(kind: str, year: int) -> ReportIntroduction:
    ReportIntroduction.objects.get_or_create(kind=kind, year=year)
    return ReportIntroduction.objects.select_for_update().get(kind=kind, year=year)


def _final_of(kind: str, year: int) -> ReportVersion | None:
    return ReportVersion.objects.without_pdf().finals().filter(kind=kind, year=year).first()


def _refuse_if_final(kind: ReportKind, year: int) -> None:
    final = _final_of(kind.key, year)
    if final is not None:
        raise ReportClosed(
            _(
                "%(title)s is already final (since %(when)s). The final report stays as it "
                "is; nothing more can be generated for this year."
            )
            % {
                "title": kind.title(year),
                "when": dutch_datetime(final.finalised_at),
            }
        )


@transaction.atomic
def save_introduction(
    *, actor, kind: str, year: int, text: str, expected_version: int
) -> ReportIntroduction:
    """Store the introduction; a stale `expected_version` raises EditConflict."""
    report_kind = _versioned_kind(kind)
    _check_year(year)
    _require(can_edit_introduction, actor)
    introduction = _locked_introduction(kind, year)
    _refuse_if_final(report_kind, year)
    # A final being made already holds the introduction as it was asked for.
    _refuse_while_final_pending(report_kind, year)
    if introduction.version != expected_version:
        raise EditConflict(introduction)
    introduction.text = text.replace("\r\n", "\n").strip()
    introduction.updated_by = actor
    introduction.version = F("version") + 1
    introduction.save()
    introduction.refresh_from_db()
    return introduction


def _peildatum(kind: ReportKind, year: int, peildatum: datetime.date | None):
    if not kind.has_peildatum:
        return None
    peildatum = peildatum or kind.default_peildatum(year)
    if peildatum.year != year:
        raise ValidationError(
            {"peildatum": _("The reference date must fall in %(year)s.") % {"year": year}}
        )
    return peildatum


def _build_kwargs(kind: ReportKind, year: int, peildatum) -> dict:
    kwargs = {"year": year}
    if kind.has_peildatum:
        kwargs["peildatum"] = peildatum
    return kwargs


def _subtitle(kind: ReportKind, peildatum) -> str:
    if not peildatum:
        return ""
    return _("Reference date %(date)s") % {"date": dutch_date(peildatum)}


def _enqueue(version: ReportVersion, *, delay: int = 0) -> None:
    """Hand the version to a background worker (reporting/tasks.py).

    The database backend's task row is written in this transaction, so the version and its
    task commit together or not at all. A queue outside the database (Redis) must not hear of
    the version before it is committed, so it is told after the commit. The immediate backend
    (tests) renders here and now.
    """
    from reporting.tasks import render_report

    task = render_report
    if delay and task.get_backend().supports_defer:
        task = task.using(run_after=timezone.now() + datetime.timedelta(seconds=delay))
    if _queue_outside_the_database(task):
        transaction.on_commit(lambda: _enqueue_or_fail(task, version.pk))
    else:
        task.enqueue(version.pk)


def _queue_outside_the_database(task) -> bool:
    from django_tasks.backends.immediate import ImmediateBackend
    from django_tasks_db import DatabaseBackend

    return not isinstance(task.get_backend(), DatabaseBackend | ImmediateBackend)


def _enqueue_or_fail(task, version_id: int) -> None:
    """After the commit: if the queue cannot be reached, say so on the version at once."""
    try:
        task.enqueue(version_id)
    except Exception:
        logger.exception("Could not queue report version %s", version_id)
        ReportVersion.objects.filter(pk=version_id, state=ReportVersion.State.QUEUED).update(
            state=ReportVersion.State.FAILED,
            finished_at=timezone.now(),
            error=_(
                "The PDF could not be handed to the background worker (the queue cannot be "
                "reached). Try again in a while; if it keeps failing, ask the application "
                "administrator to check the worker."
            ),
        )


def _pending_of(kind: str, year: int) -> ReportVersion | None:
    return ReportVersion.objects.without_pdf().pending().filter(kind=kind, year=year).first()


def _refuse_while_final_pending(kind: ReportKind, year: int) -> None:
    pending = _pending_of(kind.key, year)
    if pending is not None and pending.status == ReportVersion.Status.FINAL:
        raise ReportClosed(
            _("%(title)s is being made final; nothing more can be generated for this year.")
            % {"title": kind.title(year)}
        )


def _record_request(
    *,
    actor,
    kind: ReportKind,
    year: int,
    peildatum,
    introduction: str,
    final: bool,
    adopted_in=None,
) -> ReportVersion:
    """The next numbered version, waiting for a worker, with the introduction of this moment."""
    last = ReportVersion.objects.filter(kind=kind.key, year=year).aggregate(n=Max("number"))["n"]
    version = ReportVersion.objects.create(
        kind=kind.key,
        year=year,
        peildatum=peildatum,
        status=ReportVersion.Status.FINAL if final else ReportVersion.Status.CONCEPT,
        state=ReportVersion.State.QUEUED,
        number=(last or 0) + 1,
        introduction=introduction,
        created_by=actor,
        created_at=timezone.now(),
        adopted_in=adopted_in if final else None,
    )
    return version


@dataclass(frozen=True)
class Requested:
    """What a click on "Genereer concept" or "Maak definitief" led to."""

    version: ReportVersion
    created: bool  # False: the same request was already waiting or being rendered


def _request(
    *, actor, kind: str, year: int, peildatum, final: bool, enqueue: bool, adopted_in=None
) -> Requested:
    report_kind = _versioned_kind(kind)
    _check_year(year)
    _require(can_finalise_reports if final else can_generate_reports, actor)
    peildatum = _peildatum(report_kind, year, peildatum)
    # The introduction row is the report's lock: requests for one report are served in turn.
    introduction = _locked_introduction(kind, year)
    _refuse_if_final(report_kind, year)
    _recover_stale(ReportVersion.objects.filter(kind=kind, year=year))
    pending = _pending_of(kind, year)
    if pending is not None:
        if pending.status == ReportVersion.Status.FINAL:
            _refuse_while_final_pending(report_kind, year)
        if not final and pending.peildatum == peildatum:
            # A second click (or a second person) at the same moment: one render serves both.
            return Requested(version=pending, created=False)
        raise ValidationError(
            _("Version %(number)s is still being made. Try again when it is ready.")
            % {"number": pending.number}
        )
    version = _record_request(
        actor=actor,
        kind=report_kind,
        year=year,
        peildatum=peildatum,
        introduction=introduction.text,
        final=final,
        adopted_in=adopted_in,
    )
    if enqueue:
        _enqueue(version)
    return Requested(version=version, created=True)


def request_concept(
    *, actor, kind: str, year: int, peildatum: datetime.date | None = None, enqueue: bool = True
) -> Requested:
    """Record a CONCEPT version and queue its render; a pending concept is returned instead."""
    with transaction.atomic():
        requested = _request(
            actor=actor, kind=kind, year=year, peildatum=peildatum, final=False, enqueue=enqueue
        )
    return _fresh(requested)


def request_final(
    *,
    actor,
    kind: str,
    year: int,
    peildatum: datetime.date | None = None,
    enqueue: bool = True,
    adopted_in=None,
) -> Requested:
    """Record the final version and queue its render; its bytes never change once made.

    `adopted_in`: the DVO meeting that adopted the report, if known; the colofon names it."""
    if adopted_in is not None and adopted_in.body != Meeting.Body.DVO:
        raise ValidationError(_("A report is adopted in a meeting of the DVO."))
    with transaction.atomic():
        requested = _request(
            actor=actor,
            kind=kind,
            year=year,
            peildatum=peildatum,
            final=True,
            enqueue=enqueue,
            adopted_in=adopted_in,
        )
    return _fresh(requested)


def _fresh(requested: Requested) -> Requested:
    """The version as it is now (the immediate backend has rendered it already)."""
    requested.version.refresh_from_db()
    return requested


def generate_concept(*, actor, kind: str, year: int, peildatum=None) -> ReportVersion:
    """Ask for a concept; the worker renders it (the version returned may still be pending)."""
    return request_concept(actor=actor, kind=kind, year=year, peildatum=peildatum).version


def finalise(*, actor, kind: str, year: int, peildatum=None) -> ReportVersion:
    """Ask for the final report; the worker renders it (the version may still be pending)."""
    return request_final(actor=actor, kind=kind, year=year, peildatum=peildatum).version


# --- The worker's side ----------------------------------------------------------------------


def _claim(version_id: int) -> ReportVersion | None:
    """Take a waiting version for this worker: one UPDATE, so two workers never both do."""
    claimed = ReportVersion.objects.filter(pk=version_id, state=ReportVersion.State.QUEUED).update(
        state=ReportVersion.State.RUNNING,
        started_at=timezone.now(),
        attempts=F("attempts") + 1,
    )
    if not claimed:
        return None
    return (
        ReportVersion.objects.without_pdf()
        .select_related("created_by", "adopted_in")
        .get(pk=version_id)
    )


def render_version(*, version_id: int, requeue: bool = True) -> ReportVersion | None:
    """One attempt at rendering a waiting version: ready with its PDF, waiting again for the
    next attempt, or failed with a Dutch explanation after the last.

    Returns None when there was nothing to do (another worker has it, or it is done).
    `requeue=False` leaves a retry waiting without queueing it (the caller runs it itself).
    """
    _recover_stale(ReportVersion.objects.all())
    version = _claim(version_id)
    if version is None:
        return None
    kind = get_kind(version.kind)
    try:
        # Outside any transaction: a long render holds no lock and blocks no writer.
        rendered = render_kind(
            kind,
            title=kind.title(version.year),
            year=version.year,
            is_concept=version.status == ReportVersion.Status.CONCEPT,
            introduction=version.introduction,
            subtitle=_subtitle(kind, version.peildatum),
            author=author_of(version.created_by),
            build_kwargs=_build_kwargs(kind, version.year, version.peildatum),
            extra={"adopted_in": version.adopted_in},
        )
    except Exception:
        logger.exception("Rendering report version %s failed", version_id)
        return _record_failure(version, reason=RENDER_FAILED, requeue=requeue)
    return _record_success(version, rendered)


def _locked_if_still_ours(version: ReportVersion) -> ReportVersion | None:
    """The row, locked, if this attempt still owns it (a stale recovery may have passed it on)."""
    return (
        ReportVersion.objects.select_for_update()
        .filter(pk=version.pk, state=ReportVersion.State.RUNNING, attempts=version.attempts)
        .first()
    )


@transaction.atomic
def _record_success(version: ReportVersion, rendered) -> ReportVersion | None:
    row = _locked_if_still_ours(version)
    if row is None:
        logger.warning("Report version %s was taken over; this render is dropped", version.pk)
        return None
    now = timezone.now()
    final = row.status == ReportVersion.Status.FINAL
    row.pdf = rendered.pdf
    row.size = len(rendered.pdf)
    row.sha256 = hashlib.sha256(rendered.pdf).hexdigest()
    row.render_seconds = Decimal(f"{rendered.seconds:.2f}")
    row.state = ReportVersion.State.DONE
    row.finished_at = now
    row.error = ""
    if final:
        row.finalised_by = row.created_by
        row.finalised_at = now
    row.save()
    if final:
        _record_finalised(row, row.created_by)
        _tell_the_board(row)
        _tell_the_coordinators(row, template="reporting/email/report_ready")
    return row


RENDER_FAILED = "render"
WORKER_STOPPED = "stopped"


def _failure_text(reason: str, attempts: int) -> str:
    if reason == WORKER_STOPPED:
        cause = _(
            "The background worker stopped or took longer than %(minutes)s minutes while "
            "making the PDF."
        ) % {"minutes": settings.REPORT_RENDER_TIMEOUT // 60}
    else:
        cause = _("An error occurred while making the PDF; the details are in the server log.")
    return " ".join(
        [
            cause,
            _("It was tried %(n)s times.") % {"n": attempts},
            _(
                "Generate it again; if it fails again, ask the application administrator to "
                "look at the log."
            ),
        ]
    )


def _retry_delay(attempts: int) -> int:
    """Seconds before the next attempt: 10, 40, 90... (the cause may pass, such as a lock)."""
    return 10 * attempts * attempts


@transaction.atomic
def _record_failure(version: ReportVersion, *, reason: str, requeue: bool) -> ReportVersion | None:
    row = _locked_if_still_ours(version)
    if row is None:
        return None
    return _fail_or_retry(row, reason=reason, requeue=requeue)


def _fail_or_retry(row: ReportVersion, *, reason: str, requeue: bool = True) -> ReportVersion:
    if row.attempts < settings.REPORT_RENDER_ATTEMPTS:
        row.state = ReportVersion.State.QUEUED
        row.save(update_fields=["state"])
        if requeue:
            _enqueue(row, delay=_retry_delay(row.attempts))
        return row
    row.state = ReportVersion.State.FAILED
    row.finished_at = timezone.now()
    row.error = _failure_text(reason, row.attempts)
    row.save()
    if row.status == ReportVersion.Status.FINAL:
        _tell_the_coordinators(row, template="reporting/email/report_failed")
    return row


def _recover_stale(versions) -> int:
    """Versions "bezig" for longer than REPORT_RENDER_TIMEOUT lost their worker (it crashed or
    was stopped): tried again, or failed after the last attempt. Run whenever a report page is
    read, a report is asked for and a worker takes a task, so none stays "bezig" for ever."""
    return _recover_stale_rows(versions, _fail_or_retry)


def _recover_stale_rows(rows, fail_or_retry) -> int:
    """The stale-render recovery of report versions and vergaderstukken alike: each row of
    `rows` left running past the time-out, locked and checked again, goes to fail_or_retry."""
    model = rows.model
    limit = timezone.now() - datetime.timedelta(seconds=settings.REPORT_RENDER_TIMEOUT)
    stale_ids = list(
        rows.filter(state=model.State.RUNNING, started_at__lt=limit).values_list("pk", flat=True)
    )
    for pk in stale_ids:
        with transaction.atomic():
            row = (
                model.objects.select_for_update()
                .filter(pk=pk, state=model.State.RUNNING, started_at__lt=limit)
                .first()
            )
            if row is not None:
                logger.warning("%s %s was left running; recovered", model.__name__, pk)
                fail_or_retry(row, reason=WORKER_STOPPED)
    return len(stale_ids)


def recover_stale(*, kind: str, year: int) -> int:
    """Recover this report's stale renders (see _recover_stale); the number found."""
    return _recover_stale(ReportVersion.objects.filter(kind=kind, year=year))


def _record_finalised(version: ReportVersion, actor) -> None:
    """The security log keeps who finalised which report."""
    record(
        AuditEvent.Event.REPORT_FINALISED,
        user=actor,
        obj=version,
        detail={"kind": version.kind, "year": version.year, "sha256": version.sha256},
    )


def _tell_the_coordinators(version: ReportVersion, *, template: str) -> None:
    """The regiocoördinator (and whoever asked) hears when the final is made, or failed."""
    recipients = {user.pk: user for user in users_with_roles(Role.REGIOCOORDINATOR)}
    if version.created_by is not None:
        recipients.setdefault(version.created_by.pk, version.created_by)
    url = absolute_url(reverse("reporting:report", args=[version.kind, version.year]))
    subject = (
        _("%(title)s is final and ready")
        if version.state == ReportVersion.State.DONE
        else _("%(title)s could not be made final")
    )
    notify(
        recipients.values(),
        subject=subject % {"title": version.title},
        template=template,
        context={"version": version, "title": version.title, "url": url},
    )


def _tell_the_board(version: ReportVersion) -> None:
    """E-mail the DVO members, the coördinerend gemeentesecretaris (who reports to the Kring
    van Gemeentesecretarissen, seed §7) and the chair that the final report can be downloaded."""
    recipients = users_with_roles(*BOARD_READERS, Role.VOORZITTER)
    url = absolute_url(reverse("reporting:report", args=[version.kind, version.year]))
    notify(
        recipients,
        subject=_("%(title)s is final") % {"title": version.title},
        template="reporting/email/report_finalised",
        context={"version": version, "title": version.title, "url": url},
    )


# --- Vergaderstukken (docs/ARCHITECTURE.md §6.3) --------------------------------------------


def request_meeting_papers(*, actor, meeting: Meeting) -> Requested:
    """Record a request for the meeting's vergaderstukken and queue its render; a request
    still waiting or being rendered is returned instead (two clicks make one render)."""
    _require(can_generate_meeting_papers, actor)
    with transaction.atomic():
        # The meeting row is the lock: requests for one meeting are served in turn.
        Meeting.objects.select_for_update().get(pk=meeting.pk)
        _recover_stale_papers(MeetingPapers.objects.filter(meeting=meeting))
        pending = MeetingPapers.objects.without_pdf().pending().filter(meeting=meeting).first()
        if pending is not None:
            return Requested(version=pending, created=False)
        papers = MeetingPapers.objects.create(
            meeting=meeting, created_by=actor, created_at=timezone.now()
        )
        _enqueue_papers(papers)
    papers.refresh_from_db()
    return Requested(version=papers, created=True)


def _enqueue_papers(papers, *, delay: int = 0) -> None:
    """As _enqueue: in the transaction for the database queue, after the commit otherwise."""
    from reporting.tasks import render_meeting_papers

    task = render_meeting_papers
    if delay and task.get_backend().supports_defer:
        task = task.using(run_after=timezone.now() + datetime.timedelta(seconds=delay))
    if _queue_outside_the_database(task):
        transaction.on_commit(lambda: _enqueue_papers_or_fail(task, papers.pk))
    else:
        task.enqueue(papers.pk)


def _enqueue_papers_or_fail(task, papers_id: int) -> None:
    try:
        task.enqueue(papers_id)
    except Exception:
        logger.exception("Could not queue meeting papers %s", papers_id)
        MeetingPapers.objects.filter(pk=papers_id, state=MeetingPapers.State.QUEUED).update(
            state=MeetingPapers.State.FAILED,
            finished_at=timezone.now(),
            error=_(
                "The PDF could not be handed to the background worker (the queue cannot be "
                "reached). Try again in a while; if it keeps failing, ask the application "
                "administrator to check the worker."
            ),
        )


def render_meeting_papers(*, papers_id: int):
    """One attempt at rendering a waiting bundle, for every reader class (see reporting/papers.py):
    ready, waiting for the next attempt, or failed with a Dutch explanation after the last.
    None when there was nothing to do."""

    _recover_stale_papers(MeetingPapers.objects.all())
    claimed = MeetingPapers.objects.filter(pk=papers_id, state=MeetingPapers.State.QUEUED).update(
        state=MeetingPapers.State.RUNNING,
        started_at=timezone.now(),
        attempts=F("attempts") + 1,
    )
    if not claimed:
        return None
    papers = (
        MeetingPapers.objects.without_pdf()
        .select_related("meeting", "created_by")
        .get(pk=papers_id)
    )
    try:
        items = papers_module.agenda_items(papers.meeting)
        fingerprint = papers_module.fingerprint(papers.meeting, items)
        full = papers_module.render_bundle(
            papers.meeting, items, reader=MeetingPapers.Reader.FULL, user=papers.created_by
        )
        open_ = None
        if papers_module.has_confidential(items):
            open_ = papers_module.render_bundle(
                papers.meeting, items, reader=MeetingPapers.Reader.OPEN, user=papers.created_by
            )
    except Exception:
        logger.exception("Rendering meeting papers %s failed", papers_id)
        with transaction.atomic():
            row = _locked_papers_if_ours(papers)
            return _papers_fail_or_retry(row, reason=RENDER_FAILED) if row else None
    with transaction.atomic():
        row = _locked_papers_if_ours(papers)
        if row is None:
            return None
        row.pdf_full = full
        row.pdf_open = open_
        row.size = len(full)
        row.fingerprint = fingerprint
        row.open_project_ids = papers_module.open_project_ids(items)
        row.state = MeetingPapers.State.DONE
        row.finished_at = timezone.now()
        row.error = ""
        row.save()
        # One bundle per meeting is kept: the earlier ones are out of date by definition.
        MeetingPapers.objects.filter(meeting_id=row.meeting_id).exclude(pk=row.pk).exclude(
            state__in=MeetingPapers.PENDING_STATES
        ).delete()
    return row


def _locked_papers_if_ours(papers):
    return (
        MeetingPapers.objects.select_for_update()
        .filter(pk=papers.pk, state=MeetingPapers.State.RUNNING, attempts=papers.attempts)
        .first()
    )


def _papers_fail_or_retry(row, *, reason: str, requeue: bool = True):
    if row.attempts < settings.REPORT_RENDER_ATTEMPTS:
        row.state = MeetingPapers.State.QUEUED
        row.save(update_fields=["state"])
        if requeue:
            _enqueue_papers(row, delay=_retry_delay(row.attempts))
        return row
    row.state = MeetingPapers.State.FAILED
    row.finished_at = timezone.now()
    row.error = _failure_text(reason, row.attempts)
    row.save()
    return row


def _recover_stale_papers(papers) -> int:
    """As _recover_stale, for vergaderstukken left "bezig" by a worker that stopped."""
    return _recover_stale_rows(papers, _papers_fail_or_retry)


def recover_stale_papers(*, meeting: Meeting) -> int:
    return _recover_stale_papers(MeetingPapers.objects.filter(meeting=meeting))
