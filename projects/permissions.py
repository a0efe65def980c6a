"""Who may do what with a project and its documents (docs/ARCHITECTURE.md §4).

The only place that decides it.

Views, services and templates ask these predicates; nothing else decides permissions.
"""

import rules
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone

from platform_ivz.core.models import Meeting
from platform_ivz.core.permissions import (
    is_beheerder,
    is_regiocoordinator,
    is_reviewer,
    is_voorzitter,
    reads_as_board,
)
from platform_ivz.core.roles import BOARD_READERS, Role
from projects.models import AgendaItem, GroupMember, Minutes, Project


@rules.predicate
def is_projectleider(user, project):
    return project.projectleider_id == user.pk


@rules.predicate
def is_portefeuillehouder(user, project):
    return project.portefeuillehouder_id == user.pk


@rules.predicate
def is_group_member(user, project):
    return project.group_members.filter(user_id=user.pk).exists()


@rules.predicate
def is_requesting_organisation(user, project):
    return (
        user.organisation_id is not None and project.request.organisation_id == user.organisation_id
    )


@rules.predicate
def is_open_project(user, project):
    return not project.vertrouwelijk


@rules.predicate
def is_in_preparation(user, project):
    return project.status == project.Status.IN_VOORBEREIDING


@rules.predicate
def is_running(user, project):
    return project.status == project.Status.IN_UITVOERING


@rules.predicate
def is_evaluating(user, project):
    return project.status == project.Status.EVALUATIE


@rules.predicate
def is_open(user, project):
    """Not afgerond or gestopt: a closed project is read-only, except what the process allows
    (its meeting history, reading its documents)."""
    return project.status not in Project.CLOSED_STATUSES


@rules.predicate
def has_started_or_ended(user, project):
    """The work has begun (its start date has come) or its end date has been reached: an
    evaluation of a project that starts next year evaluates nothing."""
    today = timezone.localdate()
    if project.start_date is None:  # no planned start: running is started
        return True
    return project.start_date <= today or (
        project.end_date is not None and project.end_date <= today
    )


# The project's circle: the people who work on it or answer for it.
is_in_project_circle = is_projectleider | is_portefeuillehouder | is_group_member

# Everyone signed in sees a project's title, status and leader; the content of a
# confidential project only the people below. Cheap predicates first: is_group_member queries.
# details_visible_q below is the same rule as a query: tests/projects/test_visibility_rule.py
# proves they agree for every role and relation.
can_view_project_details = (
    is_open_project
    | is_reviewer
    | reads_as_board
    | is_requesting_organisation
    | is_in_project_circle
)

SEE_EVERY_PROJECT = (Role.VOORZITTER, Role.REGIOCOORDINATOR, *BOARD_READERS)


def sees_every_project(user) -> bool:
    """is_reviewer | reads_as_board: the content of every project, confidential ones included."""
    return user.has_role(*SEE_EVERY_PROJECT)


def project_circle_q(user, prefix: str = "") -> Q:
    """is_in_project_circle as a query; `prefix` reaches the project from another model."""
    outer = OuterRef(prefix.removesuffix("__") or "pk")
    return (
        Q(**{f"{prefix}projectleider_id": user.pk})
        | Q(**{f"{prefix}portefeuillehouder_id": user.pk})
        | Q(Exists(GroupMember.objects.filter(project=outer, user_id=user.pk)))
    )


def details_visible_q(user, prefix: str = "") -> Q:
    """can_view_project_details as a query, for every list, count and search.

    On projects, or with `prefix` ("project__", "agenda_item__project__") on rows that point at
    one. An empty Q (everything) for those who see every project.
    """
    if sees_every_project(user):
        return Q()
    q = Q(**{f"{prefix}vertrouwelijk": False}) | project_circle_q(user, prefix)
    if user.organisation_id is not None:
        q |= Q(**{f"{prefix}request__organisation_id": user.organisation_id})
    return q


def projects_with_visible_details(user, project_ids) -> set[int]:
    """Of these projects, those whose content `user` may see (one query at most)."""
    project_ids = set(project_ids)
    if sees_every_project(user) or not project_ids:
        return project_ids
    return set(
        Project.objects.filter(pk__in=project_ids)
        .filter(details_visible_q(user))
        .values_list("pk", flat=True)
    )


# One predicate per action, asked by the project page (which buttons it shows) and by the
# service that does it (which refuses it): an afgerond or gestopt project offers none of them.
can_assign_people = is_reviewer & is_open
# The theme (speerpunt): confirmed at the request's approval, changed later by the reviewers
# (also after the end: it decides the project's section in the jaarverslag).
can_change_theme = is_reviewer

