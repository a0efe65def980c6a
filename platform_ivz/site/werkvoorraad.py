"""The werkvoorraad gathers one section per concern from the apps' selectors.

Each section shows at most SHOWN_PER_SECTION items and a count, so the page costs
the same number of queries however much work there is.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Window
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from intake import selectors as intake_selectors
from platform_ivz.core.roles import Role
from projects import selectors as project_selectors
from projects.meetings import actions as meeting_actions
from projects.meetings import selectors as meeting_selectors
from projects.progress import selectors as progress_selectors

SHOWN_PER_SECTION = 5


@dataclass
class Section:
    key: str
    title: str
    empty_text: str
    items: list = field(default_factory=list)
    count: int = 0
    link_url: str = ""
    link_label: str = ""


def _shown_and_count(queryset) -> tuple[list, int]:
    """The first items and how many there are in all, in one query (a window count)."""
    shown = list(queryset.annotate(section_total=Window(Count("*")))[:SHOWN_PER_SECTION])
    return shown, shown[0].section_total if shown else 0


def _as_item(obj) -> dict:
    return {"title": obj.title, "url": obj.get_absolute_url(), "status": obj.get_status_display()}


def _section(key, title, empty_text, queryset, link_url="", link_label="", to_item=_as_item):
    shown, count = _shown_and_count(queryset)
    return Section(
        key,
        title,
        empty_text,
        items=[to_item(obj) for obj in shown],
        count=count,
        link_url=link_url if count else "",
        link_label=link_label,
    )


def _agenda_item(item) -> dict:
    return {
        "title": f"{item.project.title} ({item.get_kind_display()})",
        "url": reverse("meetings:detail", args=[item.meeting_id]),
        "status": str(item.meeting),
    }


def _meeting_item(meeting) -> dict:
    return {
        "title": str(meeting.get_body_display()),
        "url": reverse("meetings:detail", args=[meeting.pk]),
        "status": date_format(meeting.date, "j F Y"),
    }


def _action_item(action) -> dict:
    due = date_format(action.due_date, "j F Y")
    overdue = action.due_date < timezone.localdate()
    return {
        "title": Truncator(action.description).chars(80),
        "url": reverse("meetings:action_done", args=[action.pk]),
        "status": (_("overdue since %(date)s") if overdue else _("due %(date)s")) % {"date": due},
    }


def _waiting_section(user) -> Section:
    """Plans, amendments, evaluations and beslispunten waiting for a Platform or DVO agenda.

    One query per kind (the first few and a window count), the oldest first.
    """
    items, count = [], 0
    for kind, queryset in meeting_selectors.waiting_for_agenda(user).items():
        shown, kind_count = _shown_and_count(queryset)
        items += [meeting_selectors.waiting_item(kind, document) for document in shown]
        count += kind_count
    items.sort(key=lambda item: (item["waiting_since"] is None, item["waiting_since"]))
    return Section(
        "te-agenderen",
        _("To put on an agenda"),
        _("Nothing is waiting for a Platform or DVO agenda."),
        items=items[:SHOWN_PER_SECTION],
        count=count,
        # The meeting list shows all of it, beside the meetings to put it on.
        link_url=reverse("meetings:list") + "#te-agenderen" if count else "",
        link_label=_("Everything waiting for an agenda, and the meetings"),
    )


def _reports_section(user) -> Section:
    """Reports to write (projectleider) and, for reviewers, reports to discuss."""
    due, due_count = _shown_and_count(progress_selectors.reports_due_for(user))
    discuss, discuss_count = _shown_and_count(progress_selectors.reports_to_discuss(user))
    is_reviewer = user.has_role(Role.VOORZITTER, Role.REGIOCOORDINATOR)
    return Section(
        "rapportages",
        _("Reports"),
        _("No reports are due."),
        items=progress_selectors.work_items([*due, *discuss][:SHOWN_PER_SECTION]),
        count=due_count + discuss_count,
        link_url=reverse("projects:report_overview") if is_reviewer and discuss_count else "",
        link_label=_("All progress reports"),
    )


def sections_for(user) -> list[Section]:
    sections = [
        _section(
            "te-beoordelen",
            _("To review"),
            _("There is nothing waiting for your review."),
            intake_selectors.requests_to_review(user),
            reverse("intake:review"),
            _("All requests to review"),
        ),
        _section(
            "mijn-verzoeken",
            _("My requests"),
            _("Your organisation has no open project requests."),
            intake_selectors.own_organisation_requests(user).filter(
                status__in=intake_selectors.OPEN_STATUSES
            ),
            reverse("intake:mine"),
            _("All requests of my organisation"),
        ),
        _section(
            "mijn-projecten",
            _("My projects"),
            _("You are not involved in any project yet."),
            project_selectors.my_projects(user),
            reverse("projects:list"),
            _("All projects"),
        ),
        _reports_section(user),
        _section(
            "actiepunten",
            _("My action items"),
            _("You have no open action items from meetings."),
            meeting_actions.open_actions_of(user),
            reverse("meetings:actions") + "?mine=1",
            _("All my action items"),
            to_item=_action_item,
        ),
        _section(
            "vergaderingen",
            _("Meetings coming up"),
            _("No meetings are planned."),
            meeting_selectors.upcoming(user),
            reverse("meetings:list"),
            _("All meetings"),
            to_item=_meeting_item,
        ),
    ]
    if user.has_role(Role.VOORZITTER, Role.REGIOCOORDINATOR):
        sections[1:1] = [
            _section(
                "te-bemensen",
                _("To staff"),
                _("Every approved project has its project leader and portfolio holder."),
                project_selectors.projects_to_staff(user),
            ),
            _waiting_section(user),
            _section(
                "te-besluiten",
                _("To decide in meetings"),
                _("No agenda items are waiting for a decision."),
                meeting_selectors.items_to_decide(user),
                to_item=_agenda_item,
            ),
        ]
    return sections
