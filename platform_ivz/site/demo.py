"""Demo data for a fresh install: every app adds its own, in the order data flows."""

from django.test.utils import override_settings

from contributions import demo as contributions_demo
from intake import demo as intake_demo
from platform_ivz.core import demo as core_demo
from platform_ivz.core.demo import DEMO_PASSWORD
from projects import demo as projects_demo

__all__ = ["DEMO_PASSWORD", "demo_usernames", "load"]


def load():
    # The workflow e-mails of the demo story would only flood the console.
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        core_demo.load_users()
        intake_demo.load_requests()
        projects_demo.load_projects()
        projects_demo.load_minutes()
        contributions_demo.load()


def demo_usernames() -> list[str]:
    return [row[0] for row in core_demo.DEMO_USERS]
