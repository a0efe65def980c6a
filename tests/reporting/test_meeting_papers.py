"""The vergaderstukken of a meeting (issue 18 item 2; reporting/papers.py), read back as PDF:
a bookmark per agenda item, every document's text, a PDF attachment's pages in place, the
PDF/UA checks; made by the background worker, marked when out of date; per reader class, so
a confidential project's document never reaches a member who may not read it (item 8).
"""

import re

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from platform_ivz.core.roles import Role
from projects.models import AgendaItem
from reporting import papers, services
from reporting.models import MeetingPapers
from tests.factories import AgendaItemFactory, MeetingFactory, user_with_role
from tests.reporting import papers_scenario
from tests.reporting.pdf_checks import ReadPdf, all_problems, metadata_problems
from tests.reporting.pdf_text import flat_text, page_texts, reader
from tests.reporting.worker import run_waiting_tasks

pytestmark = pytest.mark.django_db

Reader = MeetingPapers.Reader
SECRET_TEXT = "criminele netwerken in de haven van Hengelo"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def scenario():
    return papers_scenario.build()


@pytest.fixture
def secretary():
    return user_with_role(Role.REGIOCOORDINATOR, first_name="Sanne", last_name="Secretaris")


def bundle(scenario, reader=Reader.FULL) -> bytes:
    meeting = scenario.meeting
    return papers.render_bundle(meeting, papers.agenda_items(meeting), reader=reader)


def outline(pdf: bytes) -> list[tuple[str, int]]:
    """The top level of the outline: (title, 0-based page)."""
    read = reader(pdf)
    return [
        (entry.title, read.get_destination_page_number(entry))
        for entry in read.outline
        if not isinstance(entry, list)
    ]


class TestTheFullBundle:
    @pytest.fixture
    def pdf(self, scenario):
        return bundle(scenario)

    def test_a_bookmark_per_agenda_item_in_order_at_its_page(self, scenario, pdf):
        marks = outline(pdf)
        assert marks[0] == ("Vergaderstukken DVO Twente 12 maart 2026", 0)
        items = marks[1:]
        assert [title for title, _page in items] == [
            "1. Opening en mededelingen",
            "2. Projectplan: Aanpak woninginbraken",
            "3. Wijziging van het plan: Zorg en veiligheid",
            "4. Evaluatie: Veilig uitgaan",
            "5. Beslispunt: Cybercrime mkb",
            "6. Ingekomen stukken",
            "7. Rondvraag",
            "8. Projectplan: Ondermijning haven",
        ]
        texts = page_texts(pdf)
        for title, page in items:
            assert title in re.sub(r"\s+", " ", texts[page]), title
        pages = [page for _title, page in items]
        assert pages == sorted(pages)

    def test_the_cover_holds_the_meeting_and_the_agenda_with_presenters(self, pdf):
        cover = re.sub(r"\s+", " ", page_texts(pdf)[0])
        for text in (
            "DVO Twente",
            "12 maart 2026",
            "14:00 – 16:30",
            "Stadhuis Hengelo",
            "https://meet.example.nl/dvo-maart",
            "Opening en mededelingen",
            "Voorzitter Jansen",
            "Anna Leider",  # a document's presenter: its projectleider
            "Ondermijning haven",
        ):
            assert text in cover, text

    def test_every_document_is_in_it(self, scenario, pdf):
        text = flat_text(pdf)
        for expected in (
            "De voorzitter opent de vergadering.",
            "Het aantal inbraken steeg in 2025 met twaalf procent.",  # plan sections
            "Te weinig wijkagenten in de zomer.",
            "Twintigduizend euro uit het Platformbudget.",
            "De looptijd wordt een half jaar langer.",  # the amendment
            "De doelen zijn grotendeels bereikt in acht gemeenten.",  # the evaluation
            "Het DVO besluit de cyberscan in heel Twente aan te bieden.",  # the beslispunt
            "Het Platform adviseert positief, mits de politie meedoet.",
            "Veertig ondernemers bereikt met de cyberscan.",  # its progress report
            SECRET_TEXT,  # the full bundle holds the confidential plan
        ):
            assert expected in text, expected

    def test_a_pdf_attachment_s_pages_follow_its_item(self, pdf):
        marks = dict(outline(pdf))
        texts = page_texts(pdf)
        page = marks["6. Ingekomen stukken"]
        assert "begroting-2027.pdf" in texts[page]
        assert "Bijlage pagina 1 van de begroting" in texts[page + 1]
        assert "Bijlage pagina 2 van de begroting" in texts[page + 2]
        assert marks["7. Rondvraag"] == page + 3
        # The page numbers count the attachment's pages: the agenda and footers agree.
        assert f"pagina {page + 4} van {len(texts)}" in texts[page + 3]

    def test_the_attachment_pages_carry_no_actions_or_links_and_are_artifacts(self, pdf):
        read = ReadPdf(pdf)
        page = dict(outline(pdf))["6. Ingekomen stukken"]
        for number in (page + 1, page + 2):
            obj = read.pike.pages[number].obj
            assert "/AA" not in obj and "/Annots" not in obj
            assert obj.Contents.read_bytes().startswith(b"/Artifact BMC")

    def test_a_file_that_is_no_pdf_is_named_as_a_separate_file(self, pdf):
        text = flat_text(pdf)
        assert "notitie-rondvraag.docx" in text
        assert "is geen PDF en is niet opgenomen" in text

    def test_pdf_ua_metadata(self, pdf):
        assert metadata_problems(ReadPdf(pdf)) == []


