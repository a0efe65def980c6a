"""The main navigation: each role sees what it may use."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from platform_ivz.core.roles import Role
from platform_ivz.core.two_factor import owes_second_step


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: tuple[str, ...] = ()  # empty: every signed-in user

    def visible_to(self, user) -> bool:
        return not self.roles or user.is_superuser or user.has_role(*self.roles)


NAV_ITEMS = [
    NavItem(_("Work queue"), "home"),
    NavItem(_("Project requests"), "intake:list"),
    NavItem(_("Projects"), "projects:list"),
    NavItem(_("Contributions"), "contributions:table"),
    NavItem(_("Meetings"), "meetings:list"),
    NavItem(_("Reports"), "reporting:index"),
    NavItem(
        _("Progress reports"),
        "projects:report_overview",
        (Role.VOORZITTER, Role.REGIOCOORDINATOR),
    ),
    NavItem(
        _("Security log"),
        "core:audit_log",
        (Role.VOORZITTER, Role.REGIOCOORDINATOR, Role.BEHEERDER),
    ),
    NavItem(_("Administration"), "admin:index", (Role.BEHEERDER,)),
]


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or owes_second_step(request):
        return {"nav_items": []}
    items = [
        {"label": item.label, "url": reverse(item.url_name), "active": False}
        for item in NAV_ITEMS
        if item.visible_to(user)
    ]
    # The item whose address is the longest prefix of this page is the current one.
    path = request.path
    matches = [
        i for i in items if path == i["url"] or (i["url"] != "/" and path.startswith(i["url"]))
    ]
    if matches:
        max(matches, key=lambda i: len(i["url"]))["active"] = True
    return {"nav_items": items}
