"""PDF rendering: the locked-down URL fetcher, escaping, PDF/UA-1 metadata, TOC and page numbers."""

import datetime
import http.server
import re
import threading

import pytest
from django.template import engines
from django.utils import translation

from reporting.render import (
    STATIC_ORIGIN,
    PrintDocument,
    ResourceRefused,
    StaticOnlyFetcher,
    render_pdf,
    render_template_pdf,
)
from tests.reporting.pdf_text import (
    catalog_language,
    declares_pdf_ua_1,
    flat_text,
    info,
    page_texts,
    pdf_text,
    reader,
    watermarked_pages,
    xmp,
)

STATIC = f"{STATIC_ORIGIN}/static/"

SAMPLE = """{% extends "reporting/pdf/base.html" %}{% load dutch_format %}
{% block content %}
<h1 id="eerste">Eerste hoofdstuk</h1>
<p>Budget {{ amount|euro }} op {{ day|dutch_date }}.</p>
<p class="user-text">{{ user_text }}</p>
<table class="report-table"><thead><tr><th>Project</th><th class="num">Budget</th></tr></thead>
<tbody>{% for row in rows %}<tr><td>Project {{ row }}</td><td class="num">{{ amount|euro }}</td>
</tr>{% endfor %}</tbody></table>
<h1 id="tweede">Tweede hoofdstuk</h1><p>Slot.</p>
{% endblock %}"""


def sample_html(**extra) -> str:
    context = {
        "document": PrintDocument(
            title="Marap 2026",
            year=2026,
            date=datetime.date(2026, 9, 1),
            introduction="Eerste regel\n<b>geen vet</b>",
            author="Erik Bosch",
        ),
        "toc": [("eerste", "Eerste hoofdstuk"), ("tweede", "Tweede hoofdstuk")],
        "amount": "1234.56",
        "day": datetime.date(2026, 9, 1),
        "user_text": "<script>alert('x')</script>",
        "rows": range(60),
        **extra,
    }
    with translation.override("nl"):
        return engines["django"].from_string(SAMPLE).render(context)


@pytest.fixture(scope="module")
def sample_pdf():
    return render_pdf(sample_html(), title="Marap 2026", author="Erik Bosch")