def test_without_a_pdf_attachment_it_passes_every_print_check(scenario):
    """The attachment's own pages keep their own fonts; the bundle's pages pass it all."""
    scenario.with_pdf.delete()
    assert all_problems(bundle(scenario), concept=False) == {}


def test_items_with_only_a_heading_share_pages_and_leave_none_near_empty(scenario):
    """Opening and rondvraag without text flow instead of taking a page each; the document
    after the opening follows it, so the opening never stands alone on a page."""
    scenario.with_pdf.delete()
    AgendaItem.objects.filter(pk=scenario.opening.pk).update(text="", presenter="")
    AgendaItemFactory(
        meeting=scenario.meeting, kind="free", project=None, title="Rondvraag", order=99
    )
    pdf = bundle(scenario)
    assert all_problems(pdf, concept=False) == {}
    pages = {title: page for title, page in outline(pdf) if title[0].isdigit()}
    titles = list(pages)
    assert titles[0].startswith("1. Opening") and titles[-1].endswith("Rondvraag")
    assert pages[titles[0]] == pages[titles[1]]


class TestConfidentiality:
    def test_the_open_bundle_leaves_the_confidential_document_out(self, scenario):
        pdf = bundle(scenario, Reader.OPEN)
        text = flat_text(pdf)
        assert SECRET_TEXT not in text
        assert "Geheime aanleiding" not in text
        marks = dict(outline(pdf))
        page = marks["8. Projectplan: Ondermijning haven"]  # the item and its title stay
        assert "Vertrouwelijk: niet opgenomen." in page_texts(pdf)[page]
        # The open documents are all there.
        assert "Het aantal inbraken steeg in 2025 met twaalf procent." in text

    @pytest.mark.usefixtures("immediate_tasks")
    @pytest.mark.parametrize(
        ("role", "sees_secret"),
        [
            (Role.DVO_LID, True),
            (Role.GEMEENTESECRETARIS, True),
            (Role.VOORZITTER, True),
            (Role.PLATFORMLID, False),
            (Role.BEHEERDER, False),
        ],
    )
    def test_each_reader_downloads_the_bundle_of_their_class(
        self, client, scenario, secretary, role, sees_secret
    ):
        services.request_meeting_papers(actor=secretary, meeting=scenario.meeting)
        client.force_login(user_with_role(role))
        response = client.get(
            reverse("reporting:meeting_papers_download", args=[scenario.meeting.pk])
        )
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert (SECRET_TEXT in flat_text(response.content)) is sees_secret

    @pytest.mark.usefixtures("immediate_tasks")
    def test_the_projectleider_of_the_confidential_project_gets_the_open_bundle(
        self, client, scenario, secretary
    ):
        """Conservative: the circle reads the document on the project's page instead."""
        services.request_meeting_papers(actor=secretary, meeting=scenario.meeting)
        client.force_login(scenario.secret.project.projectleider)
        response = client.get(
            reverse("reporting:meeting_papers_download", args=[scenario.meeting.pk])
        )
        assert SECRET_TEXT not in flat_text(response.content)

    @pytest.mark.usefixtures("immediate_tasks")
    @pytest.mark.parametrize("with_confidential_item", [True, False])
    def test_a_project_made_confidential_after_the_render_is_never_served_to_members(
        self, client, scenario, secretary, with_confidential_item
    ):
        """The fingerprint marks the bundle out of date; the open copy is withheld as well,
        also when only one file was made (no confidential item at the time)."""
        if not with_confidential_item:
            scenario.secret.delete()
        services.request_meeting_papers(actor=secretary, meeting=scenario.meeting)
        project = scenario.plan.project
        project.vertrouwelijk = True
        project.save()
        url = reverse("reporting:meeting_papers_download", args=[scenario.meeting.pk])
        client.force_login(user_with_role(Role.PLATFORMLID))
        assert client.get(url).status_code == 404
        page = client.get(
            reverse("reporting:meeting_papers", args=[scenario.meeting.pk])
        ).content.decode()
        assert 'id="papers-withheld"' in page and url not in page
        client.force_login(user_with_role(Role.DVO_LID))
        assert client.get(url).status_code == 200

    @pytest.mark.usefixtures("immediate_tasks")
    def test_without_confidential_items_one_file_serves_all(self, scenario, secretary):
        scenario.secret.delete()
        made = services.request_meeting_papers(actor=secretary, meeting=scenario.meeting).version
        made.refresh_from_db()
        assert made.pdf_open is None
        assert made.pdf_for(Reader.OPEN) == made.pdf_for(Reader.FULL)


