"""Where each form of the app is, in the demo world, and what a refused post must not do:
shared by the fuzzing (tests/security/test_fuzz_forms.py) and the text limits
(tests/security/test_text_bounds.py). The world itself is the fixture `fuzz_world` of
tests/security/conftest.py."""

import re
from dataclasses import dataclass
from pathlib import Path

import django
from django.apps import apps
from django.conf import settings as django_settings
from django.utils import timezone

from intake.models import Attachment, ProjectRequest
from platform_ivz.core.models import Meeting
from projects.models import AgendaItem, ProgressReport
from tests.security.demo_world import demo_project

# Tables that record the attempt itself (sign-in attempts, the audit log, sessions): an
# attempt is written down even when it is refused, by design.
BOOKKEEPING = {"sessions", "axes", "admin", "contenttypes", "otp_static", "otp_totp"}
BOOKKEEPING_MODELS = {"core.auditevent"}


@dataclass
class Target:
    username: str | None  # None: anonymous
    kwargs: callable = lambda: {}


def _request(status):
    return ProjectRequest.objects.filter(status=status).order_by("pk")[0]


def _project(status):
    return demo_project(status)


def _report(status):
    return ProgressReport.objects.filter(status=status, project__status="in_uitvoering")[0]


def _decided_item():
    item = (
        AgendaItem.objects.filter(project__isnull=False)
        .select_related("meeting")
        .order_by("-meeting__date")[0]
    )
    return {"pk": item.meeting_id, "item_pk": item.pk}


def _future_meeting():
    return Meeting.objects.order_by("-date")[0].pk


def _free_item(**extra):
    item = AgendaItem.objects.filter(kind="free", **extra).order_by("-meeting__date", "pk")[0]
    return {"pk": item.meeting_id, "item_pk": item.pk}


def _open_minutes_meeting():
    """The last meeting held, whose verslag is a concept (demo data, projects/demo.py)."""
    return (
        Meeting.objects.filter(date__lte=timezone.localdate())
        .exclude(minutes__status="vastgesteld")
        .order_by("-date")[0]
        .pk
    )


def _minutes_item():
    item = AgendaItem.objects.filter(
        kind="minutes", decision="open", meeting__date__lte=timezone.localdate()
    ).order_by("-meeting__date")[0]
    return {"pk": item.meeting_id, "item_pk": item.pk}


def _meeting_without_minutes_item():
    """The latest meeting, its "vaststellen verslag" item taken off (in the test's savepoint):
    a post puts it back."""
    pk = _future_meeting()
    AgendaItem.objects.filter(meeting_id=pk, kind="minutes", decision="open").delete()
    return {"pk": pk}


def _open_action():
    """An open action of the platformlid under the latest meeting (the demo has none); made in
    the test's savepoint."""
    from platform_ivz.core.models import User
    from projects.models import ActionItem

    meeting = Meeting.objects.order_by("-date")[0]
    action = ActionItem.objects.create(
        meeting=meeting,
        description="Fuzz",
        owner=User.objects.get(username="platformlid"),
        due_date=meeting.date,
        created_by=User.objects.get(username="regiocoordinator"),
    )
    return {"action_pk": action.pk}


def _api_token(username):
    """One of the user's own API tokens (made the first time it is asked for)."""
    from django.utils import timezone

    from platform_ivz.api import tokens
    from platform_ivz.api.models import ApiToken
    from platform_ivz.core.models import User

    user = User.objects.get(username=username)
    token = ApiToken.objects.filter(user=user).first() or tokens.create_token(
        user=user, name="Dashboard", expires_on=timezone.localdate()
    ).token
    return {"pk": token.pk}


