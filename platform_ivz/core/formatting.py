"""Dutch notation for amounts, hours, numbers, shares and dates, one meaning per name:

euro        € 1.234,56     euros and cents
euro_whole  € 10.845       whole euros
euro_reported € 1.234,56   money spent: euros and cents, or "niet gerapporteerd" when unknown
hours       208,0          one decimal
number      72.300         a whole number with thousands separators
percent     58%            a share (0.58) as a whole percentage
dutch_date  1 september 2026

Always Dutch, whatever language is active (a report is a Dutch document, also when a
management command renders it), and always rounded half up, as the contribution rules say.
Used by the pages, the PDFs, the SVG charts and the exports alike; the templates load them
as the `dutch_format` filters.
"""

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone, translation
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext

WHOLE = Decimal("1")
CENT = Decimal("0.01")
TENTH = Decimal("0.1")


def _number(value: Decimal, decimals: int) -> str:
    with translation.override("nl"):
        return number_format(value, decimals, use_l10n=True, force_grouping=True)


def _rounded(value, step: Decimal) -> Decimal:
    return Decimal(value).quantize(step, rounding=ROUND_HALF_UP)


def _empty(value) -> bool:
    return value is None or value == ""


def euro(amount) -> str:
    """Euros and cents: € 1.234,56 (negative: € -1.234,56)."""
    if _empty(amount):
        return ""
    return f"€ {_number(_rounded(amount, CENT), 2)}"


def euro_reported(amount) -> str:
    """Money spent: € 1.234,56, and "niet gerapporteerd" for None (unknown is never € 0)."""
    if _empty(amount):
        with translation.override("nl"):
            return str(gettext("not reported"))
    return euro(amount)


def euro_whole(amount) -> str:
    """Whole euros, rounded half up: € 10.845."""
    if _empty(amount):
        return ""
    return f"€ {_number(_rounded(amount, WHOLE), 0)}"


def hours(value) -> str:
    """Hours with one decimal: 208,0."""
    if _empty(value):
        return ""
    return _number(_rounded(value, TENTH), 1)


def number(value) -> str:
    """A whole number with thousands separators: 72.300."""
    if _empty(value):
        return ""
    return _number(_rounded(value, WHOLE), 0)


def percent(share) -> str:
    """A share (0.58) as a whole percentage: 58%."""
    if _empty(share):
        return ""
    return f"{_number(_rounded(Decimal(share) * 100, WHOLE), 0)}%"


def plain_number(value) -> str:
    """A number without trailing zeros: 1.250, 12,5."""
    value = Decimal(value).normalize()
    return _number(value, max(-value.as_tuple().exponent, 0))


def dutch_date(value) -> str:
    """1 september 2026 (a datetime is shown in the Amsterdam time zone)."""
    if _empty(value):
        return ""
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        value = value.date()
    if not isinstance(value, date):
        return str(value)
    with translation.override("nl"):
        return date_format(value, "j F Y")


def dutch_datetime(value) -> str:
    """1 september 2026 14:05 (Amsterdam time)."""
    if _empty(value):
        return ""
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    if not isinstance(value, datetime):
        return dutch_date(value)
    with translation.override("nl"):
        return date_format(value, "j F Y H:i")
