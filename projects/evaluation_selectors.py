"""Reads for the evaluation area of a project."""


def detail_context(project, user, *, show_details: bool) -> dict:
    """What the project page's evaluation section shows (projects/_evaluation_section.html)."""
    return {}