class CountingHandler(http.server.BaseHTTPRequestHandler):
    """A loopback server that would hand out CSS, or redirect, if anyone asked."""

    hits: list[str] = []

    def do_GET(self):  # noqa: N802 - the stdlib's name
        CountingHandler.hits.append(self.path)
        if self.path.startswith("/redirect"):
            self.send_response(302)
            self.send_header("Location", "file:///etc/passwd")
            self.end_headers()
            return
        body = b"body { background: red; } .user-text::before { content: 'LEAKED'; }"
        self.send_response(200)
        self.send_header("Content-Type", "text/css")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def loopback_server():
    CountingHandler.hits = []
    server = http.server.HTTPServer(("127.0.0.1", 0), CountingHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


class TestFetcher:
    @pytest.mark.parametrize(
        "url",
        [
            "file:///etc/passwd",
            "http://127.0.0.1/",
            "https://127.0.0.1/static/reporting/print.css",
            "https://example.org/static/reporting/print.css",
            "data:text/css,body{color:red}",
            "ftp://127.0.0.1/x",
            f"{STATIC}../../etc/passwd",
            f"{STATIC}reporting/../../../etc/passwd",
            f"{STATIC}%2e%2e/%2e%2e/etc/passwd",
            f"{STATIC}/etc/passwd",
            f"{STATIC}reporting/does-not-exist.css",
            f"{STATIC_ORIGIN}/media/anything.pdf",
            f"{STATIC_ORIGIN}:8443/static/reporting/print.css",
        ],
    )
    def test_refuses_everything_but_our_static_files(self, url):
        fetcher = StaticOnlyFetcher()
        with pytest.raises(ResourceRefused):
            fetcher.fetch(url)
        assert fetcher.refused == [url]

    def test_serves_the_print_css_and_the_bundled_font(self):
        fetcher = StaticOnlyFetcher()
        css = fetcher.fetch(f"{STATIC}reporting/print.css")
        assert b"@page" in css.read()
        assert css.content_type == "text/css"
        font = fetcher.fetch(
            f"{STATIC}vendor/fontsource/source-sans-3/source-sans-3-latin-400-normal.woff"
        )
        assert font.read(4) == b"wOFF"

    def test_serves_collected_files_from_static_root(self, settings, tmp_path):
        """In production the templates name hashed files that only STATIC_ROOT holds."""
        (tmp_path / "reporting").mkdir()
        (tmp_path / "reporting" / "print.0123abcd.css").write_text("@page { size: A4; }")
        (tmp_path.parent / "outside.css").write_text("secret")
        settings.STATIC_ROOT = tmp_path
        fetcher = StaticOnlyFetcher()
        assert fetcher.fetch(f"{STATIC}reporting/print.0123abcd.css").read() == (
            b"@page { size: A4; }"
        )
        with pytest.raises(ResourceRefused):
            fetcher.fetch(f"{STATIC}../outside.css")

    def test_never_opens_a_connection_itself(self):
        with pytest.raises(ResourceRefused):
            StaticOnlyFetcher().open("http://127.0.0.1/")

    def test_outside_resources_in_a_report_are_not_fetched(self, loopback_server):
        html = sample_html().replace(
            "</head>",
            f'<link rel="stylesheet" href="{loopback_server}/linked.css">'
            f'<link rel="stylesheet" href="{loopback_server}/redirect">'
            f'<link rel="stylesheet" href="file:///etc/passwd">'
            f"<style>@import url(\"{loopback_server}/imported.css\");"
            f'@import url("file:///etc/passwd");</style></head>',
        ).replace(
            "<main",
            f'<img src="{loopback_server}/redirect.png" alt="">'
            f'<img src="file:///etc/passwd" alt=""><main',
        )
        pdf = render_pdf(html, title="t", author="a")
        text = flat_text(pdf)
        assert CountingHandler.hits == []
        assert "LEAKED" not in text
        assert "root:" not in text
        assert "Eerste hoofdstuk" in text


class TestRendering:
    def test_user_text_is_text_not_markup(self, sample_pdf):
        text = flat_text(sample_pdf)
        assert "<script>alert('x')</script>" in text
        assert "<b>geen vet</b>" in text

    def test_declares_pdf_ua_1_with_title_author_and_language(self, sample_pdf):
        assert declares_pdf_ua_1(sample_pdf)
        metadata = info(sample_pdf)
        assert metadata["/Title"] == "Marap 2026"
        assert metadata["/Author"] == "Erik Bosch"
        assert catalog_language(sample_pdf) == "nl"
        root = reader(sample_pdf).trailer["/Root"]
        assert bool(root["/MarkInfo"]["/Marked"])

    def test_names_no_renderer_version(self, sample_pdf):
        assert info(sample_pdf)["/Producer"] == "Platform IVZ"
        assert "Platform IVZ" in xmp(sample_pdf)
        assert b"WeasyPrint" not in sample_pdf

    def test_cover_shows_title_year_date_and_status(self, sample_pdf):
        cover = page_texts(sample_pdf)[0]
        assert "Platform IVZ" in cover
        assert "Marap 2026" in cover
        assert "1 september 2026" in cover
        assert "Concept" in cover or "CONCEPT" in cover
        assert "2.026" not in cover

    def test_every_page_says_pagina_x_van_y(self, sample_pdf):
        pages = page_texts(sample_pdf)
        total = len(pages)
        assert total >= 4
        for number, text in enumerate(pages, start=1):
            assert re.search(rf"pagina\s+{number}\s+van\s+{total}", text), text

    def test_table_of_contents_has_page_numbers(self, sample_pdf):
        pages = pdf_text(sample_pdf).split("\f")
        toc = pages[1]
        assert "Inhoud" in toc
        numbers = {}
        for title in ("Inleiding", "Eerste hoofdstuk", "Tweede hoofdstuk"):
            match = re.search(rf"{title}\s*\.*\s*(\d+)", toc)
            assert match, toc
            numbers[title] = int(match.group(1))
        # Each entry points at the page whose text starts that section.
        for title, number in numbers.items():
            assert title in pages[number - 1]
        assert numbers["Inleiding"] < numbers["Eerste hoofdstuk"] < numbers["Tweede hoofdstuk"]

    def test_running_header_names_the_report_and_the_chapter(self, sample_pdf):
        pages = page_texts(sample_pdf)
        later = [text for text in pages[3:] if "Project 5" in text or "Project 50" in text]
        assert later
        assert all("Marap 2026" in text for text in later)

    def test_dutch_amounts_and_dates(self, sample_pdf):
        text = flat_text(sample_pdf)
        assert "Budget € 1.234,56 op 1 september 2026." in text

    def test_concept_has_a_watermark_and_final_has_none(self, sample_pdf):
        assert all(watermarked_pages(sample_pdf))
        assert not any("CONCEPT" in text for text in page_texts(sample_pdf)[1:])
        final = render_template_pdf(
            "reporting/pdf/base.html",
            {
                "document": PrintDocument(title="Jaarplan 2027", year=2027, is_concept=False),
                "toc": [],
            },
        )
        text = flat_text(final)
        assert "CONCEPT" not in text.upper().replace("CONCEPTEN", "")
        assert not any(watermarked_pages(final))
        assert "Definitief" in text

    def test_the_bundled_font_is_embedded(self, sample_pdf):
        fonts = set()
        for page in reader(sample_pdf).pages:
            for font in (page["/Resources"].get("/Font") or {}).values():
                fonts.add(str(font.get_object()["/BaseFont"]))
        assert any("Source-Sans-3" in name for name in fonts), fonts


FLOWING = """{% extends "reporting/pdf/base.html" %}
{% block content %}
<section><h1 id="eerste">Eerste hoofdstuk</h1>
<table class="report-table"><thead><tr><th>Project</th><th class="num">Budget</th></tr></thead>
<tbody>{% for row in rows %}<tr><th scope="row">Project {{ row }}</th><td class="num">1</td></tr>
{% endfor %}</tbody></table></section>
<section class="flows"><h1 id="tweede">Tweede hoofdstuk</h1><p>Slot.</p></section>
{% endblock %}"""


def test_the_running_header_names_the_chapter_a_page_starts_in():
    """A page that opens with the rest of one chapter and starts the next halfway is headed
    by the first (string(chapter, start)); headed by the next, a reader took the last
    project of one focus theme for one of the next."""
    from tests.reporting.pdf_checks import ReadPdf

    context = {"document": PrintDocument(title="Jaarplan 2026", year=2026), "rows": range(45)}
    with translation.override("nl"):
        html = engines["django"].from_string(FLOWING).render(context)
    read = ReadPdf(render_pdf(html, title="Jaarplan 2026", author="Test"))

    def text(glyphs):
        return "".join(glyph.text for glyph in sorted(glyphs, key=lambda g: (g.top, g.x0)))

    pages = [(text(read.content(n)), text(g for g in read.glyphs[n] if g.artifact and g.top < 80))
             for n in range(len(read.glyphs))]
    (second,) = [n for n, (content, _header) in enumerate(pages) if "Tweedehoofdstuk" in content]
    content, header = pages[second]
    assert not content.startswith("Tweedehoofdstuk")  # it starts halfway down the page
    assert "Eerstehoofdstuk" in header and "Tweede" not in header
