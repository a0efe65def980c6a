import shutil
import sys
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from platform_ivz.site import backup


class Command(BaseCommand):
    help = (
        "Write one archive with the whole database and every file under MEDIA_ROOT "
        "(see README.md, 'Back-up en herstel'). The archive holds password hashes and "
        "personal data: it is created readable by its owner only; store it encrypted."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "output",
            nargs="?",
            default=".",
            help="Archive file or existing directory (default: the current directory); "
            "'-' writes the archive to standard output.",
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, output, database, **options):
        if output == "-":
            with tempfile.TemporaryDirectory(prefix="ivz-backup-out-") as workdir:
                path = Path(workdir, backup.default_backup_name())
                manifest = backup.create_backup(path, using=database)
                with path.open("rb") as archive:
                    shutil.copyfileobj(archive, sys.stdout.buffer)
                sys.stdout.buffer.flush()
            self.stderr.write(f"Backup written to standard output: {backup.describe(manifest)}.")
            return
        destination = Path(output)
        if destination.is_dir():
            destination = destination / backup.default_backup_name()
        if destination.exists():
            raise CommandError(f"{destination} already exists; choose another name.")
        if not destination.parent.is_dir():
            raise CommandError(f"Directory {destination.parent} does not exist.")
        manifest = backup.create_backup(destination, using=database)
        self.stdout.write(
            self.style.SUCCESS(f"Backup written to {destination}: {backup.describe(manifest)}.")
        )
