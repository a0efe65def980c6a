"""The reports' introductions and every generated version of a jaarplan, jaarverslag or marap.

A version is recorded the moment it is asked for ("wachtrij") and rendered by a background
worker (reporting/tasks.py): "bezig" while it renders, then "klaar" with its PDF or "mislukt"
with a Dutch explanation. Its PDF is kept in the database (a BinaryField), not as a file: the
bytes, their SHA-256 and who finalised them are written in one transaction, so a final report
can never exist without its file or point at a file that was changed or lost; it is backed up
with the rest of the data and is never reachable through a URL of the web server. Reports are
a few hundred kilobytes, and a handful are made per year.
"""

import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from platform_ivz.core.models import TEXT_MAX_LENGTH
from reporting.kinds import VERSIONED_CHOICES, get_kind


class ReportIntroduction(models.Model):
    """What the regiocoördinator writes above a report before generating it."""

    kind = models.CharField(_("report"), max_length=20, choices=VERSIONED_CHOICES)
    year = models.PositiveSmallIntegerField(_("year"))
    text = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("Plain text; an empty line starts a new paragraph."),
        max_length=TEXT_MAX_LENGTH,
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last changed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("last changed at"), auto_now=True)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("report introduction")
        verbose_name_plural = _("report introductions")
        constraints = [
            models.UniqueConstraint(fields=["kind", "year"], name="report_intro_kind_year")
        ]

    def __str__(self):
        return get_kind(self.kind).title(self.year)


class ReportVersionQuerySet(models.QuerySet):
    def without_pdf(self):
        """Listing versions never needs their bytes."""
        return self.defer("pdf")

    def finals(self):
        """Final versions whose PDF is made: "the final report"."""
        return self.filter(status=ReportVersion.Status.FINAL, state=ReportVersion.State.DONE)

    def concepts(self):
        return self.filter(status=ReportVersion.Status.CONCEPT, state=ReportVersion.State.DONE)

    def pending(self):
        """Asked for and not rendered yet: waiting for a worker or being rendered."""
        return self.filter(state__in=ReportVersion.PENDING_STATES)


