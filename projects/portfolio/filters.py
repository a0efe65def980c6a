import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from platform_ivz.core.filters import SearchFilter
from platform_ivz.core.models import User
from platform_ivz.core.selectors import gemeenten
from platform_ivz.core.widgets import QuickSelect
from projects.models import Project, RagStatus

FIRST_YEAR = 2016


def _years():
    last = timezone.localdate().year + 4
    return [(year, str(year)) for year in range(last, FIRST_YEAR - 1, -1)]


class PortfolioFilter(django_filters.FilterSet):
    """Filters the portfolio (projects.portfolio.query.portfolio_projects), never widening it.

    Title, status and leader are known to everybody; a filter on anything else matches
    only projects the user may see in detail, so it cannot reveal a confidential
    project's theme, municipalities, portfolio holder, status or dates.
    """

    q = SearchFilter(label=_("Title contains"), search_fields=["title"])
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Project.Status.choices)
    theme = django_filters.ChoiceFilter(
        label=_("Theme"), choices=Project.Theme.choices, method="detail_filter"
    )
    gemeente = django_filters.ModelChoiceFilter(
        label=_("Municipality"),
        field_name="request__gemeenten",
        queryset=gemeenten().order_by("name"),
        method="detail_filter",
    )
    projectleider = django_filters.ModelChoiceFilter(
        label=_("Project leader"), queryset=User.objects.none()
    )
    portefeuillehouder = django_filters.ModelChoiceFilter(
        label=_("Portfolio holder"), queryset=User.objects.none(), method="detail_filter"
    )
    status_colour = django_filters.ChoiceFilter(
        label=_("Latest overall status"),
        field_name="latest_status",
        choices=RagStatus.choices,
        method="detail_filter",
    )
    # A ChoiceFilter, not a TypedChoiceFilter: only this one offers the empty choice.
    year = django_filters.ChoiceFilter(
        label=_("Active in year"), choices=_years, method="active_in_year"
    )

    class Meta:
        model = Project
        fields = [
            "q",
            "status",
            "theme",
            "gemeente",
            "projectleider",
            "portefeuillehouder",
            "status_colour",
            "year",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for choice_filter in self.filters.values():
            if isinstance(
                choice_filter, django_filters.ChoiceFilter | django_filters.ModelChoiceFilter
            ):
                choice_filter.extra.setdefault("widget", QuickSelect)
        projects = self.queryset
        self.filters["projectleider"].queryset = User.objects.filter(
            pk__in=projects.values("projectleider_id")
        )
        self.filters["portefeuillehouder"].queryset = User.objects.filter(
            pk__in=projects.filter(details_visible=True).values("portefeuillehouder_id")
        )

    def detail_filter(self, queryset, name, value):
        return queryset.filter(details_visible=True, **{name: value})

    def active_in_year(self, queryset, name, value):
        """Started on or before 31 December and not ended before 1 January."""
        value = int(value)
        return queryset.filter(
            Q(end_date__isnull=True) | Q(end_date__year__gte=value),
            details_visible=True,
            start_date__year__lte=value,
        )
