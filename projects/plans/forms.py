"""The plan page: the text of a version, the project's dates and the structured rows.

All parts are validated together and saved in one call of plan_services.save_plan. The
rows are model formsets that work without JavaScript: a few empty rows to fill in, and a
delete checkbox on each existing row.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.forms import BaseModelFormSet, modelformset_factory
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from platform_ivz.core.forms import SingleLineMixin
from platform_ivz.core.models import TEXT_MAX_LENGTH, Organisation, User
from projects.formats import PLAN_FORMAT
from projects.models import BudgetLine, GroupMember, Indicator, Milestone, Project, ProjectPlan
from projects.plans.selectors import (
    ROW_TITLES,
    SECTION_ROWS,
    TEXT_FIELDS,
    edit_querysets,
    organisation_choices,
    person_choices,
)
from projects.plans.services import ROW_FIELDS, RowChange

DEFAULT_EXTRA = 2
MAX_EXTRA = 20
MAX_ROWS = 200


def date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def number_input(step="any"):
    return forms.NumberInput(attrs={"step": step})


class BootstrapMixin:
    """Bootstrap classes on every control, and invalid controls marked for every reader."""

    def _style_widgets(self):
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.HiddenInput):
                continue
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                if "is-invalid" not in widget.attrs.get("class", ""):
                    widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()
                widget.attrs["aria-invalid"] = "true"
                widget.attrs["aria-describedby"] = f"{self[name].auto_id}_error"


class PlanForm(SingleLineMixin, forms.ModelForm):
    """The text of a version: the sections of appendix 5, verbatim labels and help questions."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = ProjectPlan
        fields = ["change_summary", *TEXT_FIELDS]
        widgets = {
            "change_summary": forms.Textarea(attrs={"rows": 4}),
            **{name: forms.Textarea(attrs={"rows": 5}) for name in PLAN_FORMAT},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, format_field in PLAN_FORMAT.items():
            self.fields[name].help_text = format_field.help_html()
        if self.instance.is_amendment:
            self.fields["change_summary"].required = True
            self.fields["change_summary"].help_text = _(
                "The Platform and the DVO decide on this amendment: say what changes and why."
            )
        else:
            del self.fields["change_summary"]
        self.fields["version"].initial = self.instance.version

    def text(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name in self.fields}


class ProjectDatesForm(SingleLineMixin, BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Project
        fields = ["start_date", "end_date"]
        widgets = {"start_date": date_input(), "end_date": date_input()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style_widgets()

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date cannot be before the start date."))
        return cleaned


class PreloadedChoiceField(forms.ModelChoiceField):
    """Choices read once for the whole page, not once per row."""

    def __init__(self, *args, objects=(), label_from=str, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_objects(objects, label_from)

    def set_objects(self, objects, label_from=str):
        self.objects_by_pk = {obj.pk: obj for obj in objects}
        self.choices = [("", self.empty_label or "---------")] + [
            (obj.pk, label_from(obj)) for obj in objects
        ]

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return self.objects_by_pk[int(value)]
        except (KeyError, TypeError, ValueError):
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            ) from None

    def __deepcopy__(self, memo):
        result = super().__deepcopy__(memo)
        result.objects_by_pk = self.objects_by_pk
        return result


def person_label(user):
    return f"{user} ({user.organisation})" if user.organisation_id else str(user)


class RowForm(SingleLineMixin, BootstrapMixin, forms.ModelForm):
    def __init__(self, *args, choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        for name, (objects, label_from) in (choices or {}).items():
            if name in self.fields:
                self.fields[name].set_objects(objects, label_from)
        self._style_widgets()


class IndicatorForm(RowForm):
    class Meta:
        model = Indicator
        fields = ROW_FIELDS["indicators"]
        widgets = {
            "baseline": number_input(),
            "target": number_input(),
            "target_date": date_input(),
        }


class MilestoneForm(RowForm):
    class Meta:
        model = Milestone
        fields = ROW_FIELDS["milestones"]
        widgets = {"planned_date": date_input()}


class GroupMemberForm(RowForm):
    user = PreloadedChoiceField(
        queryset=User.objects.none(),
        label=_("person"),
        required=False,
        empty_label=_("— someone without an account —"),
    )
    organisation = PreloadedChoiceField(
        queryset=Organisation.objects.none(),
        label=_("organisation"),
        required=False,
        empty_label=_("— the person's own —"),
    )

    class Meta:
        model = GroupMember
        fields = ROW_FIELDS["group_members"]
        widgets = {
            "hours_per_week": number_input("0.5"),
            "start_date": date_input(),
            "end_date": date_input(),
        }
        labels = {"name": _("or name")}
        help_texts = {"name": ""}

    def clean(self):
        cleaned = super().clean()
        user, name = cleaned.get("user"), (cleaned.get("name") or "").strip()
        if user is None and not name and "user" not in self.errors:
            self.add_error(
                "user", _("Choose a person or give the name of someone without an account.")
            )
        if user is not None:
            cleaned["name"] = ""
            if cleaned.get("organisation") is None:
                cleaned["organisation"] = user.organisation
        if cleaned.get("organisation") is None and "organisation" not in self.errors:
            self.add_error("organisation", _("Choose the organisation this person works for."))
        # An end before the start: GroupMember.clean, run by the model form after this.
        return cleaned


class BudgetLineForm(RowForm):
    class Meta:
        model = BudgetLine
        fields = ROW_FIELDS["budget_lines"]
        widgets = {"planned_amount": number_input("0.01"), "year": number_input("1")}


ROW_FORMS = {
    "indicators": IndicatorForm,
    "milestones": MilestoneForm,
    "group_members": GroupMemberForm,
    "budget_lines": BudgetLineForm,
}


class RowFormSet(BaseModelFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Remove")
            form.fields["DELETE"].widget.attrs["class"] = "form-check-input"

    def changes(self) -> list[RowChange]:
        """What the user did to the rows: new, changed and removed ones only."""
        result = []
        for form in self.forms:
            existing = form.instance.pk is not None
            if existing and self._should_delete_form(form):
                result.append(RowChange(pk=form.instance.pk, delete=True))
            elif form.has_changed() and not self._should_delete_form(form):
                data = {name: form.cleaned_data.get(name) for name in form._meta.fields}
                result.append(RowChange(pk=form.instance.pk if existing else None, data=data))
        return result


class PlanPage:
    """Every form of the plan page, validated and saved as one."""

    def __init__(self, data=None, *, plan: ProjectPlan, project: Project, extra: int = 0):
        self.plan = plan
        self.project = project
        self.plan_form = PlanForm(data, instance=plan)
        self.dates_form = ProjectDatesForm(data, instance=project, prefix="project")
        choices = {
            "user": (person_choices(project), person_label),
            "organisation": (organisation_choices(project), str),
        }
        extra = max(0, min(extra, MAX_EXTRA)) or DEFAULT_EXTRA
        self.formsets = {}
        for kind, queryset in edit_querysets(project).items():
            formset_class = modelformset_factory(
                queryset.model,
                form=ROW_FORMS[kind],
                formset=RowFormSet,
                extra=extra,
                can_delete=True,
                can_delete_extra=False,
                max_num=MAX_ROWS,
                validate_max=True,
            )
            formset = formset_class(
                data,
                queryset=queryset,
                prefix=kind,
                form_kwargs={"choices": choices} if kind == "group_members" else {},
            )
            formset.title = ROW_TITLES[kind]
            self.formsets[kind] = formset

    def sections(self) -> list[dict]:
        """The sections in the seed's order, each with its rows where it has them."""
        return [
            {
                "name": name,
                "field": self.plan_form[name],
                "kind": SECTION_ROWS.get(name),
                "formset": self.formsets.get(SECTION_ROWS.get(name)),
            }
            for name in PLAN_FORMAT
        ]

    @property
    def forms(self):
        return [self.plan_form, self.dates_form]

    def is_valid(self) -> bool:
        results = [form.is_valid() for form in self.forms]
        results += [formset.is_valid() for formset in self.formsets.values()]
        results.append(self._check_period())
        return all(results)

    def period(self):
        """The project's period as typed on this page (the saved one if the dates are wrong)."""
        cleaned = getattr(self.dates_form, "cleaned_data", {})
        if self.dates_form.errors or not cleaned:
            return self.project.start_date, self.project.end_date
        return cleaned.get("start_date"), cleaned.get("end_date")

    def _kept_rows(self):
        """(form, row with the typed values) of every row that stays: filled in, not removed."""
        for formset in self.formsets.values():
            for form in formset.forms:
                if not hasattr(form, "cleaned_data") or formset._should_delete_form(form):
                    continue
                if form.instance.pk is None and not form.has_changed():
                    continue
                yield form, form.instance  # _post_clean has put the typed values on it

    def _check_period(self) -> bool:
        """Every row's dates within the project's period (the rule: projects/models.py)."""
        start, end = self.period()
        valid = True
        for form, row in self._kept_rows():
            for name, message in row.period_errors(start, end).items():
                if name in form.fields and name not in form.errors:
                    form.add_error(name, message)
                    valid = False
        return valid

    def warnings(self) -> list[str]:
        """What is allowed but worth saying after the save (a target date after the end)."""
        start, end = self.period()
        return [
            text for _form, row in self._kept_rows() for text in row.period_warnings(start, end)
        ]

    @property
    def has_errors(self) -> bool:
        return any(form.errors for form in self.forms) or any(
            formset.total_error_count() for formset in self.formsets.values()
        )

    def expected_version(self) -> int:
        return self.plan_form.cleaned_data.get("version") or 0

    def save_arguments(self) -> dict:
        return {
            "expected_version": self.expected_version(),
            "text": self.plan_form.text(),
            "start_date": self.dates_form.cleaned_data.get("start_date"),
            "end_date": self.dates_form.cleaned_data.get("end_date"),
            "rows": {kind: formset.changes() for kind, formset in self.formsets.items()},
        }

    def add_error(self, error: ValidationError) -> None:
        """Errors the service found: on the field they name, otherwise above the page."""
        if hasattr(error, "error_dict"):
            for name, messages in error.message_dict.items():
                if name in self.plan_form.fields:
                    self.plan_form.add_error(name, messages)
                elif name in self.dates_form.fields:
                    self.dates_form.add_error(name, messages)
                else:
                    self.plan_form.add_error(None, messages)
        else:
            self.plan_form.add_error(None, error)

    def refresh_version(self, version: int) -> None:
        """After a conflict: the next save may overwrite, knowingly."""
        self.plan_form.data = self.plan_form.data.copy()
        self.plan_form.data["version"] = version

    def error_summary(self) -> list[dict]:
        """Every error on the page, with a link to its control."""
        items = [{"href": "", "label": "", "message": e} for e in self.plan_form.non_field_errors()]
        for form in self.forms:
            for name, errors in form.errors.items():
                if name in form.fields:
                    bound = form[name]
                    items.append(
                        {
                            "href": f"#{bound.id_for_label}",
                            "label": bound.label,
                            "message": " ".join(errors),
                        }
                    )
        for kind, formset in self.formsets.items():
            for error in formset.non_form_errors():
                items.append({"href": f"#{kind}", "label": formset.title, "message": error})
            for number, form in enumerate(formset.forms, start=1):
                for name, errors in form.errors.items():
                    bound = form[name] if name in form.fields else None
                    items.append(
                        {
                            "href": f"#{bound.id_for_label}" if bound else f"#{kind}",
                            "label": gettext("%(label)s, row %(number)s")
                            % {"label": formset.title, "number": number}
                            + (f": {bound.label}" if bound else ""),
                            "message": " ".join(errors),
                        }
                    )
        return items


class SubmitForm(SingleLineMixin, forms.Form):
    note = forms.CharField(
        label=_("Note for the Platform (optional)"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AmendmentForm(SingleLineMixin, forms.ModelForm):
    class Meta:
        model = ProjectPlan
        fields = ["change_summary"]
        widgets = {"change_summary": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["change_summary"].required = True
        self.fields["change_summary"].help_text = gettext(
            "The Platform and the DVO decide on this amendment: say what changes and why."
        )
