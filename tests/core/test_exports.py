"""The shared table exports: CSV for Dutch Excel, .xlsx, and the guard against formulas."""

import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from platform_ivz.core import exports

FORMULAS = ['=HYPERLINK("http://example.com")', "+31 6", "-1+1", "@SUM(A1)", "\tx", "\rx"]


def _sheet(**options) -> exports.Sheet:
    return exports.Sheet(
        title="Blad",
        columns=[("Naam", exports.TEXT), ("Bedrag", exports.CENTS), ("Datum", exports.DATE)],
        rows=[[text, Decimal("1234.565"), datetime.date(2026, 9, 1)] for text in FORMULAS],
        footer=[["Totaal", Decimal("10"), None]],
        **options,
    )


@pytest.mark.parametrize("text", FORMULAS)
def test_the_guard_puts_an_apostrophe_before_a_formula(text):
    assert exports.guard_formula(text) == "'" + text


def test_the_guard_leaves_other_text_alone():
    assert exports.guard_formula("Hengelo (O)") == "Hengelo (O)"
    assert exports.guard_formula(12) == "12"


def test_csv_is_utf8_with_a_bom_semicolons_and_decimal_commas():
    content = exports.csv_bytes(_sheet())
    assert content.startswith("\ufeff".encode())
    lines = content.decode("utf-8-sig").split("\r\n")
    assert lines[0] == "Naam;Bedrag;Datum"
    assert lines[1] == '"\'=HYPERLINK(""http://example.com"")";1234,57;01-09-2026'
    assert lines[-2] == "Totaal;10,00;"


def test_excel_never_holds_a_formula_and_keeps_the_text_as_typed():
    content = exports.xlsx_bytes([_sheet()])
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook["Blad"]
    cells = [row[0] for row in sheet.iter_rows(min_row=2, max_row=len(FORMULAS) + 1)]
    assert all(cell.data_type == "s" for cell in cells)
    expected = FORMULAS

    # Read back without lxml a carriage return comes back as a line feed, with lxml (which
    # pikepdf brings) as itself: compare the text, not the line ends.
    def text(value):
        return value.replace("\r", "\n")

    assert [text(cell.value) for cell in cells] == [text(value) for value in expected]
    assert sheet["B2"].number_format == '"€" #,##0.00'
    assert sheet["C2"].value == datetime.datetime(2026, 9, 1)
    assert all(cell.font.bold for cell in sheet[1]) and sheet[len(FORMULAS) + 2][0].font.bold


def test_the_download_names_its_file():
    response = exports.csv_response(_sheet(), "uren-2026")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="uren-2026.csv"'
