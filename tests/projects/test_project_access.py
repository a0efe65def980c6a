"""Who sees which project page (docs/ARCHITECTURE.md §4), written by hand from the design."""

import pytest
from django.urls import reverse
from django.utils.html import escape

import projects.urls
from projects.models import Project
from tests.factories import GroupMemberFactory
from tests.intake.scenario import MATRIX_USERS, make_user, request_in_status
from tests.urls_walk import assert_redirects_to_login

pytestmark = pytest.mark.django_db

SIGNED_IN = set(MATRIX_USERS)
USERS = ["anonymous", *MATRIX_USERS]
REVIEWERS = {"voorzitter", "regiocoordinator"}
DVO = {"dvo_lid", "portefeuillehouder"}  # every dvo_lid, whichever project

# "see projects: every signed-in user; for a vertrouwelijk project only its projectleider,
# portefeuillehouder, projectgroep members, the indiener's organisation, voorzitter,
# regiocoördinator and dvo_leden see more than title, status and leader".
DETAILS = {
    "open": SIGNED_IN,
    # Confidential, requested by Hengelo (the indiener and a colleague).
    "vertrouwelijk_hengelo": {*REVIEWERS, *DVO, "indiener", "collega"},
    # Confidential, requested by Borne; staffed with the projectleider, portefeuillehouder
    # and a projectgroep member.
    "vertrouwelijk_borne": {*REVIEWERS, *DVO, "auteur_borne", "projectleider", "groepslid"},
}
PROJECTS = list(DETAILS)
MAY_ASSIGN = REVIEWERS

URLS = {
    "list": lambda project: reverse("projects:list"),
    "detail": lambda project: reverse("projects:detail", args=[project.pk]),
    "assign": lambda project: reverse("projects:assign", args=[project.pk]),
    "theme": lambda project: reverse("projects:theme", args=[project.pk]),
}
MAY_CHANGE_THEME = REVIEWERS


# The people filters' suggestions (JSON, no project of their own): their own matrix is in
# tests/projects/portfolio/test_people_filter.py.
NOT_A_PROJECT_PAGE = {"people"}


def test_the_matrix_covers_the_project_pages_of_projects_urls():
    own = {pattern.name for pattern in projects.urls.urlpatterns if getattr(pattern, "name", None)}
    assert own - NOT_A_PROJECT_PAGE == set(URLS)


@pytest.fixture
def world(db):
    users = {f"{name}": make_user(f"p_{name}", *spec) for name, spec in MATRIX_USERS.items()}
    reviewer = users["voorzitter"]

    def approved(indiener, title, vertrouwelijk):
        request = request_in_status(
            "goedgekeurd",
            indiener=users[indiener],
            reviewer=reviewer,
            title=title,
            vertrouwelijk=vertrouwelijk,
        )
        return Project.objects.get(request=request)

    made = {
        "open": approved("auteur_borne", "Open project", False),
        "vertrouwelijk_hengelo": approved("indiener", "Geheim project Hengelo", True),
        "vertrouwelijk_borne": approved("auteur_borne", "Geheim project Borne", True),
    }
    from projects.services import assign_people

    assign_people(
        project=made["vertrouwelijk_borne"],
        actor=reviewer,
        projectleider=users["projectleider"],
        portefeuillehouder=users["portefeuillehouder"],
    )
    GroupMemberFactory(project=made["vertrouwelijk_borne"], user=users["groepslid"])
    return users, made


@pytest.mark.parametrize("obj", PROJECTS)
@pytest.mark.parametrize("user", USERS)
def test_project_pages(user, obj, world, client):
    users, made = world
    project = Project.objects.get(pk=made[obj].pk)
    if user != "anonymous":
        client.force_login(users[user])
    responses = {case: client.get(make_url(project)) for case, make_url in URLS.items()}
    if user == "anonymous":
        for case, response in responses.items():
            assert_redirects_to_login(response, URLS[case](project))
        return

    assert responses["list"].status_code == 200
    # Title and status of every project, confidential or not, are for everyone.
    listed = {p.pk for p in responses["list"].context["page"].object_list}
    assert project.pk in listed

    detail = responses["detail"]
    assert detail.status_code == 200
    html = detail.content.decode()
    assert project.title in html
    if project.projectleider:
        assert escape(str(project.projectleider)) in html  # the leader is public too
    sees_details = user in DETAILS[obj]
    assert detail.context["show_details"] is sees_details
    request_link = f'href="{reverse("intake:detail", args=[project.request_id])}"'
    assert (request_link in html) is sees_details
    # "more than title, status and leader": the portfolio holder is more.
    if project.portefeuillehouder:
        assert (escape(str(project.portefeuillehouder)) in html) is sees_details

    expected_assign = 200 if user in MAY_ASSIGN else 403
    assert responses["assign"].status_code == expected_assign
    assign_link = f'href="{reverse("projects:assign", args=[project.pk])}"'
    assert (assign_link in html) is (user in MAY_ASSIGN)

    # The theme (speerpunt): changed by the reviewers, shown with the details.
    assert responses["theme"].status_code == (200 if user in MAY_CHANGE_THEME else 403)
    theme_link = f'href="{reverse("projects:theme", args=[project.pk])}"'
    assert (theme_link in html) is (user in MAY_CHANGE_THEME)


@pytest.mark.parametrize("user", sorted(SIGNED_IN - MAY_ASSIGN))
def test_a_refused_assignment_post_changes_nothing(user, world, client):
    users, made = world
    project = made["open"]
    client.force_login(users[user])
    response = client.post(
        reverse("projects:assign", args=[project.pk]),
        {"projectleider": users[user].pk, "portefeuillehouder": users["dvo_lid"].pk},
    )
    assert response.status_code == 403
    project.refresh_from_db()
    assert (project.projectleider, project.portefeuillehouder, project.status) == (
        None,
        None,
        Project.Status.TE_BEMENSEN,
    )


def test_assigning_through_the_page(world, client, mailoutbox, django_capture_on_commit_callbacks):
    users, made = world
    project = made["open"]
    client.force_login(users["regiocoordinator"])
    url = reverse("projects:assign", args=[project.pk])
    # Only dvo_leden are offered as portefeuillehouder, and a forged choice is refused.
    offered = client.get(url).context["form"].fields["portefeuillehouder"].queryset
    assert set(offered) == {users["dvo_lid"], users["portefeuillehouder"]}
    refused = client.post(
        url, {"projectleider": users["platformlid"].pk, "portefeuillehouder": users["collega"].pk}
    )
    assert refused.status_code == 400
    assert set(refused.context["form"].errors) == {"portefeuillehouder"}
    project.refresh_from_db()
    assert project.projectleider is None

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {"projectleider": users["platformlid"].pk, "portefeuillehouder": users["dvo_lid"].pk},
        )
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.status == Project.Status.IN_VOORBEREIDING
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [users["platformlid"].email, users["dvo_lid"].email]
    )


def test_an_unknown_project_is_a_404(world, client):
    users, _made = world
    client.force_login(users["voorzitter"])
    missing = Project.objects.order_by("-pk").first().pk + 100
    assert client.get(reverse("projects:detail", args=[missing])).status_code == 404
    assert client.get(reverse("projects:assign", args=[missing])).status_code == 404
