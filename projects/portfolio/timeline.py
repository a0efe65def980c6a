"""The portfolio's timeline: projects and milestones drawn as SVG on the server.

The reports reuse `timeline_svg`.
"""

import functools
from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from projects.evaluations.selectors import is_milestone_late
from projects.models import Milestone
from projects.portfolio.query import PortfolioRow, choice_label, date_text


@dataclass(frozen=True)
class TimelineMilestone:
    name: str
    planned: date
    actual: date | None
    status_label: str
    late: bool


@dataclass(frozen=True)
class TimelineItem:
    label: str
    start: date
    end: date
    status_label: str = ""
    milestones: tuple[TimelineMilestone, ...] = field(default_factory=tuple)


def milestones_by_project(rows: list[PortfolioRow]) -> dict[int, list[Milestone]]:
    """Milestones of the rows the user may see in detail, in one query."""
    visible = [row.pk for row in rows if row.details]
    grouped: dict[int, list[Milestone]] = {pk: [] for pk in visible}
    if visible:
        milestones = (
            Milestone.objects.filter(project_id__in=visible)
            .only("project_id", "name", "planned_date", "actual_date", "status")
            .order_by("planned_date", "id")
        )
        for milestone in milestones:
            grouped[milestone.project_id].append(milestone)
    return grouped


def timeline_items(
    rows: list[PortfolioRow], milestones: dict[int, list[Milestone]], today: date | None = None
) -> list[TimelineItem]:
    """The rows that can be drawn: seen in detail, with a start and an end date."""
    today = today or timezone.localdate()
    return [
        TimelineItem(
            label=row.title,
            start=row.start_date,
            end=row.end_date,
            status_label=row.status_label,
            milestones=tuple(
                TimelineMilestone(
                    name=milestone.name,
                    planned=milestone.planned_date,
                    actual=milestone.actual_date,
                    status_label=choice_label(Milestone.Status, milestone.status),
                    late=is_milestone_late(milestone, today),
                )
                for milestone in milestones.get(row.pk, [])
            ),
        )
        for row in rows
        if row.details and row.start_date and row.end_date and row.start_date <= row.end_date
    ]


def timeline_context(rows: list[PortfolioRow]) -> dict:
    """The portfolio page's timeline of `rows`: the SVG and its text alternative."""
    items = timeline_items(rows, milestones_by_project(rows))
    return {
        "timeline": items,
        "timeline_texts": [
            (row_text(item), [milestone_text(milestone) for milestone in item.milestones])
            for item in items
        ],
        "timeline_svg": timeline_svg(
            items,
            title=_("Timeline of the projects on this page"),
            description=_(
                "One bar per project from its start to its end date, with its milestones: "
                "an open diamond at the planned date, a dot at the actual date, and a square "
                "around a late one."
            ),
        ),
        "hidden_from_timeline": len(rows) - len(items),
    }


_date_text = date_text


@functools.cache
def _phrases(language: str) -> dict[str, str]:
    """The timeline's sentences, translated once per language instead of once per milestone
    (a page of 25 projects writes each of them a few hundred times)."""
    return {
        "planned": _("%(name)s: planned %(planned)s"),
        "actual": _("actual %(date)s"),
        "late": _("late"),
        "row": _("%(title)s: %(start)s to %(end)s"),
    }


def milestone_text(milestone: TimelineMilestone) -> str:
    return _milestone_text(milestone, translation.get_language())


# The page writes each text twice (the chart's tooltips and the text alternative).
@functools.lru_cache(maxsize=1024)
def _milestone_text(milestone: TimelineMilestone, language: str) -> str:
    phrases = _phrases(language)
    text = phrases["planned"] % {
        "name": milestone.name,
        "planned": _date_text(milestone.planned),
    }
    if milestone.actual:
        text += ", " + phrases["actual"] % {"date": _date_text(milestone.actual)}
    text += f" ({milestone.status_label})"
    if milestone.late:
        text += ", " + phrases["late"]
    return text


