"""Report pages: what each page shows, forms with Dutch errors, downloads and their headers."""

import hashlib

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from reporting.models import ReportIntroduction, ReportVersion
from tests.factories import OrganisationFactory, ProjectFactory
from tests.reporting.pdf_text import flat_text

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("use_test_content", "immediate_tasks"),
]


@pytest.fixture
def regio_client(client, regiocoordinator):
    client.force_login(regiocoordinator)
    return client


def make_versions(*, kind, year, count, final=False):
    now = timezone.now()
    for number in range(1, count + 1):
        last = final and number == count
        ReportVersion.objects.create(
            kind=kind,
            year=year,
            number=number,
            status=ReportVersion.Status.FINAL if last else ReportVersion.Status.CONCEPT,
            pdf=b"%PDF",
            size=4,
            sha256=hashlib.sha256(b"%PDF").hexdigest(),
            created_at=now,
            finalised_at=now if last else None,
        )


def page(client, kind="marap", year=2026):
    return client.get(reverse("reporting:report", args=[kind, year]))


class TestOverview:
    def test_lists_every_kind_with_this_year_and_an_empty_state(self, regio_client):
        response = regio_client.get(reverse("reporting:index"))
        html = response.content.decode()
        for label in ("Jaarplan", "Jaarverslag", "Marap"):
            assert label in html
        assert "Nog niet definitief" in html
        assert "Nog geen" in html
        assert reverse("reporting:factsheets") in html

    def test_shows_the_final_with_a_download_link(self, regio_client):
        regio_client.post(reverse("reporting:finalise", args=["jaarplan", 2026]), {})
        final = ReportVersion.objects.get()
        html = regio_client.get(reverse("reporting:index")).content.decode()
        assert reverse("reporting:download", args=[final.pk]) in html
        assert "definitief sinds" in html

    def test_offers_the_years_each_report_is_made_for(self, regio_client):
        this_year = timezone.localdate().year
        html = regio_client.get(reverse("reporting:index")).content.decode()
        assert reverse("reporting:report", args=["jaarplan", this_year + 1]) in html
        assert reverse("reporting:report", args=["jaarverslag", this_year - 1]) in html
        assert reverse("reporting:report", args=["jaarverslag", this_year + 1]) not in html

    def test_query_count_does_not_grow_with_versions(self, regio_client):
        def queries() -> int:
            with CaptureQueriesContext(connection) as context:
                assert regio_client.get(reverse("reporting:index")).status_code == 200
            return len(context)

        make_versions(kind="marap", year=2025, count=1)
        few = queries()
        make_versions(kind="marap", year=2024, count=6)
        make_versions(kind="jaarplan", year=2023, count=6, final=True)
        assert queries() == few

    def test_navigation_has_rapportages(self, client, platformlid):
        client.force_login(platformlid)
        html = client.get(reverse("reporting:index")).content.decode()
        assert 'href="/rapportages/"' in html
        assert 'aria-current="page">Rapportages' in html


class TestReportPage:
    def test_regiocoordinator_sees_the_forms_and_marap_has_its_peildatum(self, regio_client):
        html = page(regio_client).content.decode()
        assert "Inleiding opslaan" in html
        assert "Genereer concept" in html
        assert "Maak definitief" in html
        assert 'name="peildatum"' in html
        assert 'value="2026-09-01"' in html
        assert "Er is nog geen versie gemaakt." in html
        assert "reporting/reporting.js" in html

    def test_query_count_does_not_grow_with_versions(self, regio_client, regiocoordinator):
        def queries() -> int:
            with CaptureQueriesContext(connection) as context:
                assert page(regio_client, "marap", 2025).status_code == 200
            return len(context)

        make_versions(kind="marap", year=2025, count=1)
        few = queries()
        ReportVersion.objects.all().delete()
        make_versions(kind="marap", year=2025, count=8)
        ReportVersion.objects.update(created_by=regiocoordinator)
        assert queries() == few

    def test_jaarplan_has_no_peildatum(self, regio_client):
        assert 'name="peildatum"' not in page(regio_client, "jaarplan", 2027).content.decode()

    def test_voorzitter_reads_but_does_not_write(self, client, voorzitter):
        client.force_login(voorzitter)
        html = page(client).content.decode()
        assert "Inleiding opslaan" not in html
        assert "Genereer concept" not in html
        assert "Er is nog geen versie gemaakt." in html

    def test_others_are_told_it_is_not_final_yet(self, client, dvo_lid):
        client.force_login(dvo_lid)
        html = page(client).content.decode()
        assert "nog niet definitief" in html

    def test_unknown_kinds_and_years_are_404(self, regio_client):
        assert page(regio_client, "factsheet", 2026).status_code == 404
        assert page(regio_client, "nonsense", 2026).status_code == 404
        assert page(regio_client, "marap", 1999).status_code == 404


