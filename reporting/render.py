"""PDF rendering with WeasyPrint: tagged PDF/UA-1, the bundled font, and a locked-down fetcher.

The HTML of a report holds text that users typed. Autoescaping keeps it from becoming markup,
and the URL fetcher makes sure that even markup we wrote ourselves can reach nothing but the
application's own static files: no local files, no network, no redirects.

WeasyPrint tags the content but leaves two things of PDF/UA-1 undone, which `finish_pdf_ua`
does with pikepdf on the written file: the text of the page margins (running header, footer,
page numbers) is marked content whose structure elements hang in no tree, so a screen reader
meets it as untagged content; it becomes /Artifact (pagination). And the outline (bookmarks)
opens with the document (/PageMode /UseOutlines). The CONCEPT watermark is a page background
(static/reporting/concept.css), which WeasyPrint already draws as an artifact.
"""

import datetime
import io
import logging
import mimetypes
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pikepdf
import pydyf
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.template.loader import render_to_string
from django.utils import timezone, translation
from weasyprint import HTML
from weasyprint import __version__ as WEASYPRINT_VERSION
from weasyprint.pdf.metadata import DocumentMetadata
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)

# A host under .invalid never resolves (RFC 2606); it only gives relative URLs a base.
STATIC_ORIGIN = "https://static.platform-ivz.invalid"
PDF_VARIANT = "pdf/ua-1"
DEFAULT_AUTHOR = "Platform Integrale Veiligheid Twente"


class ResourceRefused(ValueError):
    """A report asked for something outside the application's static files."""


def _static_prefix() -> str:
    """The path of STATIC_URL ("/static/"); not static(""), which a manifest storage refuses."""
    prefix = urlsplit(settings.STATIC_URL).path
    if not prefix.startswith("/"):
        prefix = "/" + prefix
    return prefix if prefix.endswith("/") else prefix + "/"


def base_url() -> str:
    """The URL that relative links in a report resolve against."""
    return STATIC_ORIGIN + "/"


def _resolve_static(url: str) -> Path:
    """The file behind one of our static URLs; refuses anything else."""
    parts = urlsplit(url)
    if f"{parts.scheme}://{parts.netloc}" != STATIC_ORIGIN:
        raise ResourceRefused(f"Refused to fetch {url!r}: not one of the app's static files")
    prefix = _static_prefix()
    path = unquote(parts.path)
    if not path.startswith(prefix):
        raise ResourceRefused(f"Refused to fetch {url!r}: outside {prefix}")
    name = path[len(prefix) :]
    normalised = posixpath.normpath(name) if name else ""
    if (
        not name
        or normalised != name
        or normalised.startswith(("/", "..", "."))
        or "\\" in name
        or "\x00" in name
    ):
        raise ResourceRefused(f"Refused to fetch {url!r}: not a plain static path")
    try:
        found = finders.find(name)
    except SuspiciousFileOperation as error:
        raise ResourceRefused(f"Refused to fetch {url!r}: {error}") from error
    if found:
        return Path(found)
    if settings.STATIC_ROOT:
        root = Path(settings.STATIC_ROOT).resolve()
        candidate = (root / name).resolve()
        if candidate.is_relative_to(root) and candidate.is_file():
            return candidate
    raise ResourceRefused(f"Refused to fetch {url!r}: no such static file")


class StaticOnlyFetcher(URLFetcher):
    """Serves the app's own static files to WeasyPrint and refuses everything else.

    Nothing is ever opened through urllib, so no scheme (file, http, https, ftp, data)
    and no redirect can reach the outside; the only source is Django's static finders
    (and STATIC_ROOT for collected files).
    """

    def __init__(self):
        super().__init__(allowed_protocols=("https",), allow_redirects=False)
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        try:
            path = _resolve_static(url)
        except ResourceRefused:
            self.refused.append(url)
            logger.warning("Report rendering refused a resource: %s", url[:200])
            raise
        mime_type, _encoding = mimetypes.guess_type(path.name)
        if path.suffix == ".woff":
            mime_type = "font/woff"
        elif path.suffix == ".woff2":
            mime_type = "font/woff2"
        response_headers = {"Content-Type": mime_type or "application/octet-stream"}
        return URLFetcherResponse(url, path.read_bytes(), response_headers)

    def open(self, url, data=None, timeout=None):
        raise ResourceRefused("Direct opening is not allowed")


@dataclass(frozen=True)
class PrintDocument:
    """What the print base template shows on the cover and in the PDF's metadata."""

    title: str
    year: int | None = None
    date: datetime.date | None = None
    is_concept: bool = True
    introduction: str = ""
    author: str = DEFAULT_AUTHOR
    subtitle: str = ""
    status: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def status_label(self) -> str:
        if self.status:
            return self.status
        return translation.gettext("Concept") if self.is_concept else translation.gettext("Final")


PRODUCER = "Platform IVZ"


class _Metadata(DocumentMetadata):
    """WeasyPrint writes its version as the PDF's producer; a version banner helps nobody but
    an attacker, so the XMP packet names the application instead."""

    def generate_rdf_metadata(self, *args, **kwargs):
        rdf = super().generate_rdf_metadata(*args, **kwargs)
        return rdf.replace(f"WeasyPrint {WEASYPRINT_VERSION}".encode(), PRODUCER.encode())


