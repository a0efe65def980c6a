"""CSV and Excel exports of the portfolio: same filters, same visibility, parse back."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils.translation import gettext

from projects.portfolio import export as portfolio_export
from tests.factories import ProgressReportFactory, ProjectFactory
from tests.projects.people import ACTORS, actor_for
from tests.projects.portfolio.scenario import CIRCLE, confidential_project

D = datetime.date
LIST = reverse("projects:list")


def csv_rows(response) -> list[list[str]]:
    content = response.content
    assert content.startswith(b"\xef\xbb\xbf"), "UTF-8 byte order mark for Excel"
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def xlsx_rows(response) -> list[list]:
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = workbook.active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def headers() -> list[str]:
    return [header for _attribute, header in portfolio_export.export_columns()]


@pytest.fixture
def projects(db):
    alpha = ProjectFactory(
        title="Alpha",
        status="in_uitvoering",
        theme="woninginbraken",
        start_date=D(2025, 1, 1),
        end_date=D(2026, 12, 31),
    )
    ProgressReportFactory(project=alpha, status="ingediend", status_overall="aandacht")
    ProgressReportFactory(
        project=alpha,
        status="concept",
        due_date=D(2025, 7, 31),
        period_start=D(2025, 1, 1),
        period_end=D(2025, 6, 30),
    )
    ProjectFactory(title="Beta", status="in_voorbereiding", theme="ondermijning")
    return alpha


@pytest.mark.django_db
def test_csv_export(client, regiocoordinator, projects, frozen_time):
    client.force_login(regiocoordinator)
    response = client.get(LIST + "?export=csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="projectenportfolio-2026-03-02.csv"'
    )
    rows = csv_rows(response)
    assert rows[0] == headers()
    alpha = projects
    assert rows[1] == [
        "Alpha",
        str(alpha.get_theme_display()),
        str(alpha.get_status_display()),
        str(alpha.projectleider or ""),
        str(alpha.portefeuillehouder or ""),
        "Aandacht",
        "01-01-2025",
        "31-12-2026",
        gettext("yes"),
    ]
    assert rows[2][0] == "Beta"
    assert rows[2][5:] == ["", "", "", gettext("no")]
    assert len(rows) == 3


@pytest.mark.django_db
def test_excel_export(client, regiocoordinator, projects, frozen_time):
    client.force_login(regiocoordinator)
    response = client.get(LIST + "?export=xlsx")
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"] == (
        'attachment; filename="projectenportfolio-2026-03-02.xlsx"'
    )
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = workbook.active
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.column_dimensions["A"].width == 50
    rows = xlsx_rows(response)
    assert list(rows[0]) == headers()
    assert rows[1][0] == "Alpha"
    assert rows[1][5] == "Aandacht"
    assert rows[1][6] == datetime.datetime(2025, 1, 1)  # a real date cell
    assert rows[1][7] == datetime.datetime(2026, 12, 31)
    assert rows[1][8] == gettext("yes")
    assert rows[2][0] == "Beta" and rows[2][6] is None
    assert len(rows) == 3


@pytest.mark.django_db
@pytest.mark.parametrize("export", ["csv", "xlsx"])
def test_exports_honour_the_filters_and_include_every_page(client, regiocoordinator, export):
    for n in range(30):
        ProjectFactory(title=f"Woning {n:02d}", theme="woninginbraken")
    ProjectFactory(title="Anders", theme="overig")
    client.force_login(regiocoordinator)
    response = client.get(f"{LIST}?theme=woninginbraken&page=2&export={export}")
    rows = csv_rows(response) if export == "csv" else xlsx_rows(response)
    assert [row[0] for row in rows[1:]] == [f"Woning {n:02d}" for n in range(30)]


@pytest.mark.django_db
@pytest.mark.parametrize("export", ["csv", "xlsx"])
@pytest.mark.parametrize("actor", ACTORS)
def test_confidential_rows_show_only_title_status_and_leader(client, request, actor, export):
    project = confidential_project()
    client.force_login(actor_for(request, project, actor))
    response = client.get(f"{LIST}?export={export}")
    rows = csv_rows(response) if export == "csv" else xlsx_rows(response)
    (row,) = [row for row in rows[1:] if row[0] == "Geheim project"]
    public = ["Geheim project", "", str(project.get_status_display()), str(project.projectleider)]
    if actor in CIRCLE:
        assert str(project.portefeuillehouder) in row
        assert "Knelpunt" in row
    else:
        empty = "" if export == "csv" else None
        assert row == [public[0], empty, public[2], public[3], *[empty] * 5]
    content = response.content.decode("utf-8-sig") if export == "csv" else str(rows)
    if actor not in CIRCLE:
        for secret in [str(project.portefeuillehouder), "Knelpunt", "2027", "Ondermijning"]:
            assert secret not in content


@pytest.mark.django_db
@pytest.mark.parametrize("export", ["csv", "xlsx"])
def test_formulas_are_never_exported_as_formulas(client, regiocoordinator, export):
    ProjectFactory(title='=HYPERLINK("http://example.com","klik")')
    ProjectFactory(title="+31 nummer")
    client.force_login(regiocoordinator)
    response = client.get(f"{LIST}?export={export}")
    if export == "csv":
        cells = sorted(row[0] for row in csv_rows(response)[1:])
        assert cells == ["'+31 nummer", '\'=HYPERLINK("http://example.com","klik")']
    else:
        workbook = openpyxl.load_workbook(io.BytesIO(response.content))
        cells = [row[0] for row in workbook.active.iter_rows(min_row=2)]
        assert all(cell.data_type == "s" for cell in cells)
        assert sorted(cell.value for cell in cells)[1].startswith("=HYPERLINK")


@pytest.mark.django_db
def test_an_unknown_export_shows_the_page(client, regiocoordinator):
    client.force_login(regiocoordinator)
    response = client.get(LIST + "?export=pdf")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.django_db
def test_the_page_links_to_the_exports_with_its_filters(client, regiocoordinator, projects):
    client.force_login(regiocoordinator)
    html = client.get(LIST + "?theme=woninginbraken&page=1").content.decode()
    assert 'href="?theme=woninginbraken&amp;export=csv"' in html
    assert 'href="?theme=woninginbraken&amp;export=xlsx"' in html