class TestEscaping:
    def test_a_title_with_markup_prints_as_text(self, scenario):
        AgendaItemFactory(
            meeting=scenario.meeting,
            kind="free",
            project=None,
            title="<script>alert(1)</script> & <b>Co</b>",
            text="Tekst met <i>tags</i> & een ampersand.",
            presenter="<img src=x onerror=alert(1)>",
            order=99,
        )
        text = flat_text(bundle(scenario))
        assert "<script>alert(1)</script> & <b>Co</b>" in text
        assert "Tekst met <i>tags</i> & een ampersand." in text
        assert "<img src=x onerror=alert(1)>" in text


class TestMadeByTheWorker:
    @pytest.fixture
    def database_tasks(self, settings):
        settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
        settings.REPORT_RENDER_ATTEMPTS = 2

    def test_a_request_waits_for_the_worker_then_is_ready(
        self, client, scenario, secretary, database_tasks
    ):
        client.force_login(secretary)
        page_url = reverse("reporting:meeting_papers", args=[scenario.meeting.pk])
        response = client.post(
            reverse("reporting:meeting_papers_generate", args=[scenario.meeting.pk])
        )
        assert response.status_code == 302
        papers_row = MeetingPapers.objects.get()
        assert papers_row.state == MeetingPapers.State.QUEUED
        page = client.get(page_url).content.decode()
        assert 'id="report-progress"' in page
        assert "De vergaderstukken staan in de wachtrij." in page
        status = client.get(
            reverse("reporting:meeting_papers_status", args=[scenario.meeting.pk])
        ).json()
        assert status["pending"] is True
        # A second click while it waits makes no second render.
        client.post(reverse("reporting:meeting_papers_generate", args=[scenario.meeting.pk]))
        assert MeetingPapers.objects.count() == 1

        run_waiting_tasks()

        papers_row.refresh_from_db()
        assert papers_row.state == MeetingPapers.State.DONE
        assert papers_row.pdf_open is not None  # the agenda holds a confidential plan
        page = client.get(page_url).content.decode()
        assert "Gemaakt op" in page and "Sanne Secretaris" in page
        assert reverse("reporting:meeting_papers_download", args=[scenario.meeting.pk]) in page
        assert 'id="papers-stale"' not in page
        assert client.get(
            reverse("reporting:meeting_papers_status", args=[scenario.meeting.pk])
        ).json() == {"pending": False}

    def test_a_failing_render_is_tried_again_then_fails_with_a_reason(
        self, client, scenario, secretary, database_tasks, monkeypatch
    ):
        def broken(*args, **kwargs):
            raise RuntimeError("broken")

        monkeypatch.setattr(papers, "render_bundle", broken)
        services.request_meeting_papers(actor=secretary, meeting=scenario.meeting)
        for _attempt in range(2):
            row = MeetingPapers.objects.get()
            services.render_meeting_papers(papers_id=row.pk)
        row.refresh_from_db()
        assert row.state == MeetingPapers.State.FAILED
        assert "2 keer geprobeerd" in row.error
        client.force_login(secretary)
        page = client.get(reverse("reporting:meeting_papers", args=[scenario.meeting.pk]))
        assert "Het maken van de vergaderstukken is mislukt" in page.content.decode()


