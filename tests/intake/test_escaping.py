"""Whatever people type comes out escaped: on every intake page and in every e-mail."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from intake import services
from intake.models import CriterionAssessment
from projects.models import Project
from tests.intake.scenario import complete_data, first_gemeenten

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
ATTRIBUTE = '"onmouseover="x'
TEMPLATE = "[{{ 7*7 }}]"
TEXT_FIELDS = [
    "title",
    "aanleiding",
    "doelstelling",
    "betrokken_partners",
    "afbakening",
    "risicos",
    "verwacht_resultaat",
    "capaciteit_expertise",
    "planning",
    "financien",
    "communicatie",
]


def payload(where: str) -> str:
    return f"{where} {SCRIPT} {ATTRIBUTE} {TEMPLATE}"


def assert_escaped(text: str, *wheres: str, context: str) -> None:
    """No raw payload anywhere; each `where` present in its escaped form."""
    assert SCRIPT not in text, context
    assert ATTRIBUTE not in text, context
    assert "[49]" not in text, context  # {{ 7*7 }} is never evaluated
    for where in wheres:
        assert escape(payload(where)) in text, f"{context}: {where}"
    assert escape(SCRIPT) in text and escape(ATTRIBUTE) in text and TEMPLATE in text, context


@pytest.fixture
def story(actors, mailoutbox, django_capture_on_commit_callbacks, client):
    """One request through the whole intake, with the payload in every text people type."""
    indiener, reviewer = actors["indiener"], actors["voorzitter"]
    pages = {}

    def page(name, user, url):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200, name
        pages[name] = response.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        request = services.create_request(
            author=indiener,
            data=complete_data(**{field: payload(f"old-{field}") for field in TEXT_FIELDS}),
            gemeenten=first_gemeenten(6),
        )
        # A change, so that the timeline shows old → new for every field.
        request = services.update_request(
            request=request,
            actor=actors["collega"],
            data=complete_data(**{field: payload(field) for field in TEXT_FIELDS}),
            gemeenten=first_gemeenten(6),
            expected_version=1,
        )
        request = services.submit_request(
            request=request, actor=indiener, note=payload("first-submit-note")
        )
        services.save_screening(
            request=request,
            actor=reviewer,
            assessments={
                "primaat_oov": (True, payload("criterion-note")),
                "dvo_besluitvormend": (True, ""),
                "actueel_urgent": (True, ""),
                "zeven_gemeenten": (False, ""),
                "haalbaar": (True, ""),
            },
        )
        request = services.request_information(
            request=request, actor=reviewer, note=payload("information-note")
        )
        request = services.submit_request(
            request=request, actor=indiener, note=payload("second-submit-note")
        )
    pages_url = {
        "list": reverse("intake:list"),
        "mine": reverse("intake:mine"),
        "review": reverse("intake:review"),
        "detail": reverse("intake:detail", args=[request.pk]),
        "edit": reverse("intake:edit", args=[request.pk]),
    }
    page("screen", reviewer, reverse("intake:screen", args=[request.pk]))
    page("werkvoorraad-reviewer", reviewer, reverse("home"))
    page("werkvoorraad-indiener", indiener, reverse("home"))
    page("edit", indiener, pages_url["edit"])
    page("withdraw", indiener, reverse("intake:transition", args=[request.pk, "withdraw"]))
    page("review", reviewer, pages_url["review"])

    with django_capture_on_commit_callbacks(execute=True):
        request = services.decide_request(
            request=request,
            actor=reviewer,
            approve=True,
            motivation=payload("motivation"),
            override_motivation=payload("override"),
        )
    page("list", reviewer, pages_url["list"])
    page("mine", indiener, pages_url["mine"])
    page("detail", indiener, pages_url["detail"])
    page("werkvoorraad-staffing", reviewer, reverse("home"))
    project = Project.objects.get(request=request)
    page("projects-list", indiener, reverse("projects:list"))
    page("project-detail", indiener, reverse("projects:detail", args=[project.pk]))
    page("project-assign", reviewer, reverse("projects:assign", args=[project.pk]))
    return request, pages, list(mailoutbox)


def test_the_payload_is_stored_as_typed(story):
    request, _pages, _mails = story
    request.refresh_from_db()
    assert request.title == payload("title")
    assert request.decision_motivation == payload("motivation")
    assert request.override_motivation == payload("override")
    assert CriterionAssessment.objects.get(criterion="primaat_oov").note == payload(
        "criterion-note"
    )


@pytest.mark.parametrize(
    ("page", "wheres"),
    [
        ("list", ["title"]),
        ("mine", ["title"]),
        ("review", ["title"]),
        (
            "detail",
            [
                *TEXT_FIELDS,
                *(f"old-{field}" for field in TEXT_FIELDS),  # the timeline's old → new
                "first-submit-note",
                "information-note",
                "second-submit-note",
                "criterion-note",
                "motivation",
                "override",
            ],
        ),
        ("screen", [*TEXT_FIELDS, "criterion-note"]),
        ("edit", TEXT_FIELDS),
        ("withdraw", ["title"]),
        ("werkvoorraad-reviewer", ["title"]),
        ("werkvoorraad-indiener", ["title"]),
        ("werkvoorraad-staffing", ["title"]),
        ("projects-list", ["title"]),
        ("project-detail", ["title"]),
        ("project-assign", ["title"]),
    ],
)
def test_pages_escape_what_people_typed(page, wheres, story):
    _request, pages, _mails = story
    assert_escaped(pages[page], *wheres, context=page)


def test_every_mail_escapes_what_people_typed(story):
    _request, _pages, mails = story
    reviewers = 3  # voorzitter, regiocoordinator, collega_regiocoordinator
    expected = {
        "first-submit-note": reviewers,  # submitted
        "second-submit-note": reviewers,  # submitted again
        "information-note": 1,  # to the indiener
        "motivation": 1,  # decided
    }
    assert len(mails) == sum(expected.values())
    for where, count in expected.items():
        found = [m for m in mails if escape(payload(where)) in m.body]
        assert len(found) == count, where
        for message in found:
            html, _mimetype = message.alternatives[0]
            extra = ["override"] if where == "motivation" else []
            for kind, text in (("text", message.body), ("html", html)):
                assert_escaped(text, where, "title", *extra, context=f"{where} ({kind})")
