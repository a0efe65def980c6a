"""The registry of report kinds: what each is called, who builds its content, how it prints.

Content modules (reporting.jaarplan, .jaarverslag, .marap, .besluitenlijst, .factsheet) are
imported only when a report is built, so the registry loads even while one is missing.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

JAARPLAN = "jaarplan"
JAARVERSLAG = "jaarverslag"
MARAP = "marap"
BESLUITENLIJST = "besluitenlijst"
FACTSHEET = "factsheet"
KRING = "kring"


@dataclass(frozen=True)
class ReportKind:
    key: str
    label: Any
    builder: str
    template_name: str
    has_peildatum: bool = False
    versioned: bool = True
    description: Any = ""

    def build_context(self, **kwargs) -> dict:
        """The content module's context (pure reads)."""
        return import_string(self.builder)(**kwargs)

    def default_peildatum(self, year: int) -> datetime.date | None:
        """The marap looks at 1 September of its year (seed §7)."""
        return datetime.date(year, 9, 1) if self.has_peildatum else None

    def title(self, year: int | None = None) -> str:
        return f"{self.label} {year}" if year else str(self.label)


KINDS: dict[str, ReportKind] = {
    JAARPLAN: ReportKind(
        key=JAARPLAN,
        label=_("Jaarplan"),
        builder="reporting.jaarplan.build_context",
        template_name="reporting/pdf/jaarplan.html",
        description=_(
            "Focus themes, every running and planned project, capacity and contributions, "
            "the budget and the calendar of the year."
        ),
    ),
    JAARVERSLAG: ReportKind(
        key=JAARVERSLAG,
        label=_("Jaarverslag"),
        builder="reporting.jaarverslag.build_context",
        template_name="reporting/pdf/jaarverslag.html",
        description=_(
            "Intake figures, what each project achieved, money planned against spent, "
            "evaluations and contributions over the year."
        ),
    ),
    MARAP: ReportKind(
        key=MARAP,
        label=_("Marap"),
        builder="reporting.marap.build_context",
        template_name="reporting/pdf/marap.html",
        has_peildatum=True,
        description=_(
            "Management report on a reference date: status, progress, late milestones, "
            "spending, beslispunten and hours of every running project."
        ),
    ),
    BESLUITENLIJST: ReportKind(
        key=BESLUITENLIJST,
        label=_("Besluitenlijst"),
        builder="reporting.besluitenlijst.build_context",
        template_name="reporting/pdf/besluitenlijst.html",
        versioned=False,
    ),
    FACTSHEET: ReportKind(
        key=FACTSHEET,
        label=_("Factsheet"),
        builder="reporting.factsheet.build_context",
        template_name="reporting/pdf/factsheet.html",
        versioned=False,
    ),
    # The marap's samenvatting under its own cover (reporting/kring.py).
    KRING: ReportKind(
        key=KRING,
        label=_("Report to the Kring van Gemeentesecretarissen"),
        builder="reporting.kring.build_context",
        template_name="reporting/pdf/kring.html",
        versioned=False,
    ),
}

VERSIONED_KINDS = [kind for kind in KINDS.values() if kind.versioned]
VERSIONED_CHOICES = [(kind.key, kind.label) for kind in VERSIONED_KINDS]


def get_kind(key: str) -> ReportKind:
    """The kind for `key`; KeyError for an unknown one."""
    return KINDS[key]
