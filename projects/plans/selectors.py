"""Reads for the plan area of a project: its versions, their content and what changed."""

import datetime
import re
from decimal import Decimal, InvalidOperation
from difflib import SequenceMatcher

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from intake.formats import REQUEST_FULL_FORMAT
from platform_ivz.core.models import Organisation, User
from projects import selectors
from projects.formats import PLAN_FORMAT
from projects.models import (
    AgendaItem,
    ApprovalStatus,
    BudgetLine,
    GroupMember,
    Indicator,
    Measurement,
    Milestone,
    Project,
    ProjectPlan,
)
from projects.permissions import (
    can_edit_plan,
    can_edit_plan_version,
    can_propose_amendment,
    can_view_plans,
)

# The text of a version: the fourteen sections of appendix 5 and the group's meeting frequency.
TEXT_FIELDS = [*PLAN_FORMAT, "meeting_frequency"]
OPEN_STATUSES = (
    ApprovalStatus.CONCEPT,
    ApprovalStatus.TER_VASTSTELLING,
    ApprovalStatus.AMBTELIJK_VASTGESTELD,
)

# Where each structured part sits in the plan: right under its section.
SECTION_ROWS = {
    "prestatie_indicatoren": "indicators",
    "projectgroep": "group_members",
    "planning": "milestones",
    "financien": "budget_lines",
}
ROW_TITLES = {
    "indicators": Indicator._meta.verbose_name_plural,
    "milestones": Milestone._meta.verbose_name_plural,
    "group_members": GroupMember._meta.verbose_name_plural,
    "budget_lines": BudgetLine._meta.verbose_name_plural,
}


def field_label(model, name):
    return model._meta.get_field(name).verbose_name


# Per kind: (snapshot key, column label, type). Types: text, number, amount, date, year, or
# a dict of choice labels.
ROW_COLUMNS = {
    "indicators": [
        ("name", field_label(Indicator, "name"), "text"),
        ("unit", field_label(Indicator, "unit"), "text"),
        ("baseline", field_label(Indicator, "baseline"), "number"),
        ("target", field_label(Indicator, "target"), "number"),
        ("target_date", field_label(Indicator, "target_date"), "date"),
    ],
    "milestones": [
        ("name", field_label(Milestone, "name"), "text"),
        ("planned_date", field_label(Milestone, "planned_date"), "date"),
        ("status", field_label(Milestone, "status"), dict(Milestone.Status.choices)),
    ],
    "group_members": [
        ("person", field_label(GroupMember, "user"), "text"),
        ("organisation", field_label(GroupMember, "organisation"), "text"),
        ("function", field_label(GroupMember, "function"), dict(GroupMember.Function.choices)),
        ("hours_per_week", field_label(GroupMember, "hours_per_week"), "number"),
        ("start_date", field_label(GroupMember, "start_date"), "date"),
        ("end_date", field_label(GroupMember, "end_date"), "date"),
    ],
    "budget_lines": [
        ("description", field_label(BudgetLine, "description"), "text"),
        (
            "funding_source",
            field_label(BudgetLine, "funding_source"),
            dict(BudgetLine.FundingSource.choices),
        ),
        ("year", field_label(BudgetLine, "year"), "year"),
        ("planned_amount", field_label(BudgetLine, "planned_amount"), "amount"),
    ],
}


# Which versions and projects.


def latest_plan(project: Project, *statuses) -> ProjectPlan | None:
    plans = ProjectPlan.objects.filter(project=project)
    if statuses:
        plans = plans.filter(status__in=statuses)
    return plans.order_by("-number").first()


def snapshot_rows(project: Project) -> dict:
    """The structured parts as they are now, as JSON: decimals as strings, dates ISO."""

    def text(value):
        return None if value is None else str(value)

    def day(value):
        return None if value is None else value.isoformat()

    members = GroupMember.objects.filter(project=project).select_related("user", "organisation")
    return {
        "start_date": day(project.start_date),
        "end_date": day(project.end_date),
        "indicators": [
            {
                "id": row.pk,
                "name": row.name,
                "unit": row.unit,
                "baseline": text(row.baseline),
                "target": text(row.target),
                "target_date": day(row.target_date),
            }
            for row in Indicator.objects.filter(project=project)
        ],
        "milestones": [
            {
                "id": row.pk,
                "name": row.name,
                "planned_date": day(row.planned_date),
                "status": row.status,
            }
            for row in Milestone.objects.filter(project=project)
        ],
        "group_members": [
            {
                "id": row.pk,
                "user_id": row.user_id,
                "person": str(row.user) if row.user_id else row.name,
                "organisation_id": row.organisation_id,
                "organisation": row.organisation.name,
                "function": row.function,
                "hours_per_week": text(row.hours_per_week),
                "start_date": day(row.start_date),
                "end_date": day(row.end_date),
            }
            for row in members
        ],
        "budget_lines": [
            {
                "id": row.pk,
                "description": row.description,
                "funding_source": row.funding_source,
                "year": row.year,
                "planned_amount": text(row.planned_amount),
            }
            for row in BudgetLine.objects.filter(project=project)
        ],
    }


