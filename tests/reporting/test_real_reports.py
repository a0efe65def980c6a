"""The registry wired to the real content: each kind renders through the machinery into a
tagged PDF with cover, table of contents and page numbers (the content itself is tested by
test_jaarplan, test_jaarverslag, test_marap, test_besluitenlijst and test_factsheet)."""

import re

import pytest
from django.urls import reverse

from platform_ivz.core.models import Organisation
from reporting import services
from reporting.kinds import VERSIONED_KINDS
from tests.factories import MeetingFactory, OrganisationFactory
from tests.reporting.pdf_text import declares_pdf_ua_1, flat_text, info, page_texts

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("immediate_tasks")]


def assert_printed(pdf: bytes, title: str, *, short: bool = False) -> None:
    """A report opens with a cover and a contents page; a short document (besluitenlijst,
    factsheet) with a header block and its content on the same page."""
    assert declares_pdf_ua_1(pdf)
    assert info(pdf)["/Title"] == title
    pages = page_texts(pdf)
    assert re.search(rf"pagina\s+1\s+van\s+{len(pages)}", pages[0])
    assert title in re.sub(r"\s+", " ", pages[0])
    assert ("Inhoud" in flat_text(pdf)) is not short


@pytest.mark.parametrize("kind", [kind.key for kind in VERSIONED_KINDS])
def test_each_report_renders_with_its_real_content(kind, regiocoordinator):
    services.save_introduction(
        actor=regiocoordinator, kind=kind, year=2026, text="Inleiding <b>x</b>", expected_version=1
    )
    version = services.generate_concept(actor=regiocoordinator, kind=kind, year=2026)
    pdf = version.stored_bytes()
    assert_printed(pdf, version.title)
    assert "Inleiding <b>x</b>" in flat_text(pdf)


def test_besluitenlijst_and_factsheet_render_with_their_real_content(client, platformlid):
    client.force_login(platformlid)
    meeting = MeetingFactory()
    response = client.get(reverse("reporting:besluitenlijst", args=[meeting.pk]))
    assert response.status_code == 200
    assert_printed(response.content, info(response.content)["/Title"], short=True)
    assert "Besluitenlijst" in info(response.content)["/Title"]

    gemeente = OrganisationFactory(name="Losser", kind=Organisation.Kind.GEMEENTE)
    response = client.get(reverse("reporting:factsheet", args=[gemeente.pk, 2026]))
    assert response.status_code == 200
    assert_printed(response.content, "Factsheet Losser 2026", short=True)
