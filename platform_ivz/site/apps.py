from django.apps import AppConfig


class SiteConfig(AppConfig):
    """The top layer: werkvoorraad, navigation, home and error pages, admin site, demo, backup."""

    name = "platform_ivz.site"
    label = "site"
    verbose_name = "Platform IVZ"
