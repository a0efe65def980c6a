"""Reads for the samenvatting (reporting/summary.py): what waited for a DVO decision on a day.

Counts only, so a confidential project adds to them like any other (a number tells nothing of
its content). Three queries, however many rows.
"""

import datetime
from dataclasses import dataclass

from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone

from projects.models import AgendaItem, ApprovalStatus, Beslispunt, Evaluation, ProjectPlan


@dataclass(frozen=True)
class Awaiting:
    plans: int  # plans and amendments approved by the Platform, not yet by the DVO
    evaluations: int  # idem for evaluations
    beslispunten: int  # raised and not yet decided

    @property
    def total(self) -> int:
        return self.plans + self.evaluations + self.beslispunten


def _end_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.max))


def _documents_awaiting(model, day: datetime.date) -> int:
    """Approved by the Platform in a meeting on or before `day`; by the DVO not yet then."""
    return (
        model.objects.filter(platform_meeting__date__lte=day)
        .filter(
            Q(status=ApprovalStatus.AMBTELIJK_VASTGESTELD)
            | Q(status=ApprovalStatus.VASTGESTELD, dvo_meeting__date__gt=day)
        )
        .count()
    )


def awaiting_dvo(day: datetime.date) -> Awaiting:
    """What waited for a DVO decision at the end of `day`."""
    decided = (
        AgendaItem.objects.filter(beslispunt=OuterRef("pk"))
        .exclude(decision=AgendaItem.Decision.OPEN)
        .order_by("decided_at")
        .values("decided_at")[:1]
    )
    end = _end_of(day)
    beslispunten = (
        Beslispunt.objects.filter(created_at__lte=end)
        .annotate(decided_at=Subquery(decided))
        .filter(
            Q(status__in=[Beslispunt.Status.OPEN, Beslispunt.Status.GEAGENDEERD])
            | Q(status=Beslispunt.Status.BESLOTEN, decided_at__gt=end)
        )
        .count()
    )
    return Awaiting(
        plans=_documents_awaiting(ProjectPlan, day),
        evaluations=_documents_awaiting(Evaluation, day),
        beslispunten=beslispunten,
    )
