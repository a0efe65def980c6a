"""The plan's pages: writing without JavaScript, conflicts, submission, amendments, versions,
escaping and query counts."""

import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from platform_ivz.core.roles import Role
from projects.formats import PLAN_FORMAT, PLAN_INTRODUCTION
from projects.meetings.services import record_decision
from projects.models import ApprovalStatus, GroupMember, Indicator, Milestone, ProjectPlan
from projects.plans import services as plan_services
from projects.plans.views import CONFLICT_MESSAGE
from tests.factories import (
    AgendaItemFactory,
    BudgetLineFactory,
    GroupMemberFactory,
    IndicatorFactory,
    MeasurementFactory,
    MeetingFactory,
    MilestoneFactory,
    OrganisationFactory,
    PartnerFactory,
    UserFactory,
    user_with_role,
)
from tests.projects.plans.scenario import (
    END,
    START,
    approved_plan,
    complete,
    edit_url,
    make_project,
    page_data,
)

pytestmark = pytest.mark.django_db

XSS = "<script>alert(1)</script>"


def indicator_row(prefix_index, name="Inbraken", target="90"):
    return {
        f"indicators-{prefix_index}-name": name,
        f"indicators-{prefix_index}-unit": "aantal",
        f"indicators-{prefix_index}-target": target,
    }


# Writing the plan.


def test_edit_page_shows_every_section_verbatim(client, project, leader):
    client.force_login(leader)
    response = client.get(edit_url(project))
    content = response.content.decode()
    assert response.status_code == 200
    assert escape(PLAN_INTRODUCTION) in content
    # In the form (the approved request beside it uses some of the same labels).
    form = content.index(f'action="{edit_url(project)}"')
    positions = [content.index(escape(fmt.label), form) for fmt in PLAN_FORMAT.values()]
    assert positions == sorted(positions)  # the seed's order
    for fmt in PLAN_FORMAT.values():
        for question in fmt.questions:
            assert escape(question) in content
        assert escape(fmt.intro) in content
    for prefix in ("indicators", "milestones", "group_members", "budget_lines"):
        assert f'name="{prefix}-TOTAL_FORMS"' in content
        assert "<template data-formset-template>" in content
    assert 'name="project-start_date"' in content
    assert 'name="meeting_frequency"' in content
    assert not ProjectPlan.objects.exists()  # looking creates nothing


def test_first_save_by_plain_post_creates_plan_and_rows(client, project, leader):
    client.force_login(leader)
    person = UserFactory(organisation=OrganisationFactory(name="Almelo"))
    data = page_data(client, project)
    data.update(
        {
            "aanleiding": "Veel inbraken in de regio.",
            "meeting_frequency": "Elke maand",
            "project-start_date": "2026-04-01",
            "project-end_date": "2027-03-31",
            **indicator_row(0),
            "milestones-0-name": "Start",
            "milestones-0-planned_date": "2026-05-01",
            "milestones-0-status": "gepland",
            "group_members-0-user": str(person.pk),
            "group_members-0-function": "secretaris",
            "group_members-0-hours_per_week": "4",
            "group_members-0-start_date": "2026-04-01",
            "group_members-1-name": "Externe deskundige",
            "group_members-1-organisation": str(PartnerFactory().pk),
            "group_members-1-function": "expert",
            "group_members-1-hours_per_week": "1.5",
            "group_members-1-start_date": "2026-04-01",
            "budget_lines-0-description": "Campagne",
            "budget_lines-0-funding_source": "subsidie",
            "budget_lines-0-year": "2026",
            "budget_lines-0-planned_amount": "2500.00",
            "save": "1",
        }
    )
    response = client.post(edit_url(project), data)
    assert response.status_code == 302
    plan = ProjectPlan.objects.get(project=project)
    assert response.url == reverse("projects:plan_detail", args=[project.pk, 1])
    assert plan.aanleiding == "Veel inbraken in de regio."
    project.refresh_from_db()
    assert project.start_date == START
    assert project.indicators.get().target == Decimal(90)
    assert project.milestones.get().name == "Start"
    assert project.group_members.get(user=person).organisation.name == "Almelo"
    assert project.group_members.get(name="Externe deskundige").hours_per_week == Decimal("1.5")
    assert project.budget_lines.get().planned_amount == Decimal(2500)


