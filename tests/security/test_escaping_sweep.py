"""Output escaping sweep: a world where every text field holds an attack, and every page and
every PDF shows it as text.

`fill_every_text_field` writes the payload (a script tag, an attribute break-out and a
template expression) into every CharField and TextField of every model of the app (and the
text inside a plan's frozen snapshot), through save() so the history pages show it too.
Then every page the resolver knows is opened, signed in as the regiocoördinator (or, where
a page is someone else's, as the person whose page it is): the raw payload never appears,
the escaped one does wherever people's text is shown, and `{{ 7*7 }}` never becomes 49.
The PDFs are read back with pypdf: the payload is there as plain text.
"""

import io
import re

import pytest
from django.apps import apps
from django.db import models
from django.test import Client
from django.urls import reverse
from django.utils.html import escape
from pypdf import PdfReader

from intake.models import ProjectRequest
from platform_ivz.core.models import User
from tests.factories import AttachmentFactory
from tests.security.view_catalogue import POST_ONLY_VIEWS, argument_sets, routes

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
ATTRIBUTE = '"onmouseover='
TEMPLATE = "{{ 7*7 }}"
PAYLOAD = f"{SCRIPT} {ATTRIBUTE} [{TEMPLATE}]"
APPS = {"core", "intake", "projects", "contributions", "reporting"}
# Machine values that only look like text: names of transitions, a file's type, a checksum.
MACHINE_FIELDS = {"transition", "content_type", "sha256", "password", "object_id"}
# Append-only tables (a database trigger refuses any change).
IMMUTABLE = {"core.auditevent"}
# Pages that show nobody's text (forms of one's own account, empty lists).
NO_PEOPLES_TEXT = {
    "login",
    "core:two_factor",
    "core:two_factor_enrol",
    "core:two_factor_verify",
    "core:two_factor_verify_backup",
    "core:two_factor_disable",
    "meetings:create",
    "contributions:year_create",
    "contributions:income_create",
    "intake:create",
}
MAX_PAGES_PER_VIEW = 8
USERS: dict[str, int] = {}  # demo username → pk, read before the usernames are attacked too


def payload_for(field: models.Field, pk) -> str | None:
    """The payload, numbered so unique fields stay unique, shortened to fit the column."""
    text = f"{PAYLOAD} #{pk}"
    limit = getattr(field, "max_length", None)
    if limit is None or len(text) <= limit:
        return text
    if len(SCRIPT) <= limit:
        return SCRIPT
    return None


def text_fields(model) -> list[models.Field]:
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField)
        and not field.choices
        and not field.primary_key
        and field.name not in MACHINE_FIELDS
    ]


def domain_models():
    return [
        model
        for model in apps.get_models()
        if model._meta.app_label in APPS
        and not model._meta.model_name.startswith("historical")
        and model._meta.label_lower not in IMMUTABLE
    ]


def _snapshot(value, keys: set[str], pk):
    """The plan's frozen rows with every text value (not ids, dates or numbers) replaced."""
    if isinstance(value, dict):
        return {
            key: (
                f"{PAYLOAD} #{pk}"
                if key in keys and isinstance(item, str) and item
                else _snapshot(item, keys, pk)
            )
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_snapshot(item, keys, pk) for item in value]
    return value


def fill_every_text_field() -> int:
    """Write the payload into every text field of every row; the number of values written."""
    written = 0
    text_keys = {field.name for model in domain_models() for field in text_fields(model)}
    for model in domain_models():
        fields = text_fields(model)
        json_fields = [f for f in model._meta.concrete_fields if isinstance(f, models.JSONField)]
        if not fields and not json_fields:
            continue
        for obj in model._default_manager.all():
            changed = []
            for field in fields:
                value = payload_for(field, obj.pk)
                if value is not None:
                    setattr(obj, field.attname, value)
                    changed.append(field.attname)
            for field in json_fields:
                setattr(
                    obj, field.attname, _snapshot(getattr(obj, field.attname), text_keys, obj.pk)
                )
                changed.append(field.attname)
            obj.save(update_fields=changed)
            written += len(changed)
    return written


@pytest.fixture(scope="module")
def attacked_world(demo_world, django_db_blocker):
    with django_db_blocker.unblock():
        request = ProjectRequest.objects.get(status="concept")
        AttachmentFactory(request=request, uploaded_by=request.indiener)
        USERS.update(User.objects.values_list("username", "pk"))
        assert fill_every_text_field() > 500


