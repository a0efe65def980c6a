"""The permission matrix of the API: for every endpoint and every subject of the view sweep's
world (tests/security/sweep_world.py), a token sees exactly what its user sees on the pages.
The expected sets are the sweep's (tests/security/sweep.py), and each answer is checked
against the apps' own rules as well (projects.permissions, intake.permissions, reporting)."""

import pytest
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from intake.models import ProjectRequest
from intake.permissions import can_view_request
from intake.selectors import visible_requests
from projects.permissions import can_view_project_details
from tests.api.helpers import api_get, is_problem, make_token
from tests.factories import AgendaItemFactory, IndicatorFactory, MeetingFactory
from tests.security.sweep import REVIEWERS, SECRET_CIRCLE
from tests.security.sweep_world import SIGNED_IN, build_world

pytestmark = pytest.mark.django_db

SECRET_REMARK = "Het oordeel over het vertrouwelijke project"
DETAIL_FIELDS = (
    "theme",
    "theme_label",
    "portefeuillehouder",
    "start_date",
    "end_date",
    "gemeenten",
    "latest_rag_status",
    "report_overdue",
    "budget",
    "changed_at",
)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    fast = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with django_db_blocker.unblock(), fast, transaction.atomic():
        world = build_world()
        IndicatorFactory(project=world.secret, name="Geheime indicator")
        meeting = world.objects["secret_meeting"] = MeetingFactory(body="dvo")
        AgendaItemFactory(
            meeting=meeting,
            project=world.secret,
            kind="beslispunt",
            decision="vastgesteld",
            remarks=SECRET_REMARK,
            decision_text=SECRET_REMARK,
            decided_by=world.users["voorzitter"],
            decided_at=timezone.now(),
        )
        world.tokens = {name: make_token(user) for name, user in world.users.items()}
        yield world
        transaction.set_rollback(True)


@pytest.fixture(params=SIGNED_IN)
def subject(request):
    return request.param


def get(client, world, subject, url, **extra):
    return api_get(client, url, world.tokens[subject], **extra)


def all_results(client, world, subject, url):
    rows, response = [], get(client, world, subject, url + "?page_size=200")
    assert response.status_code == 200, response.content
    rows.extend(response.json()["results"])
    assert response.json()["next"] is None
    return rows


# --- Projects --------------------------------------------------------------------------------


def test_the_portfolio_holds_every_project_with_details_as_the_rule_says(client, world, subject):
    user = world.users[subject]
    rows = {row["id"]: row for row in all_results(client, world, subject, "/api/v1/projects/")}
    for name in ("project", "secret", "prepared"):
        project = getattr(world, name)
        row = rows[project.pk]  # every signed-in user knows every project's title
        assert row["title"] == project.title and row["status"] == project.status
        expected = can_view_project_details.test(user, project)
        assert row["details_visible"] is expected
        if name == "secret":
            assert expected is (subject in SECRET_CIRCLE)
        if not expected:
            assert all(row[field] is None for field in DETAIL_FIELDS), row
        else:
            assert row["theme"] == project.theme and row["budget"] is not None


def test_a_confidential_projects_detail_only_for_its_circle(client, world, subject):
    response = get(client, world, subject, f"/api/v1/projects/{world.secret.pk}/")
    assert response.status_code == 200
    body = response.json()
    assert body["title"] == world.secret.title
    if subject in SECRET_CIRCLE:
        assert [i["name"] for i in body["indicators"]] == ["Geheime indicator"]
        assert body["portefeuillehouder"]["id"] == world.secret.portefeuillehouder_id
        assert "Last-Modified" in response
    else:
        assert body["indicators"] is None and body["milestones"] is None
        assert body["budget_per_year"] is None and body["portefeuillehouder"] is None
        assert "Geheime indicator" not in response.content.decode()
        assert "Last-Modified" not in response  # not even when it changed


