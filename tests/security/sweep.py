"""The table of the view sweep: who gets what, for every URL the resolver knows
(docs/ARCHITECTURE.md §4). The tests are in tests/security/test_view_sweep.py; the
accessibility sweep (tests/browser/test_accessibility_sweep.py) opens the same pages.

The table EXPECTED below is the documentation of who may do what. It is keyed by URL name;
the URL walk finds every view, so a new view without an entry fails
`test_every_url_has_an_entry`, which names it. Each entry lists cases (which objects fill
the URL) and, per subject of tests/security/sweep_world.py, the status a GET gets. Views
that take a form are posted to as well (with no data, in a savepoint that is rolled back):
a subject refused on GET is refused on POST with the same status, an allowed one gets the
view's own answer (200, a 302 after the work, or 400 for the form's errors).

The rules the table follows:
- Anonymous visitors are sent to the sign-in page, everywhere but the sign-in page itself.
- An object the user may not see at all answers 404, never 403, so that its existence is not
  revealed: another organisation's request, the content (plan, reports, beslispunten,
  evaluation) of a confidential project outside its circle, a row under another parent.
- An object the user may see, with an action the user may not take, answers 403.
- A number in a URL that matches nothing answers 404.
- Every POST without a CSRF token is refused (403); a GET writes nothing (WRITES_ON_GET lists
  the exceptions).
- While two-step verification is owed, every page but that step and sign-out sends there.
"""

from dataclasses import dataclass, field
from typing import Any

from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.security.sweep_world import SIGNED_IN

# --- Who -------------------------------------------------------------------------------------

EVERYONE = frozenset(SIGNED_IN)
REVIEWERS = frozenset({"voorzitter", "regiocoordinator"})
MEETING_KEEPERS = REVIEWERS | {"beheerder"}
CONTRIBUTION_KEEPERS = frozenset({"regiocoordinator", "beheerder"})
# The seed's indieners: DVO members, mayors, the Platform's partners (not the beheerder, not
# the coördinerend gemeentesecretaris, who reads).
SUBMITTERS = EVERYONE - {"beheerder", "gemeentesecretaris"}
HENGELO = frozenset({"indiener"})  # the requesting organisation of every request and project
LEADER = frozenset({"projectleider"})
LEADER_AND_SPONSOR = frozenset({"projectleider", "portefeuillehouder"})
# Who sees the content of the confidential project: voorzitter, regiocoördinator, dvo_leden
# and the coördinerend gemeentesecretaris (who reads what they read), its projectleider,
# portefeuillehouder and projectgroep, and the requesting organisation.
BOARD_READERS = frozenset({"dvo_lid", "gemeentesecretaris"})
SECRET_CIRCLE = (
    REVIEWERS | BOARD_READERS | {"portefeuillehouder", "projectleider", "groepslid"} | HENGELO
)
NOBODY = frozenset()

ALLOWED = "200, 302 or 400"  # a POST the view handles: done, or refused with form errors
NOT_THERE = (302, 403, 404)  # an admin page about an object that does not exist
NOT_POSTED = "not posted"  # the POST does costly work (a PDF); the app's own tests post it


def allow(ok, *, visible=EVERYONE, status=200) -> dict[str, Any]:
    """`ok` get `status`; others who may see the object 403; the rest 404."""
    return {
        subject: status if subject in ok else 403 if subject in visible else 404
        for subject in SIGNED_IN
    }


def hidden_from_all() -> dict[str, Any]:
    return allow(NOBODY, visible=NOBODY)


def everyone(status=200) -> dict[str, Any]:
    return allow(EVERYONE, status=status)


def no_args(world) -> dict:
    return {}


@dataclass(frozen=True)
class Case:
    label: str
    kwargs: Any = no_args  # world -> URL kwargs
    get: dict = field(default_factory=everyone)
    post: dict | None = None  # None: the view takes no form; not posted to

    def url(self, name, world) -> str:
        return reverse(name, kwargs=self.kwargs(world))


def form(label, kwargs, get, post=None) -> Case:
    """A page with a form: a POST gets what a GET gets, the allowed a handled POST."""
    if post is None:
        post = {who: ALLOWED if status == 200 else status for who, status in get.items()}
    return Case(label, kwargs, get, post)


def page(label="", kwargs=no_args, get=None) -> Case:
    return Case(label, kwargs, get if get is not None else everyone())


