"""Template filters for Dutch notation: {{ amount|euro }} (€ 1.234,56),
{{ amount|euro_whole }} (€ 10.845), {{ value|hours }}, {{ value|number }},
{{ share|percent }}, {{ day|dutch_date }}, {{ moment|dutch_datetime }}."""

from django import template

from platform_ivz.core import formatting

register = template.Library()

register.filter("euro", formatting.euro)
register.filter("euro_whole", formatting.euro_whole)
register.filter("euro_reported", formatting.euro_reported)
register.filter("hours", formatting.hours)
register.filter("number", formatting.number)
register.filter("percent", formatting.percent)
register.filter("dutch_date", formatting.dutch_date)
register.filter("dutch_datetime", formatting.dutch_datetime)
