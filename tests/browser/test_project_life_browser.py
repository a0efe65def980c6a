"""The whole life of a project in the browser, as the people concerned live it.

The project comes out of the intake (test_intake_browser.py walks that part) staffed and in
preparation, with `platformlid` as projectleider and `dvo` as portefeuillehouder. Then:

1. the projectleider writes the plan (every section, an indicator, a milestone, a member of
   the projectgroep, a budget line, the dates) and submits it;
2. the regiocoördinator puts it on the agenda of a Platform IVZ meeting, which approves it,
   and then on the agenda of a DVO meeting, which approves it too: the project runs;
3. the projectleider writes and submits the progress report the project owes; the
   regiocoördinator marks it as discussed;
4. the projectleider starts the evaluation, answers the eleven questions and submits it; the
   Platform and then the DVO approve it: the project is completed.

axe-core finds no violation on any page of the walk, and the e-mails reach the people
concerned. Selectors use URLs, names and the seed's verbatim texts; the interface texts the
test expects are looked up in the Dutch catalogue, so the translation pass cannot break them.
"""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone, translation
from django.utils.formats import date_format
from playwright.sync_api import Page, expect

from intake.models import ProjectRequest
from platform_ivz.core.models import Meeting
from projects.formats import EVALUATION_QUESTIONS, PLAN_FORMAT
from projects.models import (
    AgendaItem,
    ApprovalStatus,
    Evaluation,
    Indicator,
    ProgressReport,
    Project,
    ProjectPlan,
)
from projects.services import assign_people
from tests.browser.helpers import assert_accessible
from tests.browser.intake_helpers import (
    open_from_navigation,
    sign_in_as,
    status_badge,
    werkvoorraad_section,
)
from tests.intake.scenario import request_in_status

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

Status = Project.Status
Body = Meeting.Body
Decision = AgendaItem.Decision

TITLE = "Aanpak ondermijning op vakantieparken"
PLAN_TEXTS = {name: f"Onze tekst voor {fmt.label.lower()}." for name, fmt in PLAN_FORMAT.items()}
INDICATOR = "Aantal gecontroleerde vakantieparken"
MILESTONE = "Convenant met de parkeigenaren getekend"
MEMBER = "Joost Mulder (Hengelo)"
BUDGET_LINE = "Inhuur projectondersteuning"
LOCATIONS = {Body.PLATFORM: "Stadhuis Hengelo", Body.DVO: "Stadhuis Enschede"}
ANSWERS = {
    key: f"Ons antwoord op vraag {number}."
    for number, (key, _q) in enumerate(EVALUATION_QUESTIONS, start=1)
}


# --- Texts as the Dutch user sees them ---------------------------------------------------


def nl(msgid: str, **params) -> str:
    with translation.override("nl"):
        text = translation.gettext(msgid)
    return text % params if params else text


def label(choice) -> str:
    with translation.override("nl"):
        return str(choice.label)


def long_date(day: datetime.date) -> str:
    with translation.override("nl"):
        return date_format(day, "j F Y")


def decision_subject(body, decision) -> str:
    return nl(
        "%(body)s decision on “%(title)s”: %(decision)s",
        body=label(body),
        title=TITLE,
        decision=label(decision).lower(),
    )


def accessible(page: Page) -> None:
    """axe-core on the page once it has loaded with its style sheets.

    After a click the URL changes before the new page's CSS has arrived; axe would then
    judge colours without the app's styles (white on white in the header).
    """
    page.wait_for_load_state("load")
    assert_accessible(page)


# --- The world -----------------------------------------------------------------------------


def staffed_project(users) -> Project:
    """Approved through the intake services and staffed: in preparation, ready for its plan."""
    request = request_in_status(
        ProjectRequest.Status.GOEDGEKEURD,
        indiener=users["platformlid"],
        reviewer=users["regiocoordinator"],
        title=TITLE,
    )
    project = Project.objects.get(request=request)
    project = assign_people(
        project=project,
        actor=users["regiocoordinator"],
        projectleider=users["platformlid"],
        portefeuillehouder=users["dvo"],
    )
    assert project.status == Status.IN_VOORBEREIDING
    return project


