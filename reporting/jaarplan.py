"""The jaarplan's content (docs/ARCHITECTURE.md §6): the focus themes and every running and planned
project of the year, the contributions and capacity per gemeente and partner, the year's
budget, and the calendar of meetings and report dates.

Pure reads; the number of queries does not grow with the number of projects. Which projects
belong to a year is decided in reporting.data.annual. Confidential projects appear in a
section of their own with title, status and projectleider only; their money is left out of
every amount, and the report says so.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from contributions import selectors as contribution_selectors
from contributions.calculations import round_euro
from contributions.models import YearSettings
from platform_ivz.core.formatting import dutch_date
from projects.models import BudgetLine, Project
from projects.money import Money
from projects.money import total as money_total
from reporting import charts
from reporting.charts import PairedBar
from reporting.data import annual as annual_selectors
from reporting.data.annual import AnnualProject
from reporting.data.summary import awaiting_dvo
from reporting.summary import HoursFigures, Summary, annual_rows, build_summary

ZERO = Decimal("0")
PLATFORM_SOURCES = contribution_selectors.CHARGED_TO_PLATFORM


@dataclass
class ThemeSection:
    key: str
    label: str
    anchor: str
    projects: list[AnnualProject]
    budget_chart: str = ""
    no_chart_text: str = ""

    @property
    def planned(self) -> Decimal:
        return sum((project.planned for project in self.projects), ZERO)

    @property
    def money(self) -> Money:
        return money_total(project.money for project in self.projects)

    @property
    def realised(self) -> Decimal | None:
        """Spent by the section's projects; None when none of them reported."""
        return self.money.spent

    @property
    def running(self) -> int:
        return sum(1 for p in self.projects if not p.is_new and not p.is_closed)

    @property
    def new(self) -> int:
        return sum(1 for project in self.projects if project.is_new)


def platform_share(project: AnnualProject) -> Decimal:
    """What of the project's planned budget the Platform's own income pays."""
    return sum(
        (line.planned for line in project.budget_lines if line.funding_source in PLATFORM_SOURCES),
        ZERO,
    )


def theme_sections(
    projects: list[AnnualProject],
    *,
    chart_title: str,
    second_label: str,
    second_value: Callable[[AnnualProject], Decimal],
    no_chart_text: str,
) -> list[ThemeSection]:
    """Open projects grouped by focus theme, in the seed's order; empty themes left out.

    Each section has a chart of the planned budget per project against `second_value`, or,
    when every amount is zero or unknown, `no_chart_text` instead (a chart without bars).
    """
    sections = []
    for key, label in Project.Theme.choices:
        members = [p for p in projects if not p.vertrouwelijk and p.theme == key]
        if members:
            sections.append(
                ThemeSection(key=key, label=str(label), anchor=f"theme-{key}", projects=members)
            )
    for section in sections:
        rows = [
            PairedBar(project.title, project.planned, second_value(project))
            for project in section.projects
        ]
        if not charts.has_bars(rows):
            section.no_chart_text = no_chart_text
            continue
        section.budget_chart = charts.budget_chart(
            rows,
            id_prefix=f"budget-{section.key}",
            title=chart_title % {"theme": section.label},
            second_label=second_label,
            # The amounts stand in each project's budget right below the chart.
            value_texts=False,
        )
    return sections


def add_indicator_texts(projects: list[AnnualProject]) -> None:
    """Indicator values in Dutch notation without trailing zeros (12,5 not 12,50)."""
    for project in projects:
        for indicator in project.indicators:
            indicator.baseline_text = _number_or_empty(indicator.baseline)
            indicator.target_text = _number_or_empty(indicator.target)
            indicator.achieved_text = _number_or_empty(indicator.achieved)


def _number_or_empty(value: Decimal | None) -> str:
    return "" if value is None else charts.plain_number(value)


def year_settings_or_none(year: int) -> YearSettings | None:
    try:
        return contribution_selectors.year_settings(year)
    except YearSettings.DoesNotExist:
        return None


@dataclass
class CapacityRow:
    organisation: str
    is_gemeente: bool
    pledged_per_week: Decimal
    pledged: Decimal
    scheduled: Decimal
    note: str = ""


