"""Every write of the reporting app: the introduction, concept versions and the final report.

Semantics:
- "Generate concept" renders the report now from the live data, watermarked CONCEPT, and
  stores it as the next numbered version, so the report page lists every version made.
- "Finalise" renders a fresh version without watermark (the cover says Definitief) and stores
  its bytes unchanged with their SHA-256, who and when. Every later download serves exactly
  those bytes, checked against the hash, whatever has happened to the data since.
- One final per report and year. After it, the report is closed: no more concepts, and the
  introduction can no longer change (the final already holds it).

Each write locks the report's introduction row first, so two clicks, two people or a
scheduled run at the same moment are served one after the other: the second finalise finds
the first final and is refused. A database constraint holds the same rule underneath.
"""

import datetime
import hashlib
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from platform_ivz.core.audit import AuditEvent, record
from platform_ivz.core.notifications import absolute_url, notify
from platform_ivz.core.roles import Role
from platform_ivz.core.selectors import users_with_roles
from reporting.formatting import dutch_date, dutch_datetime
from reporting.generation import author_of, render_kind
from reporting.kinds import ReportKind, get_kind
from reporting.models import ReportIntroduction, ReportVersion
from reporting.permissions import (
    can_edit_introduction,
    can_finalise_reports,
    can_generate_reports,
)

FIRST_YEAR = 2016
LAST_YEAR = 2100


class EditConflict(Exception):
    """Someone else saved the introduction after this editor opened it."""

    def __init__(self, introduction: ReportIntroduction):
        super().__init__(str(introduction))
        self.introduction = introduction


class ReportClosed(ValidationError):
    """The report of this year is final: nothing more can be generated or changed."""


def _versioned_kind(kind: str) -> ReportKind:
    try:
        report_kind = get_kind(kind)
    except KeyError:
        raise ValidationError(_("Unknown report.")) from None
    if not report_kind.versioned:
        raise ValidationError(_("This report has no versions."))
    return report_kind


def _check_year(year: int) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationError(
            _("Choose a year between %(first)s and %(last)s.")
            % {"first": FIRST_YEAR, "last": LAST_YEAR}
        )


def _require(predicate, actor) -> None:
    """Scheduled runs (actor None) act for the Platform; people need the permission."""
    if actor is not None and not predicate.test(actor):
        raise PermissionDenied


def _locked_introduction(kind: str, year: int) -> ReportIntroduction:
    ReportIntroduction.objects.get_or_create(kind=kind, year=year)
    return ReportIntroduction.objects.select_for_update().get(kind=kind, year=year)


def _final_of(kind: str, year: int) -> ReportVersion | None:
    return ReportVersion.objects.without_pdf().finals().filter(kind=kind, year=year).first()


def _refuse_if_final(kind: ReportKind, year: int) -> None:
    final = _final_of(kind.key, year)
    if final is not None:
        raise ReportClosed(
            _(
                "%(title)s is already final (since %(when)s). The final report stays as it "
                "is; nothing more can be generated for this year."
            )
            % {
                "title": kind.title(year),
                "when": dutch_datetime(final.finalised_at),
            }
        )


@transaction.atomic
def save_introduction(
    *, actor, kind: str, year: int, text: str, expected_version: int
) -> ReportIntroduction:
    """Store the introduction; a stale `expected_version` raises EditConflict."""
    report_kind = _versioned_kind(kind)
    _check_year(year)
    _require(can_edit_introduction, actor)
    introduction = _locked_introduction(kind, year)
    _refuse_if_final(report_kind, year)
    if introduction.version != expected_version:
        raise EditConflict(introduction)
    introduction.text = text.replace("\r\n", "\n").strip()
    introduction.updated_by = actor
    introduction.version = F("version") + 1
    introduction.save()
    introduction.refresh_from_db()
    return introduction


