"""The API's conventions: pages with `next` and a Link header, problem details for errors,
ISO 8601 dates, amounts as decimal strings, ETag and Last-Modified with 304, no CORS, and
the rate limit per token with a clear 429."""

import datetime
import re
from decimal import Decimal

import pytest
from django.utils import timezone
from django.utils.http import http_date

from platform_ivz.api.throttling import TokenRateThrottle
from tests.api.helpers import api_get, is_problem, make_token
from tests.factories import BudgetLineFactory, ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def token(regiocoordinator):
    return make_token(regiocoordinator)


def test_lists_are_paginated_with_next_and_a_link_header(client, token):
    for number in range(5):
        ProjectFactory(title=f"Project {number}")
    first = api_get(client, "/api/v1/projects/?page_size=2", token)
    body = first.json()
    assert body["count"] == 5 and len(body["results"]) == 2 and body["previous"] is None
    assert body["next"].endswith("/api/v1/projects/?page=2&page_size=2")
    assert first["Link"] == f'<{body["next"]}>; rel="next"'
    second = api_get(client, body["next"], token)
    links = dict((rel, url) for url, rel in re.findall(r'<([^>]+)>; rel="(\w+)"', second["Link"]))
    assert set(links) == {"next", "prev"}
    last = api_get(client, "/api/v1/projects/?page=3&page_size=2", token)
    assert last.json()["next"] is None and 'rel="next"' not in last["Link"]
    # Stable order: by title, then id.
    titles = [row["title"] for row in first.json()["results"] + second.json()["results"]]
    assert titles == ["Project 0", "Project 1", "Project 2", "Project 3"]


def test_errors_are_problem_details(client, token):
    missing = api_get(client, "/api/v1/projects/999999/", token)
    assert is_problem(missing, 404)
    assert missing.json()["instance"] == "/api/v1/projects/999999/"
    huge = api_get(client, f"/api/v1/projects/{2**70}/", token)
    assert is_problem(huge, 404)
    beyond = api_get(client, "/api/v1/projects/?page=99", token)
    assert is_problem(beyond, 404)
    invalid = api_get(client, "/api/v1/projects/?status=nonsense&changed_since=gisteren", token)
    assert is_problem(invalid, 400)
    names = {param["name"] for param in invalid.json()["invalid_params"]}
    assert names == {"status"} or names == {"changed_since"}
    wrong_year = api_get(client, "/api/v1/meetings/?year=twintig", token)
    assert is_problem(wrong_year, 400)
    assert wrong_year.json()["invalid_params"][0]["name"] == "year"
    posted = client.post("/api/v1/projects/", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert is_problem(posted, 405)


def test_dates_are_iso_8601_and_amounts_decimal_strings(client, token):
    project = ProjectFactory(
        running=True, start_date=datetime.date(2026, 2, 1), end_date=datetime.date(2027, 1, 31)
    )
    BudgetLineFactory(project=project, year=2026, planned_amount=Decimal("1234.50"))
    response = api_get(client, f"/api/v1/projects/{project.pk}/", token)
    body = response.json()
    assert body["start_date"] == "2026-02-01" and body["end_date"] == "2027-01-31"
    assert body["budget"]["planned"] == "1234.50"
    assert body["budget_per_year"][0] == {
        "year": 2026,
        "planned": "1234.50",
        "spent": None,
        "lines": 1,
        "reported": 0,
    }
    assert datetime.datetime.fromisoformat(body["changed_at"]).tzinfo is not None


def test_a_detail_has_an_etag_and_last_modified_and_answers_304(client, token):
    project = ProjectFactory(running=True)
    url = f"/api/v1/projects/{project.pk}/"
    response = api_get(client, url, token)
    etag, modified = response["ETag"], response["Last-Modified"]
    assert etag.startswith('"') and modified.endswith("GMT")
    assert api_get(client, url, token, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert api_get(client, url, token, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    earlier = http_date((timezone.now() - datetime.timedelta(days=1)).timestamp())
    assert api_get(client, url, token, HTTP_IF_MODIFIED_SINCE=earlier).status_code == 200
    project.title = "Een nieuwe titel"
    project.save()
    changed = api_get(client, url, token, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_no_cors_headers_for_other_sites(client, token):
    response = api_get(client, "/api/v1/projects/", token, HTTP_ORIGIN="https://dashboard.example")
    assert response.status_code == 200
    assert not [name for name in response.headers if name.lower().startswith("access-control")]
    preflight = client.options("/api/v1/projects/", HTTP_ORIGIN="https://dashboard.example")
    assert preflight.status_code == 405
    assert "Access-Control-Allow-Origin" not in preflight


def test_the_rate_limit_is_per_token_with_a_clear_429(client, monkeypatch, regiocoordinator):
    monkeypatch.setattr(TokenRateThrottle, "THROTTLE_RATES", {"api": "3/minute"})
    first, second = make_token(regiocoordinator), make_token(UserFactory())
    for _ in range(3):
        assert api_get(client, "/api/v1/contributions/", first).status_code == 200
    refused = api_get(client, "/api/v1/contributions/", first)
    assert is_problem(refused, 429)
    assert 0 < int(refused["Retry-After"]) <= 60
    assert "Retry-After" in refused and refused.json()["detail"]
    # Another token has its own count.
    assert api_get(client, "/api/v1/contributions/", second).status_code == 200


def test_the_documentation_page_serves_swagger_ui_from_the_app(client, platformlid):
    client.force_login(platformlid)
    page = client.get("/api/documentatie/").content.decode()
    assert "drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in page
    assert not re.search(r'(src|href)="(https?:)?//', page)  # nothing from another site
    schema = client.get("/api/schema/")
    assert schema.status_code == 200 and schema.content.startswith(b"openapi: 3")
