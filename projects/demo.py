"""A demo portfolio with a project in every state, driven through the apps' own services.

The story runs over the past year: meetings are dated in the past and each decision's
event is dated on its meeting, so due reports and the portfolio timeline look real.
"""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from platform_ivz.core.models import Meeting, User
from platform_ivz.core.selectors import body_members
from projects import services
from projects.evaluations import services as evaluation_services
from projects.formats import EVALUATION_QUESTIONS, PLAN_FORMAT
from projects.meetings import services as meeting_services
from projects.models import (
    AgendaItem,
    Evaluation,
    GroupMember,
    Minutes,
    Project,
    ProjectEvent,
    ProjectPlan,
)
from projects.plans import services as plan_services
from projects.plans.services import RowChange
from projects.progress import services as progress_services

Status = Project.Status
Theme = Project.Theme

# title prefix → (theme, target state, projectleider, portefeuillehouder)
PORTFOLIO = [
    (
        "Borging aanpak woninginbraken",
        Theme.WONINGINBRAKEN,
        Status.IN_VOORBEREIDING,
        "platformlid",
        "dvo",
    ),
    ("Aanpak drugsoverlast", Theme.ONDERMIJNING, Status.TE_BEMENSEN, None, None),
    (
        "Triagevoorziening verwarde personen",
        Theme.VERWARDE_PERSONEN,
        Status.IN_UITVOERING,
        "platformlid",
        "dvo",
    ),
    (
        "Pilot hennep en big data",
        Theme.ONDERMIJNING,
        Status.EVALUATIE_TER_VASTSTELLING,
        "enschede",
        "dvo",
    ),
    (
        "Pilot informatiepositie",
        Theme.INFORMATIEVOORZIENING,
        Status.TER_VASTSTELLING,
        "borne",
        "dvo_almelo",
    ),
    (
        "Regionaal dashboard woninginbraken",
        Theme.WONINGINBRAKEN,
        Status.AMBTELIJK_VASTGESTELD,
        "hengelo2",
        "dvo",
    ),
    ("Casusoverleg TBS Twente", Theme.OVERIG, Status.AFGEROND, "veiligheidshuis", "dvo_almelo"),
    ("Casusoverleg Mensenhandel", Theme.OVERIG, Status.GESTOPT, "politie", "dvo"),
    (
        "Afstemming beleidscyclus",
        Theme.INFORMATIEVOORZIENING,
        Status.EVALUATIE,
        "almelo",
        "dvo_almelo",
    ),
    (
        "Procesregie zware casuïstiek",
        Theme.VERWARDE_PERSONEN,
        Status.EVALUATIE_AMBTELIJK_VASTGESTELD,
        "hengelo2",
        "dvo",
    ),
]

# The order of a project's life, to know how far each one has to go.
LIFE = [
    Status.TE_BEMENSEN,
    Status.IN_VOORBEREIDING,
    Status.TER_VASTSTELLING,
    Status.AMBTELIJK_VASTGESTELD,
    Status.IN_UITVOERING,
    Status.EVALUATIE,
    Status.EVALUATIE_TER_VASTSTELLING,
    Status.EVALUATIE_AMBTELIJK_VASTGESTELD,
    Status.AFGEROND,
]

# Meetings over the past year and two to come, in days from today.
PLATFORM_DAYS = [-312, -256, -193, -144, -74, -18]
DVO_DAYS = [-292, -166, -54]
COMING = [(Meeting.Body.DVO, 16), (Meeting.Body.PLATFORM, 52)]
# Running projects started before the first DVO meeting; finished ones a year earlier.
RUNNING = (-317, 33)
FINISHED = (-453, -89)


def _day(offset: int) -> date:
    return timezone.localdate() + timedelta(days=offset)


def _user(username):
    return User.objects.get(username=username) if username else None


def _meetings(coordinator):
    def make(body, day):
        meeting = Meeting.objects.filter(body=body, date=day).first()
        return meeting or meeting_services.create_meeting(
            actor=coordinator,
            data={
                "body": body,
                "date": day,
                "start_time": time(9, 30) if body == Meeting.Body.PLATFORM else time(14),
                "end_time": time(12) if body == Meeting.Body.PLATFORM else time(15, 30),
                "location": "Veiligheidsregio Twente, Enschede",
                "online_link": "https://teams.example.nl/vergadering-ivz"
                if body == "platform"
                else "",
            },
        )

    platform = [make(Meeting.Body.PLATFORM, _day(offset)) for offset in PLATFORM_DAYS]
    dvo = [make(Meeting.Body.DVO, _day(offset)) for offset in DVO_DAYS]
    for body, offset in COMING:
        make(body, _day(offset))
    return platform, dvo


