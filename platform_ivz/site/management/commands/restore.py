import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from platform_ivz.site import backup


class Command(BaseCommand):
    help = (
        "Restore an archive of `manage.py backup` into an empty database and MEDIA_ROOT "
        "(migrating the database first). Refuses a database with user accounts or a "
        "MEDIA_ROOT with files unless --force is given."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "archive",
            help="The .tar.gz written by `manage.py backup`; '-' reads it from standard input.",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace all data in a non-empty database by the backup's, and write the "
            "backup's files over those in MEDIA_ROOT (other files there stay).",
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, archive, force, database, **options):
        if archive == "-":
            source = sys.stdin.buffer
        else:
            source = Path(archive)
            if not source.is_file():
                raise CommandError(f"{source} does not exist.")
        manifest = backup.restore_backup(source, using=database, replace=force)
        self.stdout.write(self.style.SUCCESS(f"Restored {backup.describe(manifest)}."))
