"""Template filters for the contribution forms: {{ field|cell_widget }}, {{ form|listed }}.

The Dutch amounts are platform_ivz.core's `dutch_format` filters."""

from django import forms, template

register = template.Library()


@register.filter
def cell_widget(bound_field):
    """A form control for a table cell: Bootstrap classes, and its error tied to it."""
    widget = bound_field.field.widget
    if isinstance(widget, forms.CheckboxInput):
        css = "form-check-input"
    elif isinstance(widget, forms.Select):
        css = "form-select"
    else:
        css = "form-control"
    attrs = {}
    if bound_field.errors:
        css += " is-invalid"
        attrs["aria-invalid"] = "true"
        attrs["aria-describedby"] = f"{bound_field.auto_id}-error"
    attrs["class"] = css
    return bound_field.as_widget(attrs=attrs)


@register.filter
def listed(value) -> list:
    """A single form or formset as a list, for the shared error summary."""
    return [value]
