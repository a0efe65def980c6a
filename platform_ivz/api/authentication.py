"""How the API knows who asks: a personal token (`Authorization: Bearer ivz_...`), or the
browser's session (the documentation page's "Try it out")."""

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from platform_ivz.api import tokens


class BearerTokenAuthentication(authentication.BaseAuthentication):
    keyword = b"bearer"

    def authenticate(self, request):
        parts = authentication.get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(
                _("The Authorization header must be 'Bearer' followed by one token.")
            )
        raw = parts[1].decode("ascii", errors="replace")
        token = tokens.check_token(raw, request._request)
        if token is None:
            raise exceptions.AuthenticationFailed(
                _("The token is not valid, has expired or has been revoked.")
            )
        return token.user, token

    def authenticate_header(self, request):
        return 'Bearer realm="api"'


class SessionAuthentication(authentication.SessionAuthentication):
    """The signed-in browser user. The API only reads, so the CSRF check DRF makes for
    unsafe methods never applies."""
