"""A large, realistic portfolio for the benchmarks (issue 8).

`grow(projects=n)` adds projects until there are n, each with its approved request and two
more requests in other states (3,000 requests at 1,000 projects), over the last five years:
full plans (some amended), project groups, indicators with measurements, milestones, budget
lines per year, two progress reports a year, evaluations, beslispunten, agenda items and
events. The first call also creates the fixed part: the 20 organisations, 200 users, the
contribution years (through contributions.services.create_year) and Platform and DVO meetings.

Rows go in with bulk_create_with_history (history rows included, as the services would
write them): the services take seconds per project, which at 1,000 projects is an hour.
Calls are incremental, so the query-count benchmark can grow 10 → 100 → 1,000.
"""

import contextlib
import datetime
import random
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from contributions import services as contribution_services
from contributions.models import IncomeLine, PartnerPledge, YearSettings
from intake.formats import CRITERIA
from intake.models import CriterionAssessment, ProjectRequest, RequestEvent
from platform_ivz.core.models import Meeting, Organisation, User
from platform_ivz.core.reference import create_reference_data
from platform_ivz.core.roles import Role
from projects.models import (
    AgendaItem,
    ApprovalStatus,
    Beslispunt,
    BudgetLine,
    Evaluation,
    GroupMember,
    Indicator,
    Measurement,
    Milestone,
    ProgressReport,
    Project,
    ProjectEvent,
    ProjectPlan,
    RagStatus,
)

PASSWORD = "bench-wachtwoord-ivz"  # noqa: S105 - a throwaway benchmark database only
USERS = 200
REQUESTS_PER_PROJECT = 3
YEARS = 5
BATCH = 100

REVIEWER = "bench_regiocoordinator"
CHAIR = "bench_voorzitter"
ADMIN = "bench_admin"

PS = Project.Status
RS = ProjectRequest.Status

THEMES = [
    (Project.Theme.WONINGINBRAKEN, "woninginbraken en heling"),
    (Project.Theme.VERWARDE_PERSONEN, "personen met verward gedrag"),
    (Project.Theme.ONDERMIJNING, "ondermijning en drugscriminaliteit"),
    (Project.Theme.INFORMATIEVOORZIENING, "de gemeentelijke informatiepositie"),
    (Project.Theme.OVERIG, "de jaarwisseling en Burgernet"),
]
ACTIONS = ["Regionale aanpak", "Pilot", "Doorontwikkeling", "Monitor", "Ketenaanpak", "Borging"]
PLACES = ["Twente", "Almelo", "Enschede", "Hengelo", "Noord-Oost Twente", "West-Twente"]

PLAN_TEXT = {
    "aanleiding": "Signalen uit politie en gemeenten laten een stijging zien van {topic}; "
    "de lokale aanpak alleen blijkt niet genoeg.",
    "betrokken_partners": "Politie Oost-Nederland, Openbaar Ministerie, Veiligheidshuis Twente "
    "en de deelnemende gemeenten.",
    "doelstelling": "Een regionale, meetbare aanpak van {topic} die na afloop geborgd is.",
    "projectresultaat": "Een werkwijze, een monitor en afspraken tussen de partners over {topic}.",
    "prestatie_indicatoren": "Zie de indicatoren hieronder; gemeten per halfjaar.",
    "monitoring": "Halfjaarlijkse voortgangsrapportage aan de regiocoördinator.",
    "randvoorwaarden": "Capaciteit van de partners volgens de toezeggingen in de projectgroep.",
    "afbakening": "Geen individuele casuïstiek; lokale uitvoering blijft bij de gemeenten.",
    "relatie_andere_initiatieven": "Sluit aan op het regionaal beleidsplan en het RIEC.",
    "risicos": "Onvoldoende capaciteit bij partners; privacy bij gegevensdeling.",
    "projectgroep": "Zie de leden van de projectgroep hieronder.",
    "planning": "Zie de mijlpalen hieronder.",
    "communicatie": "Via het Platform IVZ, het DVO en de nieuwsbrief van de regio.",
    "financien": "Zie de begrotingsregels hieronder.",
}
REQUEST_TEXT = {
    "aanleiding": "In meerdere gemeenten zien we problemen rond {topic}.",
    "doelstelling": "Een gezamenlijke, regionale aanpak van {topic}.",
    "betrokken_partners": "Gemeenten, politie, OM en ketenpartners.",
    "afbakening": "Lokale uitvoering blijft bij de gemeenten.",
    "risicos": "Beschikbare capaciteit bij de partners.",
}
QUESTIONS = [f"q{n}" for n in range(1, 12)]

