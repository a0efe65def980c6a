"""Security of the foundation: private by default, lockout, redirects, headers, deploy checks."""

import os
import re
import secrets
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory
from tests.security.sweep import PUBLIC
from tests.urls_walk import assert_redirects_to_login, walk_urls

BASE_DIR = Path(settings.BASE_DIR)


def app_urls():
    """Every URL of the app except the public ones (the sign-in page and the others in the view
    sweep's PUBLIC, which checks what they answer), the admin's own routes and static files."""
    # The JSON API answers 401 to anonymous requests (tests/api/test_permissions.py).
    skipped_prefixes = [f"/{settings.STATIC_URL.strip('/')}/", "/api/v1/"]
    if settings.MEDIA_URL.strip("/"):
        skipped_prefixes.append(f"/{settings.MEDIA_URL.strip('/')}/")
    return [
        url
        for url, namespaces, name in walk_urls()
        if ":".join((*namespaces, name or "")) not in PUBLIC
        and "admin" not in namespaces
        and not url.startswith(tuple(skipped_prefixes))
    ]


# --- Private by default ----------------------------------------------------------------------


def test_the_url_walk_finds_the_apps_urls():
    urls = app_urls()
    assert len(urls) >= 3, f"The URL walk found too few URLs to mean anything: {urls}"
    assert "/" in urls
    assert reverse("logout") in urls
    assert reverse("login") not in urls


@pytest.mark.django_db
def test_every_url_sends_anonymous_visitors_to_the_login_page(client):
    failures = []
    for url in app_urls():
        response = client.get(url)
        try:
            assert_redirects_to_login(response, url)
        except AssertionError as error:
            failures.append(f"{url}: {response.status_code} {response.get('Location', '')} {error}")
    assert not failures, "Reachable without signing in:\n" + "\n".join(failures)