def _backdate(meeting, document) -> None:
    """The demo acts out a year at once: a document is ready some days before its meeting
    (a meeting cannot take what was submitted after it was held)."""
    ready = timezone.make_aware(datetime.combine(meeting.date - timedelta(days=7), time(9)))
    field = "created_at" if hasattr(document, "raised_by") else "submitted_at"
    if getattr(document, field) and getattr(document, field) > ready:
        type(document).objects.filter(pk=document.pk).update(**{field: ready})
        setattr(document, field, ready)


def _decide(coordinator, meeting, decision="vastgesteld", remarks="", **document):
    for value in document.values():
        _backdate(meeting, value)
    item = meeting_services.add_agenda_item(meeting=meeting, actor=coordinator, **document)
    meeting_services.record_decision(
        item=item, actor=coordinator, decision=decision, remarks=remarks
    )
    # Date the decision on its meeting, as if it had been taken there.
    taken = timezone.make_aware(datetime.combine(meeting.date, time(11)))
    AgendaItem.objects.filter(pk=item.pk).update(decided_at=taken)
    ProjectEvent.objects.filter(
        pk=ProjectEvent.objects.filter(project_id=item.project_id).latest("at", "id").pk
    ).update(at=taken)


def _write_plan(project, leader, start, end):
    rows = {
        "indicators": [
            RowChange(
                data={
                    "name": "Deelnemende gemeenten",
                    "unit": "gemeenten",
                    "baseline": Decimal(3),
                    "target": Decimal(14),
                    "target_date": end,
                }
            )
        ],
        "milestones": [
            RowChange(
                data={
                    "name": "Plan van aanpak vastgesteld",
                    "planned_date": start,
                    "status": "gepland",
                }
            ),
            RowChange(
                data={
                    "name": "Regionale werkwijze ingevoerd",
                    "planned_date": end,
                    "status": "gepland",
                }
            ),
        ],
        "group_members": [
            RowChange(
                data={
                    "user": leader,
                    "organisation": leader.organisation,
                    "function": "voorzitter",
                    "hours_per_week": Decimal(4),
                    "start_date": start,
                    "end_date": end,
                }
            )
        ],
        "budget_lines": [
            RowChange(
                data={
                    "description": "Inhuur en bijeenkomsten",
                    "funding_source": "platform",
                    "year": start.year,
                    "planned_amount": Decimal(12500),
                }
            )
        ],
    }
    text = {
        key: f"{PLAN_FORMAT[key].label}: uitgewerkt door de projectgroep." for key in PLAN_FORMAT
    }
    text["meeting_frequency"] = "Eens per zes weken"
    plan_services.save_plan(
        project=project,
        actor=leader,
        expected_version=0,
        text=text,
        start_date=start,
        end_date=end,
        rows=rows,
    )
    plan = ProjectPlan.objects.get(project=project, number=1)
    return plan_services.submit_plan(plan=plan, actor=leader)


EXPANSION_BESLISPUNT = "Instemmen met uitbreiding naar alle Twentse gemeenten."


def _report(project, leader, coordinator, today, *, acknowledge, beslispunt):
    progress_services.ensure_due_reports(today=today, projects=[project])
    report = project.progress_reports.order_by("due_date").first()
    if report is None:
        return
    milestone = project.milestones.order_by("planned_date").first()
    report = progress_services.update_report(
        report=report,
        actor=leader,
        expected_version=report.version,
        data={
            "status_overall": "op_koers",
            "status_time": "op_koers",
            "status_money": "aandacht",
            "status_scope": "op_koers",
            "progress_content": "De werkwijze is in vijf gemeenten ingevoerd.",
            "progress_process": "De projectgroep komt volgens planning bijeen.",
            "risks": "Capaciteit bij de politie.",
        },
        milestones=[
            {"id": milestone.pk, "actual_date": milestone.planned_date, "status": "gehaald"}
        ],
        # Spent to date is the budget lines' realised amounts (docs/ARCHITECTURE.md §6.1).
        budget_lines=[
            {"id": line.pk, "realised_amount": Decimal(4200)}
            for line in project.budget_lines.order_by("year", "id")[:1]
        ],
        measurements=[
            {
                "indicator_id": project.indicators.first().pk,
                "value": Decimal(5),
                "measured_on": report.period_end,
                "source": "Projectadministratie",
            }
        ],
        # A beslispunt only where it can still go somewhere: a running project's waits for
        # the Platform, a stopped project's is how the DVO stopped it.
        beslispunten=[{"text": EXPANSION_BESLISPUNT}] if beslispunt else [],
    )
    if acknowledge:
        report = progress_services.submit_report(report=report, actor=leader)
        progress_services.acknowledge_report(report=report, actor=coordinator)


