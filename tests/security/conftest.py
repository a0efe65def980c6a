"""The worlds of the security tests: the demo data loaded once per module (demo_world, and
`world`, the demo inside a test's own savepoint), and fuzz_world, the demo plus what a few
forms need that the demo lacks (the fuzzing and the text limits post to the same forms)."""

import pytest

from intake.models import ProjectRequest
from projects.models import ProgressReport
from tests.factories import AttachmentFactory
from tests.security import demo_world as shared

demo_world, world = shared.demo_world, shared.world  # fixtures of this folder


@pytest.fixture(scope="module")
def fuzz_world(demo_world, django_db_blocker):
    """The demo world, plus what a few forms need that the demo lacks: an attachment, a
    submitted progress report and an agenda item of a meeting that has taken place."""
    with django_db_blocker.unblock():
        request = ProjectRequest.objects.get(status="concept")
        AttachmentFactory(request=request, uploaded_by=request.indiener)
        report = ProgressReport.objects.filter(
            status="concept", project__status="in_uitvoering"
        ).order_by("-pk")[0]
        ProgressReport.objects.filter(pk=report.pk).update(
            status="ingediend", progress_content="Op koers.", progress_process="Goed."
        )
