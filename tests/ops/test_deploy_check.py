"""Production settings: `check --deploy` without warnings, and the settings it cannot see."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)

PRODUCTION = {
    "DJANGO_DEBUG": "False",
    "DJANGO_ALLOWED_HOSTS": "ivz.example.nl",
    "DJANGO_SITE_URL": "https://ivz.example.nl",
    "DATABASE_URL": "postgres://platform_ivz:geheim@db.invalid:5432/platform_ivz",
}

SETTINGS_SCRIPT = """
import json
from django.conf import settings as s
names = [
    "DEBUG", "SECURE_SSL_REDIRECT", "SECURE_PROXY_SSL_HEADER", "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD", "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY", "SESSION_COOKIE_SAMESITE", "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_HTTPONLY", "CSRF_COOKIE_SAMESITE", "SECURE_CONTENT_TYPE_NOSNIFF",
    "X_FRAME_OPTIONS", "MIDDLEWARE", "TWO_FACTOR_REQUIRED", "EMAIL_BACKEND",
]
print(json.dumps({name: getattr(s, name, None) for name in names}))
"""


def manage(*args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.pop("DATABASE_URL", None)
    env.update(PRODUCTION, DJANGO_SECRET_KEY=secrets.token_urlsafe(50))
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_check_deploy_finds_nothing_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stderr


def test_production_settings_harden_transport_cookies_and_caching():
    result = manage("shell", "-c", SETTINGS_SCRIPT)
    assert result.returncode == 0, result.stderr
    production = json.loads(result.stdout.strip().splitlines()[-1])

    assert production["DEBUG"] is False
    assert production["SECURE_SSL_REDIRECT"] is True
    assert production["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert production["SECURE_HSTS_SECONDS"] >= 365 * 24 * 3600
    assert production["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert production["SECURE_HSTS_PRELOAD"] is True
    for cookie in ("SESSION", "CSRF"):
        assert production[f"{cookie}_COOKIE_SECURE"] is True
        assert production[f"{cookie}_COOKIE_HTTPONLY"] is True
        assert production[f"{cookie}_COOKIE_SAMESITE"] == "Lax"
    assert production["SECURE_CONTENT_TYPE_NOSNIFF"] is True
    assert production["X_FRAME_OPTIONS"] == "DENY"
    assert "platform_ivz.core.cache_control.NoStoreMiddleware" in production["MIDDLEWARE"]
    assert production["TWO_FACTOR_REQUIRED"] is True
    assert production["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