def capacity_rows(settings: YearSettings, *, until: datetime.date) -> list[CapacityRow]:
    """Per gemeente and partner: hours pledged for the year and hours in project groups.

    Only totals per organisation: who works on a confidential project stays out.
    """
    overview = contribution_selectors.hours_overview(settings, until=until)
    return [
        CapacityRow(
            organisation=entry.organisation.name,
            is_gemeente=entry.is_gemeente,
            pledged_per_week=entry.pledged_per_week,
            pledged=entry.pledged_to_date,
            scheduled=entry.delivered,
            note=_capacity_note(entry),
        )
        for entry in overview.organisations
    ]


def _capacity_note(entry) -> str:
    """In words, as the hours page does, but about the plans rather than delivered hours."""
    if (entry.is_gemeente and not entry.has_row) or entry.pays_surcharge or not entry.pledged:
        return entry.status
    if entry.delivered >= entry.pledged_to_date:
        return _("the plans cover the pledge")
    return _("fewer hours planned than pledged")


@dataclass
class SourceRow:
    label: str
    planned: Decimal
    realised: Decimal | None  # None: no line of this source reported
    to_platform: bool  # paid from the Platform's own income

    @property
    def nothing(self) -> bool:
        """Nothing planned and nothing recorded: "—", not € 0,00 and "niet gerapporteerd"
        (which stays for planned money without realised amounts)."""
        return not self.planned and self.realised is None


@dataclass
class YearBudget:
    """Income of the year against the costs the open projects plan (and realise)."""

    has_settings: bool
    inwonersbijdragen: Decimal = ZERO
    surcharges: Decimal = ZERO
    income_lines: list = field(default_factory=list)  # (kind label, description, amount)
    by_source: list[SourceRow] = field(default_factory=list)
    confidential_left_out: int = 0

    @property
    def income(self) -> Decimal:
        return (
            self.inwonersbijdragen
            + self.surcharges
            + sum((amount for _kind, _description, amount in self.income_lines), ZERO)
        )

    @property
    def planned(self) -> Decimal:
        return sum((row.planned for row in self.by_source), ZERO)

    @property
    def has_empty_source(self) -> bool:
        """A source with nothing planned or recorded: its "—" is explained below the table."""
        return any(row.nothing for row in self.by_source)

    @property
    def realised(self) -> Decimal | None:
        return _known_sum(row.realised for row in self.by_source)

    @property
    def planned_platform(self) -> Decimal:
        return sum((row.planned for row in self.by_source if row.to_platform), ZERO)

    @property
    def realised_platform(self) -> Decimal | None:
        return _known_sum(row.realised for row in self.by_source if row.to_platform)

    @property
    def balance_planned(self) -> Decimal:
        return self.income - self.planned_platform

    @property
    def balance_realised(self) -> Decimal | None:
        spent = self.realised_platform
        return None if spent is None else self.income - spent


def _known_sum(values) -> Decimal | None:
    """The sum of the known amounts; None when none is known (not € 0)."""
    known = [value for value in values if value is not None]
    return sum(known, ZERO) if known else None


def year_budget(settings: YearSettings | None, table, projects: list[AnnualProject]) -> YearBudget:
    budget = YearBudget(has_settings=settings is not None)
    if settings is not None:
        budget.inwonersbijdragen = round_euro(table.inwonersbijdrage)
        budget.surcharges = round_euro(table.surcharge_due)
        budget.income_lines = [
            (line.get_kind_display(), line.description, line.amount)
            for line in settings.income_lines.all()
        ]
    open_projects = [project for project in projects if not project.vertrouwelijk]
    for source, label in BudgetLine.FundingSource.choices:
        lines = [
            line
            for project in open_projects
            for line in project.budget_lines
            if line.funding_source == source
        ]
        budget.by_source.append(
            SourceRow(
                label=str(label),
                planned=sum((line.planned for line in lines), ZERO),
                realised=_known_sum(line.realised for line in lines),
                to_platform=source in PLATFORM_SOURCES,
            )
        )
    budget.confidential_left_out = sum(1 for project in projects if project.vertrouwelijk)
    return budget


@dataclass
class CalendarEntry:
    date: datetime.date
    kind: str  # "platform", "dvo" or "report"
    kind_label: str
    label: str
    location: str = ""


