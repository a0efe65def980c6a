"""The portfolio as CSV and Excel: the rows of projects.portfolio.query, nothing more."""

import csv
import io
from datetime import date

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from projects.portfolio.query import PortfolioRow


def export_columns() -> list[tuple[str, str]]:
    """(attribute, header) in the order of the exports; headers in the user's language."""
    return [
        ("title", _("Title")),
        ("theme_label", _("Theme")),
        ("status_label", _("Status")),
        ("projectleider", _("Project leader")),
        ("portefeuillehouder", _("Portfolio holder")),
        ("latest_status_label", _("Latest overall status")),
        ("start_date", _("Start date")),
        ("end_date", _("End date")),
        ("report_overdue", _("Progress report overdue")),
    ]


def _cell(row: PortfolioRow, attribute: str):
    value = getattr(row, attribute)
    if attribute == "report_overdue":
        return (_("yes") if value else _("no")) if row.details else ""
    return value


# Cells starting with these are formulas to a spreadsheet (CSV injection, OWASP).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def _csv_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.strftime("%d-%m-%Y")
    text = str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def csv_bytes(rows: list[PortfolioRow]) -> bytes:
    """UTF-8 with a byte order mark and semicolons: what Excel in Dutch opens directly."""
    columns = export_columns()
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([header for _attribute, header in columns])
    for row in rows:
        writer.writerow([_csv_text(_cell(row, attribute)) for attribute, _header in columns])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


XLSX_WIDTHS = {
    "title": 50,
    "theme_label": 30,
    "status_label": 30,
    "projectleider": 25,
    "portefeuillehouder": 25,
    "latest_status_label": 20,
    "start_date": 12,
    "end_date": 12,
    "report_overdue": 14,
}


def xlsx_bytes(rows: list[PortfolioRow], *, sheet_title: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    columns = export_columns()
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title[:31]
    sheet.append([header for _attribute, header in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row_number, row in enumerate(rows, start=2):
        for column_number, (attribute, _header) in enumerate(columns, start=1):
            value = _cell(row, attribute)
            cell = sheet.cell(row=row_number, column=column_number)
            if isinstance(value, date):
                cell.value = value
                cell.number_format = "DD-MM-YYYY"
            elif value is not None and value != "":
                cell.value = str(value)
                cell.data_type = "s"  # never a formula, whatever the text starts with
    for column_number, (attribute, _header) in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(column_number)].width = XLSX_WIDTHS[attribute]
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_filename(extension: str, today: date | None = None) -> str:
    today = today or timezone.localdate()
    return f"projectenportfolio-{today.isoformat()}.{extension}"


EXPORT_FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def export_response(rows: list[PortfolioRow], export: str) -> HttpResponse:
    """The rows as a dated download: `export` is a key of EXPORT_FORMATS."""
    if export == "csv":
        content = csv_bytes(rows)
    else:
        content = xlsx_bytes(rows, sheet_title=_("Projects"))
    response = HttpResponse(content, content_type=EXPORT_FORMATS[export])
    response["Content-Disposition"] = f'attachment; filename="{export_filename(export)}"'
    return response


