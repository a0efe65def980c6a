"""A URLconf for tests only: the app's URLs plus views that fail on purpose."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.urls import path

from platform_ivz.urls import handler403, handler404
from platform_ivz.urls import urlpatterns as app_urlpatterns

__all__ = ["handler403", "handler404", "urlpatterns"]

SECRET_DETAIL = "secret-detail-that-must-not-leak"


def forbidden(request):
    raise PermissionDenied(SECRET_DETAIL)


def broken(request):
    raise RuntimeError(SECRET_DETAIL)


def suspicious(request):
    raise SuspiciousOperation(SECRET_DETAIL)


urlpatterns = [
    path("test/403/", forbidden),
    path("test/500/", broken),
    path("test/400/", suspicious),
    *app_urlpatterns,
]
