"""Every kind of report, read back as a reader and a screen reader meet it (issue 15): on the
demo data and on a portfolio of 100 projects (bench/generate.py), each kind rendered once per
module and every check of pdf_checks.py run on it.

The portfolio of 100 projects is marked `large_portfolio` (about a minute per database):
`pytest -m "not large_portfolio"` leaves it out.
"""

import re

import pytest
from django.conf import settings
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from platform_ivz.core.models import Meeting, Organisation
from reporting.generation import render_kind
from reporting.kinds import (
    BESLUITENLIJST,
    FACTSHEET,
    JAARPLAN,
    JAARVERSLAG,
    KRING,
    MARAP,
    get_kind,
)
from reporting.render import finish_pdf_ua, render_pdf
from tests.reporting import pdf_checks
from tests.reporting.pdf_text import flat_text
from tests.site.demo import load_demo_data

# The module's fixtures fill the database themselves (and roll it back); the mark makes
# pytest-django set up the test database for this module.
pytestmark = pytest.mark.django_db

KINDS = (JAARPLAN, JAARVERSLAG, MARAP, BESLUITENLIJST, FACTSHEET, KRING)
# Short documents open with a header block instead of a cover and a contents page.
SHORT = (BESLUITENLIJST, FACTSHEET, KRING)
CONCEPTS = {JAARPLAN, JAARVERSLAG, MARAP}


class _Rollback(Exception):
    pass


def _render_every_kind() -> dict[str, bytes]:
    """Each kind once, as the app renders it: the year's reports as concepts, the
    besluitenlijst of the latest meeting with agenda items, the factsheet of the first
    gemeente, and the Kring's report of today (as its page makes it: 'Actuele stand')."""
    year = timezone.localdate().year
    jobs = {
        JAARPLAN: {"year": year, "build_kwargs": {"year": year}},
        JAARVERSLAG: {"year": year - 1, "build_kwargs": {"year": year - 1}},
        MARAP: {
            "year": year,
            "build_kwargs": {"year": year, "peildatum": get_kind(MARAP).default_peildatum(year)},
        },
    }
    meeting = (
        Meeting.objects.filter(agenda_items__isnull=False).distinct().order_by("-date").first()
    )
    jobs[BESLUITENLIJST] = {
        "year": meeting.date.year,
        "is_concept": False,
        "build_kwargs": {"meeting": meeting},
    }
    gemeente = (
        Organisation.objects.filter(kind=Organisation.Kind.GEMEENTE)
        .order_by("name")
        .first()
    )
    jobs[FACTSHEET] = {
        "year": year,
        "is_concept": False,
        "build_kwargs": {"organisation": gemeente, "year": year},
    }
    jobs[KRING] = {
        "year": year,
        "is_concept": False,
        "status": "Actuele stand",
        "build_kwargs": {"year": year, "peildatum": timezone.localdate()},
    }
    pdfs = {}
    for key, job in jobs.items():
        kind = get_kind(key)
        job.setdefault("is_concept", True)
        pdfs[key] = render_kind(kind, title=kind.title(job["year"]), **job).pdf
    return pdfs


def _rendered(django_db_setup, django_db_blocker, fill) -> dict[str, pdf_checks.ReadPdf]:
    """Fill the database, render every kind, and roll the data back: the module's tests only
    read the PDFs."""
    pdfs = {}
    fast_hashing = override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]
    )
    with django_db_blocker.unblock(), fast_hashing:
        try:
            with transaction.atomic():
                fill()
                pdfs = _render_every_kind()
                raise _Rollback
        except _Rollback:
            pass
    return {key: pdf_checks.ReadPdf(pdf) for key, pdf in pdfs.items()}


@pytest.fixture(scope="module")
def demo_reports(django_db_setup, django_db_blocker):
    return _rendered(django_db_setup, django_db_blocker, load_demo_data)


@pytest.fixture(scope="module")
def large_reports(django_db_setup, django_db_blocker):
    from bench import generate

    return _rendered(
        django_db_setup, django_db_blocker, lambda: generate.grow(projects=100)
    )


