"""Password validators with messages that exist in the Dutch catalogue."""

from django.contrib.auth import password_validation
from django.utils.translation import ngettext


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's minimum length check, with an error message that is translated.

    Django 5.2 changed this message's msgid (`%d` instead of `%(min_length)d`) while its Dutch
    catalogue still holds the old one, so a too-short password was refused in English. The
    message below is the old msgid, translated in locale/nl.
    """

    def get_error_message(self):
        return ngettext(
            "This password is too short. It must contain at least %(min_length)d character.",
            "This password is too short. It must contain at least %(min_length)d characters.",
            self.min_length,
        ) % {"min_length": self.min_length}
