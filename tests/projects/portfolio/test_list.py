"""The portfolio page: who sees what, each filter, pagination, flags and query counts."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from platform_ivz.core.roles import Role
from projects.models import Project
from projects.permissions import can_view_project_details
from projects.portfolio import query as portfolio
from tests.factories import (
    GroupMemberFactory,
    MilestoneFactory,
    OrganisationFactory,
    ProgressReportFactory,
    ProjectFactory,
    UserFactory,
)
from tests.projects.people import ACTORS, actor_for, project_with_people
from tests.projects.portfolio.scenario import CIRCLE, confidential_project

D = datetime.date
LIST = reverse("projects:list")
XSS = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"


def titles(response) -> list[str]:
    """The project titles in the table, in order."""
    html = response.content.decode()
    table = html[html.index("<tbody>") : html.index("</tbody>")] if "<tbody>" in html else ""
    return re.findall(r'<a href="/projecten/\d+/">([^<]*)</a>', table)


# --- Who sees what -------------------------------------------------------------------------


@pytest.mark.django_db
def test_anonymous_users_are_sent_to_sign_in(client):
    for target in [LIST, LIST + "?export=csv", LIST + "?export=xlsx"]:
        response = client.get(target)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
@pytest.mark.parametrize("actor", ACTORS)
def test_everyone_sees_every_project_but_confidential_details_only_in_the_circle(
    client, request, actor, frozen_time
):
    project = confidential_project()
    holder_name = escape(str(project.portefeuillehouder))
    open_project = ProjectFactory(title="Open project", status="in_voorbereiding")
    client.force_login(actor_for(request, project, actor))
    response = client.get(LIST)
    assert response.status_code == 200
    assert sorted(titles(response)) == ["Geheim project", "Open project"]
    html = response.content.decode()
    filters_end = html.index("</form>", html.index('role="search"'))
    html = html[filters_end:]  # the filters list every theme, whoever looks
    assert escape(str(project.projectleider)) in html  # the leader is public
    assert "In uitvoering" in html  # and so is the status
    secrets = [holder_name, "Ondermijning", "Knelpunt", "30 november 2027", "Geheime mijlpaal"]
    for secret in secrets:
        assert (secret in html) is (actor in CIRCLE), (actor, secret)
    assert open_project.get_absolute_url() in html


@pytest.mark.django_db
def test_the_requesting_organisation_sees_the_details(client):
    project = confidential_project()
    colleague = UserFactory(roles=[Role.PLATFORMLID], organisation=project.request.organisation)
    client.force_login(colleague)
    assert escape(str(project.portefeuillehouder)) in client.get(LIST).content.decode()


@pytest.mark.django_db
def test_the_query_mirrors_the_predicate(request):
    """portfolio.details_visible_q is can_view_project_details as a query: same answers."""
    projects = [
        project_with_people(vertrouwelijk=True),
        project_with_people(vertrouwelijk=False),
        project_with_people(vertrouwelijk=True),
    ]
    users = [actor_for(request, projects[0], name) for name in ACTORS]
    users += [
        UserFactory(roles=[Role.PLATFORMLID], organisation=projects[2].request.organisation),
        UserFactory(roles=[], organisation=None),
        UserFactory(roles=[Role.VOORZITTER], is_active=False),
    ]
    for user in users:
        annotated = dict(portfolio.portfolio_projects(user).values_list("pk", "details_visible"))
        for project in projects:
            expected = bool(can_view_project_details.test(user, project))
            assert bool(annotated[project.pk]) is expected, (user.username, project.pk)


@pytest.mark.django_db
def test_output_is_escaped(client, regiocoordinator):
    project = ProjectFactory(
        title=XSS, status="in_uitvoering", start_date=D(2025, 1, 1), end_date=D(2026, 1, 1)
    )
    MilestoneFactory(project=project, name=XSS, planned_date=D(2025, 6, 1))
    client.force_login(regiocoordinator)
    html = client.get(LIST + "?q=alert").content.decode()
    assert XSS not in html
    assert ESCAPED in html
    assert "<svg" in html


# --- Filters -------------------------------------------------------------------------------


@pytest.fixture
def filter_projects(db):
    gemeente = {name: OrganisationFactory(name=name) for name in ["Almelo", "Borne", "Losser"]}
    leader = UserFactory(roles=[Role.PLATFORMLID], first_name="Lies", last_name="Leider")
    holder = UserFactory(roles=[Role.DVO_LID], first_name="Henk", last_name="Houder")
    alpha = ProjectFactory(
        title="Alpha woninginbraken",
        status="in_uitvoering",
        theme="woninginbraken",
        projectleider=leader,
        portefeuillehouder=holder,
        start_date=D(2024, 3, 1),
        end_date=D(2025, 6, 30),
        request__gemeenten=[gemeente["Almelo"], gemeente["Borne"]],
    )
    beta = ProjectFactory(
        title="Beta verwarde personen",
        status="in_voorbereiding",
        theme="verwarde_personen",
        start_date=D(2026, 1, 1),
        end_date=None,
        request__gemeenten=[gemeente["Losser"]],
    )
    gamma = ProjectFactory(
        title="Gamma ondermijning",
        status="in_uitvoering",
        theme="ondermijning",
        portefeuillehouder=holder,
        start_date=D(2022, 1, 1),
        end_date=D(2023, 12, 31),
        request__gemeenten=[gemeente["Borne"]],
    )
    ProjectFactory(title="Delta zonder datum", status="te_bemensen", request__gemeenten=[])
    ProgressReportFactory(project=alpha, status="besproken", status_overall="op_koers")
    ProgressReportFactory(
        project=gamma,
        status="ingediend",
        status_overall="aandacht",
        period_end=D(2023, 6, 30),
        due_date=D(2023, 7, 31),
    )
    ProgressReportFactory(
        project=gamma,
        status="besproken",
        status_overall="knelpunt",
        period_end=D(2023, 12, 31),
        due_date=D(2024, 1, 31),
    )
    # A draft with a status does not count until it is submitted.
    ProgressReportFactory(project=beta, status="concept", status_overall="knelpunt")
    return {"gemeente": gemeente, "leader": leader, "holder": holder}


FILTER_CASES = [
    (
        "",
        [
            "Alpha woninginbraken",
            "Beta verwarde personen",
            "Delta zonder datum",
            "Gamma ondermijning",
        ],
    ),
    ("status=in_uitvoering", ["Alpha woninginbraken", "Gamma ondermijning"]),
    ("theme=verwarde_personen", ["Beta verwarde personen"]),
    ("gemeente={Borne}", ["Alpha woninginbraken", "Gamma ondermijning"]),
    ("gemeente={Losser}", ["Beta verwarde personen"]),
    ("projectleider={leader}", ["Alpha woninginbraken"]),
    ("portefeuillehouder={holder}", ["Alpha woninginbraken", "Gamma ondermijning"]),
    # Typed names, as without JavaScript: every word in the first or last name.
    ("projectleider=lies+leider", ["Alpha woninginbraken"]),
    ("projectleider=LEIDER", ["Alpha woninginbraken"]),
    ("projectleider=Houder", []),
    ("portefeuillehouder=houder", ["Alpha woninginbraken", "Gamma ondermijning"]),
    ("portefeuillehouder=Henk+Leider", []),
    ("status_colour=op_koers", ["Alpha woninginbraken"]),
    ("status_colour=knelpunt", ["Gamma ondermijning"]),  # the latest report counts
    ("status_colour=aandacht", []),
    ("year=2025", ["Alpha woninginbraken"]),
    ("year=2023", ["Gamma ondermijning"]),
    ("year=2026", ["Beta verwarde personen"]),  # no end date: still running
    ("year=2024", ["Alpha woninginbraken"]),
    ("q=ondermijning", ["Gamma ondermijning"]),
    ("q=a+woninginbraken", ["Alpha woninginbraken"]),
    ("status=in_uitvoering&theme=ondermijning", ["Gamma ondermijning"]),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("query", "expected"), FILTER_CASES)
def test_each_filter(client, regiocoordinator, filter_projects, query, expected):
    values = {
        "Borne": filter_projects["gemeente"]["Borne"].pk,
        "Losser": filter_projects["gemeente"]["Losser"].pk,
        "leader": filter_projects["leader"].pk,
        "holder": filter_projects["holder"].pk,
    }
    client.force_login(regiocoordinator)
    response = client.get(f"{LIST}?{query.format(**values)}")
    assert response.status_code == 200
    assert titles(response) == expected  # in title order


@pytest.mark.django_db
def test_an_invalid_filter_value_is_ignored(client, regiocoordinator, filter_projects):
    client.force_login(regiocoordinator)
    response = client.get(f"{LIST}?status=bestaat_niet&year=abc")
    assert response.status_code == 200
    assert len(titles(response)) == 4


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        "theme=ondermijning",
        "gemeente={gemeente}",
        "portefeuillehouder={holder}",
        "portefeuillehouder={holder_name}",
        "status_colour=knelpunt",
        "year=2025",
    ],
)
def test_filters_on_details_never_match_a_hidden_confidential_project(client, query):
    project = confidential_project()
    gemeente = project.request.gemeenten.first()
    twin = ProjectFactory(  # an open project alike in every detail
        title="Open tweeling",
        status=project.status,
        theme=project.theme,
        portefeuillehouder=project.portefeuillehouder,
        start_date=project.start_date,
        end_date=project.end_date,
        request__gemeenten=[gemeente],
    )
    ProgressReportFactory(project=twin, status="ingediend", status_overall="knelpunt")
    holder = project.portefeuillehouder
    target = f"{LIST}?" + query.format(
        gemeente=gemeente.pk, holder=holder.pk, holder_name=holder.last_name.replace(" ", "+")
    )
    client.force_login(project.people["buitenstaander"])
    response = client.get(target)
    assert not response.context["filter"].form.errors
    assert titles(response) == ["Open tweeling"]
    client.force_login(project.people["groepslid"])
    assert titles(client.get(target)) == ["Geheim project", "Open tweeling"]


@pytest.mark.django_db
def test_the_people_filters_list_nobody_in_the_page(client, regiocoordinator, filter_projects):
    """The leaders and holders are suggested by the autocomplete (test_people_filter.py),
    not written into every page as options."""
    client.force_login(regiocoordinator)
    html = client.get(LIST).content.decode()
    form = html[html.index('role="search"') :]
    form = form[: form.index("</form>")]
    for role in ("projectleider", "portefeuillehouder"):
        assert re.search(rf'<input type="search" name="{role}"', form)
        assert f'<select name="{role}"' not in form
    assert escape(str(filter_projects["leader"])) not in form
    assert escape(str(filter_projects["holder"])) not in form


@pytest.mark.django_db
def test_the_year_filter_offers_an_empty_choice(client, regiocoordinator):
    client.force_login(regiocoordinator)
    html = client.get(LIST).content.decode()
    select = html[html.index('name="year"') :]
    assert re.search(r'<option value=""[^>]*>', select[: select.index("</select>")])


# --- Flags, pagination ---------------------------------------------------------------------


@pytest.mark.django_db
def test_an_overdue_progress_report_is_flagged(client, regiocoordinator, frozen_time):
    late = ProjectFactory(title="Te laat", status="in_uitvoering")
    ProgressReportFactory(project=late, due_date=D(2026, 1, 31), status="concept")
    due_later = ProjectFactory(title="Op tijd", status="in_uitvoering")
    ProgressReportFactory(project=due_later, due_date=D(2026, 7, 31), status="concept")
    submitted = ProjectFactory(title="Ingediend", status="in_uitvoering")
    ProgressReportFactory(project=submitted, due_date=D(2026, 1, 31), status="ingediend")
    finished = ProjectFactory(title="Afgerond", status="afgerond")
    ProgressReportFactory(project=finished, due_date=D(2026, 1, 31), status="concept")
    client.force_login(regiocoordinator)
    html = client.get(LIST).content.decode()
    rows = {
        title: row
        for row in re.findall(r"<tr>(.*?)</tr>", html, re.DOTALL)
        for title in re.findall(r'<a href="/projecten/\d+/">([^<]*)</a>', row)
    }
    assert "text-bg-danger" in rows["Te laat"]
    assert "text-bg-danger" not in rows["Op tijd"]
    assert "text-bg-danger" not in rows["Ingediend"]
    assert "text-bg-danger" not in rows["Afgerond"]  # nothing is due of an ended project


@pytest.mark.django_db
def test_the_list_is_paginated_by_25(client, regiocoordinator):
    for n in range(30):
        ProjectFactory(title=f"Project {n:02d}")
    client.force_login(regiocoordinator)
    first = client.get(LIST)
    assert len(titles(first)) == 25
    assert titles(first)[0] == "Project 00"
    second = client.get(LIST + "?page=2")
    assert titles(second) == [f"Project {n}" for n in range(25, 30)]


@pytest.mark.django_db
def test_an_empty_portfolio_says_so(client, platformlid):
    client.force_login(platformlid)
    response = client.get(LIST)
    assert response.status_code == 200
    assert 'role="status"' in response.content.decode()


# --- Query counts --------------------------------------------------------------------------


def _build_portfolio(count: int):
    for n in range(count):
        project = ProjectFactory(
            status="in_uitvoering",
            vertrouwelijk=n % 3 == 0,
            projectleider=UserFactory(roles=[Role.PLATFORMLID]),
            portefeuillehouder=UserFactory(roles=[Role.DVO_LID]),
            start_date=D(2024, 1, 1),
            end_date=D(2027, 1, 1),
            theme=Project.Theme.values[n % 5],
        )
        ProgressReportFactory(project=project, status="ingediend", status_overall="aandacht")
        ProgressReportFactory(
            project=project,
            due_date=D(2026, 7, 31),
            period_start=D(2026, 1, 1),
            period_end=D(2026, 6, 30),
        )
        for month in (3, 9):
            MilestoneFactory(
                project=project,
                planned_date=D(2025, month, 1),
                actual_date=D(2025, month, 15),
                status="gehaald",
            )
        if n % 4 == 0:
            GroupMemberFactory(project=project, start_date=D(2024, 1, 1))


def _count(client, target):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(target)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "suffix",
    [
        "",
        "?export=csv",
        "?export=xlsx",
        "?status=in_uitvoering",
        "?projectleider=a&portefeuillehouder=e",
    ],
)
@pytest.mark.parametrize("viewer", ["regiocoordinator", "platformlid"])
def test_query_count_does_not_grow_with_the_projects(client, request, suffix, viewer):
    user = request.getfixturevalue(viewer)
    client.force_login(user)
    _build_portfolio(5)
    small = _count(client, LIST + suffix)
    _build_portfolio(35)
    assert Project.objects.count() == 40
    assert _count(client, LIST + suffix) == small
