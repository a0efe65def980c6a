"""The circle of the project an approved request became, as the projects app defines it.

Once approved, a confidential request is seen as its project is (docs/ARCHITECTURE.md, "Who
may see what"). Intake sits below projects and may not import it, so the projects app hands its
rule over at start-up (ProjectsConfig.ready): the rule itself is written once, in
projects/permissions.py (is_in_project_circle and project_circle_q).
"""

from django.db.models import Q

_rule: dict = {}


def register(*, predicate, query) -> None:
    """predicate(user, project) -> bool; query(user, prefix) -> Q on rows reaching a project."""
    _rule.update(predicate=predicate, query=query)


def contains(user, project) -> bool:
    return bool(_rule["predicate"].test(user, project))


def requests_q(user) -> Q:
    """Requests whose project has `user` in its circle."""
    return _rule["query"](user, "project__")
