"""The werkvoorraad and the navigation per role, and who may enter the admin."""

import re

import pytest
from django.urls import Resolver404, resolve, reverse

from platform_ivz.core.roles import Role
from tests.urls_walk import walk_urls

SECTION_TITLES = ["Te beoordelen", "Mijn verzoeken", "Mijn projecten", "Rapportages"]
ADMIN_LINK = re.compile(r'<a class="nav-link[^"]*" href="/beheer/"[^>]*>Beheer</a>')


def section_titles(html: str) -> list[str]:
    """The section headings of the werkvoorraad, without their counters."""
    headings = re.findall(r'<h2 class="h5 card-title"[^>]*>(.*?)<', html, re.DOTALL)
    return [heading.strip() for heading in headings]


@pytest.mark.django_db
def test_every_role_sees_the_werkvoorraad_with_its_sections(client, any_role_user):
    client.force_login(any_role_user)
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1" in html and "Werkvoorraad" in html
    titles = section_titles(html)
    for title in SECTION_TITLES:
        assert title in titles, f"{title!r} missing from {titles}"
    assert any_role_user.get_full_name() in html
    assert str(any_role_user.organisation) in html


@pytest.mark.django_db
def test_the_werkvoorraad_names_the_users_roles_in_dutch(client, regiocoordinator):
    client.force_login(regiocoordinator)
    assert "Regiocoördinator" in client.get("/").content.decode()


@pytest.mark.django_db
def test_only_the_beheerder_sees_the_admin_link(client, any_role_user):
    client.force_login(any_role_user)
    html = client.get("/").content.decode()
    is_beheerder = any_role_user.has_role(Role.BEHEERDER)
    assert bool(ADMIN_LINK.search(html)) is is_beheerder
    assert 'href="/"' in html  # the werkvoorraad itself is always in the navigation


@pytest.mark.django_db
def test_only_the_beheerder_may_open_the_admin(client, any_role_user):
    client.force_login(any_role_user)
    response = client.get(reverse("admin:index"))
    if any_role_user.has_role(Role.BEHEERDER):
        assert response.status_code == 200
        assert "Beheer Platform IVZ" in response.content.decode()
    else:
        assert response.status_code == 403
        assert "403.html" in [t.name for t in response.templates]


@pytest.mark.django_db
def test_the_beheerder_manages_users_and_organisations(client, beheerder):
    client.force_login(beheerder)
    for url in ["/beheer/core/user/", "/beheer/core/organisation/", "/beheer/auth/group/"]:
        assert client.get(url).status_code == 200, url


@pytest.mark.django_db
def test_a_superuser_without_roles_gets_the_admin(client, django_user_model):
    admin = django_user_model.objects.create_superuser("root", "root@example.nl", "x" * 20)
    client.force_login(admin)
    assert ADMIN_LINK.search(client.get("/").content.decode())
    assert client.get(reverse("admin:index")).status_code == 200


def admin_urls():
    """Admin URLs with dummy arguments that the admin itself serves (not our own redirects)."""
    urls = []
    for url, namespaces, _name in walk_urls():
        if "admin" not in namespaces:
            continue
        try:
            if "admin" in resolve(url).namespaces:
                urls.append(url)
        except Resolver404:
            pass
    return urls


@pytest.mark.django_db
def test_no_admin_page_opens_for_signed_in_users_without_the_role(client, platformlid, dvo_lid):
    urls = admin_urls()
    assert len(urls) > 10
    for user in (platformlid, dvo_lid):
        client.force_login(user)
        opened = {}
        for url in urls:
            status = client.get(url).status_code
            if status not in (403, 404):
                opened[url] = status
        assert not opened, f"{user.username} got admin pages: {opened}"