# Layout of the chart, in SVG user units.
WIDTH = 960
LABEL_WIDTH = 300
RIGHT_MARGIN = 20
TOP = 40
ROW_HEIGHT = 30
BAR_HEIGHT = 12
LEGEND_HEIGHT = 50
FONT = 'font-family="system-ui, sans-serif"'
COLOURS = {
    "bar": "#9ec5fe",
    "bar_stroke": "#0b5394",
    "grid": "#adb5bd",
    "text": "#212529",
    "today": "#a4161a",
    "planned": "#1b3a5c",
    "actual": "#146c43",
    "late": "#a4161a",
}


def _diamond(x: float, y: float, size: float, stroke: str) -> str:
    corners = [(x, y - size), (x + size, y), (x, y + size), (x - size, y)]
    points = " ".join(f"{cx:.1f},{cy:.1f}" for cx, cy in corners)
    return f'<polygon points="{points}" fill="#ffffff" stroke="{stroke}" stroke-width="2"/>'


def timeline_svg(
    items: list[TimelineItem],
    *,
    title: str,
    description: str,
    today: date | None = None,
    id_prefix: str = "tijdlijn",
) -> SafeString:
    """Bars from start to end date with milestone markers and year ticks, as inline SVG.

    Planned dates are open diamonds, actual dates filled circles, and a late milestone
    has a square around its latest marker: shape tells them apart, not colour alone. Every
    text is escaped. Returns "" when there is nothing to draw.
    """
    if not items:
        return mark_safe("")  # noqa: S308 - an empty string
    today = today or timezone.localdate()
    dates = [d for item in items for d in (item.start, item.end)]
    dates += [m.planned for item in items for m in item.milestones]
    dates += [m.actual for item in items for m in item.milestones if m.actual]
    first_year, last_year = min(dates).year, max(dates).year
    span_start, span_end = date(first_year, 1, 1), date(last_year + 1, 1, 1)
    total_days = (span_end - span_start).days
    chart_left, chart_right = LABEL_WIDTH, WIDTH - RIGHT_MARGIN
    height = TOP + ROW_HEIGHT * len(items) + LEGEND_HEIGHT

    def x_of(day: date) -> float:
        return chart_left + (day - span_start).days / total_days * (chart_right - chart_left)

    title_id, desc_id = f"{id_prefix}-titel", f"{id_prefix}-omschrijving"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" role="img" aria-labelledby="{escape(title_id)} {escape(desc_id)}" '
        f'class="timeline-svg" {FONT} font-size="12">',
        f'<title id="{escape(title_id)}">{escape(title)}</title>',
        f'<desc id="{escape(desc_id)}">{escape(description)}</desc>',
        f'<rect x="0" y="0" width="{WIDTH}" height="{height}" fill="#ffffff"/>',
    ]
    # Year ticks: a line at each 1 January, the year between two lines.
    bottom = TOP + ROW_HEIGHT * len(items)
    for year in range(first_year, last_year + 2):
        x = x_of(date(year, 1, 1))
        parts.append(
            f'<line x1="{x:.1f}" y1="{TOP - 16}" x2="{x:.1f}" y2="{bottom}" '
            f'stroke="{COLOURS["grid"]}" stroke-width="1"/>'
        )
        if year <= last_year:
            middle = (x + x_of(date(year + 1, 1, 1))) / 2
            parts.append(
                f'<text x="{middle:.1f}" y="{TOP - 20}" text-anchor="middle" '
                f'fill="{COLOURS["text"]}" font-weight="600">{year}</text>'
            )
    for index, item in enumerate(items):
        y = TOP + index * ROW_HEIGHT
        middle = y + ROW_HEIGHT / 2
        label = Truncator(item.label).chars(40)
        parts.append(f"<g><title>{escape(row_text(item))}</title>")
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{middle + 4:.1f}" text-anchor="end" '
            f'fill="{COLOURS["text"]}">{escape(label)}</text>'
        )
        x_start, x_end = x_of(item.start), x_of(item.end)
        parts.append(
            f'<rect x="{x_start:.1f}" y="{middle - BAR_HEIGHT / 2:.1f}" '
            f'width="{max(x_end - x_start, 2):.1f}" height="{BAR_HEIGHT}" rx="2" '
            f'fill="{COLOURS["bar"]}" stroke="{COLOURS["bar_stroke"]}" stroke-width="1"/>'
        )
        parts.append("</g>")
        for milestone in item.milestones:
            parts.append(f"<g><title>{escape(milestone_text(milestone))}</title>")
            colour = COLOURS["late"] if milestone.late else COLOURS["planned"]
            parts.append(_diamond(x_of(milestone.planned), middle, 6, colour))
            if milestone.actual:
                fill = COLOURS["late"] if milestone.late else COLOURS["actual"]
                parts.append(
                    f'<circle cx="{x_of(milestone.actual):.1f}" cy="{middle:.1f}" r="4" '
                    f'fill="{fill}"/>'
                )
            if milestone.late:  # a square around the latest marker: late, by shape too
                x = x_of(milestone.actual or milestone.planned)
                parts.append(
                    f'<rect x="{x - 8:.1f}" y="{middle - 8:.1f}" width="16" height="16" '
                    f'fill="none" stroke="{COLOURS["late"]}" stroke-width="1.5"/>'
                )
            parts.append("</g>")
    if span_start <= today < span_end:
        x = x_of(today)
        parts.append(
            f'<line x1="{x:.1f}" y1="{TOP - 8}" x2="{x:.1f}" y2="{bottom}" '
            f'stroke="{COLOURS["today"]}" stroke-width="1.5" stroke-dasharray="4 3"/>'
        )
        parts.append(
            f'<text x="{x + 3:.1f}" y="{TOP - 4}" fill="{COLOURS["today"]}" '
            f'font-size="10">{escape(_("today"))}</text>'
        )
    parts.extend(_legend(bottom + 28))
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above went through escape()


