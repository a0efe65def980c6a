"""Every write to a projectverzoek, and every transition, goes through here."""

import datetime
import hashlib

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, F, Sum
from django.db.models.functions import Coalesce
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from intake import signals
from intake.formats import (
    CRITERIA,
    MUNICIPALITY_CRITERION,
    MUNICIPALITY_THRESHOLD,
    REQUEST_FULL_FORMAT,
)
from intake.models import Attachment, CriterionAssessment, ProjectRequest, RequestEvent
from intake.permissions import can_edit_request, can_screen_request, may_submit_requests
from intake.workflow import (
    APPROVE,
    REJECT,
    REQUEST_INFORMATION,
    REQUEST_WORKFLOW,
    SUBMIT,
    WITHDRAW,
)
from platform_ivz.core.editing import EditConflict
from platform_ivz.core.models import Organisation
from platform_ivz.core.notifications import absolute_url, notify
from platform_ivz.core.reference import Theme
from platform_ivz.core.roles import Role
from platform_ivz.core.selectors import users_with_roles
from platform_ivz.core.uploads import checked_upload
from platform_ivz.core.workflow import StaleTransition

Status = ProjectRequest.Status
MB = 1024 * 1024

CONTENT_FIELDS = [
    "title",
    "on_behalf_of",
    "on_behalf_organisation",
    *REQUEST_FULL_FORMAT,  # the text of the intake format, in its order
    "theme",
    "vertrouwelijk",
]
# What the screening needs before a request can be submitted (the intake format of the seed's
# §7 and appendix 4; a concept may lack any of them).
REQUIRED_FOR_SUBMISSION = [
    "title",
    "on_behalf_of",
    "theme",
    *REQUEST_FULL_FORMAT,  # the text of the intake format, in its order
]


@transaction.atomic
def create_request(
    *, author, data: dict, gemeenten, files=(), submit: bool = False
) -> ProjectRequest:
    """A new concept; with `submit`, submitted at once, or nothing is written at all."""
    if not may_submit_requests.test(author):
        raise PermissionDenied
    if author.organisation_id is None:
        raise ValidationError(_("Your account belongs to no organisation; ask the administrator."))
    request = ProjectRequest(
        indiener=author,
        organisation_id=author.organisation_id,
        **{field: data[field] for field in CONTENT_FIELDS if field in data},
    )
    if submit:
        _refuse_incomplete(request, gemeenten)
    request._history_user = author
    # One historical record for the creation, with its municipalities, not two.
    request.save_without_historical_record()
    request.gemeenten.set(gemeenten)
    if not request.history.exists():
        request.save()
    add_attachments(request=request, actor=author, files=files)
    if submit:
        return submit_request(request=request, actor=author)
    return request


@transaction.atomic
def update_request(
    *,
    request: ProjectRequest,
    actor,
    data: dict,
    gemeenten,
    expected_version: int,
    files=(),
    submit: bool = False,
) -> ProjectRequest:
    """Save the concept; with `submit`, submit it too, or write nothing at all."""
    locked = ProjectRequest.objects.select_for_update().get(pk=request.pk)
    if not can_edit_request.test(actor, locked):
        raise PermissionDenied
    if locked.version != expected_version:
        raise EditConflict
    for field in CONTENT_FIELDS:
        if field in data:
            setattr(locked, field, data[field])
    if submit:
        _refuse_incomplete(locked, gemeenten)
    locked._history_user = actor
    locked.version = F("version") + 1
    locked.save()
    locked.refresh_from_db()
    locked.gemeenten.set(gemeenten)
    add_attachments(request=locked, actor=actor, files=files)
    if submit:
        return submit_request(request=locked, actor=actor)
    return locked


def _refuse_incomplete(request: ProjectRequest, gemeenten) -> None:
    """Before anything is written (attachments go to disk on save, beyond a rollback)."""
    missing = missing_for_submission(request, gemeenten=gemeenten)
    if missing:
        raise ValidationError(missing)


