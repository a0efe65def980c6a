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
import re
from dataclasses import dataclass
from pathlib import Path

import django
import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from intake.models import Attachment, ProjectRequest
from platform_ivz.core.models import Meeting, User
from projects.models import AgendaItem, ProgressReport, Project
from tests.factories import AttachmentFactory
from tests.security import demo_world as shared
from tests.security.html_forms import Form, forms_in, main_form, post_forms
from tests.security.view_catalogue import (
    FORM_VIEWS,
    POST_ONLY_VIEWS,
    READ_ONLY_VIEWS,
    handles_post,
    routes,
)

pytestmark = pytest.mark.django_db
demo_world = shared.demo_world

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
# Tables that record the attempt itself (sign-in attempts, the audit log, sessions): an
# attempt is written down even when it is refused, by design.
BOOKKEEPING = {"sessions", "axes", "admin", "contenttypes", "otp_static", "otp_totp"}
BOOKKEEPING_MODELS = {"core.auditevent"}


# --- The world and where each form is -------------------------------------------------------


@pytest.fixture(scope="module")
def fuzz_world(demo_world, django_db_blocker):
    """The demo world, plus what a few forms need that the demo lacks: an attachment, a
    submitted progress report and an agenda item of a meeting that has taken place."""
    with django_db_blocker.unblock():
        request = ProjectRequest.objects.get(status="concept")
        AttachmentFactory(request=request, uploaded_by=request.indiener)
        report = ProgressReport.objects.filter(
            status="concept", project__status="in_uitvoering"
        ).order_by("-pk")[0]
        ProgressReport.objects.filter(pk=report.pk).update(
            status="ingediend", progress_content="Op koers.", progress_process="Goed."
        )


@pytest.fixture
def world(fuzz_world, db):
    """The demo world inside this test's own savepoint."""


@dataclass
class Target:
    username: str | None  # None: anonymous
    kwargs: callable = lambda: {}


def _request(status):
    return ProjectRequest.objects.filter(status=status).order_by("pk")[0]


def _project(status):
    return Project.objects.filter(status=status).order_by("pk")[0]


def _report(status):
    return ProgressReport.objects.filter(status=status, project__status="in_uitvoering")[0]


def _decided_item():
    item = AgendaItem.objects.select_related("meeting").order_by("-meeting__date")[0]
    return {"pk": item.meeting_id, "item_pk": item.pk}


def _future_meeting():
    return Meeting.objects.order_by("-date")[0].pk


