"""Views for tests/ops/test_cache_control.py that set no cache header of their own."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.urls import path

from tests.factories import MINIMAL_PDF


@login_not_required
def pdf(request):
    return HttpResponse(MINIMAL_PDF, content_type="application/pdf")


@login_not_required
def attachment(request):
    response = HttpResponse(b"a,b\n", content_type="text/plain")
    response["Content-Disposition"] = 'attachment; filename="lijst.txt"'
    return response


@login_not_required
def page(request):
    return HttpResponse("<p>Openbare tekst</p>")


urlpatterns = [
    path("pdf/", pdf),
    path("bijlage/", attachment),
    path("pagina/", page),
]
