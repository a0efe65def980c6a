from django.apps import AppConfig


class PlatformIvzConfig(AppConfig):
    """The project package as an app: the werkvoorraad and the demo-data command."""

    name = "platform_ivz"
    verbose_name = "Platform IVZ"
