from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Projects")

    def ready(self):
        from intake import project_circle
        from intake.signals import request_approved
        from projects.permissions import is_in_project_circle, project_circle_q
        from projects.signals import create_project_for_approved_request

        # Intake shows an approved request to its project's circle: the rule is ours.
        project_circle.register(predicate=is_in_project_circle, query=project_circle_q)

        request_approved.connect(
            create_project_for_approved_request, dispatch_uid="projects.create_from_request"
        )
