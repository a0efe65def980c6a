"""The API's pages for people: tokens on the account page, the documentation, the schema."""

from django.contrib.auth.decorators import login_required
from django.urls import path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.permissions import IsAuthenticated

from platform_ivz.api import pages
from platform_ivz.api.authentication import SessionAuthentication

app_name = "api"

urlpatterns = [
    path("account/api-sleutels/", pages.token_list, name="tokens"),
    path("account/api-sleutels/<int:pk>/intrekken/", pages.token_revoke, name="token_revoke"),
    path("api/documentatie/", pages.docs, name="docs"),
    # A page for people like the others: DRF marks its views login_not_required, so the
    # sign-in redirect is asked for here.
    path(
        "api/schema/",
        login_required(
            SpectacularAPIView.as_view(
                authentication_classes=[SessionAuthentication],
                permission_classes=[IsAuthenticated],
            )
        ),
        name="schema",
    ),
]
