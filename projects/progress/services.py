"""Every write to a progress report and its beslispunten, and reminders (docs/ARCHITECTURE.md §3.3).

Which reports a project owes and when to remind are pure date rules in
projects.progress.calendar; this module applies them to the database.
"""

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Max, Min, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from platform_ivz.core.editing import EditConflict
from platform_ivz.core.notifications import absolute_url, notify
from platform_ivz.core.roles import Role
from platform_ivz.core.selectors import users_with_roles
from projects.meetings.actions import overdue_actions
from projects.models import (
    ActionItem,
    Beslispunt,
    BudgetLine,
    Measurement,
    Milestone,
    ProgressReport,
    Project,
    ReminderLog,
)
from projects.money import money_of
from projects.permissions import can_add_beslispunt, can_edit_progress_report
from projects.progress.calendar import (
    CLOSED_PROJECT_STATUSES,
    REMIND_DAYS_BEFORE,
    owed_reports,
    reminder_due,
    running_since,
)
from projects.progress.workflow import ACKNOWLEDGE, REPORT_WORKFLOW, SUBMIT

logger = logging.getLogger(__name__)

Status = ProgressReport.Status
# What submission needs; the rest of the report is optional.
REQUIRED_FOR_SUBMISSION = [
    "status_overall",
    "status_time",
    "status_money",
    "status_scope",
    "progress_content",
    "progress_process",
]


# --- Due reports ---------------------------------------------------------------------------


def _running_projects(projects=None):
    queryset = Project.objects.filter(status=Project.Status.IN_UITVOERING)
    if projects is not None:
        queryset = queryset.filter(pk__in=[p.pk for p in projects])
    return queryset.annotate(
        approved_at=Min("events__at", filter=Q(events__to_status=Project.Status.IN_UITVOERING))
    )


@transaction.atomic
def ensure_due_reports(*, today: date | None = None, projects=None) -> list[ProgressReport]:
    """Create the draft reports that running projects owe by `today`; idempotent.

    `projects` limits it to those projects (e.g. the one whose reports page is opened).
    Returns the reports created now.
    """
    today = today or timezone.localdate()
    running = list(_running_projects(projects))
    existing = set(
        ProgressReport.objects.filter(project__in=running).values_list("project_id", "due_date")
    )
    created = []
    for project in running:
        approved_on = timezone.localdate(project.approved_at) if project.approved_at else None
        since = running_since(project, approved_on=approved_on, today=today)
        for owed in owed_reports(running_since=since, end_date=project.end_date, today=today):
            if (project.pk, owed.due_date) in existing:
                continue
            report, was_created = ProgressReport.objects.get_or_create(
                project=project,
                due_date=owed.due_date,
                defaults={"period_start": owed.period_start, "period_end": owed.period_end},
            )
            if was_created:
                created.append(report)
    return created


# --- Writing and submitting a report ------------------------------------------------------


def _locked_report(report: ProgressReport) -> ProgressReport:
    return ProgressReport.objects.select_for_update().select_related("project").get(pk=report.pk)


def _foreign(what: str) -> ValidationError:
    return ValidationError(
        _("%(what)s does not belong to this project or report; reload the page.") % {"what": what}
    )


@transaction.atomic
def update_report(
    *,
    report: ProgressReport,
    actor,
    data: dict,
    expected_version: int,
    milestones: list[dict] = (),
    budget_lines: list[dict] = (),
    measurements: list[dict] = (),
    beslispunten: list[dict] = (),
) -> ProgressReport:
    """Save the draft report and the project rows it updates.

    - data: the report's own fields (statuses, progress texts, risks); spent_to_date is
      the snapshot of the budget lines' realised amounts, not taken from data;
    - milestones: {"id", "actual_date", "status"} for milestones of this project;
    - budget_lines: {"id", "realised_amount"} for budget lines of this project;
    - measurements: {"id" (None for new), "indicator_id", "value", "measured_on", "source",
      "delete"}: new measurements of this project's indicators, recorded with this report;
    - beslispunten: {"id" (None for new), "text", "delete"}: open decision points of this report.
    Ids are checked against the locked report's project: nothing from the client is trusted.
    """
    locked = _locked_report(report)
    if not can_edit_progress_report.test(actor, locked):
        raise PermissionDenied
    if locked.version != expected_version:
        raise EditConflict
    project = locked.project

    for name in (*REQUIRED_FOR_SUBMISSION, "risks"):
        if name in data:
            setattr(locked, name, (data[name] or "").strip())
    _update_budget_lines(project, actor, budget_lines)
    # Spent to date is the budget lines' realised amounts (docs/ARCHITECTURE.md §6.1); the
    # report keeps a snapshot of their sum, never an amount typed beside them.
    locked.spent_to_date = _spent_snapshot(project)
    locked._history_user = actor
    locked.version = F("version") + 1
    locked.save()
    locked.refresh_from_db()

    _update_milestones(project, actor, milestones)
    _update_measurements(locked, project, actor, measurements)
    _update_beslispunten(locked, project, actor, beslispunten)
    return locked


