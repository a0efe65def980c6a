"""The plan comparison's work is bounded (pen test, issue 12 item 6).

difflib's worst case grows with the cube of its input: ~900 distinct codes took a minute. These
tests count what reaches difflib instead of timing it (times depend on the machine): every
SequenceMatcher gets at most DIFF_MAX_ITEMS lines or words, and the sum of the cubes of their
sizes (their worst-case work) on one comparison page stays within DIFF_PAGE_WORK, whatever
the texts. bench/plan_diff.py shows the times.
"""

import difflib
import re

import pytest
from django.urls import reverse

from platform_ivz.core.roles import Role
from projects.plans import selectors as plan_selectors
from projects.plans.selectors import (
    DIFF_MAX_ITEMS,
    DIFF_PAGE_WORK,
    TEXT_FIELDS,
    DiffBudget,
    text_change,
    word_diff,
)
from tests.factories import ProjectPlanFactory, user_with_role
from tests.projects.plans.scenario import approved_plan, make_project

# The pen test's worst case: every word distinct, so only the spaces match (each with each).
CODES_OLD = " ".join(f"A{number:04d}" for number in range(900))
CODES_NEW = " ".join(f"B{number:04d}" for number in range(900))
MEGABYTE = ("Een lange zin met woorden " * 40_000)[:1_000_000]


@pytest.fixture
def compared(monkeypatch):
    """The sizes (old and new items together) of every SequenceMatcher the comparison makes."""
    sizes = []

    class Counting(difflib.SequenceMatcher):
        def __init__(self, isjunk=None, a="", b="", autojunk=True):
            sizes.append(len(a) + len(b))
            super().__init__(isjunk, a, b, autojunk)

    monkeypatch.setattr(plan_selectors, "SequenceMatcher", Counting)
    return sizes


def assert_bounded(sizes):
    assert all(size <= DIFF_MAX_ITEMS for size in sizes), max(sizes)
    assert sum(size**3 for size in sizes) <= DIFF_PAGE_WORK


def test_normal_edits_are_marked_word_by_word(compared):
    old = "Eerste alinea blijft.\n\nTweede alinea met een oud woord.\n\nDerde alinea."
    new = "Eerste alinea blijft.\n\nTweede alinea met het nieuwe woord.\n\nDerde alinea."
    change = text_change(old, new)
    assert not change["replaced"]
    assert ">een</del> <del" in change["old"] and ">oud</del>" in change["old"]
    assert ">het</ins> <ins" in change["new"] and ">nieuwe</ins>" in change["new"]
    assert change["old"].count("<del") == 2 and change["new"].count("<ins") == 2
    # Only the changed words of the changed line reached difflib: "een oud", "het nieuwe".
    assert compared == [6]


def marked(html: str, tag: str) -> list[str]:
    return [text.strip() for text in re.findall(rf"</span>(.*?)</{tag}>", html, re.S)]


def test_normal_edits_mark_the_words_a_whole_text_comparison_marks():
    """For ordinary prose the line-first comparison marks the same words as difflib over the
    whole text did (a space at the edge of a change may sit on the other side)."""
    old = "Wij willen dit samen doen.\nDe gemeenten betalen mee.\nHet loopt tot 2027."
    new = "Wij willen dit samen met partners doen.\nDe gemeenten betalen mee.\nHet loopt tot 2028."
    before = plan_selectors.TOKENS.findall(old)
    after = plan_selectors.TOKENS.findall(new)
    whole = difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes()
    removed = ["".join(before[i1:i2]).strip() for tag, i1, i2, _, _ in whole if tag != "equal"]
    added = ["".join(after[j1:j2]).strip() for tag, _, _, j1, j2 in whole if tag != "equal"]
    old_html, new_html = word_diff(old, new)
    assert marked(old_html, "del") == [text for text in removed if text]
    assert marked(new_html, "ins") == [text for text in added if text]
    assert marked(new_html, "ins") == ["met partners", "2028."]


def test_distinct_codes_on_one_line_are_shown_whole_without_difflib(compared):
    change = text_change(CODES_OLD, CODES_NEW)
    assert_bounded(compared)
    assert not change["replaced"]
    assert change["old"].count("<del") == 1 and "A0899</del>" in change["old"]
    assert change["new"].count("<ins") == 1 and "B0899</ins>" in change["new"]


def test_distinct_codes_line_by_line_are_a_replaced_text(compared):
    change = text_change(CODES_OLD.replace(" ", "\n"), CODES_NEW.replace(" ", "\n"))
    assert_bounded(compared)
    assert change["replaced"]
    assert "<del" not in change["old"] and "A0899" in change["old"]


def test_a_megabyte_never_reaches_difflib(compared):
    change = text_change(MEGABYTE, MEGABYTE.replace("lange", "korte"))
    assert compared == []
    assert change["replaced"]


def test_one_page_shares_one_budget(compared):
    """Fifteen sections of the worst case that still fits each SequenceMatcher."""
    half = DIFF_MAX_ITEMS // 4  # words; with the spaces between them half of the maximum
    old = " ".join(f"A{number}" for number in range(half))
    new = " ".join(f"B{number}" for number in range(half))
    budget = DiffBudget()
    changes = [text_change(f"{old}\n{name}", f"{new}\n{name}", budget) for name in TEXT_FIELDS]
    assert_bounded(compared)
    assert 0 < len(compared) < len(TEXT_FIELDS)
    # Once the budget is spent, the rest is shown as changed paragraphs, unmarked within.
    assert "<del" in changes[-1]["old"] and "<ins" in changes[-1]["new"]


def test_escaping_holds_in_every_fallback():
    payload = "<script>alert(1)</script>"
    for old, new in (
        (f"{CODES_OLD} {payload}", CODES_NEW),
        (f"{MEGABYTE}{payload}", MEGABYTE),
        (CODES_OLD.replace(" ", "\n") + payload, CODES_NEW.replace(" ", "\n")),
    ):
        change = text_change(old, new)
        assert payload not in change["old"]
        assert "&lt;script&gt;" in change["old"]


@pytest.mark.django_db
def test_comparison_page_of_two_huge_versions_answers_with_the_fallback(client, compared):
    leader = user_with_role(Role.PLATFORMLID, "Hengelo", username="t_leider")
    holder = user_with_role(Role.DVO_LID, "Enschede", username="t_houder")
    project = make_project(leader, holder, status="in_uitvoering")
    approved_plan(project, leader, projectresultaat=MEGABYTE, risicos=CODES_OLD)
    ProjectPlanFactory(
        project=project,
        number=2,
        created_by=leader,
        change_summary="Alles anders",
        aanleiding="De oorspronkelijke aanleiding.",
        planning="Twee jaar.",
        projectresultaat=MEGABYTE.replace("lange", "korte"),
        risicos=CODES_NEW,
    )
    client.force_login(leader)
    response = client.get(reverse("projects:plan_changes", args=[project.pk, 2]))
    assert response.status_code == 200
    texts = {text["name"]: text for text in response.context["comparison"]["texts"]}
    assert texts["projectresultaat"]["replaced"]
    assert not texts["risicos"]["replaced"]
    assert "Tekst vervangen: te lang om woord voor woord te vergelijken." in response.text
    assert_bounded(compared)