def _evaluate(project, leader):
    evaluation_services.start_evaluation(project=project, actor=leader)
    evaluation = Evaluation.objects.get(project=project)
    evaluation_services.save_evaluation(
        project=project,
        actor=leader,
        expected_version=evaluation.version,
        answers={
            key: f"{question} Zie de bijlagen van de projectgroep."
            for key, question in EVALUATION_QUESTIONS
        },
    )


def _live(project, target, coordinator, platform, dvo):
    """Take one staffed project along its life until it reaches `target`."""
    leader = project.projectleider
    # A stopped project ran first; the DVO stops it on a beslispunt.
    reached = LIFE.index(Status.IN_UITVOERING if target == Status.GESTOPT else target)
    start, end = map(_day, RUNNING)
    if target in (
        Status.EVALUATIE_TER_VASTSTELLING,
        Status.EVALUATIE_AMBTELIJK_VASTGESTELD,
        Status.AFGEROND,
        Status.EVALUATIE,
    ):
        start, end = map(_day, FINISHED)
    if reached >= LIFE.index(Status.TER_VASTSTELLING):
        plan = _write_plan(project, leader, start, end)
    if reached >= LIFE.index(Status.AMBTELIJK_VASTGESTELD):
        _decide(coordinator, platform[0], plan=plan)
    if reached >= LIFE.index(Status.IN_UITVOERING):
        _decide(coordinator, dvo[0], plan=ProjectPlan.objects.get(pk=plan.pk))
        _report(
            project,
            leader,
            coordinator,
            timezone.localdate(),
            acknowledge=target != Status.IN_UITVOERING,
            beslispunt=target in (Status.IN_UITVOERING, Status.GESTOPT),
        )
    if target == Status.GESTOPT:
        beslispunt = project.beslispunten.first()
        # Via the Platform (advice) to the DVO (decision).
        _decide(
            coordinator,
            platform[4],
            beslispunt=beslispunt,
            remarks="Het Platform adviseert het project te stoppen.",
        )
        beslispunt.refresh_from_db()
        _decide(
            coordinator,
            dvo[2],
            decision="gestopt",
            beslispunt=beslispunt,
            remarks="De aanpak is ondergebracht bij het Veiligheidshuis Twente.",
        )
        return
    if reached >= LIFE.index(Status.EVALUATIE):
        _evaluate(project, leader)
    if reached >= LIFE.index(Status.EVALUATIE_TER_VASTSTELLING):
        evaluation_services.submit_evaluation(project=project, actor=leader)
    if reached >= LIFE.index(Status.EVALUATIE_AMBTELIJK_VASTGESTELD):
        _decide(coordinator, platform[4], evaluation=project.evaluation)
    if reached >= LIFE.index(Status.AFGEROND):
        _decide(coordinator, dvo[2], evaluation=Evaluation.objects.get(project=project))


@transaction.atomic
def load_projects() -> None:
    coordinator = User.objects.get(username="regiocoordinator")
    platform, dvo = _meetings(coordinator)
    for prefix, theme, target, leader, holder in PORTFOLIO:
        project = Project.objects.filter(title__startswith=prefix).first()
        if project is None or project.projectleider_id or project.status != Status.TE_BEMENSEN:
            continue  # not there, or already taken along on an earlier run
        Project.objects.filter(pk=project.pk).update(theme=theme)
        if leader is None:
            continue
        project = services.assign_people(
            project=project,
            actor=coordinator,
            projectleider=_user(leader),
            portefeuillehouder=_user(holder),
        )
        _live(project, target, coordinator, platform, dvo)
        # The portefeuillehouder and a partner also sit in the group of the running projects.
        if target == Status.IN_UITVOERING:
            GroupMember.objects.get_or_create(
                project=project,
                name="Analist politie",
                defaults={
                    "organisation": _user("politie").organisation,
                    "hours_per_week": Decimal(2),
                    "start_date": _day(RUNNING[0] + 17),
                },
            )
    _actions(coordinator, platform[-1])