def pk(obj, /, **extra):
    """URL kwargs: the pk of the world's object `obj`, and `extra` computed from the world."""
    return lambda w: {"pk": getattr(w, obj).pk, **{k: v(w) for k, v in extra.items()}}


def report(project, report_name):
    return pk(project, report_pk=lambda w: getattr(w, report_name).pk)


def meeting(meeting_name, item_name=None):
    if item_name is None:
        return pk(meeting_name)
    return pk(meeting_name, item_pk=lambda w: getattr(w, item_name).pk)


def action(action_name):
    return lambda w: {"action_pk": getattr(w, action_name).pk}


def kind_year(kind, value=None):
    return lambda w: {"kind": kind, "year": value or w.year.year}


def year(value=None, **extra):
    return lambda w: {"year": value or w.year.year, **{k: v(w) for k, v in extra.items()}}


# --- What: the table -------------------------------------------------------------------------

SECRET_CONTENT = allow(SECRET_CIRCLE, visible=SECRET_CIRCLE)
GROUP_ORG = lambda w: w.users["groepslid"].organisation_id  # noqa: E731 - a table entry
SECRET_REFUSED = allow(NOBODY, visible=SECRET_CIRCLE)
SECRET_LEADER_ONLY = allow(LEADER, visible=SECRET_CIRCLE)
CONTRIBUTION_EDIT = allow(CONTRIBUTION_KEEPERS)