def add_attachments(*, request: ProjectRequest, actor, files) -> None:
    """Store the uploads under their safe names, within the limits on count and size.

    The one place the limits are enforced; ValidationError on "attachments" otherwise, and
    the caller's transaction leaves nothing behind.
    """
    files = list(files)
    if not files:
        return
    errors = []
    checked = []
    for upload in files:
        try:
            checked.append(checked_upload(upload))
        except ValidationError as error:
            errors.extend(error.messages)
    if not errors:
        errors = _attachment_limit_errors(request, sum(upload.size for upload in files), len(files))
    if errors:
        raise ValidationError({"attachments": errors})
    for upload in checked:
        # The stored file's own name follows the safe name too (intake.models.attachment_path).
        upload.upload.name = upload.name
        Attachment.objects.create(
            request=request,
            file=upload.upload,
            original_name=upload.name,
            content_type=upload.content_type,
            size=upload.upload.size,
            uploaded_by=actor,
        )


def _attachment_limit_errors(request: ProjectRequest, added_bytes: int, added_count: int):
    """Dutch messages for every limit the new files would cross (settings ATTACHMENTS_*)."""
    # One upload per organisation at a time, so two posts cannot both pass the daily limit.
    Organisation.objects.select_for_update().filter(pk=request.organisation_id).first()
    errors = []
    existing = request.attachments.aggregate(count=Count("id"), size=Coalesce(Sum("size"), 0))
    max_count = settings.ATTACHMENTS_MAX_PER_REQUEST
    if existing["count"] + added_count > max_count:
        errors.append(
            _(
                "A request can have at most %(max)d attachments; with these it would have "
                "%(count)d. Remove some first or combine them into one file."
            )
            % {"max": max_count, "count": existing["count"] + added_count}
        )
    max_bytes = settings.ATTACHMENTS_MAX_MB_PER_REQUEST * MB
    if existing["size"] + added_bytes > max_bytes:
        errors.append(
            _(
                "The attachments of a request may be at most %(max)s together; with these "
                "they would be %(total)s."
            )
            % {
                "max": filesizeformat(max_bytes),
                "total": filesizeformat(existing["size"] + added_bytes),
            }
        )
    daily_bytes = settings.ATTACHMENTS_MAX_MB_PER_ORGANISATION_PER_DAY * MB
    start_of_day = timezone.make_aware(
        datetime.datetime.combine(timezone.localdate(), datetime.time.min)
    )
    uploaded_today = Attachment.objects.filter(
        request__organisation_id=request.organisation_id, uploaded_at__gte=start_of_day
    ).aggregate(size=Coalesce(Sum("size"), 0))["size"]
    if uploaded_today + added_bytes > daily_bytes:
        errors.append(
            _(
                "Your organisation can upload at most %(max)s of attachments per day; "
                "%(left)s is left today. Try again tomorrow or ask the regiocoördinator."
            )
            % {
                "max": filesizeformat(daily_bytes),
                "left": filesizeformat(max(daily_bytes - uploaded_today, 0)),
            }
        )
    return errors


@transaction.atomic
def remove_attachment(*, attachment: Attachment, actor) -> None:
    if not can_edit_request.test(actor, attachment.request):
        raise PermissionDenied
    stored = attachment.file
    attachment.delete()
    transaction.on_commit(lambda: stored.delete(save=False))


def missing_for_submission(request: ProjectRequest, gemeenten=None) -> dict[str, str]:
    """Field name → Dutch message for every field the screening still needs.

    `gemeenten`, when given, stands for the request's municipalities (a request not yet saved
    with them); otherwise the stored ones count.
    """
    missing = {
        field: _("This field is required before you can submit the request.")
        for field in REQUIRED_FOR_SUBMISSION
        if not getattr(request, field)
    }
    if (
        request.on_behalf_of
        in (
            ProjectRequest.OnBehalfOf.MAYOR,
            ProjectRequest.OnBehalfOf.PARTNER,
        )
        and not request.on_behalf_organisation_id
    ):
        missing["on_behalf_organisation"] = _("Choose the municipality or partner organisation.")
    if not (request.gemeenten.exists() if gemeenten is None else len(gemeenten)):
        missing["gemeenten"] = _("Choose at least one municipality.")
    return missing


