"""Staff the demo project on woninginbraken, so the werkvoorraad shows a project in preparation."""

from django.db import transaction

from platform_ivz.core.models import User
from projects import services
from projects.models import Project


@transaction.atomic
def load_projects() -> None:
    project = Project.objects.filter(title__startswith="Borging aanpak woninginbraken").first()
    if project is None or project.projectleider_id:
        return
    services.assign_people(
        project=project,
        actor=User.objects.get(username="regiocoordinator"),
        projectleider=User.objects.get(username="platformlid"),
        portefeuillehouder=User.objects.get(username="dvo"),
    )
