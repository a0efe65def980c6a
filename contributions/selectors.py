"""Reads of the contributions app: the table, the hours, the budget and the history of a year.

Everything here is visible to every signed-in user (docs/ARCHITECTURE.md §4), except the work and
money of a confidential project, which follow projects.permissions.can_view_project_details
(as a query: projects.permissions.details_visible_q); everybody else gets only their totals.
Each read runs a fixed number of queries, however many organisations and memberships
there are. Project data is read from projects.models directly: contributions sits above
projects in the flow of data.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import pairwise

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from contributions.calculations import (
    bracket_for,
    overlap_days,
    pro_rata_hours,
    ratio,
    round_euro,
    sort_brackets,
    year_bounds,
)
from contributions.models import (
    WEEKS_PER_YEAR,
    Bracket,
    Choice,
    IncomeLine,
    MunicipalityYear,
    PartnerPledge,
    YearSettings,
)
from platform_ivz.core.formatting import number
from platform_ivz.core.models import Organisation, User
from projects.models import BudgetLine, GroupMember, Project
from projects.permissions import can_view_project_details, projects_with_visible_details
from projects.selectors import dates_touch_q, projects_active_in, stopped_at, with_stopped_at

ZERO = Decimal("0")


# Years ---------------------------------------------------------------------------------------


def years() -> list[int]:
    return list(YearSettings.objects.order_by("year").values_list("year", flat=True))


def year_settings(year: int) -> YearSettings:
    """The settings of `year`, with its brackets; YearSettings.DoesNotExist if there are none."""
    return YearSettings.objects.prefetch_related("brackets").get(year=year)


def default_year(today: datetime.date | None = None) -> int | None:
    """This year if it has settings, else the last year before it, else the first one after."""
    today = today or timezone.localdate()
    known = years()
    if not known:
        return None
    earlier = [year for year in known if year <= today.year]
    return earlier[-1] if earlier else known[0]


def previous_year(year: int) -> int | None:
    return (
        YearSettings.objects.filter(year__lt=year)
        .order_by("-year")
        .values_list("year", flat=True)
        .first()
    )


# The contribution table ----------------------------------------------------------------------


def bracket_labels(brackets) -> dict[int, str]:
    """Bracket id → "up to 25.999", "26.000 to 37.999", ..., "85.001 or more"."""
    labels = {}
    lower = 0
    for bracket in sort_brackets(brackets):
        if bracket.max_population is None:
            labels[bracket.pk] = _("%(min)s or more") % {"min": number(lower)}
        elif lower == 0:
            labels[bracket.pk] = _("up to %(max)s") % {"max": number(bracket.max_population)}
        else:
            labels[bracket.pk] = _("%(min)s to %(max)s") % {
                "min": number(lower),
                "max": number(bracket.max_population),
            }
        if bracket.max_population is not None:
            lower = bracket.max_population + 1
    return labels


@dataclass
class TableRow:
    municipality: MunicipalityYear
    bracket: Bracket | None
    bracket_label: str
    tariff: Decimal

    @property
    def organisation(self) -> Organisation:
        return self.municipality.organisation

    @property
    def population(self) -> int:
        return self.municipality.population

    @property
    def choice(self) -> str:
        return self.municipality.choice

    @property
    def choice_label(self) -> str:
        return self.municipality.get_choice_display()

    @property
    def pays_surcharge(self) -> bool:
        return self.choice == Choice.SURCHARGE

    @property
    def inwonersbijdrage(self) -> Decimal:
        return self.population * self.tariff

    @property
    def hours_per_week(self) -> Decimal:
        return self.bracket.hours_per_week if self.bracket else ZERO

    @property
    def labour_value(self) -> Decimal:
        return self.bracket.labour_value if self.bracket else ZERO

    @property
    def surcharge_rate(self) -> Decimal:
        return self.bracket.surcharge_per_inhabitant if self.bracket else ZERO

    @property
    def surcharge_amount(self) -> Decimal:
        """What the surcharge would be, whatever the choice (the seed's table shows both)."""
        return self.population * self.surcharge_rate

    @property
    def surcharge_due(self) -> Decimal:
        return self.surcharge_amount if self.pays_surcharge else ZERO

    @property
    def total(self) -> Decimal:
        return self.inwonersbijdrage + self.surcharge_due

    @property
    def pledged_hours_per_week(self) -> Decimal:
        return ZERO if self.pays_surcharge else self.hours_per_week

    @property
    def pledged_hours(self) -> Decimal:
        return self.pledged_hours_per_week * WEEKS_PER_YEAR


@dataclass
class ContributionTable:
    settings: YearSettings
    rows: list[TableRow]
    missing: list[Organisation]  # active gemeenten without a population this year

    def _sum(self, attribute) -> Decimal:
        return sum((getattr(row, attribute) for row in self.rows), ZERO)

    @property
    def population(self) -> int:
        return sum(row.population for row in self.rows)

    @property
    def inwonersbijdrage(self) -> Decimal:
        return self._sum("inwonersbijdrage")

    @property
    def surcharge_amount(self) -> Decimal:
        return self._sum("surcharge_amount")

    @property
    def surcharge_due(self) -> Decimal:
        return self._sum("surcharge_due")

    @property
    def total(self) -> Decimal:
        return self._sum("total")

    @property
    def pledged_hours_per_week(self) -> Decimal:
        return self._sum("pledged_hours_per_week")

    @property
    def labour_value_pledged(self) -> Decimal:
        return sum((row.labour_value for row in self.rows if not row.pays_surcharge), ZERO)

    @property
    def choosing_hours(self) -> int:
        return sum(1 for row in self.rows if not row.pays_surcharge)

    @property
    def choosing_surcharge(self) -> int:
        return sum(1 for row in self.rows if row.pays_surcharge)

    @property
    def without_bracket(self) -> list[TableRow]:
        return [row for row in self.rows if row.bracket is None]


def contribution_table(settings: YearSettings) -> ContributionTable:
    brackets = list(settings.brackets.all())
    labels = bracket_labels(brackets)
    municipalities = list(
        settings.municipalities.select_related("organisation").order_by("organisation__name")
    )
    rows = []
    for municipality in municipalities:
        bracket = bracket_for(municipality.population, brackets)
        rows.append(
            TableRow(
                municipality=municipality,
                bracket=bracket,
                bracket_label=labels.get(bracket.pk, "") if bracket else "",
                tariff=settings.tariff_per_inhabitant,
            )
        )
    present = {m.organisation_id for m in municipalities}
    missing = [
        organisation
        for organisation in Organisation.objects.filter(
            kind=Organisation.Kind.GEMEENTE, active=True
        ).order_by("name")
        if organisation.pk not in present
    ]
    return ContributionTable(settings=settings, rows=rows, missing=missing)


# Hours pledged and delivered -----------------------------------------------------------------

PROJECTLEIDER_ROLE = gettext_lazy("Project leader")


@dataclass
class Delivery:
    """One line behind an organisation's delivered hours: a person's work on a project."""

    project: Project
    person: str
    role: str
    hours_per_week: Decimal
    start: datetime.date
    end: datetime.date
    days: int

    @property
    def hours(self) -> Decimal:
        return pro_rata_hours(self.hours_per_week, self.days)


@dataclass(frozen=True)
class ConfidentialHours:
    """An organisation's work on confidential projects the user may not see, as one total:
    no titles, names, roles or dates."""

    projects: int
    hours_per_week: Decimal
    hours: Decimal


@dataclass
class OrganisationHours:
    organisation: Organisation
    pledged_per_week: Decimal = ZERO
    deliveries: list[Delivery] = field(default_factory=list)
    choice: str = ""  # gemeenten: Choice value; partners: ""
    has_row: bool = True  # gemeenten: population entered for the year; partners: a pledge
    contact: str = ""
    share_of_year: Decimal = Decimal("1")  # of the year counted so far (1: the whole year)
    # Set by hide_confidential_work: the deliveries taken out of `deliveries`, as a total.
    confidential: ConfidentialHours | None = None

    @property
    def is_gemeente(self) -> bool:
        return self.organisation.is_gemeente

    @property
    def pays_surcharge(self) -> bool:
        return self.choice == Choice.SURCHARGE

    @property
    def pledged(self) -> Decimal:
        """For the whole year: weekly hours × 52."""
        return self.pledged_per_week * WEEKS_PER_YEAR

    @property
    def pledged_to_date(self) -> Decimal:
        """The part of the pledge due by the count date (all of it once the year is over)."""
        return self.pledged * self.share_of_year

    @property
    def delivered(self) -> Decimal:
        hidden = self.confidential.hours if self.confidential else ZERO
        return sum((delivery.hours for delivery in self.deliveries), hidden)

    @property
    def ratio(self) -> Decimal | None:
        return ratio(self.delivered, self.pledged_to_date)

    @property
    def project_count(self) -> int:
        hidden = self.confidential.projects if self.confidential else 0
        return len({delivery.project.pk for delivery in self.deliveries}) + hidden

    @property
    def status(self) -> str:
        """In words, so that the chart and table never rely on colour."""
        if self.is_gemeente and not self.has_row:
            return _("no population entered")
        if self.pays_surcharge:
            return _("pays the surcharge")
        if not self.pledged:
            return _("nothing pledged")
        if self.delivered >= self.pledged_to_date:
            return _("pledge met")
        return _("behind on the pledge")


@dataclass
class HoursOverview:
    settings: YearSettings
    organisations: list[OrganisationHours]
    until: datetime.date  # hours are counted up to and including this day

    @property
    def complete(self) -> bool:
        return self.until == year_bounds(self.settings.year)[1]

    @property
    def ranked(self) -> list[OrganisationHours]:
        """Highest delivered ÷ pledged first; those without a pledge last, by name."""
        return sorted(
            self.organisations,
            key=lambda o: (o.ratio is None, -(o.ratio or ZERO), -o.delivered, o.organisation.name),
        )

    @property
    def pledged(self) -> Decimal:
        return sum((o.pledged for o in self.organisations), ZERO)

    @property
    def pledged_to_date(self) -> Decimal:
        return sum((o.pledged_to_date for o in self.organisations), ZERO)

    @property
    def delivered(self) -> Decimal:
        return sum((o.delivered for o in self.organisations), ZERO)

    @property
    def ratio(self) -> Decimal | None:
        return ratio(self.delivered, self.pledged_to_date)

    def for_organisation(self, organisation_pk: int) -> OrganisationHours | None:
        for entry in self.organisations:
            if entry.organisation.pk == organisation_pk:
                return entry
        return None


def _project_end(project: Project) -> datetime.date | None:
    """The project's end: its end date, or the day it was stopped if that came first."""
    ends = [project.end_date]
    stopped_at = getattr(project, "stopped_at", None)
    if stopped_at is not None:
        ends.append(timezone.localdate(stopped_at))
    ends = [end for end in ends if end is not None]
    return min(ends) if ends else None


def _earliest(*dates):
    known = [date for date in dates if date is not None]
    return min(known) if known else None


def memberships_in_period(start: datetime.date, end: datetime.date):
    """Project group members whose own dates touch the period, with their project's end."""
    return (
        GroupMember.objects.filter(dates_touch_q(start, end))
        .select_related("project", "user", "organisation")
        .annotate(project_stopped_at=stopped_at("project"))
        .order_by("project__title", "id")
    )


def led_projects_in_period(start: datetime.date, end: datetime.date):
    """Projects with a projectleider and dates that touch the period."""
    return (
        with_stopped_at(projects_active_in(start, end).filter(projectleider__isnull=False))
        .select_related("projectleider")
        .annotate(
            leader_in_group=Exists(
                GroupMember.objects.filter(project=OuterRef("pk"), user=OuterRef("projectleider"))
            ),
        )
        .order_by("title", "id")
    )


def count_until(year: int, today: datetime.date | None = None) -> datetime.date:
    """The last day that counts: today in a running year, else the year's last day."""
    today = today or timezone.localdate()
    last = year_bounds(year)[1]
    return today if today.year == year else last


def deliveries_in_year(
    settings: YearSettings, until: datetime.date | None = None
) -> dict[int, list[Delivery]]:
    """Organisation id → the work that counts as delivered in the year up to `until`.

    Two queries, however many memberships and projects there are.
    """
    first = year_bounds(settings.year)[0]
    last = until or year_bounds(settings.year)[1]
    deliveries = defaultdict(list)
    for member in memberships_in_period(first, last):
        project = member.project
        project.stopped_at = member.project_stopped_at
        end = _earliest(member.end_date, _project_end(project), last)
        start = max(member.start_date, first)
        days = overlap_days(start, end, first, last)
        if days:
            deliveries[member.organisation_id].append(
                Delivery(
                    project=project,
                    person=str(member),
                    role=member.get_function_display(),
                    hours_per_week=member.hours_per_week,
                    start=start,
                    end=end,
                    days=days,
                )
            )
    leader_hours = settings.projectleider_hours_per_week
    if leader_hours:
        for project in led_projects_in_period(first, last):
            leader = project.projectleider
            if project.leader_in_group or leader.organisation_id is None:
                continue
            start = max(project.start_date, first)
            end = _earliest(_project_end(project), last)
            days = overlap_days(start, end, first, last)
            if days:
                deliveries[leader.organisation_id].append(
                    Delivery(
                        project=project,
                        person=str(leader),
                        role=str(PROJECTLEIDER_ROLE),
                        hours_per_week=leader_hours,
                        start=start,
                        end=end,
                        days=days,
                    )
                )
    return deliveries


def hours_overview(settings: YearSettings, until: datetime.date | None = None) -> HoursOverview:
    """Every gemeente and partner with hours pledged and delivered in the year.

    In a running year the hours count up to today (or `until`, a peildatum), and the pledge
    is compared pro rata: the part of the year's pledge due by then.
    """
    until = until or count_until(settings.year)
    first, last = year_bounds(settings.year)
    share = Decimal((until - first).days + 1) / Decimal((last - first).days + 1)
    table = contribution_table(settings)
    deliveries = deliveries_in_year(settings, until)
    entries: dict[int, OrganisationHours] = {}
    for row in table.rows:
        entries[row.organisation.pk] = OrganisationHours(
            organisation=row.organisation,
            pledged_per_week=row.pledged_hours_per_week,
            choice=row.choice,
        )
    for organisation in table.missing:
        entries[organisation.pk] = OrganisationHours(
            organisation=organisation, choice=Choice.HOURS, has_row=False
        )
    pledges = settings.partner_pledges.select_related("organisation", "contact_user")
    for pledge in pledges:
        entries[pledge.organisation_id] = OrganisationHours(
            organisation=pledge.organisation,
            pledged_per_week=pledge.hours_per_week,
            contact=pledge.contact,
        )
    # Active partners without a pledge, and any organisation that delivered hours.
    others = Organisation.objects.filter(
        Q(kind=Organisation.Kind.PARTNER, active=True) | Q(pk__in=list(deliveries))
    ).exclude(pk__in=list(entries))
    for organisation in others:
        entries[organisation.pk] = OrganisationHours(
            organisation=organisation,
            has_row=not organisation.is_gemeente,
            choice=Choice.HOURS if organisation.is_gemeente else "",
        )
    for organisation_pk, items in deliveries.items():
        entries[organisation_pk].deliveries = items
    for entry in entries.values():
        entry.share_of_year = share
    ordered = sorted(entries.values(), key=lambda e: (not e.is_gemeente, e.organisation.name))
    return HoursOverview(settings=settings, organisations=ordered, until=until)


def hide_confidential_work(entries, user) -> None:
    """Take out of each entry the work on confidential projects that `user` may not see, and
    keep it only as a total (`entry.confidential`): the hours still count, but the project,
    the people, their roles and dates are not shown. One query for all entries together."""
    entries = list(entries)
    confidential = {
        delivery.project.pk
        for entry in entries
        for delivery in entry.deliveries
        if delivery.project.vertrouwelijk
    }
    not_shown = confidential - projects_with_visible_details(user, confidential)
    for entry in entries:
        hidden = [d for d in entry.deliveries if d.project.pk in not_shown]
        if not hidden:
            continue
        entry.deliveries = [d for d in entry.deliveries if d.project.pk not in not_shown]
        entry.confidential = ConfidentialHours(
            projects=len({delivery.project.pk for delivery in hidden}),
            hours_per_week=sum((delivery.hours_per_week for delivery in hidden), ZERO),
            hours=sum((delivery.hours for delivery in hidden), ZERO),
        )


# The budget ----------------------------------------------------------------------------------

# Costs that the Platform's own income pays; local and partner money stays outside it.
CHARGED_TO_PLATFORM = (BudgetLine.FundingSource.PLATFORM, BudgetLine.FundingSource.SUBSIDIE)


@dataclass
class ProjectCosts:
    project: Project | None  # None: the confidential projects this user may not see, together
    title: str
    planned: dict = field(default_factory=lambda: defaultdict(lambda: ZERO))
    # Per funding source the realised amounts reported; a source without any is absent, so
    # unknown stays unknown (docs/ARCHITECTURE.md §6.1), never € 0.
    realised: dict = field(default_factory=dict)
    project_count: int = 1

    @property
    def planned_total(self) -> Decimal:
        return sum(self.planned.values(), ZERO)

    @property
    def realised_total(self) -> Decimal | None:
        return known_sum(self.realised.values())

    @property
    def planned_platform(self) -> Decimal:
        return sum((self.planned[s] for s in CHARGED_TO_PLATFORM), ZERO)

    @property
    def realised_platform(self) -> Decimal | None:
        return known_sum(self.realised.get(s) for s in CHARGED_TO_PLATFORM)


def known_sum(values) -> Decimal | None:
    """The sum of the known amounts; None when none is known (unknown is not € 0)."""
    known = [value for value in values if value is not None]
    return sum(known, ZERO) if known else None


@dataclass
class SourceTotal:
    source: str
    label: str
    planned: Decimal
    realised: Decimal | None
    charged_to_platform: bool

    @property
    def nothing(self) -> bool:
        """Nothing planned and nothing recorded: shown as "—", not as € 0,00 and "niet
        gerapporteerd" (which stays for planned money without realised amounts)."""
        return not self.planned and self.realised is None


@dataclass
class Budget:
    settings: YearSettings
    table: ContributionTable
    income_lines: list[IncomeLine]
    projects: list[ProjectCosts]

    @property
    def inwonersbijdragen(self) -> Decimal:
        """In whole euros, as the contribution table shows the total."""
        return round_euro(self.table.inwonersbijdrage)

    @property
    def surcharges(self) -> Decimal:
        return round_euro(self.table.surcharge_due)

    @property
    def other_income(self) -> Decimal:
        return sum((line.amount for line in self.income_lines), ZERO)

    @property
    def income(self) -> Decimal:
        return self.inwonersbijdragen + self.surcharges + self.other_income

    @property
    def by_source(self) -> list[SourceTotal]:
        return [
            SourceTotal(
                source=source,
                label=label,
                planned=sum((p.planned[source] for p in self.projects), ZERO),
                realised=known_sum(p.realised.get(source) for p in self.projects),
                charged_to_platform=source in CHARGED_TO_PLATFORM,
            )
            for source, label in BudgetLine.FundingSource.choices
        ]

    @property
    def planned_total(self) -> Decimal:
        return sum((p.planned_total for p in self.projects), ZERO)

    @property
    def realised_total(self) -> Decimal | None:
        return known_sum(p.realised_total for p in self.projects)

    @property
    def planned_platform(self) -> Decimal:
        return sum((p.planned_platform for p in self.projects), ZERO)

    @property
    def realised_platform(self) -> Decimal | None:
        return known_sum(p.realised_platform for p in self.projects)

    @property
    def balance_planned(self) -> Decimal:
        return self.income - self.planned_platform

    @property
    def balance_realised(self) -> Decimal | None:
        spent = self.realised_platform
        return None if spent is None else self.income - spent


def budget_lines_for_year(year: int):
    return (
        BudgetLine.objects.filter(year=year)
        .select_related("project")
        .order_by("project__title", "project_id", "id")
    )


def budget(settings: YearSettings, user) -> Budget:
    per_project: dict[int, ProjectCosts] = {}
    hidden = ProjectCosts(project=None, title=_("Confidential projects"), project_count=0)
    allowed: dict[int, bool] = {}
    for line in budget_lines_for_year(settings.year):
        project = line.project
        if project.vertrouwelijk and project.pk not in allowed:
            allowed[project.pk] = can_view_project_details.test(user, project)
        if project.vertrouwelijk and not allowed[project.pk]:
            costs = hidden
            if project.pk not in per_project:
                per_project[project.pk] = hidden
                hidden.project_count += 1
        else:
            costs = per_project.setdefault(
                project.pk, ProjectCosts(project=project, title=project.title)
            )
        costs.planned[line.funding_source] += line.planned_amount
        if line.realised_amount is not None:  # the one rule: projects.money
            source = line.funding_source
            costs.realised[source] = costs.realised.get(source, ZERO) + line.realised_amount
    projects = [costs for costs in per_project.values() if costs is not hidden]
    if hidden.project_count:
        projects.append(hidden)
    return Budget(
        settings=settings,
        table=contribution_table(settings),
        income_lines=list(settings.income_lines.all()),
        projects=projects,
    )


# Partners ------------------------------------------------------------------------------------


def partner_pledges(settings: YearSettings) -> list[PartnerPledge]:
    return list(settings.partner_pledges.select_related("organisation", "contact_user"))


def partners_for_year(settings: YearSettings) -> list[Organisation]:
    """Active partners, plus inactive ones that have a pledge in the year."""
    return list(
        Organisation.objects.filter(kind=Organisation.Kind.PARTNER)
        .filter(Q(active=True) | Q(pledges__settings=settings))
        .distinct()
        .order_by("name")
    )


def gemeenten_for_year(settings: YearSettings) -> list[Organisation]:
    """Active gemeenten, plus inactive ones that have a population in the year."""
    return list(
        Organisation.objects.filter(kind=Organisation.Kind.GEMEENTE)
        .filter(Q(active=True) | Q(contribution_years__settings=settings))
        .distinct()
        .order_by("name")
    )


def contact_candidates(organisations) -> list[User]:
    """Active users of the given organisations, for a partner's contact person."""
    return list(
        User.objects.filter(is_active=True, organisation__in=organisations)
        .select_related("organisation")
        .order_by("organisation__name", "first_name", "last_name", "username")
    )


# History -------------------------------------------------------------------------------------


@dataclass
class Change:
    field: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    when: datetime.datetime
    who: str
    action: str
    subject: str
    changes: list[Change]


def _display(record, field_name: str) -> str:
    model_field = record.instance_type._meta.get_field(field_name)
    value = getattr(record, model_field.attname)
    if value is None or value == "":
        return "—"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if model_field.is_relation:
        related = getattr(record, field_name, None)
        return str(related) if related is not None else "—"
    if isinstance(value, Decimal):
        return number_format(value, model_field.decimal_places, use_l10n=True, force_grouping=True)
    if isinstance(value, int) and field_name != "year":
        return number(value)
    return str(value)


def _subject(record) -> str:
    model = record.instance_type
    if model is YearSettings:
        return _("Settings of %(year)s") % {"year": record.year}
    if model is Bracket:
        return _("Bracket %(label)s") % {
            "label": number(record.max_population)
            if record.max_population is not None
            else _("without upper limit")
        }
    if model is IncomeLine:
        return _("Income: %(description)s") % {"description": record.description}
    return str(record.organisation)


HISTORY_FIELDS = {
    YearSettings: ["tariff_per_inhabitant", "projectleider_hours_per_week"],
    Bracket: ["max_population", "hours_per_week", "labour_value", "surcharge_per_inhabitant"],
    MunicipalityYear: ["population", "choice"],
    PartnerPledge: ["contact_user", "contact_name", "hours_per_week"],
    IncomeLine: ["kind", "description", "amount"],
}

ACTIONS = {
    "+": gettext_lazy("created"),
    "~": gettext_lazy("changed"),
    "-": gettext_lazy("deleted"),
}


def history(settings: YearSettings) -> list[HistoryEntry]:
    """Who changed what when in the year's settings, newest first (one query per model)."""
    sources = [
        YearSettings.history.filter(id=settings.pk),
        Bracket.history.filter(settings_id=settings.pk),
        MunicipalityYear.history.filter(settings_id=settings.pk).select_related("organisation"),
        PartnerPledge.history.filter(settings_id=settings.pk).select_related(
            "organisation", "contact_user"
        ),
        IncomeLine.history.filter(settings_id=settings.pk),
    ]
    entries = []
    for queryset in sources:
        records = list(queryset.select_related("history_user").order_by("history_date", "pk"))
        by_object = defaultdict(list)
        for record in records:
            by_object[record.id].append(record)
        for object_records in by_object.values():
            for previous, record in pairwise([None, *object_records]):
                fields = HISTORY_FIELDS[record.instance_type]
                if record.history_type == "~" and previous is not None:
                    changes = [
                        Change(
                            str(record.instance_type._meta.get_field(name).verbose_name),
                            _display(previous, name),
                            _display(record, name),
                        )
                        for name in fields
                        if _display(previous, name) != _display(record, name)
                    ]
                    if not changes:
                        continue
                else:
                    changes = [
                        Change(
                            str(record.instance_type._meta.get_field(name).verbose_name),
                            "",
                            _display(record, name),
                        )
                        for name in fields
                    ]
                entries.append(
                    HistoryEntry(
                        when=record.history_date,
                        who=str(record.history_user) if record.history_user else _("the system"),
                        action=str(ACTIONS.get(record.history_type, record.history_type)),
                        subject=_subject(record),
                        changes=changes,
                    )
                )
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries
