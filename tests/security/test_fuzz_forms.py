"""Fuzzed input: arbitrary data posted to every form of the app.

For every view in FORM_VIEWS (tests/security/view_catalogue.py) hypothesis posts what the
page's own form offers, with each field left out, kept, or replaced by text, unicode,
control characters, huge strings, wrong types, negative or enormous numbers, impossible
dates, several values at once, plus fields the form does not have. Whatever comes in:
- never a server error (the test client re-raises any exception of the view);
- a refused post writes nothing: the row count of every table (history tables included,
  so any save shows) is what it was;
- a refused post says why in Dutch: the page is Dutch and no error is an untranslated
  English message.
Each example runs in a savepoint that is rolled back, so every post meets the same world.
The lists' query strings (filters, page numbers, exports) get the same values: never a 500.
"""

import os

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from platform_ivz.core.models import User
from tests.security.form_targets import ENGLISH, TARGETS, error_messages, row_counts
from tests.security.html_forms import Form, forms_in, main_form, post_forms
from tests.security.view_catalogue import (
    FORM_VIEWS,
    POST_ONLY_VIEWS,
    READ_ONLY_VIEWS,
    handles_post,
    routes,
)

pytestmark = pytest.mark.django_db

# Examples per view. CI runs more, a fixed number: enough that the defects the fuzzing has
# found so far (a long search term on SQLite, a refused post that wrote history) are found
# again within one run.
CI = bool(os.environ.get("CI"))
EXAMPLES = 25 if CI else 12
QUERY_EXAMPLES = 60 if CI else 30  # a GET is cheap
SLOW_EXAMPLES = 3  # views that render a PDF on success


def fuzz_settings(examples: int):
    """The database and blob printing come from the profile loaded in tests/conftest.py."""
    return settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
        ],
    )


SLOW_VIEWS = {"reporting:generate", "reporting:finalise"}


# --- The world (fuzz_world: tests/security/conftest.py; the targets: form_targets.py) -------


@pytest.fixture
def world(fuzz_world, db):
    """The demo world inside this test's own savepoint."""


# --- What a refused post must look like -----------------------------------------------------


def check_response(name: str, response, before: dict, payload: dict) -> None:
    status = response.status_code
    assert status < 500, f"{name}: {status}"
    if status in (301, 302, 303):
        return
    html = (
        response.content.decode(errors="replace")
        if response.get("Content-Type", "").startswith("text/html")
        else ""
    )
    errors = error_messages(response)
    refused = status >= 400 or bool(errors)
    if not refused:
        return
    saved_as_draft = name in ("intake:create", "intake:edit") and "submit" in payload
    if not saved_as_draft:
        after = row_counts()
        changed = {key: (before[key], after[key]) for key in before if before[key] != after[key]}
        assert not changed, f"{name}: a refused post ({status}) wrote {changed}"
    if html:
        assert 'lang="nl"' in html, f"{name}: the error page is not Dutch"
    english = [message for message in errors if message in ENGLISH]
    assert not english, f"{name}: untranslated errors {english}"


# --- What to post -----------------------------------------------------------------------------

BAD_DATES = ["31-02-2026", "2026-02-31", "0000-00-00", "99999-01-01", "1-1-1", "gisteren", "-1"]
BAD_NUMBERS = [
    "-1",
    "-99999999999999999999",
    "1e309",
    "NaN",
    "Infinity",
    "-0",
    "0x10",
    "1,5.3",
    "9" * 40,
    "3.14159265358979323846264338327950288",
    "١٢٣",
]
TEXTS = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=20),
    st.sampled_from(
        [
            "",
            " ",
            "\x00",
            "\u202e",
            "<script>alert(1)</script>",
            "{{ 7*7 }}",
            "' OR 1=1 --",
            "%s%s%n",
            "\r\n\r\n",
            "😀" * 50,
        ]
    ),
    st.integers(min_value=1000, max_value=120_000).map(lambda n: "x" * n),
)
VALUES = st.one_of(
    TEXTS,
    st.sampled_from(BAD_DATES),
    st.sampled_from(BAD_NUMBERS),
    st.integers(min_value=-(10**12), max_value=10**12).map(str),
)


