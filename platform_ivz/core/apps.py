from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_migrate
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