def _spent_snapshot(project: Project) -> Decimal | None:
    return money_of(BudgetLine.objects.filter(project=project)).spent


def _save_changed(obj, actor, changes: dict) -> None:
    changed = {name: value for name, value in changes.items() if getattr(obj, name) != value}
    if changed:
        for name, value in changed.items():
            setattr(obj, name, value)
        obj._history_user = actor
        obj.save(update_fields=list(changed))


# What a report records has happened (issue 14 item 3): no milestone achieved, no indicator
# measured, on a day still to come. The edit form says so at the field (projects/progress/
# forms.py); these refuse whatever reaches the service.
MILESTONE_DATE_TO_COME = _lazy(
    "This date is still to come: give the date on which the milestone was achieved."
)
MEASUREMENT_DATE_TO_COME = _lazy("This date is still to come: give the date of the measurement.")


def _refuse_date_to_come(day, message) -> None:
    if day is not None and day > timezone.localdate():
        raise ValidationError(message)


def _update_milestones(project: Project, actor, rows: list[dict]) -> None:
    if not rows:
        return
    for row in rows:
        _refuse_date_to_come(row.get("actual_date"), MILESTONE_DATE_TO_COME)
    own = {m.pk: m for m in Milestone.objects.select_for_update().filter(project=project)}
    for row in rows:
        milestone = own.get(row["id"])
        if milestone is None:
            raise _foreign(_("A milestone"))
        if row["status"] not in Milestone.Status.values:
            raise ValidationError(_("Unknown milestone status."))
        _save_changed(
            milestone, actor, {"actual_date": row["actual_date"], "status": row["status"]}
        )


def _update_budget_lines(project: Project, actor, rows: list[dict]) -> None:
    if not rows:
        return
    own = {b.pk: b for b in BudgetLine.objects.select_for_update().filter(project=project)}
    for row in rows:
        line = own.get(row["id"])
        if line is None:
            raise _foreign(_("A budget line"))
        amount = row["realised_amount"]  # left empty: not reported (None), not € 0
        if amount is not None and amount < 0:
            raise ValidationError(_("A realised amount cannot be negative."))
        _save_changed(line, actor, {"realised_amount": amount})


def _update_measurements(report: ProgressReport, project: Project, actor, rows: list[dict]):
    if not rows:
        return
    for row in rows:
        if not row.get("delete"):
            _refuse_date_to_come(row.get("measured_on"), MEASUREMENT_DATE_TO_COME)
    indicators = set(project.indicators.values_list("pk", flat=True))
    own = {m.pk: m for m in Measurement.objects.select_for_update().filter(progress_report=report)}
    for row in rows:
        existing = None
        if row.get("id"):
            existing = own.get(row["id"])
            if existing is None:
                raise _foreign(_("A measurement"))
        if existing is not None and row.get("delete"):
            existing._history_user = actor
            existing.delete()
            continue
        if row.get("delete"):
            continue
        if row["indicator_id"] not in indicators:
            raise _foreign(_("An indicator"))
        values = {
            "indicator_id": row["indicator_id"],
            "value": row["value"],
            "measured_on": row["measured_on"],
            "source": (row.get("source") or "").strip(),
        }
        if existing is None:
            measurement = Measurement(progress_report=report, **values)
            measurement._history_user = actor
            measurement.save()
        else:
            _save_changed(existing, actor, values)


def _update_beslispunten(report: ProgressReport, project: Project, actor, rows: list[dict]):
    if not rows:
        return
    own = {
        b.pk: b
        for b in Beslispunt.objects.select_for_update().filter(
            progress_report=report, status=Beslispunt.Status.OPEN
        )
    }
    for row in rows:
        text = (row.get("text") or "").strip()
        existing = None
        if row.get("id"):
            existing = own.get(row["id"])
            if existing is None:
                raise _foreign(_("A decision point"))
        if existing is not None and (row.get("delete") or not text):
            existing._history_user = actor
            existing.delete()
        elif existing is not None:
            _save_changed(existing, actor, {"text": text})
        elif text and not row.get("delete"):
            beslispunt = Beslispunt(
                project=project, progress_report=report, text=text, raised_by=actor
            )
            beslispunt._history_user = actor
            beslispunt.save()