def payloads(form: Form | None):
    """Each field of the form left out, kept, or replaced (by one value or several), plus
    fields the form does not have, and which button was pressed."""
    original = form.data() if form else {}
    names = sorted(form.names - {"csrfmiddlewaretoken"}) if form else []
    buttons = form.buttons if form else []

    def field(name):
        kept = original.get(name, [""])
        return st.one_of(
            st.none(),
            st.just(kept),
            VALUES.map(lambda value: [value]),
            st.lists(VALUES, min_size=2, max_size=3),
        )

    @st.composite
    def build(draw):
        data = {}
        for name in names:
            value = draw(field(name))
            if value is not None:
                data[name] = value
        extra = draw(
            st.dictionaries(
                st.text(alphabet="abcdefghijklmnopqrstuvwxyz_-0123456789", min_size=1, max_size=12),
                VALUES,
                max_size=3,
            )
        )
        for key, value in extra.items():
            data.setdefault(key, [value])
        if buttons:
            button = draw(st.sampled_from([None, *buttons]))
            if button and button[0]:
                data[button[0]] = [button[1]]
        return data

    return build()


# --- The tests ----------------------------------------------------------------------------


def test_every_view_is_classified():
    names = {route.name for route in routes()}
    unknown = names - FORM_VIEWS - READ_ONLY_VIEWS
    assert not unknown, f"classify these views in tests/security/view_catalogue.py: {unknown}"
    gone = (FORM_VIEWS | READ_ONLY_VIEWS) - names
    assert not gone, f"these listed views no longer exist: {gone}"
    assert set(TARGETS) == FORM_VIEWS, "every form view needs a target in TARGETS"


def test_no_read_only_view_handles_a_post():
    posting = {
        route.name
        for route in routes()
        if route.name in READ_ONLY_VIEWS and handles_post(route.callback)
    }
    assert not posting, f"these take a POST: list them in FORM_VIEWS: {posting}"


@pytest.mark.parametrize("name", sorted(FORM_VIEWS))
def test_arbitrary_posts_never_fail_write_nothing_when_refused_and_answer_in_dutch(world, name):
    target = TARGETS[name]
    client = Client()
    if target.username:
        client.force_login(User.objects.get(username=target.username))
    url = reverse(name, kwargs=target.kwargs())
    form = None
    if name not in POST_ONLY_VIEWS:
        page = client.get(url)
        assert page.status_code < 500
        if page.status_code == 200:
            forms = post_forms(page.content.decode())
            form = main_form(page.content.decode()) if forms else None

    @fuzz_settings(SLOW_EXAMPLES if name in SLOW_VIEWS else EXAMPLES)
    @given(payload=payloads(form))
    def post(payload):
        with transaction.atomic():
            before = row_counts()
            response = client.post(url, payload)
            check_response(name, response, before, payload)
            transaction.set_rollback(True)

    post()


# Lists and pages take filters, page numbers and exports from the query string: the same
# arbitrary values there may change what is shown, never break the page.
QUERY_VIEWS = sorted(
    route.name
    for route in routes()
    if route.name in READ_ONLY_VIEWS and not route.arguments and route.name != "logout"
)


def query_strings(form: Form | None):
    names = sorted(form.names) if form else []
    keys = st.sampled_from([*names, "page", "export", "year", "q", "status", "sort"])
    return st.dictionaries(keys, st.one_of(VALUES, st.lists(VALUES, min_size=2, max_size=3)))


@pytest.mark.parametrize("name", QUERY_VIEWS)
def test_arbitrary_query_strings_never_fail(world, name):
    client = Client()
    client.force_login(User.objects.get(username="regiocoordinator"))
    url = reverse(name)
    page = client.get(url)
    assert page.status_code < 500
    html = page.content.decode(errors="replace")
    get_forms = [form for form in forms_in(html) if form.method == "get"]
    form = max(get_forms, key=lambda f: len(f.controls)) if get_forms else None

    @fuzz_settings(QUERY_EXAMPLES)
    @given(query=query_strings(form))
    def get(query):
        response = client.get(url, {key: value for key, value in query.items() if key})
        assert response.status_code < 500, f"{name}?{query}"

    get()
