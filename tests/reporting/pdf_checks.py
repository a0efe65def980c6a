"""Checks that read a report PDF as a reader (and a screen reader) meets it: where every glyph
is printed, what the structure tree says about it, and what the file declares.

pdfplumber gives each glyph's box, size, font and marked-content id; pikepdf the structure
tree, the parent tree (which structure element a marked glyph belongs to), the fonts and the
metadata. Every check returns a list of problems in words (empty when the PDF passes), so a
failing test names all of them at once. Used by test_pdf_checks.py for every kind of report.
"""

import io
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property

import pdfplumber
import pikepdf

MM = 72 / 25.4
# static/reporting/print.css: @page { margin: 22mm 18mm 20mm 18mm }
MARGIN_TOP, MARGIN_RIGHT, MARGIN_BOTTOM, MARGIN_LEFT = 22 * MM, 18 * MM, 20 * MM, 18 * MM
# A glyph's box is its advance and the font's em, a little wider than its ink.
TOLERANCE = 1.0
SMALLEST_TEXT = 8.0
HEADINGS = {"/H1", "/H2", "/H3", "/H4", "/H5", "/H6"}
BUNDLED_FONT = re.compile(r"^/?([A-Z]{6}\+)?Source-Sans-3")
# Fewer content lines than this, or content less tall than this share of the text area, and
# a page counts as near-empty ("only a line or two").
FEWEST_LINES = 3
LEAST_HEIGHT = 0.08


@dataclass(frozen=True)
class Glyph:
    page: int  # 1-based
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    font: str
    artifact: bool
    role: str  # "heading", "caption" or "" (from the structure element it belongs to)
    mcid: int | None = None  # its marked content, for the structure element it belongs to

    @property
    def where(self) -> str:
        return f"page {self.page} at ({self.x0:.0f}, {self.top:.0f})"


class ReadPdf:
    """One PDF, read once; the checks below look at it."""

    def __init__(self, pdf: bytes):
        self.bytes = pdf
        self.pike = pikepdf.open(io.BytesIO(pdf))

    @cached_property
    def page_sizes(self) -> list[tuple[float, float]]:
        sizes = []
        for page in self.pike.pages:
            x0, y0, x1, y1 = (float(value) for value in page.mediabox)
            sizes.append((x1 - x0, y1 - y0))
        return sizes

    @cached_property
    def _marks(self) -> dict[int, pikepdf.Array]:
        """Per page number (0-based): the parent tree's array, MCID -> structure element."""
        root = self.pike.Root.get("/StructTreeRoot")
        if root is None:
            return {}
        nums = root.ParentTree.Nums
        by_key = {int(nums[index]): nums[index + 1] for index in range(0, len(nums), 2)}
        marks = {}
        for number, page in enumerate(self.pike.pages):
            key = page.obj.get("/StructParents")
            if key is not None and isinstance(by_key.get(int(key)), pikepdf.Array):
                marks[number] = by_key[int(key)]
        return marks

    def _role(self, page: int, mcid, cache: dict) -> str:
        marks = self._marks.get(page)
        if mcid is None or marks is None or mcid >= len(marks):
            return ""
        element = marks[mcid]
        if not isinstance(element, pikepdf.Dictionary):
            return ""
        key = element.objgen
        if key not in cache:
            role, node = "", element
            for _depth in range(8):
                kind = str(node.get("/S", ""))
                if kind in HEADINGS:
                    role = "heading"
                    break
                if kind == "/Caption":
                    role = "caption"
                    break
                if kind in ("/Table", "/Document", "/Sect", "/Art", "/Part"):
                    break
                node = node.get("/P")
                if not isinstance(node, pikepdf.Dictionary):
                    break
            cache[key] = role
        return cache[key]

    @cached_property
    def glyphs(self) -> list[list[Glyph]]:
        """Every glyph but spaces, per page."""
        self._read()
        return self._glyphs

    @cached_property
    def rules(self) -> list[list[tuple[float, float, float, float]]]:
        """Every line and rectangle drawn (table borders, bars), per page: x0, x1, top, bottom."""
        self._read()
        return self._rules

    def _read(self) -> None:
        if hasattr(self, "_glyphs"):
            return
        pages, rules, cache = [], [], {}
        with pdfplumber.open(io.BytesIO(self.bytes)) as document:
            for number, page in enumerate(document.pages):
                rules.append(
                    [
                        (shape["x0"], shape["x1"], shape["top"], shape["bottom"])
                        for shape in (*page.lines, *page.rects)
                    ]
                )
                glyphs = []
                for char in page.chars:
                    if not char["text"].strip():
                        continue
                    artifact = char.get("tag") == "Artifact"
                    glyphs.append(
                        Glyph(
                            page=number + 1,
                            text=char["text"],
                            x0=char["x0"],
                            x1=char["x1"],
                            top=char["top"],
                            bottom=char["bottom"],
                            size=char["size"],
                            font=char["fontname"],
                            artifact=artifact,
                            role="" if artifact else self._role(number, char.get("mcid"), cache),
                            mcid=None if artifact else char.get("mcid"),
                        )
                    )
                pages.append(glyphs)
        self._glyphs, self._rules = pages, rules

    def content(self, page: int) -> list[Glyph]:
        """The glyphs of a page (0-based) that are content, not artifacts."""
        return [glyph for glyph in self.glyphs[page] if not glyph.artifact]

    def structure_elements(self):
        """Every structure element reachable from the tree's root."""
        root = self.pike.Root.get("/StructTreeRoot")
        if root is None:
            return
        seen, stack = set(), [root.get("/K")]
        while stack:
            node = stack.pop()
            if isinstance(node, pikepdf.Array):
                stack.extend(node)
            elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
                if node.objgen in seen:
                    continue
                seen.add(node.objgen)
                yield node
                stack.append(node.get("/K"))