def missing_for_submission(report: ProgressReport) -> dict[str, str]:
    """Field name → message for every part submission still needs."""
    return {
        name: _("This is required before you can submit the report.")
        for name in REQUIRED_FOR_SUBMISSION
        if not (getattr(report, name) or "").strip()
    }


def _report_url(report: ProgressReport) -> str:
    return absolute_url(reverse("projects:report_detail", args=[report.project_id, report.pk]))


def _transition(report: ProgressReport, actor, name: str, **changes) -> ProgressReport:
    """REPORT_WORKFLOW.apply; a report is submitted only complete. A double click is refused."""

    def complete(locked):
        missing = missing_for_submission(locked) if name == SUBMIT else {}
        if missing:
            raise ValidationError(missing)

    return REPORT_WORKFLOW.apply(
        name,
        actor,
        report,
        queryset=ProgressReport.objects.select_related("project"),
        validate=complete,
        bump_version=True,
        **changes,
    )


@transaction.atomic
def submit_report(*, report: ProgressReport, actor) -> ProgressReport:
    """concept → ingediend; the regiocoördinator(s) hear of it."""
    locked = _transition(
        report,
        actor,
        SUBMIT,
        submitted_at=timezone.now(),
        spent_to_date=_spent_snapshot(report.project),
    )
    notify(
        users_with_roles(Role.REGIOCOORDINATOR).exclude(pk=actor.pk),
        subject=_("Progress report submitted: %(title)s") % {"title": locked.project.title},
        template="projects/progress/email/submitted",
        context={"report": locked, "project": locked.project, "url": _report_url(locked)},
    )
    return locked


@transaction.atomic
def acknowledge_report(*, report: ProgressReport, actor) -> ProgressReport:
    """ingediend → besproken, by the voorzitter or regiocoördinator; the projectleider hears."""
    locked = _transition(
        report, actor, ACKNOWLEDGE, discussed_by=actor, discussed_at=timezone.now()
    )
    if locked.project.projectleider_id:
        notify(
            [locked.project.projectleider],
            subject=_("Progress report discussed: %(title)s") % {"title": locked.project.title},
            template="projects/progress/email/acknowledged",
            context={
                "report": locked,
                "project": locked.project,
                "actor": actor,
                "url": _report_url(locked),
            },
        )
    return locked


# --- Beslispunten outside a report --------------------------------------------------------


@transaction.atomic
def add_beslispunt(*, project: Project, actor, text: str) -> Beslispunt:
    """A decision the portefeuillehouder brings to the DVO; it waits (open) for an agenda."""
    locked = Project.objects.select_for_update().get(pk=project.pk)
    if not can_add_beslispunt.test(actor, locked):
        raise PermissionDenied
    if not text.strip():
        raise ValidationError({"text": _("Describe the decision that is requested.")})
    beslispunt = Beslispunt(project=locked, text=text.strip(), raised_by=actor)
    beslispunt._history_user = actor
    beslispunt.save()
    return beslispunt


# --- Reminders ----------------------------------------------------------------------------


@dataclass
class ReminderSummary:
    reports_created: int = 0
    emails: int = 0
    reports: int = 0
    evaluations: int = 0
    actions: int = 0
    failed: list = field(default_factory=list)

    def __str__(self):
        line = (
            f"{self.reports_created} report(s) created; {self.emails} e-mail(s) sent about "
            f"{self.reports} progress report(s) and {self.evaluations} evaluation(s), "
            f"{self.actions} overdue action item(s)"
        )
        if self.failed:
            line += f"; failed for: {', '.join(self.failed)}"
        return line + "."


def _reports_to_remind(today: date) -> list[ProgressReport]:
    candidates = (
        ProgressReport.objects.filter(
            status=Status.CONCEPT,
            due_date__lte=today + timedelta(days=REMIND_DAYS_BEFORE),
            project__projectleider__isnull=False,
        )
        .exclude(project__status__in=CLOSED_PROJECT_STATUSES)
        .select_related("project__projectleider")
        .order_by("due_date", "id")
    )
    return [
        r
        for r in candidates
        if reminder_due(last_sent=r.reminded_on, due_date=r.due_date, today=today)
    ]


