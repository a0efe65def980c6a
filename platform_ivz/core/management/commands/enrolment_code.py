from django.core.management.base import BaseCommand, CommandError

from platform_ivz.core import two_factor
from platform_ivz.core.models import User


class Command(BaseCommand):
    help = (
        "Make an activation code for two-step verification (for a superuser or the first "
        "beheerder; otherwise the beheerder makes it in the admin). Printed once, valid for "
        "seven days."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user {username!r}.")
        code = two_factor.issue_enrolment_code(user=user)
        self.stdout.write(f"Activation code for {username}: {code}")
