"""Server-side SVG for the reports: a horizontal paired-bar chart (target against achieved,
planned against spent), one pair of bars per row.

Readable without colour, as contributions.charts.hours_chart: the first value (target,
planned) is an outlined, hatched bar, the second (achieved, spent) a solid bar with a diamond
at its end, and both values are written out as text beside the bars. <title> and <desc> name
the chart for screen readers. Presentation attributes only (no style attributes, which the
Content Security Policy forbids); the font is the report's own (FONT), so the PDF looks the
same on every machine. Every text is escaped.
"""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from contributions import charts as contribution_charts
from contributions.formatting import euro_cents

LABEL_WIDTH = 250
BAR_AREA = 360
VALUE_WIDTH = 300
ROW_HEIGHT = 46
BAR_HEIGHT = 14
TOP = 58
BOTTOM = 16
CHAR_WIDTH = 7.6  # a generous average width of a bold 13px character
INK = "#212529"
# The report's own font (static/reporting/print.css ships it); WeasyPrint does not pass the
# page's CSS into an inline SVG, so without this the charts fall back to a system font.
FONT = "'Source Sans 3', sans-serif"
FIRST = "#1b3a5c"
SECOND = "#146c43"
PROGRESS_WIDTH = 80


@dataclass(frozen=True)
class PairedBar:
    """One row: a label and two values; None means 'not known' (e.g. no measurement yet).

    The texts, when given, replace the formatted numbers beside the bars (e.g. "80 dossiers").
    """

    label: str
    first: Decimal | None
    second: Decimal | None
    first_text: str = ""
    second_text: str = ""


def _text(x, y, content, *, anchor="start", size=13, weight="normal") -> str:
    return (
        f'<text x="{x}" y="{y}" font-size="{size}" font-weight="{weight}" '
        f'text-anchor="{anchor}">{escape(content)}</text>'
    )


def _width(value: Decimal | None, scale: Decimal) -> int:
    """Bar length in pixels; a negative or unknown value draws no bar (its text still says it)."""
    if value is None or value <= 0 or scale <= 0:
        return 0
    return max(int(Decimal(value) / scale * BAR_AREA), 2)


def plain_number(value: Decimal) -> str:
    """A number in Dutch notation without trailing zeros: 1.250, 12,5."""
    value = Decimal(value).normalize()
    decimals = max(-value.as_tuple().exponent, 0)
    return number_format(value, decimals, use_l10n=True, force_grouping=True)


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
) -> SafeString:
    """A horizontal paired-bar chart as inline SVG.

    All rows share one scale (amounts). `id_prefix` must be unique in the document: it
    names the title, description and hatch pattern. Without `legend` the value texts beside
    the bars still name both series; a PDF full of small charts renders noticeably faster
    with fewer SVG texts.
    """
    top = TOP if legend else 12
    value_texts = [
        (
            f"{first_label}: {_value_text(row.first, row.first_text, value_format)}",
            f"{second_label}: {_value_text(row.second, row.second_text, value_format)}",
        )
        for row in rows
    ]
    # Wide enough for the longest value text, so that nothing is cut off at the right.
    longest = max([len(text) for pair in value_texts for text in pair] + [0])
    width = LABEL_WIDTH + BAR_AREA + max(VALUE_WIDTH, int(longest * CHAR_WIDTH) + 24)
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
        f'width="100%" role="img" class="report-chart" font-family="{escape(FONT)}" '
        f'font-size="13" fill="{INK}" '
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
        parts += _legend(hatch, first_label, second_label)

    for index, row in enumerate(rows):
        y = top + index * ROW_HEIGHT
        lines = _wrap(row.label)
        first_line_y = y + BAR_HEIGHT + 4 - 8 * (len(lines) - 1)
        for number, line in enumerate(lines):
            parts.append(_text(LABEL_WIDTH - 10, first_line_y + 16 * number, line, anchor="end"))
        first_width = _width(row.first, scale)
        second_width = _width(row.second, scale)
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
        value_x = LABEL_WIDTH + BAR_AREA + 14
        first_text, second_text = value_texts[index]
        parts.append(_text(value_x, y + BAR_HEIGHT - 2, first_text))
        parts.append(_text(value_x, second_y + BAR_HEIGHT - 2, second_text, weight="bold"))
    if not rows:
        parts.append(_text(LABEL_WIDTH, top + BAR_HEIGHT, empty_text or _("Nothing to show.")))
    parts.append("</svg>")
    # Every text and attribute value above was escaped or is a number of ours.
    return mark_safe("".join(parts))  # noqa: S308


