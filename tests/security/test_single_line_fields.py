"""Single-line text fields refuse control characters, in every form of the app.

A line break in a title went into the subject of every e-mail about it: Django refused the
message (BadHeaderError) after the step had been saved. Every form mixes in
platform_ivz.core.forms.SingleLineMixin; this test imports every module of the app, finds
every form class, and posts a line break into each of its single-line CharFields (a
CharField that is not a text area; passwords excepted). A new form without the mixin, or a
field the mixin misses, fails here.
"""

import importlib
import pkgutil

import pytest
from django import forms
from django.test import RequestFactory
from django.urls import reverse

from intake.models import ProjectRequest
from intake.workflow import REQUEST_WORKFLOW, SUBMIT
from platform_ivz.core.forms import SingleLineMixin, is_single_line
from projects.models import AgendaItem
from reporting.kinds import KINDS, MARAP
from tests.factories import MeetingFactory, ProjectPlanFactory, UserFactory
from tests.intake.scenario import dutch, form_data, make_actors

pytestmark = pytest.mark.django_db

APP_PACKAGES = ["platform_ivz", "intake", "projects", "contributions", "reporting"]
LINE_BREAK = "Aanpak woninginbraken\nBcc: iedereen@example.org"
CONTROL_MESSAGE = "Use a single line, without line breaks, tabs or other control characters."

# The keyword arguments a form needs besides its data.
EXTRA_ARGUMENTS = {
    "intake.forms.ScreeningForm": lambda: {"initial_assessments": {}},
    "intake.forms.TransitionForm": lambda: {"transition": REQUEST_WORKFLOW.get(SUBMIT)},
    "projects.meetings.forms.AgendaItemForm": lambda: {
        "meeting": MeetingFactory(),
        "user": UserFactory(),
    },
    "projects.meetings.forms.DecisionForm": lambda: {"meeting": MeetingFactory()},
    "projects.meetings.action_forms.ActionForm": lambda: {"meeting": MeetingFactory()},
    "projects.meetings.forms.AttendanceForm": lambda: {"rows": []},
    "projects.meetings.forms.ItemMinutesForm": lambda: {
        "item": AgendaItem(kind="free", title="Rondvraag")
    },
    "projects.plans.forms.PlanForm": lambda: {"instance": ProjectPlanFactory()},
    "reporting.forms.GenerateForm": lambda: {"kind": KINDS[MARAP], "year": 2026},
    "reporting.forms.FactsheetYearForm": lambda: {"years": [2026]},
    "platform_ivz.core.sign_in.SignInForm": lambda: {"request": RequestFactory().post("/")},
    "platform_ivz.core.admin.AuditedPasswordChangeForm": lambda: {"user": UserFactory()},
}


def _import_every_module():
    for package_name in APP_PACKAGES:
        package = importlib.import_module(package_name)
        for module in pkgutil.walk_packages(package.__path__, f"{package_name}."):
            if ".migrations" not in module.name:
                importlib.import_module(module.name)


def _subclasses(cls):
    for subclass in cls.__subclasses__():
        yield subclass
        yield from _subclasses(subclass)


def app_forms() -> list[type]:
    _import_every_module()
    found = {
        f"{cls.__module__}.{cls.__qualname__}": cls
        for cls in _subclasses(forms.BaseForm)
        if cls.__module__.split(".")[0] in APP_PACKAGES
    }
    return [found[name] for name in sorted(found)]


def qualified(cls) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


def test_every_form_of_the_app_mixes_in_the_single_line_check():
    found = app_forms()
    names = {qualified(cls) for cls in found}
    # The walk really finds the forms (a broken walk would pass vacuously).
    assert {
        "intake.forms.ProjectRequestForm",
        "projects.meetings.forms.MeetingForm",
        "projects.plans.forms.PlanForm",
        "contributions.forms.IncomeLineForm",
        "reporting.forms.IntroductionForm",
        "platform_ivz.core.sign_in.SignInForm",
    } <= names
    missing = sorted(qualified(cls) for cls in found if not issubclass(cls, SingleLineMixin))
    assert not missing, f"forms without SingleLineMixin: {missing}"


def test_every_single_line_field_of_every_form_refuses_a_line_break():
    checked = []
    for cls in app_forms():
        if issubclass(cls, forms.BaseModelForm) and cls._meta.model is None:
            continue  # an abstract base; its subclasses are checked
        extra = EXTRA_ARGUMENTS.get(qualified(cls), dict)()
        probe = cls(**extra)
        for name, field in probe.fields.items():
            if not is_single_line(field):
                continue
            form = cls(data={probe.add_prefix(name): LINE_BREAK}, **extra)
            assert not form.is_valid()
            assert form.has_error(name, code="control_characters"), (qualified(cls), name)
            checked.append(f"{qualified(cls)}.{name}")
    # Fields from every kind of form are among them: the request's title (which becomes the
    # project's and goes into every e-mail subject), plan rows, meetings, sign-in.
    for field in [
        "intake.forms.ProjectRequestForm.title",
        "projects.plans.forms.IndicatorForm.name",
        "projects.meetings.forms.MeetingForm.location",
        "contributions.forms.IncomeLineForm.description",
        "platform_ivz.core.sign_in.SignInForm.username",
    ]:
        assert field in checked, (field, checked)


@pytest.mark.parametrize(
    "character", ["\n", "\r", "\t", "\x0b", "\x0c", "\x1b", "\x7f", "\x85", "\u2028", "\u2029"]
)
def test_each_control_character_is_refused_and_a_text_area_keeps_its_lines(character):
    from intake.forms import ProjectRequestForm

    form = ProjectRequestForm(
        data=form_data(title=f"Regel een{character}regel twee", aanleiding="Een\nTwee\r\nDrie")
    )
    assert not form.is_valid()
    assert form.has_error("title", code="control_characters")
    assert "aanleiding" not in form.errors


def test_a_title_with_a_line_break_is_refused_in_dutch_at_the_field(client):
    actors = make_actors(["indiener"])
    client.force_login(actors["indiener"])
    response = client.post(reverse("intake:create"), {**form_data(title=LINE_BREAK), "save": "1"})
    assert response.status_code == 400
    assert response.context["form"].errors["title"] == [dutch(CONTROL_MESSAGE)]
    page = response.content.decode()
    assert dutch(CONTROL_MESSAGE) in page
    assert "Aanpak woninginbraken" in page  # what was typed is kept
    assert not ProjectRequest.objects.exists()


def test_a_choice_of_rows_refuses_a_key_beyond_64_bits(client):
    """SQLite failed with OverflowError on gemeenten=-99999999999999999999 (the fuzzing)."""
    actors = make_actors(["indiener"])
    client.force_login(actors["indiener"])
    response = client.post(
        reverse("intake:create"),
        {**form_data(), "gemeenten": ["-99999999999999999999"], "save": "1"},
    )
    assert response.status_code == 400
    assert "gemeenten" in response.context["form"].errors
