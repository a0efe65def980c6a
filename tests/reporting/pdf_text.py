"""Test helpers: read a PDF back as text and metadata (pypdf)."""

import io
import re

from pypdf import PdfReader


def reader(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def page_texts(pdf: bytes) -> list[str]:
    """The text of each page."""
    return [page.extract_text() or "" for page in reader(pdf).pages]


def pdf_text(pdf: bytes) -> str:
    """All text of the PDF, pages separated by form feeds, runs of whitespace as one space
    within a line, so that assertions need not care about line wrapping inside cells."""
    pages = []
    for text in page_texts(pdf):
        lines = [re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in text.splitlines()]
        pages.append("\n".join(line for line in lines if line))
    return "\f".join(pages)


def flat_text(pdf: bytes) -> str:
    """All text on one line: good for phrases that may wrap."""
    return re.sub(r"\s+", " ", pdf_text(pdf))


def xmp(pdf: bytes) -> str:
    """The XMP metadata packet as text ('' when there is none)."""
    metadata = reader(pdf).xmp_metadata
    if metadata is None:
        return ""
    return metadata.stream.get_data().decode("utf-8")


def info(pdf: bytes) -> dict:
    """The document information dictionary (/Title, /Author, ...)."""
    return dict(reader(pdf).metadata or {})


def catalog_language(pdf: bytes) -> str | None:
    lang = reader(pdf).trailer["/Root"].get("/Lang")
    return str(lang) if lang is not None else None


def declares_pdf_ua_1(pdf: bytes) -> bool:
    """The XMP says pdfuaid:part 1 and the catalogue has a structure tree (tagged)."""
    packet = xmp(pdf)
    root = reader(pdf).trailer["/Root"]
    part = re.search(r'pdfuaid:part(?:="|>)\s*1', packet)
    return bool(part) and "/StructTreeRoot" in root


def watermarked_pages(pdf: bytes) -> list[bool]:
    """Per page: is the CONCEPT watermark drawn (as the page's background, an artifact)?
    The watermark is outlines, not text, so it is not in the page's text."""
    from tests.reporting.pdf_checks import PAGE_BACKGROUND

    return [
        bool(PAGE_BACKGROUND.match(page.get_contents().get_data()))
        for page in reader(pdf).pages
    ]
