"""QuickSelect writes the same HTML as Django's Select, only faster."""

import re

import pytest
from django import forms

from platform_ivz.core.widgets import QuickSelect

CHOICES = [("", "---------"), (1, "A & B <script>"), ("2", 'Ünïcode "quoted"'), (3, "drie")]
ATTRS = {"class": "form-select", "id": "id_x", "aria-describedby": "x_help", "required": True}


def _normalised(html: str) -> str:
    return re.sub(r">\s+<", "><", html.strip())


@pytest.mark.parametrize("value", [None, "", "2", 1, "not a choice"])
def test_quick_select_renders_as_djangos_select(value):
    expected = forms.Select(choices=CHOICES, attrs=ATTRS).render("x", value)
    actual = QuickSelect(choices=CHOICES, attrs=ATTRS).render("x", value)

    assert _normalised(actual) == _normalised(expected)
    assert "<script>" not in actual


def test_option_groups_fall_back_to_djangos_rendering():
    choices = [("Gemeenten", [(1, "Almelo"), (2, "Borne")]), ("Partners", [(3, "Politie")])]
    expected = forms.Select(choices=choices).render("x", 2)

    assert QuickSelect(choices=choices).render("x", 2) == expected
