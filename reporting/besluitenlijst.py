"""The besluitenlijst of a Platform or DVO meeting as a PDF (docs/ARCHITECTURE.md §3.5).

Every agenda item in order with its decision and motivation. Of a confidential project
the list names the project, its status and leader and what kind of item it was, and
leaves out the document, the beslispunt's text and the remarks.
"""

from django.utils.translation import gettext as _

from platform_ivz.core.models import Meeting
from reporting.data import marap as marap_selectors


def toc(*, with_undecided: bool = True) -> list[tuple[str, str]]:
    entries = [
        ("besluitenlijst-vergadering", _("Meeting")),
        ("besluitenlijst-besluiten", _("Decisions")),
    ]
    if with_undecided:
        entries.append(("besluitenlijst-open", _("Items not yet decided")))
    return entries


def build_context(*, meeting: Meeting) -> dict:
    """What reporting/pdf/besluitenlijst.html shows; one query for the agenda."""
    rows = marap_selectors.besluitenlijst_rows(meeting)
    decided = [row for row in rows if row.is_decided]
    undecided = [row for row in rows if not row.is_decided]
    return {
        "toc": toc(with_undecided=bool(undecided)),
        "meeting": meeting,
        "body_label": meeting.get_body_display(),
        "items": rows,
        "decided": decided,
        "undecided": undecided,
        "confidential_count": sum(1 for row in rows if row.vertrouwelijk),
    }
