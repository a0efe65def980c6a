"""The app's URLs plus what only the benchmark needs: the framework floor and a second
admin site whose change lists show the same rows, with the same page size, as the app's pages.
"""

from django.http import HttpResponse
from django.urls import path

from bench.admin import site as bench_admin
from platform_ivz.urls import handler403, handler404  # noqa: F401
from platform_ivz.urls import urlpatterns as app_urlpatterns


def floor(request):
    """The framework floor: the full middleware stack and a signed-in user, no work."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("bench/floor/", floor, name="bench_floor"),
    path("bench/beheer/", bench_admin.urls),
    *app_urlpatterns,
]