CLOSED = (PS.AFGEROND, PS.GESTOPT)
EVALUATING = (
    PS.EVALUATIE,
    PS.EVALUATIE_TER_VASTSTELLING,
    PS.EVALUATIE_AMBTELIJK_VASTGESTELD,
)
STARTING = (PS.TE_BEMENSEN, PS.IN_VOORBEREIDING, PS.TER_VASTSTELLING, PS.AMBTELIJK_VASTGESTELD)


@contextlib.contextmanager
def own_timestamps(*fields):
    """Let bulk_create keep the dates we give instead of auto_now(_add) overwriting them."""
    saved = [(f, f.auto_now, f.auto_now_add) for f in fields]
    for f, _now, _add in saved:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, now, add in saved:
            f.auto_now, f.auto_now_add = now, add


def _field(model, name):
    return model._meta.get_field(name)


def today() -> datetime.date:
    return timezone.localdate()


def _aware(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    return datetime.date(day.year + month // 12, month % 12 + 1, min(day.day, 28))


# --- The fixed part: organisations, users, years, meetings -------------------------------------


def _ensure_users() -> dict:
    create_reference_data(Organisation, Group)
    groups = {group.name: group for group in Group.objects.filter(name__in=Role.values)}
    if User.objects.filter(username=REVIEWER).exists():
        return _people()
    organisations = list(Organisation.objects.order_by("kind", "name"))
    password = make_password(PASSWORD)
    users, roles = [], []
    per_org = USERS // len(organisations)
    for organisation in organisations:
        for n in range(per_org):
            role = Role.PLATFORMLID
            username = f"bench_{organisation.pk}_{n}"
            if n == 0 and (organisation.is_gemeente or organisation.name.startswith(("Pol", "Op"))):
                role = Role.DVO_LID
            if organisation.name == "Almelo" and n == 1:
                username, role = CHAIR, Role.VOORZITTER
            if organisation.name.startswith("Brandweer"):
                if n == 1:
                    username, role = REVIEWER, Role.REGIOCOORDINATOR
                elif n == 2:
                    username, role = "bench_beheerder", Role.BEHEERDER
            users.append(
                User(
                    username=username,
                    first_name=f"Medewerker {n + 1}",
                    last_name=organisation.name.split(" (")[0],
                    email=f"{username}@bench.platform-ivz.nl",
                    organisation=organisation,
                    job_title="Burgemeester" if role == Role.DVO_LID else "Adviseur veiligheid",
                    password=password,
                )
            )
            roles.append(role)
    users.append(
        User(
            username=ADMIN,
            first_name="Beheer",
            last_name="Benchmark",
            is_staff=True,
            is_superuser=True,
            password=password,
        )
    )
    roles.append(None)
    users = bulk_create_with_history(users, User, batch_size=500)
    Membership = User.groups.through
    Membership.objects.bulk_create(
        [
            Membership(user_id=user.pk, group_id=groups[role].pk)
            for user, role in zip(users, roles, strict=True)
            if role
        ]
    )
    return _people()


def _people() -> dict:
    by_role = {
        role: list(
            User.objects.filter(groups__name=role).order_by("pk").values_list("pk", "organisation")
        )
        for role in Role.values
    }
    return {
        "reviewer": User.objects.get(username=REVIEWER),
        "chair": User.objects.get(username=CHAIR),
        "leaders": by_role[Role.PLATFORMLID],
        "sponsors": by_role[Role.DVO_LID],
        "everyone": list(User.objects.exclude(username=ADMIN).values_list("pk", "organisation")),
        "gemeenten": list(
            Organisation.objects.filter(kind=Organisation.Kind.GEMEENTE).values_list(
                "pk", flat=True
            )
        ),
    }


def _ensure_years(reviewer) -> None:
    first = today().year - YEARS + 1
    partners = list(Organisation.objects.filter(kind=Organisation.Kind.PARTNER)[:4])
    for year in range(first, today().year + 1):
        if YearSettings.objects.filter(year=year).exists():
            continue
        previous = YearSettings.objects.filter(year__lt=year).order_by("-year").first()
        settings = contribution_services.create_year(
            actor=reviewer, year=year, copy_from=previous.year if previous else None
        )
        for partner in partners:
            PartnerPledge.objects.get_or_create(
                settings=settings,
                organisation=partner,
                defaults={"contact_name": "Contactpersoon", "hours_per_week": Decimal("4")},
            )
        IncomeLine.objects.create(
            settings=settings,
            kind=IncomeLine.Kind.SUBSIDIE,
            description=f"Provinciale subsidie {year}",
            amount=Decimal("25000.00"),
        )


PLATFORM_MONTHS = (2, 4, 6, 9, 10, 12)
DVO_MONTHS = (3, 6, 10, 12)


def _ensure_meetings() -> list[Meeting]:
    if not Meeting.objects.filter(location="Benchmark").exists():
        meetings = []
        for year in range(today().year - YEARS + 1, today().year + 2):
            for body, months in (
                (Meeting.Body.PLATFORM, PLATFORM_MONTHS),
                (Meeting.Body.DVO, DVO_MONTHS),
            ):
                for month in months:
                    day = 12 if body == Meeting.Body.PLATFORM else 20
                    meetings.append(
                        Meeting(
                            body=body, date=datetime.date(year, month, day), location="Benchmark"
                        )
                    )
        bulk_create_with_history(meetings, Meeting, batch_size=500)
    return list(Meeting.objects.filter(location="Benchmark").order_by("date", "body"))


def _meeting_after(meetings, body, day) -> Meeting | None:
    for meeting in meetings:
        if meeting.body == body and meeting.date >= day:
            return meeting
    return None


# --- Projects ---------------------------------------------------------------------------------


def _status_for(rng, start, end, now) -> str:
    if end < now - datetime.timedelta(days=120):
        return PS.GESTOPT if rng.random() < 0.12 else PS.AFGEROND
    if end < now:
        return rng.choice(EVALUATING)
    if start > now - datetime.timedelta(days=120):
        return rng.choice(STARTING)
    return PS.IN_UITVOERING


def _plan_status(status) -> str:
    if status in (PS.TE_BEMENSEN, PS.IN_VOORBEREIDING):
        return ApprovalStatus.CONCEPT
    if status == PS.TER_VASTSTELLING:
        return ApprovalStatus.TER_VASTSTELLING
    if status == PS.AMBTELIJK_VASTGESTELD:
        return ApprovalStatus.AMBTELIJK_VASTGESTELD
    return ApprovalStatus.VASTGESTELD


def _evaluation_status(status) -> str | None:
    return {
        PS.EVALUATIE: ApprovalStatus.CONCEPT,
        PS.EVALUATIE_TER_VASTSTELLING: ApprovalStatus.TER_VASTSTELLING,
        PS.EVALUATIE_AMBTELIJK_VASTGESTELD: ApprovalStatus.AMBTELIJK_VASTGESTELD,
        PS.AFGEROND: ApprovalStatus.VASTGESTELD,
    }.get(status)


def _due_dates(start, until):
    """31 January and 31 July from the start of the project until `until`."""
    for year in range(start.year, until.year + 2):
        for due in (datetime.date(year, 1, 31), datetime.date(year, 7, 31)):
            if start < due <= until:
                yield due


def _period(due: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The half year a report due on 31 January or 31 July is about."""
    if due.month == 1:
        return datetime.date(due.year - 1, 7, 1), datetime.date(due.year - 1, 12, 31)
    return datetime.date(due.year, 1, 1), datetime.date(due.year, 6, 30)


def _spec(index: int, people: dict, meetings: list, now: datetime.date) -> dict:
    rng = random.Random(index * 7919 + 17)
    theme, topic = THEMES[index % len(THEMES)]
    first_year = now.year - YEARS + 1
    # Spread over the five years, a bit more recent work than old.
    year = first_year + min(YEARS - 1, int(YEARS * rng.random() ** 0.8))
    start = datetime.date(year, rng.randint(1, 12), rng.randint(1, 28))
    if start > now:
        start = now - datetime.timedelta(days=rng.randint(10, 100))
    end = _add_months(start, rng.randint(12, 30))
    status = _status_for(rng, start, end, now)
    leader = None if status == PS.TE_BEMENSEN else rng.choice(people["leaders"])
    sponsor = None if status == PS.TE_BEMENSEN else rng.choice(people["sponsors"])
    submitter = leader or rng.choice(people["leaders"])
    return {
        "index": index,
        "rng": rng,
        "theme": theme,
        "topic": topic,
        "title": f"{rng.choice(ACTIONS)} {topic} {rng.choice(PLACES)} #{index + 1}",
        "start": start,
        "end": end,
        "status": status,
        "leader": leader,
        "sponsor": sponsor,
        "submitter": submitter,
        "vertrouwelijk": rng.random() < 0.1,
        "gemeenten": rng.sample(people["gemeenten"], rng.randint(7, len(people["gemeenten"]))),
        "requested": start - datetime.timedelta(days=rng.randint(40, 120)),
        "platform": _meeting_after(meetings, Meeting.Body.PLATFORM, start - datetime.timedelta(30)),
        "dvo": _meeting_after(meetings, Meeting.Body.DVO, start),
    }


def _request(spec, status, decided, reviewer) -> ProjectRequest:
    rng = spec["rng"]
    requested = spec["requested"]
    submitted = None if status == RS.CONCEPT else _aware(requested + datetime.timedelta(days=2))
    return ProjectRequest(
        title=spec["title"]
        if status == RS.GOEDGEKEURD
        else f"Verzoek {spec['topic']} {rng.randint(1, 9999)}",
        on_behalf_of=rng.choice(ProjectRequest.OnBehalfOf.values),
        on_behalf_organisation_id=spec["submitter"][1],
        vertrouwelijk=spec["vertrouwelijk"] if status == RS.GOEDGEKEURD else rng.random() < 0.1,
        status=status,
        indiener_id=spec["submitter"][0],
        organisation_id=spec["submitter"][1],
        created_at=_aware(requested),
        updated_at=_aware(requested + datetime.timedelta(days=20)),
        submitted_at=submitted,
        decided_at=_aware(requested + datetime.timedelta(days=30)) if decided else None,
        decided_by_id=reviewer.pk if decided else None,
        decision_motivation="Voldoet aan de selectiecriteria." if decided else "",
        **{key: text.format(topic=spec["topic"]) for key, text in REQUEST_TEXT.items()},
    )


OTHER_REQUEST_STATES = [
    (RS.AFGEWEZEN, 40),
    (RS.INGETROKKEN, 20),
    (RS.CONCEPT, 15),
    (RS.INGEDIEND, 10),
    (RS.AANVULLING_GEVRAAGD, 15),
]


def _other_status(rng) -> str:
    states, weights = zip(*OTHER_REQUEST_STATES, strict=True)
    return rng.choices(states, weights)[0]


def _request_rows(specs, reviewer):
    """Each project's approved request, plus two requests in other states per project."""
    requests, wanted = [], []
    for spec in specs:
        requests.append(_request(spec, RS.GOEDGEKEURD, True, reviewer))
        for _n in range(REQUESTS_PER_PROJECT - 1):
            status = _other_status(spec["rng"])
            requests.append(_request(spec, status, status in (RS.AFGEWEZEN,), reviewer))
        wanted.append(spec)
    with own_timestamps(_field(ProjectRequest, "created_at"), _field(ProjectRequest, "updated_at")):
        requests = bulk_create_with_history(requests, ProjectRequest, batch_size=500)
    Through = ProjectRequest.gemeenten.through
    m2m, assessments, events = [], [], []
    for n, request in enumerate(requests):
        spec = specs[n // REQUEST_PER_SPEC]
        for organisation_id in spec["gemeenten"]:
            m2m.append(Through(projectrequest_id=request.pk, organisation_id=organisation_id))
        if request.status in (RS.CONCEPT,):
            continue
        events.append(
            RequestEvent(
                request=request,
                transition="submit",
                from_status=RS.CONCEPT,
                to_status=RS.INGEDIEND,
                actor_id=request.indiener_id,
                at=request.submitted_at,
            )
        )
        if request.status in (RS.GOEDGEKEURD, RS.AFGEWEZEN, RS.AANVULLING_GEVRAAGD):
            for key, _label in CRITERIA:
                assessments.append(
                    CriterionAssessment(
                        request=request,
                        criterion=key,
                        met=request.status != RS.AFGEWEZEN or key != "zeven_gemeenten",
                        note="Beoordeeld.",
                        assessed_by_id=reviewer.pk,
                    )
                )
        if request.status != RS.INGEDIEND:
            events.append(
                RequestEvent(
                    request=request,
                    transition="decide",
                    from_status=RS.INGEDIEND,
                    to_status=request.status,
                    actor_id=request.indiener_id
                    if request.status == RS.INGETROKKEN
                    else reviewer.pk,
                    at=request.submitted_at + datetime.timedelta(days=20),
                    note="",
                )
            )
    Through.objects.bulk_create(m2m, batch_size=2000)
    bulk_create_with_history(assessments, CriterionAssessment, batch_size=1000)
    with own_timestamps(_field(RequestEvent, "at")):
        RequestEvent.objects.bulk_create(events, batch_size=1000)
    return requests[::REQUEST_PER_SPEC]


REQUEST_PER_SPEC = REQUESTS_PER_PROJECT


def _projects(specs, approved_requests):
    projects = []
    for spec, request in zip(specs, approved_requests, strict=True):
        projects.append(
            Project(
                title=spec["title"],
                theme=spec["theme"],
                request=request,
                status=spec["status"],
                projectleider_id=spec["leader"][0] if spec["leader"] else None,
                portefeuillehouder_id=spec["sponsor"][0] if spec["sponsor"] else None,
                vertrouwelijk=spec["vertrouwelijk"],
                start_date=spec["start"],
                end_date=spec["end"],
                created_at=request.decided_at,
            )
        )
    with own_timestamps(_field(Project, "created_at")):
        return bulk_create_with_history(projects, Project, batch_size=500)


def _project_rows(specs, projects, people, reviewer, now):  # noqa: C901 - one pass per project
    rows = {
        name: []
        for name in (
            "plans",
            "indicators",
            "milestones",
            "members",
            "budget",
            "reports",
            "beslispunten",
            "evaluations",
            "events",
        )
    }
    for spec, project in zip(specs, projects, strict=True):
        rng, start, end, status = spec["rng"], spec["start"], spec["end"], spec["status"]
        leader_id = spec["leader"][0] if spec["leader"] else reviewer.pk
        until = min(end, now)
        plan_status = _plan_status(status)
        decided = plan_status == ApprovalStatus.VASTGESTELD
        text = {key: value.format(topic=spec["topic"]) for key, value in PLAN_TEXT.items()}
        rows["plans"].append(
            ProjectPlan(
                project=project,
                number=1,
                status=plan_status,
                meeting_frequency="Maandelijks",
                submitted_at=None if plan_status == ApprovalStatus.CONCEPT else _aware(start),
                platform_meeting=spec["platform"] if decided else None,
                dvo_meeting=spec["dvo"] if decided else None,
                created_by_id=leader_id,
                snapshot={},
                **text,
            )
        )
        if status == PS.IN_UITVOERING and rng.random() < 0.15:
            rows["plans"].append(
                ProjectPlan(
                    project=project,
                    number=2,
                    amendment=True,
                    status=ApprovalStatus.TER_VASTSTELLING,
                    change_summary="Verlenging met een halfjaar en een extra mijlpaal.",
                    submitted_at=_aware(now - datetime.timedelta(days=10)),
                    created_by_id=leader_id,
                    snapshot={},
                    **text,
                )
            )
        for n in range(3):
            indicator = Indicator(
                project=project,
                name=f"Indicator {n + 1}: {spec['topic']}",
                unit="aantal",
                baseline=Decimal(rng.randint(10, 100)),
                target=Decimal(rng.randint(100, 300)),
                target_date=end,
            )
            indicator._measurements = [
                Measurement(
                    value=Decimal(rng.randint(20, 300)),
                    measured_on=due,
                    source="Politie",
                )
                for due in _due_dates(start, until)
            ]
            rows["indicators"].append(indicator)
        span = max((end - start).days, 30)
        for n in range(5):
            planned = start + datetime.timedelta(days=span * (n + 1) // 6)
            if planned < now:
                done = rng.random() < 0.8
                ms_status = Milestone.Status.GEHAALD if done else Milestone.Status.VERTRAAGD
                actual = planned + datetime.timedelta(days=rng.randint(-10, 30)) if done else None
            else:
                ms_status, actual = Milestone.Status.GEPLAND, None
            rows["milestones"].append(
                Milestone(
                    project=project,
                    name=f"Mijlpaal {n + 1}",
                    planned_date=planned,
                    actual_date=actual,
                    status=ms_status,
                )
            )
        for n in range(rng.randint(4, 6)):
            user_id, organisation_id = rng.choice(people["everyone"])
            rows["members"].append(
                GroupMember(
                    project=project,
                    user_id=user_id,
                    organisation_id=organisation_id,
                    function=GroupMember.Function.SECRETARIS
                    if n == 0
                    else GroupMember.Function.DEELNEMER,
                    hours_per_week=Decimal(rng.choice([2, 4, 4, 6, 8])),
                    start_date=start,
                    end_date=end,
                )
            )
        for year in range(start.year, end.year + 1):
            for source in (BudgetLine.FundingSource.PLATFORM, BudgetLine.FundingSource.LOKAAL):
                planned = Decimal(rng.randint(5, 40) * 1000)
                rows["budget"].append(
                    BudgetLine(
                        project=project,
                        description=f"Projectkosten {year}",
                        funding_source=source,
                        year=year,
                        planned_amount=planned,
                        realised_amount=planned * Decimal(rng.randint(60, 110)) / 100
                        if year < now.year
                        else Decimal(0),
                    )
                )
        if status not in STARTING:
            dues = list(_due_dates(start, until + datetime.timedelta(days=200)))
            for n, due in enumerate(dues):
                last = n == len(dues) - 1
                if due > now:
                    report_status = ProgressReport.Status.CONCEPT
                elif last and rng.random() < 0.3:
                    report_status = ProgressReport.Status.CONCEPT
                elif last:
                    report_status = ProgressReport.Status.INGEDIEND
                else:
                    report_status = ProgressReport.Status.BESPROKEN
                written = report_status != ProgressReport.Status.CONCEPT
                rag = rng.choices(RagStatus.values, [70, 20, 10])[0] if written else ""
                period_start, period_end = _period(due)
                rows["reports"].append(
                    ProgressReport(
                        project=project,
                        period_start=period_start,
                        period_end=period_end,
                        due_date=due,
                        status=report_status,
                        status_overall=rag,
                        status_time=rag,
                        status_money=rag,
                        status_scope=rag,
                        progress_content="De werkgroepen zijn gestart en de eerste resultaten zijn "
                        "besproken met de partners."
                        if written
                        else "",
                        progress_process="De samenwerking verloopt goed." if written else "",
                        spent_to_date=Decimal(rng.randint(1, 80) * 1000) if written else None,
                        risks="Capaciteit bij de politie." if written else "",
                        submitted_at=_aware(due) if written else None,
                        discussed_at=_aware(due + datetime.timedelta(days=14))
                        if report_status == ProgressReport.Status.BESPROKEN
                        else None,
                        discussed_by_id=reviewer.pk
                        if report_status == ProgressReport.Status.BESPROKEN
                        else None,
                    )
                )
        if spec["index"] % 3 == 0 and status not in STARTING:
            rows["beslispunten"].append(
                Beslispunt(
                    project=project,
                    text="Het DVO besluit over de borging na afloop van het project.",
                    status=rng.choice(Beslispunt.Status.values),
                    raised_by_id=leader_id,
                    created_at=_aware(until),
                )
            )
        evaluation_status = _evaluation_status(status)
        if evaluation_status:
            approved = evaluation_status == ApprovalStatus.VASTGESTELD
            rows["evaluations"].append(
                Evaluation(
                    project=project,
                    status=evaluation_status,
                    submitted_at=_aware(end)
                    if evaluation_status != ApprovalStatus.CONCEPT
                    else None,
                    platform_meeting=spec["platform"] if approved else None,
                    dvo_meeting=spec["dvo"] if approved else None,
                    **{q: f"Antwoord op vraag {q[1:]} over {spec['topic']}." for q in QUESTIONS},
                )
            )
        path = [PS.TE_BEMENSEN]
        if status != PS.TE_BEMENSEN:
            path.append(PS.IN_VOORBEREIDING)
        if status not in (PS.TE_BEMENSEN, PS.IN_VOORBEREIDING):
            path.append(status if status in STARTING or status == PS.GESTOPT else PS.IN_UITVOERING)
        if status in EVALUATING or status == PS.AFGEROND:
            path.append(status)
        previous = ""
        for n, to_status in enumerate(path):
            rows["events"].append(
                ProjectEvent(
                    project=project,
                    transition="create" if n == 0 else "advance",
                    from_status=previous,
                    to_status=to_status,
                    actor_id=reviewer.pk,
                    at=_aware(start + datetime.timedelta(days=n * 30)),
                )
            )
            previous = to_status
    return rows


def _agenda(specs, projects, plans, evaluations, beslispunten, meetings, reviewer, now):
    """Decided agenda items for approved plans and evaluations; open ones for submitted work."""
    upcoming_platform = _meeting_after(meetings, Meeting.Body.PLATFORM, now)
    items = []
    for plan in plans:
        if plan.status == ApprovalStatus.VASTGESTELD and plan.platform_meeting_id:
            for meeting in (plan.platform_meeting, plan.dvo_meeting):
                if meeting is None:
                    continue
                items.append(
                    AgendaItem(
                        meeting=meeting,
                        project_id=plan.project_id,
                        kind=AgendaItem.Kind.PLAN,
                        plan=plan,
                        decision=AgendaItem.Decision.VASTGESTELD,
                        decided_by_id=reviewer.pk,
                        decided_at=_aware(meeting.date),
                    )
                )
        elif plan.status == ApprovalStatus.TER_VASTSTELLING and upcoming_platform:
            items.append(
                AgendaItem(
                    meeting=upcoming_platform,
                    project_id=plan.project_id,
                    kind=AgendaItem.Kind.AMENDMENT if plan.number > 1 else AgendaItem.Kind.PLAN,
                    plan=plan,
                )
            )
    for evaluation in evaluations:
        if evaluation.status == ApprovalStatus.TER_VASTSTELLING and upcoming_platform:
            items.append(
                AgendaItem(
                    meeting=upcoming_platform,
                    project_id=evaluation.project_id,
                    kind=AgendaItem.Kind.EVALUATION,
                    evaluation=evaluation,
                )
            )
    for point in beslispunten:
        if point.status == Beslispunt.Status.GEAGENDEERD and upcoming_platform:
            items.append(
                AgendaItem(
                    meeting=upcoming_platform,
                    project_id=point.project_id,
                    kind=AgendaItem.Kind.BESLISPUNT,
                    beslispunt=point,
                )
            )
    for order, item in enumerate(items):
        item.order = order + 1
    bulk_create_with_history(items, AgendaItem, batch_size=1000)


def _add_batch(first: int, count: int, people, meetings, reviewer, now) -> None:
    specs = [_spec(index, people, meetings, now) for index in range(first, first + count)]
    approved = _request_rows(specs, reviewer)
    projects = _projects(specs, approved)
    rows = _project_rows(specs, projects, people, reviewer, now)
    plans = bulk_create_with_history(rows["plans"], ProjectPlan, batch_size=500)
    indicators = bulk_create_with_history(rows["indicators"], Indicator, batch_size=1000)
    measurements = []
    for indicator, pending in zip(indicators, rows["indicators"], strict=True):
        for measurement in pending._measurements:
            measurement.indicator = indicator
            measurements.append(measurement)
    bulk_create_with_history(measurements, Measurement, batch_size=2000)
    bulk_create_with_history(rows["milestones"], Milestone, batch_size=2000)
    bulk_create_with_history(rows["members"], GroupMember, batch_size=2000)
    bulk_create_with_history(rows["budget"], BudgetLine, batch_size=2000)
    bulk_create_with_history(rows["reports"], ProgressReport, batch_size=2000)
    with own_timestamps(_field(Beslispunt, "created_at")):
        beslispunten = bulk_create_with_history(rows["beslispunten"], Beslispunt, batch_size=1000)
    evaluations = bulk_create_with_history(rows["evaluations"], Evaluation, batch_size=1000)
    with own_timestamps(_field(ProjectEvent, "at")):
        ProjectEvent.objects.bulk_create(rows["events"], batch_size=2000)
    _agenda(specs, projects, plans, evaluations, beslispunten, meetings, reviewer, now)


def grow(*, projects: int, log=None) -> dict:
    """Add projects (and their requests) until there are `projects`; returns the row counts."""
    now = today()
    with transaction.atomic():
        people = _ensure_users()
        reviewer = people["reviewer"]
        _ensure_years(reviewer)
        meetings = _ensure_meetings()
    existing = Project.objects.count()
    while existing < projects:
        count = min(BATCH, projects - existing)
        with transaction.atomic():
            _add_batch(existing, count, people, meetings, reviewer, now)
        existing += count
        if log:
            log(f"  {existing} projects")
    return counts()


def counts() -> dict:
    models = [
        Organisation,
        User,
        ProjectRequest,
        Project,
        ProjectPlan,
        GroupMember,
        Indicator,
        Measurement,
        Milestone,
        BudgetLine,
        ProgressReport,
        Evaluation,
        Beslispunt,
        Meeting,
        AgendaItem,
        YearSettings,
    ]
    return {model.__name__: model.objects.count() for model in models}