class Walk:
    """The state of the walk: the page, the server, the project, the mailbox."""

    def __init__(self, page: Page, live_server, project: Project, users, mailoutbox):
        self.page = page
        self.live_server = live_server
        self.project = project
        self.users = users
        self.mailoutbox = mailoutbox
        self.today = timezone.localdate()
        self.meetings: dict[str, Meeting] = {}

    @property
    def project_path(self) -> str:
        return f"/projecten/{self.project.pk}/"

    def url(self, path: str) -> str:
        return f"{self.live_server.url}{path}"

    def status(self) -> str:
        return Project.objects.get(pk=self.project.pk).status

    def open_project(self) -> None:
        self.page.goto(self.url(self.project_path))
        expect(self.page.get_by_role("heading", level=1)).to_have_text(TITLE)

    def expect_project_status(self, status) -> None:
        expect(status_badge(self.page)).to_have_text(label(status))
        assert self.status() == status

    def take_mail(self) -> list[tuple[str, str]]:
        """(recipient, subject) of every e-mail since the last call, and empty the box."""
        # The live server answers in another thread of this process: its mail lands here too.
        assert self.mailoutbox is mail.outbox
        sent = sorted((message.to[0], message.subject) for message in self.mailoutbox)
        assert all(len(message.to) == 1 for message in self.mailoutbox)
        self.mailoutbox.clear()
        return sent

    def email(self, username: str) -> str:
        return self.users[username].email


# --- 1. The projectleider writes the plan and submits it -----------------------------------


def fill_plan(page: Page, *, start: datetime.date, end: datetime.date) -> None:
    for name, text in PLAN_TEXTS.items():
        page.get_by_label(PLAN_FORMAT[name].label, exact=True).fill(text)
    page.locator("#id_meeting_frequency").fill("Eens per maand")
    page.locator("#id_project-start_date").fill(start.isoformat())
    page.locator("#id_project-end_date").fill(end.isoformat())

    page.locator("#id_indicators-0-name").fill(INDICATOR)
    page.locator("#id_indicators-0-unit").fill("parken")
    page.locator("#id_indicators-0-baseline").fill("0")
    page.locator("#id_indicators-0-target").fill("12")
    page.locator("#id_indicators-0-target_date").fill(end.isoformat())

    page.locator("#id_milestones-0-name").fill(MILESTONE)
    page.locator("#id_milestones-0-planned_date").fill((start + datetime.timedelta(90)).isoformat())

    page.locator("#id_group_members-0-user").select_option(label=MEMBER)
    page.locator("#id_group_members-0-function").select_option("secretaris")
    page.locator("#id_group_members-0-hours_per_week").fill("4")
    page.locator("#id_group_members-0-start_date").fill(start.isoformat())

    page.locator("#id_budget_lines-0-description").fill(BUDGET_LINE)
    page.locator("#id_budget_lines-0-funding_source").select_option("platform")
    page.locator("#id_budget_lines-0-year").fill(str(start.year))
    page.locator("#id_budget_lines-0-planned_amount").fill("12500")


