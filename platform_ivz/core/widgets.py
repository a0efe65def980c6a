"""Form widgets shared by the apps."""

from django import forms
from django.utils.html import format_html
from django.utils.safestring import mark_safe


def _attributes(attrs: dict) -> str:
    """As django/forms/widgets/attrs.html writes them, in their order."""
    parts = []
    for name, value in attrs.items():
        if value is True:
            parts.append(format_html(" {}", name))
        elif value is not False and value is not None:
            parts.append(format_html(' {}="{}"', name, value))
    return mark_safe("".join(parts))  # noqa: S308 - each part built by format_html


class QuickSelect(forms.Select):
    """forms.Select with the same HTML, its options written in Python.

    Django renders every option through two templates. On the portfolio, whose filter lists
    every project leader and portfolio holder (a few hundred options), that was more than a
    third of the page's time (bench/RESULTS.md). Option groups go the usual way.
    """

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        options = []
        for group_name, group, _index in widget["optgroups"]:
            if group_name:
                return super().render(name, value, attrs, renderer)
            options += [
                format_html(
                    '<option value="{}"{}>{}</option>',
                    option["value"],
                    _attributes(option["attrs"]),
                    option["label"],
                )
                for option in group
            ]
        return format_html(
            '<select name="{}"{}>{}</select>',
            widget["name"],
            _attributes(widget["attrs"]),
            mark_safe("".join(options)),  # noqa: S308 - each option built by format_html
        )
