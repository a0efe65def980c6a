"""Error pages are Dutch, complete, and give nothing away."""

import pytest
from django.template.loader import render_to_string

from tests.site.error_urls import SECRET_DETAIL

DEBUG_SIGNS = ["Traceback", "URLconf", "DEBUG = True", "Request Method", SECRET_DETAIL]


def assert_dutch_error_page(response, status, heading):
    assert response.status_code == status
    html = response.content.decode()
    assert '<html lang="nl">' in html
    assert f">{heading}</h1>" in html
    assert "Terug naar uw werkvoorraad" in html
    for sign in DEBUG_SIGNS:
        assert sign not in html, f"{sign!r} shown on the {status} page"


@pytest.fixture(autouse=True)
def production_like(settings):
    settings.DEBUG = False


@pytest.mark.django_db
@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "signed-in"])
def test_404_is_dutch(client, platformlid, signed_in):
    if signed_in:
        client.force_login(platformlid)
    response = client.get("/bestaat-niet/")
    assert_dutch_error_page(response, 404, "Pagina niet gevonden")
    assert "bestaat-niet" not in response.content.decode()
    assert "404.html" in [t.name for t in response.templates]


@pytest.mark.django_db
def test_403_is_dutch(client, platformlid):
    client.force_login(platformlid)
    assert_dutch_error_page(client.get("/beheer/"), 403, "Geen toegang")


@pytest.mark.django_db
@pytest.mark.urls("tests.site.error_urls")
def test_403_from_any_view_is_dutch(client, platformlid):
    client.force_login(platformlid)
    assert_dutch_error_page(client.get("/test/403/"), 403, "Geen toegang")


@pytest.mark.django_db
@pytest.mark.urls("tests.site.error_urls")
def test_400_is_dutch(client, platformlid):
    client.force_login(platformlid)
    assert_dutch_error_page(client.get("/test/400/"), 400, "Ongeldig verzoek")


@pytest.mark.django_db
@pytest.mark.urls("tests.site.error_urls")
def test_500_is_dutch_and_shows_no_details(client, platformlid):
    client.force_login(platformlid)
    client.raise_request_exception = False
    assert_dutch_error_page(client.get("/test/500/"), 500, "Er is iets misgegaan")


def test_500_template_renders_without_context():
    # Django's server_error view renders 500.html with an empty context and no request.
    html = render_to_string("500.html")
    assert "Er is iets misgegaan" in html
    assert '<html lang="nl">' in html
    assert 'href="/"' in html
