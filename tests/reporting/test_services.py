"""Report services: introduction with edit conflicts, concepts, the final and its immutability."""

import datetime
import hashlib

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from platform_ivz.core.audit import AuditEvent
from reporting import services
from reporting.models import ReportIntroduction, ReportVersion, TamperedReport
from tests.factories import ProjectFactory
from tests.reporting.pdf_text import flat_text, watermarked_pages

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("use_test_content", "immediate_tasks"),
]


class TestIntroduction:
    def test_first_save_and_a_second_in_turn(self, regiocoordinator):
        intro = services.save_introduction(
            actor=regiocoordinator,
            kind="marap",
            year=2026,
            text="Eerste\r\ntekst ",
            expected_version=1,
        )
        assert intro.text == "Eerste\ntekst"
        assert intro.version == 2
        intro = services.save_introduction(
            actor=regiocoordinator, kind="marap", year=2026, text="Tweede", expected_version=2
        )
        assert intro.version == 3
        assert intro.updated_by == regiocoordinator
        assert intro.history.count() == 3  # created empty, then two saves

    def test_a_stale_save_is_refused_and_changes_nothing(self, regiocoordinator):
        services.save_introduction(
            actor=regiocoordinator, kind="marap", year=2026, text="Van Erik", expected_version=1
        )
        with pytest.raises(services.EditConflict) as conflict:
            services.save_introduction(
                actor=regiocoordinator, kind="marap", year=2026, text="Oud", expected_version=1
            )
        assert conflict.value.current.text == "Van Erik"
        assert ReportIntroduction.objects.get(kind="marap", year=2026).text == "Van Erik"

    @pytest.mark.parametrize(
        "role", ["voorzitter", "platformlid", "dvo_lid", "beheerder", "gemeentesecretaris"]
    )
    def test_only_the_regiocoordinator_writes_it(self, request, role):
        user = request.getfixturevalue(role)
        with pytest.raises(PermissionDenied):
            services.save_introduction(
                actor=user, kind="jaarplan", year=2027, text="x", expected_version=1
            )

    def test_unknown_or_unversioned_kinds_are_refused(self, regiocoordinator):
        for kind in ("factsheet", "besluitenlijst", "nonsense"):
            with pytest.raises(ValidationError):
                services.save_introduction(
                    actor=regiocoordinator, kind=kind, year=2026, text="x", expected_version=1
                )


class TestConcept:
    def test_concepts_are_numbered_watermarked_and_carry_the_introduction(self, regiocoordinator):
        ProjectFactory(title="Ondermijning Noord")
        services.save_introduction(
            actor=regiocoordinator,
            kind="jaarplan",
            year=2027,
            text="Dit is de inleiding.",
            expected_version=1,
        )
        first = services.generate_concept(actor=regiocoordinator, kind="jaarplan", year=2027)
        second = services.generate_concept(actor=regiocoordinator, kind="jaarplan", year=2027)
        assert (first.number, second.number) == (1, 2)
        assert first.status == ReportVersion.Status.CONCEPT
        assert first.created_by == regiocoordinator
        assert first.finalised_at is None
        pdf = first.stored_bytes()
        assert hashlib.sha256(pdf).hexdigest() == first.sha256
        assert first.size == len(pdf)
        text = flat_text(pdf)
        assert "Jaarplan 2027" in text
        assert "Ondermijning Noord" in text
        assert "Dit is de inleiding." in text
        assert all(watermarked_pages(pdf))
        assert first.introduction == "Dit is de inleiding."

    def test_marap_takes_1_september_by_default_and_another_date_in_the_year(
        self, regiocoordinator
    ):
        default = services.generate_concept(actor=regiocoordinator, kind="marap", year=2026)
        assert default.peildatum == datetime.date(2026, 9, 1)
        assert "Peildatum 1 september 2026" in flat_text(default.stored_bytes())
        chosen = services.generate_concept(
            actor=regiocoordinator, kind="marap", year=2026, peildatum=datetime.date(2026, 8, 15)
        )
        assert chosen.peildatum == datetime.date(2026, 8, 15)
        with pytest.raises(ValidationError):
            services.generate_concept(
                actor=regiocoordinator,
                kind="marap",
                year=2026,
                peildatum=datetime.date(2025, 9, 1),
            )

    def test_jaarplan_has_no_peildatum(self, regiocoordinator):
        version = services.generate_concept(actor=regiocoordinator, kind="jaarplan", year=2027)
        assert version.peildatum is None

    @pytest.mark.parametrize(
        "role", ["voorzitter", "platformlid", "dvo_lid", "beheerder", "gemeentesecretaris"]
    )
    def test_only_the_regiocoordinator_generates(self, request, role):
        with pytest.raises(PermissionDenied):
            services.generate_concept(actor=request.getfixturevalue(role), kind="marap", year=2026)
        assert not ReportVersion.objects.exists()

    def test_a_scheduled_run_generates_without_a_person(self):
        version = services.generate_concept(actor=None, kind="jaarverslag", year=2026)
        assert version.created_by is None

    def test_years_out_of_range_are_refused(self, regiocoordinator):
        with pytest.raises(ValidationError):
            services.generate_concept(actor=regiocoordinator, kind="marap", year=1999)


