"""Running the database backend's waiting tasks inside a test, as `manage.py db_worker` does.

The worker's own loop cannot run in a test transaction (it closes the connection between
tasks), so this takes each waiting task row the way the loop does (claim, then
`Worker.run_task`), in the test's transaction: the task, the backend and the rows are real.
A retry waits a few seconds (`run_after`); `now=True` runs it at once instead.
"""

from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

WORKER_ID = "test-worker"


def waiting_tasks(*, now: bool = False):
    """Tasks ready to run (as db_worker picks them), or with `now` every waiting one."""
    tasks = DBTaskResult.objects.filter(status="READY") if now else DBTaskResult.objects.ready()
    return tasks.order_by("enqueued_at")


def run_waiting_tasks(*, now: bool = True) -> int:
    """Run every waiting task (and the retries they queue); the number run."""
    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=WORKER_ID,
        excluded_queue_names=[],
    )
    ran = 0
    while (task := waiting_tasks(now=now).first()) is not None:
        task.claim(WORKER_ID)
        worker.run_task(task)
        ran += 1
    return ran
