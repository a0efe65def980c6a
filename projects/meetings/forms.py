"""Forms of the meeting area: the meeting, an item for its agenda, a decision, the list filter."""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from platform_ivz.core.forms import SingleLineMixin
from platform_ivz.core.models import TEXT_MAX_LENGTH, Meeting
from platform_ivz.core.uploads import checked_upload
from projects.meetings import selectors as meeting_selectors
from projects.meetings.services import (
    DECISIONS,
    free_item_stamp,
    item_minutes_stamp,
    needs_remarks,
    remarks_message,
)
from projects.models import AgendaItem, Attendance
from projects.permissions import projects_with_visible_details

Decision = AgendaItem.Decision


class MeetingForm(SingleLineMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    online_link = forms.URLField(
        label=_("Online meeting link"),
        required=False,
        max_length=500,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
        help_text=_("The link to join online (Teams, Zoom, ...), if any."),
    )

    class Meta:
        model = Meeting
        fields = ["body", "date", "start_time", "end_time", "location", "online_link", "notes"]
        widgets = {
            "body": forms.RadioSelect,
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "end_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "notes": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "date": _("A decision can be recorded from this day on."),
            "start_time": _("For instance 09:30."),
            "location": _("The address or room; leave empty for an online meeting."),
            "notes": _("For instance the chair, who reports, or what else is discussed."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].choices = Meeting.Body.choices
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_time"), cleaned.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", _("The meeting must end after it starts."))
        return cleaned

    def content(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class FreeItemForm(SingleLineMixin, forms.Form):
    """A free agenda item: title, short text, presenter and an optional attachment."""

    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(
        label=_("Short text"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the item is about, as it appears on the agenda."),
    )
    presenter = forms.CharField(
        label=_("Presenter"),
        required=False,
        max_length=200,
        help_text=_("Who introduces the item, for instance “voorzitter” or a name."),
    )
    attachment = forms.FileField(
        label=_("Attachment"),
        required=False,
        help_text=_("PDF, Word, Excel or an image, at most 10 MB."),
    )
    remove_attachment = forms.BooleanField(label=_("Remove the attachment"), required=False)
    # The stored values' fingerprint when the form was opened (platform_ivz/core/editing.py).
    stamp = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args, item: AgendaItem | None = None, **kwargs):
        if item is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "title": item.title,
                "text": item.text,
                "presenter": item.presenter,
            }
        super().__init__(*args, **kwargs)
        self.item = item
        if item is not None:
            self.fields["stamp"].initial = free_item_stamp(item)
        if item is None or not item.attachment:
            del self.fields["remove_attachment"]
        else:
            self.fields["attachment"].help_text = _(
                "A new file replaces %(name)s. PDF, Word, Excel or an image, at most 10 MB."
            ) % {"name": item.attachment_name}

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if upload:
            try:
                checked_upload(upload)
            except ValidationError as error:
                raise ValidationError(error.messages) from None
        return upload

    def content(self) -> dict:
        return {name: self.cleaned_data[name] for name in ("title", "text", "presenter")}


class ItemMinutesForm(SingleLineMixin, forms.Form):
    """The verslag of one agenda item: a short note and, for a free item, its decisions."""

    note = forms.CharField(
        label=_("Note for the minutes"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("A short account of what was discussed."),
    )
    decision_text = forms.CharField(
        label=_("Decisions"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the meeting decided on this item, one decision a line."),
    )
    stamp = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args, item: AgendaItem, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "note": item.note,
                "decision_text": item.decision_text,
                "stamp": item_minutes_stamp(item),
            },
        )
        super().__init__(*args, **kwargs)
        if not item.is_free:  # a document's decision is recorded as a decision
            del self.fields["decision_text"]


class AttendanceForm(SingleLineMixin, forms.Form):
    """One choice per member of the body: present, absent with notice, absent (or unknown)."""

    stamp = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args, rows, stamp: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stamp"].initial = stamp
        choices = [("", _("Not recorded")), *Attendance.Presence.choices]
        self.rows = []
        for row in rows:
            name = f"member_{row.user.pk}"
            self.fields[name] = forms.ChoiceField(
                label=row.user.get_full_name() or row.user.username,
                choices=choices,
                required=False,
                initial=row.presence,
                widget=forms.RadioSelect,
            )
            self.rows.append((row, name))

    def presence(self) -> dict:
        return {row.user.pk: self.cleaned_data[name] for row, name in self.rows}

    def bound_rows(self):
        return [(row, self[name]) for row, name in self.rows]


class AgendaItemForm(SingleLineMixin, forms.Form):
    """One choice among what fits the meeting's agenda now; the service checks it again."""

    document = forms.ChoiceField(
        label=_("Put on the agenda"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose what to put on the agenda."),
            "invalid_choice": _("This item does not fit this meeting's agenda (any more)."),
        },
    )

    def __init__(self, *args, meeting: Meeting, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = {}
        groups = []
        plans, amendments = [], []
        for plan in meeting_selectors.candidate_plans(meeting):
            key = f"plan-{plan.pk}"
            self.candidates[key] = {"plan": plan}
            if plan.is_amendment:
                label = _("%(project)s – amendment, version %(number)d") % {
                    "project": plan.project.title,
                    "number": plan.number,
                }
                amendments.append((key, label))
            else:
                plans.append((key, plan.project.title))
        evaluations = []
        for evaluation in meeting_selectors.candidate_evaluations(meeting):
            key = f"evaluation-{evaluation.pk}"
            self.candidates[key] = {"evaluation": evaluation}
            evaluations.append((key, evaluation.project.title))
        beslispunten = []
        candidates = list(meeting_selectors.candidate_beslispunten(meeting))
        readable = projects_with_visible_details(
            user, {beslispunt.project_id for beslispunt in candidates}
        )
        for beslispunt in candidates:
            key = f"beslispunt-{beslispunt.pk}"
            self.candidates[key] = {"beslispunt": beslispunt}
            if beslispunt.project_id in readable:
                text = Truncator(beslispunt.text).chars(200)
            else:  # a confidential project: its title only
                raised_on = date_format(timezone.localtime(beslispunt.created_at), "j F Y")
                text = _("decision point of %(date)s") % {"date": raised_on}
            beslispunten.append((key, f"{beslispunt.project.title}: {text}"))
        for label, choices in (
            (_("Project plans"), plans),
            (_("Amendments of a plan"), amendments),
            (_("Evaluations"), evaluations),
            (_("Decision points"), beslispunten),
        ):
            if choices:
                groups.append((label, choices))
        self.fields["document"].choices = groups

    @property
    def has_candidates(self) -> bool:
        return bool(self.candidates)

    def chosen(self) -> dict:
        """{"plan": ..} or {"evaluation": ..} or {"beslispunt": ..} for the service."""
        return self.candidates[self.cleaned_data["document"]]


class DecisionForm(SingleLineMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a decision.")},
    )
    remarks = forms.CharField(
        label=_("Remarks or reason"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Required when the document goes back with remarks, or when the DVO stops the "
            "project. The project leader and the portfolio holder receive them by e-mail."
        ),
    )

    # Checked on the confirmation page: the decision and remarks come along as hidden fields.
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, meeting: Meeting, item: AgendaItem | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self.kind = item.kind if item is not None else ""
        labels = {}
        if self.kind == AgendaItem.Kind.BESLISPUNT and meeting.body == Meeting.Body.PLATFORM:
            # The Platform does not decide a beslispunt: it advises the DVO on it.
            labels = {
                Decision.VASTGESTELD: _("Advise the DVO"),
                Decision.TERUG: _("Return to the project with remarks"),
            }
            self.fields["remarks"].label = _("Advice of the Platform, or the remarks")
            self.fields["remarks"].help_text = _(
                "Required. The advice goes with the decision point to the DVO; remarks go back "
                "to the project leader and the portfolio holder by e-mail."
            )
        self.fields["decision"].choices = [
            (decision.value, labels.get(decision, decision.label))
            for decision in DECISIONS[meeting.body]
        ]

    def clean(self):
        cleaned = super().clean()
        decision = cleaned.get("decision")
        if (
            decision
            and needs_remarks(self.meeting.body, self.kind, decision)
            and not cleaned.get("remarks", "").strip()
        ):
            message = remarks_message(self.meeting.body, self.kind, decision)
            self.add_error("remarks", ValidationError(message, code="required"))
        return cleaned


def _year_choices():
    return [(year, str(year)) for year in meeting_selectors.meeting_years()]


class MeetingFilter(django_filters.FilterSet):
    """Filters an already scoped list of meetings."""

    body = django_filters.ChoiceFilter(
        label=_("Body"), choices=Meeting.Body.choices, empty_label=_("Both")
    )
    year = django_filters.ChoiceFilter(
        label=_("Year"), field_name="date__year", choices=_year_choices, empty_label=_("Every year")
    )

    class Meta:
        model = Meeting
        fields = ["body", "year"]