def _lines(glyphs: list[Glyph]) -> dict[int, list[Glyph]]:
    """Glyphs by text line (their baselines rounded to 2 pt)."""
    lines = defaultdict(list)
    for glyph in glyphs:
        lines[round(glyph.bottom / 2)].append(glyph)
    return lines


def _text_of(glyphs: list[Glyph]) -> str:
    return "".join(glyph.text for glyph in sorted(glyphs, key=lambda g: g.x0))[:60]


# --- Clean pages -----------------------------------------------------------------------


def glyphs_outside_the_margins(read: ReadPdf) -> list[str]:
    """Content inside the margin box; headers and footers (artifacts) inside the page."""
    problems = []
    for number, glyphs in enumerate(read.glyphs):
        width, height = read.page_sizes[number]
        for glyph in glyphs:
            if glyph.artifact:
                left, right, top, bottom = 0, width, 0, height
            else:
                left, right = MARGIN_LEFT, width - MARGIN_RIGHT
                top, bottom = MARGIN_TOP, height - MARGIN_BOTTOM
            if (
                glyph.x0 < left - TOLERANCE
                or glyph.x1 > right + TOLERANCE
                or glyph.top < top - TOLERANCE
                or glyph.bottom > bottom + TOLERANCE
            ):
                problems.append(f"{glyph.where}: {glyph.text!r} outside the margins")
        for x0, x1, top, bottom in read.rules[number]:
            covers_page = x1 - x0 > width - TOLERANCE and bottom - top > height - TOLERANCE
            if not covers_page and (
                x0 < MARGIN_LEFT - TOLERANCE
                or x1 > width - MARGIN_RIGHT + TOLERANCE
                or top < MARGIN_TOP - TOLERANCE
                or bottom > height - MARGIN_BOTTOM + TOLERANCE
            ):
                problems.append(
                    f"page {number + 1}: a line or box from x {x0:.0f} to {x1:.0f}, y {top:.0f}"
                    " outside the margins"
                )
    return problems