def test_rows_are_changed_and_removed_without_javascript(client, project, leader):
    draft, _created = plan_services.get_or_create_draft_plan(project=project, actor=leader)
    keep = IndicatorFactory(project=project, name="Oud", target=10)
    drop = MilestoneFactory(project=project, name="Weg", planned_date=START)
    client.force_login(leader)
    data = page_data(client, project)
    data["indicators-0-name"] = "Nieuw"
    data["milestones-0-DELETE"] = "on"
    response = client.post(edit_url(project), {**data, "continue": "1"})
    assert response.status_code == 302
    assert response.url == edit_url(project)
    keep.refresh_from_db()
    assert keep.name == "Nieuw"
    assert not Milestone.objects.filter(pk=drop.pk).exists()


def test_save_and_add_rows(client, project, leader):
    client.force_login(leader)
    IndicatorFactory(project=project)
    data = page_data(client, project)
    response = client.post(edit_url(project), {**data, "add_rows": "indicators"})
    assert response.status_code == 302
    assert response.url.endswith("?extra=5")
    page = client.get(response.url).context["page"]
    assert len(page.formsets["indicators"].forms) == 1 + 5
    assert len(page.formsets["milestones"].forms) == 5


def test_invalid_rows_are_refused_and_nothing_typed_is_lost(client, project, leader):
    client.force_login(leader)
    data = page_data(client, project)
    data.update(
        {
            "aanleiding": "Tekst die niet verloren mag gaan",
            "indicators-0-name": "Zonder streefwaarde",
            "group_members-0-hours_per_week": "3",
            "group_members-0-start_date": "2026-04-01",
            "project-start_date": "2027-01-01",
            "project-end_date": "2026-01-01",
        }
    )
    response = client.post(edit_url(project), data)
    content = response.content.decode()
    assert response.status_code == 400
    assert "Tekst die niet verloren mag gaan" in content
    assert 'value="Zonder streefwaarde"' in content
    assert 'id="form-errors"' in content
    assert 'href="#id_indicators-0-target"' in content
    assert 'href="#id_group_members-0-user"' in content
    assert 'href="#id_project-end_date"' in content
    assert 'aria-invalid="true"' in content
    assert not ProjectPlan.objects.exists()
    assert not Indicator.objects.exists()


def test_concurrent_edits_second_save_refused(client, project, leader):
    draft, _created = plan_services.get_or_create_draft_plan(project=project, actor=leader)
    client.force_login(leader)
    first = page_data(client, project)
    second = page_data(client, project)
    first["aanleiding"] = "Eerste versie"
    second["aanleiding"] = "Tweede versie"
    assert client.post(edit_url(project), first).status_code == 302
    response = client.post(edit_url(project), second)
    content = response.content.decode()
    assert response.status_code == 400
    with translation.override("nl"):
        assert escape(str(CONFLICT_MESSAGE)) in content
    assert "Tweede versie" in content
    draft.refresh_from_db()
    assert draft.aanleiding == "Eerste versie"
    # The form now carries the current version: saving again is a deliberate overwrite.
    assert f'name="version" value="{draft.version}"' in content


def test_stale_first_save_conflicts(client, project, leader):
    client.force_login(leader)
    first = page_data(client, project)
    second = page_data(client, project)
    assert client.post(edit_url(project), first).status_code == 302
    assert client.post(edit_url(project), second).status_code == 400


# Submitting.


