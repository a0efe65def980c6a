"""Loading the demo data as the command does, for the tests that read it."""

from io import StringIO

from django.core.management import call_command


def load_demo_data() -> str:
    """Run `manage.py load_demo_data`; its output."""
    out = StringIO()
    call_command("load_demo_data", stdout=out)
    return out.getvalue()