class ReportVersion(models.Model):
    """One generated PDF. A final one is immutable: later downloads serve exactly its bytes."""

    class Status(models.TextChoices):
        CONCEPT = "concept", _("Concept")
        FINAL = "definitief", _("Final")

    class State(models.TextChoices):
        QUEUED = "wachtrij", pgettext_lazy("report state", "Waiting")
        RUNNING = "bezig", pgettext_lazy("report state", "Being made")
        DONE = "klaar", pgettext_lazy("report state", "Ready")
        FAILED = "mislukt", pgettext_lazy("report state", "Failed")

    PENDING_STATES = (State.QUEUED, State.RUNNING)

    kind = models.CharField(_("report"), max_length=20, choices=VERSIONED_CHOICES)
    year = models.PositiveSmallIntegerField(_("year"))
    peildatum = models.DateField(_("reference date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    # The services ask for a version in the queue; a version stored whole (as every version
    # made before the worker existed) is ready.
    state = models.CharField(
        pgettext_lazy("report version", "state"),
        max_length=10,
        choices=State.choices,
        default=State.DONE,
    )
    number = models.PositiveIntegerField(_("version"))
    introduction = models.TextField(_("introduction"), blank=True, max_length=TEXT_MAX_LENGTH)
    pdf = models.BinaryField(_("PDF"), editable=False, null=True)
    size = models.PositiveIntegerField(_("size in bytes"), null=True, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    attempts = models.PositiveSmallIntegerField(
        pgettext_lazy("report version", "attempts"), default=0
    )
    started_at = models.DateTimeField(
        pgettext_lazy("report version", "rendering started at"), null=True, blank=True
    )
    finished_at = models.DateTimeField(
        pgettext_lazy("report version", "ready at"), null=True, blank=True
    )
    error = models.TextField(
        pgettext_lazy("report version", "why it failed"), blank=True, max_length=TEXT_MAX_LENGTH
    )
    render_seconds = models.DecimalField(
        _("rendering time (s)"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("generated by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(pgettext_lazy("report version", "requested at"))
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("finalised by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    finalised_at = models.DateTimeField(_("finalised at"), null=True, blank=True)
    # The DVO meeting that adopted the report, when the one who made it final recorded it:
    # the colofon says "vastgesteld in ..." (docs/ARCHITECTURE.md §6.2).
    adopted_in = models.ForeignKey(
        "core.Meeting",
        verbose_name=_("adopted in"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords(excluded_fields=["pdf"])

    objects = ReportVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("report version")
        verbose_name_plural = _("report versions")
        ordering = ["kind", "-year", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "year", "number"], name="report_version_number"
            ),
            # One definitive report per kind and year (made or being made), whatever happens
            # concurrently; a failed attempt does not count.
            models.UniqueConstraint(
                fields=["kind", "year"],
                condition=Q(status="definitief") & ~Q(state="mislukt"),
                name="report_one_final_per_year",
            ),
            # One version of a report waiting or being rendered at a time: two clicks at the
            # same moment make one render.
            models.UniqueConstraint(
                fields=["kind", "year"],
                condition=Q(state__in=["wachtrij", "bezig"]),
                name="report_one_pending_per_year",
            ),
            models.CheckConstraint(
                condition=Q(status="concept")
                | ~Q(state="klaar")
                | Q(finalised_at__isnull=False, status="definitief"),
                name="report_final_has_finalised_at",
            ),
            models.CheckConstraint(
                condition=~Q(state="klaar") | (Q(pdf__isnull=False) & ~Q(sha256="")),
                name="report_ready_has_pdf",
            ),
        ]
        indexes = [models.Index(fields=["kind", "year", "status"])]

    def __str__(self):
        return f"{self.title} ({self.get_status_display()}, {self.number})"

    def save(self, *args, **kwargs):
        # A pending final is still written by its worker; once made, it never changes.
        if self._stored_as_made_final():
            raise ValidationError(_("A final report cannot be changed."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self._stored_as_made_final():
            raise ValidationError(_("A final report cannot be deleted."))
        return super().delete(*args, **kwargs)

    def _stored_as_made_final(self) -> bool:
        """Is this row, as the database has it now, a final report whose PDF is made?"""
        return self.pk is not None and ReportVersion.objects.finals().filter(pk=self.pk).exists()

    @property
    def title(self) -> str:
        return get_kind(self.kind).title(self.year)

    @property
    def is_final(self) -> bool:
        """A final report whose PDF is made (a pending or failed final is not one yet)."""
        return self.status == self.Status.FINAL and self.state == self.State.DONE

    @property
    def is_ready(self) -> bool:
        return self.state == self.State.DONE

    @property
    def is_pending(self) -> bool:
        return self.state in self.PENDING_STATES

    @property
    def filename(self) -> str:
        suffix = "definitief" if self.status == self.Status.FINAL else f"concept-{self.number}"
        return f"{self.kind}-{self.year}-{suffix}.pdf"

    def stored_bytes(self) -> bytes:
        """The PDF as stored, after checking it against its SHA-256."""
        if self.pdf is None:
            raise TamperedReport(self)
        data = bytes(self.pdf)
        if hashlib.sha256(data).hexdigest() != self.sha256:
            raise TamperedReport(self)
        return data


class TamperedReport(Exception):
    """The stored PDF no longer matches its SHA-256: never serve it."""

    def __init__(self, version):
        super().__init__(f"Stored PDF of report version {version.pk} fails its SHA-256 check")
        self.version = version


class MeetingPapersQuerySet(models.QuerySet):
    def without_pdf(self):
        return self.defer("pdf_full", "pdf_open")

    def ready(self):
        return self.filter(state=MeetingPapers.State.DONE)

    def pending(self):
        return self.filter(state__in=MeetingPapers.PENDING_STATES)


class MeetingPapers(models.Model):
    """The vergaderstukken of one meeting: its agenda and every document on it, as one PDF.

    Asked for by whoever prepares the meeting and rendered by the background worker like a
    report version (reporting/papers.py). One request renders the bundle for each reader class
    (docs/ARCHITECTURE.md §6.3): `pdf_full` for those who read every project, `pdf_open` for
    everyone else, with the documents of confidential projects left out; `pdf_open` is empty
    when the agenda holds nothing confidential (both read the same file). `fingerprint` is the
    agenda as it was rendered: when the agenda changes, the bundle is marked as out of date.
    """

    State = ReportVersion.State
    PENDING_STATES = ReportVersion.PENDING_STATES

    class Reader(models.TextChoices):
        FULL = "full", _("Every project's documents")
        OPEN = "open", _("Confidential projects' documents left out")

    meeting = models.ForeignKey(
        "core.Meeting",
        verbose_name=_("meeting"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    state = models.CharField(
        pgettext_lazy("report version", "state"),
        max_length=10,
        choices=State.choices,
        default=State.QUEUED,
    )
    pdf_full = models.BinaryField(editable=False, null=True)
    pdf_open = models.BinaryField(editable=False, null=True)
    size = models.PositiveIntegerField(_("size in bytes"), null=True, blank=True)
    fingerprint = models.CharField(max_length=64, blank=True)
    # The projects whose documents the open bundle holds (open when it was rendered): if one
    # has become confidential since, the open bundle is no longer served (reporting/views.py).
    open_project_ids = models.JSONField(default=list, blank=True)
    attempts = models.PositiveSmallIntegerField(
        pgettext_lazy("report version", "attempts"), default=0
    )
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True, max_length=TEXT_MAX_LENGTH)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField()

    objects = MeetingPapersQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting papers")
        verbose_name_plural = _("meeting papers")
        ordering = ["meeting", "-created_at", "-id"]
        constraints = [
            # Two clicks at the same moment make one render.
            models.UniqueConstraint(
                fields=["meeting"],
                condition=Q(state__in=["wachtrij", "bezig"]),
                name="meeting_papers_one_pending",
            ),
            models.CheckConstraint(
                condition=~Q(state="klaar") | Q(pdf_full__isnull=False),
                name="meeting_papers_ready_has_pdf",
            ),
        ]

    def __str__(self):
        return f"{self.meeting} ({self.get_state_display()})"

    @property
    def is_pending(self) -> bool:
        return self.state in self.PENDING_STATES

    def pdf_for(self, reader: str) -> bytes:
        if reader == self.Reader.OPEN and self.pdf_open is not None:
            return bytes(self.pdf_open)
        return bytes(self.pdf_full)
