"""Every URL of the app, found by walking the resolver, with ways to fill in its arguments
from the demo world, and the list of views that take a POST (form views).

A new URL must be classified here: either in FORM_VIEWS (it accepts POST) or in
READ_ONLY_VIEWS; test_every_view_is_classified (test_fuzz_forms.py) fails otherwise, so new
forms join the fuzzing and new pages join the escaping sweep.
"""

import inspect
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

# The Django admin: the "auth"/"sweep" tests cover its entry. The JSON API answers JSON to a
# token, not pages: tests/api covers it (Schemathesis fuzzes its query strings).
SKIPPED_PREFIXES = ("beheer/", "api/v1/")


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name"
    pattern: str
    arguments: tuple[str, ...]
    callback: Callable


def routes() -> list[Route]:
    def walk(resolver, prefix="", namespace="") -> Iterator[Route]:
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                inner = namespace
                if entry.namespace:
                    inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
                yield from walk(entry, prefix + str(entry.pattern), inner)
            elif isinstance(entry, URLPattern) and entry.name:
                full = prefix + str(entry.pattern)
                if full.startswith(SKIPPED_PREFIXES):
                    continue
                name = f"{namespace}:{entry.name}" if namespace else entry.name
                arguments = tuple(
                    key
                    for key in entry.pattern.regex.groupindex
                    if key not in (entry.default_args or {})
                )
                yield Route(name, full, arguments, entry.callback)

    seen, found = set(), []
    for route in walk(get_resolver()):
        if route.name not in seen:
            seen.add(route.name)
            found.append(route)
    return found


def handles_post(callback) -> bool:
    """A rough reading of the view's source, to catch a form view listed as read-only."""
    view = getattr(callback, "view_class", None)
    if view is not None:
        return hasattr(view, "post")
    source = inspect.getsource(inspect.unwrap(callback))
    return "request.POST" in source or '"POST"' in source or "require_POST" in source


# Views that take a POST: the fuzzing posts to each, and the escaping sweep GETs those that
# show a page.
FORM_VIEWS = {
    "login",
    "logout",
    "core:two_factor_verify",
    "core:two_factor_verify_backup",
    "core:two_factor_enrol",
    "core:two_factor_backup_codes",
    "core:two_factor_disable",
    "intake:create",
    "intake:edit",
    "intake:screen",
    "intake:transition",
    "intake:attachment_delete",
    "projects:assign",
    "projects:theme",
    "projects:plan_edit",
    "projects:plan_submit",
    "projects:plan_amend",
    "projects:report_edit",
    "projects:report_submit",
    "projects:report_acknowledge",
    "projects:beslispunt_create",
    "projects:evaluation_start",
    "projects:evaluation_edit",
    "projects:evaluation_submit",
    "meetings:create",
    "meetings:edit",
    "meetings:delete",
    "meetings:agenda_add",
    "meetings:agenda_move",
    "meetings:agenda_remove",
    "meetings:agenda_decide",
    "meetings:agenda_free_add",
    "meetings:agenda_add_minutes",
    "meetings:agenda_free_edit",
    "meetings:agenda_minutes",
    "meetings:attendance",
    "meetings:minutes_adopt",
    # The meeting secretary's work (projects/meetings/secretary_urls.py).
    "meetings:action_add",
    "meetings:action_done",
    "meetings:agenda_send",
    "meetings:calendar",
    "meetings:calendar_revoke",
    "contributions:year_create",
    "contributions:settings_edit",
    "contributions:municipalities_edit",
    "contributions:partners_edit",
    "contributions:income_create",
    "contributions:income_edit",
    "contributions:income_delete",
    "reporting:introduction",
    "reporting:generate",
    "reporting:finalise",
    "reporting:meeting_papers_generate",
    "api:tokens",
    "api:token_revoke",
}

READ_ONLY_VIEWS = {
    "home",
    # Signing in through the organisation's provider: GET only, each answers a redirect.
    "core:sso_start",
    "core:sso_callback",
    "core:two_factor",
    "core:audit_log",
    "intake:list",
    "intake:mine",
    "intake:review",
    "intake:detail",
    "intake:attachment",
    "projects:list",
    "projects:people",
    "projects:detail",
    "projects:plan_detail",
    "projects:plan_changes",
    "projects:report_overview",
    "projects:report_list",
    "projects:report_detail",
    "projects:beslispunt_list",
    "projects:evaluation",
    "meetings:list",
    "meetings:past",
    "meetings:detail",
    "meetings:agenda_attachment",
    "meetings:actions",
    "meetings:meeting_ics",
    "meetings:calendar_feed",
    "contributions:table",
    "contributions:year",
    "contributions:hours",
    "contributions:organisation",
    "contributions:budget",
    "contributions:settings",
    "contributions:table_csv",
    "contributions:table_xlsx",
    "contributions:hours_csv",
    "contributions:hours_xlsx",
    "contributions:budget_csv",
    "contributions:budget_xlsx",
    "reporting:index",
    "reporting:report",
    "reporting:status",
    "reporting:download",
    "reporting:besluitenlijst",
    "reporting:factsheets",
    "reporting:factsheet",
    "reporting:kring",
    "reporting:meeting_papers",
    "reporting:meeting_papers_status",
    "reporting:meeting_papers_download",
    "reporting:plan_pdf",
    "reporting:evaluation_pdf",
    "reporting:progress_pdf",
    "reporting:request_pdf",
    "api:docs",
    "api:schema",
}