def overlapping_glyphs(read: ReadPdf) -> list[str]:
    """No glyph printed over another (text over text)."""
    problems = []
    cell = 24.0
    for glyphs in read.glyphs:
        grid = defaultdict(list)
        for index, glyph in enumerate(glyphs):
            for gx in range(int(glyph.x0 // cell), int(glyph.x1 // cell) + 1):
                for gy in range(int(glyph.top // cell), int(glyph.bottom // cell) + 1):
                    grid[gx, gy].append(index)
        reported = set()
        for members in grid.values():
            for position, first_index in enumerate(members):
                first = glyphs[first_index]
                for second_index in members[position + 1 :]:
                    pair = (first_index, second_index)
                    if pair in reported:
                        continue
                    second = glyphs[second_index]
                    if first.artifact != second.artifact:
                        continue
                    x_overlap = min(first.x1, second.x1) - max(first.x0, second.x0)
                    y_overlap = min(first.bottom, second.bottom) - max(first.top, second.top)
                    narrow = min(first.x1 - first.x0, second.x1 - second.x0)
                    low = min(first.bottom - first.top, second.bottom - second.top)
                    if x_overlap > 0.4 * narrow and y_overlap > 0.4 * low:
                        reported.add(pair)
                        problems.append(
                            f"{first.where}: {first.text!r} over {second.text!r}"
                            f" (page {second.page} at ({second.x0:.0f}, {second.top:.0f}))"
                        )
    return problems


def near_empty_pages(read: ReadPdf) -> list[str]:
    """No page holding only a line or two."""
    problems = []
    for number in range(len(read.glyphs)):
        height = read.page_sizes[number][1] - MARGIN_TOP - MARGIN_BOTTOM
        content = read.content(number)
        lines = _lines(content)
        span = (
            max(g.bottom for g in content) - min(g.top for g in content) if content else 0.0
        )
        if len(lines) < FEWEST_LINES or span < LEAST_HEIGHT * height:
            text = " / ".join(_text_of(line) for _key, line in sorted(lines.items()))
            problems.append(
                f"page {number + 1} holds {len(lines)} lines ({span / MM:.0f} mm): {text[:160]!r}"
            )
    return problems


def widowed_headings_and_captions(read: ReadPdf) -> list[str]:
    """No heading or caption as the last thing on a page, away from what it names."""
    problems = []
    last_page = len(read.glyphs) - 1
    for number in range(last_page):
        content = read.content(number)
        if not content:
            continue
        lines = _lines(content)
        last = lines[max(lines)]
        roles = {glyph.role for glyph in last}
        if roles and roles <= {"heading", "caption"}:
            problems.append(
                f"page {number + 1} ends with a {'/'.join(sorted(roles))}: {_text_of(last)!r}"
            )
    return problems


def text_too_small(read: ReadPdf) -> list[str]:
    """Every text at least 8 pt (chart texts included)."""
    small = defaultdict(list)
    for glyphs in read.glyphs:
        for glyph in glyphs:
            if glyph.size < SMALLEST_TEXT - 0.05:
                small[glyph.page].append(glyph)
    return [
        f"page {page}: {len(glyphs)} glyphs under {SMALLEST_TEXT:g} pt, e.g. "
        f"{_text_of(glyphs)!r} at {min(g.size for g in glyphs):.1f} pt"
        for page, glyphs in small.items()
    ]


# --- PDF/UA-1 --------------------------------------------------------------------------


def figures_without_alt(read: ReadPdf) -> list[str]:
    return [
        f"Figure {element.objgen} without /Alt"
        for element in read.structure_elements()
        if element.get("/S") == "/Figure" and not str(element.get("/Alt", "")).strip()
    ]


def _attributes(element) -> list:
    attributes = element.get("/A")
    if attributes is None:
        return []
    return list(attributes) if isinstance(attributes, pikepdf.Array) else [attributes]


def cells_without_headers(read: ReadPdf) -> list[str]:
    problems = []
    for element in read.structure_elements():
        if element.get("/S") != "/TD":
            continue
        headers = [
            header
            for attributes in _attributes(element)
            if isinstance(attributes, pikepdf.Dictionary)
            for header in attributes.get("/Headers", [])
        ]
        if not headers:
            problems.append(f"TD {element.objgen} has no header cell")
    return problems


def untagged_margins(read: ReadPdf) -> list[str]:
    """Running headers, footers and page numbers are artifacts, and only they are: nothing
    in the page margins is content, no content reads as a page number, and no structure
    element hangs outside the tree (WeasyPrint's margin boxes did)."""
    problems = []
    for number, glyphs in enumerate(read.glyphs):
        height = read.page_sizes[number][1]
        for glyph in glyphs:
            in_margin = glyph.bottom < MARGIN_TOP or glyph.top > height - MARGIN_BOTTOM
            if in_margin and not glyph.artifact:
                problems.append(f"{glyph.where}: {glyph.text!r} in the margin is not an artifact")
                break
        lines = _lines(read.content(number))
        for line in lines.values():
            if re.search(r"pagina\d+van\d+", _text_of(line)):
                problems.append(f"page {number + 1}: the page number is content")
        artifacts = _lines([glyph for glyph in glyphs if glyph.artifact])
        if len(read.glyphs) > 1 and not any(
            re.search(r"pagina\d+van\d+", _text_of(line)) for line in artifacts.values()
        ):
            problems.append(f"page {number + 1}: no page number among the artifacts")
    reachable = {element.objgen for element in read.structure_elements()}
    for number, marks in read._marks.items():
        for mcid, element in enumerate(marks):
            if isinstance(element, pikepdf.Dictionary) and element.objgen not in reachable:
                problems.append(f"page {number + 1}: MCID {mcid} belongs to no structure")
    return problems


def watermark_problems(read: ReadPdf, *, concept: bool) -> list[str]:
    """A concept's watermark is on every page, as an artifact (a background), and never as
    text a screen reader reads; a final report has none."""
    problems = []
    for number, page in enumerate(read.pike.pages):
        content = "".join(glyph.text for glyph in read.content(number))
        if number and "CONCEPT" in content:
            problems.append(f"page {number + 1}: CONCEPT is content")
        if any(glyph.size > 40 for glyph in read.glyphs[number]):
            problems.append(f"page {number + 1}: text larger than 40 pt (a watermark as text?)")
        data = page.obj.Contents.read_bytes()
        # The page's background (the watermark) is the first thing drawn, as an artifact.
        drawn = PAGE_BACKGROUND.match(data)
        if concept and not drawn:
            problems.append(f"page {number + 1}: no watermark drawn as an artifact")
        if not concept and drawn:
            problems.append(f"page {number + 1}: a final report with a background image")
    return problems


# The page's background image (the watermark): the first thing a page draws, an artifact.
PAGE_BACKGROUND = re.compile(
    rb"(?:[^\n]*\n){0,4}/Artifact\s+BMC\s+(?:[^\n]*\n){0,4}/\w+\s+Do\s+EMC"
)


def _fonts(resources, seen):
    if not isinstance(resources, pikepdf.Dictionary):
        return
    for font in dict(resources.get("/Font", {})).values():
        if font.objgen not in seen:
            seen.add(font.objgen)
            yield font
    for xobject in dict(resources.get("/XObject", {})).values():
        if xobject.get("/Subtype") == "/Form" and xobject.objgen not in seen:
            seen.add(xobject.objgen)
            yield from _fonts(xobject.get("/Resources"), seen)
    for pattern in dict(resources.get("/Pattern", {})).values():
        if pattern.objgen not in seen:
            seen.add(pattern.objgen)
            yield from _fonts(pattern.get("/Resources"), seen)


def font_problems(read: ReadPdf) -> list[str]:
    """Every font embedded, and every font the bundled Source Sans 3."""
    problems, seen = [], set()
    for page in read.pike.pages:
        for font in _fonts(page.obj.get("/Resources"), seen):
            name = str(font.get("/BaseFont", ""))
            descriptor_of = font
            if font.get("/Subtype") == "/Type0":
                descriptor_of = font.DescendantFonts[0]
            descriptor = descriptor_of.get("/FontDescriptor")
            embedded = descriptor is not None and any(
                key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")
            )
            if not embedded:
                problems.append(f"font {name} is not embedded")
            if not BUNDLED_FONT.match(name):
                problems.append(f"font {name} is not the bundled Source Sans 3")
    return problems


def metadata_problems(read: ReadPdf) -> list[str]:
    problems = []
    root, info = read.pike.Root, read.pike.docinfo
    if root.get("/PageMode") != "/UseOutlines":
        problems.append("the outline does not open with the document (/PageMode)")
    for key in ("/CreationDate", "/ModDate", "/Title"):
        if not str(info.get(key, "")):
            problems.append(f"no {key} in the document information")
    xmp = bytes(root.Metadata.read_bytes()).decode() if "/Metadata" in root else ""
    for element in ("xmp:CreateDate", "xmp:ModifyDate", "pdfuaid:part"):
        if element not in xmp:
            problems.append(f"no {element} in the XMP metadata")
    if "/StructTreeRoot" not in root or root.get("/MarkInfo", {}).get("/Marked") is not True:
        problems.append("not a tagged PDF")
    if str(root.get("/Lang", "")) != "nl":
        problems.append("the document's language is not nl")
    return problems


@dataclass
class _TablePart:
    """The part of a table printed on one page (WeasyPrint tags each page's part as a table
    of its own, with the header repeated)."""

    header: str = ""
    rows: set = None
    top: float = 1e9
    bottom: float = 0.0


def _ancestor(element, kinds: tuple[str, ...]):
    node = element
    for _depth in range(10):
        if not isinstance(node, pikepdf.Dictionary):
            return None
        if node.get("/S") in kinds:
            return node
        node = node.get("/P")
    return None


def _table_parts(read: ReadPdf, page: int) -> dict:
    """The table parts on a page (0-based), keyed by their Table element."""
    marks, parts = read._marks.get(page), {}
    for glyph in read.content(page):
        if marks is None or glyph.mcid is None or glyph.mcid >= len(marks):
            continue
        row = _ancestor(marks[glyph.mcid], ("/TR", "/Table"))
        if row is None or row.get("/S") != "/TR":
            continue
        table = _ancestor(row, ("/Table",))
        part = parts.setdefault(table.objgen, _TablePart(rows=set()))
        part.top, part.bottom = min(part.top, glyph.top), max(part.bottom, glyph.bottom)
        if str(row.get("/P").get("/S")) == "/THead":
            part.header += glyph.text
        else:
            part.rows.add(row.objgen)
    return parts


def lonely_table_rows(read: ReadPdf) -> list[str]:
    """A table that runs over a page break leaves at least two of its rows on each side: not
    its header and one row at the foot of a page, nor its last row alone on the next."""
    problems, pages = [], range(len(read.pike.pages))
    parts = [_table_parts(read, page) for page in pages]
    for page in pages[:-1]:
        content, following = read.content(page), read.content(page + 1)
        if not content or not following:
            continue
        foot = max(glyph.bottom for glyph in content)
        head = min(glyph.top for glyph in following)
        last = [part for part in parts[page].values() if part.bottom >= foot - TOLERANCE]
        first = [part for part in parts[page + 1].values() if part.top <= head + TOLERANCE]
        for before in last:
            for after in first:
                if not before.header or before.header != after.header:
                    continue
                if len(before.rows) == 1:
                    problems.append(f"page {page + 1}: a table's header and one row at the foot")
                if len(after.rows) == 1:
                    problems.append(f"page {page + 2}: a table's last row alone on the page")
    return problems


ALL_CHECKS = {
    "outside the margins": glyphs_outside_the_margins,
    "overlapping text": overlapping_glyphs,
    "near-empty pages": near_empty_pages,
    "widowed headings and captions": widowed_headings_and_captions,
    "text under 8 pt": text_too_small,
    "figures without /Alt": figures_without_alt,
    "cells without headers": cells_without_headers,
    "lonely table rows": lonely_table_rows,
    "margins not artifacts": untagged_margins,
    "fonts": font_problems,
    "metadata": metadata_problems,
}


def all_problems(pdf: bytes, *, concept: bool) -> dict[str, list[str]]:
    """Every check on one PDF: {check: problems}, only the failing ones."""
    read = ReadPdf(pdf)
    found = {name: check(read) for name, check in ALL_CHECKS.items()}
    found["watermark"] = watermark_problems(read, concept=concept)
    return {name: problems for name, problems in found.items() if problems}
