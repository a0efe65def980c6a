"""Permission matrix of every reporting URL: anonymous and each role, concept and final."""

import hashlib

import pytest
from django.urls import reverse
from django.utils import timezone

from platform_ivz.core.models import Organisation
from reporting.models import ReportVersion
from tests.factories import MeetingFactory, OrganisationFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("use_test_content")]

ROLES = ["anonymous", "voorzitter", "regiocoordinator", "platformlid", "dvo_lid", "beheerder"]
REVIEWERS = {"voorzitter", "regiocoordinator"}
SIGNED_IN = set(ROLES) - {"anonymous"}


def stored_version(*, kind="marap", year=2026, final=False, number=1) -> ReportVersion:
    pdf = f"%PDF-1.7 {kind} {year} {number}".encode()
    now = timezone.now()
    return ReportVersion.objects.create(
        kind=kind,
        year=year,
        status=ReportVersion.Status.FINAL if final else ReportVersion.Status.CONCEPT,
        number=number,
        pdf=pdf,
        size=len(pdf),
        sha256=hashlib.sha256(pdf).hexdigest(),
        created_at=now,
        finalised_at=now if final else None,
    )


@pytest.fixture
def client_for(request, client):
    def make(role):
        if role != "anonymous":
            client.force_login(request.getfixturevalue(role))
        return client

    return make


def expect(response, role, allowed: set, ok=200, refused=403):
    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    elif role in allowed:
        assert response.status_code == ok, response.content[:300]
    else:
        assert response.status_code == refused


@pytest.mark.parametrize("role", ROLES)
class TestMatrix:
    def test_overview(self, client_for, role):
        expect(client_for(role).get(reverse("reporting:index")), role, SIGNED_IN)

    def test_report_page(self, client_for, role):
        response = client_for(role).get(reverse("reporting:report", args=["marap", 2026]))
        expect(response, role, SIGNED_IN)

    def test_save_introduction(self, client_for, role):
        response = client_for(role).post(
            reverse("reporting:introduction", args=["marap", 2026]),
            {"text": "Inleiding", "version": 1},
        )
        expect(response, role, {"regiocoordinator"}, ok=302)

    def test_generate_concept(self, client_for, role):
        response = client_for(role).post(
            reverse("reporting:generate", args=["jaarplan", 2027]), {}
        )
        expect(response, role, {"regiocoordinator"}, ok=302)
        assert ReportVersion.objects.exists() == (role == "regiocoordinator")

    def test_finalise_confirmation_page(self, client_for, role):
        response = client_for(role).get(reverse("reporting:finalise", args=["marap", 2026]))
        expect(response, role, {"regiocoordinator"})

    def test_finalise(self, client_for, role):
        response = client_for(role).post(
            reverse("reporting:finalise", args=["marap", 2026]), {"peildatum": "2026-09-01"}
        )
        expect(response, role, {"regiocoordinator"}, ok=302)
        # Recorded for the worker (rendered later): only the regiocoördinator gets this far.
        final = ReportVersion.objects.filter(status=ReportVersion.Status.FINAL)
        assert final.exists() == (role == "regiocoordinator")

    def test_download_concept(self, client_for, role):
        version = stored_version(final=False)
        response = client_for(role).get(reverse("reporting:download", args=[version.pk]))
        expect(response, role, REVIEWERS, refused=404)
        if role in REVIEWERS:
            assert response.content == bytes(version.pdf)

    def test_download_final(self, client_for, role):
        version = stored_version(final=True)
        response = client_for(role).get(reverse("reporting:download", args=[version.pk]))
        expect(response, role, SIGNED_IN)
        if role in SIGNED_IN:
            assert response.content == bytes(version.pdf)

    def test_besluitenlijst(self, client_for, role):
        meeting = MeetingFactory()
        response = client_for(role).get(reverse("reporting:besluitenlijst", args=[meeting.pk]))
        expect(response, role, SIGNED_IN)

    def test_factsheet_list(self, client_for, role):
        expect(client_for(role).get(reverse("reporting:factsheets")), role, SIGNED_IN)

    def test_factsheet(self, client_for, role):
        gemeente = OrganisationFactory(name="Borne", kind=Organisation.Kind.GEMEENTE)
        response = client_for(role).get(
            reverse("reporting:factsheet", args=[gemeente.pk, 2026])
        )
        expect(response, role, SIGNED_IN)


@pytest.mark.parametrize("role", sorted(SIGNED_IN - REVIEWERS))
def test_others_see_no_concepts_listed(client_for, role):
    stored_version(final=False, number=1)
    response = client_for(role).get(reverse("reporting:report", args=["marap", 2026]))
    assert b'data-version="1"' not in response.content
    final = stored_version(final=True, number=2)
    response = client_for(role).get(reverse("reporting:report", args=["marap", 2026]))
    assert b'data-version="2"' in response.content
    assert reverse("reporting:download", args=[final.pk]).encode() in response.content


@pytest.mark.parametrize("role", sorted(REVIEWERS))
def test_reviewers_see_every_version(client_for, role):
    stored_version(final=False, number=1)
    stored_version(final=True, number=2)
    response = client_for(role).get(reverse("reporting:report", args=["marap", 2026]))
    assert b'data-version="1"' in response.content
    assert b'data-version="2"' in response.content
