"""Free-text search on the lists: bounded, escaped, never a server error on any database."""

import pytest
from django.urls import reverse

from platform_ivz.core.filters import SearchFilter
from platform_ivz.core.roles import Role
from tests.factories import ProjectFactory, ProjectRequestFactory, user_with_role

pytestmark = pytest.mark.django_db

LISTS = ["intake:list", "projects:list"]


def make(name, title):
    """A row with this title on the list `name`."""
    if name == "intake:list":
        # Submitted: a draft is its own organisation's only (intake/permissions.py).
        return ProjectRequestFactory(title=title, status="ingediend")
    return ProjectFactory(title=title, request__title=title)


@pytest.fixture
def signed_in(client):
    client.force_login(user_with_role(Role.REGIOCOORDINATOR, "Enschede"))
    return client


@pytest.mark.parametrize("name", LISTS)
def test_a_huge_search_term_is_refused_in_dutch_and_the_list_still_answers(signed_in, name):
    """60,000 characters made SQLite fail with 'LIKE or GLOB pattern too complex'."""
    make(name, "Ondermijning haven")

    response = signed_in.get(reverse(name), {"q": "x" * 60_000})

    assert response.status_code == 200
    html = response.content.decode()
    assert "Zoek met hooguit 100 tekens (u typte er 60000)." in html
    assert "Ondermijning haven" in html  # the invalid term filters nothing away


@pytest.mark.parametrize("name", LISTS)
def test_a_search_term_at_the_bound_filters(signed_in, name):
    make(name, "Ondermijning haven")
    make(name, "Cameratoezicht stations")
    term = "ondermijning " + "x" * (SearchFilter.MAX_LENGTH - len("ondermijning "))

    found = signed_in.get(reverse(name), {"q": "ondermijning"}).content.decode()
    nothing = signed_in.get(reverse(name), {"q": term}).content.decode()

    assert "Ondermijning haven" in found and "Cameratoezicht stations" not in found
    assert "Ondermijning haven" not in nothing and "Zoek met hooguit" not in nothing


@pytest.mark.parametrize("name", LISTS)
def test_wildcards_are_searched_for_literally(signed_in, name):
    make(name, "Aanpak 100% veilig")
    make(name, "Aanpak 1000 woningen")

    percent = signed_in.get(reverse(name), {"q": "100%"}).content.decode()
    underscore = signed_in.get(reverse(name), {"q": "a_npak"}).content.decode()

    assert "Aanpak 100% veilig" in percent and "1000 woningen" not in percent
    assert "Aanpak" not in underscore.split("<tbody>")[-1]


def test_every_word_must_match_somewhere_and_only_eight_words_count(signed_in):
    ProjectRequestFactory(
        title="Cameratoezicht", aanleiding="Geweld in de binnenstad", status="ingediend"
    )

    both = signed_in.get(reverse("intake:list"), {"q": "camera binnenstad"}).content.decode()
    ninth_ignored = signed_in.get(
        reverse("intake:list"), {"q": "camera " * 8 + "onbekend"}
    ).content.decode()
    missing = signed_in.get(reverse("intake:list"), {"q": "camera haven"}).content.decode()

    assert "Cameratoezicht" in both
    assert "Cameratoezicht" in ninth_ignored
    assert "Cameratoezicht" not in missing
