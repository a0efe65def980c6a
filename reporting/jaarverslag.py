"""The jaarverslag's content (docs/ARCHITECTURE.md §6): the year's intake figures, what each project
achieved (progress, indicators against target, milestones met, money planned against spent),
the evaluations completed with their lessons, and the contributions and hours delivered
against pledged per gemeente and partner.

Pure reads; the number of queries does not grow with the number of projects. The year's
projects are those of reporting.data.annual (the same rule as the jaarplan). Confidential
projects appear with title, status and projectleider only.
"""

from decimal import Decimal

from django.utils.translation import gettext as _

from contributions import charts as contribution_charts
from contributions import selectors as contribution_selectors
from intake.selectors import intake_figures
from platform_ivz.core.charts import REPORT_FONT
from platform_ivz.core.formatting import dutch_date
from reporting import charts
from reporting.data import annual as annual_selectors
from reporting.jaarplan import (
    add_indicator_texts,
    annual_summary,
    theme_sections,
    year_budget,
    year_settings_or_none,
)
from reporting.summary import HoursFigures

ZERO = Decimal("0")


def hours_chart(overview) -> str:
    return contribution_charts.hours_chart(
        overview.ranked,
        title=_("Hours pledged and in project groups in %(year)s, up to and including %(date)s")
        % {"year": overview.settings.year, "date": dutch_date(overview.until)},
        description=_(
            "For each municipality and partner, ranked by hours in project groups divided by "
            "pledged: the hours pledged for the year (hatched bar) and the hours planned in "
            "project groups (solid bar). The same figures are in the table below the chart."
        ),
        id_prefix=f"hours-{overview.settings.year}",
        font=REPORT_FONT,
        in_project_groups=True,
    )


def build_context(*, year: int) -> dict:
    """Everything the jaarverslag template needs, including the table of contents."""
    projects = annual_selectors.annual_projects(year, with_results=True)
    add_indicator_texts(projects)
    sections = theme_sections(
        projects,
        chart_title=_("%(theme)s: budget planned against spent"),
        second_label=_("spent"),
        second_value=lambda project: project.realised,
        no_chart_text=_(
            "No budget was planned and no spending reported for the projects of this focus "
            "theme."
        ),
    )
    open_projects = [project for project in projects if not project.vertrouwelijk]
    confidential = [project for project in projects if project.vertrouwelijk]
    evaluations = [project for project in open_projects if project.evaluation]

    settings = year_settings_or_none(year)
    table = contribution_selectors.contribution_table(settings) if settings else None
    overview = None
    if settings:
        overview = contribution_selectors.hours_overview(
            settings, until=contribution_selectors.count_until(year)
        )

    summary = annual_summary(
        year,
        projects,
        as_of=annual_selectors.year_bounds(year)[1],
        hours=HoursFigures(
            pledged=overview.pledged_to_date, planned=overview.delivered, until=overview.until
        )
        if overview
        else None,
    )
    toc = [
        ("samenvatting", _("Summary")),
        ("intake", _("Intake %(year)s") % {"year": year}),
        ("results", _("Projects and results")),
    ]
    toc += [(section.anchor, section.label) for section in sections]
    if confidential:
        toc.append(("confidential", _("Confidential projects")))
    toc += [
        ("evaluations", _("Evaluations completed")),
        ("contributions", _("Contributions per municipality")),
        ("hours", _("Hours delivered against pledged")),
        ("budget", _("Budget %(year)s: planned and spent") % {"year": year}),
        ("colofon", _("Colophon")),
    ]
    return {
        "year": str(year),  # a string: a number would be shown as 2.026
        "toc": toc,
        "intake": intake_figures(year),
        "projects": projects,
        "project_count": len(projects),
        "milestones_met": sum(len(p.milestones_met) for p in open_projects),
        "indicators_reached": sum(
            1 for p in open_projects for indicator in p.indicators if indicator.reached
        ),
        "indicator_count": sum(len(p.indicators) for p in open_projects),
        # Not measured in the year: unknown, not missed (issue 15).
        "indicators_unmeasured": sum(
            1 for p in open_projects for indicator in p.indicators if indicator.reached is None
        ),
        "sections": sections,
        "confidential_projects": confidential,
        "evaluations": evaluations,
        "settings": settings,
        "table": table,
        "partner_pledges": contribution_selectors.partner_pledges(settings) if settings else [],
        "hours": overview,
        "hours_chart": hours_chart(overview)
        if overview and charts.has_hours(overview.ranked)
        else "",
        "budget": year_budget(settings, table, projects),
        "summary": summary,
        "summary_kind": "jaarverslag",
    }