def projectleider_writes_and_submits_the_plan(walk: Walk) -> None:
    page = walk.page
    sign_in_as(page, walk.live_server, "platformlid")
    mine = werkvoorraad_section(page, nl("My projects"))
    expect(mine).to_contain_text(label(Status.IN_VOORBEREIDING))
    mine.get_by_role("link", name=TITLE).click()
    expect(page).to_have_url(walk.url(walk.project_path))
    walk.expect_project_status(Status.IN_VOORBEREIDING)
    accessible(page)

    page.locator(f"main a[href='{walk.project_path}plan/bewerken/']").click()
    expect(page).to_have_url(walk.url(f"{walk.project_path}plan/bewerken/"))
    accessible(page)

    # An end date before the start date: refused, and everything written stays in the form.
    start, end = walk.today, walk.today + datetime.timedelta(days=365)
    fill_plan(page, start=start, end=start - datetime.timedelta(days=1))
    page.locator("button[name=save]").click()
    errors = page.locator("#form-errors")
    expect(errors).to_be_visible()
    expect(errors.locator("a[href='#id_project-end_date']")).to_be_visible()
    expect(page.locator("#id_project-end_date")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label(PLAN_FORMAT["doelstelling"].label, exact=True)).to_have_value(
        PLAN_TEXTS["doelstelling"]
    )
    expect(page.locator("#id_indicators-0-name")).to_have_value(INDICATOR)
    expect(page.locator("#id_budget_lines-0-description")).to_have_value(BUDGET_LINE)
    assert not ProjectPlan.objects.filter(project=walk.project).exists()
    accessible(page)

    errors.locator("a[href='#id_project-end_date']").click()
    expect(page.locator("#id_project-end_date")).to_be_focused()
    page.locator("#id_project-end_date").fill(end.isoformat())
    # The indicator's target date was typed as that wrong end date: before the start, refused too.
    page.locator("#id_indicators-0-target_date").fill(end.isoformat())
    page.locator("button[name=save]").click()

    expect(page).to_have_url(walk.url(f"{walk.project_path}plan/1/"))
    main = page.locator("main")
    for text in (PLAN_TEXTS["aanleiding"], PLAN_TEXTS["financien"], INDICATOR, MILESTONE):
        expect(main).to_contain_text(text)
    expect(main).to_contain_text("Joost Mulder")
    expect(main).to_contain_text(BUDGET_LINE)
    accessible(page)

    # What changed: version 1 has no earlier version to compare with, but the page answers.
    page.goto(walk.url(f"{walk.project_path}plan/1/wijzigingen/"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    accessible(page)

    walk.open_project()
    page.locator(f"main a[href='{walk.project_path}plan/indienen/']").click()
    expect(page).to_have_url(walk.url(f"{walk.project_path}plan/indienen/"))
    expect(page.get_by_role("alert")).to_have_count(0)  # nothing missing
    accessible(page)
    page.locator("main form button[type=submit]").click()

    expect(page).to_have_url(walk.url(walk.project_path))
    walk.expect_project_status(Status.TER_VASTSTELLING)
    accessible(page)
    plan = ProjectPlan.objects.get(project=walk.project)
    assert plan.status == ApprovalStatus.TER_VASTSTELLING
    assert plan.snapshot  # the rows as submitted are frozen with the version
    subject = nl("Project plan awaits the Platform agenda: %(title)s", title=TITLE)
    # The portefeuillehouder is told too (issue 14 item 11).
    assert walk.take_mail() == sorted(
        [
            (walk.email("regiocoordinator"), subject),
            (walk.email("voorzitter"), subject),
            (walk.email("dvo"), subject),
        ]
    )


# --- Meetings: the regiocoördinator keeps them and records the decisions -------------------


def create_meeting(walk: Walk, body) -> Meeting:
    page = walk.page
    open_from_navigation(page, nl("Meetings"))
    expect(page).to_have_url(walk.url("/vergaderingen/"))
    accessible(page)
    page.locator("main a[href='/vergaderingen/nieuw/']").click()
    accessible(page)
    page.locator(f"input[name=body][value={body}]").check()
    page.locator("input[name=date]").fill(walk.today.isoformat())
    page.locator("input[name=location]").fill(LOCATIONS[body])
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/vergaderingen/\d+/$"))
    accessible(page)
    meeting = Meeting.objects.get(pk=int(page.url.rstrip("/").rsplit("/", 1)[1]))
    assert (meeting.body, meeting.date) == (body, walk.today)
    walk.meetings[body] = meeting
    return meeting


def put_on_agenda_and_approve(walk: Walk, meeting: Meeting, kind) -> AgendaItem:
    """From the meeting's page: put the project's document on the agenda, then approve it."""
    page = walk.page
    meeting_url = walk.url(f"/vergaderingen/{meeting.pk}/")
    expect(page).to_have_url(meeting_url)
    page.locator(f"main a[href='/vergaderingen/{meeting.pk}/agenda/toevoegen/']").click()
    accessible(page)
    page.get_by_role("radio", name=TITLE).check()
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(meeting_url)
    expect(page.locator("#agenda-titel + *")).to_contain_text(TITLE)
    accessible(page)

    item = AgendaItem.objects.get(meeting=meeting, project=walk.project, decision=Decision.OPEN)
    assert item.kind == kind
    page.locator(f"a[href$='/agenda/{item.pk}/besluit/']").click()
    expect(page.locator("main")).to_contain_text(label(Body(meeting.body)))
    accessible(page)
    page.locator(f"input[name=decision][value={Decision.VASTGESTELD}]").check()
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#decision-outcome")).to_be_visible()  # what it will do: confirm
    accessible(page)
    page.locator("main form button[type=submit]:not([name])").click()
    expect(page).to_have_url(f"{meeting_url}#besluitenlijst-titel")
    besluitenlijst = page.locator("section", has=page.locator("#besluitenlijst-titel"))
    expect(besluitenlijst).to_contain_text(TITLE)
    expect(besluitenlijst).to_contain_text(label(Decision.VASTGESTELD))
    accessible(page)
    item.refresh_from_db()
    assert item.decision == Decision.VASTGESTELD
    assert item.decided_by == walk.users["regiocoordinator"]

    # The projectleider and the portefeuillehouder hear of it, each in their own e-mail.
    subject = decision_subject(Body(meeting.body), Decision.VASTGESTELD)
    decided = sorted([(walk.email("platformlid"), subject), (walk.email("dvo"), subject)])
    assert walk.take_mail() == decided
    return item


def expect_meeting_on_project_page(walk: Walk, meeting: Meeting) -> None:
    """The project page names the meeting and its date in its list of decisions."""
    section = walk.page.locator("section", has=walk.page.locator("#vergaderingen-titel"))
    link = section.locator(f"a[href='/vergaderingen/{meeting.pk}/']")
    expect(link).to_have_text(f"{label(Body(meeting.body))}, {long_date(meeting.date)}")


def approval_line(meeting: Meeting) -> str:
    return nl(
        "Approved by the %(body)s in its meeting of %(date)s",
        body=label(Body(meeting.body)),
        date=long_date(meeting.date),
    )


def platform_and_dvo_approve_the_plan(walk: Walk) -> None:
    page = walk.page
    sign_in_as(page, walk.live_server, "regiocoordinator")
    platform = create_meeting(walk, Body.PLATFORM)
    put_on_agenda_and_approve(walk, platform, AgendaItem.Kind.PLAN)

    walk.open_project()
    walk.expect_project_status(Status.AMBTELIJK_VASTGESTELD)
    expect_meeting_on_project_page(walk, platform)
    plan_section = page.locator("section", has=page.locator("#plan-titel"))
    expect(plan_section).to_contain_text(approval_line(platform))
    expect(plan_section).to_contain_text(LOCATIONS[Body.PLATFORM])
    accessible(page)

    dvo = create_meeting(walk, Body.DVO)
    put_on_agenda_and_approve(walk, dvo, AgendaItem.Kind.PLAN)

    walk.open_project()
    walk.expect_project_status(Status.IN_UITVOERING)
    expect_meeting_on_project_page(walk, dvo)
    # The version in force names both approvals, each with its meeting and date.
    plan_section = page.locator("section", has=page.locator("#plan-titel"))
    expect(plan_section.locator(f"a[href='{walk.project_path}plan/1/']").first).to_be_visible()
    for meeting in (platform, dvo):
        expect(plan_section).to_contain_text(approval_line(meeting))
        expect(plan_section).to_contain_text(LOCATIONS[Body(meeting.body)])
    accessible(page)

    plan_section.locator(f"a[href='{walk.project_path}plan/1/']").first.click()
    for meeting in (platform, dvo):
        expect(page.locator("main")).to_contain_text(approval_line(meeting))
    accessible(page)
    plan = ProjectPlan.objects.get(project=walk.project)
    assert plan.status == ApprovalStatus.VASTGESTELD
    assert (plan.platform_meeting, plan.dvo_meeting) == (platform, dvo)

    # Held today, both meetings still stand among the coming ones (the past starts tomorrow).
    page.goto(walk.url("/vergaderingen/"))
    for meeting in (platform, dvo):
        expect(page.locator(f"main a[href='/vergaderingen/{meeting.pk}/']")).to_be_visible()
    accessible(page)


# --- 3. A progress report, written and discussed -------------------------------------------


def projectleider_writes_a_progress_report(walk: Walk) -> ProgressReport:
    page = walk.page
    sign_in_as(page, walk.live_server, "platformlid")
    werkvoorraad_section(page, nl("My projects")).get_by_role("link", name=TITLE).click()
    walk.expect_project_status(Status.IN_UITVOERING)
    reports = page.locator("section", has=page.locator("#rapportages-titel"))
    expect(reports).to_be_visible()
    accessible(page)

    # A running project owes the report of the half year it is in; the projectleider finds
    # it among the project's reports even before the nightly run has created it.
    reports.locator(f"a[href='{walk.project_path}rapportages/']").click()
    expect(page).to_have_url(walk.url(f"{walk.project_path}rapportages/"))
    accessible(page)
    report = ProgressReport.objects.get(project=walk.project)
    assert report.period_start <= walk.today <= report.due_date
    edit_path = f"{walk.project_path}rapportages/{report.pk}/bewerken/"
    page.locator(f"main a[href='{edit_path}']").first.click()
    expect(page).to_have_url(walk.url(edit_path))
    accessible(page)

    page.locator("#id_status_overall_0").check()
    page.locator("#id_status_time_0").check()
    page.locator("#id_status_money_1").check()
    page.locator("#id_status_scope_0").check()
    page.locator("#id_progress_content").fill("Vier parken gecontroleerd, het convenant is rond.")
    page.locator("#id_progress_process").fill("De projectgroep komt maandelijks bijeen.")
    page.locator("#id_mijlpalen-0-status").select_option("gehaald")
    page.locator("#id_mijlpalen-0-actual_date").fill(walk.today.isoformat())
    indicator = Indicator.objects.get(project=walk.project)
    page.locator("#id_metingen-0-indicator").select_option(str(indicator.pk))
    page.locator("#id_metingen-0-value").fill("4")
    page.locator("#id_metingen-0-measured_on").fill(walk.today.isoformat())
    page.locator("#id_begroting-0-realised_amount").fill("3000")
    page.locator("button[name=submit]").click()

    expect(page).to_have_url(walk.url(f"{walk.project_path}rapportages/{report.pk}/indienen/"))
    accessible(page)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(walk.url(f"{walk.project_path}rapportages/{report.pk}/"))
    accessible(page)
    report.refresh_from_db()
    assert report.status == ProgressReport.Status.INGEDIEND
    assert report.measurements.get().value == 4
    subject = nl("Progress report submitted: %(title)s", title=TITLE)
    assert walk.take_mail() == [(walk.email("regiocoordinator"), subject)]
    return report


def regiocoordinator_discusses_the_report(walk: Walk, report: ProgressReport) -> None:
    page = walk.page
    sign_in_as(page, walk.live_server, "regiocoordinator")
    open_from_navigation(page, nl("Progress reports"))
    accessible(page)
    detail_path = f"{walk.project_path}rapportages/{report.pk}/"
    page.locator(f"main a[href='{detail_path}']").first.click()
    expect(page).to_have_url(walk.url(detail_path))
    accessible(page)
    page.locator("main a[href$='/besproken/']").click()
    accessible(page)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(walk.url(detail_path))
    accessible(page)
    report.refresh_from_db()
    assert report.status == ProgressReport.Status.BESPROKEN
    assert report.discussed_by == walk.users["regiocoordinator"]
    subject = nl("Progress report discussed: %(title)s", title=TITLE)
    assert walk.take_mail() == [(walk.email("platformlid"), subject)]

    walk.open_project()
    reports = page.locator("section", has=page.locator("#rapportages-titel"))
    expect(reports).to_contain_text(label(ProgressReport.Status.BESPROKEN))
    accessible(page)


# --- 4. The evaluation: written, then approved in both meetings ----------------------------


def projectleider_writes_the_evaluation(walk: Walk) -> None:
    page = walk.page
    sign_in_as(page, walk.live_server, "platformlid")
    walk.open_project()
    evaluation_section = page.locator("section", has=page.locator("#evaluatie-titel"))
    evaluation_section.locator(f"a[href='{walk.project_path}evaluatie/starten/']").click()
    expect(page).to_have_url(walk.url(f"{walk.project_path}evaluatie/starten/"))
    accessible(page)
    page.locator("main form button[type=submit]").click()  # the confirmation
    expect(page).to_have_url(walk.url(f"{walk.project_path}evaluatie/"))
    assert Project.objects.get(pk=walk.project.pk).status == Status.EVALUATIE
    accessible(page)
    subject = nl("Evaluation started: %(title)s", title=TITLE)
    assert walk.take_mail() == [(walk.email("dvo"), subject)]

    walk.open_project()
    walk.expect_project_status(Status.EVALUATIE)
    accessible(page)
    evaluation_section = page.locator("section", has=page.locator("#evaluatie-titel"))
    evaluation_section.locator(f"a[href='{walk.project_path}evaluatie/schrijven/']").click()
    expect(page).to_have_url(walk.url(f"{walk.project_path}evaluatie/schrijven/"))
    # What the system knows stands beside the questions: the plan's indicator and milestone.
    expect(page.locator("main")).to_contain_text(INDICATOR)
    expect(page.locator("main")).to_contain_text(MILESTONE)
    accessible(page)

    # The eleven questions of appendix 6, verbatim; one left open cannot be submitted.
    for key, question in EVALUATION_QUESTIONS:
        if key != "q11":
            page.get_by_label(question, exact=True).fill(ANSWERS[key])
    page.locator("button[name=submit]").click()
    expect(page.locator("#form-errors")).to_be_visible()
    expect(page.locator("#id_q11")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label(EVALUATION_QUESTIONS[0][1], exact=True)).to_have_value(ANSWERS["q1"])
    assert Project.objects.get(pk=walk.project.pk).status == Status.EVALUATIE
    accessible(page)

    page.get_by_label(EVALUATION_QUESTIONS[-1][1], exact=True).fill(ANSWERS["q11"])
    page.locator("button[name=save]").click()
    expect(page).to_have_url(walk.url(f"{walk.project_path}evaluatie/"))
    for answer in ANSWERS.values():
        expect(page.locator("main")).to_contain_text(answer)
    accessible(page)

    page.locator(f"main a[href='{walk.project_path}evaluatie/indienen/']").click()
    expect(page).to_have_url(walk.url(f"{walk.project_path}evaluatie/indienen/"))
    accessible(page)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(walk.url(f"{walk.project_path}evaluatie/"))
    accessible(page)
    walk.open_project()
    walk.expect_project_status(Status.EVALUATIE_TER_VASTSTELLING)
    accessible(page)
    subject = nl("Evaluation submitted: %(title)s", title=TITLE)
    assert walk.take_mail() == sorted(
        [(walk.email("regiocoordinator"), subject), (walk.email("voorzitter"), subject)]
    )


def platform_and_dvo_approve_the_evaluation(walk: Walk) -> None:
    page = walk.page
    sign_in_as(page, walk.live_server, "regiocoordinator")
    platform = walk.meetings[Body.PLATFORM]
    page.goto(walk.url(f"/vergaderingen/{platform.pk}/"))
    put_on_agenda_and_approve(walk, platform, AgendaItem.Kind.EVALUATION)
    walk.open_project()
    walk.expect_project_status(Status.EVALUATIE_AMBTELIJK_VASTGESTELD)
    accessible(page)

    dvo = walk.meetings[Body.DVO]
    page.goto(walk.url(f"/vergaderingen/{dvo.pk}/"))
    put_on_agenda_and_approve(walk, dvo, AgendaItem.Kind.EVALUATION)
    walk.open_project()
    walk.expect_project_status(Status.AFGEROND)
    evaluation_section = page.locator("section", has=page.locator("#evaluatie-titel"))
    expect(evaluation_section).to_contain_text(str(platform))
    expect(evaluation_section).to_contain_text(str(dvo))
    accessible(page)

    evaluation = Evaluation.objects.get(project=walk.project)
    assert evaluation.status == ApprovalStatus.VASTGESTELD
    assert (evaluation.platform_meeting, evaluation.dvo_meeting) == (platform, dvo)
    # Each meeting decided twice on this project: the plan, then the evaluation.
    decided = AgendaItem.objects.filter(project=walk.project, decision=Decision.VASTGESTELD)
    assert sorted(decided.values_list("meeting__body", "kind")) == sorted(
        [
            (Body.DVO, AgendaItem.Kind.EVALUATION),
            (Body.DVO, AgendaItem.Kind.PLAN),
            (Body.PLATFORM, AgendaItem.Kind.EVALUATION),
            (Body.PLATFORM, AgendaItem.Kind.PLAN),
        ]
    )


def the_portfolio_shows_the_completed_project(walk: Walk) -> None:
    page = walk.page
    sign_in_as(page, walk.live_server, "platformlid")
    open_from_navigation(page, nl("Projects"))
    expect(page).to_have_url(walk.url("/projecten/"))
    row = page.locator("main tr", has=page.get_by_role("link", name=TITLE))
    expect(row).to_contain_text(label(Status.AFGEROND))
    accessible(page)
    row.get_by_role("link", name=TITLE).click()
    walk.expect_project_status(Status.AFGEROND)
    accessible(page)


def test_a_project_lives_its_whole_life_in_the_browser(page, live_server, demo_users, mailoutbox):
    project = staffed_project(demo_users)
    mailoutbox.clear()  # the intake's e-mails; test_intake_browser.py checks those
    walk = Walk(page, live_server, project, demo_users, mailoutbox)

    projectleider_writes_and_submits_the_plan(walk)
    platform_and_dvo_approve_the_plan(walk)
    report = projectleider_writes_a_progress_report(walk)
    regiocoordinator_discusses_the_report(walk, report)
    projectleider_writes_the_evaluation(walk)
    platform_and_dvo_approve_the_evaluation(walk)
    the_portfolio_shows_the_completed_project(walk)
    assert walk.take_mail() == []