def _name_producer(document, pdf) -> None:
    """The same for the document information dictionary, which must agree with the XMP."""
    pdf.info["Producer"] = pydyf.String(PRODUCER)


def render_pdf(
    html: str, *, title: str, author: str, anchor_pages: dict[str, int] | None = None
) -> bytes:
    """PDF/UA-1 bytes for `html`, with title, author, language nl and the creation and
    modification dates (now) in the metadata (Info and XMP).

    `anchor_pages`, when given, is filled with the (0-based) page of every element id: the
    vergaderstukken insert an attachment's pages behind the page that announces it."""
    fetcher = StaticOnlyFetcher()
    document = HTML(string=html, base_url=base_url(), url_fetcher=fetcher).render(
        pdf_variant=PDF_VARIANT, pdf_tags=True
    )
    if anchor_pages is not None:
        for number, page in enumerate(document.pages):
            for anchor in page.anchors:
                anchor_pages.setdefault(anchor, number)
    now = timezone.now().replace(microsecond=0).isoformat()
    document.metadata.__class__ = _Metadata
    document.metadata.title = title
    document.metadata.authors = [author]
    document.metadata.lang = "nl"
    document.metadata.generator = PRODUCER
    document.metadata.created = now
    document.metadata.modified = now
    written = document.write_pdf(
        pdf_variant=PDF_VARIANT, pdf_tags=True, finisher=_name_producer
    )
    return finish_pdf_ua(written)


def _reachable_elements(root: pikepdf.Dictionary) -> set[tuple[int, int]]:
    """The structure elements reachable from the structure tree's root (object ids)."""
    seen: set[tuple[int, int]] = set()
    stack = [root.get("/K")]
    while stack:
        node = stack.pop()
        if isinstance(node, pikepdf.Array):
            stack.extend(node)
        elif isinstance(node, pikepdf.Dictionary) and node.get("/Type") != "/MCR":
            if node.is_indirect:
                if node.objgen in seen:
                    continue
                seen.add(node.objgen)
            stack.append(node.get("/K"))
    return seen


def finish_pdf_ua(pdf_bytes: bytes) -> bytes:
    """The margins' text as pagination artifacts, the outline open with the document.

    A margin's marked content is recognised by its structure element: WeasyPrint maps every
    MCID of a page in the parent tree, and only those of the page margins point to elements
    outside the tree. Their BDC operators become /Artifact, their parent-tree entries null.
    """
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        root = pdf.Root
        root.PageMode = pikepdf.Name.UseOutlines
        tree = root.get("/StructTreeRoot")
        if tree is not None:
            reachable = _reachable_elements(tree)
            nums = tree.ParentTree.Nums
            parents = {int(nums[index]): nums[index + 1] for index in range(0, len(nums), 2)}
            for page in pdf.pages:
                key = page.obj.get("/StructParents")
                marks = parents.get(int(key)) if key is not None else None
                if not isinstance(marks, pikepdf.Array):
                    continue
                margins = {
                    mcid
                    for mcid, element in enumerate(marks)
                    if isinstance(element, pikepdf.Dictionary)
                    and element.objgen not in reachable
                }
                if margins:
                    _mark_artifacts(pdf, page, margins)
                    for mcid in margins:
                        marks[mcid] = pikepdf.Object.parse(b"null")
        output = io.BytesIO()
        pdf.save(output, compress_streams=True)
    return output.getvalue()


def _mark_artifacts(pdf: pikepdf.Pdf, page: pikepdf.Page, mcids: set[int]) -> None:
    """Rewrite the page's BDC operators of `mcids` as pagination artifacts.

    A regular expression over the content stream, not pikepdf's parser: WeasyPrint (pydyf)
    writes every marked-content start as `/Tag <</MCID n>> BDC`, and its text as hex glyph
    strings, so the pattern cannot occur inside text; parsing every operator into Python
    objects took a second per twenty pages.
    """

    def replace(match: re.Match) -> bytes:
        if int(match["mcid"]) in mcids:
            return b"/Artifact <</Type /Pagination>> BDC"
        return match[0]

    data = page.obj.Contents.read_bytes()
    page.obj.Contents = pdf.make_stream(MARKED_CONTENT.sub(replace, data))


MARKED_CONTENT = re.compile(rb"/\w+\s*<<\s*/MCID\s+(?P<mcid>\d+)\s*>>\s*BDC")


def render_template_pdf(
    template_name: str, context: dict, *, anchor_pages: dict[str, int] | None = None
) -> bytes:
    """Render a print template (extending reporting/pdf/base.html) to PDF, in Dutch.

    Title and author come from context["document"] (a PrintDocument) when present.
    """
    document = context.get("document")
    title = getattr(document, "title", "") or "Platform IVZ"
    author = getattr(document, "author", "") or DEFAULT_AUTHOR
    with translation.override(settings.LANGUAGE_CODE):
        html = render_to_string(template_name, context)
        return render_pdf(html, title=title, author=author, anchor_pages=anchor_pages)
