"""Every URL of the app with dummy arguments, and the redirect to the sign-in page."""

import itertools
import re
from urllib.parse import parse_qs, urlsplit

from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import URLResolver, get_resolver
from django.utils.regex_helper import normalize

# Values tried, in this order, for each captured part of a URL pattern.
DUMMY_VALUES = ["1", "x", "00000000-0000-4000-8000-000000000001", "2026", "2026-01-01"]


# A regex group that is a plain choice of words, as in `(?P<app_label>auth|core)`.
WORD_CHOICE = re.compile(r"\(\?P<\w+>([\w-]+(?:\|[\w-]+)+)\)")


def _fill(pattern) -> str:
    """A concrete string that `pattern` (a RoutePattern or RegexPattern) matches completely."""
    regex = pattern.regex.pattern
    choices = [group.split("|")[0] for group in WORD_CHOICE.findall(regex)]
    for template, params in normalize(regex):
        for values in itertools.product(DUMMY_VALUES + choices, repeat=len(params)):
            candidate = template % dict(zip(params, values, strict=True))
            match = pattern.match(candidate)
            if match and match[0] == "":
                return candidate
    raise AssertionError(
        f"No dummy value fits URL pattern {pattern!r}: add one to DUMMY_VALUES in {__file__}."
    )


def walk_urls(resolver=None, prefix="/", namespaces=()):
    """Yield (url, namespaces, name) for every endpoint under `resolver`, with dummy arguments."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        url = prefix + _fill(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = (*namespaces, entry.namespace) if entry.namespace else namespaces
            yield from walk_urls(entry, url, inner)
        else:
            yield url, namespaces, entry.name


def assert_redirects_to_login(response, next_url):
    assert response.status_code == 302, f"{next_url}: status {response.status_code}"
    location = urlsplit(response["Location"])
    assert location.path == resolve_url(settings.LOGIN_URL) == "/inloggen/", next_url
    assert parse_qs(location.query).get("next") == [next_url], response["Location"]
