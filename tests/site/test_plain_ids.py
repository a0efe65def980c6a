"""Keys are printed plainly in templates: `id="agendapunt-2106"`, `?item=2106`, never
"2.106". With USE_THOUSAND_SEPARATOR every number a template prints gets a Dutch thousands
separator, so a key past 999 broke a page's anchors, a link's query and a form's hidden
value (PostgreSQL's keys pass 999 in the test suite; SQLite's rarely do). Each `{{ ….pk }}`,
`.id`, `_id` or `_pk` in a template needs `|unlocalize`.
"""

import re
from pathlib import Path

from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
SKIPPED = {".venv", "node_modules", "staticfiles", ".git"}
KEY_PRINTED = re.compile(r"\{\{\s*([\w.]+?(?:\.pk|\.id|_id|_pk))\s*(\|[^}]*)?\}\}")


def templates():
    for path in BASE_DIR.rglob("templates/**/*"):
        if path.suffix in {".html", ".txt"} and not SKIPPED.intersection(path.parts):
            yield path


def test_no_template_prints_a_key_with_a_thousands_separator():
    found = []
    for path in templates():
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            for match in KEY_PRINTED.finditer(line):
                name, filters = match.group(1), match.group(2) or ""
                if name.endswith("auto_id") or "unlocalize" in filters:
                    continue
                found.append(f"{path.relative_to(BASE_DIR)}:{number}: {match.group(0)}")
    assert not found, "print keys with |unlocalize:\n" + "\n".join(found)


def test_the_check_finds_a_key_and_passes_an_unlocalized_one():
    assert KEY_PRINTED.search('<tr id="agendapunt-{{ item.pk }}">')
    assert KEY_PRINTED.search("?item={{ action.agenda_item_id }}")
    match = KEY_PRINTED.search("{{ item.pk|unlocalize }}")
    assert "unlocalize" in match.group(2)