def _transition(request: ProjectRequest, actor, name: str, note: str = "", **changes):
    """REQUEST_WORKFLOW.apply with the request's event row (docs/ARCHITECTURE.md §3)."""

    def record(locked, transition, from_status, note):
        RequestEvent.objects.create(
            request=locked,
            transition=name,
            from_status=from_status,
            to_status=transition.target,
            actor=actor,
            note=note,
        )

    return REQUEST_WORKFLOW.apply(name, actor, request, note=note, record=record, **changes)


def _mail_context(request: ProjectRequest, note: str = "") -> dict:
    return {"request": request, "note": note, "url": absolute_url(request.get_absolute_url())}


@transaction.atomic
def submit_request(*, request: ProjectRequest, actor, note: str = "") -> ProjectRequest:
    missing = missing_for_submission(request)
    if missing:
        raise ValidationError(missing)
    request = _transition(request, actor, SUBMIT, note, submitted_at=timezone.now())
    reviewers = users_with_roles(Role.VOORZITTER, Role.REGIOCOORDINATOR).exclude(pk=actor.pk)
    notify(
        reviewers,
        subject=_("Project request submitted: %(title)s") % {"title": request.title},
        template="intake/email/submitted",
        context=_mail_context(request, note),
    )
    return request


@transaction.atomic
def withdraw_request(*, request: ProjectRequest, actor, note: str = "") -> ProjectRequest:
    return _transition(request, actor, WITHDRAW, note)


def screening_stamp(request: ProjectRequest) -> str:
    """A short fingerprint of the stored screening, to notice that someone else changed it.

    Empty while nothing is stored, so a first screening needs no fingerprint.
    """
    rows = sorted(
        CriterionAssessment.objects.filter(request=request).values_list(
            "criterion", "met", "note", "assessed_by_id"
        )
    )
    return hashlib.sha256(repr(rows).encode()).hexdigest()[:16] if rows else ""


@transaction.atomic
def save_screening(
    *, request: ProjectRequest, actor, assessments: dict, expected_stamp: str | None = None
) -> None:
    """Store the assessment of each criterion: {criterion: (met or None, note)}.

    With `expected_stamp` (the screening_stamp when the page was opened), a screening that
    someone else saved in between is not overwritten: EditConflict.
    """
    locked = ProjectRequest.objects.select_for_update().get(pk=request.pk)
    if not can_screen_request.test(actor, locked):
        if locked.status != request.status:
            raise StaleTransition(obj=locked)
        raise PermissionDenied
    if expected_stamp is not None and screening_stamp(locked) != expected_stamp:
        raise EditConflict
    for criterion, _label in CRITERIA:
        met, note = assessments.get(criterion, (None, ""))
        CriterionAssessment.objects.update_or_create(
            request=locked,
            criterion=criterion,
            defaults={"met": met, "note": note, "assessed_by": actor},
        )


def suggested_assessments(request: ProjectRequest) -> dict:
    """Criterion 4 follows from the municipalities chosen; the others start open."""
    count = request.gemeenten.count()
    note = _("Plays in %(count)d municipalities.") % {"count": count}
    return {MUNICIPALITY_CRITERION: (count >= MUNICIPALITY_THRESHOLD, note)}


@transaction.atomic
def request_information(*, request: ProjectRequest, actor, note: str) -> ProjectRequest:
    request = _transition(request, actor, REQUEST_INFORMATION, note)
    notify(
        [request.indiener],
        subject=_("More information requested: %(title)s") % {"title": request.title},
        template="intake/email/information_requested",
        context=_mail_context(request, note),
    )
    return request


