"""The marap (managementrapportage) of a year, as of a peildatum (docs/ARCHITECTURE.md §6, seed §7).

Every project running on the peildatum with its status on time, money and scope, its latest
progress, late milestones, indicators against target and spending; the beslispunten waiting
for the DVO; the progress reports missing on the peildatum; the hours delivered so far this
year against the pledges. A confidential project shows only its title, status and leader.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, replace
from decimal import Decimal

from django.utils import translation
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from contributions import charts as hours_charts
from contributions import selectors as contribution_selectors
from contributions.calculations import year_bounds
from contributions.models import YearSettings
from platform_ivz.core.charts import REPORT_FONT
from projects.models import RagStatus
from projects.money import total as money_total
from reporting import charts
from reporting.data import marap as marap_selectors
from reporting.data.marap import MarapProject
from reporting.data.summary import awaiting_dvo
from reporting.summary import HoursFigures, build_summary, marap_rows

ZERO = Decimal("0")
# Rows in one chart: a taller chart would not fit on an A4 page.
CHART_ROWS = 15


def default_peildatum(year: int) -> datetime.date:
    """The marap goes to the DVO in September: 1 September of the year."""
    return datetime.date(year, 9, 1)


def toc() -> list[tuple[str, str]]:
    return [
        ("samenvatting", _("Summary")),
        ("marap-overzicht", _("Overview")),
        ("marap-projecten", _("Projects")),
        ("marap-beslispunten", _("Decision points for the DVO")),
        ("marap-rapportages", _("Missing progress reports")),
        ("marap-financien", _("Spending to date")),
        ("marap-uren", _("Hours delivered against pledged")),
        ("colofon", _("Colophon")),
    ]


@dataclass(frozen=True)
class ProjectItem:
    """A row of a list across projects (beslispunten, missing reports)."""

    project_title: str
    projectleider: str
    item: object


@dataclass(frozen=True)
class HoursRow:
    name: str
    is_gemeente: bool
    pledged_year: Decimal
    pledged_to_date: Decimal
    delivered: Decimal
    ratio: Decimal | None
    status: str


@dataclass(frozen=True)
class Hours:
    until: datetime.date
    rows: list[HoursRow]
    pledged_year: Decimal
    pledged_to_date: Decimal
    delivered: Decimal
    ratio: Decimal | None
    chart: str


def _overall(project: MarapProject) -> str:
    report = project.details.latest_report
    return report.overall.code if report and report.overall else ""


def _rag_counts(projects: list[MarapProject]) -> list[tuple[str, str, int]]:
    """(code, words, number of projects) per overall status, and those without a report."""
    counts = Counter(_overall(project) for project in projects)
    rows = [(code, str(label), counts.get(code, 0)) for code, label in RagStatus.choices]
    rows.append(("", _("no progress report yet"), counts.get("", 0)))
    return rows


def _unit(value: Decimal, unit: str) -> str:
    """12,5 dossiers: the value in Dutch notation without trailing zeros, and its unit."""
    value = Decimal(value).normalize()
    decimals = max(-value.as_tuple().exponent, 0)
    with translation.override("nl"):
        text = number_format(value, decimals, use_l10n=True, force_grouping=True)
    return f"{text} {unit}".strip()


def _spending_charts(projects: list[MarapProject], year: int) -> list[str]:
    """Budget against spent to date, one chart per CHART_ROWS projects so each fits a page."""
    rows = [
        charts.PairedBar(
            label=project.title,
            first=project.details.budget_total,
            second=project.details.spent_to_date,
        )
        for project in projects
        if project.details.budget_total or project.details.spent_to_date
    ]
    return [
        charts.budget_chart(
            rows[start : start + CHART_ROWS],
            id_prefix=f"marap-budget-{year}-{start // CHART_ROWS + 1}",
            title=_("Budget of the running projects against the amount spent to date"),
            second_label=_("spent to date"),
        )
        for start in range(0, len(rows), CHART_ROWS)
    ]


def _hours(year: int, peildatum: datetime.date) -> Hours | None:
    """Hours delivered in the year up to the peildatum against the pledge due by then."""
    try:
        settings = contribution_selectors.year_settings(year)
    except YearSettings.DoesNotExist:
        return None
    first, last = year_bounds(year)
    until = min(max(peildatum, first), last)
    overview = contribution_selectors.hours_overview(settings, until=until)
    entries = overview.ranked
    title = _(
        "Hours pledged and in project groups in %(year)s, up to and including %(date)s"
    ) % {"year": year, "date": date_format(until, "j F Y")}
    # A chart whose every value is zero has names without bars: the template says so.
    chart = ""
    if charts.has_hours(entries):
        chart = hours_charts.hours_chart(
            entries,
            title=title,
            description=_(
                "For each municipality and partner, ranked by hours in project groups divided by "
                "pledged: the part of the year's pledge due by the peildatum (hatched bar) and the "
                "hours planned in project groups up to then (solid bar). The figures are also in "
                "the table."
            ),
            id_prefix=f"marap-uren-{year}",
            font=REPORT_FONT,
            in_project_groups=True,
        )
    return Hours(
        until=until,
        rows=[
            HoursRow(
                name=entry.organisation.name,
                is_gemeente=entry.is_gemeente,
                pledged_year=entry.pledged,
                pledged_to_date=entry.pledged_to_date,
                delivered=entry.delivered,
                ratio=entry.ratio,
                status=entry.status,
            )
            for entry in entries
        ],
        pledged_year=overview.pledged,
        pledged_to_date=overview.pledged_to_date,
        delivered=overview.delivered,
        ratio=overview.ratio,
        chart=chart,
    )


def build_context(*, year: int, peildatum: datetime.date | None = None) -> dict:
    """What reporting/pdf/marap.html shows; reads only, a fixed number of queries."""
    peildatum = peildatum or default_peildatum(year)
    projects = marap_selectors.marap_projects(year=year, peildatum=peildatum)
    open_projects = [project for project in projects if project.details]
    beslispunten = [
        ProjectItem(project.title, project.projectleider, beslispunt)
        for project in open_projects
        for beslispunt in project.details.beslispunten
    ]
    missing = [
        ProjectItem(project.title, project.projectleider, report)
        for project in open_projects
        for report in project.details.missing_reports
    ]
    money = money_total(p.details.money for p in open_projects)
    hours = _hours(year, peildatum)
    # The beslispunten the marap lists (running projects); plans and evaluations of all.
    awaiting = replace(awaiting_dvo(peildatum), beslispunten=len(beslispunten))
    summary = build_summary(
        marap_rows(projects),
        as_of=peildatum,
        money=money,
        money_label=_("all years, to date"),
        hours=HoursFigures(
            pledged=hours.pledged_to_date, planned=hours.delivered, until=hours.until
        )
        if hours
        else None,
        awaiting=awaiting,
    )
    budget_year = sum((p.details.budget_year for p in open_projects), ZERO)
    unreported = sum(1 for p in open_projects if p.details.spent_to_date is None)
    return {
        "toc": toc(),
        "year": year,
        "peildatum": peildatum,
        "projects": projects,
        "confidential_count": len(projects) - len(open_projects),
        "rag_counts": _rag_counts(open_projects),
        "late_milestone_count": sum(len(p.details.late_milestones) for p in open_projects),
        "beslispunten": beslispunten,
        "missing_reports": missing,
        "finance": {
            "budget_year": budget_year,
            "budget_total": money.planned,
            # The known amounts; None (not € 0) when no running project reported any.
            "spent": money.spent,
            "share": money.share,
            "unreported": unreported,
            "charts": _spending_charts(open_projects, year),
        },
        "hours": hours,
        "summary": summary,
        "summary_kind": "marap",
    }
