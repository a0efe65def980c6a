"""The plan comparison's worst case, before and after its bound (pen test, issue 12 item 6).

    python -m bench.plan_diff [--skip-before]

"Before" is the comparison as it was: difflib over the whole text, word by word, without a
limit (copied below). "After" is projects.plans.selectors.text_change with one page's budget.
The worst case for difflib is a text of distinct words ("A0001 A0002 ..." against "B0001
..."): only the spaces match, each with each, and the work grows with the cube of the
length. The pen test's field had ~900 such codes. No database is needed; seconds are the
median of a few runs (a single run for the slow "before" cases).
"""

import argparse
import os
import statistics
import time
from difflib import SequenceMatcher

import django


def codes(prefix: str, count: int, separator: str = " ") -> str:
    return separator.join(f"{prefix}{number:04d}" for number in range(count))


def unbounded_marks(old: str, new: str) -> int:
    """The comparison before the bound: one SequenceMatcher over every word of both texts."""
    from projects.plans.selectors import TOKENS

    before, after = TOKENS.findall(old), TOKENS.findall(new)
    matcher = SequenceMatcher(None, before, after, autojunk=False)
    return len(matcher.get_opcodes())


def seconds(function, rounds: int) -> float:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def cases() -> list[tuple[str, str, str, bool]]:
    """(name, old, new, run before): the texts of one changed section."""
    prose = (
        "De gemeenten in Twente werken samen aan de aanpak van ondermijning. "
        "Het project levert een gezamenlijk beeld en een werkwijze op. "
    ) * 40
    return [
        (
            "ordinary prose, 1,000 words, 3 words changed",
            prose,
            prose.replace("beeld", "zicht", 3),
            True,
        ),
        ("100 distinct codes on one line", codes("A", 100), codes("B", 100), True),
        ("200 distinct codes on one line", codes("A", 200), codes("B", 200), True),
        ("400 distinct codes on one line", codes("A", 400), codes("B", 400), True),
        ("900 distinct codes on one line (pen test)", codes("A", 900), codes("B", 900), True),
        ("900 distinct codes, one per line", codes("A", 900, "\n"), codes("B", 900, "\n"), True),
        ("1 MB of text, one word changed", "woord " * 170_000, "woord " * 169_999 + "ander", False),
    ]


def worst_page() -> tuple[str, list[str], list[str]]:
    """Fifteen sections of the worst case that still fits: lines of distinct codes just small
    enough for one SequenceMatcher each, kept apart by unchanged lines."""
    from projects.plans.selectors import DIFF_MAX_ITEMS, TEXT_FIELDS

    words = DIFF_MAX_ITEMS // 4  # with the spaces between them half the maximum per side

    def section(prefix: str, name: str) -> str:
        return "\n".join(
            f"{codes(f'{prefix}{name[:3]}{line}', words)}\nOngewijzigd." for line in range(10)
        )

    old = [section("A", name) for name in TEXT_FIELDS]
    new = [section("B", name) for name in TEXT_FIELDS]
    return f"whole page: {len(TEXT_FIELDS)} sections of 10 such lines", old, new


def shows(change: dict) -> str:
    if change["replaced"]:
        return "text replaced"
    return f"{change['old'].count('<del')} removed parts marked"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-before", action="store_true", help="skip the unbounded runs")
    arguments = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "platform_ivz.settings")
    django.setup()
    from projects.plans.selectors import DIFF_MAX_ITEMS, DIFF_PAGE_WORK, DiffBudget, text_change

    print(f"Caps: {DIFF_MAX_ITEMS} items per SequenceMatcher; per page {DIFF_PAGE_WORK:,}")
    print("(the sum of the cubes of their sizes, their worst-case work).")
    print(f"{'case':<52} {'before (s)':>11} {'after (s)':>10}  after shows")
    for name, old, new, run_before in cases():
        before = "—"
        if run_before and not arguments.skip_before:
            before = f"{seconds(lambda: unbounded_marks(old, new), 1):.3f}"  # noqa: B023
        after = seconds(lambda: text_change(old, new), 5)  # noqa: B023
        shown = shows(text_change(old, new))
        print(f"{name:<52} {before:>11} {after:>10.3f}  {shown}")
    name, old_texts, new_texts = worst_page()

    def page():
        budget = DiffBudget()
        return [
            text_change(old, new, budget) for old, new in zip(old_texts, new_texts, strict=True)
        ]

    before = "—"
    if not arguments.skip_before:
        pairs = list(zip(old_texts, new_texts, strict=True))
        before = f"{sum(seconds(lambda: unbounded_marks(*pair), 1) for pair in pairs):.3f}"  # noqa: B023
    changes = page()
    replaced = sum(change["replaced"] for change in changes)
    marks = sum(change["old"].count("<del") for change in changes)
    shown = f"{marks} removed parts marked, {replaced} sections replaced"
    print(f"{name:<52} {before:>11} {seconds(page, 5):>10.3f}  {shown}")


if __name__ == "__main__":
    main()