def check_decision(
    *,
    action: str,
    assessments: dict,
    motivation: str,
    override_motivation: str = "",
    theme: str = "",
) -> None:
    """Refuse a screening step that lacks its grounds, before anything is written or asked.

    `assessments` is {criterion: met (True, False or None)}. Asking for more information needs
    the question; approving or rejecting needs every one of the five criteria scored and a
    motivation; approving needs a theme, and where a criterion is not met, the reason to
    approve anyway. All missing grounds are named at once (ValidationError, Dutch, by field;
    "note" is the motivation, as the workflow calls it).
    """
    errors = {}
    if not motivation.strip():
        errors["note"] = (
            _("Write the question the submitter should answer.")
            if action == REQUEST_INFORMATION
            else _("Please give a motivation.")
        )
    if action in (APPROVE, REJECT):
        unanswered = [label for key, label in CRITERIA if assessments.get(key) is None]
        if unanswered:
            errors[NON_FIELD_ERRORS] = _(
                "Score every one of the five criteria (met or not met) before you decide. "
                "Still open: %(criteria)s"
            ) % {"criteria": "; ".join(unanswered)}
    if action == APPROVE:
        if theme not in Theme.values:
            errors["theme"] = _("Choose the theme the project belongs to.")
        scored = [assessments.get(key) for key, _label in CRITERIA]
        if None not in scored and not all(scored) and not override_motivation.strip():
            errors["override_motivation"] = _(
                "Not every criterion is met: explain why the request is approved anyway."
            )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def decide_request(
    *,
    request: ProjectRequest,
    actor,
    approve: bool,
    motivation: str,
    override_motivation: str = "",
    theme: str = "",
) -> ProjectRequest:
    """Approve (with the confirmed `theme`) or reject, on the stored screening.

    Approving without a theme keeps the one the submitter proposed.
    """
    assessments = {a.criterion: a.met for a in request.assessments.all()}
    theme = theme or request.theme
    check_decision(
        action=APPROVE if approve else REJECT,
        assessments=assessments,
        motivation=motivation,
        override_motivation=override_motivation,
        theme=theme,
    )
    if not approve or all(assessments.values()):
        # Nothing to override: a stray text would show as "approved although not every
        # criterion is met" on the request and in the e-mail.
        override_motivation = ""
    changes = {"theme": theme} if approve else {}
    request = _transition(
        request,
        actor,
        APPROVE if approve else REJECT,
        motivation,
        decided_at=timezone.now(),
        decided_by=actor,
        decision_motivation=motivation.strip(),
        override_motivation=override_motivation.strip(),
        **changes,
    )
    if approve:
        # The projects app creates the project, with the theme confirmed here.
        signals.request_approved.send(sender=ProjectRequest, request=request, actor=actor)
    notify(
        [request.indiener],
        subject=(
            _("Project request approved: %(title)s")
            if approve
            else _("Project request rejected: %(title)s")
        )
        % {"title": request.title},
        template="intake/email/decided",
        context=_mail_context(request, motivation),
    )
    return request


@transaction.atomic
def screen_request(
    *,
    request: ProjectRequest,
    actor,
    assessments: dict,
    action: str,
    motivation: str = "",
    override_motivation: str = "",
    theme: str = "",
    expected_stamp: str | None = None,
) -> ProjectRequest:
    """The screening page in one go: store the assessments and take the chosen step.

    All or nothing: a refused decision leaves the stored screening as it was.
    """
    save_screening(
        request=request, actor=actor, assessments=assessments, expected_stamp=expected_stamp
    )
    if action in (REQUEST_INFORMATION, APPROVE, REJECT):
        # Refused here, the transaction takes the stored screening back with it.
        check_decision(
            action=action,
            assessments={key: met for key, (met, _note) in assessments.items()},
            motivation=motivation,
            override_motivation=override_motivation,
            theme=theme or request.theme,
        )
    if action == REQUEST_INFORMATION:
        return request_information(request=request, actor=actor, note=motivation)
    if action in (APPROVE, REJECT):
        return decide_request(
            request=request,
            actor=actor,
            approve=action == APPROVE,
            motivation=motivation,
            override_motivation=override_motivation,
            theme=theme,
        )
    return request
