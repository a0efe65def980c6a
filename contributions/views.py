"""Pages of the contributions app. Thin: reads in selectors, writes in services.

Every signed-in user sees every page; the edit pages answer 403 to all but the
regiocoördinator and the beheerder (contributions.permissions).
"""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from contributions import charts, exports, selectors, services
from contributions.forms import (
    BracketFormSet,
    IncomeLineForm,
    MunicipalityFormSet,
    NewYearForm,
    PartnerFormSet,
    YearSettingsForm,
)
from contributions.models import Choice, YearSettings
from contributions.permissions import can_edit_contributions
from platform_ivz.core import charts as core_charts
from platform_ivz.core import exports as table_exports
from platform_ivz.core.editing import EditConflict, refuse_stale_edit, replace_posted
from platform_ivz.core.formatting import number

PAGE_SIZE = 25

# The tabs of a year (labels in contributions/_year_nav.html): section → URL name.
SECTIONS = {
    "table": "contributions:year",
    "hours": "contributions:hours",
    "budget": "contributions:budget",
    "settings": "contributions:settings",
}


def with_year(view):
    """Pass the year's settings to the view; a year without settings gets a clear 404 page."""

    @wraps(view)
    def wrapper(request, year, *args, **kwargs):
        try:
            settings = selectors.year_settings(year)
        except YearSettings.DoesNotExist:
            return render(
                request,
                "contributions/year_missing.html",
                {
                    "year": year,
                    "years": selectors.years(),
                    "can_edit": can_edit_contributions.test(request.user),
                },
                status=404,
            )
        return view(request, settings, *args, **kwargs)

    return wrapper


def _require_editor(user) -> None:
    if not can_edit_contributions.test(user):
        raise PermissionDenied


def _context(request, settings: YearSettings, section: str, **extra) -> dict:
    return {
        "settings": settings,
        "year": settings.year,
        "year_label": str(settings.year),  # never "2.018"
        "years": selectors.years(),
        "section": section,
        "section_url": SECTIONS[section],
        "can_edit": can_edit_contributions.test(request.user),
        **extra,
    }


# Reading -------------------------------------------------------------------------------------


def table(request, year=None):
    if year is None:
        year = selectors.default_year()
        if year is None:
            return render(
                request,
                "contributions/no_years.html",
                {"can_edit": can_edit_contributions.test(request.user)},
            )
    return year_table(request, year)


@with_year
def year_table(request, settings):
    return render(
        request,
        "contributions/table.html",
        _context(request, settings, "table", table=selectors.contribution_table(settings)),
    )


def _chart(overview: selectors.HoursOverview):
    if overview.complete:
        title = _("Hours pledged and delivered in %(year)s") % {"year": overview.settings.year}
    else:
        title = _("Hours pledged and delivered in %(year)s, up to and including %(date)s") % {
            "year": overview.settings.year,
            "date": date_format(overview.until, "j F Y"),
        }
    return charts.hours_chart(
        overview.ranked,
        title=title,
        description=_(
            "For each municipality and partner, ranked by delivered divided by pledged: "
            "the hours pledged for the year (hatched bar) and the hours delivered in projects "
            "(solid bar). The same figures are in the table below the chart."
        ),
        id_prefix=f"uren-{overview.settings.year}",
        font=core_charts.PAGE_FONT,
    )


@with_year
def hours(request, settings):
    overview = selectors.hours_overview(settings)
    return render(
        request,
        "contributions/hours.html",
        _context(request, settings, "hours", overview=overview, chart=_chart(overview)),
    )


@with_year
def organisation_hours(request, settings, organisation_pk):
    overview = selectors.hours_overview(settings)
    entry = overview.for_organisation(organisation_pk)
    if entry is None:
        raise Http404
    selectors.hide_confidential_work([entry], request.user)
    return render(
        request,
        "contributions/organisation_hours.html",
        _context(request, settings, "hours", entry=entry),
    )


@with_year
def budget(request, settings):
    return render(
        request,
        "contributions/budget.html",
        _context(request, settings, "budget", budget=selectors.budget(settings, request.user)),
    )


@with_year
def settings_page(request, settings):
    table = selectors.contribution_table(settings)
    brackets = list(settings.brackets.all())
    labels = selectors.bracket_labels(brackets)
    page = Paginator(selectors.history(settings), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "contributions/settings.html",
        _context(
            request,
            settings,
            "settings",
            brackets=[(bracket, labels[bracket.pk]) for bracket in brackets],
            table=table,
            pledges=selectors.partner_pledges(settings),
            income_lines=settings.income_lines.all(),
            page=page,
        ),
    )


EXPORTS = {"table", "hours", "budget"}


