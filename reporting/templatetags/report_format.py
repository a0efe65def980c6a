"""Template filters for reports: {{ amount|euro }}, {{ day|dutch_date }}, {{ value|hours }},
and {% progress_bar target achieved %} for an indicator's row."""

from django import template

from reporting import charts, formatting

register = template.Library()

register.filter("euro", formatting.euro)
register.filter("euro_whole", formatting.euro_whole)
register.filter("hours", formatting.hours)
register.filter("number", formatting.number)
register.filter("percent", formatting.percent)
register.filter("dutch_date", formatting.dutch_date)
register.filter("dutch_datetime", formatting.dutch_datetime)
register.simple_tag(charts.progress_bar, name="progress_bar")