@pytest.mark.usefixtures("immediate_tasks")
class TestOutOfDate:
    @pytest.fixture
    def made(self, scenario, secretary):
        return services.request_meeting_papers(actor=secretary, meeting=scenario.meeting).version

    def _page(self, client, scenario):
        client.force_login(user_with_role(Role.PLATFORMLID))
        return client.get(
            reverse("reporting:meeting_papers", args=[scenario.meeting.pk])
        ).content.decode()

    def test_fresh_papers_are_not_marked(self, client, scenario, made):
        assert 'id="papers-stale"' not in self._page(client, scenario)

    @pytest.mark.parametrize(
        "change",
        ["title", "order", "added", "removed", "meeting", "advice"],
    )
    def test_a_changed_agenda_marks_them_out_of_date(self, client, scenario, made, change):
        if change == "title":
            scenario.opening.title = "Opening"
            scenario.opening.save()
        elif change == "order":
            scenario.opening.order = 50
            scenario.opening.save()
        elif change == "added":
            AgendaItemFactory(meeting=scenario.meeting, kind="free", project=None, title="Extra")
        elif change == "removed":
            scenario.with_docx.delete()
        elif change == "meeting":
            scenario.meeting.location = "Enschede"
            scenario.meeting.save()
        else:
            beslispunt = scenario.beslispunt.beslispunt
            beslispunt.platform_advice = "Anders."
            beslispunt.save()
        page = self._page(client, scenario)
        assert 'id="papers-stale"' in page
        assert "Verouderd" in page

    def test_a_new_render_replaces_the_old_one(self, scenario, secretary, made):
        again = services.request_meeting_papers(actor=secretary, meeting=scenario.meeting)
        assert again.created
        assert list(MeetingPapers.objects.values_list("pk", flat=True)) == [again.version.pk]


class TestPermissions:
    def test_only_who_keeps_meetings_makes_them(self, scenario):
        with pytest.raises(PermissionDenied):
            services.request_meeting_papers(
                actor=user_with_role(Role.PLATFORMLID), meeting=scenario.meeting
            )

    def test_members_see_the_page_without_the_button(self, client, scenario):
        client.force_login(user_with_role(Role.PLATFORMLID))
        page = client.get(reverse("reporting:meeting_papers", args=[scenario.meeting.pk]))
        assert page.status_code == 200
        assert "De vergaderstukken zijn nog niet gemaakt." in page.content.decode()
        assert (
            reverse("reporting:meeting_papers_generate", args=[scenario.meeting.pk])
            not in page.content.decode()
        )

    def test_the_meeting_page_links_to_them(self, client):
        meeting = MeetingFactory()  # free items are shown by the meeting page's own branch
        client.force_login(user_with_role(Role.PLATFORMLID))
        page = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
        link = reverse("reporting:meeting_papers", args=[meeting.pk])
        assert re.search(rf'id="vergaderstukken"><a href="{link}">Vergaderstukken</a>', page)

    def test_no_download_before_they_are_made(self, client, scenario):
        client.force_login(user_with_role(Role.DVO_LID))
        response = client.get(
            reverse("reporting:meeting_papers_download", args=[scenario.meeting.pk])
        )
        assert response.status_code == 404
