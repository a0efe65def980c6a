
import uuid
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from intake.models import ProjectRequest
from platform_ivz.core.models import TEXT_MAX_LENGTH, Meeting, Organisation
from platform_ivz.core.reference import Theme
from projects.formats import EVALUATION_QUESTIONS, PLAN_FORMAT

EVALUATION_QUESTION_TEXT = dict(EVALUATION_QUESTIONS)

# Numbers that make sense (docs/ARCHITECTURE.md §8): the rule on each field once, as a
# validator (every form shows its message next to the field) and as a CheckConstraint.
MAX_HOURS_PER_WEEK = 40
FIRST_YEAR, LAST_YEAR = 2000, 2100
hours_per_week_validators = [
    MinValueValidator(0, _("Give the hours per week as a number from 0 to 40.")),
    MaxValueValidator(MAX_HOURS_PER_WEEK, _("Give the hours per week as a number from 0 to 40.")),
]
amount_validators = [MinValueValidator(0, _("An amount cannot be negative."))]
year_validators = [
    MinValueValidator(FIRST_YEAR, _("Give the year in full, for example 2027.")),
    MaxValueValidator(LAST_YEAR, _("Give the year in full, for example 2027.")),
]


def _day(value) -> str:
    return date_format(value, "j F Y")


def _period(start, end) -> str:
    return f"{_day(start)} – {_day(end)}"