TARGETS = {
    "login": Target(None),
    "logout": Target("platformlid"),
    "core:two_factor_verify": Target("voorzitter"),
    "core:two_factor_verify_backup": Target("voorzitter"),
    "core:two_factor_enrol": Target("voorzitter"),
    "core:two_factor_backup_codes": Target("voorzitter"),
    "core:two_factor_disable": Target("voorzitter"),
    "intake:create": Target("platformlid"),
    "intake:edit": Target("borne", lambda: {"pk": _request("concept").pk}),
    "intake:screen": Target("voorzitter", lambda: {"pk": _request("ingediend").pk}),
    "intake:transition": Target("borne", lambda: {"pk": _request("concept").pk, "name": "submit"}),
    "intake:attachment_delete": Target(
        "borne",
        lambda: {
            "pk": Attachment.objects.get().request_id,
            "attachment_pk": Attachment.objects.get().pk,
        },
    ),
    "projects:assign": Target("voorzitter", lambda: {"pk": _project("te_bemensen").pk}),
    "projects:theme": Target("voorzitter", lambda: {"pk": _project("in_uitvoering").pk}),
    "projects:plan_edit": Target("platformlid", lambda: {"pk": _project("in_voorbereiding").pk}),
    "projects:plan_submit": Target("platformlid", lambda: {"pk": _project("in_voorbereiding").pk}),
    "projects:plan_amend": Target("platformlid", lambda: {"pk": _project("in_uitvoering").pk}),
    "projects:report_edit": Target(
        "platformlid",
        lambda: {"pk": _report("concept").project_id, "report_pk": _report("concept").pk},
    ),
    "projects:report_submit": Target(
        "platformlid",
        lambda: {"pk": _report("concept").project_id, "report_pk": _report("concept").pk},
    ),
    "projects:report_acknowledge": Target(
        "voorzitter",
        lambda: {"pk": _report("ingediend").project_id, "report_pk": _report("ingediend").pk},
    ),
    "projects:beslispunt_create": Target(
        "platformlid", lambda: {"pk": _project("in_uitvoering").pk}
    ),
    "projects:evaluation_start": Target(
        "platformlid", lambda: {"pk": _project("in_uitvoering").pk}
    ),
    "projects:evaluation_edit": Target("almelo", lambda: {"pk": _project("evaluatie").pk}),
    "projects:evaluation_submit": Target("almelo", lambda: {"pk": _project("evaluatie").pk}),
    "meetings:create": Target("voorzitter"),
    "meetings:edit": Target("voorzitter", lambda: {"pk": _future_meeting()}),
    "meetings:delete": Target("voorzitter", lambda: {"pk": _future_meeting()}),
    "meetings:agenda_add": Target("voorzitter", lambda: {"pk": _future_meeting()}),
    "meetings:agenda_move": Target("voorzitter", _decided_item),
    "meetings:agenda_remove": Target("voorzitter", _decided_item),
    "meetings:agenda_decide": Target("voorzitter", _decided_item),
    "contributions:year_create": Target("regiocoordinator"),
    "contributions:settings_edit": Target("regiocoordinator", lambda: {"year": 2026}),
    "contributions:municipalities_edit": Target("regiocoordinator", lambda: {"year": 2026}),
    "contributions:partners_edit": Target("regiocoordinator", lambda: {"year": 2026}),
    "contributions:income_create": Target("regiocoordinator", lambda: {"year": 2026}),
    "contributions:income_edit": Target("regiocoordinator", lambda: _income_line()),
    "contributions:income_delete": Target("regiocoordinator", lambda: _income_line()),
    "reporting:introduction": Target("regiocoordinator", lambda: _report_kind("jaarplan")),
    "reporting:generate": Target("regiocoordinator", lambda: _report_kind("marap")),
    "reporting:finalise": Target("regiocoordinator", lambda: _report_kind("jaarplan")),
}


def _income_line():
    from contributions.models import IncomeLine

    line = IncomeLine.objects.select_related("settings").order_by("-settings__year")[0]
    return {"year": line.settings.year, "pk": line.pk}


def _report_kind(kind):
    from contributions.models import YearSettings

    return {"kind": kind, "year": YearSettings.objects.order_by("-year")[0].year}


# --- What a refused post must look like -----------------------------------------------------


def _msgids(path: Path) -> set[str]:
    """The English source texts of a catalogue whose Dutch differs: never to be shown."""
    text = path.read_text(encoding="utf-8")
    found = set()
    for block in text.split("\n\n"):
        msgid = "".join(re.findall(r'^(?:msgid |")"?(.*?)"$', block.split("msgstr")[0], re.M))
        msgstr = "".join(re.findall(r'"(.*)"$', block.split("msgstr", 1)[-1], re.M))
        if msgid and msgstr and msgid != msgstr and "#, fuzzy" not in block:
            found.add(msgid.replace('\\"', '"'))
    return found


ENGLISH = _msgids(Path(django.__file__).parent / "conf/locale/nl/LC_MESSAGES/django.po") | _msgids(
    Path(django_settings.BASE_DIR) / "locale/nl/LC_MESSAGES/django.po"
)


def error_messages(response) -> list[str]:
    """Every error of every form and formset on the page."""
    found = []
    for context in response.context or []:
        for value in context.flatten().values():
            for candidate in [value, *getattr(value, "forms", [])]:
                errors = getattr(candidate, "errors", None)
                if isinstance(errors, dict):
                    for messages in errors.values():
                        found.extend(str(message) for message in messages)
            non_form = getattr(value, "non_form_errors", None)
            if callable(non_form):
                found.extend(str(message) for message in non_form())
    return found


def row_counts() -> dict[str, int]:
    return {
        model._meta.label_lower: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label not in BOOKKEEPING
        and model._meta.label_lower not in BOOKKEEPING_MODELS
        and not model._meta.label_lower.startswith("core.historicalauditevent")
    }


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
