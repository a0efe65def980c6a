"""The samenvatting: the page at the start of the jaarplan, jaarverslag and marap for a reader
with five minutes, written from the same figures as the rest of the report
(docs/ARCHITECTURE.md §6.2).

A report's builder hands over its own rows (`SummaryRow`, one per project), its money and hours
totals and what awaits the DVO; `build_summary` only counts and words them, so a figure in the
samenvatting is the figure further on in the same report. The same `Summary` is the content of
the Kring report (reporting/kring.py), under its own cover.

A confidential project counts in the number of projects and per status (which every reader
may know), not per theme, RAG status or money (which only its circle may).
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from projects.models import Project, RagStatus
from projects.money import NOTHING, Money
from reporting.data.summary import Awaiting

# The DVO decides on these: a plan or evaluation approved by the Platform waits for it.
WAITING_FOR_DVO = (
    Project.Status.AMBTELIJK_VASTGESTELD,
    Project.Status.EVALUATIE_AMBTELIJK_VASTGESTELD,
)


@dataclass(frozen=True)
class SummaryRow:
    """One project as the samenvatting counts it; for a confidential one only the status."""

    status: str
    vertrouwelijk: bool
    theme_label: str = ""
    overall: str = ""
    time: str = ""
    money_status: str = ""
    scope: str = ""


@dataclass(frozen=True)
class Count:
    label: str
    number: int


@dataclass(frozen=True)
class RagLine:
    """One dimension (overall, time, money, scope): projects per status and without one."""

    label: str
    on_track: int
    attention: int
    problem: int
    unknown: int


@dataclass(frozen=True)
class HoursFigures:
    pledged: Decimal  # pledged by the gemeenten and partners (up to `until`)
    planned: Decimal  # their people's hours in projectgroepen and as projectleider
    until: datetime.date


@dataclass
class Summary:
    as_of: datetime.date
    project_count: int
    confidential_count: int
    per_status: list[Count]
    per_theme: list[Count]
    rag: list[RagLine]
    rag_reported: int  # open projects with a submitted progress report
    money: Money
    money_label: str  # what the money covers ("in 2026", "all years")
    hours: HoursFigures | None
    awaiting: Awaiting
    notes: list[str] = field(default_factory=list)

    @property
    def open_count(self) -> int:
        return self.project_count - self.confidential_count


def _per_status(rows: list[SummaryRow]) -> list[Count]:
    counts = Counter(row.status for row in rows)
    return [
        Count(str(label), counts[code]) for code, label in Project.Status.choices if counts[code]
    ]


def _per_theme(rows: list[SummaryRow]) -> list[Count]:
    counts = Counter(row.theme_label for row in rows if not row.vertrouwelijk)
    labels = [str(label) for _code, label in Project.Theme.choices]
    return [Count(label, counts[label]) for label in labels if counts[label]]


def _rag_line(label: str, codes: list[str]) -> RagLine:
    counts = Counter(codes)
    return RagLine(
        label=label,
        on_track=counts[RagStatus.OP_KOERS],
        attention=counts[RagStatus.AANDACHT],
        problem=counts[RagStatus.KNELPUNT],
        unknown=sum(n for code, n in counts.items() if code not in RagStatus.values),
    )


def _rag(rows: list[SummaryRow]) -> list[RagLine]:
    open_rows = [row for row in rows if not row.vertrouwelijk]
    return [
        _rag_line(_("Overall"), [row.overall for row in open_rows]),
        _rag_line(_("Time"), [row.time for row in open_rows]),
        _rag_line(_("Money"), [row.money_status for row in open_rows]),
        _rag_line(_("Scope"), [row.scope for row in open_rows]),
    ]


def build_summary(
    rows: list[SummaryRow],
    *,
    as_of: datetime.date,
    money: Money = NOTHING,
    money_label: str = "",
    hours: HoursFigures | None = None,
    awaiting: Awaiting,
) -> Summary:
    return Summary(
        as_of=as_of,
        project_count=len(rows),
        confidential_count=sum(1 for row in rows if row.vertrouwelijk),
        per_status=_per_status(rows),
        per_theme=_per_theme(rows),
        rag=_rag(rows),
        rag_reported=sum(1 for row in rows if not row.vertrouwelijk and row.overall),
        money=money,
        money_label=money_label,
        hours=hours,
        awaiting=awaiting,
    )


# --- From each report's rows ------------------------------------------------------------------


def annual_rows(projects) -> list[SummaryRow]:
    """From reporting.data.annual's AnnualProject rows (jaarplan, jaarverslag)."""
    rows = []
    for project in projects:
        progress = project.progress
        rows.append(
            SummaryRow(
                status=project.status,
                vertrouwelijk=project.vertrouwelijk,
                theme_label=project.theme_label,
                overall=progress.status_overall if progress else "",
                time=progress.status_time if progress else "",
                money_status=progress.status_money if progress else "",
                scope=progress.status_scope if progress else "",
            )
        )
    return rows


def marap_rows(projects) -> list[SummaryRow]:
    """From reporting.data.marap's MarapProject rows."""
    rows = []
    for project in projects:
        details = project.details
        report = details.latest_report if details else None

        def code(rag):
            return rag.code if rag else ""

        rows.append(
            SummaryRow(
                status=project.status,
                vertrouwelijk=project.vertrouwelijk,
                theme_label=details.theme_label if details else "",
                overall=code(report.overall) if report else "",
                time=code(report.time) if report else "",
                money_status=code(report.money) if report else "",
                scope=code(report.scope) if report else "",
            )
        )
    return rows
