"""A sweep of every view: who gets what, for every URL the resolver knows (docs/ARCHITECTURE.md §4).

The table EXPECTED, its rules and the walk of the URL resolver are in tests/security/sweep.py
(shared with the accessibility sweep); here each entry is fetched for each subject and
compared with it.
"""

import copy
import io
import re
from contextlib import nullcontext
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.shortcuts import resolve_url
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from tests.security.sweep import (
    ALLOWED,
    BOOKKEEPING,
    EXPECTED,
    NOT_POSTED,
    PUBLIC,
    SECRET_HOURS_ROWS,
    SECRET_HOURS_SHOWN,
    WRITES_ON_GET,
    admin_check,
    checks,
    walk,
)
from tests.security.sweep_world import ANONYMOUS, SIGNED_IN, build_world

# --- The tests -------------------------------------------------------------------------------

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once for the module, in a transaction rolled back at its end."""
    fast = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with django_db_blocker.unblock(), fast, transaction.atomic():
        world = build_world()
        yield world
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def two_factor_optional(settings):
    """Roles are swept here; the second sign-in step has its own tests (tests/security)."""
    settings.TWO_FACTOR_REQUIRED = False


WRITE = re.compile(r'^\s*(INSERT INTO|UPDATE|DELETE FROM)\s+"?(\w+)"?', re.IGNORECASE)


def fetch(client, method, url, writes=None):
    """The response (or the exception) of one request, whose writes are rolled back; the
    tables it wrote to are added to `writes`."""
    cookies = copy.deepcopy(client.cookies)  # a sign-out must not sign the client out for good
    queries = CaptureQueriesContext(connection) if writes is not None else nullcontext()
    try:
        with transaction.atomic(), queries:
            response = getattr(client, method)(url)
            transaction.set_rollback(True)
    except Exception as error:  # noqa: BLE001 - reported as the outcome
        return f"{type(error).__name__}: {error}"
    finally:
        client.cookies = cookies
    if writes is not None:
        writes.update(m[2] for q in queries.captured_queries if (m := WRITE.match(q["sql"])))
    return response


def outcome(response) -> str | int:
    return response if isinstance(response, str) else response.status_code


def is_login_redirect(response, url) -> bool:
    """Sent to sign in, and back here after. The admin's own pages send visitors to the
    admin's sign-in address, which forwards to ours with the same `next`."""
    if isinstance(response, str) or response.status_code != 302:
        return False
    location = urlsplit(response["Location"])
    sign_in = {resolve_url(settings.LOGIN_URL), reverse("admin:login")}
    return location.path in sign_in and parse_qs(location.query).get("next") == [url]


def matches(expected, response) -> bool:
    if isinstance(response, str):
        return False
    if isinstance(expected, tuple):
        return response.status_code in expected
    if expected == ALLOWED:
        return response.status_code in (200, 302, 400) and not is_login_redirect(
            response, response.request["PATH_INFO"]
        )
    return response.status_code == expected


def test_every_url_has_an_entry():
    missing = [
        f"{e.key}  (/{e.route})"
        for e in walk()
        if (admin_check(e) is None if e.admin else e.key not in EXPECTED)
    ]
    assert not missing, (
        "URLs without an entry in EXPECTED of tests/security/sweep.py (say who may "
        "open them):\n" + "\n".join(missing)
    )


def test_the_table_has_no_entries_for_urls_that_are_gone():
    known = {e.key for e in walk()}
    assert not set(EXPECTED) - known


def test_the_walk_finds_every_app():
    keys = {e.key for e in walk()}
    for namespace in ("intake", "projects", "meetings", "contributions", "reporting", "core"):
        assert any(key.startswith(f"{namespace}:") for key in keys), namespace
    assert any(key.startswith("admin:") for key in keys)


def test_anonymous_visitors_are_sent_to_sign_in(world, client):
    failures = []
    for check in checks(world):
        for method in ("get", "post") if check.post else ("get",):
            response = fetch(client, method, check.url)
            if check.key in PUBLIC:
                ok = outcome(response) == PUBLIC[check.key]
            else:
                ok = is_login_redirect(response, check.url)
            if not ok:
                failures.append(f"{method.upper()} {check}: {outcome(response)}")
    assert not failures, "Anonymous visitors not sent to sign in:\n" + "\n".join(failures)


@pytest.mark.parametrize("subject", SIGNED_IN)
def test_each_subject_gets_what_the_table_says(world, subject):
    client = Client()
    client.force_login(world.users[subject])
    failures = []
    for check in checks(world):
        for method, expected in (("get", check.get), ("post", check.post)):
            if expected is None or expected[subject] == NOT_POSTED:
                continue
            writes = set()
            response = fetch(client, method, check.url, writes)
            if not matches(expected[subject], response):
                failures.append(
                    f"{method.upper()} {check}: expected {expected[subject]}, "
                    f"got {outcome(response)}"
                )
            if method == "get" and writes - WRITES_ON_GET.get(check.key, set()) - BOOKKEEPING:
                failures.append(f"GET {check} writes to {sorted(writes)}")
    assert not failures, f"{subject}:\n" + "\n".join(failures)


