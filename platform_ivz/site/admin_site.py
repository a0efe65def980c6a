from functools import update_wrapper

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from platform_ivz.core.roles import Role


class PlatformAdminSite(admin.AdminSite):
    """The admin is for the beheerder role (docs/ARCHITECTURE.md §4), not for any is_staff."""

    site_header = _("Platform IVZ administration")
    site_title = _("Platform IVZ administration")
    index_title = _("Administration")

    def has_permission(self, request):
        user = request.user
        from platform_ivz.core.two_factor import is_required_for, second_step_passed

        if is_required_for(user) and not second_step_passed(request, user):
            return False  # two-step verification first (TwoFactorMiddleware sends them there)
        return user.is_active and (user.is_superuser or user.has_role(Role.BEHEERDER))

    def admin_view(self, view, cacheable=False):
        """Refuse signed-in users without the role instead of sending them to sign in.

        Django's admin redirects them to its login page, which is our own sign-in page; that
        page sends a signed-in user straight back to `next`, so they would loop forever.
        """
        checked = super().admin_view(view, cacheable)

        def inner(request, *args, **kwargs):
            if request.user.is_authenticated and not self.has_permission(request):
                raise PermissionDenied
            return checked(request, *args, **kwargs)

        return update_wrapper(inner, checked)


class PlatformAdminConfig(AdminConfig):
    default = False
    default_site = "platform_ivz.site.admin_site.PlatformAdminSite"
