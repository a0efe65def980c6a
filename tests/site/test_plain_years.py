"""Years are printed plainly on every page: 2027, never "2.027" (issue 14, point 12).

Every HTML page the resolver knows is opened on the demo data as the regiocoördinator (who
sees the most); no text looks like a year with a thousands separator. An amount such as
"€ 2.027,50" or "2.027 uur" is a number, not a year, and is left alone.
"""

import re

import pytest
from django.test import Client
from django.urls import reverse

from platform_ivz.core.models import User
from tests.security import demo_world as shared
from tests.security.view_catalogue import POST_ONLY_VIEWS, argument_sets, routes

pytestmark = pytest.mark.django_db
demo_world = shared.demo_world
world = shared.world

# "2.0xx" standing alone: not part of a longer number, not followed by decimals, a unit or
# preceded by a currency sign.
YEAR_WITH_SEPARATOR = re.compile(
    r"(?<![\d.,])(?<!€ )(?<!€&nbsp;)(?<!€\xa0)2\.0\d\d(?![\d,])(?!\s*(?:uur|inwoners|hours))"
)
MAX_PAGES_PER_VIEW = 3


def visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def test_no_page_prints_a_year_with_a_thousands_separator(world):
    client = Client()
    client.force_login(User.objects.get(username="regiocoordinator"))
    found, opened = [], 0
    for route in routes():
        if route.name in POST_ONLY_VIEWS or route.name == "login":
            continue
        for kwargs in argument_sets(route)[:MAX_PAGES_PER_VIEW]:
            url = reverse(route.name, kwargs=kwargs)
            response = client.get(url)
            if response.status_code != 200:
                continue
            if not response.get("Content-Type", "").startswith("text/html"):
                continue
            opened += 1
            text = visible_text(response.content.decode())
            for match in YEAR_WITH_SEPARATOR.finditer(text):
                found.append(f"{url}: …{text[max(0, match.start() - 40) : match.end() + 20]}…")
    assert opened > 40
    assert not found, "\n".join(found)
