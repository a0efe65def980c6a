"""Every write to a project goes through here."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from intake.models import ProjectRequest
from platform_ivz.core.editing import EditConflict
from platform_ivz.core.notifications import absolute_url, notify
from platform_ivz.core.roles import Role
from projects.models import Project, ProjectEvent
from projects.permissions import can_assign_people, can_change_theme
from projects.workflow import PROJECT_WORKFLOW

Status = Project.Status




@transaction.atomic
def create_project_from_request(*, request: ProjectRequest, actor) -> Project:
    """The projectopdracht of an approved request, waiting for its people."""
    if request.status != ProjectRequest.Status.GOEDGEKEURD:
        raise ValidationError(_("Only an approved request becomes a project."))
    project, created = Project.objects.get_or_create(
        request=request,
        defaults={
            "title": request.title,
            "vertrouwelijk": request.vertrouwelijk,
            # The theme the reviewer confirmed at approval (intake.services.decide_request).
            "theme": request.theme or Project.Theme.OVERIG,
        },
    )
    if created:
        ProjectEvent.objects.create(
            project=project, transition="create", to_status=project.status, actor=actor
        )
    return project


@transaction.atomic
def change_theme(
    *, project: Project, actor, theme: str, expected_version: int | None = None
) -> Project:
    """Change the project's theme (speerpunt); kept in its history and noted on its page."""
    locked = Project.objects.select_for_update().get(pk=project.pk)
    if not can_change_theme.test(actor, locked):
        raise PermissionDenied
    if expected_version is not None and locked.version != expected_version:
        raise EditConflict
    if theme not in Project.Theme.values:
        raise ValidationError({"theme": _("Choose one of the themes.")})
    if locked.theme == theme:
        return locked
    old_label = locked.get_theme_display()
    locked.theme = theme
    locked.version = F("version") + 1
    locked._history_user = actor
    locked.save()
    locked.refresh_from_db()
    ProjectEvent.objects.create(
        project=locked,
        transition="change_theme",
        from_status=locked.status,
        to_status=locked.status,
        actor=actor,
        note=_("Theme changed from %(old)s to %(new)s.")
        % {"old": old_label, "new": locked.get_theme_display()},
    )
    return locked


@transaction.atomic
def assign_people(
    *,
    project: Project,
    actor,
    projectleider=None,
    portefeuillehouder=None,
    expected_version: int | None = None,
) -> Project:
    """Set projectleider and/or portefeuillehouder; with both set the plan can be written.

    `expected_version` is the project's version when the form was opened: if someone else
    assigned people since, nothing is saved (EditConflict). None skips the check (scripts).
    """
    locked = Project.objects.select_for_update().get(pk=project.pk)
    if not can_assign_people.test(actor, locked):
        raise PermissionDenied
    if expected_version is not None and locked.version != expected_version:
        raise EditConflict
    if portefeuillehouder is not None and not portefeuillehouder.has_role(Role.DVO_LID):
        raise ValidationError(
            {"portefeuillehouder": _("The portfolio holder must be a member of the DVO.")}
        )
    newly_assigned = []
    for field, person in (
        ("projectleider", projectleider),
        ("portefeuillehouder", portefeuillehouder),
    ):
        if person is not None and getattr(locked, f"{field}_id") != person.pk:
            setattr(locked, field, person)
            newly_assigned.append(person)
    if not newly_assigned:
        return locked
    locked.version = F("version") + 1
    locked.save()
    locked.refresh_from_db()
    staffed_now = (
        locked.status == Status.TE_BEMENSEN
        and locked.projectleider_id is not None
        and locked.portefeuillehouder_id is not None
    )
    if staffed_now:
        locked.status = Status.IN_VOORBEREIDING
        locked.save(update_fields=["status"])
        ProjectEvent.objects.create(
            project=locked,
            transition="staffed",
            from_status=Status.TE_BEMENSEN,
            to_status=Status.IN_VOORBEREIDING,
            actor=actor,
        )
    if locked.status != Status.TE_BEMENSEN:
        # Once the project is staffed both hear of it; later, whoever takes over.
        notify(
            [locked.projectleider, locked.portefeuillehouder] if staffed_now else newly_assigned,
            subject=_("Project assigned: %(title)s") % {"title": locked.title},
            template="projects/email/assigned",
            context={"project": locked, "url": absolute_url(locked.get_absolute_url())},
        )
    return locked


def transition_project(
    project: Project, actor, name: str, *, note: str = "", meeting=None, **changes
) -> Project:
    """PROJECT_WORKFLOW.apply with the project's event row. Call inside a transaction.

    A transition with `via_meeting` needs a meeting of that body; the meeting services are
    its only callers.
    """

    def record(locked, transition, from_status, note):
        ProjectEvent.objects.create(
            project=locked,
            transition=name,
            from_status=from_status,
            to_status=transition.target,
            actor=actor,
            meeting=meeting,
            note=note,
        )

    return PROJECT_WORKFLOW.apply(
        name,
        actor,
        project,
        note=note,
        meeting=meeting,
        record=record,
        note_message=_("Please give the remarks or the reason."),
        **changes,
    )
