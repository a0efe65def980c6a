"""Forms of the report pages (crispy-forms, explicit fields)."""

import datetime

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from platform_ivz.core.forms import SingleLineMixin
from platform_ivz.core.models import Meeting
from reporting.models import ReportIntroduction


class IntroductionForm(SingleLineMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = ReportIntroduction
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.fields["version"].initial = self.instance.version
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True


class GenerateForm(SingleLineMixin, forms.Form):
    """Generate or finalise; the marap asks for its reference date."""

    peildatum = forms.DateField(
        label=_("Reference date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("The marap reports the state of affairs on this date."),
    )

    adopted_in = forms.ModelChoiceField(
        label=_("Adopted in the DVO meeting of"),
        queryset=Meeting.objects.none(),
        required=False,
        empty_label=_("— not recorded —"),
        help_text=_("Only when making final: the colofon says the report was adopted there."),
    )

    def __init__(self, *args, kind, year, final: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.year = year
        if final:
            # The DVO adopts a report in its year or early the next (a jaarverslag in March).
            self.fields["adopted_in"].queryset = Meeting.objects.filter(
                body=Meeting.Body.DVO, date__year__in=[year, year + 1]
            ).order_by("date", "pk")
        else:
            del self.fields["adopted_in"]
        if kind.has_peildatum:
            self.fields["peildatum"].initial = kind.default_peildatum(year)
            self.fields["peildatum"].required = True
        else:
            del self.fields["peildatum"]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def clean_peildatum(self):
        value = self.cleaned_data.get("peildatum")
        if value and value.year != self.year:
            raise forms.ValidationError(
                _("The reference date must fall in %(year)s."), params={"year": self.year}
            )
        return value

    def chosen_meeting(self) -> Meeting | None:
        return self.cleaned_data.get("adopted_in")

    def chosen_peildatum(self) -> datetime.date | None:
        return self.cleaned_data.get("peildatum") if self.kind.has_peildatum else None


class FactsheetYearForm(SingleLineMixin, forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int)

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, str(y)) for y in years]
