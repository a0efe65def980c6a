"""Draws static/reporting/concept-watermark.png: the word CONCEPT in the report's bundled font
(Source Sans 3 Bold), tilted, in a light grey, on a transparent ground.

The watermark is a page background (static/reporting/concept.css): WeasyPrint draws
backgrounds as artifacts, and an image carries no text, so a screen reader does not read
"CONCEPT" on every page and copied text does not hold it. A raster image, not an SVG: the
PDF holds it once, where an SVG background is drawn anew on every page (a second of a
70-page report's time). Run again after changing the look:

    python -m reporting.watermark
"""

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

BASE = Path(__file__).resolve().parent.parent
FONT = (
    BASE / "node_modules/@fontsource/source-sans-3/files/source-sans-3-latin-700-normal.woff"
)
OUTPUT = BASE / "static/reporting/concept-watermark.png"
WORD = "CONCEPT"
COLOUR = (0xE3, 0xE6, 0xEA, 255)
ANGLE = 35
SIZE = 130  # pixels; the image is about 630 pixels wide, printed 180 mm wide (90 dpi: a pale
# background needs no more, and a larger one cost every page time)
SPACING = 15


def draw(word: str = WORD) -> Image.Image:
    font = ImageFont.truetype(str(FONT), SIZE)
    widths = [font.getlength(character) for character in word]
    width = int(sum(widths) + SPACING * (len(word) - 1))
    ascent, descent = font.getmetrics()
    text = Image.new("LA", (width, ascent + descent), (0, 0))
    pen = ImageDraw.Draw(text)
    x = 0.0
    for character, advance in zip(word, widths, strict=True):
        pen.text((x, 0), character, font=font, fill=(COLOUR[0], 255))
        x += advance + SPACING
    return text.rotate(ANGLE, expand=True, resample=Image.Resampling.BICUBIC)


if __name__ == "__main__":
    draw().save(OUTPUT, optimize=True)
    print(f"written {OUTPUT}")
