from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _

from platform_ivz.core.roles import Role


class PlatformAdminSite(admin.AdminSite):
    """The admin is for the beheerder role (DESIGN.md §4), not for whoever has is_staff."""

    site_header = _("Platform IVZ administration")
    site_title = _("Platform IVZ administration")
    index_title = _("Administration")

    def has_permission(self, request):
        user = request.user
        return user.is_active and (user.is_superuser or user.has_role(Role.BEHEERDER))


class PlatformAdminConfig(AdminConfig):
    default = False
    default_site = "platform_ivz.admin_site.PlatformAdminSite"