EXPECTED: dict[str, list[Case]] = {
    # The werkvoorraad and the sign-in pages.
    "home": [page()],
    # A signed-in user is sent on to the werkvoorraad.
    "login": [form("", no_args, everyone(302), post=everyone(302))],
    "logout": [Case("sign out is a POST", get=everyone(405), post=everyone(302))],
    "beheer/login/": [page("the admin's sign-in forwards to ours", get=everyone(302))],
    # Signing in through the organisation's provider (platform_ivz.core.sso): a signed-in user
    # is sent on; a callback without a sign-in this session started is refused (to sign-in).
    "core:sso_start": [page("signed in: sent on", pk("identity_provider"), get=everyone(302))],
    "core:sso_callback": [page("no sign-in was started", get=everyone(302))],
    # Projectverzoeken: the requesting organisation and the reviewers see a request; once
    # approved it is seen as its project is.
    "intake:list": [page()],
    "intake:mine": [page()],
    "intake:review": [page()],
    "intake:create": [form("", no_args, allow(SUBMITTERS))],
    "intake:detail": [
        # A draft is its organisation's own until submitted: not the reviewers' (issue 14).
        page("concept, Hengelo", pk("concept_request"), allow(HENGELO, visible=NOBODY)),
        page("approved, open", pk("open_request")),
        page("approved, confidential", pk("secret_request"), SECRET_CONTENT),
    ],
    "intake:edit": [
        form(
            "concept, Hengelo",
            pk("concept_request"),
            allow(HENGELO, visible=HENGELO),
        ),
        form(
            "approved, confidential",
            pk("secret_request"),
            SECRET_REFUSED,
        ),
    ],
    "intake:screen": [
        form(
            "submitted by Hengelo",
            pk("submitted_request"),
            allow(REVIEWERS, visible=REVIEWERS | HENGELO),
        ),
        form(
            "submitted by the voorzitter: never screened by its own indiener",
            pk("chairs_request"),
            allow({"regiocoordinator"}, visible=REVIEWERS),
        ),
    ],
    "intake:transition": [
        form(
            f"{name}, concept of Hengelo",
            pk("concept_request", name=lambda w, n=name: n),
            allow(HENGELO, visible=HENGELO),
        )
        for name in ("submit", "withdraw")
    ]
    + [
        form(
            "approve is no page transition",
            pk("concept_request", name=lambda w: "approve"),
            hidden_from_all(),
        )
    ],
    "intake:attachment": [
        page(
            "of a concept of Hengelo",
            pk("concept_request", attachment_pk=lambda w: w.attachment.pk),
            allow(HENGELO, visible=NOBODY),
        ),
        page(
            "under another request",
            pk("submitted_request", attachment_pk=lambda w: w.attachment.pk),
            hidden_from_all(),
        ),
    ],
    "intake:attachment_delete": [
        form(
            "of a concept of Hengelo",
            pk("concept_request", attachment_pk=lambda w: w.attachment.pk),
            allow(HENGELO, visible=HENGELO),
        ),
        form(
            "under another request",
            pk("submitted_request", attachment_pk=lambda w: w.attachment.pk),
            hidden_from_all(),
        ),
    ],
    # Projects: every signed-in user knows a project exists (title, status, leader); the
    # content of a confidential one only its circle.
    "projects:list": [page()],
    # The people filters' suggestions (JSON): without ?rol= a bad request; with it, see
    # tests/projects/portfolio/test_people_filter.py.
    "projects:people": [page("without a role", get=everyone(400))],
    "projects:detail": [
        page("open", pk("project")),
        page("confidential: title, status and leader for everyone", pk("secret")),
    ],
    "projects:assign": [
        form("open", pk("project"), allow(REVIEWERS)),
        form("confidential", pk("secret"), allow(REVIEWERS)),
    ],
    "projects:theme": [
        form("open", pk("project"), allow(REVIEWERS)),
        form("confidential", pk("secret"), allow(REVIEWERS)),
    ],
    "projects:plan_edit": [
        form("plan in preparation", pk("prepared"), allow(LEADER)),
        form("confidential, evaluating", pk("secret"), SECRET_REFUSED),
    ],
    "projects:plan_submit": [
        form("plan in preparation", pk("prepared"), allow(LEADER)),
        form("confidential, evaluating", pk("secret"), SECRET_REFUSED),
    ],
    "projects:plan_amend": [
        form("running", pk("project"), allow(LEADER)),
        form("confidential, evaluating", pk("secret"), SECRET_REFUSED),
    ],
    "projects:plan_detail": [
        page("open", pk("project", number=lambda w: 1)),
        page("confidential", pk("secret", number=lambda w: 1), SECRET_CONTENT),
        page("no such version", pk("project", number=lambda w: 9), hidden_from_all()),
    ],
    "projects:plan_changes": [
        page("open", pk("project", number=lambda w: 1)),
        page("confidential", pk("secret", number=lambda w: 1), SECRET_CONTENT),
    ],
    # Progress reports: written by the projectleider, acknowledged by the reviewers.
    "projects:report_overview": [page(get=allow(REVIEWERS))],
    "projects:report_list": [
        page("open", pk("project")),
        page("confidential", pk("secret"), SECRET_CONTENT),
    ],
    "projects:report_detail": [
        page("concept, open project", report("project", "concept_report")),
        page("confidential project", report("secret", "secret_report"), SECRET_CONTENT),
        page("under another project", report("project", "secret_report"), hidden_from_all()),
    ],
    "projects:report_edit": [
        form("concept", report("project", "concept_report"), allow(LEADER)),
        form("submitted", report("project", "submitted_report"), allow(NOBODY)),
        form(
            "confidential project",
            report("secret", "secret_report"),
            SECRET_REFUSED,
        ),
    ],
    "projects:report_submit": [
        form("concept", report("project", "concept_report"), allow(LEADER)),
        form("submitted", report("project", "submitted_report"), allow(NOBODY)),
    ],
    "projects:report_acknowledge": [
        form("submitted", report("project", "submitted_report"), allow(REVIEWERS)),
        form("concept", report("project", "concept_report"), allow(NOBODY)),
        form(
            "submitted, confidential project",
            report("secret", "secret_report"),
            allow(REVIEWERS, visible=SECRET_CIRCLE),
        ),
    ],
    "projects:beslispunt_list": [
        page("open", pk("project")),
        page("confidential", pk("secret"), SECRET_CONTENT),
    ],
    "projects:beslispunt_create": [
        form("open", pk("project"), allow(LEADER_AND_SPONSOR)),
        form(
            "confidential",
            pk("secret"),
            allow(LEADER_AND_SPONSOR, visible=SECRET_CIRCLE),
        ),
    ],
    # The evaluation: started by the projectleider or a reviewer, written by the projectleider.
    "projects:evaluation": [
        page("confidential, evaluating", pk("secret"), SECRET_CONTENT),
        page("not begun", pk("project"), hidden_from_all()),
    ],
    "projects:evaluation_start": [
        form("running", pk("project"), allow(LEADER | REVIEWERS)),
        form(
            "confidential, already evaluating",
            pk("secret"),
            SECRET_REFUSED,
        ),
    ],
    "projects:evaluation_edit": [
        form("confidential, evaluating", pk("secret"), SECRET_LEADER_ONLY),
        form("running", pk("project"), allow(NOBODY)),
    ],
    "projects:evaluation_submit": [
        form("confidential, evaluating", pk("secret"), SECRET_LEADER_ONLY),
    ],
    # Meetings: seen by everyone, kept by voorzitter, regiocoördinator and beheerder; decisions
    # recorded by voorzitter and regiocoördinator.
    "meetings:list": [page()],
    "meetings:past": [page()],
    "meetings:create": [form("", no_args, allow(MEETING_KEEPERS))],
    "meetings:detail": [
        page("held", meeting("held_meeting")),
        page("to come", meeting("coming_meeting")),
    ],
    "meetings:edit": [form("held", meeting("held_meeting"), allow(MEETING_KEEPERS))],
    "meetings:delete": [
        form("to come, nothing decided", meeting("coming_meeting"), allow(MEETING_KEEPERS)),
        # Sent back to the meeting with the reason.
        form("with a decision", meeting("decided_meeting"), allow(MEETING_KEEPERS, status=302)),
    ],
    "meetings:agenda_add": [form("held", meeting("held_meeting"), allow(MEETING_KEEPERS))],
    "meetings:agenda_move": [
        Case(
            "moving is a POST",
            meeting("held_meeting", "open_item"),
            get=everyone(405),
            post=allow(MEETING_KEEPERS, status=302),
        ),
        Case(
            "item of another meeting",
            meeting("coming_meeting", "open_item"),
            get=everyone(405),
            post=hidden_from_all(),
        ),
    ],
    "meetings:agenda_remove": [
        form("undecided", meeting("held_meeting", "open_item"), allow(MEETING_KEEPERS)),
        form(
            "decided: stays",
            meeting("decided_meeting", "decided_item"),
            allow(MEETING_KEEPERS, status=302),
        ),
        form("item of another meeting", meeting("held_meeting", "coming_item"), hidden_from_all()),
    ],
    "meetings:agenda_decide": [
        form("undecided, meeting held", meeting("held_meeting", "open_item"), allow(REVIEWERS)),
        form(
            "decided already: back to the meeting",
            meeting("decided_meeting", "decided_item"),
            allow(REVIEWERS, status=302),
            post=allow(REVIEWERS, status=ALLOWED),
        ),
        form("item of another meeting", meeting("coming_meeting", "open_item"), hidden_from_all()),
    ],
    # Free agenda items: added and edited by those who keep meetings; their attachment read
    # by everyone. The verslag (notes, decisions as text, attendance) and its adoption at the
    # body's next meeting: voorzitter and regiocoördinator.
    "meetings:agenda_free_add": [form("held", meeting("held_meeting"), allow(MEETING_KEEPERS))],
    # Putting "vaststellen verslag" back is a button (POST only): back to the meeting, with the
    # item or the reason why not (the held meeting is its body's first: nothing to adopt).
    "meetings:agenda_add_minutes": [
        Case(
            "a POST",
            meeting("held_meeting"),
            get=everyone(405),
            post=allow(MEETING_KEEPERS, status=302),
        ),
        Case(
            "the next meeting, which has the item",
            meeting("next_meeting"),
            get=everyone(405),
            post=allow(MEETING_KEEPERS, status=302),
        ),
    ],
    "meetings:agenda_free_edit": [
        form("free item", meeting("held_meeting", "free_item"), allow(MEETING_KEEPERS)),
        form("a document item", meeting("held_meeting", "open_item"), allow(NOBODY)),
        form("item of another meeting", meeting("coming_meeting", "free_item"), hidden_from_all()),
    ],
    "meetings:agenda_attachment": [
        page("free item with a file", meeting("held_meeting", "free_item")),
        page("no file", meeting("next_meeting", "minutes_item"), everyone(404)),
        page("item of another meeting", meeting("coming_meeting", "free_item"), hidden_from_all()),
    ],
    "meetings:agenda_minutes": [
        form("free item, meeting held", meeting("held_meeting", "free_item"), allow(REVIEWERS)),
        form("document item", meeting("held_meeting", "open_item"), allow(REVIEWERS)),
        # Not held yet: the form is shown disabled, a post refused with the reason (400).
        form("meeting to come", meeting("coming_meeting", "coming_item"), allow(REVIEWERS)),
        form("item of another meeting", meeting("coming_meeting", "free_item"), hidden_from_all()),
    ],
    "meetings:attendance": [
        form("held", meeting("held_meeting"), allow(REVIEWERS)),
        form("to come", meeting("coming_meeting"), allow(REVIEWERS)),
    ],
    "meetings:minutes_adopt": [
        form("the next meeting's item", meeting("next_meeting", "minutes_item"), allow(REVIEWERS)),
        form("not a minutes item", meeting("held_meeting", "free_item"), allow(NOBODY)),
        form("item of another meeting", meeting("held_meeting", "minutes_item"), hidden_from_all()),
    ],
    # The secretary's work (projects/meetings/secretary_urls.py): the voorzitter and the
    # regiocoördinator record actiepunten, their owner or they mark them done; an action under a
    # confidential project's item is read as its content. Sending the agenda is keeping the
    # meeting (not once it has taken place). Everyone has a calendar address of their own; the
    # feed of an unknown token answers 404, also to anonymous visitors (PUBLIC).
    "meetings:actions": [page()],
    "meetings:action_add": [form("held", meeting("held_meeting"), allow(REVIEWERS))],
    "meetings:action_done": [
        form("open, the projectleider's", action("action"), allow(LEADER | REVIEWERS)),
        form(
            "open, under the confidential project's item",
            action("secret_action"),
            allow({"groepslid"} | REVIEWERS, visible=SECRET_CIRCLE),
        ),
        form("done already: back to the meeting", action("done_action"), everyone(302)),
    ],
    "meetings:agenda_send": [
        form("to come", meeting("coming_meeting"), allow(MEETING_KEEPERS)),
        form(
            "held: back to the meeting", meeting("held_meeting"), allow(MEETING_KEEPERS, status=302)
        ),
    ],
    "meetings:meeting_ics": [page("held", meeting("held_meeting"))],
    "meetings:calendar": [form("", no_args, everyone())],
    "meetings:calendar_revoke": [form("no address yet", no_args, everyone(302))],
    "meetings:calendar_feed": [
        page("unknown token", lambda w: {"token": "onbekend"}, everyone(404))
    ],
    # Contributions: everyone sees everything; regiocoördinator and beheerder keep the figures.
    "contributions:table": [page()],
    "contributions:year": [page("", year()), page("no such year", year(1999), everyone(404))],
    "contributions:hours": [page("", year())],
    "contributions:organisation": [
        page("", year(organisation_pk=lambda w: w.municipality.organisation_id)),
        page("a member of the confidential project's group", year(organisation_pk=GROUP_ORG)),
    ],
    "contributions:budget": [page("", year())],
    "contributions:settings": [page("", year())],
    "contributions:table_csv": [page("", year())],
    "contributions:table_xlsx": [page("", year())],
    "contributions:hours_csv": [page("", year())],
    "contributions:hours_xlsx": [page("", year())],
    "contributions:budget_csv": [page("", year())],
    "contributions:budget_xlsx": [page("", year())],
    "contributions:year_create": [form("", no_args, CONTRIBUTION_EDIT)],
    "contributions:settings_edit": [form("", year(), CONTRIBUTION_EDIT)],
    "contributions:municipalities_edit": [form("", year(), CONTRIBUTION_EDIT)],
    "contributions:partners_edit": [form("", year(), CONTRIBUTION_EDIT)],
    "contributions:income_create": [form("", year(), CONTRIBUTION_EDIT)],
    "contributions:income_edit": [
        form("", year(pk=lambda w: w.income_line.pk), CONTRIBUTION_EDIT),
        form(
            "line of another year",
            year(pk=lambda w: w.other_year_line.pk),
            allow(NOBODY, visible=EVERYONE - CONTRIBUTION_KEEPERS),
        ),
    ],
    "contributions:income_delete": [
        form("", year(pk=lambda w: w.income_line.pk), CONTRIBUTION_EDIT),
        form(
            "line of another year",
            year(pk=lambda w: w.other_year_line.pk),
            allow(NOBODY, visible=EVERYONE - CONTRIBUTION_KEEPERS),
        ),
    ],
    # Reports: everyone reads the final ones; concepts only voorzitter and regiocoördinator;
    # the regiocoördinator writes the introduction, generates and finalises.
    "reporting:index": [page()],
    "reporting:report": [
        page("this year's jaarplan", kind_year("jaarplan")),
        page("no such report", kind_year("onbekend"), everyone(404)),
        page("a year out of range", kind_year("jaarplan", 1900), everyone(404)),
    ],
    "reporting:introduction": [
        Case(
            "saving is a POST",
            kind_year("jaarverslag"),
            get=everyone(405),
            post=allow({"regiocoordinator"}, status=ALLOWED),
        )
    ],
    # Generating and finalising only queue the render for the background worker: cheap.
    "reporting:generate": [
        Case(
            "generating is a POST",
            kind_year("jaarverslag"),
            get=everyone(405),
            post=allow({"regiocoordinator"}, status=ALLOWED),
        )
    ],
    "reporting:finalise": [
        form("not final yet", kind_year("jaarverslag"), allow({"regiocoordinator"}))
    ],
    # What the report page's script asks while a version is being made: concepts are theirs.
    "reporting:status": [
        page("this year's jaarplan", kind_year("jaarplan"), allow(REVIEWERS)),
        page("no such report", kind_year("onbekend"), everyone(404)),
    ],
    "reporting:download": [
        page("final", pk("final_version")),
        page("concept", pk("concept_version"), allow(REVIEWERS, visible=NOBODY)),
        page("no such version", lambda w: {"pk": 999999}, everyone(404)),
    ],
    "reporting:besluitenlijst": [page("held", lambda w: {"meeting_pk": w.held_meeting.pk})],
    # The vergaderstukken (issue 18): read by everyone, as the meeting; each reader gets the
    # bundle of their reader class. Made by those who keep meetings.
    "reporting:meeting_papers": [page("held", meeting("held_meeting"))],
    "reporting:meeting_papers_status": [page("held", meeting("held_meeting"))],
    "reporting:meeting_papers_download": [
        page("none made yet", meeting("held_meeting"), everyone(404)),
    ],
    "reporting:meeting_papers_generate": [
        Case(
            "making is a POST",
            meeting("coming_meeting"),
            get=everyone(405),
            post=allow(MEETING_KEEPERS, status=ALLOWED),
        )
    ],
    # One document as PDF: the same readers as the page it is downloaded from.
    "reporting:plan_pdf": [
        page("open", pk("project", number=lambda w: 1)),
        page("confidential", pk("secret", number=lambda w: 1), SECRET_CONTENT),
        page("no such version", pk("project", number=lambda w: 9), hidden_from_all()),
    ],
    "reporting:evaluation_pdf": [
        page("confidential, evaluating", pk("secret"), SECRET_CONTENT),
        page("not begun", pk("project"), hidden_from_all()),
    ],
    "reporting:progress_pdf": [
        page("confidential project", report("secret", "secret_report"), SECRET_CONTENT),
        page("under another project", report("project", "secret_report"), hidden_from_all()),
    ],
    "reporting:request_pdf": [
        page("concept, Hengelo", pk("concept_request"), allow(HENGELO, visible=NOBODY)),
        page("approved, confidential", pk("secret_request"), SECRET_CONTENT),
    ],
    "reporting:factsheets": [page()],
    "reporting:kring": [
        page("this year", lambda w: {"year": w.year.year}, allow(REVIEWERS)),
    ],
    "reporting:factsheet": [
        page(
            "Hengelo",
            lambda w: {"organisation_pk": w.municipality.organisation_id, "year": w.year.year},
        )
    ],
    # Two-factor sign-in: everyone may set it up for themselves (while a step is owed, see
    # test_who_owes_the_second_step_reaches_nothing_else); the security log is read by the
    # roles with special rights.
    "core:two_factor_verify": [form("no step owed", no_args, everyone(302))],
    "core:two_factor_verify_backup": [form("no step owed", no_args, everyone(302))],
    "core:two_factor": [page()],
    "core:two_factor_enrol": [form("", no_args, everyone())],
    "core:two_factor_backup_codes": [
        Case("not set up", get=everyone(405), post=everyone(302)),
    ],
    "core:two_factor_disable": [
        Case("not set up, no code", get=everyone(405), post=everyone(ALLOWED)),
    ],
    "core:audit_log": [page(get=allow(REVIEWERS | {"beheerder"}))],
    # The API's pages: everyone makes and revokes their own tokens (someone else's is not
    # there: 404) and reads the documentation and the schema. The API itself (/api/v1/,
    # skipped by the walk) answers JSON, 401 without a token: its matrix is
    # tests/api/test_permissions.py.
    "api:tokens": [form("", no_args, everyone())],
    "api:token_revoke": [
        form("the indiener's token", pk("api_token"), allow(HENGELO, visible=HENGELO))
    ],
    "api:docs": [page()],
    "api:schema": [page()],
}