TARGETS = {
    "login": Target(None),
    "logout": Target("platformlid"),
    "core:two_factor_verify": Target("voorzitter"),
    "core:two_factor_verify_backup": Target("voorzitter"),
    "core:two_factor_enrol": Target("voorzitter"),
    "core:two_factor_backup_codes": Target("voorzitter"),
    "core:two_factor_disable": Target("voorzitter"),
    "api:tokens": Target("platformlid"),
    "api:token_revoke": Target("platformlid", lambda: _api_token("platformlid")),
    "intake:create": Target("platformlid"),
    "intake:edit": Target("borne", lambda: {"pk": _request("concept").pk}),
    "intake:screen": Target("voorzitter", lambda: {"pk": _request("ingediend").pk}),
    "intake:transition": Target("borne", lambda: {"pk": _request("concept").pk, "name": "submit"}),
    "intake:attachment_delete": Target(
        "borne",
        lambda: {
            "pk": Attachment.objects.get().request_id,
            "attachment_pk": Attachment.objects.get().pk,
        },
    ),
    "projects:assign": Target("voorzitter", lambda: {"pk": _project("te_bemensen").pk}),
    "projects:theme": Target("voorzitter", lambda: {"pk": _project("in_uitvoering").pk}),
    "projects:plan_edit": Target("platformlid", lambda: {"pk": _project("in_voorbereiding").pk}),
    "projects:plan_submit": Target("platformlid", lambda: {"pk": _project("in_voorbereiding").pk}),
    "projects:plan_amend": Target("platformlid", lambda: {"pk": _project("in_uitvoering").pk}),
    "projects:report_edit": Target(
        "platformlid",
        lambda: {"pk": _report("concept").project_id, "report_pk": _report("concept").pk},
    ),
    "projects:report_submit": Target(
        "platformlid",
        lambda: {"pk": _report("concept").project_id, "report_pk": _report("concept").pk},
    ),
    "projects:report_acknowledge": Target(
        "voorzitter",
        lambda: {"pk": _report("ingediend").project_id, "report_pk": _report("ingediend").pk},
    ),
    "projects:beslispunt_create": Target(
        "platformlid", lambda: {"pk": _project("in_uitvoering").pk}
    ),
    "projects:evaluation_start": Target(
        "platformlid", lambda: {"pk": _project("in_uitvoering").pk}
    ),
    "projects:evaluation_edit": Target("almelo", lambda: {"pk": _project("evaluatie").pk}),
    "projects:evaluation_submit": Target("almelo", lambda: {"pk": _project("evaluatie").pk}),
    "meetings:create": Target("voorzitter"),
    "meetings:edit": Target("voorzitter", lambda: {"pk": _future_meeting()}),
    "meetings:delete": Target("voorzitter", lambda: {"pk": _future_meeting()}),
    "meetings:agenda_add": Target("voorzitter", lambda: {"pk": _future_meeting()}),
    "meetings:agenda_move": Target("voorzitter", _decided_item),
    "meetings:agenda_remove": Target("voorzitter", _decided_item),
    "meetings:agenda_decide": Target("voorzitter", _decided_item),
    "meetings:agenda_free_add": Target("regiocoordinator", lambda: {"pk": _future_meeting()}),
    "meetings:agenda_add_minutes": Target("regiocoordinator", _meeting_without_minutes_item),
    "meetings:agenda_free_edit": Target(
        "regiocoordinator", lambda: _free_item(meeting__date__gt=timezone.localdate())
    ),
    "meetings:agenda_minutes": Target(
        "regiocoordinator", lambda: _free_item(meeting_id=_open_minutes_meeting())
    ),
    "meetings:attendance": Target("regiocoordinator", lambda: {"pk": _open_minutes_meeting()}),
    "meetings:minutes_adopt": Target("voorzitter", _minutes_item),
    "meetings:action_add": Target("voorzitter", lambda: {"pk": _future_meeting()}),
    "meetings:action_done": Target("platformlid", _open_action),
    "meetings:agenda_send": Target("regiocoordinator", lambda: {"pk": _future_meeting()}),
    "meetings:calendar": Target("platformlid"),
    "meetings:calendar_revoke": Target("platformlid"),
    "contributions:year_create": Target("regiocoordinator"),
    "contributions:settings_edit": Target("regiocoordinator", lambda: {"year": 2026}),
    "contributions:municipalities_edit": Target("regiocoordinator", lambda: {"year": 2026}),
    "contributions:partners_edit": Target("regiocoordinator", lambda: {"year": 2026}),
    "contributions:income_create": Target("regiocoordinator", lambda: {"year": 2026}),
    "contributions:income_edit": Target("regiocoordinator", lambda: _income_line()),
    "contributions:income_delete": Target("regiocoordinator", lambda: _income_line()),
    "reporting:introduction": Target("regiocoordinator", lambda: _report_kind("jaarplan")),
    "reporting:generate": Target("regiocoordinator", lambda: _report_kind("marap")),
    "reporting:finalise": Target("regiocoordinator", lambda: _report_kind("jaarplan")),
    "reporting:meeting_papers_generate": Target(
        "regiocoordinator", lambda: {"pk": _future_meeting()}
    ),
}


def _income_line():
    from contributions.models import IncomeLine

    line = IncomeLine.objects.select_related("settings").order_by("-settings__year")[0]
    return {"year": line.settings.year, "pk": line.pk}


def _report_kind(kind):
    from contributions.models import YearSettings

    return {"kind": kind, "year": YearSettings.objects.order_by("-year")[0].year}


# --- What a refused post must look like -----------------------------------------------------


def _msgids(path: Path) -> set[str]:
    """The English source texts of a catalogue whose Dutch differs: never to be shown."""
    text = path.read_text(encoding="utf-8")
    found = set()
    for block in text.split("\n\n"):
        msgid = "".join(re.findall(r'^(?:msgid |")"?(.*?)"$', block.split("msgstr")[0], re.M))
        msgstr = "".join(re.findall(r'"(.*)"$', block.split("msgstr", 1)[-1], re.M))
        if msgid and msgstr and msgid != msgstr and "#, fuzzy" not in block:
            found.add(msgid.replace('\\"', '"'))
    return found


ENGLISH = _msgids(Path(django.__file__).parent / "conf/locale/nl/LC_MESSAGES/django.po") | _msgids(
    Path(django_settings.BASE_DIR) / "locale/nl/LC_MESSAGES/django.po"
)


def error_messages(response) -> list[str]:
    """Every error of every form and formset on the page."""
    found = []
    for context in response.context or []:
        for value in context.flatten().values():
            for candidate in [value, *getattr(value, "forms", [])]:
                errors = getattr(candidate, "errors", None)
                if isinstance(errors, dict):
                    for messages in errors.values():
                        found.extend(str(message) for message in messages)
            non_form = getattr(value, "non_form_errors", None)
            if callable(non_form):
                found.extend(str(message) for message in non_form())
    return found


def row_counts() -> dict[str, int]:
    return {
        model._meta.label_lower: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label not in BOOKKEEPING
        and model._meta.label_lower not in BOOKKEEPING_MODELS
        and not model._meta.label_lower.startswith("core.historicalauditevent")
    }
