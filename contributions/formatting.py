"""Dutch notation for amounts, hours and shares: € 10.845, € 1.234,56, 208,0 uur, 58%.

Used by the templates, the SVG chart and the exports alike.
"""

from decimal import Decimal

from django.utils.formats import number_format

from contributions.calculations import CENT, round_euro, round_hours


def _number(value: Decimal, decimals: int) -> str:
    return number_format(value, decimals, use_l10n=True, force_grouping=True)


def euro(amount) -> str:
    """Whole euros, rounded half up: € 10.845."""
    if amount is None or amount == "":
        return ""
    return f"€ {_number(round_euro(Decimal(amount)), 0)}"


def euro_cents(amount) -> str:
    """Euros and cents: € 1.234,56."""
    if amount is None or amount == "":
        return ""
    return f"€ {_number(Decimal(amount).quantize(CENT), 2)}"


def hours(value) -> str:
    """Hours with one decimal: 208,0."""
    if value is None or value == "":
        return ""
    return _number(round_hours(Decimal(value)), 1)


def integer(value) -> str:
    """A whole number with thousands separators: 72.300."""
    if value is None or value == "":
        return ""
    return _number(value, 0)


def percent(share) -> str:
    """A share (0.58) as a whole percentage: 58%."""
    if share is None or share == "":
        return ""
    return f"{_number(round_euro(Decimal(share) * 100), 0)}%"