class PeriodCheck:
    """Dates of a plan row against the project's period (start, end), either may be None.

    `period_errors` refuse the save (shown next to the field); `period_warnings` are said
    after saving, where a later date is legitimate. The plan page asks them with the dates
    typed on the same page (projects/plans/forms.py), the plan service again before it
    commits (projects/plans/services.py).
    """

    def period_errors(self, start, end) -> dict[str, str]:
        return {}

    def period_warnings(self, start, end) -> list[str]:
        return []


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

    # The seed's focus agenda (§10 a-d) and the side topics, shared with the request's
    # proposed theme: the one list lives in platform_ivz/core/reference.py.
    Theme = Theme

    ACTIVE_STATUSES = (
        Status.TE_BEMENSEN,
        Status.IN_VOORBEREIDING,
        Status.TER_VASTSTELLING,
        Status.AMBTELIJK_VASTGESTELD,
        Status.IN_UITVOERING,
        Status.EVALUATIE,
        Status.EVALUATIE_TER_VASTSTELLING,
        Status.EVALUATIE_AMBTELIJK_VASTGESTELD,
    )
    # Finished with: after these nothing of the project changes but what the process allows
    # (docs/ARCHITECTURE.md §3).
    CLOSED_STATUSES = (Status.AFGEROND, Status.GESTOPT)

    title = models.CharField(_("title"), max_length=200)
    theme = models.CharField(
        _("theme"), max_length=30, choices=Theme.choices, default=Theme.OVERIG, db_index=True
    )
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
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        # The portfolio lists by title: without it, every page sorted all projects.
        indexes = [models.Index(fields=["title", "id"], name="project_title_idx")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("projects:detail", args=[self.pk])


class ProjectEvent(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="events")
    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    transition = models.CharField(max_length=40)
    from_status = models.CharField(max_length=40, choices=Project.Status.choices, blank=True)
    to_status = models.CharField(max_length=40, choices=Project.Status.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    note = models.TextField(blank=True, max_length=TEXT_MAX_LENGTH)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("project event")
        verbose_name_plural = _("project events")

    def __str__(self):
        return f"{self.project_id}: {self.from_status} → {self.to_status}"


class ApprovalStatus(models.TextChoices):
    """Shared by plans (also amendments) and evaluations: two-stage approval."""

    CONCEPT = "concept", _("Draft")
    TER_VASTSTELLING = "ter_vaststelling", _("Submitted for approval")
    AMBTELIJK_VASTGESTELD = "ambtelijk_vastgesteld", _("Approved by the Platform")
    VASTGESTELD = "vastgesteld", _("Approved by the DVO")


class ProjectPlan(models.Model):
    """A version of the projectplan (appendix 5). The first versions are the plan; an
    amendment (proposed while the project runs) is a later version with `amendment` set.

    Once submitted a version is frozen: its text and the `snapshot` of the structured rows
    taken at submission never change again. A version the Platform or the DVO returns stays
    as it was ("teruggestuurd") and the rework is the next version (docs/ARCHITECTURE.md §3).
    """

    RETURNED = "teruggestuurd"
    STATUS_CHOICES = [
        *ApprovalStatus.choices,
        (RETURNED, pgettext_lazy("plan version", "Returned with remarks")),
    ]

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="plans")
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(
        _("status"),
        max_length=30,
        choices=STATUS_CHOICES,
        default=ApprovalStatus.CONCEPT,
        db_index=True,
    )
    amendment = models.BooleanField(
        _("amendment"), default=False, help_text=_("Proposed while the project runs.")
    )
    returned_from = models.OneToOneField(
        "self",
        verbose_name=_("reworks the returned version"),
        on_delete=models.PROTECT,
        related_name="rework",
        null=True,
        blank=True,
    )
    change_summary = models.TextField(
        _("what changes and why"),
        blank=True,
        help_text=_("Only for an amendment."),
        max_length=TEXT_MAX_LENGTH,
    )
    # The sections of appendix 5, labelled verbatim.
    aanleiding = models.TextField(
        PLAN_FORMAT["aanleiding"].label, blank=True, max_length=TEXT_MAX_LENGTH
    )
    betrokken_partners = models.TextField(
        PLAN_FORMAT["betrokken_partners"].label, blank=True, max_length=TEXT_MAX_LENGTH
    )
    doelstelling = models.TextField(
        PLAN_FORMAT["doelstelling"].label, blank=True, max_length=TEXT_MAX_LENGTH
    )
    projectresultaat = models.TextField(
        PLAN_FORMAT["projectresultaat"].label, blank=True, max_length=TEXT_MAX_LENGTH
    )
    prestatie_indicatoren = models.TextField(
        PLAN_FORMAT["prestatie_indicatoren"].label, blank=True, max_length=TEXT_MAX_LENGTH
    )
    monitoring = models.TextField(
        PLAN_FORMAT["monitoring"].label, blank=True, max_length=TEXT_MAX_LENGTH
    )
    randvoorwaarden = models.TextField(
        PLAN_FORMAT["randvoorwaarden"].label, blank=True, max_length=TEXT_MAX_LENGTH
    )
    afbakening = models.TextField(
        PLAN_FORMAT["afbakening"].label, blank=True, max_length=TEXT_MAX_LENGTH
    )
    relatie_andere_initiatieven = models.TextField(
        PLAN_FORMAT["relatie_andere_initiatieven"].label, blank=True, max_length=TEXT_MAX_LENGTH
    )
    risicos = models.TextField(PLAN_FORMAT["risicos"].label, blank=True, max_length=TEXT_MAX_LENGTH)
    projectgroep = models.TextField(
        PLAN_FORMAT["projectgroep"].label, blank=True, max_length=TEXT_MAX_LENGTH
    )
    planning = models.TextField(
        PLAN_FORMAT["planning"].label, blank=True, max_length=TEXT_MAX_LENGTH
    )
    communicatie = models.TextField(
        PLAN_FORMAT["communicatie"].label, blank=True, max_length=TEXT_MAX_LENGTH
    )
    financien = models.TextField(
        PLAN_FORMAT["financien"].label, blank=True, max_length=TEXT_MAX_LENGTH
    )
    meeting_frequency = models.CharField(
        _("meeting frequency of the project group"), max_length=100, blank=True
    )
    snapshot = models.JSONField(_("structured parts as submitted"), default=dict, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    platform_meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    dvo_meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        ordering = ["project", "number"]
        constraints = [
            models.UniqueConstraint(fields=["project", "number"], name="one_plan_per_number")
        ]
        verbose_name = _("project plan")
        verbose_name_plural = _("project plans")

    def __str__(self):
        return f"{self.project} – {_('version')} {self.number}"

    @property
    def is_amendment(self):
        return self.amendment

    @property
    def is_returned(self):
        return self.status == self.RETURNED


class Indicator(PeriodCheck, models.Model):
    """A prestatie-indicator: what makes the project's result measurable."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(_("indicator"), max_length=200)
    unit = models.CharField(_("unit"), max_length=50, blank=True)
    baseline = models.DecimalField(
        _("baseline"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    target = models.DecimalField(_("target"), max_digits=12, decimal_places=2)
    target_date = models.DateField(_("target date"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]
        verbose_name = _("performance indicator")
        verbose_name_plural = _("performance indicators")

    def __str__(self):
        return self.name

    def period_errors(self, start, end) -> dict[str, str]:
        if start and self.target_date and self.target_date < start:
            return {
                "target_date": _(
                    "The target date cannot be before the project's start date (%(start)s)."
                )
                % {"start": _day(start)}
            }
        return {}

    def period_warnings(self, start, end) -> list[str]:
        # An effect may become measurable only after the project: allowed, but said.
        if end and self.target_date and self.target_date > end:
            return [
                _(
                    "The target date of indicator “%(name)s” (%(date)s) is after the project's "
                    "end date (%(end)s). That is possible when the effect can only be measured "
                    "later, but the evaluation cannot yet say whether the target was reached."
                )
                % {"name": self.name, "date": _day(self.target_date), "end": _day(end)}
            ]
        return []


class Measurement(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="measurements")
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2)
    measured_on = models.DateField(_("date"))
    source = models.CharField(_("source"), max_length=200, blank=True)
    progress_report = models.ForeignKey(
        "ProgressReport",
        on_delete=models.SET_NULL,
        related_name="measurements",
        null=True,
        blank=True,
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["measured_on", "id"]
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")

    def __str__(self):
        return f"{self.indicator}: {self.value} ({self.measured_on})"


class Milestone(PeriodCheck, models.Model):
    class Status(models.TextChoices):
        GEPLAND = "gepland", _("Planned")
        GEHAALD = "gehaald", _("Achieved")
        VERTRAAGD = "vertraagd", _("Delayed")
        VERVALLEN = "vervallen", _("Cancelled")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones")
    name = models.CharField(_("milestone"), max_length=200)
    planned_date = models.DateField(_("planned date"))
    actual_date = models.DateField(_("actual date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.GEPLAND
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["planned_date", "id"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self):
        return self.name

    def period_errors(self, start, end) -> dict[str, str]:
        day = self.planned_date
        if day and start and end and not start <= day <= end:
            return {
                "planned_date": _("Plan the milestone within the project's period (%(period)s).")
                % {"period": _period(start, end)}
            }
        if day and start and day < start:
            return {
                "planned_date": _(
                    "The milestone cannot be planned before the project's start date (%(start)s)."
                )
                % {"start": _day(start)}
            }
        return {}


class GroupMember(PeriodCheck, models.Model):
    """A member of the projectgroep; their hours count towards their organisation's pledge."""

    class Function(models.TextChoices):
        VOORZITTER = "voorzitter", _("Chair")
        SECRETARIS = "secretaris", _("Secretary")
        DEELNEMER = "deelnemer", _("Member")
        EXPERT = "expert", _("Expert")
        ADVISEUR = "adviseur", _("Adviser")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="group_members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="group_memberships",
        null=True,
        blank=True,
    )
    name = models.CharField(
        _("name"), max_length=200, blank=True, help_text=_("For someone without an account.")
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    function = models.CharField(
        _("function in the group"),
        max_length=20,
        choices=Function.choices,
        default=Function.DEELNEMER,
    )
    hours_per_week = models.DecimalField(
        _("hours per week"), max_digits=5, decimal_places=1, validators=hours_per_week_validators
    )
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]
        verbose_name = _("project group member")
        verbose_name_plural = _("project group members")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(user__isnull=False) | ~models.Q(name=""),
                name="group_member_has_person_or_name",
            ),
            models.CheckConstraint(
                condition=models.Q(hours_per_week__gte=0, hours_per_week__lte=MAX_HOURS_PER_WEEK),
                name="group_member_hours_0_to_40",
            ),
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="group_member_ends_after_start",
            ),
        ]

    def __str__(self):
        return str(self.user) if self.user_id else self.name

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date cannot be before the start date.")})

    def period_errors(self, start, end) -> dict[str, str]:
        errors = {}
        if start and self.start_date and self.start_date < start:
            errors["start_date"] = _(
                "A member cannot join before the project's start date (%(start)s)."
            ) % {"start": _day(start)}
        if end and self.start_date and self.start_date > end:
            errors["start_date"] = _(
                "A member cannot join after the project's end date (%(end)s)."
            ) % {"end": _day(end)}
        if end and self.end_date and self.end_date > end:
            errors["end_date"] = _(
                "The membership cannot end after the project's end date (%(end)s)."
            ) % {"end": _day(end)}
        return errors


