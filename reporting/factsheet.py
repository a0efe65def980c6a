"""A factsheet per gemeente for its local gezagsdriehoek (mayor, police, officer of justice).

The projects of the year the gemeente takes part in, the hours its people delivered against
its pledge, its contribution (inhabitants × tariff) and its choice between delivering hours
and paying the surcharge (docs/ARCHITECTURE.md §5). A confidential project shows only its title,
status and leader; the hours spent on confidential projects are counted, not itemised.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from contributions import charts as hours_charts
from contributions import selectors as contribution_selectors
from contributions.models import YearSettings
from platform_ivz.core.charts import REPORT_FONT
from platform_ivz.core.models import Organisation
from reporting import charts
from reporting.data import marap as marap_selectors

ZERO = Decimal("0")

INVOLVEMENT = {
    "plays": gettext_lazy("plays in the municipality"),
    "group": gettext_lazy("people in the project group"),
    "leader": gettext_lazy("provides the project leader"),
    "requested": gettext_lazy("submitted the request"),
}


def toc() -> list[tuple[str, str]]:
    return [
        ("factsheet-kerncijfers", _("Key figures")),
        ("factsheet-projecten", _("Projects")),
        ("factsheet-uren", _("Hours pledged and in project groups")),
        ("factsheet-bijdrage", _("Contribution and choice")),
    ]


@dataclass(frozen=True)
class ProjectRow:
    project: marap_selectors.FactsheetProject
    involvement: str


@dataclass(frozen=True)
class DeliveryRow:
    """Hours on one project; `project` is empty for the confidential projects together."""

    project: str
    people: str
    hours_per_week: Decimal
    start: datetime.date | None
    end: datetime.date | None
    hours: Decimal
    confidential_count: int = 0


@dataclass(frozen=True)
class Hours:
    until: datetime.date
    complete: bool
    pledged_per_week: Decimal
    pledged: Decimal
    pledged_to_date: Decimal
    delivered: Decimal
    ratio: Decimal | None
    status: str
    pays_surcharge: bool
    rows: list[DeliveryRow]
    chart: str


def _involvement(row: marap_selectors.FactsheetProject) -> str:
    return ", ".join(str(INVOLVEMENT[code]) for code in row.involvement)


def _delivery_rows(entry) -> list[DeliveryRow]:
    """One row per open project (its people together); the confidential ones in one row."""
    rows: dict[int, list] = {}
    hidden = []
    for delivery in entry.deliveries:
        if delivery.project.vertrouwelijk:
            hidden.append(delivery)
        else:
            rows.setdefault(delivery.project.pk, []).append(delivery)
    result = [
        DeliveryRow(
            project=items[0].project.title,
            people=", ".join(f"{d.person} ({d.role})" for d in items),
            hours_per_week=sum((d.hours_per_week for d in items), ZERO),
            start=min(d.start for d in items),
            end=max(d.end for d in items),
            hours=sum((d.hours for d in items), ZERO),
        )
        for items in sorted(rows.values(), key=lambda items: items[0].project.title)
    ]
    if hidden:
        result.append(
            DeliveryRow(
                project="",
                people="",
                hours_per_week=sum((d.hours_per_week for d in hidden), ZERO),
                start=None,
                end=None,
                hours=sum((d.hours for d in hidden), ZERO),
                confidential_count=len({d.project.pk for d in hidden}),
            )
        )
    return result


def _hours(settings: YearSettings, organisation: Organisation) -> Hours | None:
    overview = contribution_selectors.hours_overview(settings)
    entry = overview.for_organisation(organisation.pk)
    if entry is None:
        return None
    if overview.complete:
        title = _("Hours of %(name)s in %(year)s: pledged and in project groups") % {
            "name": organisation.name,
            "year": settings.year,
        }
    else:
        title = _(
            "Hours of %(name)s in %(year)s: pledged and in project groups, up to %(date)s"
        ) % {
            "name": organisation.name,
            "year": settings.year,
            "date": date_format(overview.until, "j F Y"),
        }
    # A chart whose every value is zero has names without bars: the template says so.
    chart = ""
    if charts.has_hours([entry]):
        chart = hours_charts.hours_chart(
            [entry],
            title=title,
            description=_(
                "The hours pledged up to the count date (hatched bar) and the hours planned in "
                "project groups (solid bar). The same figures are in the table."
            ),
            id_prefix=f"factsheet-uren-{organisation.pk}-{settings.year}",
            font=REPORT_FONT,
            in_project_groups=True,
        )
    return Hours(
        until=overview.until,
        complete=overview.complete,
        pledged_per_week=entry.pledged_per_week,
        pledged=entry.pledged,
        pledged_to_date=entry.pledged_to_date,
        delivered=entry.delivered,
        ratio=entry.ratio,
        status=entry.status,
        pays_surcharge=entry.pays_surcharge,
        rows=_delivery_rows(entry),
        chart=chart,
    )


def _contribution(settings: YearSettings, organisation: Organisation) -> dict | None:
    """The organisation's row of the contribution table, with the region's totals."""
    table = contribution_selectors.contribution_table(settings)
    row = next((r for r in table.rows if r.organisation.pk == organisation.pk), None)
    if row is None:
        return None
    return {
        "row": row,
        "tariff": settings.tariff_per_inhabitant,
        "region_total": table.total,
        "region_population": table.population,
        "share": row.total / table.total if table.total else None,
        "choosing_hours": table.choosing_hours,
        "choosing_surcharge": table.choosing_surcharge,
    }


def _partner_pledge(settings: YearSettings, organisation: Organisation):
    return next(
        (
            pledge
            for pledge in contribution_selectors.partner_pledges(settings)
            if pledge.organisation_id == organisation.pk
        ),
        None,
    )


def build_context(*, organisation: Organisation, year: int) -> dict:
    """What reporting/pdf/factsheet.html shows; reads only, a fixed number of queries."""
    projects = marap_selectors.organisation_projects(organisation, year)
    try:
        settings = contribution_selectors.year_settings(year)
    except YearSettings.DoesNotExist:
        settings = None
    hours = _hours(settings, organisation) if settings else None
    contribution = _contribution(settings, organisation) if settings else None
    return {
        "toc": toc(),
        "organisation": organisation,
        "year": year,
        "has_settings": settings is not None,
        "projects": [ProjectRow(project=row, involvement=_involvement(row)) for row in projects],
        "project_count": len(projects),
        "confidential_count": sum(1 for row in projects if row.vertrouwelijk),
        "hours": hours,
        "contribution": contribution,
        "partner_pledge": _partner_pledge(settings, organisation)
        if settings and not organisation.is_gemeente
        else None,
    }