def calendar(year: int) -> list[CalendarEntry]:
    entries = [
        CalendarEntry(
            date=meeting.date,
            kind=meeting.body,
            kind_label=meeting.get_body_display(),
            label=_("Meeting of the %(body)s") % {"body": meeting.get_body_display()},
            location=meeting.location,
        )
        for meeting in annual_selectors.meetings_in_year(year)
    ]
    report_label = _("Report")
    for due in annual_selectors.progress_report_due_dates(year):
        entries.append(
            CalendarEntry(
                date=due.due_date,
                kind="report",
                kind_label=report_label,
                label=_("Progress reports due, over %(start)s to %(end)s")
                % {"start": _month(due.period_start), "end": _month(due.period_end)},
            )
        )
    entries.append(
        CalendarEntry(
            date=datetime.date(year, 9, 1),
            kind="report",
            kind_label=report_label,
            label=_("Peildatum of the marap %(year)s") % {"year": year},
        )
    )
    return sorted(entries, key=lambda entry: (entry.date, entry.kind != "report", entry.label))


def _month(day: datetime.date) -> str:
    """ "januari 2026": the month and year of a date, in Dutch."""
    return dutch_date(day).split(" ", 1)[1]


def build_context(*, year: int) -> dict:
    """Everything the jaarplan template needs, including the table of contents."""
    projects = annual_selectors.annual_projects(year, with_progress=True)
    sections = theme_sections(
        projects,
        chart_title=_("%(theme)s: planned budget per project"),
        second_label=_("of which Platform budget and subsidy"),
        second_value=platform_share,
        no_chart_text=_("No budget is planned for the projects of this focus theme."),
    )
    add_indicator_texts(projects)
    confidential = [project for project in projects if project.vertrouwelijk]
    open_projects = [project for project in projects if not project.vertrouwelijk]
    settings = year_settings_or_none(year)
    table = contribution_selectors.contribution_table(settings) if settings else None
    capacity = (
        capacity_rows(settings, until=annual_selectors.year_bounds(year)[1]) if settings else []
    )
    partner_pledges = contribution_selectors.partner_pledges(settings) if settings else []
    summary = annual_summary(
        year,
        projects,
        as_of=timezone.localdate(),
        hours=HoursFigures(
            pledged=sum((row.pledged for row in capacity), ZERO),
            planned=sum((row.scheduled for row in capacity), ZERO),
            until=annual_selectors.year_bounds(year)[1],
        )
        if capacity
        else None,
    )
    toc = [("samenvatting", _("Summary")), ("focus", _("Focus themes and projects"))]
    toc += [(section.anchor, section.label) for section in sections]
    if confidential:
        toc.append(("confidential", _("Confidential projects")))
    toc += [
        ("contributions", _("Contributions per municipality")),
        ("capacity", _("Capacity of municipalities and partners")),
        ("budget", _("Budget %(year)s") % {"year": year}),
        ("calendar", _("Calendar %(year)s") % {"year": year}),
        ("colofon", _("Colophon")),
    ]
    return {
        "year": str(year),  # a string: a number would be shown as 2.026
        "toc": toc,
        "projects": projects,
        "project_count": len(projects),
        "running_count": sum(1 for p in open_projects if not p.is_new and not p.is_closed),
        "new_count": sum(1 for p in open_projects if p.is_new),
        "closed_count": sum(1 for p in open_projects if p.is_closed),
        "sections": sections,
        "confidential_projects": confidential,
        "settings": settings,
        "table": table,
        "partner_pledges": partner_pledges,
        "capacity": capacity,
        "budget": year_budget(settings, table, projects),
        "calendar": calendar(year),
        "summary": summary,
        "summary_kind": "jaarplan",
    }


def annual_summary(year: int, projects, *, as_of, hours) -> Summary:
    """The samenvatting of a jaarplan or jaarverslag: the year's projects, their money in the
    year (the open ones, as the budget chapter) and the hours; what awaited the DVO on
    `as_of` (the jaarplan: the day it is made; the jaarverslag: 31 December)."""
    open_projects = [project for project in projects if not project.vertrouwelijk]
    return build_summary(
        annual_rows(projects),
        as_of=as_of,
        money=money_total(project.money for project in open_projects),
        money_label=_("in %(year)s") % {"year": year},
        hours=hours,
        awaiting=awaiting_dvo(as_of),
    )
