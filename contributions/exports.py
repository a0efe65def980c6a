"""The contribution table, the hours and the budget as sheets for CSV (for Dutch Excel) and
.xlsx; platform_ivz.core.exports writes them, with its guard against formulas."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from contributions import selectors
from platform_ivz.core.exports import (
    CENTS,
    DATE,
    EURO,
    HOURS,
    INTEGER,
    SHARE,
    TEXT,
    Sheet,
)

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
