"""Template filters for Dutch amounts: {{ amount|euro }}, {{ amount|euro_cents }}, ..."""

from django import forms, template

from contributions import formatting

register = template.Library()

register.filter("euro", formatting.euro)
register.filter("euro_cents", formatting.euro_cents)
register.filter("hours", formatting.hours)
register.filter("integer", formatting.integer)
register.filter("percent", formatting.percent)


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
