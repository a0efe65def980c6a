"""Time to render the jaarplan, jaarverslag and marap, against WeasyPrint's own floor.

For each report: the app's time (build the context from the database, render the print
template to HTML, render that to a tagged PDF through reporting.render) and the renderer's
floor (WeasyPrint rendering the very same HTML, saved to a file, with the same options and
fetcher). The app's share is what it does besides WeasyPrint (context and template) against
the floor.
"""

import io
import tempfile
import time
import traceback
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

REPORTS = ("jaarplan", "jaarverslag", "marap")


def _year(kind: str) -> int:
    """The year a regiocoördinator would print now: the jaarverslag is over the past year."""
    this_year = timezone.localdate().year
    return this_year - 1 if kind == "jaarverslag" else this_year


def _one(kind_key: str, workdir: Path) -> dict:
    from weasyprint import HTML

    from reporting import render
    from reporting.kinds import get_kind

    kind = get_kind(kind_key)
    year = _year(kind_key)
    with translation.override(settings.LANGUAGE_CODE):
        started = time.perf_counter()
        context = kind.build_context(year=year)
        built = time.perf_counter()
        html = render_to_string(kind.template_name, context)
        templated = time.perf_counter()
        pdf = render.render_pdf(html, title=kind.title(year), author=render.DEFAULT_AUTHOR)
        finished = time.perf_counter()
    source = workdir / f"{kind_key}.html"
    source.write_text(html, encoding="utf-8")
    floor_started = time.perf_counter()
    floor_pdf = HTML(
        filename=str(source), base_url=render.base_url(), url_fetcher=render.StaticOnlyFetcher()
    ).write_pdf(pdf_variant=render.PDF_VARIANT, pdf_tags=True)
    floor = time.perf_counter() - floor_started
    total = finished - started
    return {
        "year": year,
        "context": built - started,
        "template": templated - built,
        "render": finished - templated,
        "total": total,
        "floor": floor,
        # The app's own work against the renderer's; the PDF step and the floor are the
        # same WeasyPrint call, so their difference is only the machine's noise.
        "app_share": (built - started + templated - built) / floor if floor else None,
        "pages": _page_count(pdf),
        "bytes": len(pdf),
        "floor_bytes": len(floor_pdf),
    }


def _page_count(pdf: bytes) -> int | None:
    try:
        from pypdf import PdfReader
    except ImportError:
        return None
    return len(PdfReader(io.BytesIO(pdf)).pages)


def run(log=print) -> dict:
    results = {}
    with tempfile.TemporaryDirectory(prefix="ivz-bench-") as tmp:
        for kind_key in REPORTS:
            try:
                results[kind_key] = _one(kind_key, Path(tmp))
            except Exception as error:  # noqa: BLE001 - a missing report is a finding, not a crash
                log(f"  {kind_key}: {error!r}")
                results[kind_key] = {"error": repr(error), "trace": traceback.format_exc(limit=3)}
            else:
                log(f"  {kind_key}: {results[kind_key]['total']:.2f} s")
    return results
