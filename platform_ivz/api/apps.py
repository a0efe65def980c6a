from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    """The read-only API (/api/v1/) and the personal API tokens: the top layer, beside site,
    reading every app below through its selectors and permissions (docs/ARCHITECTURE.md §2)."""

    name = "platform_ivz.api"
    label = "api"
    verbose_name = _("API")
