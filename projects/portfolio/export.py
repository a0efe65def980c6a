"""The portfolio as CSV and Excel: the rows of projects.portfolio.query, nothing more."""

from datetime import date

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from platform_ivz.core import exports
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
DATES = {"start_date", "end_date"}


def portfolio_sheet(rows: list[PortfolioRow], *, sheet_title: str) -> exports.Sheet:
    columns = export_columns()
    return exports.Sheet(
        title=sheet_title,
        columns=[
            (header, exports.DATE if attribute in DATES else exports.TEXT)
            for attribute, header in columns
        ],
        rows=[[_cell(row, attribute) for attribute, _header in columns] for row in rows],
        widths=[XLSX_WIDTHS[attribute] for attribute, _header in columns],
        auto_filter=True,
    )


def export_filename(today: date | None = None) -> str:
    today = today or timezone.localdate()
    return f"projectenportfolio-{today.isoformat()}"


EXPORT_FORMATS = exports.CONTENT_TYPES


def export_response(rows: list[PortfolioRow], export: str) -> HttpResponse:
    """The rows as a dated download: `export` is a key of EXPORT_FORMATS."""
    sheet = portfolio_sheet(rows, sheet_title=_("Projects"))
    if export == "csv":
        return exports.csv_response(sheet, export_filename())
    return exports.xlsx_response([sheet], export_filename())