def test_submit_page_lists_what_is_missing(client, project, leader):
    plan_services.get_or_create_draft_plan(project=project, actor=leader)
    client.force_login(leader)
    url = reverse("projects:plan_submit", args=[project.pk])
    response = client.get(url)
    content = response.content.decode()
    assert response.status_code == 200
    # The texts came from the request; the indicators and the period are still to write.
    assert escape(PLAN_FORMAT["projectresultaat"].label) not in content
    assert f'href="{edit_url(project)}#indicators"' in content
    assert f'href="{edit_url(project)}#id_project-start_date"' in content
    assert 'name="note"' not in content
    response = client.post(url, {"note": ""})
    assert response.status_code == 400
    project.refresh_from_db()
    assert project.status == "in_voorbereiding"


def test_submit_without_a_plan_sends_to_the_edit_page(client, project, leader):
    client.force_login(leader)
    response = client.get(reverse("projects:plan_submit", args=[project.pk]))
    assert response.status_code == 302
    assert response.url == edit_url(project)


def test_save_and_submit_leads_to_the_confirmation(client, project, leader):
    client.force_login(leader)
    data = page_data(client, project)
    response = client.post(edit_url(project), {**data, "submit": "1"})
    assert response.url == reverse("projects:plan_submit", args=[project.pk])


def test_submit_by_the_leader(
    client, project, leader, voorzitter, mailoutbox, django_capture_on_commit_callbacks
):
    draft, _created = plan_services.get_or_create_draft_plan(project=project, actor=leader)
    complete(project, draft)
    client.force_login(leader)
    url = reverse("projects:plan_submit", args=[project.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"note": "Graag"})
    assert response.status_code == 302
    project.refresh_from_db()
    draft.refresh_from_db()
    assert project.status == "ter_vaststelling"
    assert draft.status == ApprovalStatus.TER_VASTSTELLING
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [voorzitter.email, project.portefeuillehouder.email]
    )
    page = client.get(project.get_absolute_url()).content.decode()
    assert 'id="plan-titel"' in page
    assert reverse("projects:plan_detail", args=[project.pk, 1]) in page
    assert reverse("projects:plan_edit", args=[project.pk]) not in page


def test_submitted_version_keeps_the_old_rows(client, project, leader):
    draft, _created = plan_services.get_or_create_draft_plan(project=project, actor=leader)
    complete(project, draft)
    plan_services.submit_plan(plan=draft, actor=leader)
    Indicator.objects.filter(project=project).update(name="Later veranderd")
    client.force_login(leader)
    content = client.get(reverse("projects:plan_detail", args=[project.pk, 1])).content.decode()
    assert "Aantal woninginbraken" in content
    assert "Later veranderd" not in content


# Amendments.


def test_amendment_through_the_pages_keeps_the_project_running(client, running, leader):
    client.force_login(leader)
    amend_url = reverse("projects:plan_amend", args=[running.pk])
    assert client.get(amend_url).status_code == 200
    response = client.post(amend_url, {"change_summary": "Een extra mijlpaal"})
    assert response.status_code == 302
    assert response.url == edit_url(running)
    data = page_data(client, running)
    assert data["change_summary"] == "Een extra mijlpaal"
    assert data["aanleiding"] == "De oorspronkelijke aanleiding."
    data.update(
        {
            "aanleiding": "Een nieuwe aanleiding",
            "milestones-1-name": "Tussenevaluatie",
            "milestones-1-planned_date": "2026-10-01",
            "milestones-1-status": "gepland",
        }
    )
    assert client.post(edit_url(running), data).status_code == 302
    response = client.post(reverse("projects:plan_submit", args=[running.pk]), {"note": ""})
    assert response.status_code == 302
    running.refresh_from_db()
    assert running.status == "in_uitvoering"
    amendment = ProjectPlan.objects.get(project=running, number=2)
    assert amendment.status == ApprovalStatus.TER_VASTSTELLING
    assert len(amendment.snapshot["milestones"]) == 2
    # A second amendment waits for the decision on this one.
    response = client.post(amend_url, {"change_summary": "Nog een"})
    assert response.status_code == 400
    assert ProjectPlan.objects.filter(project=running).count() == 2
    changes = client.get(reverse("projects:plan_changes", args=[running.pk, 2]))
    content = changes.content.decode()
    assert changes.status_code == 200
    assert "Tussenevaluatie" in content
    assert "<ins" in content and "<del" in content
    assert "oorspronkelijke" in content