def shown_texts(response) -> set[str]:
    """Every text a page (its HTML text nodes) or a workbook (its cells) shows."""
    if response["Content-Type"].startswith("application/vnd.openxmlformats"):
        sheets = load_workbook(io.BytesIO(response.content)).worksheets
        return {str(c) for s in sheets for row in s.iter_rows(values_only=True) for c in row}
    return {text.strip() for text in re.findall(r">([^<]*)<", response.content.decode())}


@pytest.mark.parametrize("subject", SIGNED_IN)
def test_the_confidential_projects_hours_rows_only_for_its_circle(world, subject):
    client = Client()
    client.force_login(world.users[subject])
    secret = {world.secret.title, str(world.users["groepslid"])}
    expected = secret if SECRET_HOURS_SHOWN[subject] else set()
    failures = []
    for name, kwargs in SECRET_HOURS_ROWS.items():
        url = reverse(name, kwargs=kwargs(world))
        response = fetch(client, "get", url)
        if outcome(response) != 200:
            failures.append(f"{name} {url}: {outcome(response)}")
        elif (shown := secret & shown_texts(response)) != expected:
            failures.append(f"{name} {url}: shows {sorted(shown)}, expected {sorted(expected)}")
    assert not failures, f"{subject}:\n" + "\n".join(failures)


def test_unknown_ids_answer_404(world):
    """Every number in every URL, replaced by one that matches nothing, as the regiocoördinator
    (who sees the most): a 404, never a 500 or a page about nothing."""
    client = Client()
    client.force_login(world.users["regiocoordinator"])
    failures = []
    for endpoint in walk():
        for case in [] if endpoint.admin else EXPECTED.get(endpoint.key, []):
            kwargs = case.kwargs(world)
            method = "post" if case.get["regiocoordinator"] == 405 else "get"
            for name, value in kwargs.items():
                if not isinstance(value, int):
                    continue
                url = reverse(endpoint.name, kwargs={**kwargs, name: 999999})
                response = fetch(client, method, url)
                if outcome(response) != 404:
                    failures.append(f"{method.upper()} {url}: {outcome(response)}")
    assert not failures, "Unknown ids that do not answer 404:\n" + "\n".join(failures)


def test_every_post_without_a_csrf_token_is_refused(world):
    """Posted by someone who may post there (on a public page: anonymously), so that the 403
    can only be the missing token."""
    failures = []
    clients = {ANONYMOUS: Client(enforce_csrf_checks=True)}
    for check in checks(world):
        if check.post is None and not check.key.endswith("_add"):
            continue
        allowed = [s for s in SIGNED_IN if (check.post or check.get)[s] in (ALLOWED, 200, 302)]
        subject = ANONYMOUS if check.key in PUBLIC else (allowed or ["regiocoordinator"])[0]
        if subject not in clients:
            clients[subject] = Client(enforce_csrf_checks=True)
            clients[subject].force_login(world.users[subject])
        response = fetch(clients[subject], "post", check.url)
        if outcome(response) != 403 or b"CSRF" not in response.content:  # the failure page
            failures.append(f"POST {check} as {subject}: {outcome(response)}")
    assert not failures, "Accepted without a CSRF token:\n" + "\n".join(failures)


OTHER_METHODS = ("options", "trace", "put", "patch", "delete")


def test_methods_no_view_serves_answer_405(world):
    """Only GET, HEAD and POST are served (AllowedMethodsMiddleware); the rest answer 405,
    to anonymous visitors and to the one who sees most alike."""
    signed_in = Client()
    signed_in.force_login(world.users["regiocoordinator"])
    failures = []
    for check in checks(world):
        for client in (Client(), signed_in):
            for method in OTHER_METHODS:
                response = fetch(client, method, check.url)
                if outcome(response) != 405:
                    failures.append(f"{method.upper()} {check}: {outcome(response)}")
    assert not failures, "Methods answered that no view serves:\n" + "\n".join(failures)


# Where a signed-in user who still owes the second sign-in step may go (everywhere else sends
# them to that step): giving the code, or setting up the app, and signing out.
SECOND_STEP = {
    "verify": ("core:two_factor_verify", {"core:two_factor_verify_backup", "logout"}),
    "enrol": ("core:two_factor_enrol", {"logout"}),
}


@pytest.mark.parametrize("step", list(SECOND_STEP))
def test_who_owes_the_second_step_reaches_nothing_else(world, settings, step):
    """With two-step verification required: the voorzitter without an authenticator app must
    set it up first; a user with one must give a code first."""
    settings.TWO_FACTOR_REQUIRED = True
    user = world.users["voorzitter"] if step == "enrol" else world.totp_device.user
    client = Client()
    client.force_login(user)
    step_url = reverse(SECOND_STEP[step][0])
    open_pages = {SECOND_STEP[step][0], *SECOND_STEP[step][1]}
    failures = []
    for check in checks(world):
        if check.key in open_pages:
            continue
        for method in ("get", "post") if check.post else ("get",):
            response = fetch(client, method, check.url)
            location = "" if isinstance(response, str) else response.get("Location", "")
            if outcome(response) != 302 or urlsplit(location).path != step_url:
                failures.append(f"{method.upper()} {check}: {outcome(response)} {location}")
    assert not failures, f"Reachable before the second step ({step}):\n" + "\n".join(failures)