@pytest.mark.parametrize(
    "query",
    [
        lambda w: f"theme={w.secret.theme}",
        lambda w: f"gemeente={w.secret.request.gemeenten.first().pk}",
        lambda w: f"year={timezone.localdate().year}",
        lambda w: "changed_since=2000-01-01T00:00:00Z",
        lambda w: f"portefeuillehouder={w.secret.portefeuillehouder_id}",
    ],
)
def test_a_filter_on_details_never_reveals_a_confidential_project(client, world, subject, query):
    response = get(client, world, subject, f"/api/v1/projects/?{query(world)}&page_size=200")
    assert response.status_code == 200
    ids = {row["id"] for row in response.json()["results"]}
    assert (world.secret.pk in ids) is (subject in SECRET_CIRCLE)


# --- Requests --------------------------------------------------------------------------------


def test_requests_as_the_intake_shows_them(client, world, subject):
    user = world.users[subject]
    ids = {row["id"] for row in all_results(client, world, subject, "/api/v1/requests/")}
    assert ids == set(visible_requests(user).values_list("pk", flat=True))
    for request in ProjectRequest.objects.all():
        visible = can_view_request.test(user, request)
        assert (request.pk in ids) is visible
        response = get(client, world, subject, f"/api/v1/requests/{request.pk}/")
        if visible:
            assert response.status_code == 200 and response.json()["title"] == request.title
        else:
            assert is_problem(response, 404)
            assert request.title not in response.content.decode()


def test_the_confidential_request_only_for_its_circle(client, world, subject):
    response = get(client, world, subject, f"/api/v1/requests/{world.secret_request.pk}/")
    assert response.status_code == (200 if subject in SECRET_CIRCLE else 404)


# --- Meetings, contributions, hours, reports ---------------------------------------------


def test_meetings_for_everyone_the_confidential_remarks_for_the_circle(client, world, subject):
    listed = {row["id"] for row in all_results(client, world, subject, "/api/v1/meetings/")}
    assert world.secret_meeting.pk in listed and world.held_meeting.pk in listed
    response = get(client, world, subject, f"/api/v1/meetings/{world.secret_meeting.pk}/")
    assert response.status_code == 200
    [item] = response.json()["agenda"]
    assert item["project"]["id"] == world.secret.pk
    assert item["decision"] == "vastgesteld"
    if subject in SECRET_CIRCLE:
        assert item["remarks"] == SECRET_REMARK and item["details_visible"]
    else:
        assert item["remarks"] is None and item["decision_text"] is None
        assert SECRET_REMARK not in response.content.decode()


def test_contributions_and_hours_for_everyone(client, world, subject):
    year = world.year.year
    years = get(client, world, subject, "/api/v1/contributions/").json()
    assert year in [row["year"] for row in years]
    contributions = get(client, world, subject, f"/api/v1/contributions/{year}/")
    assert contributions.status_code == 200
    hours = get(client, world, subject, f"/api/v1/hours/{year}/")
    assert hours.status_code == 200
    assert hours.json()["organisations"]


def test_final_reports_for_everyone_concepts_as_on_the_reports_page(client, world, subject):
    listed = all_results(client, world, subject, "/api/v1/reports/")
    assert [row["id"] for row in listed] == [world.final_version.pk]
    final = get(client, world, subject, listed[0]["download_url"])
    assert final.status_code == 200 and final["Content-Type"] == "application/pdf"
    assert final.content.startswith(b"%PDF")
    concept = get(client, world, subject, f"/api/v1/reports/{world.concept_version.pk}/download/")
    assert concept.status_code == (200 if subject in REVIEWERS else 404)


# --- Nobody without a token ------------------------------------------------------------------


def test_every_endpoint_refuses_a_request_without_a_token(client, world):
    urls = [
        "/api/v1/projects/",
        f"/api/v1/projects/{world.project.pk}/",
        "/api/v1/requests/",
        f"/api/v1/requests/{world.open_request.pk}/",
        "/api/v1/meetings/",
        f"/api/v1/meetings/{world.held_meeting.pk}/",
        "/api/v1/contributions/",
        f"/api/v1/contributions/{world.year.year}/",
        f"/api/v1/hours/{world.year.year}/",
        "/api/v1/reports/",
        f"/api/v1/reports/{world.final_version.pk}/download/",
    ]
    for url in urls:
        assert is_problem(client.get(url), 401), url
