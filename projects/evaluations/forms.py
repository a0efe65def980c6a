from django import forms
from django.utils.translation import gettext_lazy as _

from platform_ivz.core.forms import SingleLineMixin
from platform_ivz.core.models import TEXT_MAX_LENGTH
from projects.evaluations.services import QUESTION_FIELDS
from projects.models import Evaluation


class EvaluationForm(SingleLineMixin, forms.ModelForm):
    """The eleven questions of appendix 6. Lenient, so a draft can always be saved; the
    service checks at submission that every question is answered."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Evaluation
        fields = QUESTION_FIELDS
        widgets = {key: forms.Textarea(attrs={"rows": 5}) for key in QUESTION_FIELDS}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A new evaluation starts at version 1, the model's default.
        self.fields["version"].initial = self.instance.version

    def answers(self) -> dict[str, str]:
        return {key: self.cleaned_data[key] for key in QUESTION_FIELDS}


class StartEvaluationForm(SingleLineMixin, forms.Form):
    note = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For instance why the work is done now."),
    )
