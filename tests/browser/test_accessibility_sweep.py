"""WCAG 2.1 AA beyond axe, on every page a role can reach (issue 16).

The pages are those of the view sweep (tests/security/sweep.py): its walk of the URL resolver
and its table of who gets a 200 where, on its world (tests/security/sweep_world.py) built on
top of the demo data, so the lists are as full as in use, and the demo's own projects (detail, plan
versions, reports, evaluation) as the regiocoördinator. Each page is opened at 320 px (1,280 px
at 400 % zoom), at 1,920 px (the layout checks only) and at 1,280 px, and so is each form after a
refused (empty) submission. On each:

- the page does not scroll sideways, and nothing in the main content is cut off by its
  container or sticks out of it (1.4.10); at 1,280 and 1,920 px no table hides a column to
  scroll to;
- every aria-describedby, aria-labelledby, aria-controls (and label for) names an element that
  exists (1.3.1, 4.1.2);
- every form control's border is at 3:1 against what is around it, and every element in the
  tab order shows its focus with an outline or ring at 3:1 (1.4.11, 2.4.7);
- after a refused submission the focus is on the error summary and the title starts "Fout:"
  (3.3.1);
- axe-core finds nothing.

Roles that get the same page (the same main content, tags and attributes, text aside) are
checked once; the header, which differs per role, on each role's werkvoorraad. The admin
(/beheer/, the beheerder's) is Django's own layout: axe-core and the ARIA references only.
"""

import hashlib
import time
from html.parser import HTMLParser

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from platform_ivz.site import demo
from projects.models import Project
from tests.browser.accessibility import (
    DESKTOP,
    NARROW,
    WIDE,
    aria_problems,
    axe_problems,
    focus_problems,
    layout_problems,
)
from tests.security.sweep import checks
from tests.security.sweep_world import SIGNED_IN, build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HTML = "text/html"


class _Skeleton(HTMLParser):
    """The tags and attributes of <main>, without text: what a role's page is made of."""

    def __init__(self):
        super().__init__()
        self.depth = 0
        self.parts = []

    def handle_starttag(self, tag, attrs):
        if tag == "main" or self.depth:
            self.depth += tag not in {"input", "br", "img", "hr", "meta", "link", "wbr"}
            names = sorted(name for name, _value in attrs if name not in {"value", "href"})
            self.parts.append(f"<{tag} {' '.join(names)}>")

    def handle_endtag(self, tag):
        if self.depth and tag not in {"input", "br", "img", "hr", "meta", "link", "wbr"}:
            self.depth -= 1


def skeleton(html: str) -> str:
    parser = _Skeleton()
    parser.feed(html)
    return hashlib.sha256("".join(parser.parts).encode()).hexdigest()


def rolled_back(client, method, url):
    with transaction.atomic():
        response = getattr(client, method)(url)
        transaction.set_rollback(True)
    return response


def pages_to_visit(world):
    """(subject, url, is_admin, post_refused) once per distinct page; every subject's home."""
    clients = {}
    for subject in SIGNED_IN:
        clients[subject] = Client()
        clients[subject].force_login(world.users[subject])
    visits, seen = [], set()
    for check in checks(world):
        is_admin = check.url.startswith("/beheer/")
        for subject in SIGNED_IN:
            if check.get[subject] != 200:
                continue
            response = rolled_back(clients[subject], "get", check.url)
            if response.status_code != 200 or HTML not in response["Content-Type"]:
                continue
            shape = (check.url, skeleton(response.content.decode()))
            if check.key == "home" or shape not in seen:
                seen.add(shape)
                refused = False
                if check.post and check.post[subject] != 403:
                    refused = rolled_back(clients[subject], "post", check.url).status_code == 400
                visits.append((subject, check.url, is_admin, refused))
    # The demo's own projects too, whose plans, reports and evaluations are full as in use (the
    # sweep's world has one object of each kind): as the regiocoördinator, who sees them all.
    for url in demo_project_urls():
        response = rolled_back(clients["regiocoordinator"], "get", url)
        if response.status_code == 200 and url not in {v[1] for v in visits}:
            visits.append(("regiocoordinator", url, False, False))
    return visits