def _peildatum(kind: ReportKind, year: int, peildatum: datetime.date | None):
    if not kind.has_peildatum:
        return None
    peildatum = peildatum or kind.default_peildatum(year)
    if peildatum.year != year:
        raise ValidationError(
            {"peildatum": _("The reference date must fall in %(year)s.") % {"year": year}}
        )
    return peildatum


def _build_kwargs(kind: ReportKind, year: int, peildatum) -> dict:
    kwargs = {"year": year}
    if kind.has_peildatum:
        kwargs["peildatum"] = peildatum
    return kwargs


def _subtitle(kind: ReportKind, peildatum) -> str:
    if not peildatum:
        return ""
    return _("Reference date %(date)s") % {"date": dutch_date(peildatum)}


def _store(
    *, actor, kind: ReportKind, year: int, peildatum, introduction: str, final: bool
) -> ReportVersion:
    rendered = render_kind(
        kind,
        title=kind.title(year),
        year=year,
        is_concept=not final,
        introduction=introduction,
        subtitle=_subtitle(kind, peildatum),
        author=author_of(actor),
        build_kwargs=_build_kwargs(kind, year, peildatum),
    )
    now = timezone.now()
    last = ReportVersion.objects.filter(kind=kind.key, year=year).aggregate(n=Max("number"))["n"]
    return ReportVersion.objects.create(
        kind=kind.key,
        year=year,
        peildatum=peildatum,
        status=ReportVersion.Status.FINAL if final else ReportVersion.Status.CONCEPT,
        number=(last or 0) + 1,
        introduction=introduction,
        pdf=rendered.pdf,
        size=len(rendered.pdf),
        sha256=hashlib.sha256(rendered.pdf).hexdigest(),
        render_seconds=Decimal(f"{rendered.seconds:.2f}"),
        created_by=actor,
        created_at=now,
        finalised_by=actor if final else None,
        finalised_at=now if final else None,
    )


@transaction.atomic
def generate_concept(
    *, actor, kind: str, year: int, peildatum: datetime.date | None = None
) -> ReportVersion:
    """Render a CONCEPT version from the live data and keep it as the next version."""
    report_kind = _versioned_kind(kind)
    _check_year(year)
    _require(can_generate_reports, actor)
    peildatum = _peildatum(report_kind, year, peildatum)
    introduction = _locked_introduction(kind, year)
    _refuse_if_final(report_kind, year)
    return _store(
        actor=actor,
        kind=report_kind,
        year=year,
        peildatum=peildatum,
        introduction=introduction.text,
        final=False,
    )


@transaction.atomic
def finalise(
    *, actor, kind: str, year: int, peildatum: datetime.date | None = None
) -> ReportVersion:
    """Render and store the final report; its bytes and SHA-256 never change afterwards."""
    report_kind = _versioned_kind(kind)
    _check_year(year)
    _require(can_finalise_reports, actor)
    peildatum = _peildatum(report_kind, year, peildatum)
    introduction = _locked_introduction(kind, year)
    _refuse_if_final(report_kind, year)
    version = _store(
        actor=actor,
        kind=report_kind,
        year=year,
        peildatum=peildatum,
        introduction=introduction.text,
        final=True,
    )
    _record_finalised(version, actor)
    _tell_the_board(version)
    return version


def _record_finalised(version: ReportVersion, actor) -> None:
    """The security log keeps who finalised which report."""
    record(
        AuditEvent.Event.REPORT_FINALISED,
        user=actor,
        obj=version,
        detail={"kind": version.kind, "year": version.year, "sha256": version.sha256},
    )


def _tell_the_board(version: ReportVersion) -> None:
    """E-mail the DVO members and the chair that the final report can be downloaded."""
    recipients = users_with_roles(Role.DVO_LID, Role.VOORZITTER)
    url = absolute_url(reverse("reporting:report", args=[version.kind, version.year]))
    notify(
        recipients,
        subject=_("%(title)s is final") % {"title": version.title},
        template="reporting/email/report_finalised",
        context={"version": version, "title": version.title, "url": url},
    )
