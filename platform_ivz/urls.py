from django.contrib import admin
from django.urls import include, path, reverse_lazy
from django.views.generic import RedirectView

from platform_ivz.core import views as core_views
from platform_ivz.site import views

urlpatterns = [
    path("", views.home, name="home"),
    path("verzoeken/", include("intake.urls")),
    path("projecten/", include("projects.urls")),
    path("vergaderingen/", include("projects.meetings.urls")),
    path("bijdragen/", include("contributions.urls")),
    path("rapportages/", include("reporting.urls")),
    path("inloggen/", core_views.SignInView.as_view(), name="login"),
    path("uitloggen/", core_views.SignOutView.as_view(), name="logout"),
    path("", include("platform_ivz.core.urls")),
    path("api/v1/", include("platform_ivz.api.urls")),
    path("", include("platform_ivz.api.page_urls")),
    # The admin has no login of its own: everybody signs in through the same page.
    path("beheer/login/", RedirectView.as_view(url=reverse_lazy("login"), query_string=True)),
    path("beheer/", admin.site.urls),
]

handler403 = "platform_ivz.site.views.error_403"
handler404 = "platform_ivz.site.views.error_404"
