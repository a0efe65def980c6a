import django_filters
from django import forms
from django.db.models import Q
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from platform_ivz.core.filters import SearchFilter
from platform_ivz.core.selectors import gemeenten
from platform_ivz.core.widgets import QuickSelect
from projects.models import Project, RagStatus
from projects.portfolio.query import name_q, people_in_portfolio

FIRST_YEAR = 2016
# A key beyond this is no person (and would overflow the database's integer).
MAX_KEY = 2**63 - 1


def _years():
    last = timezone.localdate().year + 4
    return [(year, str(year)) for year in range(last, FIRST_YEAR - 1, -1)]


class PersonSearchInput(forms.TextInput):
    """A search field for a person; static/projects/people_search.js turns it into a
    tom-select combobox that suggests names from `projects:people` (the autocomplete view).

    Without JavaScript it is a text field: the words typed are looked up in the names. A
    person chosen from the suggestions is sent as their key; the field then shows the
    person's name (`person_label`), and the script keeps the key.
    """

    input_type = "search"

    def __init__(self, role: str, attrs=None):
        super().__init__(
            {
                "autocomplete": "off",
                "maxlength": SearchFilter.MAX_LENGTH,
                "class": "people-search",
                "data-people-url": reverse_lazy("projects:people"),
                "data-people-role": role,
                "data-text-no-results": _("No one found with this name."),
                "data-text-search": _("Search by name:"),
                "data-text-loading": _("Searching…"),
                **(attrs or {}),
            }
        )
        self.person_label = ""

    def format_value(self, value):
        if self.person_label:
            return self.person_label
        return super().format_value(value)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        if self.person_label:
            context["widget"]["attrs"]["data-person"] = value
        return context


def _field_html(field) -> SafeString:
    widget = field.field.widget
    classes = [widget.attrs.get("class", "")]
    classes.append("form-select" if isinstance(widget, forms.Select) else "form-control")
    attrs = {}
    if field.errors:
        classes.append("is-invalid")
        attrs["aria-invalid"] = "true"
        attrs["aria-describedby"] = f"{field.auto_id}_error"
    attrs["class"] = " ".join(c for c in classes if c)
    errors = format_html(
        '<div id="{}_error" class="invalid-feedback">{}</div>',
        field.auto_id,
        format_html_join(
            "",
            '<p id="error_{}_{}"><strong>{}</strong></p>',
            ((n, field.auto_id, error) for n, error in enumerate(field.errors, 1)),
        ),
    )
    return format_html(
        '<div id="div_{}" class="mb-3"><label for="{}" class="form-label">{}</label>{}{}</div>',
        field.auto_id,
        field.id_for_label,
        field.label,
        _input_html(field, attrs)
        if isinstance(widget, forms.TextInput)
        else field.as_widget(attrs=attrs),
        errors if field.errors else "",
    )


def _input_html(field, attrs: dict) -> SafeString:
    """A text input as Django's template writes it, in Python (like core.widgets.QuickSelect)."""
    widget = field.field.widget
    attrs = field.build_widget_attrs({**attrs, "id": field.auto_id})
    context = widget.get_context(field.html_name, field.value(), attrs)["widget"]
    value = context["value"]
    return format_html(
        '<input type="{}" name="{}"{}{}>',
        widget.input_type,
        field.html_name,
        format_html(' value="{}"', value) if value is not None else "",
        format_html_join(
            "",
            "{}",
            (
                (
                    format_html(" {}", name)
                    if value is True
                    else format_html(' {}="{}"', name, value),
                )
                for name, value in context["attrs"].items()
                if value is not None and value is not False
            ),
        ),
    )


class PersonFilter(SearchFilter):
    """A project leader or portfolio holder: a person's key (chosen from the autocomplete)
    or words of their name (typed, as without JavaScript). With `details_only`, it matches
    only projects the user may see in detail."""

    def __init__(self, *, details_only: bool = False, **kwargs):
        super().__init__(search_fields=[], **kwargs)
        self.details_only = details_only

    def filter(self, qs, value):
        value = (value or "").strip()
        if not value:
            return qs
        if value.isdigit():
            key = int(value)
            lookup = Q(**{f"{self.field_name}_id": key}) if key <= MAX_KEY else Q(pk__in=[])
        else:
            lookup = name_q(value, prefix=f"{self.field_name}__")
        if self.details_only:
            qs = qs.filter(details_visible=True)
        return qs.filter(lookup)


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
    # Choices read once per page in __init__ (a ModelChoiceFilter read them twice).
    gemeente = django_filters.ChoiceFilter(
        label=_("Municipality"),
        field_name="request__gemeenten",
        choices=[],
        method="detail_filter",
    )
    # Not a select of every leader and holder (~250 options in every page, a third of the
    # page's time: bench/RESULTS.md) but a search field with suggestions.
    projectleider = PersonFilter(
        label=_("Project leader"), widget=PersonSearchInput("projectleider")
    )
    portefeuillehouder = PersonFilter(
        label=_("Portfolio holder"),
        details_only=True,
        widget=PersonSearchInput("portefeuillehouder"),
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

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        for choice_filter in self.filters.values():
            if isinstance(
                choice_filter, django_filters.ChoiceFilter | django_filters.ModelChoiceFilter
            ):
                choice_filter.extra.setdefault("widget", QuickSelect)
        self.filters["gemeente"].extra["choices"] = list(
            gemeenten().order_by("name").values_list("pk", "name")
        )
        self.user = user

    @property
    def form(self):
        form = super().form
        if self.user is not None and not getattr(form, "_people_named", False):
            form._people_named = True
            self._name_chosen_people(form)
        return form

    def _name_chosen_people(self, form):
        """A person chosen by key is shown by name, if the user may know them as such (one
        query per chosen person, at most two per page)."""
        for role in ("projectleider", "portefeuillehouder"):
            value = (self.data.get(role) or "").strip() if self.data else ""
            if not value.isdigit() or int(value) > MAX_KEY:
                continue
            person = people_in_portfolio(self.user, role).filter(pk=int(value)).first()
            if person is not None:
                form.fields[role].widget.person_label = str(person)

    def fields_html(self) -> SafeString:
        """The form's fields as crispy-forms' Bootstrap 5 layout writes them (label, field,
        errors next to it, in Dutch), without its templates: they took a fifth of the
        page's time (bench/RESULTS.md)."""
        return mark_safe(  # noqa: S308 - each part built by format_html
            "".join(
                format_html('<div class="col-sm-6 col-lg-3">{}</div>', _field_html(field))
                for field in self.form
            )
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
