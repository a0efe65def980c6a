from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Projects")

    def ready(self):
        from intake.signals import request_approved
        from projects.signals import create_project_for_approved_request

        request_approved.connect(
            create_project_for_approved_request, dispatch_uid="projects.create_from_request"
        )