def test_project_page_shows_version_in_force_and_open_amendment(client, running, leader):
    plan_services.propose_amendment(project=running, actor=leader, change_summary="Later")
    client.force_login(leader)
    content = client.get(running.get_absolute_url()).content.decode()
    assert reverse("projects:plan_detail", args=[running.pk, 1]) in content
    assert reverse("projects:plan_detail", args=[running.pk, 2]) in content
    assert reverse("projects:plan_changes", args=[running.pk, 2]) in content
    assert reverse("projects:plan_edit", args=[running.pk]) in content
    assert reverse("projects:plan_submit", args=[running.pk]) in content
    assert "3 februari 2026" in content and "10 maart 2026" in content


def test_plan_detail_shows_approvals_and_versions(client, running, leader):
    plan_services.propose_amendment(project=running, actor=leader, change_summary="Later")
    client.force_login(leader)
    content = client.get(reverse("projects:plan_detail", args=[running.pk, 1])).content.decode()
    assert "3 februari 2026" in content and "10 maart 2026" in content
    assert reverse("projects:plan_detail", args=[running.pk, 2]) in content
    assert "Aantal woninginbraken" in content


def _version_row(content: str, number: int) -> list[str]:
    """The cells (status, submitted, Platform, DVO, in force) of a row of the versions table."""
    table = content[content.index('id="versies-titel"') :]
    row = table[table.index(f'/plan/{number}/"') :]
    row = row[: row.index("</tr>")]
    cells = row.split("<td>")[1:]
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", cell)).strip() for cell in cells]


@pytest.mark.parametrize("returned_by", ["platform", "dvo"])
def test_the_versions_table_says_when_and_where_a_version_was_returned(
    client, project, leader, frozen_time, returned_by
):
    voorzitter = user_with_role(Role.VOORZITTER, "Oldenzaal", username="t_voorzitter")
    draft, _created = plan_services.get_or_create_draft_plan(project=project, actor=leader)
    plan = complete(project, draft)
    plan = plan_services.submit_plan(plan=plan, actor=leader)
    platform = MeetingFactory(body="platform", date=datetime.date(2026, 3, 5))
    dvo = MeetingFactory(body="dvo", date=datetime.date(2026, 3, 12))
    frozen_time.move_to(datetime.datetime(2026, 3, 20, 9, 0, tzinfo=datetime.UTC))
    first = AgendaItemFactory(meeting=platform, plan=plan)
    if returned_by == "platform":
        record_decision(item=first, actor=voorzitter, decision="terug", remarks="Scherper.")
    else:
        record_decision(item=first, actor=voorzitter, decision="vastgesteld")
        second = AgendaItemFactory(meeting=dvo, plan=plan)
        record_decision(item=second, actor=voorzitter, decision="terug", remarks="Scherper.")
    client.force_login(leader)
    with translation.override("nl"):
        content = client.get(reverse("projects:plan_detail", args=[project.pk, 2])).content
        returned = client.get(reverse("projects:plan_detail", args=[project.pk, 1])).content
    status, _submitted, platform_cell, dvo_cell, _in_force = _version_row(content.decode(), 1)
    assert status == "Teruggestuurd met opmerkingen"
    if returned_by == "platform":
        assert platform_cell == "5 maart 2026, terug met opmerkingen"
        assert dvo_cell == "—"
        said = "door het Platform IVZ in zijn vergadering van 5 maart 2026"
    else:
        assert platform_cell == "5 maart 2026"
        assert dvo_cell == "12 maart 2026, terug met opmerkingen"
        said = "door het DVO Twente in zijn vergadering van 12 maart 2026"
    # The returned version's own page says it too, beside the approvals.
    assert f"Teruggestuurd met opmerkingen {said}" in returned.decode()


