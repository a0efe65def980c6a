"""Who may do what with a project (DESIGN.md §4). The only place that decides it."""

import rules

from platform_ivz.core.permissions import is_dvo_lid, is_reviewer


@rules.predicate
def is_projectleider(user, project):
    return project.projectleider_id == user.pk


@rules.predicate
def is_portefeuillehouder(user, project):
    return project.portefeuillehouder_id == user.pk


@rules.predicate
def is_requesting_organisation(user, project):
    return (
        user.organisation_id is not None and project.request.organisation_id == user.organisation_id
    )


@rules.predicate
def is_open_project(user, project):
    return not project.vertrouwelijk


# Everyone signed in sees a project's title, status and leader; the content of a
# confidential project only the people below.
can_view_project_details = (
    is_open_project
    | is_reviewer
    | is_dvo_lid
    | is_projectleider
    | is_portefeuillehouder
    | is_requesting_organisation
)
can_assign_people = is_reviewer

rules.add_perm("projects.view_project_details", can_view_project_details)
rules.add_perm("projects.assign_people", can_assign_people)
