"""Reads of the reporting app, scoped by user: concepts only for voorzitter and regiocoördinator."""

from dataclasses import dataclass, field

from django.db.models import Count, Max
from django.utils import timezone

from platform_ivz.core.selectors import gemeenten
from reporting.kinds import VERSIONED_KINDS, ReportKind
from reporting.models import MeetingPapers, ReportIntroduction, ReportVersion
from reporting.permissions import can_see_concepts


@dataclass
class YearRow:
    year: int
    final: ReportVersion | None = None
    concept_count: int = 0
    last_generated: object = None


@dataclass
class KindOverview:
    kind: ReportKind
    rows: list[YearRow] = field(default_factory=list)


# Which years each report is offered for without a version yet, relative to this year:
# a jaarplan is written for this year or ahead, a jaarverslag over the past or current year.
YEAR_OFFSETS = {"jaarplan": (1, 0), "jaarverslag": (0, -1), "marap": (0, -1)}


def default_years(kind_key: str = "") -> list[int]:
    this_year = timezone.localdate().year
    return [this_year + offset for offset in YEAR_OFFSETS.get(kind_key, (1, 0, -1))]


def overview(user) -> list[KindOverview]:
    """Per report kind, the years with their final (if any) and, for reviewers, concepts.

    Two queries, whatever the number of versions.
    """
    sees_concepts = can_see_concepts.test(user)
    finals = {
        (v.kind, v.year): v
        for v in ReportVersion.objects.without_pdf().finals().select_related("finalised_by")
    }
    counts = {}
    if sees_concepts:
        for row in (
            ReportVersion.objects.concepts()
            .values("kind", "year")
            .annotate(n=Count("id"), last=Max("created_at"))
        ):
            counts[(row["kind"], row["year"])] = row
    result = []
    for kind in VERSIONED_KINDS:
        years = set(default_years(kind.key)) | {y for (k, y) in finals if k == kind.key}
        years |= {y for (k, y) in counts if k == kind.key}
        rows = []
        for year in sorted(years, reverse=True):
            concept = counts.get((kind.key, year), {})
            rows.append(
                YearRow(
                    year=year,
                    final=finals.get((kind.key, year)),
                    concept_count=concept.get("n", 0),
                    last_generated=concept.get("last"),
                )
            )
        result.append(KindOverview(kind=kind, rows=rows))
    return result


def versions(user, *, kind: str, year: int) -> list[ReportVersion]:
    """Every version of the report (newest first); others than reviewers see the final only."""
    queryset = (
        ReportVersion.objects.without_pdf()
        .filter(kind=kind, year=year)
        .select_related("created_by", "finalised_by")
        .order_by("-number")
    )
    if not can_see_concepts.test(user):
        queryset = queryset.finals()
    return list(queryset)


def final_version(*, kind: str, year: int) -> ReportVersion | None:
    return ReportVersion.objects.without_pdf().finals().filter(kind=kind, year=year).first()


def pending_version(*, kind: str, year: int) -> ReportVersion | None:
    """The version of this report waiting for a worker or being rendered, if any."""
    return (
        ReportVersion.objects.without_pdf()
        .pending()
        .filter(kind=kind, year=year)
        .select_related("created_by")
        .first()
    )


def introduction(*, kind: str, year: int) -> ReportIntroduction:
    """The stored introduction, or an unsaved empty one (version 1, as it will be stored)."""
    found = (
        ReportIntroduction.objects.select_related("updated_by")
        .filter(kind=kind, year=year)
        .first()
    )
    return found or ReportIntroduction(kind=kind, year=year, text="", version=1)


def version_with_pdf(pk: int) -> ReportVersion:
    """The version including its bytes (ReportVersion.DoesNotExist if there is none)."""
    return ReportVersion.objects.get(pk=pk)


def factsheet_organisations():
    """The gemeenten, each of which gets a factsheet for its gezagsdriehoek."""
    return gemeenten().order_by("name")


# --- Vergaderstukken -------------------------------------------------------------------------


def meeting_papers(meeting) -> "MeetingPapersState":
    """The meeting's latest bundle (without its bytes), the request waiting or being rendered,
    and the last failure after the latest bundle."""
    rows = list(
        MeetingPapers.objects.without_pdf()
        .filter(meeting=meeting)
        .order_by("-created_at", "-id")[:10]
    )
    ready = next((row for row in rows if row.state == MeetingPapers.State.DONE), None)
    pending = next((row for row in rows if row.is_pending), None)
    failed = next((row for row in rows if row.state == MeetingPapers.State.FAILED), None)
    if failed is not None and ready is not None and failed.created_at < ready.created_at:
        failed = None
    return MeetingPapersState(ready=ready, pending=pending, failed=failed)


@dataclass
class MeetingPapersState:
    ready: object = None
    pending: object = None
    failed: object = None


def ready_meeting_papers_with_pdf(meeting):
    """The latest bundle with its bytes (MeetingPapers.DoesNotExist if none is ready)."""
    return MeetingPapers.objects.ready().filter(meeting=meeting).latest("created_at", "id")
