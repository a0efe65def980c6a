"""Reads for the meeting area of a project."""


def detail_context(project, user, *, show_details: bool) -> dict:
    """What the project page's meeting section shows (template projects/_meeting_section.html)."""
    return {}
