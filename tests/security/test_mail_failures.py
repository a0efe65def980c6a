"""An e-mail that cannot be built or sent never turns a saved step into an error page.

A title with a line break made every e-mail about it fail (BadHeaderError) after the step
had been committed: a 500 on submit and on "aanvulling vragen", the state already changed
and no e-mail sent. Now (platform_ivz.core.notifications):
- subjects are made single-line before a message is built;
- a message that fails is logged with its traceback, the other recipients still get theirs,
  and the user is told the step was saved but the e-mail was not sent.

The page tests commit for real (transaction=True): the e-mail goes out on commit, inside the
request, as in production.
"""

import logging
import smtplib

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.core.mail.backends.base import BaseEmailBackend
from django.urls import reverse

from intake import services
from intake.models import ProjectRequest, RequestEvent
from platform_ivz.core.models import Organisation
from platform_ivz.core.notifications import notify, single_line
from tests.intake.scenario import complete_data, dutch, make_actors

Status = ProjectRequest.Status
FAILING_BACKEND = "tests.security.test_mail_failures.FailingBackend"
MAIL_FAILED = (
    "The e-mail could not be sent; the step has been saved. Please let the people "
    "concerned know yourself."
)
TITLE_WITH_BREAK = "Aanpak woninginbraken\nBcc: iedereen@example.org"


class FailingBackend(BaseEmailBackend):
    """An SMTP server that hangs up."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


def concept(actors, **data):
    """A complete concept; the title is stored as an old row may hold it (no form check)."""
    request = services.create_request(
        author=actors["indiener"],
        data=complete_data(),
        gemeenten=Organisation.objects.filter(kind=Organisation.Kind.GEMEENTE),
    )
    ProjectRequest.objects.filter(pk=request.pk).update(**data)
    request.refresh_from_db()
    return request


def screening_data(action, motivation="Graag de cijfers per gemeente."):
    # Confirmed: the step itself, past its confirmation page (intake.views.request_screen).
    data = {"action": action, "motivation": motivation, "confirmed": "1"}
    for key in [
        "primaat_oov",
        "dvo_besluitvormend",
        "actueel_urgent",
        "zeven_gemeenten",
        "haalbaar",
    ]:
        data[f"{key}_met"] = "yes"
        data[f"{key}_note"] = ""
    return data


def failure_records(caplog):
    return [
        record
        for record in caplog.records
        if record.name == "platform_ivz.core.notifications" and record.levelno == logging.ERROR
    ]


@pytest.mark.django_db(transaction=True)
def test_a_failing_mail_server_keeps_the_submission_and_says_so(client, settings, caplog):
    settings.EMAIL_BACKEND = FAILING_BACKEND
    actors = make_actors(["indiener", "voorzitter", "regiocoordinator"])
    request = concept(actors)
    client.force_login(actors["indiener"])
    response = client.post(
        reverse("intake:transition", args=[request.pk, "submit"]), {"note": ""}, follow=True
    )
    assert response.status_code == 200
    request.refresh_from_db()
    assert request.status == Status.INGEDIEND  # the step is kept
    assert RequestEvent.objects.filter(request=request, to_status=Status.INGEDIEND).exists()
    shown = [str(message) for message in response.context["messages"]]
    assert dutch(MAIL_FAILED) in shown, shown
    assert shown.count(dutch(MAIL_FAILED)) == 1  # once, though both reviewers' mails failed
    records = failure_records(caplog)
    assert len(records) == 2  # one per reviewer, with the traceback
    assert all(record.exc_info for record in records)


@pytest.mark.django_db(transaction=True)
def test_asking_for_more_information_with_a_failing_mail_server_keeps_the_step(
    client, settings, caplog
):
    settings.EMAIL_BACKEND = FAILING_BACKEND
    actors = make_actors(["indiener", "voorzitter"])
    request = concept(actors, status=Status.INGEDIEND)
    client.force_login(actors["voorzitter"])
    response = client.post(
        reverse("intake:screen", args=[request.pk]),
        screening_data("request_information"),
        follow=True,
    )
    assert response.status_code == 200
    request.refresh_from_db()
    assert request.status == Status.AANVULLING_GEVRAAGD
    assert dutch(MAIL_FAILED) in [str(message) for message in response.context["messages"]]
    assert len(failure_records(caplog)) == 1


@pytest.mark.django_db(transaction=True)
def test_a_title_with_a_line_break_still_gets_its_mail_on_one_line(client, settings):
    """A title stored before forms refused line breaks: the subject is made single-line."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    actors = make_actors(["indiener", "voorzitter"])
    request = concept(actors, title=TITLE_WITH_BREAK, status=Status.INGEDIEND)
    client.force_login(actors["voorzitter"])
    response = client.post(
        reverse("intake:screen", args=[request.pk]), screening_data("request_information")
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == Status.AANVULLING_GEVRAAGD
    assert [message.to for message in mail.outbox] == [[actors["indiener"].email]]
    subject = mail.outbox[0].subject
    assert "\n" not in subject and "\r" not in subject
    assert subject.endswith("Aanpak woninginbraken Bcc: iedereen@example.org")
    assert "Bcc" not in mail.outbox[0].message().keys()  # no header was forged


@pytest.mark.django_db
def test_one_failing_message_does_not_stop_the_others(
    monkeypatch, caplog, mailoutbox, django_capture_on_commit_callbacks
):
    """Also outside a request (a management command): logged, nothing raised."""
    actors = make_actors(["indiener", "voorzitter", "regiocoordinator"])
    original_send = EmailMultiAlternatives.send

    def send(message, *args, **kwargs):
        if message.to == [actors["voorzitter"].email]:
            raise smtplib.SMTPRecipientsRefused({message.to[0]: (550, b"no such user")})
        return original_send(message, *args, **kwargs)

    monkeypatch.setattr(EmailMultiAlternatives, "send", send)
    request = concept(actors)
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            [actors["voorzitter"], actors["regiocoordinator"]],
            subject="Projectverzoek ingediend",
            template="intake/email/submitted",
            context={"request": request, "note": "", "url": "https://ivz.example.nl/"},
        )
    assert [message.to for message in mailoutbox] == [[actors["regiocoordinator"].email]]
    (record,) = failure_records(caplog)
    assert record.exc_info and str(actors["voorzitter"].pk) in record.getMessage()


@pytest.mark.parametrize(
    ("subject", "expected"),
    [
        ("Ingediend: Regel een\nBcc: x@example.org", "Ingediend: Regel een Bcc: x@example.org"),
        ("a\r\nb\tc\x0bd\x85e\u2028f\x00g", "a b c d e f g"),
        ("  veel    ruimte  ", "veel ruimte"),
    ],
)
def test_subjects_are_made_single_line(subject, expected):
    assert single_line(subject) == expected
