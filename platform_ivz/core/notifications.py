"""E-mail to the people concerned, sent only once the transaction has committed.

A step that has been saved stays saved: an e-mail that cannot be built or sent is logged
(with its traceback) and the user is told, but never turns the step into an error page.
"""

import logging
import re
from collections.abc import Iterable

from django.conf import settings
from django.contrib import messages
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from simple_history.models import HistoricalRecords

logger = logging.getLogger(__name__)

# Control characters and line or paragraph separators: a header may not contain them.
UNSAFE_IN_HEADER = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def absolute_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def single_line(text: str) -> str:
    """`text` on one line: control characters become spaces, runs of whitespace one space.

    Titles typed before forms refused line breaks may still hold one; in a subject it would
    make Django refuse the whole message (BadHeaderError).
    """
    return " ".join(UNSAFE_IN_HEADER.sub(" ", str(text)).split())


def _current_request():
    """The request being handled, if any (simple_history's middleware keeps it per thread)."""
    return getattr(HistoricalRecords.context, "request", None)


def _tell_user_mail_failed() -> None:
    request = _current_request()
    # Once per request, however many notifications of the step failed.
    if request is not None and not getattr(request, "_mail_failure_told", False):
        request._mail_failure_told = True
        messages.warning(
            request,
            _(
                "The e-mail could not be sent; the step has been saved. Please let the people "
                "concerned know yourself."
            ),
            fail_silently=True,
        )


def notify(
    recipients: Iterable,
    *,
    subject: str,
    template: str,
    context: dict,
    raise_errors: bool = False,
) -> None:
    """Send `template`.txt/.html to each recipient with an e-mail address, after commit.

    One message per recipient, so nobody learns who else was told. A message that fails is
    logged and the others are still sent; with `raise_errors` (a job that tries again on
    its next run, such as the reminders) the first failure is raised instead.
    """
    people = [user for user in recipients if user.email and user.is_active]
    if not people:
        return
    subject = single_line(subject)

    def send():
        failed = 0
        for person in people:
            try:
                _send_one(person, subject=subject, template=template, context=context)
            except Exception:
                if raise_errors:
                    raise
                # The transaction has committed: the step is done whatever happens here.
                failed += 1
                logger.exception(
                    "Notification %r (%s) to user %s could not be sent.",
                    subject,
                    template,
                    person.pk,
                )
        if failed:
            _tell_user_mail_failed()

    transaction.on_commit(send)


def _send_one(person, *, subject: str, template: str, context: dict) -> None:
    body_context = {**context, "recipient": person}
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"{template}.txt", body_context),
        to=[person.email],
    )
    message.attach_alternative(render_to_string(f"{template}.html", body_context), "text/html")
    message.send()
