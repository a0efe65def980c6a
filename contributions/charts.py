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
    entries, *, title: str, description: str, id_prefix: str, font: str
) -> SafeString:
    """`entries`: contributions.selectors.OrganisationHours, in the order to show them."""
    return core_charts.paired_bar_chart(
        [_bar(entry) for entry in entries],
        title=title,
        description=description,
        id_prefix=id_prefix,
        font=font,
        legend=(_("pledged (hatched)"), _("delivered (solid, with a diamond)")),
        empty_text=_("No organisations to show."),
        layout=LAYOUT,
        # A PDF's chart is scaled to the text width: narrower bars keep its text >= 8 pt.
        max_width=core_charts.REPORT_MAX_WIDTH if font == core_charts.REPORT_FONT else None,
    )


def _bar(entry) -> core_charts.PairedBar:
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
