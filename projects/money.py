"""Money planned and spent per project: the one rule every page and report reads
(docs/ARCHITECTURE.md §6.1).

The budget lines are the truth. A line's `planned_amount` is the plan, its `realised_amount`
what was spent on it; None means "not reported", never € 0. The projectleider records the
realised amounts with each progress report (the report's form edits the lines); the report's
`spent_to_date` is a snapshot of their sum taken at submission, kept as history, never read as
a figure of its own.

`money_of(lines)` is pure, so a report that prefetched the lines computes the figure without a
query; `project_money(ids)` reads it for many projects in one query.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from projects.models import BudgetLine

ZERO = Decimal("0")


@dataclass(frozen=True)
class Money:
    """Planned and spent over a set of budget lines.

    `spent` is None when no line has a realised amount (unknown, shown as "niet
    gerapporteerd"); otherwise the sum of the lines that have one, and `complete` says
    whether every line has.
    """

    planned: Decimal = ZERO
    spent: Decimal | None = None
    lines: int = 0
    reported: int = 0

    @property
    def complete(self) -> bool:
        return self.reported == self.lines

    @property
    def share(self) -> Decimal | None:
        """Spent as a share of planned; None when either is unknown or nothing is planned."""
        if self.spent is None or not self.planned:
            return None
        return self.spent / self.planned

    def __add__(self, other: "Money") -> "Money":
        if self.spent is None and other.spent is None:
            spent = None
        else:
            spent = (self.spent or ZERO) + (other.spent or ZERO)
        return Money(
            planned=self.planned + other.planned,
            spent=spent,
            lines=self.lines + other.lines,
            reported=self.reported + other.reported,
        )


NOTHING = Money()


def money_of(lines: Iterable[BudgetLine], *, year: int | None = None) -> Money:
    """Planned and spent over `lines` (of one project or many), of one year when given."""
    planned, spent, count, reported = ZERO, None, 0, 0
    for line in lines:
        if year is not None and line.year != year:
            continue
        count += 1
        planned += line.planned_amount
        if line.realised_amount is not None:
            reported += 1
            spent = (spent or ZERO) + line.realised_amount
    return Money(planned=planned, spent=spent, lines=count, reported=reported)


def total(moneys: Iterable[Money]) -> Money:
    return sum(moneys, NOTHING)


def project_money(project_ids: Iterable[int], *, year: int | None = None) -> dict[int, Money]:
    """Money per project for the given projects (all years, or one); one query.

    A project without budget lines gets NOTHING (planned € 0, spent unknown).
    """
    lines = BudgetLine.objects.filter(project_id__in=list(project_ids)).only(
        "project_id", "year", "planned_amount", "realised_amount"
    )
    if year is not None:
        lines = lines.filter(year=year)
    per_project = defaultdict(list)
    for line in lines:
        per_project[line.project_id].append(line)
    return defaultdict(lambda: NOTHING, {pk: money_of(rows) for pk, rows in per_project.items()})
