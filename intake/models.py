import uuid
from pathlib import Path

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from intake.formats import CRITERIA, REQUEST_FORMAT, REQUEST_FORMAT_PLANNING
from platform_ivz.core.models import TEXT_MAX_LENGTH, Organisation
from platform_ivz.core.reference import Theme
from platform_ivz.core.uploads import safe_name


class ProjectRequest(models.Model):
    """A projectverzoek: appendix 4's first table, submitted for screening."""

    class Status(models.TextChoices):
        CONCEPT = "concept", _("Draft")
        INGEDIEND = "ingediend", _("Submitted")
        AANVULLING_GEVRAAGD = "aanvulling_gevraagd", _("More information requested")
        GOEDGEKEURD = "goedgekeurd", _("Approved")
        AFGEWEZEN = "afgewezen", _("Rejected")
        INGETROKKEN = "ingetrokken", _("Withdrawn")

    class OnBehalfOf(models.TextChoices):
        DVO = "dvo", _("the DVO")
        MAYOR = "burgemeester", _("the mayor of a municipality")
        PARTNER = "partner", _("a partner organisation")

    title = models.CharField(_("title"), max_length=200)
    on_behalf_of = models.CharField(
        _("requested on behalf of"), max_length=20, choices=OnBehalfOf.choices, blank=True
    )
    on_behalf_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("municipality or partner"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        help_text=_("The municipality of the mayor, or the partner organisation."),
    )
    aanleiding = models.TextField(
        REQUEST_FORMAT["aanleiding"].label, blank=True, max_length=TEXT_MAX_LENGTH
    )
    doelstelling = models.TextField(
        REQUEST_FORMAT["doelstelling"].label, blank=True, max_length=TEXT_MAX_LENGTH
    )
    betrokken_partners = models.TextField(
        REQUEST_FORMAT["betrokken_partners"].label, blank=True, max_length=TEXT_MAX_LENGTH
    )
    afbakening = models.TextField(
        REQUEST_FORMAT["afbakening"].label, blank=True, max_length=TEXT_MAX_LENGTH
    )
    risicos = models.TextField(
        REQUEST_FORMAT["risicos"].label, blank=True, max_length=TEXT_MAX_LENGTH
    )
    verwacht_resultaat = models.TextField(
        REQUEST_FORMAT_PLANNING["verwacht_resultaat"].label, blank=True, max_length=TEXT_MAX_LENGTH
    )
    capaciteit_expertise = models.TextField(
        REQUEST_FORMAT_PLANNING["capaciteit_expertise"].label,
        blank=True,
        max_length=TEXT_MAX_LENGTH,
    )
    planning = models.TextField(
        REQUEST_FORMAT_PLANNING["planning"].label, blank=True, max_length=TEXT_MAX_LENGTH
    )
    financien = models.TextField(
        REQUEST_FORMAT_PLANNING["financien"].label, blank=True, max_length=TEXT_MAX_LENGTH
    )
    communicatie = models.TextField(
        REQUEST_FORMAT_PLANNING["communicatie"].label, blank=True, max_length=TEXT_MAX_LENGTH
    )
    # The indiener proposes the speerpunt; the reviewer confirms or changes it when approving,
    # and the project is created with it (docs/ARCHITECTURE.md §3.1).
    theme = models.CharField(
        _("theme (speerpunt)"),
        max_length=30,
        choices=Theme.choices,
        blank=True,
        help_text=_(
            "The focus theme the project would belong to. The chair or the regional "
            "coordinator confirms or changes it when approving the request."
        ),
    )
    gemeenten = models.ManyToManyField(
        Organisation,
        verbose_name=_("municipalities where it plays"),
        related_name="project_requests",
        blank=True,
        limit_choices_to={"kind": Organisation.Kind.GEMEENTE},
    )
    vertrouwelijk = models.BooleanField(
        _("confidential"),
        default=False,
        help_text=_(
            "Only your organisation, the chair and the regional coordinator can see a "
            "confidential request."
        ),
    )
    status = models.CharField(
        _("status"), max_length=30, choices=Status.choices, default=Status.CONCEPT, db_index=True
    )
    indiener = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.PROTECT,
        related_name="project_requests",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="own_project_requests",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    decision_motivation = models.TextField(
        _("motivation of the decision"), blank=True, max_length=TEXT_MAX_LENGTH
    )
    override_motivation = models.TextField(
        _("motivation for approving although not every criterion is met"),
        blank=True,
        max_length=TEXT_MAX_LENGTH,
    )
    # Optimistic locking: an edit based on an older version is refused, not silently lost.
    version = models.PositiveIntegerField(default=1)

    history = HistoricalRecords(m2m_fields=[gemeenten], excluded_fields=["version", "updated_at"])

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("project request")
        verbose_name_plural = _("project requests")
        indexes = [
            models.Index(fields=["organisation", "status"]),
            # The requests overview lists newest first: without it, every page sorted them all.
            models.Index(fields=["-created_at", "-id"], name="request_newest_first_idx"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("intake:detail", args=[self.pk])


class CriterionAssessment(models.Model):
    """One of the five selection criteria of appendix 4, met or not, with a note."""

    request = models.ForeignKey(
        ProjectRequest, on_delete=models.CASCADE, related_name="assessments"
    )
    criterion = models.CharField(_("criterion"), max_length=30, choices=CRITERIA)
    met = models.BooleanField(_("met"), null=True)
    note = models.TextField(_("note"), blank=True, max_length=TEXT_MAX_LENGTH)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    assessed_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "criterion"], name="one_assessment_per_criterion"
            )
        ]
        verbose_name = _("criterion assessment")
        verbose_name_plural = _("criterion assessments")

    def __str__(self):
        return self.get_criterion_display()


class RequestEvent(models.Model):
    """A workflow transition: who, when, from, to, and the note given."""

    request = models.ForeignKey(ProjectRequest, on_delete=models.CASCADE, related_name="events")
    transition = models.CharField(max_length=30)
    from_status = models.CharField(max_length=30, choices=ProjectRequest.Status.choices)
    to_status = models.CharField(max_length=30, choices=ProjectRequest.Status.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    note = models.TextField(blank=True, max_length=TEXT_MAX_LENGTH)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("request event")
        verbose_name_plural = _("request events")

    def __str__(self):
        return f"{self.request_id}: {self.from_status} → {self.to_status}"


def attachment_path(instance, filename):
    # A generated name: the user's file name is kept only as metadata, never as a path.
    return f"attachments/{uuid.uuid4().hex}{Path(filename).suffix.lower()[:10]}"


class Attachment(models.Model):
    request = models.ForeignKey(
        ProjectRequest, on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(upload_to=attachment_path)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("size"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.original_name

    @property
    def offered_name(self) -> str:
        """The name shown and offered for download: always with the detected type's extension."""
        return safe_name(self.original_name, self.content_type)