class BudgetLine(PeriodCheck, models.Model):
    class FundingSource(models.TextChoices):
        PLATFORM = "platform", _("Platform budget")
        SUBSIDIE = "subsidie", _("Subsidy")
        LOKAAL = "lokaal", _("Local")
        PARTNER = "partner", _("Partner")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="budget_lines")
    description = models.CharField(_("description"), max_length=200)
    funding_source = models.CharField(
        _("funding source"), max_length=20, choices=FundingSource.choices
    )
    year = models.PositiveIntegerField(_("year"), validators=year_validators)
    planned_amount = models.DecimalField(
        _("planned amount"), max_digits=12, decimal_places=2, validators=amount_validators
    )
    # None: not reported (shown as such, never as € 0); docs/ARCHITECTURE.md §6.1.
    realised_amount = models.DecimalField(
        _("realised amount"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=amount_validators,
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["year", "id"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(planned_amount__gte=0, realised_amount__gte=0),
                name="budget_line_amounts_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(year__gte=FIRST_YEAR, year__lte=LAST_YEAR),
                name="budget_line_year_in_full",
            ),
        ]

    def __str__(self):
        return f"{self.description} ({self.year})"

    def period_errors(self, start, end) -> dict[str, str]:
        if not self.year or not (start and end) or start.year <= self.year <= end.year:
            return {}
        years = str(start.year) if start.year == end.year else f"{start.year}–{end.year}"
        return {
            "year": _("Choose a year in which the project runs (%(years)s).") % {"years": years}
        }


class RagStatus(models.TextChoices):
    """Never shown by colour alone: the label is always there."""

    OP_KOERS = "op_koers", _("On track")
    AANDACHT = "aandacht", _("Needs attention")
    KNELPUNT = "knelpunt", _("Problem")


class ProgressReport(models.Model):
    """A voortgangsrapportage over half a year (docs/ARCHITECTURE.md §3.3)."""

    class Status(models.TextChoices):
        CONCEPT = "concept", _("Draft")
        INGEDIEND = "ingediend", _("Submitted")
        BESPROKEN = "besproken", _("Discussed")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="progress_reports")
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period until"))
    due_date = models.DateField(_("due date"), db_index=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.CONCEPT, db_index=True
    )
    status_overall = models.CharField(
        _("overall status"), max_length=20, choices=RagStatus.choices, blank=True
    )
    status_time = models.CharField(_("time"), max_length=20, choices=RagStatus.choices, blank=True)
    status_money = models.CharField(
        _("money"), max_length=20, choices=RagStatus.choices, blank=True
    )
    status_scope = models.CharField(
        _("scope"), max_length=20, choices=RagStatus.choices, blank=True
    )
    progress_content = models.TextField(
        _("progress on content"), blank=True, max_length=TEXT_MAX_LENGTH
    )
    progress_process = models.TextField(
        _("progress on process"), blank=True, max_length=TEXT_MAX_LENGTH
    )
    spent_to_date = models.DecimalField(
        _("money spent to date"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=amount_validators,
    )
    risks = models.TextField(_("risks and issues"), blank=True, max_length=TEXT_MAX_LENGTH)
    submitted_at = models.DateTimeField(null=True, blank=True)
    discussed_at = models.DateTimeField(null=True, blank=True)
    discussed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    reminded_on = models.DateField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords(excluded_fields=["version", "reminded_on"])

    class Meta:
        ordering = ["due_date", "id"]
        constraints = [
            models.UniqueConstraint(fields=["project", "due_date"], name="one_report_per_due_date")
        ]
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")

    def __str__(self):
        return f"{self.project} – {self.period_start:%m-%Y} t/m {self.period_end:%m-%Y}"


class Beslispunt(models.Model):
    """A decision the portefeuillehouder brings to the DVO via the Platform.

    The Platform advises first, then the DVO decides (projects/meetings/workflow.py).
    """

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        PLATFORM_GEAGENDEERD = "platform_geagendeerd", _("On a Platform agenda")
        GEADVISEERD = "geadviseerd", _("Advised by the Platform")
        # The value predates the Platform stage: an item "geagendeerd" is on a DVO agenda.
        GEAGENDEERD = "geagendeerd", _("On a DVO agenda")
        BESLOTEN = "besloten", _("Decided")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="beslispunten")
    progress_report = models.ForeignKey(
        ProgressReport,
        on_delete=models.SET_NULL,
        related_name="beslispunten",
        null=True,
        blank=True,
    )
    text = models.TextField(_("decision requested"), max_length=TEXT_MAX_LENGTH)
    status = models.CharField(
        _("status"), max_length=30, choices=Status.choices, default=Status.OPEN
    )
    platform_advice = models.TextField(
        _("advice of the Platform"), blank=True, max_length=TEXT_MAX_LENGTH
    )
    platform_meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("decision point")
        verbose_name_plural = _("decision points")

    def __str__(self):
        return self.text[:80]