def _problems(read: pdf_checks.ReadPdf, kind: str, check: str) -> list[str]:
    if check == "watermark":
        return pdf_checks.watermark_problems(read, concept=kind in CONCEPTS)
    return pdf_checks.ALL_CHECKS[check](read)


CHECKS = [*pdf_checks.ALL_CHECKS, "watermark"]


@pytest.mark.parametrize("check", CHECKS)
@pytest.mark.parametrize("kind", KINDS)
def test_demo_report_reads_clean(demo_reports, kind, check):
    problems = _problems(demo_reports[kind], kind, check)
    assert not problems, f"{kind}, {check}:\n" + "\n".join(problems[:25])


@pytest.mark.large_portfolio
@pytest.mark.parametrize("check", CHECKS)
@pytest.mark.parametrize("kind", KINDS)
def test_report_of_100_projects_reads_clean(large_reports, kind, check):
    problems = _problems(large_reports[kind], kind, check)
    assert not problems, f"{kind}, {check}:\n" + "\n".join(problems[:25])


def test_short_documents_open_with_a_header_block_and_reports_with_a_cover(demo_reports):
    for kind, read in demo_reports.items():
        first_page = "".join(glyph.text for glyph in read.content(0))
        if kind in SHORT:
            assert "Inhoud" not in "".join(g.text for page in read.glyphs for g in page)
            # The content starts on the first page, under the header block.
            assert len(pdf_checks._lines(read.content(0))) > 10
        else:
            assert "Inhoud" in "".join(glyph.text for glyph in read.content(1))
        assert "PLATFORMINTEGRALEVEILIGHEIDTWENTE" in first_page


# --- The checks themselves catch what they look for ----------------------------------------

PAGE_STYLE = """
<style>
  @page { size: A4; margin: 22mm 18mm 20mm 18mm;
          @bottom-right { content: "pagina " counter(page) " van " counter(pages); } }
  body { font-family: "Source Sans 3"; font-size: 10pt; }
</style>
"""


def _pdf(body: str, *, finish: bool = True) -> pdf_checks.ReadPdf:
    html = f'<html lang="nl"><head>{PAGE_STYLE}</head><body>{body}</body></html>'
    pdf = render_pdf(html, title="Proef", author="Test")
    return pdf_checks.ReadPdf(pdf)


def test_text_past_the_right_margin_is_found():
    read = _pdf('<p style="margin-right: -30mm; text-align: right">Tot aan de rand</p>')
    assert pdf_checks.glyphs_outside_the_margins(read)
    assert not pdf_checks.glyphs_outside_the_margins(_pdf("<p>Binnen de marges</p>"))


def test_text_over_text_is_found():
    read = _pdf('<p>Eerste regel</p><p style="margin-top: -22pt">Tweede regel</p>')
    assert pdf_checks.overlapping_glyphs(read)
    assert not pdf_checks.overlapping_glyphs(_pdf("<p>Eerste regel</p><p>Tweede regel</p>"))


def test_a_heading_at_the_foot_of_a_page_and_a_near_empty_page_are_found():
    spacer = '<div style="height: 240mm"></div>'
    read = _pdf(f'{spacer}<h2 style="break-after: auto">Kop</h2><p>Een regel.</p>')
    assert pdf_checks.widowed_headings_and_captions(read)
    assert pdf_checks.near_empty_pages(read)
    kept = _pdf(f'{spacer}<h2 style="break-after: avoid">Kop</h2><p>Een regel.</p>')
    assert not pdf_checks.widowed_headings_and_captions(kept)


def test_a_cell_without_header_and_an_svg_without_title_are_found():
    read = _pdf(
        "<table><tr><td>a</td><td>b</td></tr></table>"
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="5" '
        'height="5"/></svg>'
    )
    assert pdf_checks.cells_without_headers(read)
    assert pdf_checks.figures_without_alt(read)