def _text_width(text: str) -> float:
    """A generous estimate at font size 12, enough to keep legend entries apart."""
    return len(text) * 6.8


def _legend(y: int) -> list[str]:
    """Bar, planned, actual and late: each symbol with its label, side by side."""

    def bar(x):
        return (
            f'<rect x="{x:.1f}" y="{y - 6}" width="24" height="{BAR_HEIGHT}" rx="2" '
            f'fill="{COLOURS["bar"]}" stroke="{COLOURS["bar_stroke"]}" stroke-width="1"/>'
        )

    def planned(x):
        return _diamond(x + 6, y, 6, COLOURS["planned"])

    def actual(x):
        return f'<circle cx="{x + 6:.1f}" cy="{y}" r="4" fill="{COLOURS["actual"]}"/>'

    def late(x):
        return (
            f'<rect x="{x - 2:.1f}" y="{y - 8}" width="16" height="16" fill="none" '
            f'stroke="{COLOURS["late"]}" stroke-width="1.5"/>'
        )

    entries = [
        (bar, 24, _("project, start to end date")),
        (planned, 12, _("milestone, planned date")),
        (actual, 12, _("actual date")),
        (late, 12, _("late, in a square")),
    ]
    parts = []
    x = 20.0
    for symbol, width, label in entries:
        parts.append(symbol(x))
        parts.append(
            f'<text x="{x + width + 6:.1f}" y="{y + 4}" fill="{COLOURS["text"]}">'
            f"{escape(label)}</text>"
        )
        x += width + 6 + _text_width(label) + 24
    return parts


def row_text(item: TimelineItem) -> str:
    """The timeline's text for one project: its title, period and status."""
    text = _phrases(translation.get_language())["row"] % {
        "title": item.label,
        "start": _date_text(item.start),
        "end": _date_text(item.end),
    }
    if item.status_label:
        text += f" ({item.status_label})"
    return text