class Evaluation(models.Model):
    """The evaluation (appendix 6), approved in two stages like the plan."""

    project = models.OneToOneField(Project, on_delete=models.CASCADE, related_name="evaluation")
    # The eleven questions of appendix 6, verbatim.
    q1 = models.TextField(EVALUATION_QUESTION_TEXT["q1"], blank=True, max_length=TEXT_MAX_LENGTH)
    q2 = models.TextField(EVALUATION_QUESTION_TEXT["q2"], blank=True, max_length=TEXT_MAX_LENGTH)
    q3 = models.TextField(EVALUATION_QUESTION_TEXT["q3"], blank=True, max_length=TEXT_MAX_LENGTH)
    q4 = models.TextField(EVALUATION_QUESTION_TEXT["q4"], blank=True, max_length=TEXT_MAX_LENGTH)
    q5 = models.TextField(EVALUATION_QUESTION_TEXT["q5"], blank=True, max_length=TEXT_MAX_LENGTH)
    q6 = models.TextField(EVALUATION_QUESTION_TEXT["q6"], blank=True, max_length=TEXT_MAX_LENGTH)
    q7 = models.TextField(EVALUATION_QUESTION_TEXT["q7"], blank=True, max_length=TEXT_MAX_LENGTH)
    q8 = models.TextField(EVALUATION_QUESTION_TEXT["q8"], blank=True, max_length=TEXT_MAX_LENGTH)
    q9 = models.TextField(EVALUATION_QUESTION_TEXT["q9"], blank=True, max_length=TEXT_MAX_LENGTH)
    q10 = models.TextField(EVALUATION_QUESTION_TEXT["q10"], blank=True, max_length=TEXT_MAX_LENGTH)
    q11 = models.TextField(EVALUATION_QUESTION_TEXT["q11"], blank=True, max_length=TEXT_MAX_LENGTH)
    status = models.CharField(
        _("status"),
        max_length=30,
        choices=ApprovalStatus.choices,
        default=ApprovalStatus.CONCEPT,
        db_index=True,
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    platform_meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    dvo_meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")

    def __str__(self):
        return f"{_('Evaluation')} {self.project}"


def agenda_attachment_path(instance, filename):
    # A generated name, as for request attachments: the user's file name is metadata only.
    return f"agenda/{uuid.uuid4().hex}{Path(filename).suffix.lower()[:10]}"


class AgendaItem(models.Model):
    """An item on a Platform or DVO meeting's agenda.

    A document item (plan, amendment, evaluation, beslispunt) belongs to a project and its
    decision drives that project. A free item (opening, mededelingen, rondvraag, ...) has a
    title, a short text, a presenter and an optional attachment, and its decisions are text.
    The item "vaststellen verslag" (kind MINUTES) names the earlier meeting of the same body
    whose verslag is adopted under it.
    """

    class Kind(models.TextChoices):
        PLAN = "plan", _("Project plan")
        AMENDMENT = "amendment", _("Amendment of the plan")
        EVALUATION = "evaluation", _("Evaluation")
        BESLISPUNT = "beslispunt", _("Decision point")
        FREE = "free", _("Agenda item")
        MINUTES = "minutes", _("Adoption of the minutes")

    class Decision(models.TextChoices):
        OPEN = "open", _("Not yet decided")
        VASTGESTELD = "vastgesteld", _("Approved")
        TERUG = "terug", _("Returned with remarks")
        GESTOPT = "gestopt", _("Stopped")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="agenda_items", null=True, blank=True
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200, blank=True)
    text = models.TextField(_("short text"), blank=True, max_length=TEXT_MAX_LENGTH)
    presenter = models.CharField(_("presenter"), max_length=200, blank=True)
    attachment = models.FileField(
        _("attachment"), upload_to=agenda_attachment_path, blank=True, max_length=200
    )
    attachment_name = models.CharField(_("file name"), max_length=255, blank=True)
    minutes_of = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("minutes of the meeting"),
    )
    # The verslag: a short note per item and, for free items, the decisions as text.
    note = models.TextField(_("minutes note"), blank=True, max_length=TEXT_MAX_LENGTH)
    decision_text = models.TextField(_("decisions"), blank=True, max_length=TEXT_MAX_LENGTH)
    plan = models.ForeignKey(
        ProjectPlan, on_delete=models.PROTECT, null=True, blank=True, related_name="agenda_items"
    )
    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.PROTECT, null=True, blank=True, related_name="agenda_items"
    )
    beslispunt = models.ForeignKey(
        Beslispunt, on_delete=models.PROTECT, null=True, blank=True, related_name="agenda_items"
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    decision = models.CharField(
        _("decision"), max_length=20, choices=Decision.choices, default=Decision.OPEN
    )
    remarks = models.TextField(_("remarks or reason"), blank=True, max_length=TEXT_MAX_LENGTH)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=["free", "minutes"]) | models.Q(project__isnull=False),
                name="document_item_has_project",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="minutes") | models.Q(minutes_of__isnull=False),
                name="minutes_item_names_its_meeting",
            ),
        ]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self):
        if self.kind in (self.Kind.FREE, self.Kind.MINUTES):
            return self.title or self.get_kind_display()
        return f"{self.get_kind_display()}: {self.project}"

    @property
    def is_free(self) -> bool:
        return self.kind in (self.Kind.FREE, self.Kind.MINUTES)


