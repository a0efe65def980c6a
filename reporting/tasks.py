"""Background tasks of the reporting app, on Django's Tasks framework.

The `django-tasks` backport of Django 6's `django.tasks` (on Django 6 the import becomes
`from django.tasks import task`). Which engine runs them is the TASKS setting
(DJANGO_TASK_BACKEND): the database backend with `manage.py db_worker` by default, RQ on Redis
for installations on several machines. The task only carries the version's id; everything it
renders comes from the database, so any worker on any machine can run it.
"""

from django_tasks import task

from reporting import services


@task()
def render_report(version_id: int) -> str:
    """Render one waiting report version; the version's state afterwards (or "" if none)."""
    version = services.render_version(version_id=version_id)
    return version.state if version is not None else ""


@task()
def render_meeting_papers(papers_id: int) -> str:
    """Render a meeting's waiting vergaderstukken; their state afterwards (or "" if none)."""
    papers = services.render_meeting_papers(papers_id=papers_id)
    return papers.state if papers is not None else ""