def test_first_version_has_nothing_to_compare(client, running, leader):
    client.force_login(leader)
    response = client.get(reverse("projects:plan_changes", args=[running.pk, 1]))
    assert response.status_code == 200
    assert response.context["comparison"] is None


def test_unknown_version_is_404(client, running, leader):
    client.force_login(leader)
    assert client.get(reverse("projects:plan_detail", args=[running.pk, 9])).status_code == 404
    assert client.get(reverse("projects:plan_changes", args=[running.pk, 9])).status_code == 404


# Escaping.


def test_user_text_is_escaped_everywhere(client, running, leader):
    GroupMemberFactory(
        project=running, user=None, name=XSS, organisation=PartnerFactory(), start_date=START
    )
    Indicator.objects.filter(project=running).update(name=XSS)
    plan = plan_services.propose_amendment(project=running, actor=leader, change_summary=XSS)
    plan.aanleiding = f"Nieuw {XSS}"
    plan.meeting_frequency = XSS
    plan.save()
    client.force_login(leader)
    for url in (
        reverse("projects:plan_detail", args=[running.pk, 2]),
        reverse("projects:plan_changes", args=[running.pk, 2]),
        edit_url(running),
        running.get_absolute_url(),
    ):
        content = client.get(url).content.decode()
        assert XSS not in content, url
    for url in (
        reverse("projects:plan_detail", args=[running.pk, 2]),
        reverse("projects:plan_changes", args=[running.pk, 2]),
    ):
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in client.get(url).content.decode()


# Query counts do not grow with the number of rows.


def fill(project, count):
    other = OrganisationFactory(name="Wierden")
    for n in range(count):
        IndicatorFactory(project=project, name=f"Indicator {n}", target=n)
        MilestoneFactory(project=project, name=f"Mijlpaal {n}", planned_date=START)
        GroupMemberFactory(
            project=project,
            user=UserFactory(organisation=other),
            organisation=other,
            start_date=START,
        )
        BudgetLineFactory(project=project, description=f"Post {n}", year=2026)


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.fixture
def two_projects(leader, holder):
    small = make_project(leader, holder)
    large = make_project(leader, holder)
    fill(small, 2)
    fill(large, 15)
    for project in (small, large):
        plan_services.get_or_create_draft_plan(project=project, actor=leader)
    return small, large


@pytest.mark.parametrize("page", ["edit", "detail", "project"])
def test_queries_independent_of_rows_for_a_concept(client, leader, two_projects, page):
    client.force_login(leader)
    urls = {
        "edit": lambda p: edit_url(p),
        "detail": lambda p: reverse("projects:plan_detail", args=[p.pk, 1]),
        "project": lambda p: p.get_absolute_url(),
    }
    small, large = two_projects
    count_queries(client, urls[page](small))  # warm up the session
    assert count_queries(client, urls[page](small)) == count_queries(client, urls[page](large))


@pytest.mark.parametrize("page", ["detail", "changes"])
def test_queries_independent_of_rows_for_frozen_versions(client, leader, holder, page):
    counts = []
    client.force_login(leader)
    for size in (2, 15):
        project = make_project(leader, holder, status="in_uitvoering")
        project.start_date, project.end_date = START, END
        project.save()
        fill(project, size)
        approved_plan(project, leader)
        plan = plan_services.propose_amendment(project=project, actor=leader, change_summary="x")
        Indicator.objects.filter(project=project).update(target=7)
        plan_services.submit_plan(plan=plan, actor=leader)
        name = "projects:plan_detail" if page == "detail" else "projects:plan_changes"
        url = reverse(name, args=[project.pk, 2])
        count_queries(client, url)
        counts.append(count_queries(client, url))
    assert counts[0] == counts[1]


