"""The local OpenID Connect provider of the tests (tests/sso/provider.mjs, the npm package
oidc-provider on Node), started on 127.0.0.1 for as long as a test needs it.

Its clients are "hengelo" and "enschede" (secret: the id + "-secret"), redirecting to the app
at `app_url`; its accounts are in provider.mjs (ACCOUNTS).
"""

import os
import shutil
import socket
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests

SCRIPT = Path(__file__).with_name("provider.mjs")
ROOT = SCRIPT.parents[2]
STARTUP_SECONDS = 20

# Login names and passwords of the provider's accounts (as in provider.mjs).
ANNA = ("anna@hengelo.nl", "anna-wachtwoord")  # multi-factor at the provider
NIEUW = ("nieuw@hengelo.nl", "nieuw-wachtwoord")  # no account in the app yet
BRAM = ("bram@enschede.nl", "bram-wachtwoord")  # password only at the provider
ONBEVESTIGD = ("onbevestigd@enschede.nl", "onbevestigd-wachtwoord")  # e-mail not verified


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def local_provider(app_url: str):
    """Run the provider; yields its issuer URL."""
    node = shutil.which("node")
    if node is None or not (ROOT / "node_modules" / "oidc-provider").exists():
        message = "node and node_modules/oidc-provider are needed (make install runs npm ci)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    port = _free_port()
    issuer = f"http://127.0.0.1:{port}"
    process = subprocess.Popen(
        [node, str(SCRIPT)],
        cwd=ROOT,
        env={**os.environ, "PORT": str(port), "APP_URL": app_url},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"the provider stopped: {process.stdout.read()}")
            try:
                requests.get(f"{issuer}/.well-known/openid-configuration", timeout=1)
                break
            except requests.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        yield issuer
    finally:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