@with_year
def export(request, settings, what, fmt):
    if what not in EXPORTS or fmt not in ("csv", "xlsx"):
        raise Http404
    year = settings.year
    if what == "table":
        sheets = [exports.table_sheet(selectors.contribution_table(settings))]
        filename = f"bijdragen-{year}"
    elif what == "hours":
        sheets = exports.hours_sheets(selectors.hours_overview(settings), request.user)
        filename = f"uren-{year}"
    else:
        sheets = [exports.budget_sheet(selectors.budget(settings, request.user))]
        filename = f"begroting-{year}"
    if fmt == "csv":
        return table_exports.csv_response(sheets[0], filename)
    return table_exports.xlsx_response(sheets, filename)


# Editing -------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def year_create(request):
    _require_editor(request.user)
    known = selectors.years()
    form = NewYearForm(
        request.POST or None,
        known_years=known,
        initial={"year": (max(known) + 1) if known else None, "copy_from": max(known, default="")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            settings = services.create_year(
                actor=request.user,
                year=form.cleaned_data["year"],
                copy_from=form.cleaned_data["copy_from"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                _("The year %(year)s has been created. Check the figures below and adjust them.")
                % {"year": settings.year},
            )
            return redirect("contributions:settings", year=settings.year)
    return render(
        request,
        "contributions/year_create.html",
        {"form": form, "years": known},
        status=400 if form.errors else 200,
    )


def _add_errors(form, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, field_errors in error.message_dict.items():
        form.add_error(field if field in form.fields else None, field_errors)


CONFLICT = gettext_lazy(
    "Someone else changed these figures after you opened this page: %(names)s. What you "
    "entered is still in the form below, next to the figures as they are now. Check them, "
    "then save again."
)


@with_year
@require_http_methods(["GET", "POST"])
def settings_edit(request, settings):
    _require_editor(request.user)
    form = YearSettingsForm(request.POST or None, instance=settings)
    formset = BracketFormSet(
        request.POST or None, queryset=settings.brackets.all(), prefix="brackets"
    )
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            services.update_year_settings(
                settings=settings,
                actor=request.user,
                tariff_per_inhabitant=form.cleaned_data["tariff_per_inhabitant"],
                projectleider_hours_per_week=form.cleaned_data["projectleider_hours_per_week"],
                brackets=formset.bracket_data(),
                expected_version=form.cleaned_data["version"] or 0,
            )
        except EditConflict:
            current = YearSettings.objects.get(pk=settings.pk)
            names = _("the settings of %(year)s") % {"year": current.year}
            refuse_stale_edit(form, str(CONFLICT) % {"names": names}, version=current.version)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The settings have been saved."))
            return redirect("contributions:settings", year=settings.year)
    has_errors = bool(form.errors or any(formset.errors) or formset.non_form_errors())
    return render(
        request,
        "contributions/settings_form.html",
        _context(request, settings, "settings", form=form, formset=formset, has_errors=has_errors),
        status=400 if has_errors else 200,
    )


def _row_initial(organisations, existing, values) -> list[dict]:
    rows = []
    for organisation in organisations:
        current = existing.get(organisation.pk)
        rows.append(
            {
                "organisation": organisation.pk,
                "version": current.version if current else 0,
                **values(current),
            }
        )
    return rows


def _conflicting_rows(formset, names, existing, describe) -> dict:
    """Set the versions of rows changed by someone else to the current ones; say what they are."""
    now = {}
    new_versions = {}
    for index, (organisation, _form) in enumerate(formset.rows()):
        if organisation.name in names:
            current = existing.get(organisation.pk)
            new_versions[f"{formset.prefix}-{index}-version"] = current.version if current else 0
            now[organisation.pk] = describe(current) if current else _("no figures")
    replace_posted(formset, **new_versions)
    return now


def _organisation_rows_page(
    request, settings, formset, *, save, load, describe, template, saved_message, next_url
):
    """Save a formset of one row per organisation; on a conflict, show what others saved."""
    current_values = {}
    if request.method == "POST" and formset.is_valid():
        try:
            save()
        except EditConflict as conflict:
            current_values = _conflicting_rows(formset, conflict.names, load(), describe)
            formset._non_form_errors = formset.error_class(
                [str(CONFLICT) % {"names": ", ".join(conflict.names)}]
            )
        except ValidationError as error:
            formset._non_form_errors = formset.error_class(error.messages)
        else:
            messages.success(request, saved_message)
            return redirect(next_url)
    has_errors = bool(formset.is_bound and (any(formset.errors) or formset.non_form_errors()))
    return render(
        request,
        template,
        _context(
            request,
            settings,
            "settings",
            formset=formset,
            rows=[
                (organisation, form, current_values.get(organisation.pk))
                for organisation, form in formset.rows()
            ],
            has_errors=has_errors,
        ),
        status=400 if has_errors else 200,
    )


@with_year
@require_http_methods(["GET", "POST"])
def municipalities_edit(request, settings):
    _require_editor(request.user)
    organisations = selectors.gemeenten_for_year(settings)

    def load():
        return {m.organisation_id: m for m in settings.municipalities.all()}

    initial = _row_initial(
        organisations,
        load(),
        lambda m: {
            "population": m.population if m else None,
            "choice": m.choice if m else Choice.HOURS,
        },
    )
    formset = MunicipalityFormSet(
        request.POST or None, organisations=organisations, initial=initial, prefix="gemeenten"
    )

    def save():
        rows = [
            services.MunicipalityData(
                organisation=organisation,
                population=form.cleaned_data["population"],
                choice=form.cleaned_data["choice"],
                expected_version=form.cleaned_data["version"] or 0,
            )
            for organisation, form in formset.rows()
        ]
        services.update_municipalities(settings=settings, actor=request.user, rows=rows)

    return _organisation_rows_page(
        request,
        settings,
        formset,
        save=save,
        load=load,
        describe=lambda m: f"{number(m.population)} · {m.get_choice_display()}",
        template="contributions/municipalities_form.html",
        saved_message=_("The populations and choices have been saved."),
        next_url=reverse("contributions:year", kwargs={"year": settings.year}),
    )


@with_year
@require_http_methods(["GET", "POST"])
def partners_edit(request, settings):
    _require_editor(request.user)
    organisations = selectors.partners_for_year(settings)
    candidates = selectors.contact_candidates(organisations)
    contacts = {}
    users = {}
    for user in candidates:
        contacts.setdefault(user.organisation_id, []).append((user.pk, str(user)))
        users[user.pk] = user

    def load():
        return {p.organisation_id: p for p in selectors.partner_pledges(settings)}

    initial = _row_initial(
        organisations,
        load(),
        lambda p: {
            "contact_user": p.contact_user_id if p else None,
            "contact_name": p.contact_name if p else "",
            "hours_per_week": p.hours_per_week if p else None,
        },
    )
    formset = PartnerFormSet(
        request.POST or None,
        organisations=organisations,
        initial=initial,
        contacts=contacts,
        prefix="partners",
    )

    def save():
        rows = [
            services.PledgeData(
                organisation=organisation,
                contact_user=users.get(form.cleaned_data["contact_user"]),
                contact_name=form.cleaned_data["contact_name"],
                hours_per_week=form.cleaned_data["hours_per_week"] or 0,
                expected_version=form.cleaned_data["version"] or 0,
            )
            for organisation, form in formset.rows()
        ]
        services.update_partner_pledges(settings=settings, actor=request.user, rows=rows)

    return _organisation_rows_page(
        request,
        settings,
        formset,
        save=save,
        load=load,
        describe=lambda p: (
            _("%(contact)s · %(hours)s hours per week")
            % {"contact": p.contact or "—", "hours": p.hours_per_week}
        ),
        template="contributions/partners_form.html",
        saved_message=_("The partners' pledges have been saved."),
        next_url=reverse("contributions:settings", kwargs={"year": settings.year}),
    )


@with_year
@require_http_methods(["GET", "POST"])
def income_edit(request, settings, pk=None):
    _require_editor(request.user)
    line = get_object_or_404(settings.income_lines, pk=pk) if pk else None
    form = IncomeLineForm(request.POST or None, instance=line)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_income_line(
                settings=settings,
                actor=request.user,
                line=line,
                expected_version=form.cleaned_data["version"],
                kind=form.cleaned_data["kind"],
                description=form.cleaned_data["description"],
                amount=form.cleaned_data["amount"],
            )
        except EditConflict:
            current = settings.income_lines.filter(pk=pk).first()
            if current is None:
                messages.error(request, _("Someone else deleted this income line."))
                return redirect("contributions:budget", year=settings.year)
            message = str(CONFLICT) % {"names": current.description}
            refuse_stale_edit(form, message, version=current.version)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The income line has been saved."))
            return redirect("contributions:budget", year=settings.year)
    return render(
        request,
        "contributions/income_form.html",
        _context(request, settings, "budget", form=form, line=line),
        status=400 if form.errors else 200,
    )


@with_year
@require_http_methods(["GET", "POST"])
def income_delete(request, settings, pk):
    _require_editor(request.user)
    line = get_object_or_404(settings.income_lines, pk=pk)
    if request.method == "POST":
        services.delete_income_line(line=line, actor=request.user)
        messages.success(request, _("The income line has been deleted."))
        return redirect("contributions:budget", year=settings.year)
    return render(
        request,
        "contributions/income_confirm_delete.html",
        _context(request, settings, "budget", line=line),
    )
