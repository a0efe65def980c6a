"""The werkvoorraad gathers one section per concern from the apps' selectors."""

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from intake import selectors as intake_selectors
from platform_ivz.core.roles import Role
from projects import selectors as project_selectors

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


def _section(key, title, empty_text, queryset, link_url="", link_label=""):
    shown = list(queryset[:SHOWN_PER_SECTION])
    count = len(shown) if len(shown) < SHOWN_PER_SECTION else queryset.count()
    return Section(
        key,
        title,
        empty_text,
        items=[
            {"title": obj.title, "url": obj.get_absolute_url(), "status": obj.get_status_display()}
            for obj in shown
        ],
        count=count,
        link_url=link_url if count else "",
        link_label=link_label,
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
        Section("rapportages", _("Reports"), _("No reports are due.")),
    ]
    if user.has_role(Role.VOORZITTER, Role.REGIOCOORDINATOR):
        sections.insert(
            1,
            _section(
                "te-bemensen",
                _("To staff"),
                _("Every approved project has its project leader and portfolio holder."),
                project_selectors.projects_to_staff(user),
            ),
        )
    return sections