def project_for_plans(user, pk: int) -> Project:
    """The project if the user may read its plans; Project.DoesNotExist (a 404) otherwise."""
    project = selectors.visible_projects(user).get(pk=pk)
    if not can_view_plans.test(user, project):
        raise Project.DoesNotExist
    return project


def plans_for_project(project: Project) -> list[ProjectPlan]:
    plans = list(
        ProjectPlan.objects.filter(project=project)
        .select_related("platform_meeting", "dvo_meeting", "created_by")
        .order_by("number")
    )
    for plan in plans:
        plan.project = project  # the predicates ask the plan for its project
    _add_returns(plans)
    return plans


def plan_version(project: Project, number: int) -> ProjectPlan:
    plan = (
        ProjectPlan.objects.select_related("platform_meeting", "dvo_meeting", "created_by")
        .filter(project=project)
        .get(number=number)
    )
    plan.project = project
    _add_returns([plan])
    return plan


def _add_returns(plans: list[ProjectPlan]) -> None:
    """Set `returned_in` on each version: the meeting that returned it with remarks, or None.

    A returned version keeps its Platform approval (if the DVO returned it) and gets no
    meeting field of its own; its agenda item says when and where. One query, and none when
    no version was returned.
    """
    returned = [plan.pk for plan in plans if plan.is_returned]
    meetings = {}
    if returned:
        items = AgendaItem.objects.filter(
            plan_id__in=returned, decision=AgendaItem.Decision.TERUG
        ).select_related("meeting")
        meetings = {item.plan_id: item.meeting for item in items.order_by("decided_at")}
    for plan in plans:
        plan.returned_in = meetings.get(plan.pk)


def plan_in_force(project: Project) -> ProjectPlan | None:
    """The latest version the DVO approved, if any."""
    plan = (
        ProjectPlan.objects.filter(project=project, status=ApprovalStatus.VASTGESTELD)
        .select_related("platform_meeting", "dvo_meeting")
        .order_by("-number")
        .first()
    )
    if plan is not None:
        plan.project = project
    return plan


def open_plan(project: Project) -> ProjectPlan | None:
    """The version on its way: a concept, or submitted and not yet approved by the DVO."""
    plan = (
        ProjectPlan.objects.filter(project=project, status__in=OPEN_STATUSES)
        .select_related("platform_meeting", "dvo_meeting")
        .order_by("-number")
        .first()
    )
    if plan is not None:
        plan.project = project
    return plan


# The sections of the plan the approved request already wrote: plan field <- request field.
# The five of appendix 4's first table, and what the full intake format (issue 14 item 2)
# adds: the expected result, the rough planning, the finances and the communication.
FROM_REQUEST = {
    "aanleiding": "aanleiding",
    "doelstelling": "doelstelling",
    "betrokken_partners": "betrokken_partners",
    "afbakening": "afbakening",
    "risicos": "risicos",
    "projectresultaat": "verwacht_resultaat",
    "planning": "planning",
    "financien": "financien",
    "communicatie": "communicatie",
}


def request_prefill(project: Project) -> dict[str, str]:
    """The first version's text as far as the request gives it (issue 14 item 9)."""
    request = project.request
    return {
        plan_field: getattr(request, request_field)
        for plan_field, request_field in FROM_REQUEST.items()
        if getattr(request, request_field)
    }


def request_summary(project: Project) -> list[dict]:
    """What the approved request says, shown beside the plan form: label and text per part of
    the intake format, in its order (the capacity and expertise needed included, which the
    projectgroep section answers)."""
    request = project.request
    return [
        {"label": type(request)._meta.get_field(name).verbose_name, "text": getattr(request, name)}
        for name in REQUEST_FULL_FORMAT
        if getattr(request, name)
    ]


def return_remarks(plan: ProjectPlan) -> dict | None:
    """For the rework of a returned version: which meeting returned it, and its remarks."""
    if not plan.returned_from_id:
        return None
    item = (
        AgendaItem.objects.filter(plan_id=plan.returned_from_id, decision=AgendaItem.Decision.TERUG)
        .select_related("meeting")
        .order_by("-decided_at")
        .first()
    )
    if item is None:
        return None
    return {"meeting": item.meeting, "remarks": item.remarks, "number": plan.number - 1}


