from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from intake.formats import CRITERIA, REQUEST_FULL_FORMAT
from intake.models import ProjectRequest
from platform_ivz.core.forms import SingleLineMixin
from platform_ivz.core.models import TEXT_MAX_LENGTH, Organisation
from platform_ivz.core.reference import Theme
from platform_ivz.core.selectors import gemeenten
from platform_ivz.core.uploads import checked_upload

OnBehalfOf = ProjectRequest.OnBehalfOf


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(MultipleFileField, self).clean(file, initial) for file in files]


class ProjectRequestForm(SingleLineMixin, forms.ModelForm):
    """The projectverzoek. Lenient so a concept can always be saved; submission is checked
    by the service (intake.services.missing_for_submission)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    attachments = MultipleFileField(
        label=_("Attachments"),
        required=False,
    )

    class Meta:
        model = ProjectRequest
        fields = [
            "title",
            "on_behalf_of",
            "on_behalf_organisation",
            "theme",
            *REQUEST_FULL_FORMAT,  # the text of the intake format, in its order
            "gemeenten",
            "vertrouwelijk",
        ]
        widgets = {
            "on_behalf_of": forms.RadioSelect,
            "theme": forms.RadioSelect,
            "gemeenten": forms.CheckboxSelectMultiple,
            **{name: forms.Textarea(attrs={"rows": 5}) for name in REQUEST_FULL_FORMAT},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, format_field in REQUEST_FULL_FORMAT.items():
            self.fields[name].help_text = format_field.help_html()
        self.fields["on_behalf_of"].choices = OnBehalfOf.choices
        self.fields["on_behalf_of"].required = False
        self.fields["theme"].choices = Theme.choices
        self.fields["theme"].label = _("Proposed theme (speerpunt)")
        organisations = Organisation.objects.filter(active=True).order_by("name")
        organisation_field = self.fields["on_behalf_organisation"]
        organisation_field.queryset = organisations
        organisation_field.choices = [
            ("", _("— not applicable (DVO) —")),
            *[
                (kind.label, [(org.pk, org.name) for org in organisations if org.kind == kind])
                for kind in Organisation.Kind
            ],
        ]
        self.fields["gemeenten"].queryset = gemeenten().order_by("name")
        self.fields["attachments"].help_text = _(
            "PDF, Word, Excel or images, at most 10 MB each; at most %(count)d files and "
            "%(total)s MB per request."
        ) % {
            "count": settings.ATTACHMENTS_MAX_PER_REQUEST,
            "total": settings.ATTACHMENTS_MAX_MB_PER_REQUEST,
        }
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def clean_attachments(self):
        files = self.cleaned_data["attachments"]
        errors = []
        for upload in files:
            try:
                checked_upload(upload)
            except ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise ValidationError(errors)
        return files

    def clean(self):
        cleaned = super().clean()
        on_behalf_of = cleaned.get("on_behalf_of")
        organisation = cleaned.get("on_behalf_organisation")
        if on_behalf_of == OnBehalfOf.DVO:
            cleaned["on_behalf_organisation"] = None
        elif on_behalf_of == OnBehalfOf.MAYOR and organisation and not organisation.is_gemeente:
            self.add_error("on_behalf_organisation", _("Choose a municipality for a mayor."))
        elif on_behalf_of == OnBehalfOf.PARTNER and organisation and organisation.is_gemeente:
            self.add_error("on_behalf_organisation", _("Choose a partner organisation."))
        return cleaned

    def content(self) -> dict:
        return {
            name: value for name, value in self.cleaned_data.items() if name in self.Meta.fields
        }


MET_CHOICES = [("yes", _("Met")), ("no", _("Not met"))]


class ScreeningForm(SingleLineMixin, forms.Form):
    """The five criteria of appendix 4, and the decision with its motivation."""

    motivation = forms.CharField(
        label=_("Motivation to the submitter"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Required for every decision and when asking for more information; the submitter "
            "receives it."
        ),
    )
    override_motivation = forms.CharField(
        label=_("Motivation for approving although not every criterion is met"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    theme = forms.ChoiceField(
        label=_("Theme (speerpunt) of the project"),
        choices=Theme.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    seen = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(
        self,
        *args,
        initial_assessments: dict,
        seen: str = "",
        proposed_theme: str = "",
        confirming: str = "",
        **kwargs,
    ):
        """`confirming`: the step being confirmed; every field is then carried hidden to the
        confirmation page (core/_transition_form.html sends the hidden fields along)."""
        super().__init__(*args, **kwargs)
        self.fields["seen"].initial = seen
        self.fields["theme"].initial = proposed_theme or None
        proposed = dict(Theme.choices).get(proposed_theme)
        self.fields["theme"].help_text = (
            _("Proposed by the submitter: %(theme)s. Confirm it or choose another when approving.")
            % {"theme": proposed}
            if proposed
            else _("The submitter proposed no theme: choose one when approving.")
        )
        for key, label in CRITERIA:
            met, note = initial_assessments.get(key, (None, ""))
            self.fields[f"{key}_met"] = forms.ChoiceField(
                label=label,
                choices=MET_CHOICES,
                widget=forms.RadioSelect,
                required=False,
                initial={True: "yes", False: "no"}.get(met),
            )
            self.fields[f"{key}_note"] = forms.CharField(
                label=_("Note"),
                required=False,
                max_length=TEXT_MAX_LENGTH,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=note,
            )
        self.order_fields(
            [*self.criterion_field_names(), "theme", "motivation", "override_motivation"]
        )
        if confirming:
            self.fields["action"] = forms.CharField(initial=confirming)
            self.fields["confirmed"] = forms.CharField(initial="1", required=False)
            for field in self.fields.values():
                field.widget = forms.HiddenInput()

    def criterion_summary(self):
        """(label, met: True/False/None, note) per criterion, from what was filled in."""
        assessments = self.assessments()
        return [(label, *assessments[key]) for key, label in CRITERIA]

    def criterion_rows(self):
        """(met field, note field) per criterion, shown together."""
        return [(self[f"{key}_met"], self[f"{key}_note"]) for key, _label in CRITERIA]

    @staticmethod
    def criterion_field_names():
        for key, _label in CRITERIA:
            yield f"{key}_met"
            yield f"{key}_note"

    def assessments(self) -> dict:
        return {
            key: (
                {"yes": True, "no": False}.get(self.cleaned_data[f"{key}_met"]),
                self.cleaned_data[f"{key}_note"].strip(),
            )
            for key, _label in CRITERIA
        }


class TransitionForm(SingleLineMixin, forms.Form):
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, transition, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note"].label = transition.note_label or _("Note")
        self.fields["note"].required = transition.note_required
