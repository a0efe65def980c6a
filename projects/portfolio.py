"""The portfolio: every project the user may see, as a table, a timeline and exports.

Every signed-in user sees the title, status and leader of every project. The rest of a
confidential project only the circle of projects.permissions.can_view_project_details
sees; `details_visible_q` is that predicate as a query, and `PortfolioRow` leaves the
other fields empty for everybody else, so that no page, export or chart can show them.

`timeline_svg` draws projects and milestones on the server; the reports reuse it.
"""

import csv
import functools
import io
from dataclasses import dataclass, field
from datetime import date

from django.db.models import (
    BooleanField,
    Case,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.http import HttpResponse
from django.utils import formats, timezone, translation
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from platform_ivz.core.roles import Role
from projects import report_selectors, selectors
from projects.evaluation_selectors import is_milestone_late
from projects.models import GroupMember, Milestone, ProgressReport, Project, RagStatus

REPORTED = (ProgressReport.Status.INGEDIEND, ProgressReport.Status.BESPROKEN)


# --- Selection -------------------------------------------------------------------------------


def details_visible_q(user) -> Q | None:
    """projects.permissions.can_view_project_details as a query; None means every project."""
    if user.has_role(Role.VOORZITTER, Role.REGIOCOORDINATOR, Role.DVO_LID):
        return None
    scope = (
        Q(vertrouwelijk=False)
        | Q(projectleider_id=user.pk)
        | Q(portefeuillehouder_id=user.pk)
        | Q(pk__in=GroupMember.objects.filter(user_id=user.pk).values("project_id"))
    )
    if user.organisation_id is not None:
        scope |= Q(request__organisation_id=user.organisation_id)
    return scope


def portfolio_projects(user, today: date | None = None) -> QuerySet[Project]:
    """Every project the user may know of, with what the portfolio shows, in one query.

    `details_visible`: may the user see more than title, status and leader;
    `latest_status`: overall status of the latest submitted progress report;
    `report_overdue`: a progress report still in draft after its due date, while the
    project runs (projects.report_selectors.overdue_q).
    """
    today = today or timezone.localdate()
    scope = details_visible_q(user)
    latest_report = (
        ProgressReport.objects.filter(project=OuterRef("pk"), status__in=REPORTED)
        .exclude(status_overall="")
        .order_by("-period_end", "-due_date", "-id")
    )
    # Overdue as the report area defines it, so that every page flags the same reports.
    overdue = ProgressReport.objects.filter(
        report_selectors.overdue_q(today), project=OuterRef("pk")
    )
    return (
        selectors.visible_projects(user)
        .annotate(
            details_visible=Value(True, output_field=BooleanField())
            if scope is None
            else Case(
                When(scope, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
            latest_status=Subquery(latest_report.values("status_overall")[:1]),
            report_overdue=Exists(overdue),
        )
        .order_by("title", "id")
    )


@dataclass(frozen=True)
class PortfolioRow:
    """One project as the portfolio may show it to this user. Without `details` only the
    title, status and leader are filled in."""

    pk: int
    url: str
    title: str
    status: str
    status_label: str
    projectleider: str
    details: bool
    vertrouwelijk: bool
    theme: str = ""
    theme_label: str = ""
    portefeuillehouder: str = ""
    latest_status: str = ""
    latest_status_label: str = ""
    start_date: date | None = None
    end_date: date | None = None
    report_overdue: bool = False


def portfolio_rows(projects) -> list[PortfolioRow]:
    """Rows of projects from `portfolio_projects`; no queries beyond the one that lists them."""
    rows = []
    for project in projects:
        common = {
            "pk": project.pk,
            "url": project.get_absolute_url(),
            "title": project.title,
            "status": project.status,
            "status_label": str(project.get_status_display()),
            "projectleider": str(project.projectleider) if project.projectleider_id else "",
            "details": bool(project.details_visible),
            "vertrouwelijk": project.vertrouwelijk,
        }
        if not project.details_visible:
            rows.append(PortfolioRow(**common))
            continue
        latest = project.latest_status or ""
        rows.append(
            PortfolioRow(
                **common,
                theme=project.theme,
                theme_label=str(project.get_theme_display()),
                portefeuillehouder=str(project.portefeuillehouder)
                if project.portefeuillehouder_id
                else "",
                latest_status=latest,
                latest_status_label=str(RagStatus(latest).label) if latest else "",
                start_date=project.start_date,
                end_date=project.end_date,
                report_overdue=bool(project.report_overdue),
            )
        )
    return rows


# --- Exports ---------------------------------------------------------------------------------


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


# --- Timeline --------------------------------------------------------------------------------


@dataclass(frozen=True)
class TimelineMilestone:
    name: str
    planned: date
    actual: date | None
    status_label: str
    late: bool


@dataclass(frozen=True)
class TimelineItem:
    label: str
    start: date
    end: date
    status_label: str = ""
    milestones: tuple[TimelineMilestone, ...] = field(default_factory=tuple)


def milestones_by_project(rows: list[PortfolioRow]) -> dict[int, list[Milestone]]:
    """Milestones of the rows the user may see in detail, in one query."""
    visible = [row.pk for row in rows if row.details]
    grouped: dict[int, list[Milestone]] = {pk: [] for pk in visible}
    if visible:
        for milestone in Milestone.objects.filter(project_id__in=visible).order_by(
            "planned_date", "id"
        ):
            grouped[milestone.project_id].append(milestone)
    return grouped


def timeline_items(
    rows: list[PortfolioRow], milestones: dict[int, list[Milestone]], today: date | None = None
) -> list[TimelineItem]:
    """The rows that can be drawn: seen in detail, with a start and an end date."""
    today = today or timezone.localdate()
    return [
        TimelineItem(
            label=row.title,
            start=row.start_date,
            end=row.end_date,
            status_label=row.status_label,
            milestones=tuple(
                TimelineMilestone(
                    name=milestone.name,
                    planned=milestone.planned_date,
                    actual=milestone.actual_date,
                    status_label=str(milestone.get_status_display()),
                    late=is_milestone_late(milestone, today),
                )
                for milestone in milestones.get(row.pk, [])
            ),
        )
        for row in rows
        if row.details and row.start_date and row.end_date and row.start_date <= row.end_date
    ]


def timeline_context(rows: list[PortfolioRow]) -> dict:
    """The portfolio page's timeline of `rows`: the SVG and its text alternative."""
    items = timeline_items(rows, milestones_by_project(rows))
    return {
        "timeline": items,
        "timeline_texts": [
            (row_text(item), [milestone_text(milestone) for milestone in item.milestones])
            for item in items
        ],
        "timeline_svg": timeline_svg(
            items,
            title=_("Timeline of the projects on this page"),
            description=_(
                "One bar per project from its start to its end date, with its milestones: "
                "an open diamond at the planned date, a dot at the actual date, and a square "
                "around a late one."
            ),
        ),
        "hidden_from_timeline": len(rows) - len(items),
    }


def _date_text(value: date) -> str:
    return _formatted_date(value, translation.get_language())


@functools.lru_cache(maxsize=4096)
def _formatted_date(value: date, language: str) -> str:
    """Formatting a date in words is slow and a page of timelines repeats few dates."""
    return formats.date_format(value, "j F Y")


def milestone_text(milestone: TimelineMilestone) -> str:
    text = _("%(name)s: planned %(planned)s") % {
        "name": milestone.name,
        "planned": _date_text(milestone.planned),
    }
    if milestone.actual:
        text += ", " + _("actual %(date)s") % {"date": _date_text(milestone.actual)}
    text += f" ({milestone.status_label})"
    if milestone.late:
        text += ", " + _("late")
    return text


# Layout of the chart, in SVG user units.
WIDTH = 960
LABEL_WIDTH = 300
RIGHT_MARGIN = 20
TOP = 40
ROW_HEIGHT = 30
BAR_HEIGHT = 12
LEGEND_HEIGHT = 50
FONT = 'font-family="system-ui, sans-serif"'
COLOURS = {
    "bar": "#9ec5fe",
    "bar_stroke": "#0b5394",
    "grid": "#adb5bd",
    "text": "#212529",
    "today": "#a4161a",
    "planned": "#1b3a5c",
    "actual": "#146c43",
    "late": "#a4161a",
}


def _diamond(x: float, y: float, size: float, stroke: str) -> str:
    corners = [(x, y - size), (x + size, y), (x, y + size), (x - size, y)]
    points = " ".join(f"{cx:.1f},{cy:.1f}" for cx, cy in corners)
    return f'<polygon points="{points}" fill="#ffffff" stroke="{stroke}" stroke-width="2"/>'


def timeline_svg(
    items: list[TimelineItem],
    *,
    title: str,
    description: str,
    today: date | None = None,
    id_prefix: str = "tijdlijn",
) -> SafeString:
    """Bars from start to end date with milestone markers and year ticks, as inline SVG.

    Planned dates are open diamonds, actual dates filled circles, and a late milestone
    has a square around its latest marker: shape tells them apart, not colour alone. Every
    text is escaped. Returns "" when there is nothing to draw.
    """
    if not items:
        return mark_safe("")  # noqa: S308 - an empty string
    today = today or timezone.localdate()
    dates = [d for item in items for d in (item.start, item.end)]
    dates += [m.planned for item in items for m in item.milestones]
    dates += [m.actual for item in items for m in item.milestones if m.actual]
    first_year, last_year = min(dates).year, max(dates).year
    span_start, span_end = date(first_year, 1, 1), date(last_year + 1, 1, 1)
    total_days = (span_end - span_start).days
    chart_left, chart_right = LABEL_WIDTH, WIDTH - RIGHT_MARGIN
    height = TOP + ROW_HEIGHT * len(items) + LEGEND_HEIGHT

    def x_of(day: date) -> float:
        return chart_left + (day - span_start).days / total_days * (chart_right - chart_left)

    title_id, desc_id = f"{id_prefix}-titel", f"{id_prefix}-omschrijving"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" role="img" aria-labelledby="{escape(title_id)} {escape(desc_id)}" '
        f'class="timeline-svg" {FONT} font-size="12">',
        f'<title id="{escape(title_id)}">{escape(title)}</title>',
        f'<desc id="{escape(desc_id)}">{escape(description)}</desc>',
        f'<rect x="0" y="0" width="{WIDTH}" height="{height}" fill="#ffffff"/>',
    ]
    # Year ticks: a line at each 1 January, the year between two lines.
    bottom = TOP + ROW_HEIGHT * len(items)
    for year in range(first_year, last_year + 2):
        x = x_of(date(year, 1, 1))
        parts.append(
            f'<line x1="{x:.1f}" y1="{TOP - 16}" x2="{x:.1f}" y2="{bottom}" '
            f'stroke="{COLOURS["grid"]}" stroke-width="1"/>'
        )
        if year <= last_year:
            middle = (x + x_of(date(year + 1, 1, 1))) / 2
            parts.append(
                f'<text x="{middle:.1f}" y="{TOP - 20}" text-anchor="middle" '
                f'fill="{COLOURS["text"]}" font-weight="600">{year}</text>'
            )
    for index, item in enumerate(items):
        y = TOP + index * ROW_HEIGHT
        middle = y + ROW_HEIGHT / 2
        label = Truncator(item.label).chars(40)
        parts.append(f"<g><title>{escape(row_text(item))}</title>")
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{middle + 4:.1f}" text-anchor="end" '
            f'fill="{COLOURS["text"]}">{escape(label)}</text>'
        )
        x_start, x_end = x_of(item.start), x_of(item.end)
        parts.append(
            f'<rect x="{x_start:.1f}" y="{middle - BAR_HEIGHT / 2:.1f}" '
            f'width="{max(x_end - x_start, 2):.1f}" height="{BAR_HEIGHT}" rx="2" '
            f'fill="{COLOURS["bar"]}" stroke="{COLOURS["bar_stroke"]}" stroke-width="1"/>'
        )
        parts.append("</g>")
        for milestone in item.milestones:
            parts.append(f"<g><title>{escape(milestone_text(milestone))}</title>")
            colour = COLOURS["late"] if milestone.late else COLOURS["planned"]
            parts.append(_diamond(x_of(milestone.planned), middle, 6, colour))
            if milestone.actual:
                fill = COLOURS["late"] if milestone.late else COLOURS["actual"]
                parts.append(
                    f'<circle cx="{x_of(milestone.actual):.1f}" cy="{middle:.1f}" r="4" '
                    f'fill="{fill}"/>'
                )
            if milestone.late:  # a square around the latest marker: late, by shape too
                x = x_of(milestone.actual or milestone.planned)
                parts.append(
                    f'<rect x="{x - 8:.1f}" y="{middle - 8:.1f}" width="16" height="16" '
                    f'fill="none" stroke="{COLOURS["late"]}" stroke-width="1.5"/>'
                )
            parts.append("</g>")
    if span_start <= today < span_end:
        x = x_of(today)
        parts.append(
            f'<line x1="{x:.1f}" y1="{TOP - 8}" x2="{x:.1f}" y2="{bottom}" '
            f'stroke="{COLOURS["today"]}" stroke-width="1.5" stroke-dasharray="4 3"/>'
        )
        parts.append(
            f'<text x="{x + 3:.1f}" y="{TOP - 4}" fill="{COLOURS["today"]}" '
            f'font-size="10">{escape(_("today"))}</text>'
        )
    parts.extend(_legend(bottom + 28))
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above went through escape()


def _text_width(text: str) -> float:
    """A generous estimate at font size 12, enough to keep legend entries apart."""
    return len(text) * 6.8


def _legend(y: int) -> list[str]:
    """Bar, planned, actual and late: each symbol with its label, side by side."""

    def bar(x):
        return (
            f'<rect x="{x:.1f}" y="{y - 6}" width="24" height="{BAR_HEIGHT}" rx="2" '
            f'fill="{COLOURS["bar"]}" stroke="{COLOURS["bar_stroke"]}" stroke-width="1"/>'
        )

    def planned(x):
        return _diamond(x + 6, y, 6, COLOURS["planned"])

    def actual(x):
        return f'<circle cx="{x + 6:.1f}" cy="{y}" r="4" fill="{COLOURS["actual"]}"/>'

    def late(x):
        return (
            f'<rect x="{x - 2:.1f}" y="{y - 8}" width="16" height="16" fill="none" '
            f'stroke="{COLOURS["late"]}" stroke-width="1.5"/>'
        )

    entries = [
        (bar, 24, _("project, start to end date")),
        (planned, 12, _("milestone, planned date")),
        (actual, 12, _("actual date")),
        (late, 12, _("late, in a square")),
    ]
    parts = []
    x = 20.0
    for symbol, width, label in entries:
        parts.append(symbol(x))
        parts.append(
            f'<text x="{x + width + 6:.1f}" y="{y + 4}" fill="{COLOURS["text"]}">'
            f"{escape(label)}</text>"
        )
        x += width + 6 + _text_width(label) + 24
    return parts


def row_text(item: TimelineItem) -> str:
    """The timeline's text for one project: its title, period and status."""
    text = _("%(title)s: %(start)s to %(end)s") % {
        "title": item.label,
        "start": _date_text(item.start),
        "end": _date_text(item.end),
    }
    if item.status_label:
        text += f" ({item.status_label})"
    return text
