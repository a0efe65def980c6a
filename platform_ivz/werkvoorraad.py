"""The werkvoorraad gathers one section per concern from the apps' selectors."""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _


@dataclass
class Section:
    key: str
    title: str
    empty_text: str
    items: list = field(default_factory=list)
    count: int = 0
    link_url: str = ""
    link_label: str = ""


def sections_for(user) -> list[Section]:
    return [
        Section("te-beoordelen", _("To review"), _("There is nothing waiting for your review.")),
        Section(
            "mijn-verzoeken", _("My requests"), _("Your organisation has no project requests yet.")
        ),
        Section("mijn-projecten", _("My projects"), _("You are not involved in any project yet.")),
        Section("rapportages", _("Reports"), _("No reports are due.")),
    ]
