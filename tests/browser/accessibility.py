"""Checks of WCAG 2.1 AA that axe-core does not make, measured in the browser on the page as
shown: reflow and content cut off (1.4.10), borders of form controls and focus indicators at
3:1 (1.4.11, 2.4.7), and ARIA id references that resolve (1.3.1, 4.1.2)."""

from pathlib import Path

from playwright.sync_api import Page

from tests.browser.helpers import AXE_OPTIONS, _axe, format_violations

NARROW = {"width": 320, "height": 800}  # 1,280 px at 400 % zoom
WIDE = {"width": 1280, "height": 900}
# A common desktop: from 1,400 px the page is at its widest (1,320 px) and some pages put
# things side by side (the approved request beside the plan form).
DESKTOP = {"width": 1920, "height": 1080}
HERE = Path(__file__).parent


def _with_helpers(check: str) -> str:
    """The check (a function of one argument) inside a function that first defines the
    helpers of check_helpers.js, so that one source serves both checks."""
    helpers = (HERE / "check_helpers.js").read_text()
    return f"(arg) => {{\n{helpers}\nreturn ({(HERE / check).read_text()})(arg);\n}}"


_PAGE_CHECKS = _with_helpers("page_checks.js")
_FOCUS_CHECKS = _with_helpers("focus_checks.js")


def layout_problems(page: Page, *, wide: bool) -> list[str]:
    """Reflow, cut-off content, ARIA references and control borders on the page as it is."""
    return page.evaluate(_PAGE_CHECKS, wide)


def focus_problems(page: Page) -> list[str]:
    """Every element in the tab order, focused as by keyboard: an indicator of 3:1 or more."""
    # One key press makes the browser treat the focus moves that follow as keyboard focus.
    page.locator("body").press("Shift")
    return page.evaluate(_FOCUS_CHECKS)


# Faults of Django's own admin widgets, not of this app (README.md, "Beveiliging"):
# the filter_horizontal widget (users' groups and permissions) puts aria-label on a bare <span>
# and leaves its hidden source <select> to a label whose for= names the original id; the split
# date/time field labels only its first input. Checked on the admin pages only.
DJANGO_ADMIN_OWN = {"aria-prohibited-attr", "label"}


def axe_problems(page: Page, *, admin: bool = False) -> list[str]:
    violations = _axe.run(page, options=AXE_OPTIONS).response["violations"]
    if admin:
        violations = [v for v in violations if v["id"] not in DJANGO_ADMIN_OWN]
    return [format_violations(violations)] if violations else []


def aria_problems(page: Page) -> list[str]:
    """Only the ARIA id references (and label for) of layout_problems."""
    return [
        problem
        for problem in layout_problems(page, wide=True)
        if problem.startswith(("aria-", "label for"))
    ]
