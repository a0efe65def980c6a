"""Every write to the contributions of a year goes through here.

Each service locks the year's settings row first, so that two editors of the same year are
served one after the other, re-checks the permission, and compares the `version` the editor
saw with the stored one: a stale save raises EditConflict and changes nothing.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from contributions import reference
from contributions.models import (
    FIRST_YEAR,
    LAST_YEAR,
    Bracket,
    Choice,
    IncomeLine,
    MunicipalityYear,
    PartnerPledge,
    YearSettings,
)
from contributions.permissions import can_edit_contributions
from platform_ivz.core.editing import EditConflict
from platform_ivz.core.models import Organisation, User


def _require_editor(actor) -> None:
    if not can_edit_contributions.test(actor):
        raise PermissionDenied


def _lock_year(settings: YearSettings) -> YearSettings:
    return YearSettings.objects.select_for_update().get(pk=settings.pk)


def _save(obj, actor, **kwargs) -> None:
    obj._history_user = actor
    obj.save(**kwargs)


def _bump(obj, actor) -> None:
    """Save with the version raised by one (in the database, so it cannot go back)."""
    obj.version = F("version") + 1
    _save(obj, actor)
    obj.refresh_from_db()


# A new year ----------------------------------------------------------------------------------


@transaction.atomic
def create_year(*, actor, year: int, copy_from: int | None = None) -> YearSettings:
    """A new year, with the settings of `copy_from` (or the seed's, if None) to edit."""
    _require_editor(actor)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationError(
            {
                "year": _("Enter a year from %(first)s to %(last)s.")
                % {"first": FIRST_YEAR, "last": LAST_YEAR}
            }
        )
    source = None
    if copy_from is not None:
        source = YearSettings.objects.filter(year=copy_from).prefetch_related("brackets").first()
        if source is None:
            raise ValidationError(
                {
                    "copy_from": _("There are no settings for %(year)s to copy.")
                    % {"year": copy_from}
                }
            )
    if YearSettings.objects.filter(year=year).exists():
        raise ValidationError({"year": _("The year %(year)s already exists.") % {"year": year}})
    settings = YearSettings(
        year=year,
        tariff_per_inhabitant=source.tariff_per_inhabitant
        if source
        else reference.TARIFFS[max(reference.TARIFFS)],
        projectleider_hours_per_week=source.projectleider_hours_per_week
        if source
        else reference.DEFAULT_PROJECTLEIDER_HOURS,
    )
    try:
        with transaction.atomic():
            _save(settings, actor)
    except IntegrityError:
        raise ValidationError(
            {"year": _("The year %(year)s already exists.") % {"year": year}}
        ) from None

    if source:
        brackets = [
            (b.max_population, b.hours_per_week, b.labour_value, b.surcharge_per_inhabitant)
            for b in source.brackets.all()
        ]
        rows = [
            (m.organisation, m.population, m.choice)
            for m in source.municipalities.select_related("organisation")
        ]
        for pledge in source.partner_pledges.all():
            _save(
                PartnerPledge(
                    settings=settings,
                    organisation_id=pledge.organisation_id,
                    contact_user_id=pledge.contact_user_id,
                    contact_name=pledge.contact_name,
                    hours_per_week=pledge.hours_per_week,
                ),
                actor,
            )
    else:
        brackets = reference.BRACKETS
        gemeenten = Organisation.objects.filter(kind=Organisation.Kind.GEMEENTE, active=True)
        rows = [
            (gemeente, reference.POPULATIONS[gemeente.name], Choice.HOURS)
            for gemeente in gemeenten
            if gemeente.name in reference.POPULATIONS
        ]
    for maximum, hours, value, surcharge in brackets:
        _save(
            Bracket(
                settings=settings,
                max_population=maximum,
                hours_per_week=hours,
                labour_value=value,
                surcharge_per_inhabitant=surcharge,
            ),
            actor,
        )
    for organisation, population, choice in rows:
        _save(
            MunicipalityYear(
                settings=settings, organisation=organisation, population=population, choice=choice
            ),
            actor,
        )
    return settings


# Tariff and brackets -------------------------------------------------------------------------


@dataclass
class BracketData:
    max_population: int | None
    hours_per_week: Decimal
    labour_value: Decimal
    surcharge_per_inhabitant: Decimal
    id: int | None = None
    delete: bool = False

    FIELDS = ("max_population", "hours_per_week", "labour_value", "surcharge_per_inhabitant")


def check_brackets(brackets: list[BracketData]) -> None:
    """The brackets kept must cover every population: distinct limits, one without a limit."""
    kept = [b for b in brackets if not b.delete]
    errors = []
    if not kept:
        errors.append(_("Keep at least one bracket."))
    open_ended = [b for b in kept if b.max_population is None]
    if kept and len(open_ended) != 1:
        errors.append(
            _(
                "Exactly one bracket, the highest, must have no upper limit; "
                "now %(count)s have none."
            )
            % {"count": len(open_ended)}
        )
    limits = [b.max_population for b in kept if b.max_population is not None]
    if len(limits) != len(set(limits)):
        errors.append(_("Two brackets have the same upper limit."))
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def update_year_settings(
    *,
    settings: YearSettings,
    actor,
    tariff_per_inhabitant: Decimal,
    projectleider_hours_per_week: Decimal,
    brackets: list[BracketData],
    expected_version: int,
) -> YearSettings:
    locked = _lock_year(settings)
    _require_editor(actor)
    if locked.version != expected_version:
        raise EditConflict(names=[str(locked.year)])
    check_brackets(brackets)
    existing = {bracket.pk: bracket for bracket in locked.brackets.all()}
    unknown = [b.id for b in brackets if b.id is not None and b.id not in existing]
    if unknown:
        raise ValidationError(_("A bracket in the form does not belong to this year."))

    for data in brackets:
        if data.id is None:
            if not data.delete:
                _save(
                    Bracket(settings=locked, **{name: getattr(data, name) for name in data.FIELDS}),
                    actor,
                )
            continue
        bracket = existing[data.id]
        if data.delete:
            bracket._history_user = actor
            bracket.delete()
        elif any(getattr(bracket, name) != getattr(data, name) for name in data.FIELDS):
            for name in data.FIELDS:
                setattr(bracket, name, getattr(data, name))
            _save(bracket, actor)

    locked.tariff_per_inhabitant = tariff_per_inhabitant
    locked.projectleider_hours_per_week = projectleider_hours_per_week
    locked.full_clean()
    _bump(locked, actor)
    return locked


# Populations and choices ---------------------------------------------------------------------


@dataclass
class MunicipalityData:
    organisation: Organisation
    population: int
    choice: str
    expected_version: int  # 0: the editor saw no row for this gemeente


def _conflicts(existing, rows, unchanged) -> list[str]:
    """Rows that someone else saved since the editor loaded them, and that differ now.

    A row whose submitted figures equal the stored ones needs no saving, so never conflicts.
    """
    names = []
    for row in rows:
        current = existing.get(row.organisation.pk)
        current_version = current.version if current else 0
        if current_version != row.expected_version and not (current and unchanged(current, row)):
            names.append(row.organisation.name)
    return names


def _same_municipality(current: MunicipalityYear, row) -> bool:
    return (current.population, current.choice) == (row.population, row.choice)


def _same_pledge(current: PartnerPledge, row) -> bool:
    contact_name = "" if row.contact_user else row.contact_name.strip()
    return (current.contact_user_id, current.contact_name, current.hours_per_week) == (
        row.contact_user.pk if row.contact_user else None,
        contact_name,
        Decimal(row.hours_per_week),
    )


@transaction.atomic
def update_municipalities(
    *, settings: YearSettings, actor, rows: list[MunicipalityData]
) -> list[MunicipalityYear]:
    """Populations and choices of the year's gemeenten; only changed rows are saved."""
    locked = _lock_year(settings)
    _require_editor(actor)
    not_gemeente = [row.organisation.name for row in rows if not row.organisation.is_gemeente]
    if not_gemeente:
        raise ValidationError(
            _("Not a municipality: %(names)s.") % {"names": ", ".join(not_gemeente)}
        )
    existing = {
        m.organisation_id: m
        for m in MunicipalityYear.objects.select_for_update().filter(settings=locked)
    }
    conflicts = _conflicts(existing, rows, _same_municipality)
    if conflicts:
        raise EditConflict(names=conflicts)
    if any(row.choice not in Choice.values for row in rows):
        raise ValidationError(_("Choose between delivering hours and paying the surcharge."))
    saved = []
    for row in rows:
        current = existing.get(row.organisation.pk)
        if current is None:
            current = MunicipalityYear(
                settings=locked,
                organisation=row.organisation,
                population=row.population,
                choice=row.choice,
            )
            current.full_clean(exclude=["settings", "organisation"])
            _save(current, actor)
        elif not _same_municipality(current, row):
            current.population = row.population
            current.choice = row.choice
            current.full_clean(exclude=["settings", "organisation", "version"])
            _bump(current, actor)
        saved.append(current)
    return saved


# Partners ------------------------------------------------------------------------------------


@dataclass
class PledgeData:
    organisation: Organisation
    contact_user: User | None
    contact_name: str
    hours_per_week: Decimal
    expected_version: int  # 0: the editor saw no pledge for this partner


@transaction.atomic
def update_partner_pledges(
    *, settings: YearSettings, actor, rows: list[PledgeData]
) -> list[PartnerPledge]:
    """Contact person and pledged hours per partner; a partner left empty gets no pledge."""
    locked = _lock_year(settings)
    _require_editor(actor)
    errors = []
    for row in rows:
        if row.organisation.kind != Organisation.Kind.PARTNER:
            errors.append(_("Not a partner: %(name)s.") % {"name": row.organisation.name})
        user = row.contact_user
        if user is not None and (not user.is_active or user.organisation_id != row.organisation.pk):
            errors.append(
                _("The contact person of %(name)s must be an active member of it.")
                % {"name": row.organisation.name}
            )
    if errors:
        raise ValidationError(errors)
    existing = {
        p.organisation_id: p
        for p in PartnerPledge.objects.select_for_update().filter(settings=locked)
    }
    conflicts = _conflicts(existing, rows, _same_pledge)
    if conflicts:
        raise EditConflict(names=conflicts)
    saved = []
    for row in rows:
        values = {
            "contact_user": row.contact_user,
            "contact_name": "" if row.contact_user else row.contact_name.strip(),
            "hours_per_week": row.hours_per_week,
        }
        current = existing.get(row.organisation.pk)
        if current is None:
            if not values["contact_user"] and not values["contact_name"] and not row.hours_per_week:
                continue
            current = PartnerPledge(settings=locked, organisation=row.organisation, **values)
            current.full_clean(exclude=["settings", "organisation", "contact_user"])
            _save(current, actor)
        elif not _same_pledge(current, row):
            for name, value in values.items():
                setattr(current, name, value)
            current.full_clean(exclude=["settings", "organisation", "contact_user", "version"])
            _bump(current, actor)
        saved.append(current)
    return saved


# Income --------------------------------------------------------------------------------------


@transaction.atomic
def save_income_line(
    *,
    settings: YearSettings,
    actor,
    kind: str,
    description: str,
    amount: Decimal,
    line: IncomeLine | None = None,
    expected_version: int | None = None,
) -> IncomeLine:
    """Add an income line to the year, or change `line` (which must belong to the year)."""
    locked = _lock_year(settings)
    _require_editor(actor)
    if line is None:
        line = IncomeLine(settings=locked)
    else:
        line = IncomeLine.objects.select_for_update().filter(settings=locked, pk=line.pk).first()
        if line is None or line.version != expected_version:
            raise EditConflict(names=[description])
    line.kind = kind
    line.description = description.strip()
    line.amount = amount
    line.full_clean(exclude=["settings", "version"])
    if line.pk:
        _bump(line, actor)
    else:
        _save(line, actor)
    return line


@transaction.atomic
def delete_income_line(*, line: IncomeLine, actor) -> None:
    _lock_year(line.settings)
    _require_editor(actor)
    locked = IncomeLine.objects.select_for_update().filter(pk=line.pk).first()
    if locked is not None:
        locked._history_user = actor
        locked.delete()
