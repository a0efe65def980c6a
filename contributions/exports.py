"""The contribution table, the hours and the budget as CSV (for Dutch Excel) and as .xlsx.

CSV: UTF-8 with a byte order mark, semicolons, decimal commas, no thousands separators.
Excel: real numbers with a number format. Text that a spreadsheet would run as a formula
(starting with = + - @) gets a leading apostrophe.
"""

import csv
import datetime
import io
from dataclasses import dataclass, field
from decimal import Decimal

from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from contributions import selectors
from contributions.calculations import CENT, TENTH, round_euro

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# kind → (how a value is written to CSV, Excel number format)
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


@dataclass
class Sheet:
    title: str
    columns: list[tuple[str, str]]  # (header, kind)
    rows: list[list] = field(default_factory=list)
    footer: list[list] = field(default_factory=list)  # totals, in bold in Excel


def _safe_text(value) -> str:
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _typed(value, kind):
    """The value as it goes into a cell: rounded like the page shows it."""
    if value is None or value == "":
        return None
    if kind == EURO:
        return round_euro(Decimal(value))
    if kind == CENTS:
        return Decimal(value).quantize(CENT)
    if kind == HOURS:
        return Decimal(value).quantize(TENTH)
    if kind == SHARE:
        return Decimal(value).quantize(Decimal("0.0001"))
    if kind in (INTEGER, DATE):
        return value
    return _safe_text(value)


def _csv_value(value, kind) -> str:
    value = _typed(value, kind)
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f").replace(".", ",")
    if isinstance(value, datetime.date):
        return value.strftime("%d-%m-%Y")
    return str(value)


