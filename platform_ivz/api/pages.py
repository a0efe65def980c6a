"""The API's pages: the user's tokens (Account → API tokens) and the documentation."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from platform_ivz.api import tokens
from platform_ivz.api.forms import TokenForm
from platform_ivz.api.models import ApiToken

TOKENS_PAGE_SIZE = 25
MAX_ID = 2**63 - 1


@never_cache
def token_list(request):
    """The user's own tokens, and the form for a new one. The new token is shown once, in
    the answer to the POST that made it (never cached)."""
    form = TokenForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        new = tokens.create_token(
            user=request.user,
            name=form.cleaned_data["name"],
            expires_on=form.cleaned_data["expires_on"],
        )
        return render(request, "api/token_created.html", {"token": new.token, "raw": new.raw})
    return render(
        request,
        "api/tokens.html",
        {
            "form": form,
            "page": Paginator(tokens.user_tokens(request.user), TOKENS_PAGE_SIZE).get_page(
                request.GET.get("page")
            ),
        },
        status=400 if form.errors else 200,
    )


@never_cache
def token_revoke(request, pk):
    """Confirm, then revoke one of the user's own tokens (anyone else's is a 404)."""
    if pk > MAX_ID:
        raise Http404
    try:
        token = tokens.user_tokens(request.user).get(pk=pk)
    except ApiToken.DoesNotExist:
        raise Http404 from None
    if request.method == "POST":
        tokens.revoke_token(user=request.user, token_pk=token.pk)
        messages.success(request, _("The token has been revoked; it no longer works."))
        return redirect("api:tokens")
    return render(request, "api/token_revoke.html", {"token": token})


def docs(request):
    """The API's documentation: Swagger UI (drf-spectacular-sidecar, served from here) over
    the OpenAPI schema."""
    return render(request, "api/docs.html")
