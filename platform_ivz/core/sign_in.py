"""The sign-in form: Django's, with the username's length actually enforced.

AuthenticationForm sets the field's max_length after the field was built, so no validator
checks it; an over-long username then reached authenticate(), and django-axes failed to
store the attempt (a server error instead of a message).
"""

from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator

from platform_ivz.core.forms import SingleLineMixin


class SignInForm(SingleLineMixin, AuthenticationForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        username = self.fields["username"]
        username.validators.append(MaxLengthValidator(username.max_length))
