"""Draws static/reporting/concept-watermark.svg: the word CONCEPT as outlines of the report's
bundled font (Source Sans 3 Bold), tilted, in a light grey.

The watermark is a page background (static/reporting/concept.css): WeasyPrint draws
backgrounds as artifacts, and outlines carry no text, so a screen reader does not read
"CONCEPT" on every page and copied text does not hold it. Run again after changing the look:

    python -m reporting.watermark
"""

from pathlib import Path

from fontTools.pens.svgPathPen import SVGPathPen
from fontTools.pens.transformPen import TransformPen
from fontTools.ttLib import TTFont

BASE = Path(__file__).resolve().parent.parent
FONT = (
    BASE / "node_modules/@fontsource/source-sans-3/files/source-sans-3-latin-700-normal.woff"
)
OUTPUT = BASE / "static/reporting/concept-watermark.svg"
WORD = "CONCEPT"
COLOUR = "#e3e6ea"
ANGLE = -35
LETTER_SPACING = 120  # font units


def draw(word: str = WORD) -> str:
    font = TTFont(FONT)
    glyphs = font.getGlyphSet()
    cmap = font.getBestCmap()
    ascent = font["hhea"].ascent
    paths, x = [], 0
    for character in word:
        name = cmap[ord(character)]
        pen = SVGPathPen(glyphs)
        # Font units have y upwards; SVG has it downwards.
        glyphs[name].draw(TransformPen(pen, (1, 0, 0, -1, x, ascent)))
        paths.append(pen.getCommands())
        x += glyphs[name].width + LETTER_SPACING
    width, height = x - LETTER_SPACING, ascent
    centre_x, centre_y = width / 2, height / 2
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="{-width * 0.05:.0f} {-width * 0.35:.0f} {width * 1.1:.0f} {width * 0.9:.0f}">'
        f'<g fill="{COLOUR}" transform="rotate({ANGLE} {centre_x:.0f} {centre_y:.0f})">'
        f'<path d="{" ".join(paths)}"/></g></svg>\n'
    )


if __name__ == "__main__":
    OUTPUT.write_text(draw())
    print(f"written {OUTPUT}")
