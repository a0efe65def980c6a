"""The six global roles, kept as Django groups."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    VOORZITTER = "voorzitter", _("Chair")
    REGIOCOORDINATOR = "regiocoordinator", _("Regional coordinator")
    PLATFORMLID = "platformlid", _("Platform member")
    DVO_LID = "dvo_lid", _("DVO member")
    BEHEERDER = "beheerder", _("Administrator")
    # Seed §7 (output): reports periodically to the Kring van Gemeentesecretarissen,
    # supported by the regiocoördinator. Reads what a DVO member reads.
    GEMEENTESECRETARIS = "gemeentesecretaris", _("Coordinating municipal secretary")


# The roles that read what the board reads: every project's content (confidential ones
# included) and every approved request. The one list every reading rule uses
# (docs/ARCHITECTURE.md §4).
BOARD_READERS = (Role.DVO_LID, Role.GEMEENTESECRETARIS)


# Who belongs to a meeting body: invited to its meetings, listed for attendance, and given
# its meetings in their calendar. The Platform's members include the partners' platformleden;
# the regiocoördinator is the Platform's secretary (seed, appendix 7). Keyed by Meeting.Body.
BODY_ROLES = {
    "platform": (Role.VOORZITTER, Role.REGIOCOORDINATOR, Role.PLATFORMLID),
    "dvo": (Role.DVO_LID, Role.VOORZITTER),
}


# What the beheerder manages through the admin (docs/ARCHITECTURE.md §4).
ADMINISTRATOR_MODELS = [
    ("core", "user"),
    ("core", "organisation"),
    ("core", "identityprovider"),
    ("core", "externalidentity"),
    ("auth", "group"),
]


def grant_administrator_permissions(**kwargs):
    """Give the beheerder group every permission on the models it manages.

    Runs after migrate, when permissions exist (they do not yet in a data migration). The
    rows are written straight into the relation's table, which sends no m2m_changed signal:
    this is the role's design in code, run by every migrate (and every test database flush),
    not a grant by a person, which the security log records (audit.on_permissions_changed).
    """
    from django.contrib.auth.models import Group, Permission

    group, _created = Group.objects.get_or_create(name=Role.BEHEERDER)
    through = Group.permissions.through
    for app_label, model in ADMINISTRATOR_MODELS:
        permissions = Permission.objects.filter(
            content_type__app_label=app_label, content_type__model=model
        ).exclude(group=group)
        through.objects.bulk_create(
            [through(group=group, permission=permission) for permission in permissions],
            ignore_conflicts=True,
        )