# The plan: written by the projectleider while in preparation; amended while running.
can_edit_plan = is_projectleider & is_in_preparation
can_propose_amendment = is_projectleider & is_running
# Progress reports and the evaluation: the projectleider writes them.
can_write_progress_report = is_projectleider & is_open
can_acknowledge_progress_report = is_reviewer
can_write_evaluation = is_projectleider & is_evaluating
# The evaluation starts when the project runs and its work has begun or its end has come; the
# project workflow's START_EVALUATION asks this predicate (projects/workflow.py).
can_start_evaluation = (is_projectleider | is_reviewer) & is_running & has_started_or_ended
# Beslispunten for the DVO: projectleider and portefeuillehouder of a project still open.
can_add_beslispunt = (is_projectleider | is_portefeuillehouder) & is_open
# Meetings: kept by the regiocoördinator, the voorzitter and the beheerder; decisions are
# recorded by voorzitter and regiocoördinator.
can_manage_meetings = is_voorzitter | is_regiocoordinator | is_beheerder
can_record_decisions = is_reviewer

rules.add_perm("projects.view_project_details", can_view_project_details)
rules.add_perm("projects.assign_people", can_assign_people)
rules.add_perm("projects.change_theme", can_change_theme)
rules.add_perm("projects.edit_plan", can_edit_plan)
rules.add_perm("projects.propose_amendment", can_propose_amendment)
rules.add_perm("projects.write_progress_report", can_write_progress_report)
rules.add_perm("projects.acknowledge_progress_report", can_acknowledge_progress_report)
rules.add_perm("projects.write_evaluation", can_write_evaluation)
rules.add_perm("projects.start_evaluation", can_start_evaluation)
rules.add_perm("projects.add_beslispunt", can_add_beslispunt)
rules.add_perm("projects.manage_meetings", can_manage_meetings)
rules.add_perm("projects.record_decisions", can_record_decisions)


# --- Progress reports and beslispunten (report area): predicates on a ProgressReport -------


@rules.predicate
def is_concept_report(user, report):
    return report.status == report.Status.CONCEPT


@rules.predicate
def may_write_report(user, report):
    return can_write_progress_report.test(user, report.project)


@rules.predicate
def may_acknowledge_report(user, report):
    return can_acknowledge_progress_report.test(user, report.project)


@rules.predicate
def may_view_report(user, report):
    return can_view_project_details.test(user, report.project)


# While a report is a draft its projectleider edits and submits it; once submitted the
# voorzitter or regiocoördinator acknowledges it (`besproken`). The overview of every report
# is theirs too.
can_edit_progress_report = may_write_report & is_concept_report
can_view_report_overview = is_reviewer

rules.add_perm("projects.edit_progress_report", can_edit_progress_report)
rules.add_perm("projects.view_report_overview", can_view_report_overview)


# The plan area: a version of the plan is edited (and submitted) while it is a concept, by the
# projectleider: version 1 while the project is in preparation, an amendment while it runs.
@rules.predicate
def is_concept_plan(user, plan):
    return plan.status == "concept"


@rules.predicate
def may_write_plan_version(user, plan):
    if not plan.is_amendment:  # version 1, or its rework after a return
        return can_edit_plan.test(user, plan.project)
    return can_propose_amendment.test(user, plan.project)


can_edit_plan_version = is_concept_plan & may_write_plan_version
can_submit_plan_version = can_edit_plan_version
# Every version of the plan is read by whoever sees the project's details.
can_view_plans = can_view_project_details

rules.add_perm("projects.edit_plan_version", can_edit_plan_version)
rules.add_perm("projects.submit_plan_version", can_submit_plan_version)
rules.add_perm("projects.view_plans", can_view_plans)


# --- Meetings, agenda and decisions (meeting area): predicates on a Meeting or an AgendaItem --


@rules.predicate
def is_undecided_item(user, item):
    return item.decision == item.Decision.OPEN


@rules.predicate
def is_held_meeting(user, meeting):
    """The meeting's date has come. A decision is never recorded for a future date."""
    return meeting.date <= timezone.localdate()


@rules.predicate
def is_item_of_held_meeting(user, item):
    return is_held_meeting.test(user, item.meeting)


@rules.predicate
def has_no_decisions(user, meeting):
    decided = getattr(meeting, "decided_count", None)  # annotated by projects.meetings.selectors
    if decided is None:
        decided = meeting.agenda_items.exclude(decision="open").count()
    return decided == 0


@rules.predicate
def is_document_item(user, item):
    """A plan, amendment, evaluation or beslispunt: decided through record_decision."""
    return not item.is_free


@rules.predicate
def is_free_item(user, item):
    return item.is_free


@rules.predicate
def is_minutes_item(user, item):
    return item.kind == item.Kind.MINUTES


def _minutes_adopted(meeting) -> bool:
    # `minutes_status` is annotated by projects.meetings.selectors; otherwise one query.
    status = getattr(meeting, "minutes_status", False)
    if status is False:
        status = (
            Minutes.objects.filter(meeting_id=meeting.pk).values_list("status", flat=True).first()
        )
    return status == Minutes.Status.VASTGESTELD


@rules.predicate
def has_open_minutes(user, meeting):
    """The meeting's verslag is not adopted yet: its notes, decisions and attendance can
    still change (docs/ARCHITECTURE.md §3.5)."""
    return not _minutes_adopted(meeting)


@rules.predicate
def is_item_with_open_minutes(user, item):
    return has_open_minutes.test(user, item.meeting)