# Views that only take a POST (a GET is refused with 405): posted to, never shown.
POST_ONLY_VIEWS = {
    "core:two_factor_backup_codes",
    "meetings:agenda_move",
    "meetings:agenda_add_minutes",
    "reporting:introduction",
    "reporting:generate",
    "reporting:meeting_papers_generate",
}


def argument_sets(route: Route) -> list[dict]:
    """Every way to fill in the route's arguments from the world in the database."""
    if not route.arguments:
        return [{}]
    from contributions.models import IncomeLine, MunicipalityYear, PartnerPledge, YearSettings
    from intake.models import Attachment, ProjectRequest
    from intake.workflow import PAGE_TRANSITIONS
    from platform_ivz.core.models import Meeting
    from projects.models import ActionItem, AgendaItem, ProgressReport, Project, ProjectPlan
    from reporting.kinds import KINDS
    from reporting.models import ReportVersion

    namespace = route.name.split(":")[0]
    arguments = set(route.arguments)
    if route.name == "core:sso_start":
        from platform_ivz.core.models import IdentityProvider

        return [{"pk": pk} for pk in IdentityProvider.objects.values_list("pk", flat=True)]
    years = sorted(YearSettings.objects.values_list("year", flat=True))
    if namespace == "intake":
        if arguments == {"pk"}:
            return [{"pk": pk} for pk in ProjectRequest.objects.values_list("pk", flat=True)]
        if arguments == {"pk", "name"}:
            return [
                {"pk": pk, "name": name}
                for pk in ProjectRequest.objects.values_list("pk", flat=True)
                for name in PAGE_TRANSITIONS
            ]
        if arguments == {"pk", "attachment_pk"}:
            return [
                {"pk": request_id, "attachment_pk": pk}
                for pk, request_id in Attachment.objects.values_list("pk", "request_id")
            ]
    if namespace == "projects":
        if arguments == {"pk"}:
            return [{"pk": pk} for pk in Project.objects.values_list("pk", flat=True)]
        if arguments == {"pk", "number"}:
            return [
                {"pk": project_id, "number": number}
                for project_id, number in ProjectPlan.objects.values_list("project_id", "number")
            ]
        if arguments == {"pk", "report_pk"}:
            return [
                {"pk": project_id, "report_pk": pk}
                for pk, project_id in ProgressReport.objects.values_list("pk", "project_id")
            ]
    if namespace == "meetings":
        if arguments == {"pk"}:
            return [{"pk": pk} for pk in Meeting.objects.values_list("pk", flat=True)]
        if arguments == {"pk", "item_pk"}:
            return [
                {"pk": meeting_id, "item_pk": pk}
                for pk, meeting_id in AgendaItem.objects.values_list("pk", "meeting_id")
            ]
        if arguments == {"action_pk"}:
            return [{"action_pk": pk} for pk in ActionItem.objects.values_list("pk", flat=True)]
        if arguments == {"token"}:  # the feed of a token nobody has: 404
            return [{"token": "onbekend"}]
    if namespace == "contributions":
        if arguments == {"year"}:
            return [{"year": year} for year in years]
        if arguments == {"year", "organisation_pk"}:
            rows = [
                *MunicipalityYear.objects.values_list("settings__year", "organisation_id"),
                *PartnerPledge.objects.values_list("settings__year", "organisation_id"),
            ]
            return [{"year": year, "organisation_pk": pk} for year, pk in rows]
        if arguments == {"year", "pk"}:
            return [
                {"year": year, "pk": pk}
                for pk, year in IncomeLine.objects.values_list("pk", "settings__year")
            ]
    if namespace == "reporting":
        # The vergaderstukken (a meeting's pk) and single documents as PDF.
        if route.name.startswith("reporting:meeting_papers"):
            return [{"pk": pk} for pk in Meeting.objects.values_list("pk", flat=True)]
        if route.name == "reporting:evaluation_pdf":
            return [{"pk": pk} for pk in Project.objects.values_list("pk", flat=True)]
        if route.name == "reporting:request_pdf":
            return [{"pk": pk} for pk in ProjectRequest.objects.values_list("pk", flat=True)]
        if arguments == {"pk", "number"}:
            return [
                {"pk": project_id, "number": number}
                for project_id, number in ProjectPlan.objects.values_list("project_id", "number")
            ]
        if arguments == {"pk", "report_pk"}:
            return [
                {"pk": project_id, "report_pk": pk}
                for pk, project_id in ProgressReport.objects.values_list("pk", "project_id")
            ]
        if arguments == {"pk"}:
            return [{"pk": pk} for pk in ReportVersion.objects.values_list("pk", flat=True)]
        if arguments == {"meeting_pk"}:
            return [{"meeting_pk": pk} for pk in Meeting.objects.values_list("pk", flat=True)]
        if arguments == {"kind", "year"}:
            return [
                {"kind": key, "year": year}
                for key, kind in KINDS.items()
                if getattr(kind, "versioned", False)
                for year in years
            ]
        if arguments == {"organisation_pk", "year"}:
            rows = MunicipalityYear.objects.values_list("organisation_id", "settings__year")
            return [{"organisation_pk": pk, "year": year} for pk, year in rows]
        if arguments == {"year"}:  # the Kring's report
            return [{"year": year} for year in years]
    if namespace == "api" and arguments == {"pk"}:  # one's own API tokens
        from platform_ivz.api.models import ApiToken

        return [{"pk": pk} for pk in ApiToken.objects.values_list("pk", flat=True)]
    raise AssertionError(
        f"{route.name}: no way to fill in {sorted(arguments)}; add one to argument_sets"
    )
