"""{% progress_bar target achieved %} for an indicator's row in a report.

The Dutch amounts and dates are platform_ivz.core's `dutch_format` filters."""

from django import template

from reporting import charts

register = template.Library()

register.simple_tag(charts.progress_bar, name="progress_bar")