@rules.predicate
def names_meeting_with_open_minutes(user, item):
    """A "vaststellen verslag" item whose earlier meeting's verslag is still a concept."""
    return item.minutes_of_id is not None and has_open_minutes.test(user, item.minutes_of)


def previous_meeting(meeting):
    """The body's meeting before this one (by date, then by number on the same day): the one
    whose verslag this meeting adopts, with its verslag's `minutes_status` (has_open_minutes
    asks no more). (projects.meetings.selectors.previous_meeting.)"""
    return (
        Meeting.objects.filter(body=meeting.body)
        .filter(Q(date__lt=meeting.date) | Q(date=meeting.date, pk__lt=meeting.pk))
        .exclude(pk=meeting.pk)
        .annotate(minutes_status=F("minutes__status"))
        .order_by("-date", "-pk")
        .first()
    )


@rules.predicate
def misses_minutes_item(user, meeting):
    """The agenda has no "vaststellen verslag" item (it was taken off), while the body met
    before and that meeting's verslag still waits for adoption. Two queries at most."""
    if meeting.agenda_items.filter(kind=AgendaItem.Kind.MINUTES).exists():
        return False
    previous = previous_meeting(meeting)
    return previous is not None and has_open_minutes.test(user, previous)


# Meetings are kept (created, edited, their agenda put together) by those who manage them; a
# meeting goes only while nothing has been decided in it. An item leaves the agenda only while
# undecided; its decision is recorded once, on or after the meeting's date.
can_edit_meeting = can_manage_meetings
can_delete_meeting = can_manage_meetings & has_no_decisions & has_open_minutes
can_change_agenda = can_manage_meetings
can_remove_agenda_item = can_manage_meetings & is_undecided_item & is_item_with_open_minutes
can_decide_agenda_item = (
    can_record_decisions & is_document_item & is_undecided_item & is_item_of_held_meeting
)
# Free items (opening, mededelingen, rondvraag, ...): added, edited and removed by those who
# keep the agenda, while the meeting's verslag is open.
can_add_free_item = can_manage_meetings & has_open_minutes
can_edit_free_item = can_manage_meetings & is_free_item & is_item_with_open_minutes
# The "vaststellen verslag" item, which a new meeting gets when its body met before, is put back
# by the same people while the agenda can change, if it was taken off (services put it second).
can_add_minutes_item = can_add_free_item & misses_minutes_item
# The verslag (notes per item, decisions of free items as text, attendance): recorded by the
# secretary (regiocoördinator) and the voorzitter once the meeting has been held, until the
# next meeting of the body adopts it; then it is read-only.
can_record_minutes = can_record_decisions & is_held_meeting & has_open_minutes
can_record_item_minutes = can_record_decisions & is_item_of_held_meeting & is_item_with_open_minutes
# Adopting the verslag of the earlier meeting: under the "vaststellen verslag" item of a held
# meeting, once (services also check that the item's meeting is the body's next meeting).
can_adopt_minutes = (
    can_record_decisions
    & is_minutes_item
    & is_undecided_item
    & is_item_of_held_meeting
    & names_meeting_with_open_minutes
)

rules.add_perm("projects.edit_meeting", can_edit_meeting)
rules.add_perm("projects.delete_meeting", can_delete_meeting)
rules.add_perm("projects.change_agenda", can_change_agenda)
rules.add_perm("projects.remove_agenda_item", can_remove_agenda_item)
rules.add_perm("projects.add_minutes_item", can_add_minutes_item)
rules.add_perm("projects.decide_agenda_item", can_decide_agenda_item)
rules.add_perm("projects.add_free_item", can_add_free_item)
rules.add_perm("projects.edit_free_item", can_edit_free_item)
rules.add_perm("projects.record_minutes", can_record_minutes)
rules.add_perm("projects.record_item_minutes", can_record_item_minutes)
rules.add_perm("projects.adopt_minutes", can_adopt_minutes)


# --- Actiepunten, sending the agenda (meeting area, issue 18): predicates on an ActionItem ----


@rules.predicate
def is_action_owner(user, action):
    return action.owner_id == user.pk


@rules.predicate
def is_open_action(user, action):
    return action.status == action.Status.OPEN


@rules.predicate
def may_read_action(user, action):
    """An action on a confidential project's agenda item is read as the project's content is;
    its owner always reads it. Query form: projects.meetings.actions.visible_actions."""
    item = action.agenda_item
    if action.owner_id == user.pk or item is None or item.project_id is None:
        return True
    return can_view_project_details.test(user, item.project)


# The secretary (regiocoördinator) and the voorzitter record actions in a meeting, as they record
# its decisions; the owner, or they, mark one done. Sending the agenda is keeping the meeting.
can_add_action = is_reviewer
can_view_action = may_read_action
can_complete_action = is_open_action & (is_action_owner | is_reviewer) & may_read_action
can_send_agenda = can_manage_meetings

rules.add_perm("projects.add_action", can_add_action)
rules.add_perm("projects.complete_action", can_complete_action)
rules.add_perm("projects.send_agenda", can_send_agenda)