def csv_response(sheet: Sheet, filename: str) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([_safe_text(header) for header, _kind in sheet.columns])
    kinds = [kind for _header, kind in sheet.columns]
    for row in sheet.rows + sheet.footer:
        writer.writerow(_csv_value(value, kind) for value, kind in zip(row, kinds, strict=True))
    response = HttpResponse(
        ("\ufeff" + buffer.getvalue()).encode("utf-8"), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def xlsx_response(sheets: list[Sheet], filename: str) -> HttpResponse:
    workbook = Workbook()
    workbook.remove(workbook.active)
    bold = Font(bold=True)
    for sheet in sheets:
        worksheet = workbook.create_sheet(sheet.title[:31])
        worksheet.append([_safe_text(header) for header, _kind in sheet.columns])
        for cell in worksheet[1]:
            cell.font = bold
        kinds = [kind for _header, kind in sheet.columns]
        for row in sheet.rows + sheet.footer:
            worksheet.append([_typed(value, kind) for value, kind in zip(row, kinds, strict=True)])
        for row_cells in worksheet.iter_rows(min_row=2):
            for cell, kind in zip(row_cells, kinds, strict=True):
                if kind in EXCEL_FORMATS and cell.value is not None:
                    cell.number_format = EXCEL_FORMATS[kind]
        for row_cells in worksheet.iter_rows(min_row=worksheet.max_row - len(sheet.footer) + 1):
            if sheet.footer:
                for cell in row_cells:
                    cell.font = bold
        for index, (header, _kind) in enumerate(sheet.columns, start=1):
            worksheet.column_dimensions[get_column_letter(index)].width = max(12, len(header) + 2)
        worksheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


# The three exports ---------------------------------------------------------------------------


def table_sheet(table: selectors.ContributionTable) -> Sheet:
    sheet = Sheet(
        title=_("Contributions %(year)s") % {"year": table.settings.year},
        columns=[
            (_("Municipality"), TEXT),
            (_("Inhabitants"), INTEGER),
            (_("Bracket"), TEXT),
            (_("Hours per week"), HOURS),
            (_("Value of the labour"), EURO),
            (_("Surcharge per inhabitant"), CENTS),
            (_("Surcharge"), EURO),
            (_("Choice"), TEXT),
            (_("Contribution per inhabitant"), CENTS),
            (_("Inhabitant contribution"), EURO),
            (_("Surcharge due"), EURO),
            (_("Total to pay"), EURO),
        ],
    )
    for row in table.rows:
        sheet.rows.append(
            [
                row.organisation.name,
                row.population,
                row.bracket_label,
                row.hours_per_week,
                row.labour_value,
                row.surcharge_rate,
                row.surcharge_amount,
                row.choice_label,
                row.tariff,
                row.inwonersbijdrage,
                row.surcharge_due,
                row.total,
            ]
        )
    sheet.footer.append(
        [
            _("Total"),
            table.population,
            "",
            table.pledged_hours_per_week,
            table.labour_value_pledged,
            "",
            table.surcharge_amount,
            "",
            "",
            table.inwonersbijdrage,
            table.surcharge_due,
            table.total,
        ]
    )
    return sheet


def hours_sheets(overview: selectors.HoursOverview, user) -> list[Sheet]:
    year = overview.settings.year
    summary = Sheet(
        title=_("Hours %(year)s") % {"year": year},
        columns=[
            (_("Rank"), INTEGER),
            (_("Organisation"), TEXT),
            (_("Kind"), TEXT),
            (_("Status"), TEXT),
            (_("Pledged hours per week"), HOURS),
            (_("Pledged hours"), HOURS),
            (_("Pledged to date"), HOURS),
            (_("Delivered hours"), HOURS),
            (_("Delivered ÷ pledged"), SHARE),
        ],
    )
    for rank, entry in enumerate(overview.ranked, start=1):
        summary.rows.append(
            [
                rank,
                entry.organisation.name,
                entry.organisation.get_kind_display(),
                entry.status,
                entry.pledged_per_week,
                entry.pledged,
                entry.pledged_to_date,
                entry.delivered,
                entry.ratio,
            ]
        )
    summary.footer.append(
        [
            "",
            _("Total"),
            "",
            "",
            "",
            overview.pledged,
            overview.pledged_to_date,
            overview.delivered,
            overview.ratio,
        ]
    )
    details = Sheet(
        title=_("Hours per person %(year)s") % {"year": year},
        columns=[
            (_("Organisation"), TEXT),
            (_("Project"), TEXT),
            (_("Person"), TEXT),
            (_("Role"), TEXT),
            (_("Hours per week"), HOURS),
            (_("From"), DATE),
            (_("Until"), DATE),
            (_("Days"), INTEGER),
            (_("Hours"), HOURS),
        ],
    )
    selectors.hide_confidential_work(overview.organisations, user)
    for entry in overview.organisations:
        for delivery in entry.deliveries:
            details.rows.append(
                [
                    entry.organisation.name,
                    delivery.project.title,
                    delivery.person,
                    delivery.role,
                    delivery.hours_per_week,
                    delivery.start,
                    delivery.end,
                    delivery.days,
                    delivery.hours,
                ]
            )
        if entry.confidential:
            details.rows.append(_confidential_row(entry))
    return [summary, details]


def _confidential_row(entry: selectors.OrganisationHours) -> list:
    """The confidential projects this user may not see, as the factsheet shows them: one
    row with the hours, without projects, people, roles or dates."""
    hidden = entry.confidential
    projects = ngettext(
        "One confidential project", "%(counter)s confidential projects", hidden.projects
    ) % {"counter": hidden.projects}
    return [
        entry.organisation.name,
        projects,
        _("Confidential"),
        "",
        hidden.hours_per_week,
        None,
        None,
        None,
        hidden.hours,
    ]


def budget_sheet(budget: selectors.Budget) -> Sheet:
    sheet = Sheet(
        title=_("Budget %(year)s") % {"year": budget.settings.year},
        columns=[
            (_("Part"), TEXT),
            (_("Description"), TEXT),
            (_("Planned"), CENTS),
            (_("Realised"), CENTS),
            (_("Charged to the Platform, planned"), CENTS),
            (_("Charged to the Platform, realised"), CENTS),
        ],
    )
    income = _("Income")
    sheet.rows.append([income, _("Inhabitant contributions"), budget.inwonersbijdragen, "", "", ""])
    sheet.rows.append([income, _("Surcharges"), budget.surcharges, "", "", ""])
    for line in budget.income_lines:
        sheet.rows.append(
            [income, f"{line.get_kind_display()}: {line.description}", line.amount, "", "", ""]
        )
    sheet.rows.append([income, _("Total income"), budget.income, "", "", ""])
    costs = _("Costs")
    for project in budget.projects:
        title = project.title
        if project.project is None:
            title = _("%(title)s (%(count)s)") % {"title": title, "count": project.project_count}
        sheet.rows.append(
            [
                costs,
                title,
                project.planned_total,
                project.realised_total,
                project.planned_platform,
                project.realised_platform,
            ]
        )
    sheet.footer.append(
        [
            costs,
            _("Total costs"),
            budget.planned_total,
            budget.realised_total,
            budget.planned_platform,
            budget.realised_platform,
        ]
    )
    sheet.footer.append(
        [
            _("Balance"),
            _("Income minus costs charged to the Platform"),
            "",
            "",
            budget.balance_planned,
            budget.balance_realised,
        ]
    )
    return sheet
