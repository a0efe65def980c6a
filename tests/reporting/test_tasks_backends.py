"""The other engines: RQ on Redis (DJANGO_TASK_BACKEND=redis), and two requests at the same
moment on PostgreSQL making one render.

The Redis test needs a Redis server at 127.0.0.1:6379 (database 15, emptied before and
after); it is skipped where none runs.
"""

import pytest
from django.contrib import admin
from django.db import connection
from django.test import override_settings

from reporting import services
from reporting.models import ReportVersion
from tests.reporting.pdf_text import flat_text

REDIS_URL = "redis://127.0.0.1:6379/15"


def redis_or_none():
    try:
        import redis

        client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
        client.ping()
        return client
    except Exception:  # noqa: BLE001 - any failure means: no Redis to test against
        return None


@pytest.fixture
def redis_backend(settings):
    client = redis_or_none()
    if client is None:
        pytest.skip(f"no Redis server at {REDIS_URL}")
    client.flushdb()
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    settings.RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 900}}
    # django_rq registers its queue model with the admin when its app loads; the admin must
    # forget it again, or a later admin page in this process asks for an app that is gone.
    registered = dict(admin.site._registry)
    with override_settings(INSTALLED_APPS=[*settings.INSTALLED_APPS, "django_rq"]):
        yield client
    admin.site._registry.clear()
    admin.site._registry.update(registered)
    client.flushdb()


@pytest.mark.django_db
@pytest.mark.usefixtures("use_test_content")
def test_rq_on_redis_renders_a_concept(
    redis_backend, regiocoordinator, django_capture_on_commit_callbacks
):
    import django_rq
    from django.core.checks import run_checks
    from django_tasks_rq import Job
    from rq import SimpleWorker

    assert not [error for error in run_checks() if "rq" in error.msg.lower()]
    # Redis is told after the commit: a worker must never take a version not yet stored.
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        version = services.request_concept(
            actor=regiocoordinator, kind="marap", year=2026
        ).version
    queue = django_rq.get_queue("default", job_class=Job)
    assert queue.count == 0
    for callback in callbacks:
        callback()
    assert queue.count == 1
    assert version.state == ReportVersion.State.QUEUED

    # A worker in this process (SimpleWorker, no fork), so it sees the test's transaction.
    worker = django_rq.get_worker("default", job_class=Job, worker_class=SimpleWorker)
    assert worker.work(burst=True)

    version.refresh_from_db()
    assert version.state == ReportVersion.State.DONE
    assert "Marap 2026" in flat_text(version.stored_bytes())
    assert queue.count == 0


@pytest.mark.django_db
def test_without_redis_the_version_says_it_could_not_be_queued(
    settings, regiocoordinator, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    settings.RQ_QUEUES = {"default": {"URL": "redis://127.0.0.1:1/0"}}  # nothing listens
    with django_capture_on_commit_callbacks(execute=True):
        version = services.request_concept(
            actor=regiocoordinator, kind="jaarplan", year=2027
        ).version
    version.refresh_from_db()
    assert version.state == ReportVersion.State.FAILED
    assert "de wachtrij is niet bereikbaar" in version.error


# --- Two at once on PostgreSQL --------------------------------------------------------------

from tests.threads import at_once, locks_held_longer  # noqa: E402, F401 - autouse fixture


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs row locks (SELECT ... FOR UPDATE)"
)
def test_two_requests_for_the_same_concept_at_once_make_one_render(settings):
    from django_tasks_db.models import DBTaskResult

    from tests.factories import user_with_role

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from reporting.models import ReportIntroduction

    erik = user_with_role("regiocoordinator", "Enschede", username="erik")
    marieke = user_with_role("regiocoordinator", "Almelo", username="marieke")
    # The introductions exist (written before): only the row lock orders the two requests.
    ReportIntroduction.objects.create(kind="marap", year=2026, text="Inleiding")
    ReportIntroduction.objects.create(kind="jaarplan", year=2027, text="Inleiding")

    outcomes = at_once(
        lambda: services.request_concept(actor=erik, kind="marap", year=2026),
        lambda: services.request_concept(actor=marieke, kind="marap", year=2026),
    )

    assert [kind for kind, _result in outcomes] == ["ok", "ok"], outcomes
    results = [result for _kind, result in outcomes]
    assert sorted(result.created for result in results) == [False, True]
    assert results[0].version.pk == results[1].version.pk
    assert ReportVersion.objects.count() == 1
    assert DBTaskResult.objects.count() == 1

    # And two finalisations at once: one final, the other refused.
    ReportVersion.objects.all().delete()
    DBTaskResult.objects.all().delete()
    outcomes = at_once(
        lambda: services.request_final(actor=erik, kind="jaarplan", year=2027),
        lambda: services.request_final(actor=marieke, kind="jaarplan", year=2027),
    )
    assert sorted(kind for kind, _result in outcomes) == ["ok", "refused"], outcomes
    refusal = next(result for kind, result in outcomes if kind == "refused")
    assert isinstance(refusal, services.ReportClosed)
    assert ReportVersion.objects.filter(status=ReportVersion.Status.FINAL).count() == 1
    assert DBTaskResult.objects.count() == 1
