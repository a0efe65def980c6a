from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import m2m_changed, post_migrate, post_save, pre_save
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "platform_ivz.core"
    label = "core"
    verbose_name = _("Organisations and users")

    def ready(self):
        from platform_ivz.core.middleware import start_session_clock
        from platform_ivz.core.roles import grant_administrator_permissions

        post_migrate.connect(grant_administrator_permissions, sender=self)
        user_logged_in.connect(start_session_clock, dispatch_uid="core.start_session_clock")
        self._connect_security_receivers()

    def _connect_security_receivers(self):
        from axes.signals import user_locked_out
        from django.contrib.auth.models import Group

        from platform_ivz.core import audit, two_factor
        from platform_ivz.core.models import User

        user_logged_in.connect(two_factor.on_logged_in, dispatch_uid="core.two_factor_state")
        user_login_failed.connect(audit.on_login_failed, dispatch_uid="core.audit_login_failed")
        user_logged_out.connect(audit.on_logged_out, dispatch_uid="core.audit_logout")
        user_locked_out.connect(audit.on_locked_out, dispatch_uid="core.audit_lockout")
        m2m_changed.connect(
            audit.on_groups_changed, sender=User.groups.through, dispatch_uid="core.audit_roles"
        )
        # Privileges beyond the roles: superuser and staff status, model permissions.
        pre_save.connect(audit.on_user_saving, sender=User, dispatch_uid="core.audit_rights_pre")
        post_save.connect(audit.on_user_saved, sender=User, dispatch_uid="core.audit_rights")
        for through in (User.user_permissions.through, Group.permissions.through):
            m2m_changed.connect(
                audit.on_permissions_changed,
                sender=through,
                dispatch_uid=f"core.audit_permissions.{through._meta.label}",
            )
