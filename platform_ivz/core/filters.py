import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from platform_ivz.core.models import AuditEvent, User


class SearchFilter(django_filters.CharFilter):
    """Free-text search: every word must occur (case-insensitive) in one of `search_fields`.

    The term is bounded so that it cannot fail on any database: SQLite refuses a long LIKE
    pattern ("LIKE or GLOB pattern too complex") and every word is one more LIKE per field.
    A longer term is refused with a Dutch message next to the field and the list is shown
    unfiltered by it (django-filter leaves an invalid field out); `icontains` escapes the
    wildcards % and _ itself.
    """

    MAX_LENGTH = 100
    MAX_WORDS = 8

    def __init__(self, *, search_fields: list[str], **kwargs):
        kwargs.setdefault("max_length", self.MAX_LENGTH)
        kwargs.setdefault(
            "error_messages",
            {
                "max_length": _(
                    "Search with at most %(limit_value)d characters (you typed %(show_value)d)."
                )
            },
        )
        super().__init__(**kwargs)
        self.search_fields = search_fields

    def filter(self, qs, value):
        for word in (value or "").split()[: self.MAX_WORDS]:
            matches = Q()
            for field in self.search_fields:
                matches |= Q(**{f"{field}__icontains": word})
            qs = qs.filter(matches)
        return qs


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
