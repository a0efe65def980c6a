"""The periodic report for the Kring van Gemeentesecretarissen (seed: the regiocoördinator
prepares it; docs/ARCHITECTURE.md §6.2).

Decided: it is the marap's samenvatting as of a day (by default today), under its own cover,
made on request like the besluitenlijst and not stored. The marap and the jaarverslag remain
the documents the DVO adopts; the Kring gets the same figures, counted the same way, on the
day it meets. Only counts and totals: nothing of a confidential project is in it.
"""

import datetime

from reporting import marap


def build_context(*, year: int, peildatum: datetime.date) -> dict:
    """The marap's samenvatting on `peildatum` (the same reads, the same figures)."""
    context = marap.build_context(year=year, peildatum=peildatum)
    return {"toc": [], "year": year, "summary": context["summary"], "summary_kind": "kring"}
