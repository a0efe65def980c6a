from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from intake.models import ProjectRequest


class Project(models.Model):
    """A projectopdracht: an approved request with a projectleider and a portefeuillehouder."""

    class Status(models.TextChoices):
        TE_BEMENSEN = "te_bemensen", _("To be staffed")
        IN_VOORBEREIDING = "in_voorbereiding", _("In preparation")
        TER_VASTSTELLING = "ter_vaststelling", _("Submitted for approval")
        AMBTELIJK_VASTGESTELD = "ambtelijk_vastgesteld", _("Approved by the Platform")
        IN_UITVOERING = "in_uitvoering", _("In progress")
        EVALUATIE = "evaluatie", _("Evaluation")
        EVALUATIE_TER_VASTSTELLING = "evaluatie_ter_vaststelling", _("Evaluation submitted")
        EVALUATIE_AMBTELIJK_VASTGESTELD = (
            "evaluatie_ambtelijk_vastgesteld",
            _("Evaluation approved by the Platform"),
        )
        AFGEROND = "afgerond", _("Completed")
        GESTOPT = "gestopt", _("Stopped")

    title = models.CharField(_("title"), max_length=200)
    request = models.OneToOneField(
        ProjectRequest,
        verbose_name=_("originating request"),
        on_delete=models.PROTECT,
        related_name="project",
    )
    status = models.CharField(
        _("status"),
        max_length=40,
        choices=Status.choices,
        default=Status.TE_BEMENSEN,
        db_index=True,
    )
    projectleider = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("project leader"),
        on_delete=models.PROTECT,
        related_name="led_projects",
        null=True,
        blank=True,
    )
    portefeuillehouder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("portfolio holder"),
        on_delete=models.PROTECT,
        related_name="sponsored_projects",
        null=True,
        blank=True,
    )
    vertrouwelijk = models.BooleanField(_("confidential"), default=False)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("projects:detail", args=[self.pk])


class ProjectEvent(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="events")
    transition = models.CharField(max_length=40)
    from_status = models.CharField(max_length=40, choices=Project.Status.choices, blank=True)
    to_status = models.CharField(max_length=40, choices=Project.Status.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("project event")
        verbose_name_plural = _("project events")

    def __str__(self):
        return f"{self.project_id}: {self.from_status} → {self.to_status}"
