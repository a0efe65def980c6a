from django.db.models import Q, QuerySet

from platform_ivz.core.roles import Role
from platform_ivz.core.selectors import users_with_roles
from projects.models import Project


def visible_projects(user) -> QuerySet[Project]:
    # Every signed-in user may know a project exists (title, status, leader).
    return Project.objects.select_related(
        "projectleider", "portefeuillehouder", "request__organisation"
    )


def my_projects(user) -> QuerySet[Project]:
    return visible_projects(user).filter(Q(projectleider=user) | Q(portefeuillehouder=user))


def projects_to_staff(user) -> QuerySet[Project]:
    if not user.has_role(Role.VOORZITTER, Role.REGIOCOORDINATOR):
        return Project.objects.none()
    return visible_projects(user).filter(status=Project.Status.TE_BEMENSEN)


def portfolio_holder_candidates():
    return users_with_roles(Role.DVO_LID).select_related("organisation")
