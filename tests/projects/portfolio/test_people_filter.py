"""The portfolio's people filters: the autocomplete view (projects:people) and a person chosen
by key or typed by name. Filtering itself is in test_list.py (FILTER_CASES)."""

import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from platform_ivz.core.roles import Role
from projects.portfolio import query as portfolio
from tests.factories import ProjectFactory, UserFactory
from tests.projects.portfolio.scenario import confidential_project

PEOPLE = reverse("projects:people")
LIST = reverse("projects:list")
XSS = "<script>alert(1)</script>"


def suggestions(client, role, term="", status=200):
    response = client.get(PEOPLE, {"rol": role, "q": term})
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content)


def names(answer) -> list[str]:
    return [person["text"] for person in answer["results"]]


@pytest.fixture
def leaders(db):
    lies = UserFactory(first_name="Lies", last_name="Leider", roles=[Role.PLATFORMLID])
    piet = UserFactory(first_name="Piet", last_name="Liesveld", roles=[Role.PLATFORMLID])
    holder = UserFactory(first_name="Henk", last_name="Houder", roles=[Role.DVO_LID])
    ProjectFactory(title="Een", projectleider=lies, portefeuillehouder=holder)
    ProjectFactory(title="Twee", projectleider=piet)
    UserFactory(first_name="Lies", last_name="Zonderproject")  # leads nothing
    return {"lies": lies, "piet": piet, "holder": holder}


# --- The autocomplete view -----------------------------------------------------------------


@pytest.mark.django_db
def test_anonymous_users_are_sent_to_sign_in(client):
    response = client.get(PEOPLE, {"rol": "projectleider"})
    assert response.status_code == 302
    assert "/inloggen/" in response["Location"]


@pytest.mark.django_db
def test_it_suggests_the_leaders_whose_name_holds_every_word(client, platformlid, leaders):
    client.force_login(platformlid)
    assert names(suggestions(client, "projectleider", "lies")) == ["Lies Leider", "Piet Liesveld"]
    assert names(suggestions(client, "projectleider", "LIES leid")) == ["Lies Leider"]
    assert names(suggestions(client, "projectleider", "houder")) == []  # not a leader
    assert names(suggestions(client, "portefeuillehouder", "houder")) == ["Henk Houder"]
    answer = suggestions(client, "projectleider")
    assert answer["results"][0] == {"value": str(leaders["lies"].pk), "text": "Lies Leider"}
    assert answer["more"] is False


@pytest.mark.django_db
def test_an_unknown_role_or_a_post_is_refused(client, platformlid, leaders):
    client.force_login(platformlid)
    assert client.get(PEOPLE, {"rol": "voorzitter", "q": "lies"}).status_code == 400
    assert client.get(PEOPLE).status_code == 400
    assert client.post(PEOPLE, {"rol": "projectleider"}).status_code == 405


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("viewer", "offered"),
    [("buitenstaander", False), ("groepslid", True), ("regiocoordinator", True)],
)
def test_a_confidential_projects_holder_only_to_those_who_see_its_details(
    client, request, viewer, offered
):
    project = confidential_project()
    holder = project.portefeuillehouder
    user = project.people.get(viewer) or request.getfixturevalue(viewer)
    client.force_login(user)
    answer = suggestions(client, "portefeuillehouder", holder.last_name)
    assert (str(holder.pk) in [person["value"] for person in answer["results"]]) is offered
    # The leader is public, like the portfolio's leader column.
    leader = project.projectleider
    answer = suggestions(client, "projectleider", leader.last_name)
    assert str(leader.pk) in [person["value"] for person in answer["results"]]


@pytest.mark.django_db
def test_the_answer_is_bounded(client, regiocoordinator):
    for n in range(portfolio.PEOPLE_LIMIT + 5):
        ProjectFactory(projectleider=UserFactory(first_name="Anna", last_name=f"Leider {n:02d}"))
    client.force_login(regiocoordinator)
    answer = suggestions(client, "projectleider", "anna")
    assert len(answer["results"]) == portfolio.PEOPLE_LIMIT
    assert answer["more"] is True
    assert names(answer)[0] == "Anna Leider 00"  # by name
    # A long term is cut, not refused; only its first words count.
    long_term = " ".join(["anna"] * 40) + " " + "x" * 500
    assert len(suggestions(client, "projectleider", long_term)["results"]) == portfolio.PEOPLE_LIMIT


@pytest.mark.django_db
def test_names_are_escaped_even_for_a_browser_that_reads_it_as_html(client, regiocoordinator):
    ProjectFactory(projectleider=UserFactory(first_name=XSS, last_name="& Co"))
    client.force_login(regiocoordinator)
    response = client.get(PEOPLE, {"rol": "projectleider", "q": "script"})
    body = response.content.decode()
    assert "<" not in body and ">" not in body and "&" not in body
    assert json.loads(body)["results"][0]["text"] == f"{XSS} & Co"
    assert response["X-Content-Type-Options"] == "nosniff"


def _people_queries(client, term):
    with CaptureQueriesContext(connection) as captured:
        suggestions(client, "portefeuillehouder", term)
    return len(captured)


@pytest.mark.django_db
@pytest.mark.parametrize("viewer", ["regiocoordinator", "platformlid"])
def test_query_count_does_not_grow_with_the_people(client, request, viewer):
    client.force_login(request.getfixturevalue(viewer))

    def build(count):
        for _n in range(count):
            ProjectFactory(
                vertrouwelijk=_n % 2 == 0,
                projectleider=UserFactory(),
                portefeuillehouder=UserFactory(first_name="Erik"),
            )

    build(3)
    small = _people_queries(client, "erik")
    build(40)
    assert _people_queries(client, "erik") == small


# --- The filter field on the portfolio page -----------------------------------------------


@pytest.mark.django_db
def test_a_chosen_person_is_shown_by_name_and_sent_by_key(client, platformlid, leaders):
    client.force_login(platformlid)
    lies = leaders["lies"]
    html = client.get(LIST, {"projectleider": lies.pk}).content.decode()
    field = re.search(r'<input type="search" name="projectleider"[^>]*>', html).group(0)
    assert 'value="Lies Leider"' in field
    assert f'data-person="{lies.pk}"' in field
    assert 'data-people-url="/projecten/personen/"' in field


@pytest.mark.django_db
def test_a_key_names_nobody_the_user_may_not_know_in_that_role(client):
    project = confidential_project()
    holder = project.portefeuillehouder
    client.force_login(project.people["buitenstaander"])
    html = client.get(LIST, {"portefeuillehouder": holder.pk}).content.decode()
    assert escape(str(holder)) not in html
    assert "data-person" not in html
    assert "Geheim project" not in html.split("<tbody>")[-1]


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["99999999999999999999", "0", "-1", " 7 ", XSS])
def test_odd_values_filter_without_an_error(client, regiocoordinator, leaders, value):
    client.force_login(regiocoordinator)
    response = client.get(LIST, {"projectleider": value, "portefeuillehouder": value})
    assert response.status_code == 200
    assert XSS not in response.content.decode()


@pytest.mark.django_db
def test_query_count_with_a_chosen_person_does_not_grow(client, regiocoordinator, leaders):
    client.force_login(regiocoordinator)
    target = f"{LIST}?projectleider={leaders['lies'].pk}&portefeuillehouder={leaders['holder'].pk}"

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(target).status_code == 200
        return len(captured)

    small = count()
    for _n in range(30):
        ProjectFactory(projectleider=leaders["lies"], portefeuillehouder=UserFactory())
    assert count() == small
