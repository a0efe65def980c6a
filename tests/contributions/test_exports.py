"""Exports: CSV for Dutch Excel (BOM, semicolons, decimal commas) and .xlsx; they parse back."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from contributions.models import Choice
from tests.contributions import builders
from tests.factories import IncomeLineFactory, PartnerPledgeFactory

FORMULA = '=HYPERLINK("http://example.com")'


@pytest.fixture
def data(year_2018):
    year_2018.municipalities.filter(organisation__name="Borne").update(choice=Choice.SURCHARGE)
    almelo = year_2018.municipalities.get(organisation__name="Almelo").organisation
    project = builders.project(FORMULA, start=datetime.date(2018, 1, 1))
    builders.member(
        project, organisation=almelo, name="Jan", hours="7", start=datetime.date(2018, 1, 1)
    )
    builders.budget_line(project, year=2018, planned="1234.56", realised="1000")
    IncomeLineFactory(settings=year_2018, description="Provincie", amount=Decimal("5000.50"))
    PartnerPledgeFactory(settings=year_2018, hours_per_week=Decimal("8"))
    return year_2018


def read_csv(response) -> list[list[str]]:
    body = response.content
    assert body.startswith(b"\xef\xbb\xbf")
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))


def number(text: str) -> Decimal:
    return Decimal(text.replace(",", "."))


def test_the_table_as_csv(client, platformlid, data):
    client.force_login(platformlid)
    response = client.get("/bijdragen/2018/bijdragen.csv")
    assert response["Content-Disposition"] == 'attachment; filename="bijdragen-2018.csv"'
    header, *rows, total = read_csv(response)
    assert len(header) == 12 and len(rows) == 14
    by_name = {row[0]: row for row in rows}
    almelo = by_name["Almelo"]
    assert almelo[1] == "72300"
    assert number(almelo[4]) == 11667 and number(almelo[6]) == 10845
    assert number(almelo[5]) == Decimal("0.15") and almelo[5] == "0,15"
    assert number(by_name["Enschede"][6]) == 15830
    borne = by_name["Borne"]
    assert number(borne[9]) == 4423 and number(borne[10]) == 3317 and number(borne[11]) == 7740
    assert total[1] == "624258"
    assert number(total[9]) == 124852


def test_the_table_as_excel(client, platformlid, data):
    client.force_login(platformlid)
    response = client.get("/bijdragen/2018/bijdragen.xlsx")
    assert response["Content-Disposition"] == 'attachment; filename="bijdragen-2018.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    header, *body, total = rows
    by_name = {row[0]: row for row in body}
    assert by_name["Hellendoorn"][6] == 7118
    assert by_name["Hellendoorn"][1] == 35590
    assert total[9] == 124852
    assert sheet["B2"].number_format == "#,##0"


def test_the_hours_as_csv_and_excel(client, platformlid, data):
    client.force_login(platformlid)
    header, *rows, total = read_csv(client.get("/bijdragen/2018/uren.csv"))
    by_name = {row[1]: row for row in rows}
    assert header[7] == _("Delivered hours")
    assert number(by_name["Almelo"][7]) == 365  # 7 hours a week all year
    assert number(by_name["Almelo"][5]) == number(by_name["Almelo"][6]) == 312  # a past year
    assert number(by_name["Almelo"][8]) == Decimal("1.1699")  # 365 ÷ 312
    assert number(by_name["Politie Oost-Nederland (district Twente)"][5]) == 416
    assert by_name["Borne"][8] == ""  # pays the surcharge: no share
    workbook = load_workbook(io.BytesIO(client.get("/bijdragen/2018/uren.xlsx").content))
    summary, details = workbook.worksheets
    assert summary.max_row == len(rows) + 2
    detail_rows = list(details.iter_rows(min_row=2, values_only=True))
    assert detail_rows[0][0] == "Almelo"
    assert detail_rows[0][1] == FORMULA  # as typed, in a text cell: never a formula
    assert details["B2"].data_type == "s"
    assert detail_rows[0][7] == 365
    assert isinstance(detail_rows[0][5], datetime.datetime)


def test_the_budget_as_csv_and_excel(client, platformlid, data):
    client.force_login(platformlid)
    rows = read_csv(client.get("/bijdragen/2018/begroting.csv"))
    by_description = {row[1]: row for row in rows[1:]}
    assert any(text.endswith("Provincie") for text in by_description)
    [project_row] = [row for row in rows if row[1].startswith("'=")]
    assert number(project_row[2]) == Decimal("1234.56")
    balance = rows[-1]
    income = Decimal("124852") + Decimal("3317") + Decimal("5000.50")
    assert number(balance[4]) == income - Decimal("1234.56")
    sheet = load_workbook(io.BytesIO(client.get("/bijdragen/2018/begroting.xlsx").content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[-1][5] == pytest.approx(float(income - 1000))


def test_an_unknown_year_has_no_export(client, platformlid, data):
    client.force_login(platformlid)
    assert client.get("/bijdragen/1999/bijdragen.csv").status_code == 404
