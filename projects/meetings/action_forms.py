"""Forms of the meeting secretary's work: an action, marking it done, the list's filter."""

from django import forms
from django.utils.translation import gettext_lazy as _

from platform_ivz.core.forms import SingleLineMixin
from platform_ivz.core.models import TEXT_MAX_LENGTH, Meeting, User
from projects.meetings.actions import item_label
from projects.models import AgendaItem


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        name = obj.get_full_name() or obj.username
        return f"{name} ({obj.organisation})" if obj.organisation_id else name


class AgendaItemChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return item_label(obj)


class ActionForm(SingleLineMixin, forms.Form):
    agenda_item = AgendaItemChoiceField(
        label=_("Agenda item"),
        queryset=AgendaItem.objects.none(),
        required=False,
        empty_label=_("The meeting as a whole"),
        error_messages={"invalid_choice": _("This item is not on this meeting's agenda.")},
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What is to be done, so that the owner can act on it without the minutes."),
        error_messages={"required": _("Describe the action.")},
    )
    owner = PersonChoiceField(
        label=_("Owner"),
        queryset=User.objects.none(),
        empty_label=_("— choose a person —"),
        help_text=_("The owner is told by e-mail and finds the action in the work queue."),
        error_messages={
            "required": _("Choose who is to do it."),
            "invalid_choice": _("Choose one of the people in the list."),
        },
    )
    due_date = forms.DateField(
        label=_("Due date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Enter the due date."),
            "invalid": _("Enter a date, for instance 31-12-2026."),
        },
    )

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = (
            AgendaItem.objects.filter(meeting=meeting)
            .select_related("project")
            .order_by("order", "id")
        )
        self.fields["owner"].queryset = (
            User.objects.filter(is_active=True)
            .select_related("organisation")
            .order_by("last_name", "first_name", "id")
        )


class CompleteActionForm(SingleLineMixin, forms.Form):
    note = forms.CharField(
        label=_("Note"),
        max_length=TEXT_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What was done or agreed; it is kept with the action."),
    )
