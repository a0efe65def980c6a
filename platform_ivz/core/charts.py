"""Server-side SVG: a horizontal paired-bar chart (pledged against delivered hours, target
against achieved, planned against spent), one pair of bars per row.

Readable without colour: the first value is an outlined, hatched bar, the second a solid bar
with a diamond at its end, and both values are written out as text beside the bars; <title>
and <desc> name the chart for screen readers. Presentation attributes only (the Content
Security Policy forbids style attributes), so the same SVG works in a page and in a PDF. The
font is an argument: a page passes the system font stack (PAGE_FONT), a PDF the report's
bundled font (REPORT_FONT), because WeasyPrint does not pass the page's CSS into an inline
SVG. Every text is escaped.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

PAGE_FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"
# The report's own font (static/reporting/print.css ships it), the same on every machine.
REPORT_FONT = "'Source Sans 3', sans-serif"
# A printed chart spans the report's text width, 174 mm (658 CSS px), and is scaled to it.
# Its 13-unit text stays at least 8 pt (10.7 px) when the chart is at most 800 units wide.
REPORT_MAX_WIDTH = 800
# The bars get narrower, down to this, before a chart grows past its maximum width; the value
# column of a printed chart is this wide unless a value text needs more.
MIN_BAR_AREA = 120
REPORT_VALUE_WIDTH = 200

LABEL_WIDTH = 250
ROW_HEIGHT = 46
BAR_HEIGHT = 14
TOP = 58
BOTTOM = 16
CHAR_WIDTH = 7.6  # a generous average width of a bold 13px character
INK = "#212529"
FIRST = "#1b3a5c"
SECOND = "#146c43"


@dataclass(frozen=True)
class PairedBar:
    """One row: a label and two values; None means 'not known' (e.g. no measurement yet).

    The texts are written beside the bars; the chart does not format numbers itself.
    """

    label: str
    first: Decimal | None
    second: Decimal | None
    first_text: str = ""
    second_text: str = ""


@dataclass(frozen=True)
class Layout:
    """The horizontal room of a chart and its CSS class; the value column grows when a
    value text needs more room than `value_width`."""

    bar_area: int = 360
    value_width: int = 300
    css_class: str = "report-chart"
    # Where the second legend item starts, from the plot's left edge; None: after the
    # first item's text, however long it is.
    legend_offset: int | None = None


def paired_bar_chart(
    rows: list[PairedBar],
    *,
    title: str,
    description: str,
    id_prefix: str,
    font: str,
    legend: tuple[str, str] | None,
    empty_text: str = "",
    layout: Layout = Layout(),  # noqa: B008 - frozen, so one shared default is safe
    max_width: int | None = None,
) -> SafeString:
    """A horizontal paired-bar chart as inline SVG, all rows on one scale.

    `id_prefix` must be unique in the document: it names the title, description and hatch
    pattern. `legend` holds the words beside the two legend shapes; without it the value
    texts beside the bars must name both series (a PDF full of small charts renders
    noticeably faster with fewer SVG texts). `max_width` (REPORT_MAX_WIDTH for a PDF) narrows
    the bars so that the chart, scaled to the text width, keeps its text large enough.
    """
    top = TOP if legend else 12
    # Wide enough for the longest value text, so that nothing is cut off at the right.
    longest = max([len(text) for row in rows for text in (row.first_text, row.second_text)] + [0])
    value_width = max(layout.value_width, int(longest * CHAR_WIDTH) + 24)
    # Rows without value texts (the figures stand elsewhere) need no value column: an SVG text
    # costs WeasyPrint far more than a bar.
    valueless = longest == 0
    bar_area = layout.bar_area
    if max_width is not None:
        value_width = max(int(longest * CHAR_WIDTH) + 24, REPORT_VALUE_WIDTH)
    if valueless:
        value_width = 24
    if max_width is not None:
        room = max_width - LABEL_WIDTH - value_width
        bar_area = max(MIN_BAR_AREA, min(bar_area, room))
    width = LABEL_WIDTH + bar_area + value_width
    # A legend too wide for the chart puts its second item on a line of its own.
    stacked = bool(legend) and _legend_end(*legend, offset=layout.legend_offset) > width
    if stacked:
        top += LEGEND_LINE
    height = top + ROW_HEIGHT * max(len(rows), 1) + BOTTOM
    scale = max(
        [r.first for r in rows if r.first is not None]
        + [r.second for r in rows if r.second is not None]
        + [Decimal("0")]
    )
    prefix = escape(id_prefix)
    hatch = f"{prefix}-hatch"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" class="{escape(layout.css_class)}" '
        f'font-family="{escape(font)}" font-size="13" fill="{INK}" '
        f'aria-labelledby="{prefix}-title {prefix}-desc">',
        f'<title id="{prefix}-title">{escape(title)}</title>',
        f'<desc id="{prefix}-desc">{escape(description)}</desc>',
        "<defs>"
        f'<pattern id="{hatch}" width="6" height="6" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)">'
        f'<rect width="6" height="6" fill="#ffffff"/>'
        f'<line x1="0" y1="0" x2="0" y2="6" stroke="{FIRST}" stroke-width="2"/>'
        "</pattern></defs>",
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>',
    ]
    if legend:
        parts += _legend(hatch, *legend, offset=layout.legend_offset, stacked=stacked)

    value_x = LABEL_WIDTH + bar_area + 14
    for index, row in enumerate(rows):
        y = top + index * ROW_HEIGHT
        lines = _wrap(row.label)
        first_line_y = y + BAR_HEIGHT + 4 - 8 * (len(lines) - 1)
        for number, line in enumerate(lines):
            parts.append(_text(LABEL_WIDTH - 10, first_line_y + 16 * number, line, anchor="end"))
        first_width = _width(row.first, scale, bar_area)
        second_width = _width(row.second, scale, bar_area)
        if first_width:
            parts.append(
                f'<rect x="{LABEL_WIDTH}" y="{y}" width="{first_width}" '
                f'height="{BAR_HEIGHT}" fill="url(#{hatch})" stroke="{FIRST}" '
                f'stroke-width="1.5"/>'
            )
        second_y = y + BAR_HEIGHT + 4
        if second_width:
            parts.append(
                f'<rect x="{LABEL_WIDTH}" y="{second_y}" width="{second_width}" '
                f'height="{BAR_HEIGHT}" fill="{SECOND}"/>'
            )
            parts.append(_diamond(LABEL_WIDTH + second_width, second_y + BAR_HEIGHT / 2))
        if row.first_text:
            parts.append(_text(value_x, y + BAR_HEIGHT - 2, row.first_text))
        if row.second_text:
            parts.append(
                _text(value_x, second_y + BAR_HEIGHT - 2, row.second_text, weight="bold")
            )
    if not rows:
        parts.append(_text(LABEL_WIDTH, top + BAR_HEIGHT, empty_text or _("Nothing to show.")))
    parts.append("</svg>")
    # Every text and attribute value above was escaped or is a number of ours.
    return mark_safe("".join(parts))  # noqa: S308


def _legend_offset(first_legend: str, offset: int | None) -> int:
    if offset is None:
        offset = 36 + max(164, int(len(first_legend) * CHAR_WIDTH) + 24)
    return offset


def _legend_end(first_legend: str, second_legend: str, *, offset: int | None) -> float:
    """Where the legend's second text ends when both items share a line."""
    return (
        LABEL_WIDTH + _legend_offset(first_legend, offset) + 42 + len(second_legend) * CHAR_WIDTH
    )