# Who may do what.

USERS = [
    "voorzitter",
    "regiocoordinator",
    "platformlid",
    "dvo_lid",
    "beheerder",
    "leader",
    "holder",
    "member",
    "outsider",
]
SEES_CONFIDENTIAL = {"voorzitter", "regiocoordinator", "dvo_lid", "leader", "holder", "member"}


@pytest.fixture
def matrix(request, leader, holder):
    def build(vertrouwelijk):
        prepared = make_project(leader, holder, vertrouwelijk=vertrouwelijk)
        draft, _created = plan_services.get_or_create_draft_plan(project=prepared, actor=leader)
        complete(prepared, draft)
        running = make_project(leader, holder, status="in_uitvoering", vertrouwelijk=vertrouwelijk)
        approved_plan(running, leader)
        member = user_with_role(Role.PLATFORMLID, "Oldenzaal", username="t_lid")
        for project in (prepared, running):
            GroupMemberFactory(project=project, user=member, start_date=START)
        return prepared, running

    return build


def user_for(request, who):
    if who == "outsider":
        return user_with_role(Role.PLATFORMLID, "Tubbergen", username="t_buiten")
    if who == "member":
        return user_with_role(Role.PLATFORMLID, "Oldenzaal", username="t_lid")
    return request.getfixturevalue(who)


URLS = {
    # name: (which project, url name, extra args)
    "edit": ("prepared", "projects:plan_edit", []),
    "submit": ("prepared", "projects:plan_submit", []),
    "amend": ("running", "projects:plan_amend", []),
    "detail": ("running", "projects:plan_detail", [1]),
    "changes": ("running", "projects:plan_changes", [1]),
}


def expected_status(page, who, vertrouwelijk):
    if vertrouwelijk and who not in SEES_CONFIDENTIAL:
        return 404
    if page in ("detail", "changes"):
        return 200
    return 200 if who == "leader" else 403


@pytest.mark.parametrize("vertrouwelijk", [False, True], ids=["open", "vertrouwelijk"])
@pytest.mark.parametrize("page", list(URLS))
@pytest.mark.parametrize("who", USERS)
def test_permission_matrix(request, client, matrix, page, who, vertrouwelijk):
    prepared, running = matrix(vertrouwelijk)
    which, name, extra = URLS[page]
    project = prepared if which == "prepared" else running
    url = reverse(name, args=[project.pk, *extra])
    client.force_login(user_for(request, who))
    assert client.get(url).status_code == expected_status(page, who, vertrouwelijk)