# A GET changes nothing (a link or an image on another site can make a browser GET anything,
# with no CSRF token to stop it), except the bookkeeping of sessions, sign-in attempts and the
# security log, and these:
# The hours of the confidential project's work (its group member's organisation, and the
# "Hours per person" sheet): its circle sees the project and the person (and role and dates);
# everybody else sees one row "confidential projects" with the hours added together.
SECRET_HOURS_ROWS = {
    "contributions:organisation": year(organisation_pk=GROUP_ORG),
    "contributions:hours_xlsx": year(),
}
SECRET_HOURS_SHOWN = {subject: subject in SECRET_CIRCLE for subject in SIGNED_IN}

BOOKKEEPING = {"django_session", "core_auditevent", "axes_accessattempt", "axes_accesslog"}
OWED_REPORTS = {"projects_progressreport", "projects_historicalprogressreport"}
WRITES_ON_GET = {
    # The projectleider finds the progress reports that are owed, made when they look.
    "projects:detail": OWED_REPORTS,
    "projects:report_list": OWED_REPORTS,
    # Setting up two-step verification shows the key of a new, unconfirmed device.
    "core:two_factor_enrol": {"otp_totp_totpdevice"},
    # Reading the security log first writes the counts of anonymous refusals of minutes over.
    "core:audit_log": {"core_refusaltally"},
}

