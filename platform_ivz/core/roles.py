"""The five global roles, kept as Django groups."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    VOORZITTER = "voorzitter", _("Chair")
    REGIOCOORDINATOR = "regiocoordinator", _("Regional coordinator")
    PLATFORMLID = "platformlid", _("Platform member")
    DVO_LID = "dvo_lid", _("DVO member")
    BEHEERDER = "beheerder", _("Administrator")


# What the beheerder manages through the admin (DESIGN.md §4).
ADMINISTRATOR_MODELS = [("core", "user"), ("core", "organisation"), ("auth", "group")]


def grant_administrator_permissions(**kwargs):
    """Give the beheerder group every permission on the models it manages.

    Runs after migrate, when permissions exist (they do not yet in a data migration).
    """
    from django.contrib.auth.models import Group, Permission

    group, _created = Group.objects.get_or_create(name=Role.BEHEERDER)
    for app_label, model in ADMINISTRATOR_MODELS:
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label=app_label, content_type__model=model)
        )
