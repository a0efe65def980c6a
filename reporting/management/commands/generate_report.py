"""Scheduled runs: `manage.py generate_report marap 2026 --final --output marap-2026.pdf`.

Renders in this process (cron needs no worker): the version is recorded as the web page
records it, then rendered here, retries included.
"""

import datetime
import time
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from reporting import services
from reporting.kinds import VERSIONED_KINDS


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"Not a date (YYYY-MM-DD): {value}") from None


class Command(BaseCommand):
    help = (
        "Generate a jaarplan, jaarverslag or marap from the live data: a concept version by "
        "default, the final report with --final. Every version is kept in the application; "
        "--output also writes the PDF to a file."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=[kind.key for kind in VERSIONED_KINDS])
        parser.add_argument("year", type=int)
        parser.add_argument(
            "--final", action="store_true", help="make the report final (once per year)"
        )
        parser.add_argument("--output", type=Path, help="also write the PDF to this file")
        parser.add_argument(
            "--peildatum",
            type=_date,
            help="the marap's reference date, YYYY-MM-DD (default: 1 September of YEAR)",
        )
        parser.add_argument(
            "--user",
            help="username recorded as having generated it (default: none, a scheduled run)",
        )

    def handle(self, *args, kind, year, final, output, peildatum, user, **options):
        actor = None
        if user:
            try:
                actor = get_user_model().objects.get(username=user, is_active=True)
            except get_user_model().DoesNotExist:
                raise CommandError(f"No active user {user!r}") from None
        if peildatum and kind != "marap":
            raise CommandError("--peildatum applies to the marap only")
        action = services.request_final if final else services.request_concept
        try:
            requested = action(
                actor=actor, kind=kind, year=year, peildatum=peildatum, enqueue=False
            )
        except services.ReportClosed as error:
            raise CommandError(" ".join(error.messages)) from None
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        except PermissionDenied:
            raise CommandError(f"{user} may not generate or finalise reports") from None
        version = self._render(requested)
        if output:
            output.write_bytes(version.stored_bytes())
        self.stdout.write(
            f"{version.title}: {version.get_status_display()} version {version.number}, "
            f"{version.size} bytes, SHA-256 {version.sha256}, "
            f"rendered in {version.render_seconds} s"
            + (f", written to {output}" if output else "")
        )

    def _render(self, requested):
        """Render here, attempt after attempt; one a worker is rendering is waited for."""
        version = requested.version
        while version.is_pending:
            if version.state == version.State.QUEUED:
                services.render_version(version_id=version.pk, requeue=False)
            else:
                time.sleep(2)
                services.recover_stale(kind=version.kind, year=version.year)
            version.refresh_from_db()
        if version.state == version.State.FAILED:
            raise CommandError(f"{version.title}: {version.error}")
        return version