# What anonymous visitors get where they are not sent to the sign-in page.
# Starting a sign-in at the organisation's provider goes there (here: to the sign-in page, the
# sweep's provider being unreachable); the provider's callback without a started sign-in is
# refused back to the sign-in page. The calendar feed of an unknown token answers 404.
PUBLIC = {
    "login": 200,
    "core:sso_start": 302,
    "core:sso_callback": 302,
    "meetings:calendar_feed": 404,
}


# --- The admin, by rule ----------------------------------------------------------------------
# The admin is the beheerder's (docs/ARCHITECTURE.md §4): its site refuses every other
# signed-in user
# (platform_ivz.site.admin_site), and within it the beheerder manages users, organisations and
# groups only (platform_ivz.core.roles.ADMINISTRATOR_MODELS). A model newly registered in the
# admin joins these rules by itself.

# What the beheerder may open per model: every action, or the ones listed. Every other action,
# on every other model (axes' logs, the OTP devices, the domain models), answers 403.
ADMIN_MODEL_ACTIONS = (
    "changelist",
    "add",
    "history",
    "delete",
    "change",
    "simple_history",
    "config",
    "qrcode",
)
EVERY_ACTION = frozenset(ADMIN_MODEL_ACTIONS)
ADMIN_BEHEERDER = {
    "core_user": EVERY_ACTION,
    "core_organisation": EVERY_ACTION,
    "core_identityprovider": EVERY_ACTION,
    "auth_group": EVERY_ACTION,
    "core_auditevent": frozenset({"changelist", "change", "history"}),  # read, never edit
}
# Site pages: the beheerder's status (everyone else: 403).
ADMIN_SITE_PAGES = {
    "admin:index": (200, {}),
    "admin:app_list": (200, {"app_label": "core"}),
    "admin:password_change": (200, {}),
    "admin:password_change_done": (200, {}),
    "admin:jsi18n": (200, {}),
    "admin:logout": (405, {}),  # signing out is a POST
    "admin:autocomplete": (403, {}),  # without its parameters
}


