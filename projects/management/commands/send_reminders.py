"""Daily reminders to projectleiders: progress reports and evaluations that are due."""

import argparse

from django.core.management.base import BaseCommand

from projects.progress.services import send_reminders

HELP = """\
Create the progress reports that running projects now owe, then e-mail each project
leader once about
  - their progress reports due within 14 days or overdue, and
  - their projects in progress whose end date is within 14 days or past
    ("write the evaluation"); and each owner once about
  - their action items from meetings that are past their due date.
A reminder goes out once when the date comes within 14 days, once when it has passed,
then weekly. Running the command twice on a day sends nothing twice.

Run it daily from cron, for instance at 07:00:

  0 7 * * * cd /srv/platform-ivz && .venv/bin/python manage.py send_reminders >> /var/log/platform-ivz/reminders.log 2>&1

or with Docker Compose:

  0 7 * * * cd /srv/platform-ivz && docker compose exec -T app python manage.py send_reminders
"""  # noqa: E501


class Command(BaseCommand):
    help = HELP

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.formatter_class = argparse.RawDescriptionHelpFormatter  # keep the cron lines whole
        return parser

    def handle(self, *args, **options):
        summary = send_reminders()
        self.stdout.write(str(summary))
        if summary.failed:
            self.stderr.write("Some reminders could not be sent; they are tried again next run.")
