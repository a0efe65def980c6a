import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from platform_ivz.core.models import AuditEvent, User


class AuditEventFilter(django_filters.FilterSet):
    event = django_filters.ChoiceFilter(
        label=_("Event"), choices=AuditEvent.Event.choices, empty_label=_("All")
    )
    actor = django_filters.ModelChoiceFilter(
        label=_("User"),
        queryset=User.objects.order_by("username"),
        empty_label=_("All"),
    )
    date_from = django_filters.DateFilter(
        label=_("From"),
        field_name="created_at",
        lookup_expr="date__gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = django_filters.DateFilter(
        label=_("Up to and including"),
        field_name="created_at",
        lookup_expr="date__lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = AuditEvent
        fields = ["event", "actor", "date_from", "date_to"]
