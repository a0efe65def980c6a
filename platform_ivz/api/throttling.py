"""Rate limits per token (a signed-in browser per user), DRF's throttling with the rate of
settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["api"] (env API_RATE_LIMIT).

The counts are kept in Django's cache: per process with the default local-memory cache, so
with several workers the effective limit is that many times higher; a shared cache (Redis,
DJANGO_CACHE_URL) makes it one limit for all.
"""

from rest_framework.throttling import SimpleRateThrottle

from platform_ivz.api.models import ApiToken


class TokenRateThrottle(SimpleRateThrottle):
    scope = "api"

    def get_cache_key(self, request, view):
        if isinstance(request.auth, ApiToken):
            ident = f"token-{request.auth.pk}"
        elif request.user is not None and request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            ident = f"address-{self.get_ident(request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}
