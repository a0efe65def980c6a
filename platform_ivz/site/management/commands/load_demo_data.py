from django.core.management.base import BaseCommand

from platform_ivz.site import demo


class Command(BaseCommand):
    help = "Load the demo organisations, accounts and workflow data. Safe to run again."

    def handle(self, *args, **options):
        demo.load()
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        self.stdout.write(
            "Demo accounts: " + ", ".join(demo.demo_usernames())
            + f"\nPassword for all: {demo.DEMO_PASSWORD}"
        )
