"""Reads for the report area of a project."""


def detail_context(project, user, *, show_details: bool) -> dict:
    """What the project page's report section shows (template projects/_report_section.html)."""
    return {}
