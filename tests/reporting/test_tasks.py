"""Reports rendered by a background worker (reporting/tasks.py) on the database backend.

A click records a version "wachtrij" and queues a task row; the worker renders it ("bezig")
and stores it ("klaar"), or tries again and finally shows it "mislukt" with a Dutch reason.
A render left "bezig" by a crashed worker is recovered. Tasks are run as `manage.py db_worker`
runs them (tests/reporting/worker.py); the real worker process is in
tests/browser/test_report_worker_browser.py.
"""

import datetime
import json

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from platform_ivz.core.audit import AuditEvent
from reporting import services
from reporting.models import ReportVersion
from tests.factories import ProjectFactory
from tests.reporting.pdf_text import flat_text
from tests.reporting.worker import run_waiting_tasks, waiting_tasks

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("use_test_content", "database_tasks")]

State = ReportVersion.State


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.REPORT_RENDER_ATTEMPTS = 3
    settings.REPORT_RENDER_TIMEOUT = 900


@pytest.fixture
def failing_render(monkeypatch):
    """The next `failures` renders raise, as a broken template or a lost database would."""
    from reporting import generation

    real = generation.render_kind
    state = {"failures": 0, "calls": 0}

    def render(*args, **kwargs):
        state["calls"] += 1
        if state["calls"] <= state["failures"]:
            raise RuntimeError("the renderer broke")
        return real(*args, **kwargs)

    monkeypatch.setattr("reporting.services.render_kind", render)
    return state


def the_version() -> ReportVersion:
    return ReportVersion.objects.get()


class TestQueuedThenRendered:
    def test_a_click_queues_and_returns_at_once_then_the_worker_renders(self, regiocoordinator):
        ProjectFactory(title="Woninginbraken Oost")
        requested = services.request_concept(actor=regiocoordinator, kind="jaarplan", year=2027)
        version = requested.version
        assert requested.created
        assert (version.state, version.number, version.pdf) == (State.QUEUED, 1, None)
        task = DBTaskResult.objects.get()
        assert task.task_path == "reporting.tasks.render_report"
        assert task.args_kwargs["args"] == [version.pk]

        assert run_waiting_tasks() == 1

        version.refresh_from_db()
        assert version.state == State.DONE
        assert version.attempts == 1
        assert version.finished_at is not None
        assert "Woninginbraken Oost" in flat_text(version.stored_bytes())
        assert DBTaskResult.objects.get().status == "SUCCESSFUL"

    def test_while_it_renders_the_version_is_bezig(self, regiocoordinator, monkeypatch):
        from reporting import generation

        seen = []

        def render(*args, **kwargs):
            seen.append(ReportVersion.objects.values_list("state", "started_at").get())
            return generation.render_kind(*args, **kwargs)

        monkeypatch.setattr("reporting.services.render_kind", render)
        services.request_concept(actor=regiocoordinator, kind="marap", year=2026)
        run_waiting_tasks()
        assert seen[0][0] == State.RUNNING
        assert seen[0][1] is not None

    def test_a_second_request_while_one_waits_makes_no_second_render(self, regiocoordinator):
        first = services.request_concept(actor=regiocoordinator, kind="marap", year=2026)
        second = services.request_concept(actor=regiocoordinator, kind="marap", year=2026)
        assert second.version.pk == first.version.pk
        assert not second.created
        assert ReportVersion.objects.count() == 1
        assert DBTaskResult.objects.count() == 1
        # Once it is made, the next click makes the next version.
        run_waiting_tasks()
        third = services.request_concept(actor=regiocoordinator, kind="marap", year=2026)
        assert (third.created, third.version.number) == (True, 2)

    def test_another_reference_date_waits_its_turn(self, regiocoordinator):
        services.request_concept(actor=regiocoordinator, kind="marap", year=2026)
        with pytest.raises(ValidationError, match="wordt nog gemaakt"):
            services.request_concept(
                actor=regiocoordinator,
                kind="marap",
                year=2026,
                peildatum=datetime.date(2026, 8, 1),
            )

    def test_the_introduction_is_the_one_of_the_click(self, regiocoordinator):
        services.save_introduction(
            actor=regiocoordinator, kind="jaarplan", year=2027, text="Eerst", expected_version=1
        )
        services.request_concept(actor=regiocoordinator, kind="jaarplan", year=2027)
        services.save_introduction(
            actor=regiocoordinator, kind="jaarplan", year=2027, text="Later", expected_version=2
        )
        run_waiting_tasks()
        text = flat_text(the_version().stored_bytes())
        assert "Eerst" in text
        assert "Later" not in text


