"""Reference data from the data migration, and the demo-data command."""

import pytest
from django.apps import apps
from django.contrib.auth import authenticate
from django.contrib.auth.models import Group
from django.test import RequestFactory

from platform_ivz.core.demo import DEMO_PASSWORD
from platform_ivz.core.models import Organisation, User
from platform_ivz.core.reference import GEMEENTEN, PARTNERS
from platform_ivz.core.roles import Role
from tests.site.demo import load_demo_data

pytestmark = pytest.mark.django_db

ROLE_ACCOUNTS = {
    "voorzitter": Role.VOORZITTER,
    "regiocoordinator": Role.REGIOCOORDINATOR,
    "platformlid": Role.PLATFORMLID,
    "dvo": Role.DVO_LID,
    "beheerder": Role.BEHEERDER,
    "gemeentesecretaris": Role.GEMEENTESECRETARIS,
}

# Bookkeeping that may change whenever anything runs; everything else must stay put.
VOLATILE_APPS = {"sessions", "admin", "axes", "contenttypes"}


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label not in VOLATILE_APPS
        and not model._meta.model_name.startswith("historical")
    }


# --- Data migration --------------------------------------------------------------------------


def test_the_migration_created_the_14_gemeenten_with_their_basisteams():
    gemeenten = Organisation.objects.filter(kind=Organisation.Kind.GEMEENTE)
    assert {(o.name, o.basisteam) for o in gemeenten} == set(GEMEENTEN)
    assert gemeenten.count() == 14


def test_the_migration_created_the_partners():
    partners = Organisation.objects.filter(kind=Organisation.Kind.PARTNER)
    assert set(partners.values_list("name", flat=True)) == set(PARTNERS)
    assert "Politie Oost-Nederland (district Twente)" in PARTNERS


def test_the_migration_created_the_six_role_groups():
    assert set(Group.objects.values_list("name", flat=True)) >= set(Role.values)
    assert len(Role.values) == 6


def test_the_beheerder_group_may_manage_users_organisations_and_groups():
    codenames = set(
        Group.objects.get(name=Role.BEHEERDER).permissions.values_list("codename", flat=True)
    )
    for model in ("user", "organisation", "group"):
        for action in ("add", "change", "delete", "view"):
            assert f"{action}_{model}" in codenames


# --- Demo data -------------------------------------------------------------------------------


def test_the_demo_data_command_is_idempotent():
    load_demo_data()
    first = row_counts()
    load_demo_data()
    assert row_counts() == first
    assert first["core.User"] >= 5


def test_the_demo_data_command_names_the_accounts_and_the_password():
    output = load_demo_data()
    assert DEMO_PASSWORD in output
    for username in ROLE_ACCOUNTS:
        assert username in output


def test_every_role_has_a_demo_account_that_can_sign_in():
    load_demo_data()
    request = RequestFactory().post("/inloggen/")
    for username, role in ROLE_ACCOUNTS.items():
        user = authenticate(request, username=username, password=DEMO_PASSWORD)
        assert user is not None, f"{username} cannot sign in with the demo password"
        assert user.has_role(role), f"{username} lacks the role {role}"
        assert user.organisation is not None


def test_the_demo_data_does_not_reset_a_changed_password():
    load_demo_data()
    user = User.objects.get(username="platformlid")
    user.set_password("een-eigen-nieuw-wachtwoord")
    user.save()
    load_demo_data()
    user.refresh_from_db()
    assert user.check_password("een-eigen-nieuw-wachtwoord")


# --- The demo portfolio ----------------------------------------------------------------------


def test_the_demo_shows_every_state_of_a_request_and_of_a_project():
    from intake.models import ProjectRequest
    from projects.models import Project

    load_demo_data()
    request_states = set(ProjectRequest.objects.values_list("status", flat=True))
    assert request_states == set(ProjectRequest.Status.values)
    assert ProjectRequest.objects.filter(vertrouwelijk=True).exists()
    assert set(Project.objects.values_list("status", flat=True)) == set(Project.Status.values)


def test_the_demo_portfolio_has_its_parts_and_an_overdue_report(frozen_time):
    import datetime

    from platform_ivz.core.models import Meeting
    from projects.models import (
        AgendaItem,
        BudgetLine,
        Evaluation,
        GroupMember,
        Indicator,
        Measurement,
        Milestone,
    )
    from projects.progress.selectors import overdue_q

    frozen_time.move_to(datetime.datetime(2026, 11, 28, 9, 0, tzinfo=datetime.UTC))
    load_demo_data()
    for model in (Indicator, Measurement, Milestone, GroupMember, BudgetLine, Evaluation):
        assert model.objects.exists(), model.__name__
    bodies = set(Meeting.objects.values_list("body", flat=True))
    assert bodies == {Meeting.Body.PLATFORM, Meeting.Body.DVO}
    assert AgendaItem.objects.exclude(decision=AgendaItem.Decision.OPEN).exists()
    from projects.models import ProgressReport

    assert ProgressReport.objects.filter(overdue_q()).exists()
    assert ProgressReport.objects.filter(status=ProgressReport.Status.BESPROKEN).exists()


def test_no_closed_demo_project_holds_an_undecided_beslispunt():
    """An afgerond or gestopt project can take no beslispunt to an agenda any more, so the
    demo gives one only to a running project (waiting for the Platform) and to the stopped one
    (decided: how the DVO stopped it)."""
    from projects.models import Beslispunt, Project

    load_demo_data()
    closed = [Project.Status.AFGEROND, Project.Status.GESTOPT]
    undecided = Beslispunt.objects.filter(project__status__in=closed).exclude(
        status=Beslispunt.Status.BESLOTEN
    )
    assert not undecided.exists()
    assert Beslispunt.objects.filter(
        project__status=Project.Status.IN_UITVOERING, status=Beslispunt.Status.OPEN
    ).exists()
