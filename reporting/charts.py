"""The report charts: a paired-bar chart with the series named beside every value (target
against achieved, planned against spent), the budget chart, and the small progress bar of an
indicator's row. The drawing is platform_ivz.core.charts, in the report's own font
(core_charts.REPORT_FONT), so the PDF looks the same on every machine.
"""

import dataclasses
from collections.abc import Callable
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from platform_ivz.core import charts as core_charts
from platform_ivz.core.charts import FIRST, SECOND, PairedBar
from platform_ivz.core.formatting import euro, plain_number

__all__ = [
    "PairedBar",
    "budget_chart",
    "has_bars",
    "has_hours",
    "paired_bar_chart",
    "plain_number",
    "progress_bar",
]

PROGRESS_WIDTH = 80


def has_bars(rows: list[PairedBar]) -> bool:
    """Whether a paired-bar chart of these rows draws a bar: a chart whose every value is
    zero or unknown shows names without bars, so the report prints a sentence instead."""
    return any((row.first or 0) > 0 or (row.second or 0) > 0 for row in rows)


def has_hours(entries) -> bool:
    """Whether an hours chart of these organisations (contributions.charts.hours_chart: the
    pledge due by then against the hours in project groups) draws a bar."""
    return any(entry.pledged_to_date > 0 or entry.delivered > 0 for entry in entries)


def paired_bar_chart(
    rows: list[PairedBar],
    *,
    title: str,
    description: str,
    id_prefix: str,
    first_label: str,
    second_label: str,
    value_format: Callable[[Decimal], str] = plain_number,
    empty_text: str = "",
    legend: bool = True,
    value_texts: bool = True,
) -> SafeString:
    """A horizontal paired-bar chart as inline SVG, every value written as "label: value".

    A row's own texts, when given, replace the formatted numbers (e.g. "80 dossiers"). All
    rows share one scale. Without `legend` the value texts still name both series. Without
    `value_texts` the chart shows the bars only: for a chart whose figures stand in the text
    right below it (a hundred projects' texts cost the jaarplan a second; bench/RESULTS.md).
    """
    named = [
        dataclasses.replace(
            row,
            first_text=f"{first_label}: {_value_text(row.first, row.first_text, value_format)}",
            second_text=(
                f"{second_label}: {_value_text(row.second, row.second_text, value_format)}"
            ),
        )
        if value_texts
        else dataclasses.replace(row, first_text="", second_text="")
        for row in rows
    ]
    legend_texts = (
        _("%(label)s (hatched)") % {"label": first_label},
        _("%(label)s (solid, with a diamond)") % {"label": second_label},
    )
    return core_charts.paired_bar_chart(
        named,
        title=title,
        description=description,
        id_prefix=id_prefix,
        font=core_charts.REPORT_FONT,
        max_width=core_charts.REPORT_MAX_WIDTH,
        legend=legend_texts if legend else None,
        empty_text=empty_text,
    )


def _value_text(value, text: str, value_format) -> str:
    if text:
        return text
    if value is None:
        return _("not known")
    return value_format(value)


def progress_bar(target: Decimal | None, achieved: Decimal | None) -> SafeString:
    """A small bar for a table cell: the target as an outlined bar, the achieved value as a
    solid bar inside it, on the row's own scale. It carries no text: the cells beside it
    hold the figures, and text in SVG costs WeasyPrint far more than shapes (one chart per
    project made the 100-project reports twice as slow; bench/RESULTS.md).

    Without a measurement there is no bar: an empty target is what an achieved 0 looks like,
    and unknown is never shown as 0% (the cell beside it says "not measured")."""
    if achieved is None:
        return mark_safe("")  # noqa: S308 - nothing
    scale = max(value for value in (target, achieved, Decimal("0")) if value is not None)
    width = PROGRESS_WIDTH - 1
    target_width = _scaled(target, scale, width)
    achieved_width = _scaled(achieved, scale, width)
    label = _("achieved %(achieved)s of target %(target)s") % {
        "achieved": plain_number(achieved),
        "target": plain_number(target) if target is not None else _("not known"),
    }
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{PROGRESS_WIDTH}" height="12" '
        f'viewBox="0 0 {PROGRESS_WIDTH} 12" role="img" class="progress-bar" '
        f'aria-label="{escape(label)}">',
        # WeasyPrint takes a Figure's alternative text (/Alt) from the SVG's <title>.
        f"<title>{escape(label)}</title>",
        f'<rect x="0.5" y="0.5" width="{target_width}" height="11" fill="#ffffff" '
        f'stroke="{FIRST}" stroke-width="1"/>',
    ]
    if achieved_width:
        parts.append(
            f'<rect x="0.5" y="3" width="{achieved_width}" height="6" fill="{SECOND}"/>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - numbers and an escaped label only


def _scaled(value: Decimal | None, scale: Decimal, width: int) -> float:
    if value is None or value <= 0 or scale <= 0:
        return 0
    return round(max(float(Decimal(value) / scale) * width, 1.5), 1)


def budget_chart(
    rows: list[PairedBar],
    *,
    id_prefix: str,
    title: str = "",
    second_label: str = "",
    value_texts: bool = True,
) -> SafeString:
    """Amounts planned against spent (or any second amount), all rows on one scale; without
    `value_texts` the amounts are left to the text below the chart."""
    if value_texts:
        description = _(
            "Per row the planned amount (hatched bar) and the amount spent (solid bar with a "
            "diamond), on one scale; the amounts are written beside the bars."
        )
    else:
        description = _(
            "Per project the planned amount (hatched bar) and the second amount (solid bar "
            "with a diamond), on one scale; the amounts are in each project's budget below."
        )
    return paired_bar_chart(
        rows,
        title=title or _("Budget: planned against spent"),
        description=description,
        value_texts=value_texts,
        id_prefix=id_prefix,
        first_label=_("planned"),
        second_label=second_label or _("spent"),
        value_format=euro,
        empty_text=_("No amounts to show."),
    )
