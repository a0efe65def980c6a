"""Contributions per year (docs/ARCHITECTURE.md §5).

Tariffs, brackets, populations, choices, pledges, income.

Amounts are Decimals. What a gemeente pays is computed (contributions.calculations), never
stored, so a changed population or tariff shows at once everywhere.
"""

from decimal import Decimal

from django.conf import settings as django_settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from platform_ivz.core.models import Organisation

FIRST_YEAR = 2000
LAST_YEAR = 2100
# Pledged hours are weekly hours × these weeks (docs/ARCHITECTURE.md §5).
WEEKS_PER_YEAR = 52


def year_validators():
    return [
        MinValueValidator(FIRST_YEAR, _("Enter a year from %(limit_value)s.")),
        MaxValueValidator(LAST_YEAR, _("Enter a year up to %(limit_value)s.")),
    ]


class YearSettings(models.Model):
    """What the regiocoördinator sets for one year; everything else of the year hangs on it."""

    year = models.PositiveIntegerField(_("year"), unique=True, validators=year_validators())
    tariff_per_inhabitant = models.DecimalField(
        _("contribution per inhabitant"),
        max_digits=5,
        decimal_places=2,
        validators=[
            MinValueValidator(Decimal("0"), _("The contribution cannot be negative.")),
            MaxValueValidator(Decimal("10"), _("At most € 10 per inhabitant.")),
        ],
        help_text=_("In euros, for example 0,20."),
    )
    projectleider_hours_per_week = models.DecimalField(
        _("hours per week of a project leader"),
        max_digits=4,
        decimal_places=1,
        default=Decimal("4"),
        validators=[
            MinValueValidator(Decimal("0"), _("Hours cannot be negative.")),
            MaxValueValidator(Decimal("40"), _("At most 40 hours per week.")),
        ],
        help_text=_(
            "Counted as delivered by the project leader's organisation while a project runs, "
            "unless the project leader is in the project group with hours of their own."
        ),
    )
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        ordering = ["-year"]
        verbose_name = _("contribution year")
        verbose_name_plural = _("contribution years")
        constraints = [
            models.CheckConstraint(
                condition=Q(year__gte=FIRST_YEAR) & Q(year__lte=LAST_YEAR),
                name="contribution_year_in_range",
            ),
        ]

    def __str__(self):
        return str(self.year)

    def get_absolute_url(self):
        return reverse("contributions:year", args=[self.year])


class Bracket(models.Model):
    """A population bracket of footnote 5: hours a week, or a surcharge per inhabitant instead."""

    settings = models.ForeignKey(YearSettings, on_delete=models.CASCADE, related_name="brackets")
    max_population = models.PositiveIntegerField(
        _("up to and including inhabitants"),
        null=True,
        blank=True,
        help_text=_("Empty for the highest bracket, which has no upper limit."),
    )
    hours_per_week = models.DecimalField(
        _("hours per week"),
        max_digits=4,
        decimal_places=1,
        validators=[
            MinValueValidator(Decimal("0"), _("Hours cannot be negative.")),
            MaxValueValidator(Decimal("40"), _("At most 40 hours per week.")),
        ],
    )
    labour_value = models.DecimalField(
        _("value of the labour per year"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"), _("An amount cannot be negative."))],
    )
    surcharge_per_inhabitant = models.DecimalField(
        _("surcharge per inhabitant"),
        max_digits=5,
        decimal_places=2,
        validators=[
            MinValueValidator(Decimal("0"), _("The surcharge cannot be negative.")),
            MaxValueValidator(Decimal("10"), _("At most € 10 per inhabitant.")),
        ],
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["settings", F("max_population").asc(nulls_last=True)]
        verbose_name = _("population bracket")
        verbose_name_plural = _("population brackets")

    def __str__(self):
        if self.max_population is None:
            return _("no upper limit: %(hours)s h/week") % {"hours": self.hours_per_week}
        return _("up to %(max)s: %(hours)s h/week") % {
            "max": self.max_population,
            "hours": self.hours_per_week,
        }


class Choice(models.TextChoices):
    HOURS = "uren", _("Deliver hours")
    SURCHARGE = "ophoging", _("Pay the surcharge")


class MunicipalityYear(models.Model):
    """A gemeente in a year: its population and its choice between hours and the surcharge."""

    settings = models.ForeignKey(
        YearSettings, on_delete=models.CASCADE, related_name="municipalities"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="contribution_years",
        limit_choices_to={"kind": Organisation.Kind.GEMEENTE},
    )
    population = models.PositiveIntegerField(
        _("inhabitants"),
        validators=[
            MinValueValidator(1, _("Enter the number of inhabitants, at least 1.")),
            MaxValueValidator(2_000_000, _("At most 2,000,000 inhabitants.")),
        ],
    )
    choice = models.CharField(
        _("choice"), max_length=20, choices=Choice.choices, default=Choice.HOURS
    )
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        ordering = ["settings", "organisation__name"]
        verbose_name = _("municipality per year")
        verbose_name_plural = _("municipalities per year")
        constraints = [
            models.UniqueConstraint(
                fields=["settings", "organisation"], name="one_row_per_municipality_and_year"
            ),
        ]

    def __str__(self):
        return f"{self.organisation} {self.settings}"


class PartnerPledge(models.Model):
    """A partner's pledged capacity in a year: hours a week and a contact person; no money."""

    settings = models.ForeignKey(
        YearSettings, on_delete=models.CASCADE, related_name="partner_pledges"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("partner"),
        on_delete=models.PROTECT,
        related_name="pledges",
        limit_choices_to={"kind": Organisation.Kind.PARTNER},
    )
    contact_user = models.ForeignKey(
        django_settings.AUTH_USER_MODEL,
        verbose_name=_("contact person"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )
    contact_name = models.CharField(
        _("contact person (name)"),
        max_length=200,
        blank=True,
        help_text=_("For a contact person without an account."),
    )
    hours_per_week = models.DecimalField(
        _("pledged hours per week"),
        max_digits=4,
        decimal_places=1,
        default=Decimal("0"),
        validators=[
            MinValueValidator(Decimal("0"), _("Hours cannot be negative.")),
            MaxValueValidator(Decimal("200"), _("At most 200 hours per week.")),
        ],
    )
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        ordering = ["settings", "organisation__name"]
        verbose_name = _("partner pledge")
        verbose_name_plural = _("partner pledges")
        constraints = [
            models.UniqueConstraint(
                fields=["settings", "organisation"], name="one_pledge_per_partner_and_year"
            ),
        ]

    def __str__(self):
        return f"{self.organisation} {self.settings}"

    @property
    def contact(self) -> str:
        return str(self.contact_user) if self.contact_user_id else self.contact_name


class IncomeLine(models.Model):
    """Income of the year besides the computed contributions: subsidies, the reserve, other."""

    class Kind(models.TextChoices):
        SUBSIDIE = "subsidie", _("Subsidy")
        RESERVE = "reserve", _("Reserve")
        OVERIG = "overig", _("Other income")

    settings = models.ForeignKey(
        YearSettings, on_delete=models.CASCADE, related_name="income_lines"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    description = models.CharField(_("description"), max_length=200)
    amount = models.DecimalField(
        _("amount"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"), _("An amount cannot be negative."))],
    )
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        ordering = ["settings", "kind", "id"]
        verbose_name = _("income line")
        verbose_name_plural = _("income lines")

    def __str__(self):
        return self.description
