"""One document as PDF from its own page (issue 18 item 2): a plan version, an evaluation, a
progress report and a project request, rendered at once with the section template the
vergaderstukken use; readable by exactly who reads the page (the apps' own predicates)."""

import pytest
from django.urls import reverse

from platform_ivz.core.roles import Role
from tests.factories import (
    EvaluationFactory,
    ProjectPlanFactory,
    ProjectRequestFactory,
    user_with_role,
)
from tests.reporting import marap_data as data
from tests.reporting.pdf_checks import all_problems
from tests.reporting.pdf_text import flat_text, reader

pytestmark = pytest.mark.django_db


@pytest.fixture
def confidential_plan():
    project = data.running_project(
        "Ondermijning haven",
        vertrouwelijk=True,
        status="ambtelijk_vastgesteld",
        projectleider=data.leader("eva"),
    )
    return ProjectPlanFactory(
        project=project,
        status="ambtelijk_vastgesteld",
        aanleiding="Criminele netwerken in de haven.",
        financien="Dertigduizend euro.",
    )


def _get(client, user, url):
    client.force_login(user)
    return client.get(url)


class TestPlan:
    def test_every_section_is_in_it_and_it_passes_the_print_checks(self, client, confidential_plan):
        plan = confidential_plan
        url = reverse("reporting:plan_pdf", args=[plan.project_id, plan.number])
        response = _get(client, user_with_role(Role.DVO_LID), url)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert "attachment;" in response["Content-Disposition"]
        text = flat_text(response.content)
        assert "Projectplan Ondermijning haven, versie 1" in text
        for expected in (
            "Criminele netwerken in de haven.",
            "Dertigduizend euro.",
            "Minder woninginbraken in Twente.",
            "Aanleiding van probleem/uitdaging",
            "Financiën",
            "Communicatie",
        ):
            assert expected in text, expected
        assert reader(response.content).metadata.title == "Projectplan Ondermijning haven, versie 1"
        assert all_problems(response.content, concept=False) == {}

    def test_a_confidential_plan_is_not_there_for_who_may_not_read_it(
        self, client, confidential_plan
    ):
        plan = confidential_plan
        url = reverse("reporting:plan_pdf", args=[plan.project_id, plan.number])
        assert _get(client, user_with_role(Role.PLATFORMLID), url).status_code == 404
        # Its projectleider reads it.
        assert _get(client, plan.project.projectleider, url).status_code == 200

    def test_a_draft_carries_the_concept_watermark(self, client):
        project = data.running_project(
            "Veilig wonen", status="in_voorbereiding", projectleider=data.leader("piet")
        )
        plan = ProjectPlanFactory(project=project, status="concept")
        url = reverse("reporting:plan_pdf", args=[project.pk, plan.number])
        response = _get(client, project.projectleider, url)
        assert response.status_code == 200
        assert all_problems(response.content, concept=True) == {}

    def test_the_plan_page_offers_it(self, client, confidential_plan):
        plan = confidential_plan
        page = _get(
            client,
            user_with_role(Role.DVO_LID),
            reverse("projects:plan_detail", args=[plan.project_id, plan.number]),
        ).content.decode()
        assert reverse("reporting:plan_pdf", args=[plan.project_id, plan.number]) in page
        assert "Downloaden als PDF" in page


class TestEvaluation:
    def test_the_answers_are_in_it(self, client):
        project = data.running_project(
            "Veilig uitgaan", status="evaluatie", projectleider=data.leader("cor")
        )
        EvaluationFactory(project=project, q1="Het doel was minder geweld.", q11="Ja.")
        url = reverse("reporting:evaluation_pdf", args=[project.pk])
        response = _get(client, user_with_role(Role.PLATFORMLID), url)
        assert response.status_code == 200
        text = flat_text(response.content)
        assert "Evaluatie Veilig uitgaan" in text
        assert "Het doel was minder geweld." in text
        assert "Wat was de doelstelling van het project?" in text
        page = _get(
            client, project.projectleider, reverse("projects:evaluation", args=[project.pk])
        ).content.decode()
        assert url in page

    def test_no_evaluation_no_pdf(self, client):
        project = data.running_project("Zonder evaluatie", projectleider=data.leader("dirk"))
        url = reverse("reporting:evaluation_pdf", args=[project.pk])
        assert _get(client, user_with_role(Role.VOORZITTER), url).status_code == 404


class TestProgressReport:
    def test_the_report_is_in_it(self, client):
        project = data.running_project("Cybercrime mkb", projectleider=data.leader("dirk"))
        report = data.submitted_report(
            project,
            submitted=data.datetime.date(2026, 7, 1),
            progress_content="Veertig ondernemers bereikt.",
        )
        url = reverse("reporting:progress_pdf", args=[project.pk, report.pk])
        response = _get(client, user_with_role(Role.PLATFORMLID), url)
        assert response.status_code == 200
        text = flat_text(response.content)
        assert "Veertig ondernemers bereikt." in text
        assert "Capaciteit bij de politie." in text
        assert all_problems(response.content, concept=False) == {}


class TestRequest:
    def test_the_request_with_markup_in_its_title_prints_it_as_text(self, client):
        request = ProjectRequestFactory(
            title="<script>alert(1)</script> & Zonen",
            aanleiding="Inbraken <b>stijgen</b> & dalen.",
            status="ingediend",
        )
        url = reverse("reporting:request_pdf", args=[request.pk])
        response = _get(client, user_with_role(Role.REGIOCOORDINATOR), url)
        assert response.status_code == 200
        text = flat_text(response.content)
        assert "Projectverzoek <script>alert(1)</script> & Zonen" in text
        assert "Inbraken <b>stijgen</b> & dalen." in text
        assert "Een regionaal draaiboek en een gezamenlijke aanpak." in text
        assert 'filename="aanvraag-scriptalert1script-zonen.pdf"' in response["Content-Disposition"]

    def test_a_draft_is_its_organisation_s_own(self, client):
        request = ProjectRequestFactory(status="concept")
        url = reverse("reporting:request_pdf", args=[request.pk])
        voorzitter = user_with_role(Role.VOORZITTER, organisation_name="Almelo")
        assert _get(client, voorzitter, url).status_code == 404
        response = _get(client, request.indiener, url)
        assert response.status_code == 200
        page = _get(
            client, request.indiener, reverse("intake:detail", args=[request.pk])
        ).content.decode()
        assert url in page
