"""Every write to a project's plan goes through here: its versions and its structured rows.

The plan text lives per version (ProjectPlan). Indicators, milestones, the project group and
the budget lines are the project's living rows; at submission they are frozen into the
version's `snapshot`, so a submitted or approved version never changes afterwards.
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from platform_ivz.core.editing import EditConflict
from platform_ivz.core.notifications import absolute_url, notify
from platform_ivz.core.roles import Role
from platform_ivz.core.selectors import users_with_roles
from platform_ivz.core.workflow import StaleTransition
from projects.models import (
    ApprovalStatus,
    BudgetLine,
    GroupMember,
    Indicator,
    Milestone,
    Project,
    ProjectEvent,
    ProjectPlan,
)
from projects.permissions import (
    can_edit_plan,
    can_edit_plan_version,
    can_propose_amendment,
    can_submit_plan_version,
)
from projects.plans.selectors import (
    OPEN_STATUSES,
    ROW_TITLES,
    TEXT_FIELDS,
    latest_plan,
    request_prefill,
    snapshot_rows,
)
from projects.services import transition_project
from projects.workflow import SUBMIT_PLAN

# What the Platform needs before it can put a plan on its agenda.
REQUIRED_SECTIONS = ["aanleiding", "doelstelling", "projectresultaat", "planning"]
SUBMIT_AMENDMENT = "submit_amendment"

# The structured parts of the plan: the living rows a plan page edits, per kind.
ROW_MODELS = {
    "indicators": Indicator,
    "milestones": Milestone,
    "group_members": GroupMember,
    "budget_lines": BudgetLine,
}
ROW_FIELDS = {
    "indicators": ["name", "unit", "baseline", "target", "target_date"],
    "milestones": ["name", "planned_date", "status"],
    "group_members": [
        "user",
        "name",
        "organisation",
        "function",
        "hours_per_week",
        "start_date",
        "end_date",
    ],
    "budget_lines": ["description", "funding_source", "year", "planned_amount"],
}


@dataclass
class RowChange:
    """One row of a structured part: new (pk None), changed, or to be deleted."""

    pk: int | None = None
    delete: bool = False
    data: dict = field(default_factory=dict)


def missing_for_submission(plan: ProjectPlan) -> dict[str, str]:
    """Part → message for every part the Platform still needs before it can decide."""
    project = plan.project
    missing = {
        name: _("Write this section before you submit the plan.")
        for name in REQUIRED_SECTIONS
        if not getattr(plan, name).strip()
    }
    if plan.is_amendment and not plan.change_summary.strip():
        missing["change_summary"] = _("Describe what the amendment changes and why.")
    if not Indicator.objects.filter(project=project).exists():
        missing["indicators"] = _("Add at least one performance indicator.")
    if not Milestone.objects.filter(project=project).exists():
        missing["milestones"] = _("Add at least one milestone.")
    if project.start_date is None:
        missing["start_date"] = _("Give the project's start date.")
    if project.end_date is None:
        missing["end_date"] = _("Give the project's end date.")
    return missing


# Writes.


@transaction.atomic
def get_or_create_draft_plan(*, project: Project, actor) -> tuple[ProjectPlan, bool]:
    """The concept of version 1 that the projectleider writes while the project is prepared."""
    locked = Project.objects.select_for_update().get(pk=project.pk)
    if not can_edit_plan.test(actor, locked):
        raise PermissionDenied
    plan = latest_plan(locked)
    if plan is not None:
        if plan.status != ApprovalStatus.CONCEPT:
            raise ValidationError(_("The plan has been submitted and cannot be changed now."))
        return plan, False
    # The first version starts from what the approved request already says.
    plan = ProjectPlan(project=locked, number=1, created_by=actor, **request_prefill(locked))
    plan._history_user = actor
    plan.save()
    return plan, True


@transaction.atomic
def save_plan(
    *,
    project: Project,
    actor,
    expected_version: int,
    text: dict,
    start_date=None,
    end_date=None,
    rows: dict[str, list[RowChange]] | None = None,
) -> ProjectPlan:
    """Save the whole plan page at once: text, project dates and the structured rows.

    `expected_version` is the plan's version when the user opened the page (0 when there
    was no plan yet); if the plan changed since, nothing is saved (EditConflict).
    """
    locked_project = Project.objects.select_for_update().get(pk=project.pk)
    if locked_project.status == Project.Status.IN_VOORBEREIDING:
        draft, created = get_or_create_draft_plan(project=locked_project, actor=actor)
    else:
        draft, created = latest_plan(locked_project, ApprovalStatus.CONCEPT), False
        if draft is None or not draft.is_amendment:
            raise PermissionDenied
    plan = ProjectPlan.objects.select_for_update().get(pk=draft.pk)
    plan.project = locked_project
    if not can_edit_plan_version.test(actor, plan):
        raise PermissionDenied
    if (0 if created else plan.version) != expected_version:
        raise EditConflict

    if start_date and end_date and end_date < start_date:
        raise ValidationError({"end_date": _("The end date cannot be before the start date.")})
    if plan.is_amendment and "change_summary" in text and not text["change_summary"].strip():
        raise ValidationError({"change_summary": _("Describe what the amendment changes and why.")})
    for name in (*TEXT_FIELDS, "change_summary"):
        if name in text and (name != "change_summary" or plan.is_amendment):
            setattr(plan, name, text[name])
    plan._history_user = actor
    plan.version = F("version") + 1
    plan.save()
    plan.refresh_from_db()

    if (locked_project.start_date, locked_project.end_date) != (start_date, end_date):
        locked_project.start_date = start_date
        locked_project.end_date = end_date
        locked_project._history_user = actor
        locked_project.save(update_fields=["start_date", "end_date"])
    for kind, changes in (rows or {}).items():
        _apply_row_changes(project=locked_project, actor=actor, kind=kind, changes=changes)
    _check_rows_within_period(locked_project)
    return plan


def _check_rows_within_period(project: Project) -> None:
    """Every row's dates within the project's period, the new dates included; refused whole.

    The plan page shows these next to the row's field first (projects/plans/forms.py); this
    is the same rule (projects/models.py) for any other caller.
    """
    if project.start_date is None and project.end_date is None:
        return
    for kind, model in ROW_MODELS.items():
        for row in model.objects.filter(project=project):
            errors = row.period_errors(project.start_date, project.end_date)
            if errors:
                raise ValidationError(
                    _("%(label)s: %(message)s")
                    % {"label": capfirst(ROW_TITLES[kind]), "message": next(iter(errors.values()))}
                )


def _apply_row_changes(*, project: Project, actor, kind: str, changes: list[RowChange]) -> None:
    model = ROW_MODELS[kind]
    # Ids from the browser count only for this project's own rows.
    existing = model.objects.filter(project=project).in_bulk(
        [change.pk for change in changes if change.pk]
    )
    for change in changes:
        if change.pk is not None:
            row = existing.get(change.pk)
            if row is None:
                raise ValidationError(
                    _("A row of the plan no longer exists. Reload the page and try again.")
                )
        elif change.delete:
            continue
        else:
            row = model(project=project)
        row._history_user = actor
        if change.delete:
            _check_deletable(kind, row)
            row.delete()
            continue
        for name in ROW_FIELDS[kind]:
            if name in change.data:
                setattr(row, name, change.data[name])
        if kind == "group_members":
            if row.user_id:
                row.name = ""
                if row.organisation_id is None:
                    row.organisation_id = row.user.organisation_id
            if not row.user_id and not row.name.strip():
                raise ValidationError(_("Choose a person or give a name for every group member."))
        row.full_clean(exclude=["project"])
        row.save()


def _check_deletable(kind: str, row) -> None:
    """Rows that carry what was measured or spent stay; they are history."""
    if kind == "indicators" and row.measurements.exists():
        raise ValidationError(
            _("The indicator “%(name)s” has measurements and cannot be removed.")
            % {"name": row.name}
        )
    if kind == "budget_lines" and row.realised_amount:
        raise ValidationError(
            _("The budget line “%(name)s” has spending recorded and cannot be removed.")
            % {"name": row.description}
        )


@transaction.atomic
def submit_plan(*, plan: ProjectPlan, actor, note: str = "") -> ProjectPlan:
    """Freeze the rows into the version and put it up for approval by the Platform.

    Version 1 moves the project to ter_vaststelling; an amendment moves only itself, the
    project keeps running.
    """
    locked_project = Project.objects.select_for_update().get(pk=plan.project_id)
    locked = ProjectPlan.objects.select_for_update().get(pk=plan.pk)
    locked.project = locked_project
    if not can_submit_plan_version.test(actor, locked):
        if locked.status != plan.status:
            raise StaleTransition(obj=locked_project)
        raise PermissionDenied
    missing = missing_for_submission(locked)
    if missing:
        raise ValidationError(missing)
    locked.snapshot = snapshot_rows(locked_project)
    locked.status = ApprovalStatus.TER_VASTSTELLING
    locked.submitted_at = timezone.now()
    locked.version = F("version") + 1
    locked._history_user = actor
    locked.save()
    locked.refresh_from_db()
    if locked.is_amendment:
        ProjectEvent.objects.create(
            project=locked_project,
            transition=SUBMIT_AMENDMENT,
            from_status=locked_project.status,
            to_status=locked_project.status,
            actor=actor,
            note=note.strip() or locked.change_summary,
        )
    else:
        transition_project(locked_project, actor, SUBMIT_PLAN, note=note)
    subject = (
        _("Amendment of a project plan awaits the Platform agenda: %(title)s")
        if locked.is_amendment
        else _("Project plan awaits the Platform agenda: %(title)s")
    ) % {"title": locked_project.title}
    # The chair and the regiocoördinator put it on an agenda; the portefeuillehouder brings it
    # to the DVO (issue 14 item 11).
    recipients = {
        person.pk: person
        for person in users_with_roles(Role.VOORZITTER, Role.REGIOCOORDINATOR)
        if person.pk != actor.pk
    }
    holder = locked_project.portefeuillehouder
    if holder is not None and holder.pk != actor.pk and holder.is_active:
        recipients[holder.pk] = holder
    notify(
        recipients.values(),
        subject=subject,
        template="projects/plans/email/submitted",
        context={
            "project": locked_project,
            "plan": locked,
            "note": note.strip(),
            "url": absolute_url(locked_project.get_absolute_url()),
        },
    )
    return locked


def rework_returned_plan(*, plan: ProjectPlan, actor) -> ProjectPlan:
    """The next version after a meeting returned `plan`: a concept with the same text.

    The returned version keeps its text and snapshot, so the rework can be compared with it.
    Called by the meeting service inside its transaction, with `plan` locked.
    """
    highest = ProjectPlan.objects.filter(project_id=plan.project_id).aggregate(Max("number"))
    rework = ProjectPlan(
        project_id=plan.project_id,
        number=(highest["number__max"] or 0) + 1,
        amendment=plan.amendment,
        returned_from=plan,
        # The projectleider writes the rework; the reviewer only recorded the return.
        created_by_id=Project.objects.values_list("projectleider", flat=True).get(
            pk=plan.project_id
        )
        or actor.pk,
        change_summary=plan.change_summary,
        **{name: getattr(plan, name) for name in TEXT_FIELDS},
    )
    rework._history_user = actor
    rework.save()
    return rework


@transaction.atomic
def propose_amendment(*, project: Project, actor, change_summary: str) -> ProjectPlan:
    """A new version of a running project's plan, starting from the version in force."""
    locked = Project.objects.select_for_update().get(pk=project.pk)
    if not can_propose_amendment.test(actor, locked):
        raise PermissionDenied
    if ProjectPlan.objects.filter(project=locked, status__in=OPEN_STATUSES).exists():
        raise ValidationError(
            _("This plan already has an open version; finish or decide that one first.")
        )
    if not change_summary.strip():
        raise ValidationError({"change_summary": _("Describe what the amendment changes and why.")})
    in_force = latest_plan(locked, ApprovalStatus.VASTGESTELD)
    highest = ProjectPlan.objects.filter(project=locked).aggregate(Max("number"))["number__max"]
    plan = ProjectPlan(
        project=locked,
        number=(highest or 0) + 1,
        amendment=True,
        created_by=actor,
        change_summary=change_summary.strip(),
        **({name: getattr(in_force, name) for name in TEXT_FIELDS} if in_force else {}),
    )
    plan._history_user = actor
    plan.save()
    return plan