@pytest.mark.django_db
def test_the_login_page_is_public(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert "registration/login.html" in [t.name for t in response.templates]


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/beheer/", "/beheer/core/user/", "/beheer/core/organisation/1/"])
def test_admin_sends_anonymous_visitors_to_the_login_page(client, url):
    response = client.get(url, follow=True)
    assert response.status_code == 200
    assert response.request["PATH_INFO"] == "/inloggen/"
    assert "registration/login.html" in [t.name for t in response.templates]
    final_next = parse_qs(response.request["QUERY_STRING"])["next"][0]
    assert final_next.startswith("/beheer/")


# --- Lockout ---------------------------------------------------------------------------------


def post_login(client, username, password, **extra):
    return client.post(reverse("login"), {"username": username, "password": password, **extra})


def signed_in_user_id(client):
    return client.session.get("_auth_user_id")


@pytest.mark.django_db
def test_lockout_after_repeated_failures_until_the_cool_off_has_passed(client, frozen_time):
    user = UserFactory(username="sanne")
    bystander = UserFactory(username="joost")
    limit = settings.AXES_FAILURE_LIMIT

    for _attempt in range(limit - 1):
        response = post_login(client, "sanne", "fout-wachtwoord")
        assert response.status_code == 200
        assert "registration/login.html" in [t.name for t in response.templates]
    response = post_login(client, "sanne", "fout-wachtwoord")
    assert response.status_code == 429

    # Locked: even the right password is refused, with a Dutch explanation.
    response = post_login(client, "sanne", PASSWORD)
    assert response.status_code == 429
    assert "registration/lockout.html" in [t.name for t in response.templates]
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    content = response.content.decode()
    assert "Account tijdelijk geblokkeerd" in content
    assert f"Probeer het over {minutes} minuten opnieuw." in content
    assert signed_in_user_id(client) is None

    # Other usernames are not locked.
    other = Client()
    response = post_login(other, "joost", PASSWORD)
    assert response.status_code == 302
    assert other.session["_auth_user_id"] == str(bystander.pk)

    # Still locked just before the cool-off ends (counted from the last attempt).
    frozen_time.shift(settings.AXES_COOLOFF_TIME - timedelta(minutes=1))
    assert post_login(client, "sanne", PASSWORD).status_code == 429

    frozen_time.shift(settings.AXES_COOLOFF_TIME + timedelta(minutes=1))
    response = post_login(client, "sanne", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == resolve_url(settings.LOGIN_REDIRECT_URL)
    assert signed_in_user_id(client) == str(user.pk)


@pytest.mark.django_db
def test_a_successful_login_resets_the_failure_count(client):
    UserFactory(username="sanne")
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        post_login(client, "sanne", "fout-wachtwoord")
    assert post_login(client, "sanne", PASSWORD).status_code == 302
    client.post(reverse("logout"))
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert post_login(client, "sanne", "fout-wachtwoord").status_code == 200
    assert post_login(client, "sanne", PASSWORD).status_code == 302


# --- Redirect after login --------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "next_url",
    ["https://evil.example/", "//evil.example/", "https:/evil.example/", "/\\evil.example"],
)
def test_login_does_not_redirect_off_site(client, next_url):
    UserFactory(username="sanne")
    response = post_login(client, "sanne", PASSWORD, next=next_url)
    assert response.status_code == 302
    assert response["Location"] == "/"


@pytest.mark.django_db
def test_login_honours_a_local_next(client):
    UserFactory(username="sanne")
    response = post_login(client, "sanne", PASSWORD, next="/some/path?tab=2")
    assert response.status_code == 302
    assert response["Location"] == "/some/path?tab=2"


# --- Headers ---------------------------------------------------------------------------------


def csp_directives(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
INLINE_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)
INLINE_STYLE = re.compile(r"<style\b|<[^>]+\sstyle\s*=", re.IGNORECASE)


@pytest.mark.django_db
@pytest.mark.parametrize("signed_in", [False, True], ids=["login-page", "werkvoorraad"])
def test_html_responses_carry_csp_and_security_headers(client, platformlid, signed_in):
    if signed_in:
        client.force_login(platformlid)
        response = client.get("/")
    else:
        response = client.get(reverse("login"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")

    csp = csp_directives(response["Content-Security-Policy"])
    script_src = csp.get("script-src", csp.get("default-src"))
    assert script_src == ["'self'"]
    assert "'unsafe-inline'" not in csp.get("style-src", csp.get("default-src"))
    assert csp["default-src"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]

    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"

    # The strict policy only holds if the page needs nothing inline.
    html = response.content.decode()
    assert not INLINE_SCRIPT.search(html)
    assert not INLINE_HANDLER.search(html)
    assert not INLINE_STYLE.search(html)


@pytest.mark.django_db
def test_the_session_cookie_is_http_only_and_same_site(client):
    UserFactory(username="sanne")
    response = post_login(client, "sanne", PASSWORD)
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


# --- Production settings ---------------------------------------------------------------------


def run_manage(*args, env_overrides: dict[str, str]):
    """Run manage.py in a fresh process with only the DJANGO_* variables given."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


PRODUCTION_ENV = {
    "DJANGO_DEBUG": "False",
    "DJANGO_ALLOWED_HOSTS": "ivz.example.nl",
    "DJANGO_SITE_URL": "https://ivz.example.nl",
}


def test_deploy_check_passes_with_production_settings():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env_overrides={**PRODUCTION_ENV, "DJANGO_SECRET_KEY": secrets.token_urlsafe(45)[:60]},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    dotenv = BASE_DIR / ".env"
    if dotenv.exists() and "DJANGO_SECRET_KEY" in dotenv.read_text():
        pytest.skip("the local .env supplies a secret key")
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env_overrides=PRODUCTION_ENV,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


# --- Passwords -------------------------------------------------------------------------------


def test_a_long_uncommon_password_is_accepted():
    validate_password("Twente-veilig-2026")


@pytest.mark.parametrize(
    ("password", "dutch_message"),
    [
        ("kort-wachtw", "Dit wachtwoord is te kort. Het moet minstens 12 tekens bevatten."),
        ("password1234", "Dit wachtwoord is te algemeen."),
        ("834729164502", "Dit wachtwoord bevat alleen cijfers."),
    ],
    ids=["11-characters", "common", "numeric"],
)
def test_weak_passwords_are_refused_in_dutch(password, dutch_message):
    with pytest.raises(ValidationError) as refused:
        validate_password(password)
    assert dutch_message in refused.value.messages