class TestIntroductionForm:
    def test_saves_and_shows_it(self, regio_client):
        response = regio_client.post(
            reverse("reporting:introduction", args=["marap", 2026]),
            {"text": "Beste leden van het DVO,", "version": 1},
            follow=True,
        )
        html = response.content.decode()
        assert "De inleiding is opgeslagen." in html
        assert "Beste leden van het DVO," in html
        assert ReportIntroduction.objects.get().version == 2

    def test_a_stale_save_keeps_what_was_typed_and_explains(self, regio_client):
        url = reverse("reporting:introduction", args=["marap", 2026])
        regio_client.post(url, {"text": "De versie van Erik", "version": 1})
        response = regio_client.post(url, {"text": "Mijn <eigen> tekst", "version": 1})
        assert response.status_code == 409
        html = response.content.decode()
        assert "nadat u haar opende" in html
        assert "Mijn &lt;eigen&gt; tekst" in html
        assert "De versie van Erik" in html
        assert 'name="version" value="2"' in html
        assert ReportIntroduction.objects.get().text == "De versie van Erik"


class TestGenerate:
    def test_concept_then_listed_with_sha256_and_downloadable(self, regio_client):
        ProjectFactory(title="Burgernet Twente")
        response = regio_client.post(
            reverse("reporting:generate", args=["marap", 2026]),
            {"peildatum": "2026-08-15"},
            follow=True,
        )
        html = response.content.decode()
        version = ReportVersion.objects.get()
        assert "Conceptversie 1 van Marap 2026 is klaar." in html
        assert version.sha256 in html
        assert "15 augustus 2026" in html
        download = regio_client.get(reverse("reporting:download", args=[version.pk]))
        assert download["Content-Type"] == "application/pdf"
        assert download["Content-Disposition"] == 'attachment; filename="marap-2026-concept-1.pdf"'
        assert "no-store" in download["Cache-Control"]
        assert hashlib.sha256(download.content).hexdigest() == version.sha256
        assert "Burgernet Twente" in flat_text(download.content)

    def test_a_peildatum_outside_the_year_is_refused_in_dutch(self, regio_client):
        response = regio_client.post(
            reverse("reporting:generate", args=["marap", 2026]), {"peildatum": "2025-09-01"}
        )
        assert response.status_code == 400
        html = response.content.decode()
        assert "De peildatum moet in 2026 liggen." in html
        assert 'value="2025-09-01"' in html
        assert not ReportVersion.objects.exists()


class TestFinalise:
    def test_confirmation_then_final_and_identical_downloads(self, regio_client):
        confirm = regio_client.get(reverse("reporting:finalise", args=["marap", 2026]))
        html = confirm.content.decode()
        assert "Dit kan niet ongedaan worden gemaakt." in html
        assert "Marap 2026 definitief maken" in html
        response = regio_client.post(
            reverse("reporting:finalise", args=["marap", 2026]),
            {"peildatum": "2026-09-01"},
            follow=True,
        )
        assert "Marap 2026 is definitief." in response.content.decode()
        final = ReportVersion.objects.finals().get()
        url = reverse("reporting:download", args=[final.pk])
        first = regio_client.get(url)
        ProjectFactory(title="Veranderde gegevens")
        second = regio_client.get(url)
        assert first.content == second.content
        assert hashlib.sha256(second.content).hexdigest() == final.sha256
        assert first["Content-Disposition"] == 'attachment; filename="marap-2026-definitief.pdf"'

    def test_after_the_final_the_page_offers_no_more_generation(self, regio_client):
        regio_client.post(
            reverse("reporting:finalise", args=["marap", 2026]), {"peildatum": "2026-09-01"}
        )
        html = page(regio_client).content.decode()
        assert "Genereer concept" not in html
        assert "Inleiding opslaan" not in html
        assert "Elke download is precies dit bestand." in html
        again = regio_client.post(
            reverse("reporting:finalise", args=["marap", 2026]),
            {"peildatum": "2026-09-01"},
            follow=True,
        )
        assert "is al definitief" in again.content.decode()
        assert ReportVersion.objects.count() == 1
        confirm = regio_client.get(
            reverse("reporting:finalise", args=["marap", 2026]), follow=True
        )
        assert "Deze rapportage is al definitief." in confirm.content.decode()


class TestOnRequestDocuments:
    def test_factsheet_list_and_pdf(self, client, platformlid):
        client.force_login(platformlid)
        gemeente = OrganisationFactory(name="Tubbergen")
        html = client.get(reverse("reporting:factsheets") + "?year=2025").content.decode()
        url = reverse("reporting:factsheet", args=[gemeente.pk, 2025])
        assert url in html
        response = client.get(url)
        assert response["Content-Disposition"] == (
            'attachment; filename="factsheet-tubbergen-2025.pdf"'
        )
        assert "Factsheet Tubbergen 2025" in flat_text(response.content)

    def test_factsheet_of_a_partner_or_unknown_is_404(self, client, platformlid):
        client.force_login(platformlid)
        partner = OrganisationFactory(name="Politie", kind="partner")
        response = client.get(reverse("reporting:factsheet", args=[partner.pk, 2026]))
        assert response.status_code == 404
        assert client.get(reverse("reporting:factsheet", args=[99999, 2026])).status_code == 404

    def test_besluitenlijst_of_an_unknown_meeting_is_404(self, client, platformlid):
        client.force_login(platformlid)
        assert client.get(reverse("reporting:besluitenlijst", args=[99999])).status_code == 404

    def test_download_of_an_unknown_version_is_404(self, regio_client):
        assert regio_client.get(reverse("reporting:download", args=[99999])).status_code == 404
