"""Reads for the plan area of a project."""


def detail_context(project, user, *, show_details: bool) -> dict:
    """What the project page's plan section shows (template projects/_plan_section.html)."""
    return {}
