"""Dutch notation, one meaning per name (moved from tests/contributions/test_table.py)."""

import datetime
from decimal import Decimal

from django.utils import translation

from platform_ivz.core.formatting import (
    dutch_date,
    euro,
    euro_whole,
    hours,
    number,
    percent,
    plain_number,
)


def test_dutch_notation():
    assert euro_whole(Decimal("10845")) == "€ 10.845"
    assert euro_whole(Decimal("3316.95")) == "€ 3.317"
    assert euro_whole(Decimal("5338.50")) == "€ 5.339"  # half up, as the seed rounds
    assert euro(Decimal("1234.56")) == "€ 1.234,56"
    assert euro(Decimal("0.2")) == "€ 0,20"
    assert hours(Decimal("208")) == "208,0"
    assert number(158300) == "158.300"
    assert percent(Decimal("0.5833")) == "58%"
    assert plain_number(Decimal("12.50")) == "12,5"


def test_euro_means_euros_and_cents_and_rounds_half_up():
    assert euro(Decimal("-1234.565")) == "€ -1.234,57"
    assert euro(Decimal("0.125")) == "€ 0,13"


def test_empty_values_are_empty_text():
    for format_ in (euro, euro_whole, hours, number, percent, dutch_date):
        assert format_(None) == ""
        assert format_("") == ""


def test_always_dutch_whatever_language_is_active():
    with translation.override("en"):
        assert euro(Decimal("1234.5")) == "€ 1.234,50"
        assert dutch_date(datetime.date(2026, 9, 1)) == "1 september 2026"
