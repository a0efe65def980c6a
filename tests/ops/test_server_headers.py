"""A real gunicorn with gunicorn.conf.py and the production settings, asked over HTTP.

What a client sees: no version banner, HSTS, secure cookies, no-store on the sign-in page,
and plain HTTP sent to HTTPS.
"""

import http.client
import os
import re
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
HOST = "ivz.example.nl"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def gunicorn(tmp_path_factory):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "GUNICORN_"))}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "tests.ops.production_settings",
            "DJANGO_DEBUG": "False",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": HOST,
            "DJANGO_SITE_URL": f"https://{HOST}",
            # The sign-in page reads the organisations' identity providers (SSO buttons).
            "DATABASE_URL": f"sqlite:///{tmp_path_factory.mktemp('gunicorn') / 'ivz.sqlite3'}",
            "GUNICORN_BIND": f"127.0.0.1:{port}",
            "GUNICORN_WORKERS": "1",
        }
    )
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"],
        cwd=BASE_DIR,
        env=env,
        check=True,
    )
    gunicorn_bin = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(
        [str(gunicorn_bin), "-c", "gunicorn.conf.py", "platform_ivz.wsgi"],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 90
        while True:
            if server.poll() is not None:
                pytest.fail("gunicorn stopped:\n" + server.stdout.read().decode())
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail("gunicorn did not start listening")
                time.sleep(0.2)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=30)
        server.stdout.close()


def get(port: int, path: str, *, https: bool = True) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    headers = {"Host": HOST}
    if https:
        headers["X-Forwarded-Proto"] = "https"
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    response.read()
    connection.close()
    return response


VERSION = re.compile(r"\d+\.\d+|/\s*\d")


@pytest.mark.parametrize(
    ("path", "https", "status"),
    [("/inloggen/", False, 301), ("/inloggen/", True, 200), ("/", True, 302)],
    ids=["http-redirect", "sign-in-page", "private-page"],
)
def test_no_server_or_framework_version_is_revealed(gunicorn, path, https, status):
    response = get(gunicorn, path, https=https)
    assert response.status == status
    server = response.getheader("Server", "")
    assert not VERSION.search(server), f"Server header reveals a version: {server!r}"
    for banner in ("X-Powered-By", "X-AspNet-Version", "X-Runtime", "Via"):
        assert response.getheader(banner) is None


def test_plain_http_is_sent_to_https(gunicorn):
    response = get(gunicorn, "/inloggen/", https=False)
    assert response.status == 301
    assert response.getheader("Location") == f"https://{HOST}/inloggen/"


def test_https_responses_carry_hsts_and_secure_cookies(gunicorn):
    response = get(gunicorn, "/inloggen/")
    assert response.status == 200
    hsts = response.getheader("Strict-Transport-Security")
    max_age = int(re.search(r"max-age=(\d+)", hsts)[1])
    assert max_age >= 365 * 24 * 3600
    assert "includeSubDomains" in hsts
    assert "preload" in hsts
    assert "no-store" in response.getheader("Cache-Control")
    cookies = response.headers.get_all("Set-Cookie")
    csrf = next(c for c in cookies if c.startswith(f"{settings.CSRF_COOKIE_NAME}="))
    attributes = {part.strip().split("=")[0].lower() for part in csrf.split(";")[1:]}
    assert {"secure", "httponly", "samesite"} <= attributes, csrf
    assert "samesite=lax" in csrf.lower().replace(" ", "")


def test_the_image_runs_gunicorn_with_this_configuration():
    command = next(
        line for line in (BASE_DIR / "Dockerfile").read_text().splitlines()
        if line.startswith("CMD")
    )
    assert "gunicorn -c gunicorn.conf.py platform_ivz.wsgi" in command
