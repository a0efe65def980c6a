"""The hours of an organisation (page and the "Hours per person" sheet) and confidential projects.

Who may see a confidential project's content (projects.permissions.can_view_project_details)
sees its rows: project, person, role, dates. Everybody else gets one row per organisation with
the hours of those projects added together, as the factsheet shows them.
"""

import datetime
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from platform_ivz.core.roles import Role
from projects.models import GroupMember
from tests.contributions import builders
from tests.factories import UserFactory

D = datetime.date
OPEN, SECRET_A, SECRET_B = "Open aanpak", "Geheim A", "Geheim B"
NAMES = {OPEN: "Olga Open", SECRET_A: "Anna Geheim", SECRET_B: "Bert Geheim"}
# Who sees which confidential project in detail. A: led by `projectleider`, with `groepslid`
# in its group; B: nobody's. Both were requested by Hengelo (builders.project).
SEES = {
    "voorzitter": {SECRET_A, SECRET_B},
    "regiocoordinator": {SECRET_A, SECRET_B},
    "dvo_lid": {SECRET_A, SECRET_B},
    "indiener": {SECRET_A, SECRET_B},  # platformlid of the requesting organisation
    "projectleider": {SECRET_A},
    "groepslid": {SECRET_A},
    "buitenstaander": set(),  # platformlid of another organisation
    "beheerder": set(),
}


@pytest.fixture
def hours(year_2018):
    """Almelo's people in an open project and in two confidential ones, in 2018."""
    almelo = year_2018.municipalities.get(organisation__name="Almelo").organisation
    users = {
        "voorzitter": _user(Role.VOORZITTER, "Enschede"),
        "regiocoordinator": _user(Role.REGIOCOORDINATOR, "Enschede"),
        "dvo_lid": _user(Role.DVO_LID, "Rijssen-Holten"),
        "indiener": _user(Role.PLATFORMLID, "Hengelo"),
        "projectleider": _user(Role.PLATFORMLID, "Losser"),
        "groepslid": _user(Role.PLATFORMLID, "Dinkelland"),
        "buitenstaander": _user(Role.PLATFORMLID, "Wierden"),
        "beheerder": _user(Role.BEHEERDER, "Borne"),
    }
    projects = {
        OPEN: builders.project(OPEN, start=D(2018, 1, 1)),
        SECRET_A: builders.project(
            SECRET_A, vertrouwelijk=True, leader=users["projectleider"], start=D(2018, 1, 1)
        ),
        SECRET_B: builders.project(SECRET_B, vertrouwelijk=True, start=D(2018, 1, 1)),
    }
    builders.member(projects[SECRET_A], user=users["groepslid"], start=D(2018, 1, 1))
    functions = GroupMember.Function
    for (title, project), function, start in zip(
        projects.items(),
        (functions.DEELNEMER, functions.ADVISEUR, functions.EXPERT),
        (D(2018, 2, 1), D(2018, 3, 1), D(2018, 5, 1)),
        strict=True,
    ):
        builders.member(
            project, organisation=almelo, name=NAMES[title], function=function, start=start
        )
    return {"almelo": almelo, "users": users}


def _user(role, organisation):
    return UserFactory(roles=[role], organisation=builders.gemeente(organisation))


def _page(client, user, almelo):
    client.force_login(user)
    response = client.get(f"/bijdragen/2018/uren/{almelo.pk}/")
    assert response.status_code == 200
    return response.context["entry"], response.content.decode()


def _details_sheet(client, user) -> list[tuple]:
    client.force_login(user)
    response = client.get("/bijdragen/2018/uren.xlsx")
    assert response.status_code == 200
    _summary, details = load_workbook(io.BytesIO(response.content)).worksheets
    return list(details.iter_rows(min_row=2, values_only=True))


@pytest.mark.parametrize("subject", list(SEES))
def test_the_organisation_page_shows_confidential_rows_only_to_who_may_see_them(
    client, hours, subject
):
    almelo, users = hours["almelo"], hours["users"]
    reference, _html = _page(client, users["voorzitter"], almelo)
    every_row = {d.project.title: (d.person, d.role, d.start, d.end) for d in reference.deliveries}
    total = reference.delivered

    entry, html = _page(client, users[subject], almelo)
    shown = {d.project.title: (d.person, d.role, d.start, d.end) for d in entry.deliveries}
    assert shown == {t: every_row[t] for t in {OPEN, *SEES[subject]}}
    hidden = {SECRET_A, SECRET_B} - SEES[subject]
    for title in hidden:
        assert title not in html and NAMES[title] not in html
    for title in shown:
        assert title in html and NAMES[title] in html
    # The hours still count, also for those who see only the total.
    assert entry.delivered == total
    if hidden:
        assert entry.confidential.projects == len(hidden)
        assert entry.confidential.hours == sum(
            (d.hours for d in reference.deliveries if d.project.title in hidden), Decimal(0)
        )
        assert 'data-testid="confidential-hours"' in html
    else:
        assert entry.confidential is None
        assert 'data-testid="confidential-hours"' not in html


@pytest.mark.parametrize("subject", list(SEES))
def test_the_hours_per_person_sheet_shows_confidential_rows_only_to_who_may_see_them(
    client, hours, subject
):
    users = hours["users"]
    every_row = [row for row in _details_sheet(client, users["voorzitter"]) if row[0] == "Almelo"]
    sheet = _details_sheet(client, users[subject])
    rows = [row for row in sheet if row[0] == "Almelo"]
    hidden = {SECRET_A, SECRET_B} - SEES[subject]
    cells = {str(cell) for row in sheet for cell in row}
    for title in hidden:
        assert title not in cells and NAMES[title] not in cells
    if not hidden:
        assert rows == every_row
        return
    *named, total = rows
    assert named == [row for row in every_row if row[1] not in hidden]
    assert total[2] not in NAMES.values()
    assert total[3] is None and total[5:8] == (None, None, None)  # no role, no dates
    assert total[8] == pytest.approx(sum(row[8] for row in every_row if row[1] in hidden), abs=0.1)


def _add_confidential_work(almelo, count: int) -> None:
    for index in range(count):
        project = builders.project(
            f"Geheim {index}",
            vertrouwelijk=True,
            leader=builders.person(almelo),
            start=D(2018, 1, 1),
        )
        builders.member(project, user=builders.person(almelo), start=D(2018, 2, 1))


@pytest.mark.parametrize(
    "url", ["/bijdragen/2018/uren/{almelo}/", "/bijdragen/2018/uren.xlsx"], ids=["page", "xlsx"]
)
def test_query_count_does_not_grow_with_confidential_projects(client, year_2018, url):
    almelo = year_2018.municipalities.get(organisation__name="Almelo").organisation
    outsider = _user(Role.PLATFORMLID, "Wierden")
    client.force_login(outsider)
    url = url.format(almelo=almelo.pk)
    _add_confidential_work(almelo, 1)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _add_confidential_work(almelo, 5)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few), "\n".join(q["sql"] for q in many.captured_queries)
