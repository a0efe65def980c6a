"""The sign-in form: Django's, with the username's length actually enforced, and refused for
members of an organisation that signs in through its own provider only.

AuthenticationForm sets the field's max_length after the field was built, so no validator
checks it; an over-long username then reached authenticate(), and django-axes failed to
store the attempt (a server error instead of a message).
"""

from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from platform_ivz.core.audit import AuditEvent, record
from platform_ivz.core.forms import SingleLineMixin


class SignInForm(SingleLineMixin, AuthenticationForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        username = self.fields["username"]
        username.validators.append(MaxLengthValidator(username.max_length))

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        from platform_ivz.core.sso import sso_only_refuses

        if sso_only_refuses(user):
            record(
                AuditEvent.Event.LOGIN_FAILED,
                request=self.request,
                username=user.get_username(),
                result=AuditEvent.Result.FAILURE,
                detail={"reason": "sso_only"},
            )
            raise ValidationError(
                _(
                    "Your organisation signs you in through its own account: use the button "
                    "'Sign in with %(organisation)s' below."
                ),
                code="sso_only",
                params={"organisation": user.organisation},
            )