class TestFinal:
    def test_final_has_no_watermark_and_says_definitief(self, regiocoordinator):
        final = services.finalise(actor=regiocoordinator, kind="jaarverslag", year=2026)
        assert final.status == ReportVersion.Status.FINAL
        assert final.finalised_by == regiocoordinator
        assert final.finalised_at is not None
        text = flat_text(final.stored_bytes())
        assert "Definitief" in text
        assert "CONCEPT" not in text

    def test_the_final_keeps_its_bytes_and_hash_after_the_data_changes(self, regiocoordinator):
        project = ProjectFactory(title="Jaarwisseling veilig")
        final = services.finalise(actor=regiocoordinator, kind="jaarverslag", year=2026)
        stored = final.stored_bytes()
        sha = final.sha256

        project.title = "Een heel andere titel"
        project.save()
        ProjectFactory(title="Nieuw project na vaststelling")

        again = ReportVersion.objects.get(pk=final.pk)
        assert again.sha256 == sha
        assert again.stored_bytes() == stored
        text = flat_text(again.stored_bytes())
        assert "Jaarwisseling veilig" in text
        assert "Nieuw project na vaststelling" not in text

    def test_a_second_finalise_is_refused(self, regiocoordinator):
        services.finalise(actor=regiocoordinator, kind="marap", year=2026)
        with pytest.raises(services.ReportClosed):
            services.finalise(actor=regiocoordinator, kind="marap", year=2026)
        assert ReportVersion.objects.finals().count() == 1

    def test_after_the_final_no_concepts_and_no_introduction_changes(self, regiocoordinator):
        services.finalise(actor=regiocoordinator, kind="marap", year=2026)
        with pytest.raises(services.ReportClosed):
            services.generate_concept(actor=regiocoordinator, kind="marap", year=2026)
        intro = ReportIntroduction.objects.get(kind="marap", year=2026)
        with pytest.raises(services.ReportClosed):
            services.save_introduction(
                actor=regiocoordinator,
                kind="marap",
                year=2026,
                text="later",
                expected_version=intro.version,
            )

    def test_other_years_and_kinds_stay_open(self, regiocoordinator):
        services.finalise(actor=regiocoordinator, kind="marap", year=2026)
        assert services.generate_concept(actor=regiocoordinator, kind="marap", year=2027)
        assert services.finalise(actor=regiocoordinator, kind="jaarplan", year=2026)

    def test_the_database_refuses_a_second_final_too(self, regiocoordinator):
        final = services.finalise(actor=regiocoordinator, kind="marap", year=2026)
        with pytest.raises(IntegrityError), transaction.atomic():
            ReportVersion.objects.create(
                kind="marap",
                year=2026,
                status=ReportVersion.Status.FINAL,
                number=final.number + 1,
                pdf=b"x",
                size=1,
                sha256="0" * 64,
                created_at=final.created_at,
                finalised_at=final.created_at,
            )

    def test_a_final_cannot_be_changed_or_deleted(self, regiocoordinator):
        final = services.finalise(actor=regiocoordinator, kind="marap", year=2026)
        final.pdf = b"%PDF-1.7 forged"
        with pytest.raises(ValidationError):
            final.save()
        with pytest.raises(ValidationError):
            final.delete()

    def test_tampered_bytes_are_never_served(self, regiocoordinator):
        final = services.finalise(actor=regiocoordinator, kind="marap", year=2026)
        ReportVersion.objects.filter(pk=final.pk).update(pdf=b"%PDF-1.7 forged")
        with pytest.raises(TamperedReport):
            ReportVersion.objects.get(pk=final.pk).stored_bytes()

    def test_board_and_chair_are_told_by_email(
        self,
        regiocoordinator,
        voorzitter,
        dvo_lid,
        gemeentesecretaris,
        platformlid,
        django_capture_on_commit_callbacks,
    ):
        with django_capture_on_commit_callbacks(execute=True):
            services.finalise(actor=regiocoordinator, kind="jaarplan", year=2027)
        to = {message.to[0]: message for message in mail.outbox}
        # The board, the coördinerend gemeentesecretaris (who reports to the Kring van
        # Gemeentesecretarissen) and the chair are told it is final; the regiocoördinator that
        # it is ready. A platformlid is not told.
        assert sorted(to) == sorted(
            [voorzitter.email, dvo_lid.email, gemeentesecretaris.email, regiocoordinator.email]
        )
        assert "/rapportages/jaarplan/2027/" in to[gemeentesecretaris.email].body
        assert "Jaarplan 2027" in to[dvo_lid.email].subject
        assert "/rapportages/jaarplan/2027/" in to[dvo_lid.email].body
        assert to[regiocoordinator.email].subject == "Jaarplan 2027 is definitief en klaar"

    def test_the_security_log_records_who_finalised(self, regiocoordinator):
        final = services.finalise(actor=regiocoordinator, kind="jaarplan", year=2027)
        event = AuditEvent.objects.get(event=AuditEvent.Event.REPORT_FINALISED)
        assert event.actor == regiocoordinator
        assert event.object_id == str(final.pk)
        assert event.detail["sha256"] == final.sha256

    @pytest.mark.parametrize(
        "role", ["voorzitter", "platformlid", "dvo_lid", "beheerder", "gemeentesecretaris"]
    )
    def test_only_the_regiocoordinator_finalises(self, request, role):
        with pytest.raises(PermissionDenied):
            services.finalise(actor=request.getfixturevalue(role), kind="marap", year=2026)
        assert not ReportVersion.objects.exists()