# The verslag of each past meeting (issue 18): attendance, a note per free item, decisions as
# text, and free items of their own on the last ones. Each verslag is adopted by the body's
# next meeting, except the last two: the last meeting held can still adopt the one before
# it (shown on the demo), and the last one's waits for the meeting to come.
FREE_ITEMS = {
    Meeting.Body.PLATFORM: (
        "Presentatie Zorg- en Veiligheidshuis Twente",
        "Het casusoverleg complexe casuïstiek: werkwijze en eerste cijfers.",
        "Zorg- en Veiligheidshuis Twente",
        "Het Platform neemt de werkwijze over als voorbeeld voor het casusoverleg "
        "verwarde personen.",
    ),
    Meeting.Body.DVO: (
        "Jaarplan IVZ: eerste bespreking",
        "De speerpunten voor het komende jaar, voor de vaststelling in de volgende vergadering.",
        "Regiocoördinator",
        "Het DVO onderschrijft de speerpunten; het jaarplan komt ter vaststelling in de "
        "volgende vergadering.",
    ),
}


def _minutes(coordinator, meetings) -> None:
    for index, meeting in enumerate(meetings):
        members = list(body_members(meeting.body))
        presence = {
            member.pk: "excused" if number == 1 else "present"
            for number, member in enumerate(members)
        }
        meeting_services.record_attendance(meeting=meeting, actor=coordinator, presence=presence)
        if index == len(meetings) - 1:
            title, text, presenter, decisions = FREE_ITEMS[meeting.body]
            meeting_services.add_free_item(
                meeting=meeting,
                actor=coordinator,
                data={"title": title, "text": text, "presenter": presenter},
            )
        for item in AgendaItem.objects.filter(meeting=meeting).order_by("order"):
            note, decision_text = "", ""
            if item.kind == AgendaItem.Kind.FREE and item.order == 1:
                note = "De voorzitter opent de vergadering; de agenda wordt vastgesteld."
            elif item.title == "Mededelingen":
                note = "De regiocoördinator meldt de stand van de bijdragen van de gemeenten."
            elif index == len(meetings) - 1 and item.title == FREE_ITEMS[meeting.body][0]:
                note = "Toelichting door de presentator; vragen over privacy beantwoord."
                decision_text = FREE_ITEMS[meeting.body][3]
            elif item.project_id and item.decision != AgendaItem.Decision.OPEN:
                note = "Besproken; het besluit staat in de besluitenlijst."
            if note or decision_text:
                meeting_services.record_item_minutes(
                    item=item, actor=coordinator, note=note, decision_text=decision_text
                )
    for meeting in meetings[1:-1]:
        item = AgendaItem.objects.filter(meeting=meeting, kind=AgendaItem.Kind.MINUTES).first()
        if item is None:
            continue
        meeting_services.adopt_minutes(item=item, actor=coordinator)
        taken = timezone.make_aware(datetime.combine(meeting.date, time(10)))
        AgendaItem.objects.filter(pk=item.pk).update(decided_at=taken)
        Minutes.objects.filter(meeting_id=item.minutes_of_id).update(adopted_at=taken)


@transaction.atomic
def load_minutes() -> None:
    coordinator = User.objects.get(username="regiocoordinator")
    today = timezone.localdate()
    for body in (Meeting.Body.PLATFORM, Meeting.Body.DVO):
        held = list(Meeting.objects.filter(body=body, date__lte=today).order_by("date", "pk"))
        if not held or Minutes.objects.filter(meeting__in=held).exists():
            continue  # none, or written on an earlier run
        _minutes(coordinator, held)


# Actiepunten of the last Platform meeting: (owner, description, due in days from today, done).
ACTIONS = [
    ("platformlid", "Cijfers woninginbraken 2025 per gemeente aanleveren.", -4, False),
    ("politie", "Contactpersoon voor de aanpak ondermijning doorgeven.", 21, False),
    ("regiocoordinator", "Verslag rondsturen aan de leden.", -14, True),
]


def _actions(coordinator, meeting) -> None:
    """A few actions of the last Platform meeting, one overdue and one done (once)."""
    from projects.meetings import actions as meeting_actions
    from projects.models import ActionItem

    if ActionItem.objects.filter(meeting=meeting).exists():
        return
    item = AgendaItem.objects.filter(meeting=meeting).order_by("order", "id").first()
    for username, description, due, done in ACTIONS:
        action = meeting_actions.add_action(
            meeting=meeting,
            item=item,
            actor=coordinator,
            description=description,
            owner=_user(username),
            due_date=max(_day(due), meeting.date),
        )
        if done:
            meeting_actions.complete_action(action=action, actor=coordinator, note="Gedaan.")
