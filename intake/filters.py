import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from intake.formats import REQUEST_FULL_FORMAT
from intake.models import ProjectRequest
from platform_ivz.core.filters import SearchFilter
from platform_ivz.core.selectors import gemeenten
from platform_ivz.core.widgets import QuickSelect


def _years():
    this_year = timezone.localdate().year
    return [(year, str(year)) for year in range(this_year, 2015, -1)]


class ProjectRequestFilter(django_filters.FilterSet):
    """Filters an already scoped queryset: it can never widen what the user sees."""

    q = SearchFilter(
        label=_("Search"),
        search_fields=["title", *REQUEST_FULL_FORMAT, "organisation__name"],
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=ProjectRequest.Status.choices, empty_label=_("All")
    )
    gemeente = django_filters.ModelChoiceFilter(
        label=_("Municipality"),
        field_name="gemeenten",
        queryset=gemeenten(),
        empty_label=_("All"),
    )
    on_behalf_of = django_filters.ChoiceFilter(
        label=_("On behalf of"), choices=ProjectRequest.OnBehalfOf.choices, empty_label=_("All")
    )
    # A plain choice filter has an empty option, so no year is chosen unless the user does.
    year = django_filters.ChoiceFilter(
        label=_("Year"), field_name="created_at__year", choices=_years, empty_label=_("All")
    )

    class Meta:
        model = ProjectRequest
        fields = ["q", "status", "gemeente", "on_behalf_of", "year"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for choice_filter in self.filters.values():
            if isinstance(
                choice_filter, django_filters.ChoiceFilter | django_filters.ModelChoiceFilter
            ):
                choice_filter.extra.setdefault("widget", QuickSelect)
