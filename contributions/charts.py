"""Server-side SVG: hours pledged against hours delivered, one pair of bars per organisation.

Accessible without colour: the pledge is an outlined, hatched bar, the delivery a solid bar
with a diamond at its end, each with its number as text; <title> and <desc> name the chart.
No style attributes (the Content Security Policy forbids them): presentation attributes
only, so that the same SVG works in the page and in a PDF.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from contributions.formatting import hours, percent

LABEL_WIDTH = 250
BAR_AREA = 380
VALUE_WIDTH = 330
ROW_HEIGHT = 46
BAR_HEIGHT = 14
TOP = 58
BOTTOM = 16
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"
INK = "#212529"
PLEDGED = "#1b3a5c"
DELIVERED = "#146c43"


@dataclass(frozen=True)
class Bar:
    label: str
    pledged: Decimal
    delivered: Decimal
    share: Decimal | None
    note: str = ""


def _text(x, y, content, *, anchor="start", size=13, weight="normal") -> str:
    return (
        f'<text x="{x}" y="{y}" font-size="{size}" font-weight="{weight}" '
        f'text-anchor="{anchor}">{escape(content)}</text>'
    )


def _width(value: Decimal, scale: Decimal) -> int:
    if not scale or not value:
        return 0
    return max(int(Decimal(value) / scale * BAR_AREA), 2)


def hours_chart(bars: list[Bar], *, title: str, description: str, id_prefix: str) -> SafeString:
    """A horizontal bar chart as inline SVG; every text is escaped."""
    width = LABEL_WIDTH + BAR_AREA + VALUE_WIDTH
    height = TOP + ROW_HEIGHT * max(len(bars), 1) + BOTTOM
    scale = max([b.pledged for b in bars] + [b.delivered for b in bars] + [Decimal("1")])
    hatch = f"{id_prefix}-hatch"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" class="hours-chart" font-family="{escape(FONT)}" '
        f'font-size="13" fill="{INK}" '
        f'aria-labelledby="{id_prefix}-title {id_prefix}-desc">',
        f'<title id="{id_prefix}-title">{escape(title)}</title>',
        f'<desc id="{id_prefix}-desc">{escape(description)}</desc>',
        "<defs>"
        f'<pattern id="{hatch}" width="6" height="6" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)">'
        f'<rect width="6" height="6" fill="#ffffff"/>'
        f'<line x1="0" y1="0" x2="0" y2="6" stroke="{PLEDGED}" stroke-width="2"/>'
        "</pattern></defs>",
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>',
    ]
    # Legend: the same shapes as the bars, with words.
    parts.append(
        f'<rect x="{LABEL_WIDTH}" y="14" width="28" height="{BAR_HEIGHT}" '
        f'fill="url(#{hatch})" stroke="{PLEDGED}" stroke-width="1.5"/>'
    )
    parts.append(_text(LABEL_WIDTH + 36, 26, _("pledged (hatched)")))
    legend_x = LABEL_WIDTH + 190
    parts.append(
        f'<rect x="{legend_x}" y="14" width="28" height="{BAR_HEIGHT}" fill="{DELIVERED}"/>'
    )
    parts.append(_diamond(legend_x + 28, 14 + BAR_HEIGHT / 2))
    parts.append(_text(legend_x + 42, 26, _("delivered (solid, with a diamond)")))

    for index, bar in enumerate(bars):
        y = TOP + index * ROW_HEIGHT
        lines = _wrap(bar.label)
        first_line_y = y + BAR_HEIGHT + 4 - 8 * (len(lines) - 1)
        for number, line in enumerate(lines):
            parts.append(_text(LABEL_WIDTH - 10, first_line_y + 16 * number, line, anchor="end"))
        pledged_width = _width(bar.pledged, scale)
        delivered_width = _width(bar.delivered, scale)
        if pledged_width:
            parts.append(
                f'<rect x="{LABEL_WIDTH}" y="{y}" width="{pledged_width}" '
                f'height="{BAR_HEIGHT}" fill="url(#{hatch})" stroke="{PLEDGED}" '
                f'stroke-width="1.5"/>'
            )
        delivered_y = y + BAR_HEIGHT + 4
        if delivered_width:
            parts.append(
                f'<rect x="{LABEL_WIDTH}" y="{delivered_y}" width="{delivered_width}" '
                f'height="{BAR_HEIGHT}" fill="{DELIVERED}"/>'
            )
            parts.append(_diamond(LABEL_WIDTH + delivered_width, delivered_y + BAR_HEIGHT / 2))
        value_x = LABEL_WIDTH + BAR_AREA + 14
        parts.append(
            _text(
                value_x,
                y + BAR_HEIGHT - 2,
                _("pledged %(hours)s h") % {"hours": hours(bar.pledged)},
            )
        )
        delivered_text = _("delivered %(hours)s h") % {"hours": hours(bar.delivered)}
        if bar.share is not None:
            delivered_text += f" ({percent(bar.share)})"
        elif bar.note:
            delivered_text += f" ({bar.note})"
        parts.append(_text(value_x, delivered_y + BAR_HEIGHT - 2, delivered_text, weight="bold"))
    if not bars:
        parts.append(_text(LABEL_WIDTH, TOP + BAR_HEIGHT, _("No organisations to show.")))
    parts.append("</svg>")
    # Every text and attribute value above was escaped or is a number of ours.
    return mark_safe("".join(parts))  # noqa: S308


def _wrap(label: str, limit: int = 32) -> list[str]:
    """At most two lines of about `limit` characters, broken between words."""
    if len(label) <= limit:
        return [label]
    words, first = label.split(), ""
    while words and len(f"{first} {words[0]}".strip()) <= limit:
        first = f"{first} {words.pop(0)}".strip()
    if not first:
        return [label]
    rest = " ".join(words)
    if len(rest) > limit:
        rest = rest[: limit - 1] + "…"
    return [first, rest]


def _diamond(x: float, y: float) -> str:
    size = 6
    points = f"{x},{y - size} {x + size},{y} {x},{y + size} {x - size},{y}"
    return f'<polygon points="{points}" fill="{INK}" stroke="#ffffff" stroke-width="1"/>'