@pytest.fixture
def world(attacked_world, db):
    """The attacked world inside this test's own savepoint."""


def assert_escaped(text: str, where: str) -> None:
    assert SCRIPT not in text, f"{where}: a raw script tag"
    assert ATTRIBUTE not in text, f"{where}: a raw attribute break-out"
    assert "[49]" not in text, f"{where}: a template expression was evaluated"


def clients() -> list[Client]:
    """The regiocoördinator first; then everyone else, for pages that are someone's own."""
    first = [USERS["regiocoordinator"], USERS["voorzitter"]]
    others = User.objects.exclude(pk__in=first).order_by("pk").values_list("pk", flat=True)
    result = []
    for pk in [*first, *others]:
        client = Client()
        client.force_login(User.objects.get(pk=pk))
        result.append(client)
    return result


def first_page(people: list[Client], url: str):
    """The page as the first person who may see it sees it; else the regiocoördinator's."""
    first = None
    for client in people:
        response = client.get(url)
        if first is None:
            first = response
        if response.status_code == 200:
            return response
    return first


def test_every_page_shows_the_payloads_as_text(world):
    people = clients()
    shown, opened = set(), {}
    for route in routes():
        if route.name in POST_ONLY_VIEWS:
            continue
        for kwargs in argument_sets(route)[:MAX_PAGES_PER_VIEW]:
            url = reverse(route.name, kwargs=kwargs)
            # Once a view has shown a page, the regiocoördinator's view of the rest will do.
            who = people if route.name not in opened else people[:1]
            response = first_page(who if route.name != "login" else [Client()], url)
            assert response.status_code < 500, url
            kind = response.get("Content-Type", "")
            if response.status_code != 200 or not kind.startswith("text/html"):
                continue
            html = response.content.decode()
            assert_escaped(html, url)
            opened[route.name] = url
            if escape(SCRIPT) in html and escape(ATTRIBUTE) in html:
                shown.add(route.name)
    assert len(opened) > 40, sorted(opened)
    silent = set(opened) - shown - NO_PEOPLES_TEXT
    assert not silent, f"these pages show none of the payload: {sorted(silent)}"


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return "".join(page.extract_text() or "" for page in reader.pages)


def assert_pdf_shows_payload(content: bytes, where: str) -> None:
    text = pdf_text(content)
    flat = re.sub(r"\s+", "", text)
    assert "[49]" not in flat, f"{where}: a template expression was evaluated"
    assert "<script>alert(1)</script>" in flat, f"{where}: the payload is not shown as text"
    assert '"onmouseover=' in flat or "“onmouseover=" in flat, f"{where}: attribute payload"


def test_every_pdf_shows_the_payloads_as_text(world):
    from contributions.models import MunicipalityYear, YearSettings
    from platform_ivz.core.models import Meeting
    from reporting.kinds import KINDS
    from reporting.models import ReportVersion

    client = Client()
    client.force_login(User.objects.get(pk=USERS["regiocoordinator"]))
    year = YearSettings.objects.order_by("-year")[0].year
    for key, kind in KINDS.items():
        if getattr(kind, "versioned", False):
            data = {"peildatum": kind.default_peildatum(year)} if kind.has_peildatum else {}
            url = reverse("reporting:generate", kwargs={"kind": key, "year": year})
            response = client.post(url, data)
            assert response.status_code == 302, (key, response.status_code)
    # The posts queue the renders; the background worker makes them.
    from tests.reporting.worker import run_waiting_tasks

    run_waiting_tasks()
    versions = list(ReportVersion.objects.all())
    assert {version.kind for version in versions} == {
        key for key, kind in KINDS.items() if getattr(kind, "versioned", False)
    }
    pdfs = {
        f"{version.kind} {version.year}": reverse("reporting:download", args=[version.pk])
        for version in versions
    }
    meeting = Meeting.objects.filter(agenda_items__isnull=False).order_by("-date")[0]
    pdfs["besluitenlijst"] = reverse("reporting:besluitenlijst", args=[meeting.pk])
    row = MunicipalityYear.objects.filter(settings__year=year)[0]
    pdfs["factsheet"] = reverse("reporting:factsheet", args=[row.organisation_id, year])
    for name, url in pdfs.items():
        response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        assert response["Content-Type"] == "application/pdf", name
        content = b"".join(response.streaming_content) if response.streaming else response.content
        assert_pdf_shows_payload(content, name)
