"""No lost updates: two people (or two tabs) open the same edit form, both save; the second
save is refused with a Dutch explanation, keeps what that person typed, and changes nothing.

Every edit form of the app is listed in EDIT_FORMS; test_every_edit_form_is_covered fails
when a new view that edits an existing object is not. The forms are filled as a browser
does (tests/security/html_forms.py), from the demo data.
"""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from contributions.models import IncomeLine, MunicipalityYear, PartnerPledge, YearSettings
from intake.models import CriterionAssessment, ProjectRequest
from platform_ivz.core.models import Meeting, User
from platform_ivz.core.selectors import body_members
from projects.models import (
    AgendaItem,
    Attendance,
    Evaluation,
    ProgressReport,
    Project,
    ProjectPlan,
)
from reporting.models import ReportIntroduction
from tests.security.demo_world import demo_project
from tests.security.html_forms import main_form, post_forms
from tests.security.view_catalogue import FORM_VIEWS

pytestmark = pytest.mark.django_db

# Every Dutch conflict message says one of these.
CONFLICT_WORDS = ("iemand anders", "gewijzigd nadat u")


def signed_in(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


@dataclass
class EditForm:
    """One edit form: where it is, who edits it, which field the two people change."""

    url_name: str
    url: Callable[[], str]
    editors: tuple[str, str]
    field: Callable[[set[str]], str]  # the form's field names → the one to change
    stored: Callable[[], str]  # the value now in the database
    value: Callable[[str], str] = lambda who: f"Tekst van {who}"
    button: tuple[str, str] | None = None
    post_url: Callable[[], str] | None = None  # when the form posts elsewhere than its page

    def form(self, html: str):
        if self.post_url is None:
            return main_form(html)
        action = self.post_url()
        return next(form for form in post_forms(html) if form.action == action)


def named(suffix: str) -> Callable[[set[str]], str]:
    def pick(names: set[str]) -> str:
        matches = sorted(name for name in names if name == suffix or name.endswith(f"-{suffix}"))
        assert matches, f"no field {suffix} in {sorted(names)}"
        return matches[0]

    return pick


def concept_request() -> ProjectRequest:
    return ProjectRequest.objects.get(status="concept")


def submitted_request() -> ProjectRequest:
    return ProjectRequest.objects.filter(status="ingediend").order_by("pk").first()


def unstaffed() -> Project:
    return demo_project("te_bemensen")


def in_preparation() -> Project:
    return demo_project("in_voorbereiding")


def concept_report() -> ProgressReport:
    return ProgressReport.objects.filter(status="concept", project__status="in_uitvoering").first()


def evaluation_project() -> Project:
    return demo_project("evaluatie")


def future_meeting() -> Meeting:
    return Meeting.objects.order_by("-date").first()


def free_item() -> AgendaItem:
    """A free item of the meeting to come (demo data: its default agenda)."""
    return AgendaItem.objects.filter(meeting=future_meeting(), kind="free").order_by("order")[0]


def held_meeting() -> Meeting:
    """The last meeting held; its verslag is a concept in the demo data (projects/demo.py)."""
    return (
        Meeting.objects.filter(date__lte=timezone.localdate())
        .exclude(minutes__status="vastgesteld")
        .order_by("-date")[0]
    )


def held_item() -> AgendaItem:
    return AgendaItem.objects.filter(meeting=held_meeting(), kind="free").order_by("order")[0]


def first_member_field(names: set[str]) -> str:
    return sorted(name for name in names if name.startswith("member_"))[0]


def first_member_presence() -> str:
    members = body_members(held_meeting().body)
    first = sorted(f"member_{member.pk}" for member in members)[0]
    row = Attendance.objects.filter(
        meeting=held_meeting(), user_id=int(first.removeprefix("member_"))
    ).first()
    return row.presence if row else ""


def year() -> YearSettings:
    return YearSettings.objects.order_by("-year").first()


def income_line() -> IncomeLine:
    return IncomeLine.objects.order_by("-settings__year").first()


def introduction_text() -> str:
    introduction = ReportIntroduction.objects.filter(kind="jaarplan", year=year().year).first()
    return introduction.text if introduction else ""


EDIT_FORMS = [
    EditForm(
        "intake:edit",
        lambda: reverse("intake:edit", args=[concept_request().pk]),
        ("borne", "borne"),
        named("aanleiding"),
        lambda: concept_request().aanleiding,
    ),
    EditForm(
        "intake:screen",
        lambda: reverse("intake:screen", args=[submitted_request().pk]),
        ("voorzitter", "regiocoordinator"),
        named("primaat_oov_note"),
        lambda: (
            CriterionAssessment.objects.get(
                request=submitted_request(), criterion="primaat_oov"
            ).note
        ),
        button=("action", "save"),
    ),
    EditForm(
        "projects:assign",
        lambda: reverse("projects:assign", args=[unstaffed().pk]),
        ("voorzitter", "regiocoordinator"),
        named("projectleider"),
        lambda: str(unstaffed().projectleider_id),
        value=lambda who: str(
            User.objects.get(username={"voorzitter": "borne", "regiocoordinator": "almelo"}[who]).pk
        ),
    ),
    EditForm(
        "projects:theme",
        lambda: reverse("projects:theme", args=[unstaffed().pk]),
        ("voorzitter", "regiocoordinator"),
        named("theme"),
        lambda: unstaffed().theme,
        # Both differ from the demo project's theme (ondermijning), so each save changes it.
        value=lambda who: {"voorzitter": "informatievoorziening", "regiocoordinator": "overig"}[
            who
        ],
    ),
    EditForm(
        "projects:plan_edit",
        lambda: reverse("projects:plan_edit", args=[in_preparation().pk]),
        ("platformlid", "platformlid"),
        named("doelstelling"),
        lambda: ProjectPlan.objects.get(project=in_preparation()).doelstelling,
    ),
    EditForm(
        "projects:report_edit",
        lambda: reverse(
            "projects:report_edit", args=[concept_report().project_id, concept_report().pk]
        ),
        ("platformlid", "platformlid"),
        named("progress_content"),
        lambda: concept_report().progress_content,
    ),
    EditForm(
        "projects:evaluation_edit",
        lambda: reverse("projects:evaluation_edit", args=[evaluation_project().pk]),
        ("almelo", "almelo"),
        named("q1"),
        lambda: Evaluation.objects.get(project=evaluation_project()).q1,
    ),
    EditForm(
        "meetings:edit",
        lambda: reverse("meetings:edit", args=[future_meeting().pk]),
        ("voorzitter", "regiocoordinator"),
        named("location"),
        lambda: future_meeting().location,
    ),
    EditForm(
        "meetings:agenda_free_edit",
        lambda: reverse("meetings:agenda_free_edit", args=[future_meeting().pk, free_item().pk]),
        ("voorzitter", "regiocoordinator"),
        named("text"),
        lambda: free_item().text,
    ),
    EditForm(
        "meetings:agenda_minutes",
        lambda: reverse("meetings:agenda_minutes", args=[held_meeting().pk, held_item().pk]),
        ("voorzitter", "regiocoordinator"),
        named("note"),
        lambda: held_item().note,
    ),
    EditForm(
        "meetings:attendance",
        lambda: reverse("meetings:attendance", args=[held_meeting().pk]),
        ("voorzitter", "regiocoordinator"),
        first_member_field,
        first_member_presence,
        value=lambda who: {"voorzitter": "absent", "regiocoordinator": "excused"}[who],
    ),
    EditForm(
        "contributions:settings_edit",
        lambda: reverse("contributions:settings_edit", args=[year().year]),
        ("regiocoordinator", "beheerder"),
        named("tariff_per_inhabitant"),
        lambda: f"{year().tariff_per_inhabitant:.2f}",
        value=lambda who: {"regiocoordinator": "0.31", "beheerder": "0.32"}[who],
    ),
    EditForm(
        "contributions:municipalities_edit",
        lambda: reverse("contributions:municipalities_edit", args=[year().year]),
        ("regiocoordinator", "beheerder"),
        named("0-population"),
        lambda: str(
            MunicipalityYear.objects.filter(settings=year())
            .order_by("organisation__name")
            .first()
            .population
        ),
        value=lambda who: {"regiocoordinator": "40001", "beheerder": "40002"}[who],
    ),
    EditForm(
        "contributions:partners_edit",
        lambda: reverse("contributions:partners_edit", args=[year().year]),
        ("regiocoordinator", "beheerder"),
        named("0-contact_name"),
        lambda: (
            PartnerPledge.objects.filter(settings=year())
            .order_by("organisation__name")
            .first()
            .contact_name
        ),
    ),
    EditForm(
        "contributions:income_edit",
        lambda: reverse(
            "contributions:income_edit", args=[income_line().settings.year, income_line().pk]
        ),
        ("regiocoordinator", "beheerder"),
        named("description"),
        lambda: income_line().description,
    ),
    EditForm(
        "reporting:introduction",
        lambda: reverse("reporting:report", args=["jaarplan", year().year]),
        ("regiocoordinator", "regiocoordinator"),
        named("text"),
        introduction_text,
        post_url=lambda: reverse("reporting:introduction", args=["jaarplan", year().year]),
    ),
]

# Views that change an existing object through a form but are not "edit forms" in this
# sense: one-click steps (guarded by row locks, see test_concurrency.py), deletions,
# additions that create a new row, and the agenda's order.
NOT_EDIT_FORMS = {
    "intake:create",
    "intake:transition",
    "intake:attachment_delete",
    "projects:plan_submit",
    "projects:plan_amend",
    "projects:report_submit",
    "projects:report_acknowledge",
    "projects:beslispunt_create",
    "projects:evaluation_start",
    "projects:evaluation_submit",
    "meetings:create",
    "meetings:delete",
    "meetings:agenda_add",
    "meetings:agenda_move",
    "meetings:agenda_remove",
    "meetings:agenda_decide",
    # Marking an action done happens once (a second post is told so); sending the agenda is
    # refused when someone sent it in between; the calendar address is made anew each time.
    "meetings:action_add",
    "meetings:action_done",
    "meetings:agenda_send",
    "meetings:calendar",
    "meetings:calendar_revoke",
    "meetings:agenda_free_add",
    "meetings:agenda_add_minutes",
    "meetings:minutes_adopt",
    "contributions:year_create",
    "contributions:income_create",
    "contributions:income_delete",
    "reporting:generate",
    "reporting:meeting_papers_generate",
    "reporting:finalise",
}


def errors_of(response) -> str:
    """The form errors of a refused save, for the assertion message."""
    found = []
    for context in response.context or []:
        for value in context.flatten().values():
            errors = getattr(value, "errors", None)
            if errors and not callable(errors):
                found.append(repr(errors))
            non_form = getattr(value, "non_form_errors", None)
            if callable(non_form) and non_form():
                found.append(repr(non_form()))
    return f"{response.status_code}: {'; '.join(dict.fromkeys(found))[:3000]}"


def test_every_edit_form_is_covered():
    covered = {form.url_name for form in EDIT_FORMS} | NOT_EDIT_FORMS
    apps = {"intake", "projects", "meetings", "contributions", "reporting"}
    edit_like = {name for name in FORM_VIEWS if name.split(":")[0] in apps}
    assert edit_like - covered == set(), "add these edit forms to EDIT_FORMS or NOT_EDIT_FORMS"


@pytest.mark.parametrize("edit", EDIT_FORMS, ids=lambda edit: edit.url_name)
def test_the_second_save_of_stale_data_is_refused(world, edit):
    first, second = (signed_in(name) for name in edit.editors)
    url = edit.url()
    first_form = edit.form(first.get(url).content.decode())
    second_form = edit.form(second.get(url).content.decode())
    post_url = edit.post_url() if edit.post_url else url
    name = edit.field(first_form.names)
    mine, theirs = edit.value(edit.editors[0]), edit.value(edit.editors[1])
    if mine == theirs:
        mine, theirs = f"{mine} (eerste)", f"{theirs} (tweede)"

    saved = first.post(post_url, first_form.data(edit.button, **{name: mine}))
    assert saved.status_code == 302, errors_of(saved)
    assert edit.stored() == mine

    refused = second.post(post_url, second_form.data(edit.button, **{name: theirs}))
    assert refused.status_code in (400, 409), refused.status_code
    page = refused.content.decode()
    assert any(words in page.lower() for words in CONFLICT_WORDS), errors_of(refused)
    assert edit.stored() == mine, "the stale save overwrote the first one"
    # What the second person typed is still in the form, ready to save again.
    kept = edit.form(page).data()
    assert kept[name] == [theirs]
    again = second.post(post_url, edit.form(page).data(edit.button))
    assert again.status_code == 302, errors_of(again)
    assert edit.stored() == theirs


def test_a_reviewer_whose_screening_page_went_stale_is_told_someone_else_decided(world):
    request = submitted_request()
    url = reverse("intake:screen", args=[request.pk])
    first, second = signed_in("voorzitter"), signed_in("regiocoordinator")
    first_form = main_form(first.get(url).content.decode())
    second_form = main_form(second.get(url).content.decode())
    criteria = {name: "yes" for name in first_form.names if name.endswith("_met")}
    approve = first_form.data(
        ("action", "approve"), motivation="Akkoord.", confirmed="1", **criteria
    )
    assert first.post(url, approve).status_code == 302
    refused = second.post(
        url,
        second_form.data(("action", "reject"), motivation="Nee.", confirmed="1", **criteria),
    )
    assert refused.status_code == 403
    assert "Iemand anders was u voor" in refused.content.decode()
    request.refresh_from_db()
    assert request.status == "goedgekeurd"
    assert request.events.filter(transition="reject").count() == 0


def test_a_second_click_on_a_step_already_taken_says_why_it_is_refused(world):
    request = concept_request()
    client = signed_in("borne")
    url = reverse("intake:transition", args=[request.pk, "withdraw"])
    assert client.post(url, {"note": ""}).status_code == 302
    again = client.post(url, {"note": ""})
    assert again.status_code == 403
    assert "Misschien heeft iemand anders hem al gezet" in again.content.decode()
    assert request.events.filter(transition="withdraw").count() == 1
