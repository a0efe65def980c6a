from django import forms
from django.utils.translation import gettext_lazy as _


class CodeForm(forms.Form):
    """A six-digit code from the authenticator app."""

    otp_token = forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=12,
        help_text=_("The six digits the app shows now."),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autofocus": True,
                "spellcheck": "false",
            }
        ),
        error_messages={"required": _("Enter the code.")},
    )


class BackupCodeForm(forms.Form):
    otp_token = forms.CharField(
        label=_("Backup code"),
        max_length=20,
        help_text=_("One of the backup codes you saved when you set up two-step verification."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}
        ),
        error_messages={"required": _("Enter a backup code.")},
    )


class EnrolmentCodeForm(forms.Form):
    """The activation code from the functional administrator (see two_factor)."""

    enrolment_code = forms.CharField(
        label=_("Activation code"),
        max_length=30,
        help_text=_("The code the functional administrator gave you, for example ABCD-EFGH-JKLM."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autofocus": True, "spellcheck": "false"}
        ),
        error_messages={"required": _("Enter the activation code.")},
    )
