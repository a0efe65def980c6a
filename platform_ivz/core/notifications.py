"""E-mail to the people concerned, sent only once the transaction has committed."""

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string


def absolute_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def notify(recipients: Iterable, *, subject: str, template: str, context: dict) -> None:
    """Send `template`.txt/.html to each recipient with an e-mail address, after commit.

    One message per recipient, so nobody learns who else was told.
    """
    people = [user for user in recipients if user.email and user.is_active]
    if not people:
        return

    def send():
        for person in people:
            body_context = {**context, "recipient": person}
            message = EmailMultiAlternatives(
                subject=subject,
                body=render_to_string(f"{template}.txt", body_context),
                to=[person.email],
            )
            message.attach_alternative(
                render_to_string(f"{template}.html", body_context), "text/html"
            )
            message.send()

    transaction.on_commit(send)