class TestFinal:
    def test_the_final_is_made_by_the_worker_and_the_coordinator_told(
        self, regiocoordinator, voorzitter, dvo_lid, django_capture_on_commit_callbacks
    ):
        requested = services.request_final(actor=regiocoordinator, kind="jaarplan", year=2027)
        assert requested.version.state == State.QUEUED
        assert not ReportVersion.objects.finals().exists()
        assert mail.outbox == []

        with django_capture_on_commit_callbacks(execute=True):
            run_waiting_tasks()

        final = ReportVersion.objects.finals().get()
        assert final.finalised_by == regiocoordinator
        assert final.finalised_at == final.finished_at
        assert "CONCEPT" not in flat_text(final.stored_bytes())
        subjects = {message.to[0]: message.subject for message in mail.outbox}
        assert subjects[regiocoordinator.email] == "Jaarplan 2027 is definitief en klaar"
        assert set(subjects) == {regiocoordinator.email, voorzitter.email, dvo_lid.email}
        assert AuditEvent.objects.filter(event=AuditEvent.Event.REPORT_FINALISED).count() == 1

    def test_while_the_final_is_made_nothing_else_is_asked_for(self, regiocoordinator):
        services.request_final(actor=regiocoordinator, kind="marap", year=2026)
        with pytest.raises(services.ReportClosed, match="wordt definitief gemaakt"):
            services.request_concept(actor=regiocoordinator, kind="marap", year=2026)
        with pytest.raises(services.ReportClosed):
            services.request_final(actor=regiocoordinator, kind="marap", year=2026)
        with pytest.raises(services.ReportClosed):
            services.save_introduction(
                actor=regiocoordinator, kind="marap", year=2026, text="x", expected_version=1
            )
        assert ReportVersion.objects.count() == 1

    def test_finalising_waits_for_a_concept_being_made(self, regiocoordinator):
        services.request_concept(actor=regiocoordinator, kind="marap", year=2026)
        with pytest.raises(ValidationError, match="Versie 1 wordt nog gemaakt"):
            services.request_final(actor=regiocoordinator, kind="marap", year=2026)


class TestFailures:
    def test_a_failed_render_is_tried_again_later(self, regiocoordinator, failing_render):
        failing_render["failures"] = 1
        services.request_concept(actor=regiocoordinator, kind="marap", year=2026)
        run_waiting_tasks(now=False)
        version = the_version()
        assert (version.state, version.attempts) == (State.QUEUED, 1)
        retry = waiting_tasks(now=True).get()
        assert retry.run_after > timezone.now()  # not at once: the cause may pass
        assert not waiting_tasks(now=False).exists()

        run_waiting_tasks(now=True)
        version.refresh_from_db()
        assert (version.state, version.attempts, version.error) == (State.DONE, 2, "")

    def test_after_the_last_attempt_it_fails_with_a_dutch_reason(
        self, regiocoordinator, failing_render, django_capture_on_commit_callbacks
    ):
        failing_render["failures"] = 99
        services.request_final(actor=regiocoordinator, kind="jaarplan", year=2027)
        with django_capture_on_commit_callbacks(execute=True):
            assert run_waiting_tasks() == 3
        version = the_version()
        assert (version.state, version.attempts) == (State.FAILED, 3)
        assert "Bij het maken van de PDF ging iets mis" in version.error
        assert "Het is 3 keer geprobeerd." in version.error
        assert "the renderer broke" not in version.error  # the details go to the log only
        assert [m.subject for m in mail.outbox] == [
            "Jaarplan 2027 kon niet definitief worden gemaakt"
        ]
        # A failed final does not close the year: it can be asked for again.
        failing_render["failures"] = 0
        again = services.request_final(actor=regiocoordinator, kind="jaarplan", year=2027)
        assert again.version.number == 2
        run_waiting_tasks()
        assert ReportVersion.objects.finals().get().number == 2