def only_beheerder(status) -> dict[str, Any]:
    return {subject: status if subject == "beheerder" else 403 for subject in SIGNED_IN}


def _registered_models() -> dict[str, Any]:
    return {f"{m._meta.app_label}_{m._meta.model_name}": m for m in admin.site._registry}


def _instance(model):
    return model._default_manager.order_by("pk").first()


def _object_url(name, model, action) -> tuple[str, bool]:
    """The admin URL of the first object of `model` (with a history row for history pages),
    and whether such an object exists."""
    if action in ("changelist", "add"):
        return reverse(name), True
    if action == "simple_history":
        record = model.history.order_by("history_id").first()
        if record is None:
            return reverse(name, args=[0, 0]), False
        return reverse(name, args=[getattr(record, model._meta.pk.attname), record.pk]), True
    obj = _instance(model)
    return reverse(name, args=[obj.pk if obj else 0]), obj is not None


def admin_check(endpoint, world=None):
    """(label, url, expected GET statuses) for an admin URL; None if no rule covers it.

    Without `world` only says whether a rule covers the URL (the url is then None).
    """
    name, route = endpoint.name, endpoint.route
    if name == "admin:login":
        return "the admin's sign-in forwards to ours", reverse(name), everyone(302)
    if name in ADMIN_SITE_PAGES:
        status, kwargs = ADMIN_SITE_PAGES[name]
        return "", reverse(name, kwargs=kwargs), only_beheerder(status)
    if name == "admin:view_on_site":
        url = None
        if world is not None:
            content_type = ContentType.objects.get_for_model(world.project)
            url = reverse(name, args=[content_type.pk, world.project.pk])
        return "on to a project page", url, only_beheerder(302)
    if route.endswith("(?P<url>.*)$"):
        return "an unknown admin address", "/beheer/onbekend", only_beheerder(404)
    if name == "admin:auth_user_password_change":
        url = reverse(name, args=[world.users["indiener"].pk]) if world else None
        return "", url, only_beheerder(200)
    for prefix, model in _registered_models().items():
        allowed = ADMIN_BEHEERDER.get(prefix, frozenset())
        for action in ADMIN_MODEL_ACTIONS:
            if name == f"admin:{prefix}_{action}":
                url, exists = _object_url(name, model, action) if world else (None, True)
                if not exists:  # some admin views say so before they check rights
                    status = NOT_THERE
                else:
                    status = 200 if action in allowed else 403
                return model._meta.label, url, only_beheerder(status)
        app, model_name = model._meta.app_label, model._meta.model_name
        if not name and route == f"beheer/{app}/{model_name}/<path:object_id>/":
            obj = _instance(model) if world else None
            url = f"/beheer/{app}/{model_name}/{obj.pk if obj else 0}/"
            return f"{model._meta.label}: on to its change page", url, only_beheerder(302)
    return None