class Minutes(models.Model):
    """The verslag of a meeting: a concept until the next meeting of the same body adopts it
    (under its MINUTES agenda item); from then on it is read-only."""

    class Status(models.TextChoices):
        CONCEPT = "concept", _("Draft")
        VASTGESTELD = "vastgesteld", _("Adopted")

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="minutes")
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.CONCEPT
    )
    adopted_in = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("adopted in"),
    )
    adopted_at = models.DateTimeField(_("adopted at"), null=True, blank=True)
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")

    def __str__(self):
        return f"{_('Minutes')} {self.meeting}"


class Attendance(models.Model):
    """Who was there: recorded per member by the secretary, shown in the verslag."""

    class Presence(models.TextChoices):
        PRESENT = "present", _("Present")
        EXCUSED = "excused", _("Absent with notice")
        ABSENT = "absent", _("Absent")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    presence = models.CharField(_("presence"), max_length=20, choices=Presence.choices)
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "user__last_name", "user__first_name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="one_attendance_per_member")
        ]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")

    def __str__(self):
        return f"{self.user} – {self.get_presence_display()}"


class AgendaSending(models.Model):
    """That the agenda was sent ("Agenda versturen"), by whom and when; a later one is a
    changed agenda ("gewijzigde agenda")."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="sendings")
    sent_at = models.DateTimeField(_("sent at"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    is_change = models.BooleanField(_("changed agenda"), default=False)
    recipient_count = models.PositiveIntegerField(_("recipients"), default=0)

    class Meta:
        ordering = ["meeting", "sent_at", "id"]
        verbose_name = _("agenda sending")
        verbose_name_plural = _("agenda sendings")

    def __str__(self):
        return f"{self.meeting} {self.sent_at:%d-%m-%Y %H:%M}"


class ActionItem(models.Model):
    """An actiepunt from a meeting's agenda item: an owner, a due date, done with a note."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="actions")
    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.SET_NULL, related_name="actions", null=True, blank=True
    )
    description = models.TextField(_("description"), max_length=TEXT_MAX_LENGTH)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="meeting_actions",
        verbose_name=_("owner"),
    )
    due_date = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    done_note = models.TextField(_("note"), blank=True, max_length=TEXT_MAX_LENGTH)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        ordering = ["due_date", "id"]
        indexes = [models.Index(fields=["owner", "status", "due_date"])]
        verbose_name = _("action item")
        verbose_name_plural = _("action items")

    def __str__(self):
        return self.description[:80]


class ReminderLog(models.Model):
    """That a reminder about something without a date field of its own went out on a day.

    `send_reminders` reads it so that running twice on a day sends nothing twice
    (progress reports keep `reminded_on` themselves).
    """

    class Kind(models.TextChoices):
        EVALUATION = "evaluation", _("Evaluation due")
        ACTION = "action", _("Action item overdue")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField(_("object"))
    sent_on = models.DateField(_("sent on"))

    class Meta:
        ordering = ["-sent_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id", "sent_on"], name="one_reminder_per_object_per_day"
            )
        ]
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")

    def __str__(self):
        return f"{self.get_kind_display()} {self.object_id} ({self.sent_on})"