def _legend(hatch: str, first_label: str, second_label: str) -> list[str]:
    """The same shapes as the bars, with words."""
    parts = []
    parts.append(
        f'<rect x="{LABEL_WIDTH}" y="14" width="28" height="{BAR_HEIGHT}" '
        f'fill="url(#{hatch})" stroke="{FIRST}" stroke-width="1.5"/>'
    )
    first_legend = _("%(label)s (hatched)") % {"label": first_label}
    parts.append(_text(LABEL_WIDTH + 36, 26, first_legend))
    legend_x = LABEL_WIDTH + 36 + max(164, int(len(first_legend) * CHAR_WIDTH) + 24)
    parts.append(f'<rect x="{legend_x}" y="14" width="28" height="{BAR_HEIGHT}" fill="{SECOND}"/>')
    parts.append(_diamond(legend_x + 28, 14 + BAR_HEIGHT / 2))
    parts.append(
        _text(legend_x + 42, 26, _("%(label)s (solid, with a diamond)") % {"label": second_label})
    )
    return parts


def _value_text(value, text: str, value_format) -> str:
    if text:
        return text
    if value is None:
        return _("not known")
    return value_format(value)


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


def in_report_font(svg: str) -> SafeString:
    """contributions.charts.hours_chart names the web page's system font stack, which in a
    PDF means whatever fonts the machine has; in a report it uses the report's font."""
    page_font = f'font-family="{escape(contribution_charts.FONT)}"'
    report_font = f'font-family="{escape(FONT)}"'
    # Our own SVG with one escaped constant attribute value swapped for another.
    return mark_safe(svg.replace(page_font, report_font, 1))  # noqa: S308


def progress_bar(target: Decimal | None, achieved: Decimal | None) -> SafeString:
    """A small bar for a table cell: the target as an outlined bar, the achieved value as a
    solid bar inside it, on the row's own scale. It carries no text: the cells beside it
    hold the figures, and text in SVG costs WeasyPrint far more than shapes (one chart per
    project made the 100-project reports twice as slow; bench/RESULTS.md)."""
    scale = max(value for value in (target, achieved, Decimal("0")) if value is not None)
    width = PROGRESS_WIDTH - 1
    target_width = _scaled(target, scale, width)
    achieved_width = _scaled(achieved, scale, width)
    label = _("achieved %(achieved)s of target %(target)s") % {
        "achieved": plain_number(achieved) if achieved is not None else _("not known"),
        "target": plain_number(target) if target is not None else _("not known"),
    }
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{PROGRESS_WIDTH}" height="12" '
        f'viewBox="0 0 {PROGRESS_WIDTH} 12" role="img" class="progress-bar" '
        f'aria-label="{escape(label)}">',
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
    rows: list[PairedBar], *, id_prefix: str, title: str = "", second_label: str = ""
) -> SafeString:
    """Amounts planned against spent (or any second amount), all rows on one scale."""
    return paired_bar_chart(
        rows,
        title=title or _("Budget: planned against spent"),
        description=_(
            "Per row the planned amount (hatched bar) and the amount spent (solid bar with a "
            "diamond), on one scale; the amounts are written beside the bars."
        ),
        id_prefix=id_prefix,
        first_label=_("planned"),
        second_label=second_label or _("spent"),
        value_format=euro_cents,
        empty_text=_("No amounts to show."),
    )