# --- The walk --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Endpoint:
    name: str  # with its namespaces; empty if the pattern has no name
    route: str
    admin: bool

    @property
    def key(self) -> str:
        """How the table knows it: its name, or its route if it has none."""
        return self.name or self.route


# The JSON API: DRF authenticates there (a token, 401 without), so it is left to its own
# permission matrix (tests/api/test_permissions.py).
SKIPPED_ROUTES = ("api/v1/",)


def walk(resolver=None, prefix="", namespaces=()):
    """Every endpoint of the URL configuration, through every include."""
    for entry in (resolver or get_resolver()).url_patterns:
        route = prefix + str(entry.pattern)
        if route.startswith(SKIPPED_ROUTES):
            continue
        if isinstance(entry, URLResolver):
            inner = (*namespaces, entry.namespace) if entry.namespace else namespaces
            yield from walk(entry, route, inner)
        elif isinstance(entry, URLPattern):
            name = ":".join((*namespaces, entry.name)) if entry.name else ""
            yield Endpoint(name, route, "admin" in namespaces)


@dataclass(frozen=True)
class Check:
    key: str
    label: str
    url: str
    get: dict
    post: dict | None

    def __str__(self):
        return f"{self.key} [{self.label}] {self.url}" if self.label else f"{self.key} {self.url}"


def checks(world) -> list[Check]:
    """Every URL of the walk with the objects of `world`, and what each subject gets there."""
    found = []
    for endpoint in walk():
        # A URL without an entry fails test_every_url_has_an_entry; the others still run.
        if endpoint.admin:
            rule = admin_check(endpoint, world)
            if rule is not None:
                found.append(Check(endpoint.key, *rule, None))
            continue
        for case in EXPECTED.get(endpoint.key, []):
            url = case.url(endpoint.name, world) if endpoint.name else "/" + endpoint.route
            found.append(Check(endpoint.key, case.label, url, case.get, case.post))
    return found