def editable_plan(user, project: Project) -> ProjectPlan | None:
    """The version this user may edit now; an unsaved version 1, filled in from the request,
    if the plan is not begun yet. None when the user may not edit the plan.
    """
    plan = open_plan(project)
    if plan is None:
        if can_edit_plan.test(user, project):
            return ProjectPlan(project=project, number=1, version=0, **request_prefill(project))
        return None
    return plan if can_edit_plan_version.test(user, plan) else None


def edit_querysets(project: Project) -> dict[str, QuerySet]:
    """The living rows the plan page edits, per kind."""
    return {
        "indicators": Indicator.objects.filter(project=project),
        "milestones": Milestone.objects.filter(project=project),
        "group_members": GroupMember.objects.filter(project=project),
        "budget_lines": BudgetLine.objects.filter(project=project),
    }


def person_choices(project: Project) -> list[User]:
    """Active users, and whoever is already in the group."""
    return list(
        User.objects.filter(Q(is_active=True) | Q(group_memberships__project=project))
        .select_related("organisation")
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def organisation_choices(project: Project) -> list[Organisation]:
    return list(
        Organisation.objects.filter(
            Q(active=True)
            | Q(pk__in=GroupMember.objects.filter(project=project).values("organisation"))
        ).order_by("name")
    )


# The content of a version.


def _cell(value, kind):
    if value in (None, ""):
        return {"value": None, "type": "empty"}
    if isinstance(kind, dict):
        return {"value": kind.get(value, value), "type": "text"}
    if kind == "year":  # printed plainly, 2027 and never "2.027" (cell.html)
        return {"value": value, "type": "year"}
    if kind == "date":
        try:
            return {"value": datetime.date.fromisoformat(value), "type": "date"}
        except (TypeError, ValueError):
            return {"value": value, "type": "text"}
    if kind in ("number", "amount"):
        try:
            return {"value": Decimal(value), "type": kind}
        except (InvalidOperation, TypeError, ValueError):
            return {"value": value, "type": "text"}
    return {"value": value, "type": "text"}


def _raw_rows(plan: ProjectPlan) -> dict:
    """The rows as frozen at submission; for a concept (or a version without), the living rows."""
    if plan.status != ApprovalStatus.CONCEPT and plan.snapshot:
        return plan.snapshot
    return snapshot_rows(plan.project)


def _table(kind: str, raw_rows: list[dict]) -> dict:
    columns = ROW_COLUMNS[kind]
    return {
        "kind": kind,
        "title": ROW_TITLES[kind],
        "columns": [label for _key, label, _type in columns],
        "rows": [[_cell(row.get(key), type_) for key, _name, type_ in columns] for row in raw_rows],
    }


def plan_document(plan: ProjectPlan) -> dict:
    """The sections in the seed's order, each structured part under its own section."""
    raw = _raw_rows(plan)
    sections = []
    for name, format_field in PLAN_FORMAT.items():
        kind = SECTION_ROWS.get(name)
        sections.append(
            {
                "name": name,
                "label": format_field.label,
                "text": getattr(plan, name),
                "table": _table(kind, raw.get(kind, [])) if kind else None,
            }
        )
    return {
        "sections": sections,
        "start_date": _cell(raw.get("start_date"), "date")["value"],
        "end_date": _cell(raw.get("end_date"), "date")["value"],
        "frozen": plan.status != ApprovalStatus.CONCEPT and bool(plan.snapshot),
    }


# What changed between two versions.
#
# difflib's SequenceMatcher is quick on ordinary prose, but its worst case grows with the cube
# of what it compares: a field of ~900 distinct codes (where every space matches every space)
# took a minute and a gunicorn worker with it (pen test, issue 12 item 6). So the comparison
# goes line by line first, and word by word only inside the lines that changed; the start and
# end that old and new share are cut off before difflib sees anything; one SequenceMatcher
# gets at most DIFF_MAX_ITEMS lines or words, and one page may spend at most DIFF_PAGE_WORK,
# counted as the cube of each comparison's size (its worst case). That keeps a page's worst
# case under a second (bench/plan_diff.py) while small edits cost next to nothing. What does
# not fit is shown whole: changed lines as removed and added, a section that cannot even be
# compared line by line as "text replaced", old and new side by side.

TOKENS = re.compile(r"\s+|[^\s]+")
DIFF_MAX_CHARS = 40_000  # old and new together; longer sections are not compared at all
DIFF_MAX_ITEMS = 500  # lines or words (old and new together) one SequenceMatcher compares
DIFF_PAGE_WORK = 4 * DIFF_MAX_ITEMS**3  # as much as four comparisons of the largest size


class DiffBudget:
    """The work the SequenceMatchers of one comparison page may still do."""

    def __init__(self, work: int = DIFF_PAGE_WORK):
        self.left = work

    def spend(self, items: int) -> bool:
        """Whether difflib may compare this many items; if so, their worst case is taken off."""
        if items > DIFF_MAX_ITEMS or items**3 > self.left:
            return False
        self.left -= items**3
        return True


def _normalise(text: str) -> str:
    return (text or "").replace("\r\n", "\n").strip()


def _opcodes(before: list[str], after: list[str], budget: DiffBudget) -> list[tuple] | None:
    """SequenceMatcher's opcodes, or None when the part that differs is beyond the budget.

    The shared start and end are cut off first: linear, and usually all but a few items.
    """
    start = 0
    while start < min(len(before), len(after)) and before[start] == after[start]:
        start += 1
    end = 0
    while (
        end < min(len(before), len(after)) - start
        and before[len(before) - 1 - end] == after[len(after) - 1 - end]
    ):
        end += 1
    a_end, b_end = len(before) - end, len(after) - end
    a_count, b_count = a_end - start, b_end - start
    middle = []
    if a_count and b_count and a_count + b_count > 2:
        if not budget.spend(a_count + b_count):
            return None
        matcher = SequenceMatcher(None, before[start:a_end], after[start:b_end], autojunk=False)
        middle = [
            (tag, i1 + start, i2 + start, j1 + start, j2 + start)
            for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        ]
    elif a_count or b_count:
        # One side empty, or one item against one: nothing for difflib to find.
        middle = [("replace", start, a_end, start, b_end)]
    head = [("equal", 0, start, 0, start)] if start else []
    tail = [("equal", a_end, len(before), b_end, len(after))] if end else []
    return head + middle + tail


def _marked(text: str, label: str, tag: str) -> SafeString:
    return format_html(
        '<{} class="plan-diff"><span class="visually-hidden">{} </span>{}</{}>',
        tag,
        label,
        text,
        tag,
    )


def _mark_words(removed: str, added: str, budget: DiffBudget, old_parts, new_parts) -> None:
    """The words that changed within changed lines; the lines whole if beyond the budget."""
    before, after = TOKENS.findall(removed), TOKENS.findall(added)
    operations = _opcodes(before, after, budget)
    if operations is None:
        operations = [("replace", 0, len(before), 0, len(after))]
    for operation, i1, i2, j1, j2 in operations:
        old_text, new_text = "".join(before[i1:i2]), "".join(after[j1:j2])
        if operation == "equal":
            old_parts.append(format_html("{}", old_text))
            new_parts.append(format_html("{}", new_text))
            continue
        if old_text:
            old_parts.append(_marked(old_text, _("removed:"), "del"))
        if new_text:
            new_parts.append(_marked(new_text, _("added:"), "ins"))


def text_change(old: str, new: str, budget: DiffBudget | None = None) -> dict:
    """Old and new text, each escaped, with the removed and the added words marked.

    "replaced" is True when the text is too long or too different to compare within the
    budget: old and new are then given whole, unmarked.
    """
    budget = budget if budget is not None else DiffBudget()
    old, new = _normalise(old), _normalise(new)
    lines = None
    if len(old) + len(new) <= DIFF_MAX_CHARS:
        before, after = old.splitlines(keepends=True), new.splitlines(keepends=True)
        lines = _opcodes(before, after, budget)
    if lines is None:
        return {"old": format_html("{}", old), "new": format_html("{}", new), "replaced": True}
    old_parts, new_parts = [], []
    for operation, i1, i2, j1, j2 in lines:
        removed, added = "".join(before[i1:i2]), "".join(after[j1:j2])
        if operation == "equal":
            old_parts.append(format_html("{}", removed))
            new_parts.append(format_html("{}", added))
        else:
            _mark_words(removed, added, budget, old_parts, new_parts)
    # Every part was escaped by format_html.
    return {
        "old": mark_safe("".join(old_parts)),  # noqa: S308
        "new": mark_safe("".join(new_parts)),  # noqa: S308
        "replaced": False,
    }


def word_diff(old: str, new: str) -> tuple[SafeString, SafeString]:
    """Old and new text, each escaped, with the removed and the added words marked."""
    change = text_change(old, new)
    return change["old"], change["new"]


def _text_label(name: str) -> str:
    if name in PLAN_FORMAT:
        return PLAN_FORMAT[name].label
    return ProjectPlan._meta.get_field(name).verbose_name


def plan_comparison(plan: ProjectPlan, previous: ProjectPlan) -> dict:
    """Changed text side by side, and the structured rows added, removed or changed."""
    texts = []
    budget = DiffBudget()  # one for the whole page: fifteen sections share it
    for name in TEXT_FIELDS:
        old, new = getattr(previous, name), getattr(plan, name)
        if _normalise(old) != _normalise(new):
            texts.append(
                {"name": name, "label": _text_label(name), **text_change(old, new, budget)}
            )

    old_raw, new_raw = _raw_rows(previous), _raw_rows(plan)
    dates = []
    for key, label in (
        ("start_date", Project._meta.get_field("start_date").verbose_name),
        ("end_date", Project._meta.get_field("end_date").verbose_name),
    ):
        if old_raw.get(key) != new_raw.get(key):
            dates.append(
                {
                    "label": label,
                    "old": _cell(old_raw.get(key), "date"),
                    "new": _cell(new_raw.get(key), "date"),
                }
            )
    parts = []
    for kind, columns in ROW_COLUMNS.items():
        old_rows = {row.get("id"): row for row in old_raw.get(kind, [])}
        new_rows = {row.get("id"): row for row in new_raw.get(kind, [])}
        added = [row for key, row in new_rows.items() if key not in old_rows]
        removed = [row for key, row in old_rows.items() if key not in new_rows]
        changed = []
        for key, row in new_rows.items():
            if key not in old_rows:
                continue
            differences = [
                {
                    "label": label,
                    "old": _cell(old_rows[key].get(column), type_),
                    "new": _cell(row.get(column), type_),
                }
                for column, label, type_ in columns
                if old_rows[key].get(column) != row.get(column)
            ]
            if differences:
                changed.append({"name": row.get(columns[0][0]), "differences": differences})
        if added or removed or changed:
            parts.append(
                {
                    "kind": kind,
                    "title": ROW_TITLES[kind],
                    "added": _table(kind, added) if added else None,
                    "removed": _table(kind, removed) if removed else None,
                    "changed": changed,
                }
            )
    return {"texts": texts, "dates": dates, "parts": parts}


# The project page's section.


def detail_context(project, user, *, show_details: bool) -> dict:
    """What the project page's plan section shows (template projects/plans/_section.html)."""
    if not show_details:
        return {"plan_visible": False}
    versions = plans_for_project(project)
    in_force = next((p for p in reversed(versions) if p.status == ApprovalStatus.VASTGESTELD), None)
    current = next((p for p in reversed(versions) if p.status in OPEN_STATUSES), None)
    if current is None:
        can_edit = can_edit_plan.test(user, project)
    else:
        can_edit = can_edit_plan_version.test(user, current)
    shown = in_force or current or (versions[-1] if versions else None)
    return {
        "plan_visible": True,
        "plan_essentials": plan_essentials(project, shown) if shown else None,
        "plan_versions": versions,
        "plan_in_force": in_force,
        "plan_open": current,
        "plan_can_edit": can_edit,
        "plan_can_submit": current is not None and can_edit,
        "plan_can_amend": current is None and can_propose_amendment.test(user, project),
    }


# The plan's essentials on the project page (issue 14 item 9): three queries, however many rows.


def plan_essentials(project: Project, plan: ProjectPlan) -> dict:
    """Goal, result, indicators against their target, the projectgroep and the next milestone.

    From the version in force (or else the one on its way); the rows are the living ones, so
    the indicators show their latest measurement.
    """
    latest = Measurement.objects.filter(indicator=OuterRef("pk")).order_by("-measured_on", "-id")
    indicators = list(
        Indicator.objects.filter(project=project)
        .annotate(
            latest_value=Subquery(latest.values("value")[:1]),
            latest_on=Subquery(latest.values("measured_on")[:1]),
        )
        .order_by("id")
    )
    group = list(
        GroupMember.objects.filter(project=project)
        .select_related("user", "organisation")
        .order_by("function", "id")
    )
    next_milestone = (
        Milestone.objects.filter(
            project=project,
            status__in=(Milestone.Status.GEPLAND, Milestone.Status.VERTRAAGD),
        )
        .order_by("planned_date", "id")
        .first()
    )
    return {
        "plan": plan,
        "doelstelling": plan.doelstelling,
        "projectresultaat": plan.projectresultaat,
        "indicators": indicators,
        "group": group,
        "next_milestone": next_milestone,
    }