class TestStaleRecovery:
    def crashed_render(self, regiocoordinator, *, attempts=1):
        """A version its worker took and never finished (the process was killed)."""
        version = services.request_concept(
            actor=regiocoordinator, kind="marap", year=2026
        ).version
        DBTaskResult.objects.update(status="RUNNING")  # the dead worker's task
        ReportVersion.objects.filter(pk=version.pk).update(
            state=State.RUNNING, attempts=attempts, started_at=timezone.now()
        )
        return version

    def test_fresh_is_left_alone_stale_is_queued_again_when_the_page_is_read(
        self, client, regiocoordinator
    ):
        version = self.crashed_render(regiocoordinator)
        client.force_login(regiocoordinator)
        page = reverse("reporting:report", args=["marap", 2026])
        client.get(page)
        assert the_version().state == State.RUNNING
        with time_machine.travel(timezone.now() + datetime.timedelta(seconds=901)):
            html = client.get(page).content.decode()
        version.refresh_from_db()
        assert version.state == State.QUEUED
        assert "staat in de wachtrij" in html
        assert waiting_tasks(now=True).count() == 1
        run_waiting_tasks()
        version.refresh_from_db()
        assert (version.state, version.attempts) == (State.DONE, 2)

    def test_a_stale_last_attempt_fails_with_the_reason(self, client, regiocoordinator):
        version = self.crashed_render(regiocoordinator, attempts=3)
        client.force_login(regiocoordinator)
        with time_machine.travel(timezone.now() + datetime.timedelta(minutes=16)):
            html = client.get(reverse("reporting:report", args=["marap", 2026])).content.decode()
        version.refresh_from_db()
        assert version.state == State.FAILED
        assert "gestopt of deed langer dan 15 minuten" in version.error
        assert "gestopt of deed langer dan 15 minuten" in html
        assert "Mislukt" in html

    def test_the_next_task_a_worker_takes_recovers_it_too(self, regiocoordinator):
        stale = self.crashed_render(regiocoordinator)
        other = services.request_concept(actor=regiocoordinator, kind="jaarplan", year=2027)
        with time_machine.travel(timezone.now() + datetime.timedelta(minutes=16)):
            run_waiting_tasks()
        stale.refresh_from_db()
        other.version.refresh_from_db()
        assert other.version.state == State.DONE
        assert stale.state == State.DONE  # queued again by the recovery, then rendered

    def test_a_slow_worker_that_was_taken_over_does_not_write(self, regiocoordinator):
        version = self.crashed_render(regiocoordinator)
        slow = ReportVersion.objects.get(pk=version.pk)  # what the slow worker holds
        ReportVersion.objects.filter(pk=version.pk).update(attempts=2)  # taken over since
        from reporting.generation import Rendered

        assert services._record_success(slow, Rendered(pdf=b"%PDF late", seconds=1)) is None
        assert the_version().pdf is None


class TestPage:
    @pytest.fixture
    def regio_client(self, client, regiocoordinator):
        client.force_login(regiocoordinator)
        return client

    def test_the_click_answers_at_once_and_the_page_shows_the_state(self, regio_client):
        response = regio_client.post(
            reverse("reporting:generate", args=["marap", 2026]),
            {"peildatum": "2026-09-01"},
            follow=True,
        )
        html = response.content.decode()
        assert "Conceptversie 1 van Marap 2026 wordt gemaakt." in html
        assert "Versie 1 (concept) staat in de wachtrij." in html
        assert 'data-status-url="/rapportages/marap/2026/status/"' in html
        assert "Laad de pagina opnieuw" in html
        version = the_version()
        download = reverse("reporting:download", args=[version.pk])
        assert download not in html
        assert regio_client.get(download).status_code == 404

        status = json.loads(regio_client.get("/rapportages/marap/2026/status/").content)
        assert status == {
            "pending": True,
            "number": 1,
            "state": "wachtrij",
            "text": "Versie 1 (concept) staat in de wachtrij.",
        }
        run_waiting_tasks()
        status = json.loads(regio_client.get("/rapportages/marap/2026/status/").content)
        assert status == {"pending": False}
        html = regio_client.get(reverse("reporting:report", args=["marap", 2026])).content.decode()
        assert "report-progress" not in html
        assert download in html

    def test_a_double_click_says_the_concept_is_already_being_made(self, regio_client):
        url = reverse("reporting:generate", args=["jaarplan", 2027])
        regio_client.post(url, {})
        html = regio_client.post(url, {}, follow=True).content.decode()
        assert "Conceptversie 1 van Jaarplan 2027 werd al gemaakt" in html
        assert ReportVersion.objects.count() == 1

    def test_making_final_answers_at_once(self, regio_client):
        response = regio_client.post(
            reverse("reporting:finalise", args=["jaarplan", 2027]), {}, follow=True
        )
        html = response.content.decode()
        assert "Jaarplan 2027 wordt definitief gemaakt. U krijgt een e-mail" in html
        assert "Genereer concept" not in html
        confirm = regio_client.get(
            reverse("reporting:finalise", args=["jaarplan", 2027]), follow=True
        )
        assert "Deze rapportage wordt definitief gemaakt." in confirm.content.decode()

    def test_board_members_see_nothing_of_versions_being_made(self, client, dvo_lid):
        services.request_concept(actor=None, kind="marap", year=2026)
        client.force_login(dvo_lid)
        html = client.get(reverse("reporting:report", args=["marap", 2026])).content.decode()
        assert "report-progress" not in html
        assert "wachtrij" not in html
        status = client.get("/rapportages/marap/2026/status/")
        assert status.status_code == 403