def demo_project_urls():
    for project in Project.objects.exclude(projectleider__username__startswith="sweep_"):
        for name in ("projects:detail", "projects:evaluation", "projects:report_list"):
            yield reverse(name, kwargs={"pk": project.pk})
        for plan in project.plans.all():
            yield reverse("projects:plan_detail", kwargs={"pk": project.pk, "number": plan.number})
        for report in project.progress_reports.all()[:2]:
            yield reverse(
                "projects:report_detail", kwargs={"pk": project.pk, "report_pk": report.pk}
            )


def submit_empty(page):
    """Post the page's form back with nothing but its CSRF token, as a refused submission."""
    with page.expect_navigation():
        page.evaluate(
            """() => {
              const token = document.querySelector("input[name=csrfmiddlewaretoken]");
              const form = document.createElement("form");
              form.method = "post";
              form.action = location.pathname;
              const field = document.createElement("input");
              field.type = "hidden";
              field.name = token.name;
              field.value = token.value;
              form.append(field);
              document.body.append(form);
              form.submit();
            }"""
        )
    page.wait_for_load_state("load")


def settle(page):
    """Two frames after a change of size: the page's resize handlers (app.js) have run."""
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


def admin_aria_problems(page) -> list[str]:
    # Django's own: the filter_horizontal widget's label for= the <select> it replaced, and the
    # password field's help text without the id its aria-describedby names.
    return [
        p
        for p in aria_problems(page)
        if not p.startswith(("label for", "aria-describedby: div#id_password "))
    ]


def check_page(page, *, is_admin: bool, after_refusal: bool) -> list[str]:
    problems = []
    if after_refusal:
        if not page.title().startswith("Fout:"):
            problems.append(f"title after a refused submission: {page.title()!r}")
        if page.locator("#form-errors").count():
            focused = page.evaluate("document.activeElement && document.activeElement.id")
            if focused != "form-errors":
                problems.append(f"focus after a refused submission on #{focused}, not the summary")
    if is_admin:
        return problems + admin_aria_problems(page) + axe_problems(page, admin=True)
    page.set_viewport_size(NARROW)
    settle(page)
    problems += [
        f"at 320 px: {p}"
        for p in layout_problems(page, wide=False)
        if not p.startswith(("aria-", "label for"))  # the same at both widths: once
    ]
    page.set_viewport_size(DESKTOP)
    settle(page)
    problems += [
        f"at 1920 px: {p}"
        for p in layout_problems(page, wide=True)
        if not p.startswith(("aria-", "label for"))
    ]
    page.set_viewport_size(WIDE)
    settle(page)
    problems += [f"at 1280 px: {p}" for p in layout_problems(page, wide=True)]
    problems += focus_problems(page)
    problems += axe_problems(page)
    return problems


def test_every_page_meets_wcag_21_aa_at_320_1280_and_1920_px(browser, live_server, settings):
    settings.TWO_FACTOR_REQUIRED = False
    demo.load()
    world = build_world()
    started = time.monotonic()
    visits = pages_to_visit(world)
    failures, contexts = [], {}
    for subject, url, is_admin, refused in visits:
        if subject not in contexts:
            client = Client()
            client.force_login(world.users[subject])
            context = browser.new_context(base_url=live_server.url, locale="nl-NL", viewport=WIDE)
            context.add_cookies(
                [
                    {
                        "name": "sessionid",
                        "value": client.cookies["sessionid"].value,
                        "url": live_server.url,
                    }
                ]
            )
            contexts[subject] = context.new_page()
        page = contexts[subject]
        page.goto(url)
        page.wait_for_load_state("load")
        failures += [
            f"{subject} {url}: {p}"
            for p in check_page(page, is_admin=is_admin, after_refusal=False)
        ]
        if refused:
            submit_empty(page)
            failures += [
                f"{subject} {url} (refused post): {p}"
                for p in check_page(page, is_admin=is_admin, after_refusal=True)
            ]
    for page in contexts.values():
        page.context.close()
    elapsed = time.monotonic() - started
    print(f"\n{len(visits)} pages in {elapsed:.0f} s")
    assert not failures, f"{len(failures)} problem(s):\n" + "\n".join(failures)
