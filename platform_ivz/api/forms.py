import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from platform_ivz.api import tokens
from platform_ivz.core.forms import SingleLineMixin


def _default_expiry():
    return timezone.localdate() + datetime.timedelta(days=tokens.DEFAULT_LIFETIME_DAYS)


class TokenForm(SingleLineMixin, forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for, for example the dashboard that uses it."),
    )
    expires_on = forms.DateField(
        label=_("Valid until"),
        initial=_default_expiry,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("The token works up to and including this day; at most a year from today."),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_name(self):
        return self.cleaned_data["name"].strip()

    def clean_expires_on(self):
        value = self.cleaned_data["expires_on"]
        today = timezone.localdate()
        if value < today:
            raise forms.ValidationError(_("Choose today or a later day."))
        if value > today + datetime.timedelta(days=tokens.MAX_LIFETIME_DAYS):
            raise forms.ValidationError(_("A token is valid for at most a year."))
        return value

    def clean(self):
        cleaned = super().clean()
        if self.user is not None and tokens.usable_count(self.user) >= tokens.MAX_TOKENS_PER_USER:
            raise forms.ValidationError(
                _("You have the largest number of valid tokens already: revoke one first.")
            )
        return cleaned
