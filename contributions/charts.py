"""The hours chart: per organisation the hours pledged (hatched bar) against the hours
delivered (solid bar with a diamond), drawn by platform_ivz.core.charts.

One builder for its four users: the hours page, the marap, the factsheet and the
jaarverslag. Each passes its own title, description and id; a page passes
core_charts.PAGE_FONT, a PDF core_charts.REPORT_FONT.
"""

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from platform_ivz.core import charts as core_charts
from platform_ivz.core.formatting import hours, percent

# The hours chart has always been a little wider than the report charts.
LAYOUT = core_charts.Layout(
    bar_area=380, value_width=330, css_class="hours-chart", legend_offset=190
)


def hours_chart(
    entries,
    *,
    title: str,
    description: str,
    id_prefix: str,
    font: str,
    in_project_groups: bool = False,
) -> SafeString:
    """`entries`: contributions.selectors.OrganisationHours, in the order to show them.

    `in_project_groups`: the solid bar says what its hours are, hours planned in project
    groups (the reports, issue 15) instead of "delivered"."""
    if in_project_groups:
        second_legend = _("in project groups (solid, with a diamond)")
    else:
        second_legend = _("delivered (solid, with a diamond)")
    return core_charts.paired_bar_chart(
        [_bar(entry, in_project_groups=in_project_groups) for entry in entries],
        title=title,
        description=description,
        id_prefix=id_prefix,
        font=font,
        legend=(_("pledged (hatched)"), second_legend),
        empty_text=_("No organisations to show."),
        layout=LAYOUT,
        # A PDF's chart is scaled to the text width: narrower bars keep its text >= 8 pt.
        max_width=core_charts.REPORT_MAX_WIDTH if font == core_charts.REPORT_FONT else None,
    )


def _bar(entry, *, in_project_groups: bool) -> core_charts.PairedBar:
    if in_project_groups:
        delivered = _("in project groups %(hours)s h") % {"hours": hours(entry.delivered)}
    else:
        delivered = _("delivered %(hours)s h") % {"hours": hours(entry.delivered)}
    if entry.ratio is not None:
        delivered += f" ({percent(entry.ratio)})"
    elif entry.status:
        delivered += f" ({entry.status})"
    return core_charts.PairedBar(
        label=entry.organisation.name,
        first=entry.pledged_to_date,
        second=entry.delivered,
        first_text=_("pledged %(hours)s h") % {"hours": hours(entry.pledged_to_date)},
        second_text=delivered,
    )