LEGEND_LINE = 22


def _legend(
    hatch: str, first_legend: str, second_legend: str, *, offset: int | None, stacked=False
) -> list[str]:
    """The same shapes as the bars, with words; `stacked`: the second item below the first."""
    if stacked:
        legend_x, legend_y = LABEL_WIDTH, 14 + LEGEND_LINE
    else:
        legend_x, legend_y = LABEL_WIDTH + _legend_offset(first_legend, offset), 14
    return [
        f'<rect x="{LABEL_WIDTH}" y="14" width="28" height="{BAR_HEIGHT}" '
        f'fill="url(#{hatch})" stroke="{FIRST}" stroke-width="1.5"/>',
        _text(LABEL_WIDTH + 36, 26, first_legend),
        f'<rect x="{legend_x}" y="{legend_y}" width="28" height="{BAR_HEIGHT}" fill="{SECOND}"/>',
        _diamond(legend_x + 28, legend_y + BAR_HEIGHT / 2),
        _text(legend_x + 42, legend_y + 12, second_legend),
    ]


def _text(x, y, content, *, anchor="start", size=13, weight="normal") -> str:
    return (
        f'<text x="{x}" y="{y}" font-size="{size}" font-weight="{weight}" '
        f'text-anchor="{anchor}">{escape(content)}</text>'
    )


def _width(value: Decimal | None, scale: Decimal, bar_area: int) -> int:
    """Bar length in pixels; a negative or unknown value draws no bar (its text still says it)."""
    if value is None or value <= 0 or scale <= 0:
        return 0
    return max(int(Decimal(value) / scale * bar_area), 2)


def _wrap(label: str, limit: int = 32) -> list[str]:
    """At most two lines of about `limit` characters, broken between words."""
    if len(label) <= limit:
        return [label]
    words, first = label.split(), ""
    while words and len(f"{first} {words[0]}".strip()) <= limit:
        first = f"{first} {words.pop(0)}".strip()
    if not first:
        return [label[: limit - 1] + "…"]
    rest = " ".join(words)
    if len(rest) > limit:
        rest = rest[: limit - 1] + "…"
    return [first, rest]


def _diamond(x: float, y: float) -> str:
    size = 6
    points = f"{x},{y - size} {x + size},{y} {x},{y + size} {x - size},{y}"
    return f'<polygon points="{points}" fill="{INK}" stroke="#ffffff" stroke-width="1"/>'