def _evaluations_to_remind(today: date) -> list[Project]:
    candidates = list(
        Project.objects.filter(
            status=Project.Status.IN_UITVOERING,
            end_date__lte=today + timedelta(days=REMIND_DAYS_BEFORE),
            projectleider__isnull=False,
        )
        .select_related("projectleider")
        .order_by("end_date", "id")
    )
    last_sent = dict(
        ReminderLog.objects.filter(
            kind=ReminderLog.Kind.EVALUATION, object_id__in=[p.pk for p in candidates]
        )
        .values("object_id")
        .annotate(last=Max("sent_on"))
        .values_list("object_id", "last")
    )
    return [
        p
        for p in candidates
        if reminder_due(last_sent=last_sent.get(p.pk), due_date=p.end_date, today=today)
    ]


def _actions_to_remind(today: date) -> list[ActionItem]:
    """Open actiepunten past their due date: once after it, then weekly (a ReminderLog row)."""
    candidates = list(overdue_actions(today))
    last_sent = dict(
        ReminderLog.objects.filter(
            kind=ReminderLog.Kind.ACTION, object_id__in=[a.pk for a in candidates]
        )
        .values("object_id")
        .annotate(last=Max("sent_on"))
        .values_list("object_id", "last")
    )
    return [
        a
        for a in candidates
        if reminder_due(last_sent=last_sent.get(a.pk), due_date=a.due_date, today=today)
    ]


def send_reminders(*, today: date | None = None) -> ReminderSummary:
    """Create the reports now owed, then e-mail each projectleider one reminder about theirs.

    Run daily (see the send_reminders command). Runs twice on a day send nothing twice:
    reports keep `reminded_on`, evaluation and action reminders a ReminderLog row. Overdue
    actiepunten of meetings go to their owners in the same e-mail.
    """
    today = today or timezone.localdate()
    summary = ReminderSummary(reports_created=len(ensure_due_reports(today=today)))
    per_person = defaultdict(lambda: {"reports": [], "evaluations": [], "actions": []})
    for report in _reports_to_remind(today):
        per_person[report.project.projectleider]["reports"].append(report)
    for project in _evaluations_to_remind(today):
        per_person[project.projectleider]["evaluations"].append(project)
    for action in _actions_to_remind(today):
        per_person[action.owner]["actions"].append(action)

    for person, items in per_person.items():
        reports, evaluations, actions = items["reports"], items["evaluations"], items["actions"]
        previous = {r.pk: r.reminded_on for r in reports}
        try:
            with transaction.atomic():
                ProgressReport.objects.filter(pk__in=previous).update(reminded_on=today)
                ReminderLog.objects.bulk_create(
                    [
                        ReminderLog(kind=ReminderLog.Kind.EVALUATION, object_id=p.pk, sent_on=today)
                        for p in evaluations
                    ]
                    + [
                        ReminderLog(kind=ReminderLog.Kind.ACTION, object_id=a.pk, sent_on=today)
                        for a in actions
                    ],
                    ignore_conflicts=True,
                )
                notify(
                    [person],
                    subject=(
                        _("Reminder: progress reports, evaluations and action items due")
                        if actions
                        else _("Reminder: progress reports and evaluations due")
                    ),
                    template="projects/progress/email/reminder",
                    raise_errors=True,  # caught below: the reminder is tried again next run
                    context={
                        "today": today,
                        "reports": [
                            {
                                "report": r,
                                "overdue": r.due_date < today,
                                "url": absolute_url(
                                    reverse("projects:report_edit", args=[r.project_id, r.pk])
                                ),
                            }
                            for r in reports
                        ],
                        "evaluations": [
                            {
                                "project": p,
                                "overdue": p.end_date < today,
                                "url": absolute_url(p.get_absolute_url()),
                            }
                            for p in evaluations
                        ],
                        "actions": [
                            {
                                "action": a,
                                "url": absolute_url(reverse("meetings:action_done", args=[a.pk])),
                            }
                            for a in actions
                        ],
                    },
                )
        except Exception:  # the mail server refused: try again on the next run
            logger.exception("Reminder to %s could not be sent", person.email)
            for pk, reminded_on in previous.items():
                ProgressReport.objects.filter(pk=pk).update(reminded_on=reminded_on)
            ReminderLog.objects.filter(
                kind=ReminderLog.Kind.EVALUATION,
                object_id__in=[p.pk for p in evaluations],
                sent_on=today,
            ).delete()
            ReminderLog.objects.filter(
                kind=ReminderLog.Kind.ACTION,
                object_id__in=[a.pk for a in actions],
                sent_on=today,
            ).delete()
            summary.failed.append(person.email)
            continue
        if person.email and person.is_active:
            summary.emails += 1
        summary.reports += len(reports)
        summary.evaluations += len(evaluations)
        summary.actions += len(actions)
    return summary
