"""The arithmetic of docs/ARCHITECTURE.md §5, free of the database so that it is easy to test.

Every amount is computed exactly (Decimal) and rounded to whole euros only where it is shown
or exported, half up as the seed rounds (3.316,95 → 3.317). Totals are the rounded sum of
the exact amounts, so a total can differ by a euro from the sum of its rounded rows.
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal

WHOLE = Decimal("1")
CENT = Decimal("0.01")
TENTH = Decimal("0.1")
DAYS_PER_WEEK = Decimal("7")


def round_euro(amount: Decimal) -> Decimal:
    return Decimal(amount).quantize(WHOLE, rounding=ROUND_HALF_UP)


def round_hours(hours: Decimal) -> Decimal:
    return Decimal(hours).quantize(TENTH, rounding=ROUND_HALF_UP)


def sort_brackets(brackets):
    """Lowest upper limit first, the open bracket last."""
    return sorted(
        brackets,
        key=lambda b: (b.max_population is None, b.max_population or 0),
    )


def bracket_for(population: int, brackets):
    """The first bracket (by upper limit) that holds the population, or None if none does."""
    for bracket in sort_brackets(brackets):
        if bracket.max_population is None or population <= bracket.max_population:
            return bracket
    return None


def year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def overlap_days(
    start: datetime.date | None,
    end: datetime.date | None,
    period_start: datetime.date,
    period_end: datetime.date,
) -> int:
    """Days (both ends included) that [start, end] shares with the period; open ends reach far."""
    first = max(start, period_start) if start else period_start
    last = min(end, period_end) if end else period_end
    return max((last - first).days + 1, 0)


def pro_rata_hours(hours_per_week: Decimal, days: int) -> Decimal:
    """Hours a week over `days` days: hours × days ÷ 7 (exact, not rounded)."""
    return Decimal(hours_per_week) * Decimal(days) / DAYS_PER_WEEK


def ratio(delivered: Decimal, pledged: Decimal) -> Decimal | None:
    """Delivered ÷ pledged, or None where nothing was pledged."""
    if not pledged:
        return None
    return Decimal(delivered) / Decimal(pledged)
