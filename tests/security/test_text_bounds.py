"""Every free text has a length limit (pen test, issue 12 item 6: a plan section of 1.15 MB
was accepted).

Three nets, so that a new field without a limit fails here:
- every TextField of the apps' models declares TEXT_MAX_LENGTH (their ModelForms and the admin
  take it over);
- every text field of every form class in the apps has a max_length;
- every form page of the app (the fuzzing's targets) renders each textarea and text input
  with a maxlength, which also catches fields a form adds in __init__.
And a too-long post is refused with a Dutch message next to the field, keeping what was typed.
"""

import importlib
import pkgutil
import re
from html.parser import HTMLParser

import pytest
from django import forms
from django.apps import apps
from django.db import models, transaction
from django.test import Client
from django.urls import reverse

from platform_ivz.core.models import TEXT_MAX_LENGTH, User
from projects.models import AgendaItem, ProjectPlan
from tests.security import form_targets as fuzzing
from tests.security.html_forms import main_form, post_forms
from tests.security.view_catalogue import POST_ONLY_VIEWS

pytestmark = pytest.mark.django_db
TARGETS = fuzzing.TARGETS

PACKAGES = ("platform_ivz", "intake", "projects", "contributions", "reporting")
TOO_LONG = ("Te lang. " * TEXT_MAX_LENGTH)[: TEXT_MAX_LENGTH - 9] + "Het einde."  # one too many
DUTCH_LIMIT = f"niet meer dan {TEXT_MAX_LENGTH} tekens"


def app_models():
    """The apps' models; not their history copies (simple-history stores a FileField as
    text there; the copies of text fields follow their originals)."""
    for model in apps.get_models():
        if model.__module__.startswith(PACKAGES) and not hasattr(model, "instance_type"):
            yield model


def test_every_text_field_of_the_models_has_the_limit():
    unbounded = [
        f"{model._meta.label}.{field.name}"
        for model in app_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.TextField) and field.max_length != TEXT_MAX_LENGTH
    ]
    assert not unbounded
    # The net holds something: the plan's sections are among them.
    assert ProjectPlan._meta.get_field("aanleiding").max_length == TEXT_MAX_LENGTH


def form_classes() -> list[type]:
    for package in PACKAGES:
        module = importlib.import_module(package)
        for info in pkgutil.walk_packages(module.__path__, f"{package}."):
            if ".migrations" not in info.name and ".management" not in info.name:
                importlib.import_module(info.name)

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    return sorted(
        {cls for cls in subclasses(forms.BaseForm) if cls.__module__.startswith(PACKAGES)},
        key=lambda cls: f"{cls.__module__}.{cls.__qualname__}",
    )


# Text fields bounded elsewhere, with the reason.
EXEMPT = {
    # Django's AuthenticationForm sets the user model's 150 when the form is made; the page
    # test below sees it.
    "platform_ivz.core.sign_in.SignInForm.username",
}


def test_every_text_field_of_every_form_has_a_limit():
    classes = form_classes()
    unbounded = [
        f"{cls.__module__}.{cls.__qualname__}.{name}"
        for cls in classes
        for name, field in cls.base_fields.items()
        if isinstance(field, forms.CharField)
        and field.max_length is None
        # A password is hashed, never stored or shown (Django's PBKDF2 hashes a long one
        # once, so its length costs nothing).
        and not isinstance(field.widget, forms.PasswordInput)
    ]
    assert set(unbounded) == EXEMPT
    # The walk found the forms of every app, the plan's among them.
    assert {cls.__module__.split(".")[0] for cls in classes} >= set(PACKAGES)
    assert any(cls.__name__ == "PlanForm" for cls in classes)


class TextBoxes(HTMLParser):
    """The textareas and text inputs of a page's POST forms, with their maxlength (numbers,
    which are text inputs with an inputmode, are checked as numbers by their fields)."""

    def __init__(self):
        super().__init__()
        self.in_post_form = False
        self.boxes: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.in_post_form = (a.get("method") or "get").lower() == "post"
        elif self.in_post_form and (
            tag == "textarea"
            or (tag == "input" and (a.get("type") or "text") == "text" and "inputmode" not in a)
        ):
            self.boxes.append((a.get("name") or "", a.get("maxlength")))

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_post_form = False


# Forms that live on another page than the URL they post to.
PAGE_OF = {
    "reporting:introduction": lambda kwargs: reverse("reporting:report", kwargs=kwargs),
}


def _open_item():
    """The fuzzing's agenda item, still to decide (this test's transaction is rolled back)."""
    kwargs = fuzzing.TARGETS["meetings:agenda_decide"].kwargs()
    AgendaItem.objects.filter(pk=kwargs["item_pk"]).update(
        decision=AgendaItem.Decision.OPEN, decided_at=None, decided_by=None
    )
    return kwargs


KWARGS = {"meetings:agenda_decide": _open_item}


def form_page(name):
    """A signed-in client, the URL the form posts to and the HTML of the page it is on (None
    when that page shows no form)."""
    target = TARGETS[name]
    client = Client()
    if target.username:
        client.force_login(User.objects.get(username=target.username))
    kwargs = KWARGS.get(name, target.kwargs)()
    url = reverse(name, kwargs=kwargs)
    page = client.get(PAGE_OF[name](kwargs) if name in PAGE_OF else url)
    assert page.status_code < 500
    html = page.content.decode()
    return client, url, html if page.status_code == 200 and post_forms(html) else None


PAGES = sorted((set(TARGETS) - POST_ONLY_VIEWS) | set(PAGE_OF))


@pytest.mark.parametrize("name", PAGES)
def test_every_text_box_of_every_form_page_has_a_limit(fuzz_world, name):
    _client, _url, html = form_page(name)
    if html is None:
        return
    parser = TextBoxes()
    parser.feed(html)
    assert not [box for box, maxlength in parser.boxes if not maxlength]


TEXTAREA_PAGES = [
    "intake:create",
    "intake:screen",
    "intake:transition",
    "projects:plan_edit",
    "projects:plan_amend",
    "projects:report_edit",
    "projects:beslispunt_create",
    "projects:evaluation_start",
    "projects:evaluation_edit",
    "meetings:create",
    "meetings:agenda_decide",
    "reporting:introduction",
]


@pytest.mark.parametrize("name", TEXTAREA_PAGES)
def test_a_too_long_text_is_refused_in_dutch_keeping_what_was_typed(fuzz_world, name):
    client, url, html = form_page(name)
    forms = post_forms(html)
    form = next((form for form in forms if form.action == url), None) or main_form(html)
    boxes = [control.name for control in form.controls if control.tag == "textarea"]
    assert boxes
    with transaction.atomic():
        before = fuzzing.row_counts()
        response = client.post(url, form.data(**dict.fromkeys(boxes, TOO_LONG)))
        assert response.status_code in (200, 400), response.status_code
        assert fuzzing.row_counts() == before
        assert any(DUTCH_LIMIT in message for message in fuzzing.error_messages(response))
        content = response.content.decode()
        # Shown with the field, not only in a summary at the top.
        assert re.search(
            rf'class="invalid-feedback[^"]*"[^>]*>(\s|<[^>]+>)*[^<]*{DUTCH_LIMIT}', content
        )
        assert "Het einde." in content  # what was typed is still there, up to its last words
        transaction.set_rollback(True)
