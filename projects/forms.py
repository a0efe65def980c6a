from django import forms
from django.utils.translation import gettext_lazy as _

from platform_ivz.core.forms import SingleLineMixin
from platform_ivz.core.models import User
from projects.models import Project
from projects.selectors import portfolio_holder_candidates


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return f"{user} ({user.organisation})" if user.organisation_id else str(user)


class AssignPeopleForm(SingleLineMixin, forms.Form):
    projectleider = PersonChoiceField(
        label=_("Project leader"),
        queryset=User.objects.filter(is_active=True).select_related("organisation"),
        required=False,
        empty_label=_("— not yet assigned —"),
    )
    portefeuillehouder = PersonChoiceField(
        label=_("Portfolio holder"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("— not yet assigned —"),
        help_text=_("A member of the DVO."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["portefeuillehouder"].queryset = portfolio_holder_candidates()

    def people(self) -> dict:
        return {
            "projectleider": self.cleaned_data["projectleider"],
            "portefeuillehouder": self.cleaned_data["portefeuillehouder"],
        }


class ThemeForm(SingleLineMixin, forms.Form):
    theme = forms.ChoiceField(
        label=_("Theme (speerpunt)"),
        choices=Project.Theme.choices,
        widget=forms.RadioSelect,
        help_text=_("The section of the jaarplan and jaarverslag the project appears in."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
