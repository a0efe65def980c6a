"""Forms of the report area: the progress report with its row sets, beslispunten, the overview.

The row sets are plain formsets with a hidden id per row: the ids are checked against the
project's own rows in the form (a clear message) and again in the service (never trusted).
They work without JavaScript: empty extra rows to fill in and a delete checkbox per row.
"""

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from platform_ivz.core.forms import SingleLineMixin
from platform_ivz.core.models import TEXT_MAX_LENGTH
from projects.models import Beslispunt, Milestone, ProgressReport, RagStatus
from projects.progress.services import MEASUREMENT_DATE_TO_COME, MILESTONE_DATE_TO_COME

RAG_FIELDS = {
    "status_overall": _("Overall status"),
    "status_time": _("Status on time"),
    "status_money": _("Status on money"),
    "status_scope": _("Status on scope"),
}
EXTRA_MEASUREMENT_ROWS = 2
EXTRA_BESLISPUNT_ROWS = 1


class ProgressReportForm(SingleLineMixin, forms.ModelForm):
    """The report's own fields. Lenient, so a draft can always be saved; submission is
    checked by the service (projects.progress.services.missing_for_submission)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = ProgressReport
        fields = [
            "status_overall",
            "status_time",
            "status_money",
            "status_scope",
            "progress_content",
            "progress_process",
            "risks",
        ]
        # Spent to date is not typed here: it is the sum of the budget lines' realised amounts
        # below (docs/ARCHITECTURE.md §6.1), which the service stores as the report's snapshot.
        widgets = {
            "progress_content": forms.Textarea(attrs={"rows": 5}),
            "progress_process": forms.Textarea(attrs={"rows": 5}),
            "risks": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "progress_content": _("What has been achieved on content in this period?"),
            "progress_process": _(
                "How did the cooperation and the process go: the project group, partners, "
                "decisions?"
            ),
            "risks": _("What threatens the result, and what is being done about it?"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in RAG_FIELDS.items():
            # Radio buttons with the label as text (op koers / aandacht / knelpunt): no colour.
            self.fields[name] = forms.ChoiceField(
                label=label,
                choices=RagStatus.choices,
                widget=forms.RadioSelect,
                required=False,
                initial=getattr(self.instance, name) or None,
            )
        self.fields["version"].initial = self.instance.version

    def content(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class RowForm(SingleLineMixin, forms.Form):
    """A row of a row set; `allowed_ids` are the ids this row may refer to."""

    id = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, allowed_ids=(), **kwargs):
        self.allowed_ids = set(allowed_ids)
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select form-select-sm")
            elif not isinstance(widget, forms.HiddenInput):
                widget.attrs.setdefault("class", "form-control form-control-sm")

    def clean_id(self):
        pk = self.cleaned_data["id"]
        if pk is not None and pk not in self.allowed_ids:
            raise forms.ValidationError(_("This row does not belong to this report; reload."))
        return pk


def _not_to_come(day, message):
    """The date of something that happened: not a day still to come (the service refuses it
    too; here the message stands at the field)."""
    if day is not None and day > timezone.localdate():
        raise forms.ValidationError(message)
    return day


class MilestoneUpdateForm(RowForm):
    actual_date = forms.DateField(
        label=_("Actual date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    status = forms.ChoiceField(label=_("Status"), choices=Milestone.Status.choices)

    def clean_actual_date(self):
        return _not_to_come(self.cleaned_data["actual_date"], MILESTONE_DATE_TO_COME)

    def clean(self):
        cleaned = super().clean()
        achieved = cleaned.get("status") == Milestone.Status.GEHAALD
        if achieved and not cleaned.get("actual_date") and self.has_changed():
            self.add_error("actual_date", _("Give the date on which the milestone was achieved."))
        return cleaned


class BudgetLineUpdateForm(RowForm):
    realised_amount = forms.DecimalField(
        label=_("Realised amount"),
        max_digits=12,
        decimal_places=2,
        min_value=0,
        required=False,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        error_messages={"min_value": _("An amount cannot be negative.")},
    )


class MeasurementForm(RowForm):
    indicator = forms.TypedChoiceField(label=_("Indicator"), coerce=int)
    value = forms.DecimalField(
        label=_("Value"),
        max_digits=12,
        decimal_places=2,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    measured_on = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    source = forms.CharField(label=_("Source"), max_length=200, required=False)

    def __init__(self, *args, indicator_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = [("", _("— choose —")), *indicator_choices]

    def clean_measured_on(self):
        return _not_to_come(self.cleaned_data["measured_on"], MEASUREMENT_DATE_TO_COME)


class BeslispuntRowForm(RowForm):
    text = forms.CharField(
        label=_("Decision requested from the DVO"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class RowFormSet(forms.BaseFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].widget.attrs["class"] = "form-check-input"

    def clean(self):
        # A row marked for removal skips validation; its id must still be one of ours.
        for form in self.forms:
            if self.can_delete and self._should_delete_form(form) and "id" in form.errors:
                raise forms.ValidationError(form.errors["id"])

    def rows(self) -> list[dict]:
        """The filled-in rows as plain data for the service (blank extra rows left out)."""
        rows = []
        for form in self.forms:
            if not form.has_changed() and not form.cleaned_data.get("id"):
                continue
            data = dict(form.cleaned_data)
            data["delete"] = bool(data.pop("DELETE", False))
            rows.append(data)
        return rows


MilestoneFormSet = forms.formset_factory(MilestoneUpdateForm, RowFormSet, extra=0)
BudgetLineFormSet = forms.formset_factory(BudgetLineUpdateForm, RowFormSet, extra=0)
MeasurementFormSet = forms.formset_factory(
    MeasurementForm, RowFormSet, extra=EXTRA_MEASUREMENT_ROWS, can_delete=True
)
BeslispuntFormSet = forms.formset_factory(
    BeslispuntRowForm, RowFormSet, extra=EXTRA_BESLISPUNT_ROWS, can_delete=True
)


def report_formsets(data, rows: dict) -> dict:
    """The four row sets of the edit form, from `progress_selectors.edit_rows()`.

    Each row's `initial` also carries what it shows but does not edit (name, planned amount).
    """
    milestones, lines = rows["milestones"], rows["budget_lines"]
    measurements = rows["measurements"]
    open_beslispunten = [b for b in rows["beslispunten"] if b.status == Beslispunt.Status.OPEN]
    indicator_choices = [
        (i.pk, f"{i.name} ({i.unit})" if i.unit else i.name) for i in rows["indicators"]
    ]
    return {
        "milestones": MilestoneFormSet(
            data,
            prefix="mijlpalen",
            initial=[
                {
                    "id": m.pk,
                    "actual_date": m.actual_date,
                    "status": m.status,
                    "name": m.name,
                    "planned_date": m.planned_date,
                }
                for m in milestones
            ],
            form_kwargs={"allowed_ids": [m.pk for m in milestones]},
        ),
        "budget_lines": BudgetLineFormSet(
            data,
            prefix="begroting",
            initial=[
                {
                    "id": b.pk,
                    "realised_amount": b.realised_amount,
                    "description": b.description,
                    "year": b.year,
                    "funding_source": b.get_funding_source_display(),
                    "planned_amount": b.planned_amount,
                }
                for b in lines
            ],
            form_kwargs={"allowed_ids": [b.pk for b in lines]},
        ),
        "measurements": MeasurementFormSet(
            data,
            prefix="metingen",
            initial=[
                {
                    "id": m.pk,
                    "indicator": m.indicator_id,
                    "value": m.value,
                    "measured_on": m.measured_on,
                    "source": m.source,
                }
                for m in measurements
            ],
            form_kwargs={
                "allowed_ids": [m.pk for m in measurements],
                "indicator_choices": indicator_choices,
            },
        ),
        "beslispunten": BeslispuntFormSet(
            data,
            prefix="beslispunten",
            initial=[{"id": b.pk, "text": b.text} for b in open_beslispunten],
            form_kwargs={"allowed_ids": [b.pk for b in open_beslispunten]},
        ),
    }


def service_rows(formsets: dict) -> dict:
    """The row sets' data in the form update_report() takes."""
    return {
        "milestones": [
            {"id": r["id"], "actual_date": r["actual_date"], "status": r["status"]}
            for r in formsets["milestones"].rows()
            if r.get("id")
        ],
        "budget_lines": [
            {"id": r["id"], "realised_amount": r["realised_amount"]}
            for r in formsets["budget_lines"].rows()
            if r.get("id")
        ],
        "measurements": [
            {
                "id": r.get("id"),
                "indicator_id": r.get("indicator"),
                "value": r.get("value"),
                "measured_on": r.get("measured_on"),
                "source": r.get("source", ""),
                "delete": r["delete"],
            }
            for r in formsets["measurements"].rows()
        ],
        "beslispunten": [
            {"id": r.get("id"), "text": r.get("text", ""), "delete": r["delete"]}
            for r in formsets["beslispunten"].rows()
        ],
    }


class BeslispuntForm(SingleLineMixin, forms.ModelForm):
    class Meta:
        model = Beslispunt
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}
        labels = {"text": _("Decision requested from the DVO")}
        help_texts = {
            "text": _(
                "What should the DVO decide? The regional coordinator puts it on an agenda of "
                "the Platform and then the DVO."
            )
        }


YES_NO = [("ja", _("Yes")), ("nee", _("No"))]


class ReportFilter(django_filters.FilterSet):
    """Filters of the reviewers' overview: status, overdue, year of the due date."""

    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=ProgressReport.Status.choices, empty_label=_("All")
    )
    overdue = django_filters.ChoiceFilter(
        label=_("Overdue"), choices=YES_NO, method="filter_overdue", empty_label=_("All")
    )
    year = django_filters.ChoiceFilter(
        label=_("Year due"), field_name="due_date__year", empty_label=_("All"), choices=()
    )

    class Meta:
        model = ProgressReport
        fields = ["status", "overdue", "year"]

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["year"].extra["choices"] = [(str(y), str(y)) for y in years]

    def filter_overdue(self, queryset, name, value):
        return queryset.filter(is_overdue=value == "ja")
