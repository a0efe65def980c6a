import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Control characters (C0, DEL, C1) and the Unicode line and paragraph separators.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def refuse_control_characters(value) -> None:
    """A single line of text: no line breaks, tabs or other control characters.

    A title or name ends up in e-mail subjects, file names, CSV and PDF headings, where a
    line break either breaks the message (BadHeaderError) or forges a new header or row.
    """
    if isinstance(value, str) and CONTROL_CHARACTERS.search(value):
        raise ValidationError(
            _("Use a single line, without line breaks, tabs or other control characters."),
            code="control_characters",
        )


def is_single_line(field: forms.Field) -> bool:
    """A text input of one line: a CharField not shown as a text area. Passwords are left
    alone: they are never shown or sent, and refusing one would lock its owner out."""
    return isinstance(field, forms.CharField) and not isinstance(
        field.widget, forms.Textarea | forms.PasswordInput
    )


# The largest key a database column holds; SQLite raises OverflowError beyond it.
LARGEST_KEY = 2**63 - 1


def _beyond_any_key(value) -> bool:
    for each in value if isinstance(value, list | tuple) else [value]:
        try:
            if abs(int(str(each).strip())) > LARGEST_KEY:
                return True
        except ValueError:
            pass
    return False


def _bounded_choice(field):
    """The field's clean, refusing a number no row can have before the database is asked."""
    clean = field.clean

    def clean_bounded(value):
        if _beyond_any_key(value):
            raise ValidationError(
                field.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": str(value)[:20]},
            )
        return clean(value)

    clean_bounded.bounded = True
    return clean_bounded


class SingleLineMixin:
    """Every form of the app mixes this in (tests/security/test_single_line_fields.py walks
    them): its single-line text fields refuse control characters, with the message at the
    field, and its choices of rows refuse keys no row can have. The checks are added when
    the form is cleaned, so fields that a form's __init__ adds or changes are covered too.
    """

    def full_clean(self):
        for field in self.fields.values():
            if is_single_line(field) and refuse_control_characters not in field.validators:
                field.validators.append(refuse_control_characters)
            # A choice of rows: a key beyond 64 bits is refused as an invalid choice, where
            # SQLite would fail with OverflowError (found by the fuzzing).
            if isinstance(field, forms.ModelChoiceField) and not getattr(
                field.clean, "bounded", False
            ):
                field.clean = _bounded_choice(field)
        super().full_clean()


class CodeForm(SingleLineMixin, forms.Form):
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


class BackupCodeForm(SingleLineMixin, forms.Form):
    otp_token = forms.CharField(
        label=_("Backup code"),
        max_length=20,
        help_text=_("One of the backup codes you saved when you set up two-step verification."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}
        ),
        error_messages={"required": _("Enter a backup code.")},
    )


class EnrolmentCodeForm(SingleLineMixin, forms.Form):
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
