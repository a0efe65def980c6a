"""Forms for the contributions of a year. Numbers are read the Dutch way ("0,20", "72.300").

Every number field is localized: with Dutch as the language, a comma is the decimal
separator and a dot groups thousands; "0.20" is still understood as twenty cents.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from contributions.models import (
    FIRST_YEAR,
    LAST_YEAR,
    Bracket,
    Choice,
    IncomeLine,
    YearSettings,
)
from contributions.services import BracketData, check_brackets
from platform_ivz.core.forms import SingleLineMixin

NUMBER_ATTRS = {"inputmode": "decimal", "autocomplete": "off"}


def _localize(form):
    for field in form.fields.values():
        hidden = isinstance(field.widget, forms.HiddenInput)
        if isinstance(field, forms.DecimalField | forms.IntegerField) and not hidden:
            field.localize = True
            field.widget = forms.TextInput(attrs={**field.widget.attrs, **NUMBER_ATTRS})
            field.widget.is_localized = True


class NewYearForm(SingleLineMixin, forms.Form):
    year = forms.IntegerField(
        label=_("Year"),
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        error_messages={"invalid": _("Enter a year as four digits, for example 2027.")},
    )
    copy_from = forms.TypedChoiceField(
        label=_("Copy the settings of"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_(
            "Tariff, brackets, populations, choices and partner pledges are copied, for you "
            "to edit. Income lines are not copied."
        ),
    )

    def __init__(self, *args, known_years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].widget = forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "off"}
        )
        self.fields["copy_from"].choices = [
            ("", _("— nothing: start from the figures of the 2016 proposal —")),
            *[(year, str(year)) for year in sorted(known_years, reverse=True)],
        ]
        self.fields["copy_from"].error_messages["invalid_choice"] = _(
            "There are no settings for that year to copy."
        )


class YearSettingsForm(SingleLineMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = YearSettings
        fields = ["tariff_per_inhabitant", "projectleider_hours_per_week"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _localize(self)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version


class BracketForm(SingleLineMixin, forms.ModelForm):
    class Meta:
        model = Bracket
        fields = ["max_population", "hours_per_week", "labour_value", "surcharge_per_inhabitant"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _localize(self)
        # An empty extra row stays empty; a half-filled one must be completed.
        self.empty_permitted = self.empty_permitted and not self.instance.pk

    def bracket_data(self) -> BracketData | None:
        data = self.cleaned_data
        if not data or (not self.instance.pk and not self.has_changed()):
            return None
        return BracketData(
            id=self.instance.pk,
            delete=bool(data.get("DELETE")),
            **{name: data.get(name) for name in BracketData.FIELDS},
        )


class BaseBracketFormSet(forms.BaseModelFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        check_brackets(self.bracket_data())

    def bracket_data(self) -> list[BracketData]:
        return [data for form in self.forms if (data := form.bracket_data()) is not None]


BracketFormSet = forms.modelformset_factory(
    Bracket, form=BracketForm, formset=BaseBracketFormSet, extra=1, can_delete=True
)


class MunicipalityRowForm(SingleLineMixin, forms.Form):
    """One gemeente in the year: population and choice. The gemeente is fixed by the server."""

    organisation = forms.IntegerField(widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    population = forms.IntegerField(
        label=_("Inhabitants"),
        min_value=1,
        max_value=2_000_000,
        error_messages={
            "required": _("Enter the number of inhabitants."),
            "invalid": _("Enter the number of inhabitants as a whole number, like 72.300."),
            "min_value": _("The number of inhabitants must be at least 1."),
            "max_value": _("At most 2.000.000 inhabitants."),
        },
    )
    choice = forms.ChoiceField(label=_("Choice"), choices=Choice.choices)

    def __init__(self, *args, organisation_name="", **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation_name = organisation_name
        self.fields["population"].localize = True
        self.fields["population"].widget = forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "off"}
        )
        self.fields["population"].widget.is_localized = True
        self.fields["population"].label = _("Inhabitants of %(name)s") % {"name": organisation_name}
        self.fields["choice"].label = _("Choice of %(name)s") % {"name": organisation_name}


class BaseRowFormSet(forms.BaseFormSet):
    """Rows for a fixed list of organisations; each form knows its organisation's name."""

    def __init__(self, *args, organisations=(), **kwargs):
        self.organisations = list(organisations)
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        # Every row is validated, also one that looks unchanged (whatever INITIAL_FORMS says).
        kwargs["empty_permitted"] = False
        if index is not None and index < len(self.organisations):
            kwargs["organisation_name"] = self.organisations[index].name
        return kwargs

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        expected = [organisation.pk for organisation in self.organisations]
        submitted = [form.cleaned_data.get("organisation") for form in self.forms]
        if submitted != expected:
            # The rows are the server's; a changed hidden field is not trusted.
            raise ValidationError(_("The list of organisations changed; reload the page."))

    def rows(self):
        # Not strict: with a missing or forged management form there are fewer forms than
        # organisations; the page then shows the formset's error instead of failing.
        return zip(self.organisations, self.forms)  # noqa: B905


MunicipalityFormSet = forms.formset_factory(
    MunicipalityRowForm, formset=BaseRowFormSet, extra=0, max_num=1000, absolute_max=1000
)


class PledgeRowForm(SingleLineMixin, forms.Form):
    """One partner in the year: contact person and pledged hours a week."""

    organisation = forms.IntegerField(widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    contact_user = forms.TypedChoiceField(
        label=_("Contact person"), coerce=int, required=False, empty_value=None
    )
    contact_name = forms.CharField(label=_("Or a name"), max_length=200, required=False)
    hours_per_week = forms.DecimalField(
        label=_("Hours per week"),
        min_value=0,
        max_value=200,
        max_digits=4,
        decimal_places=1,
        required=False,
        error_messages={
            "invalid": _("Enter the hours per week as a number, like 4 or 2,5."),
            "min_value": _("Hours cannot be negative."),
        },
    )

    def __init__(self, *args, organisation_name="", contact_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation_name = organisation_name
        self.fields["contact_user"].choices = [
            ("", _("— nobody with an account —")),
            *contact_choices,
        ]
        self.fields["hours_per_week"].localize = True
        self.fields["hours_per_week"].widget = forms.TextInput(attrs=NUMBER_ATTRS)
        self.fields["hours_per_week"].widget.is_localized = True
        for name, label in (
            ("contact_user", _("Contact person at %(name)s")),
            ("contact_name", _("Name of the contact person at %(name)s, without an account")),
            ("hours_per_week", _("Hours per week pledged by %(name)s")),
        ):
            self.fields[name].label = label % {"name": organisation_name}

    def clean(self):
        data = super().clean()
        if data.get("contact_user") and (data.get("contact_name") or "").strip():
            self.add_error(
                "contact_name",
                _("Choose a person with an account or type a name, not both."),
            )
        return data


class PledgeFormSet(BaseRowFormSet):
    def __init__(self, *args, contacts=None, **kwargs):
        self.contacts = contacts or {}
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        if index is not None and index < len(self.organisations):
            kwargs["contact_choices"] = self.contacts.get(self.organisations[index].pk, [])
        return kwargs


PartnerFormSet = forms.formset_factory(
    PledgeRowForm, formset=PledgeFormSet, extra=0, max_num=1000, absolute_max=1000
)


class IncomeLineForm(SingleLineMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = IncomeLine
        fields = ["kind", "description", "amount"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _localize(self)
        self.fields["amount"].help_text = _("In euros, for example 12.500,00.")
        self.fields["amount"].error_messages["invalid"] = _(
            "Enter the amount as a number, like 12.500,00."
        )
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