@pytest.mark.parametrize("page", list(URLS))
def test_anonymous_is_sent_to_sign_in(client, matrix, page):
    prepared, running = matrix(False)
    which, name, extra = URLS[page]
    project = prepared if which == "prepared" else running
    response = client.get(reverse(name, args=[project.pk, *extra]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("vertrouwelijk", [False, True], ids=["open", "vertrouwelijk"])
@pytest.mark.parametrize("who", USERS)
def test_submit_transition_per_role(request, client, matrix, who, vertrouwelijk):
    prepared, _running = matrix(vertrouwelijk)
    client.force_login(user_for(request, who))
    response = client.post(reverse("projects:plan_submit", args=[prepared.pk]), {"note": ""})
    prepared.refresh_from_db()
    if who == "leader":
        assert response.status_code == 302
        assert prepared.status == "ter_vaststelling"
    else:
        assert response.status_code == expected_status("submit", who, vertrouwelijk)
        assert prepared.status == "in_voorbereiding"


@pytest.mark.parametrize("who", USERS)
def test_edit_and_amend_posts_per_role(request, client, matrix, who):
    prepared, running = matrix(True)
    client.force_login(user_for(request, who))
    edit = client.post(edit_url(prepared), {"aanleiding": "Gekaapt", "version": "1"})
    amend = client.post(
        reverse("projects:plan_amend", args=[running.pk]), {"change_summary": "Gekaapt"}
    )
    if who == "leader":
        assert edit.status_code == 400  # incomplete post: management forms missing
        assert amend.status_code == 302
    else:
        assert edit.status_code == expected_status("edit", who, True)
        assert amend.status_code == expected_status("amend", who, True)
        assert not ProjectPlan.objects.filter(aanleiding="Gekaapt").exists()
        assert ProjectPlan.objects.filter(project=running).count() == 1


def test_confidential_project_page_shows_nothing_of_the_plan(client, matrix):
    _prepared, running = matrix(True)
    client.force_login(user_with_role(Role.PLATFORMLID, "Tubbergen", username="t_buiten"))
    content = client.get(running.get_absolute_url()).content.decode()
    assert "plan-titel" not in content
    assert reverse("projects:plan_detail", args=[running.pk, 1]) not in content


def test_group_member_rows_keep_their_organisation_choice(client, project, leader):
    plan_services.get_or_create_draft_plan(project=project, actor=leader)
    member = GroupMemberFactory(project=project, start_date=START)
    member.user.is_active = False
    member.user.save()
    client.force_login(leader)
    data = page_data(client, project)
    assert data["group_members-0-user"] == str(member.user_id)
    assert client.post(edit_url(project), data).status_code == 302
    assert GroupMember.objects.get(pk=member.pk).user_id == member.user_id


# The plan starts from the request (issue 14 item 9).


def test_the_first_version_starts_from_the_approved_request(client, project, leader):
    request = project.request
    request.aanleiding = "Veel inbraken in de kanaalzone."
    request.risicos = "Te weinig capaciteit bij de politie."
    request.save()
    client.force_login(leader)
    content = client.get(edit_url(project)).content.decode()
    form = content.index(f'action="{edit_url(project)}"')
    aside = content.index('id="verzoek-titel"')
    assert "Veel inbraken in de kanaalzone.</textarea>" in content[form:]
    assert "Te weinig capaciteit bij de politie.</textarea>" in content[form:]
    assert "Veel inbraken in de kanaalzone." in content[aside:form]  # the request beside it
    draft, created = plan_services.get_or_create_draft_plan(project=project, actor=leader)
    assert created and draft.aanleiding == "Veel inbraken in de kanaalzone."
    assert draft.monitoring == ""  # not in the request: the leader writes it


def test_the_request_beside_the_form_is_a_disclosure_folded_below_1400_px(client, project, leader):
    """Narrow, the request above the form is folded (the server cannot know the width, so it
    sends it folded: a no-JS reader opens it like any <details>); app.js opens it where it
    stands beside the form."""
    project.request.aanleiding = "Veel inbraken in de kanaalzone."
    project.request.save()
    client.force_login(leader)
    content = client.get(edit_url(project)).content.decode()
    aside = content[content.index("<aside") : content.index("</aside>")]
    details = re.search(r"<details[^>]*>", aside).group(0)
    assert 'data-open-from="1400"' in details
    assert not re.search(r"\sopen[\s>=]", details)
    assert re.search(r"<summary>\s*<h2[^>]*id=\"verzoek-titel\"", aside)
    assert "Veel inbraken in de kanaalzone." in aside


def test_the_intake_formats_result_planning_finances_and_communication_carry_over(
    client, project, leader
):
    """What the full intake format (issue 14 item 2) asked is not typed again (item 9): the
    expected result becomes the projectresultaat, the rough planning, the finances and the
    communication their sections; the capacity needed stands beside the form."""
    request = project.request
    request.verwacht_resultaat = "Een draaiboek voor de kanaalzone."
    request.planning = "Start in maart, klaar in december."
    request.financien = "Uit het budget van het Platform."
    request.communicatie = "Via de nieuwsbrief."
    request.capaciteit_expertise = "Een analist van de politie, 4 uur per week."
    request.save()
    client.force_login(leader)
    content = client.get(edit_url(project)).content.decode()
    form = content.index(f'action="{edit_url(project)}"')
    aside = content.index('id="verzoek-titel"')
    for name, text in [
        ("projectresultaat", "Een draaiboek voor de kanaalzone."),
        ("planning", "Start in maart, klaar in december."),
        ("financien", "Uit het budget van het Platform."),
        ("communicatie", "Via de nieuwsbrief."),
    ]:
        textarea = content.index(f'name="{name}"', form)
        typed = content[textarea : content.index("</textarea>", textarea)].split(">", 1)[1]
        assert typed.strip() == text
        assert text in content[aside:form]
    assert "Een analist van de politie, 4 uur per week." in content[aside:form]
    draft, _created = plan_services.get_or_create_draft_plan(project=project, actor=leader)
    assert draft.projectresultaat == "Een draaiboek voor de kanaalzone."
    assert (draft.planning, draft.financien, draft.communicatie) == (
        request.planning,
        request.financien,
        request.communicatie,
    )


def test_only_the_leader_opens_the_prefilled_form(client, project, holder):
    from platform_ivz.core.roles import Role
    from tests.factories import user_with_role

    for other in (holder, user_with_role(Role.VOORZITTER, "Enschede", username="t_vz")):
        client.force_login(other)
        assert client.get(edit_url(project)).status_code == 403


# The project page shows the plan's essentials (issue 14 item 9).


def test_the_project_page_shows_the_plans_essentials(client, running, leader, holder):
    indicator = Indicator.objects.get(project=running)
    MeasurementFactory(indicator=indicator, value=104, measured_on=datetime.date(2026, 5, 1))
    MeasurementFactory(indicator=indicator, value=97, measured_on=datetime.date(2026, 9, 1))
    MilestoneFactory(project=running, name="Al gehaald", planned_date=START, status="gehaald")
    MilestoneFactory(project=running, name="Evaluatie", planned_date=datetime.date(2027, 1, 5))
    GroupMemberFactory(project=running, user=holder, function="expert", hours_per_week=6)
    client.force_login(holder)
    html = client.get(running.get_absolute_url()).content.decode()
    essentials = html[html.index('class="plan-essentials') :]
    essentials = essentials[: essentials.index("</section>")]
    plan = ProjectPlan.objects.get(project=running, number=1)
    assert escape(plan.doelstelling) in essentials
    assert escape(plan.projectresultaat) in essentials
    assert "Aantal woninginbraken" in essentials and "97" in essentials and "90" in essentials
    assert "1 september 2026" in essentials  # the latest measurement, not the first
    assert "Startbijeenkomst" in essentials  # the earliest planned milestone still open
    assert str(holder) in essentials and "6 uur per week" in essentials


def test_the_essentials_cost_the_same_however_many_rows(client, running, holder):
    client.force_login(holder)
    client.get(running.get_absolute_url())
    with CaptureQueriesContext(connection) as few:
        client.get(running.get_absolute_url())
    for n in range(6):
        indicator = IndicatorFactory(project=running, name=f"Indicator {n}", target=10)
        MeasurementFactory.create_batch(2, indicator=indicator)
        MilestoneFactory(project=running)
        GroupMemberFactory(project=running)
    with CaptureQueriesContext(connection) as many:
        client.get(running.get_absolute_url())
    assert len(many.captured_queries) <= len(few.captured_queries)


def test_outsiders_do_not_see_the_essentials_of_a_confidential_project(client, leader, holder):
    project = make_project(leader, holder, status="in_uitvoering")
    project.vertrouwelijk = True
    project.save()
    approved_plan(project, leader)
    client.force_login(user_with_role(Role.PLATFORMLID, "Dinkelland", username="t_buiten"))
    response = client.get(project.get_absolute_url())
    assert 'class="plan-essentials' not in response.content.decode()