def test_the_margins_are_artifacts_only_after_finishing():
    """WeasyPrint leaves the page margins' text as content outside the structure tree;
    reporting.render.finish_pdf_ua makes it an artifact and opens the outline."""
    from weasyprint import HTML

    html = f'<html lang="nl"><head>{PAGE_STYLE}</head><body><p>Tekst</p></body></html>'
    raw = HTML(string=html).write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True)
    assert pdf_checks.untagged_margins(pdf_checks.ReadPdf(raw))
    finished = pdf_checks.ReadPdf(finish_pdf_ua(raw))
    assert not pdf_checks.untagged_margins(finished)
    assert finished.pike.Root.PageMode == "/UseOutlines"
    assert pdf_checks.ReadPdf(raw).pike.Root.get("/PageMode") != "/UseOutlines"


def _long_table(rows: int, *, before_mm: int, total: bool = False) -> str:
    body = "".join(
        f"<tr><th scope='row'>Rij {index}</th><td>Waarde {index}</td></tr>"
        for index in range(rows)
    )
    foot = "<tfoot><tr><th scope='row'>Totaal</th><td>10</td></tr></tfoot>" if total else ""
    return (
        f'<div style="height: {before_mm}mm"></div><table class="report-table">'
        "<thead><tr><th scope='col'>Naam</th><th scope='col'>Waarde</th></tr></thead>"
        f"<tbody>{body}</tbody>{foot}</table>"
    )


def test_a_table_row_alone_at_a_page_break_is_found():
    """With 240 mm of the 255 mm text area taken, the header and one row fit at the page's
    foot; with 230 mm, all but the last row."""
    foot = pdf_checks.lonely_table_rows(_pdf(_long_table(4, before_mm=240)))
    assert any("one row at the foot" in problem for problem in foot)
    alone = pdf_checks.lonely_table_rows(_pdf(_long_table(4, before_mm=230)))
    assert any("alone on the page" in problem for problem in alone)
    assert not pdf_checks.lonely_table_rows(_pdf(_long_table(4, before_mm=100)))


@pytest.mark.parametrize("before_mm", [230, 240])
def test_the_report_style_keeps_two_rows_on_each_side_of_a_break(before_mm):
    style = (settings.BASE_DIR / "static" / "reporting" / "print.css").read_text()
    read = _pdf(f"<style>{style}</style>{_long_table(4, before_mm=before_mm)}")
    assert len(read.pike.pages) == 2
    assert not pdf_checks.lonely_table_rows(read)


@pytest.mark.parametrize("before_mm", range(200, 232, 4))
def test_a_total_row_is_never_alone_under_a_repeated_header(before_mm):
    """The total (tfoot) stays with the rows it adds up, wherever the page breaks (the demo's
    jaarverslag had its hours total alone on a page)."""
    style = (settings.BASE_DIR / "static" / "reporting" / "print.css").read_text()
    read = _pdf(f"<style>{style}</style>{_long_table(4, before_mm=before_mm, total=True)}")
    assert not pdf_checks.lonely_table_rows(read)


# --- What the words claim ---------------------------------------------------------------------

# Hours in project groups are derived from the groups' membership (hours per week × weeks):
# planned, not recorded. No report may say they were delivered or worked ("geleverd",
# "hebben gewerkt"), in its text or in a chart's alternative text; "geen geregistreerde
# gewerkte uren" and the choice "uren leveren" say something else.
HOURS_CLAIMED = re.compile(r"\bgeleverd|\bgewerkt\b", re.IGNORECASE)


def test_hours_in_project_groups_are_never_called_delivered_or_worked(demo_reports):
    assert "Uren ingepland in projectgroepen" in flat_text(demo_reports[MARAP].bytes)
    for kind, read in demo_reports.items():
        text = flat_text(read.bytes)
        alts = " ".join(
            str(element.get("/Alt", ""))
            for element in read.structure_elements()
            if element.get("/S") == "/Figure"
        )
        claims = HOURS_CLAIMED.findall(text) + HOURS_CLAIMED.findall(alts)
        assert not claims, f"{kind}: {claims}"
