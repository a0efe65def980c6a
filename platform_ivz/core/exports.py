"""Tables as downloads: CSV for Dutch Excel and .xlsx, for every export of the platform.

CSV: UTF-8 with a byte order mark, semicolons, decimal commas, no thousands separators, dates
as 31-12-2026: what Excel in Dutch opens directly. Excel: real numbers and dates with a number
format, text always as a text cell, which a spreadsheet never runs, so it keeps the text as
typed. In CSV, which has no cell types, text that a spreadsheet would run as a formula
(starting with = + - @, a tab or a carriage return; CSV injection, OWASP) gets a leading
apostrophe.
"""

import csv
import datetime
import io
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.http import HttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# A column's kind: how its values are rounded and written (CSV text, Excel number format).
EURO, CENTS, HOURS, INTEGER, SHARE, TEXT, DATE = (
    "euro",
    "cents",
    "hours",
    "integer",
    "share",
    "text",
    "date",
)
EXCEL_FORMATS = {
    EURO: '"€" #,##0',
    CENTS: '"€" #,##0.00',
    HOURS: "0.0",
    INTEGER: "#,##0",
    SHARE: "0%",
    DATE: "DD-MM-YYYY",
}
ROUNDING = {
    EURO: Decimal("1"),
    CENTS: Decimal("0.01"),
    HOURS: Decimal("0.1"),
    SHARE: Decimal("0.0001"),
}
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass
class Sheet:
    title: str
    columns: list[tuple[str, str]]  # (header, kind)
    rows: list[list] = field(default_factory=list)
    footer: list[list] = field(default_factory=list)  # totals, in bold in Excel
    widths: list[int] | None = None  # Excel column widths; by default from the headers
    auto_filter: bool = False  # Excel's filter buttons on the header row


def guard_formula(value) -> str:
    """The value as text, with an apostrophe before what a spreadsheet would run."""
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _typed(value, kind):
    """The value as it goes into a cell: rounded like the page shows it; text as text."""
    if value is None or value == "":
        return None
    if kind in ROUNDING:
        return Decimal(value).quantize(ROUNDING[kind], rounding=ROUND_HALF_UP)
    if kind in (INTEGER, DATE):
        return value
    return str(value)


def _csv_value(value, kind) -> str:
    value = _typed(value, kind)
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f").replace(".", ",")
    if isinstance(value, datetime.date):
        return value.strftime("%d-%m-%Y")
    return guard_formula(value) if kind == TEXT else str(value)


def csv_bytes(sheet: Sheet) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([guard_formula(header) for header, _kind in sheet.columns])
    kinds = [kind for _header, kind in sheet.columns]
    for row in sheet.rows + sheet.footer:
        writer.writerow(_csv_value(value, kind) for value, kind in zip(row, kinds, strict=True))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(sheets: list[Sheet]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    for sheet in sheets:
        _fill_worksheet(workbook.create_sheet(sheet.title[:31]), sheet)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _fill_worksheet(worksheet, sheet: Sheet) -> None:
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    bold = Font(bold=True)
    for column, (header, _kind) in enumerate(sheet.columns, start=1):
        _write(worksheet.cell(row=1, column=column), header, TEXT).font = bold
    kinds = [kind for _header, kind in sheet.columns]
    first_footer_row = len(sheet.rows) + 2
    for row_number, row in enumerate(sheet.rows + sheet.footer, start=2):
        for column, (value, kind) in enumerate(zip(row, kinds, strict=True), start=1):
            cell = _write(worksheet.cell(row=row_number, column=column), value, kind)
            if row_number >= first_footer_row:
                cell.font = bold
    widths = sheet.widths or [max(12, len(header) + 2) for header, _kind in sheet.columns]
    for column, width in enumerate(widths, start=1):
        worksheet.column_dimensions[get_column_letter(column)].width = width
    worksheet.freeze_panes = "A2"
    if sheet.auto_filter:
        worksheet.auto_filter.ref = worksheet.dimensions


def _write(cell, value, kind: str):
    value = _typed(value, kind)
    if value is None:
        return cell
    if isinstance(value, str):
        cell.value = value
        cell.data_type = "s"  # never a formula, whatever the text starts with
        return cell
    cell.value = value
    if kind in EXCEL_FORMATS:
        cell.number_format = EXCEL_FORMATS[kind]
    return cell


def download(content: bytes, filename: str, extension: str) -> HttpResponse:
    """The content as an attachment named `filename.extension` ("csv" or "xlsx")."""
    response = HttpResponse(content, content_type=CONTENT_TYPES[extension])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{extension}"'
    return response


def csv_response(sheet: Sheet, filename: str) -> HttpResponse:
    return download(csv_bytes(sheet), filename, "csv")


def xlsx_response(sheets: list[Sheet], filename: str) -> HttpResponse:
    return download(xlsx_bytes(sheets), filename, "xlsx")
