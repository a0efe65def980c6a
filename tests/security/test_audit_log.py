"""The security log: every event type is recorded with the right fields, no secrets, never
changed, readable only by the roles with special rights."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.test import Client, RequestFactory
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from platform_ivz.core import two_factor
from platform_ivz.core.audit import AuditEvent, record
from platform_ivz.core.models import User
from platform_ivz.core.roles import Role
from tests.factories import PASSWORD, AttachmentFactory, UserFactory, user_with_role
from tests.security.accounts import enrolled_user, totp_for
from tests.threads import at_once

Event = AuditEvent.Event
CLIENT_IP = "203.0.113.9"


def sign_in(client, username, password=PASSWORD):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=CLIENT_IP
    )


def last(event):
    return AuditEvent.objects.filter(event=event).order_by("-id").first()


def all_text(event: AuditEvent) -> str:
    return " ".join(
        str(value)
        for value in (
            event.username,
            event.object_type,
            event.object_id,
            event.object_repr,
            event.detail,
        )
    )


# --- sign-in events -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_sign_in_and_sign_out_are_recorded(client):
    user = UserFactory(username="sanne")
    sign_in(client, "sanne")
    event = last(Event.LOGIN)
    assert (event.actor, event.username, event.result) == (user, "sanne", "success")
    assert event.ip_address == CLIENT_IP
    assert event.created_at is not None

    client.post(reverse("logout"), REMOTE_ADDR=CLIENT_IP)
    event = last(Event.LOGOUT)
    assert (event.actor, event.username, event.ip_address) == (user, "sanne", CLIENT_IP)


PROXY = "10.0.0.2"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("trusted", "remote", "forwarded", "expected"),
    [
        # No trusted proxy (the default): the header is anyone's to write, so it is ignored.
        ([], PROXY, CLIENT_IP, PROXY),
        ([], CLIENT_IP, "192.0.2.1", CLIENT_IP),
        # Behind the trusted proxy: the address it saw, not what the client wrote before it.
        (["10.0.0.0/24"], PROXY, CLIENT_IP, CLIENT_IP),
        (["10.0.0.0/24"], PROXY, f"192.0.2.1, {CLIENT_IP}", CLIENT_IP),
        (["10.0.0.2", "10.0.0.3"], PROXY, f"192.0.2.1, {CLIENT_IP}, 10.0.0.3", CLIENT_IP),
        (["10.0.0.2"], PROXY, "", PROXY),
        (["10.0.0.2"], PROXY, "geen-adres", PROXY),
        (["2001:db8:1::/64"], "2001:db8:1::5", "2001:db8:ff::9", "2001:db8:ff::9"),
        # A request that did not come through the proxy: its header counts for nothing.
        (["10.0.0.2"], CLIENT_IP, "192.0.2.1", CLIENT_IP),
    ],
)
def test_the_client_address_behind_a_trusted_proxy(
    client, settings, trusted, remote, forwarded, expected
):
    from axes.models import AccessAttempt

    settings.TRUSTED_PROXIES = trusted
    UserFactory(username="sanne")
    client.post(
        reverse("login"),
        {"username": "sanne", "password": "fout-wachtwoord"},
        REMOTE_ADDR=remote,
        HTTP_X_FORWARDED_FOR=forwarded,
    )
    assert last(Event.LOGIN_FAILED).ip_address == expected
    assert AccessAttempt.objects.get().ip_address == expected  # django-axes sees the same


@pytest.mark.django_db
def test_a_failed_sign_in_keeps_the_name_typed_and_never_the_password(client):
    UserFactory(username="sanne")
    sign_in(client, "sanne", "geheim-wachtwoord-123")
    event = last(Event.LOGIN_FAILED)
    assert (event.username, event.actor, event.result) == ("sanne", None, "failure")
    assert event.ip_address == CLIENT_IP
    assert "geheim-wachtwoord-123" not in all_text(event)
    assert "*" not in all_text(event)  # not even a masked password


@pytest.mark.django_db
def test_a_lockout_is_recorded(client):
    UserFactory(username="sanne")
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "sanne", "fout-wachtwoord")
    event = last(Event.LOCKOUT)
    assert (event.username, event.result, event.ip_address) == ("sanne", "failure", CLIENT_IP)
    assert AuditEvent.objects.filter(event=Event.LOGIN_FAILED).count() == (
        settings.AXES_FAILURE_LIMIT
    )


# --- two-step verification ----------------------------------------------------------------------


@pytest.mark.django_db
def test_the_second_step_is_recorded_without_the_code(client, frozen_time):
    user, device, codes = enrolled_user()
    sign_in(client, user.username)
    assert last(Event.LOGIN).detail == {"second_step": "pending"}
    client.post(reverse("core:two_factor_verify"), {"otp_token": "123456"})
    failed = last(Event.TWO_FACTOR_FAILED)
    assert (failed.actor, failed.result, failed.detail) == (
        user,
        "failure",
        {"method": "authenticator"},
    )
    # A wrong code is not also a failed password sign-in.
    assert not AuditEvent.objects.filter(event=Event.LOGIN_FAILED).exists()
    frozen_time.shift(timedelta(seconds=30))
    code = totp_for(device).now()
    client.post(reverse("core:two_factor_verify"), {"otp_token": code})
    verified = last(Event.TWO_FACTOR_VERIFIED)
    assert (verified.actor, verified.result) == (user, "success")
    for event in AuditEvent.objects.all():
        assert code not in all_text(event)
        assert "123456" not in all_text(event)
        for backup_code in codes:
            assert backup_code not in all_text(event)


@pytest.mark.django_db
def test_enrolling_new_codes_switching_off_and_reset_are_recorded(client, frozen_time):
    user = user_with_role(Role.PLATFORMLID, username="t_user")
    client.force_login(user)
    client.get(reverse("core:two_factor_enrol"))
    device = TOTPDevice.objects.get(user=user)
    response = client.post(reverse("core:two_factor_enrol"), {"otp_token": totp_for(device).now()})
    assert last(Event.TWO_FACTOR_ENROLLED).actor == user
    client.post(reverse("core:two_factor_backup_codes"))
    assert last(Event.BACKUP_CODES_REGENERATED).actor == user
    frozen_time.shift(timedelta(seconds=30))
    client.post(reverse("core:two_factor_disable"), {"otp_token": totp_for(device).now()})
    assert last(Event.TWO_FACTOR_DISABLED).actor == user

    beheerder = user_with_role(Role.BEHEERDER, username="t_beheerder")
    two_factor.reset(user=user, by=beheerder)
    event = last(Event.TWO_FACTOR_RESET)
    assert (event.actor, event.object_id, event.object_type) == (
        beheerder,
        str(user.pk),
        "core.user",
    )
    for event in AuditEvent.objects.all():
        for code in response.context["codes"]:
            assert code not in all_text(event)
        assert device.key not in all_text(event)


# --- roles and privileges -----------------------------------------------------------------------


def change_form_data(client, user, **changes):
    """What the admin's change form for `user` posts back unchanged, plus `changes`."""
    url = reverse("admin:core_user_change", args=[user.pk])
    form = client.get(url).context["adminform"].form
    data = {
        key: value
        for key, value in form.initial.items()
        if value is not None and key not in ("groups", "user_permissions", "password")
    }
    data.update(
        {
            "username": user.username,
            "date_joined_0": user.date_joined.strftime("%d-%m-%Y"),
            "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
            "is_active": "on",
            "organisation": user.organisation_id,
        }
    )
    for key in ("date_joined", "last_login", "is_superuser", "is_staff"):
        data.pop(key, None)
    data.update(changes)
    return data


@pytest.mark.django_db
def test_role_changes_in_the_admin_are_recorded_with_who_did_it(client):
    beheerder = user_with_role(Role.BEHEERDER, username="t_beheerder")
    user = UserFactory(username="sanne")
    voorzitter = Group.objects.get_or_create(name=Role.VOORZITTER)[0]
    client.force_login(beheerder)
    user.groups.add(voorzitter)  # outside a request: no actor, still recorded
    assert last(Event.ROLE_ADDED).actor is None

    # Through the admin's change form: the beheerder takes the role away again.
    url = reverse("admin:core_user_change", args=[user.pk])
    data = change_form_data(client, user)
    response = client.post(url, data, REMOTE_ADDR=CLIENT_IP)
    assert response.status_code == 302, response.context["adminform"].form.errors
    event = last(Event.ROLE_REMOVED)
    assert event.actor == beheerder
    assert (event.object_type, event.object_id) == ("core.user", str(user.pk))
    assert event.detail == {"role": Role.VOORZITTER}
    assert event.ip_address == CLIENT_IP


@pytest.mark.django_db
def test_superuser_and_staff_status_are_recorded_whatever_sets_them():
    """createsuperuser, the shell: no request, still in the log, with whom it concerns."""
    admin_user = User.objects.create_superuser("root", "root@example.nl", PASSWORD)
    granted = AuditEvent.objects.filter(event=Event.RIGHTS_CHANGED, object_id=str(admin_user.pk))
    assert [e.detail for e in granted.order_by("id")] == [{"superuser": "on"}, {"staff": "on"}]
    user = UserFactory(username="sanne")
    user.is_superuser = True
    user.save()
    event = last(Event.RIGHTS_CHANGED)
    assert (event.actor, event.object_type, event.object_id) == (None, "core.user", str(user.pk))
    assert event.object_repr == str(user)
    assert event.detail == {"superuser": "on"}
    user.is_superuser = False
    user.is_staff = True
    user.save()
    assert {tuple(e.detail.items())[0] for e in AuditEvent.objects.order_by("-id")[:2]} == {
        ("superuser", "off"),
        ("staff", "on"),
    }
    count = AuditEvent.objects.count()
    user.first_name = "Anders"
    user.save()
    user.save(update_fields=["last_login"])
    assert AuditEvent.objects.count() == count  # nothing about rights changed


@pytest.mark.django_db
def test_permission_changes_are_recorded_for_users_and_groups_from_either_side():
    user = UserFactory(username="sanne")
    group = Group.objects.get_or_create(name=Role.PLATFORMLID)[0]
    view_request = Permission.objects.get(codename="view_projectrequest")
    user.user_permissions.add(view_request)
    event = last(Event.PERMISSION_ADDED)
    assert (event.object_type, event.object_id) == ("core.user", str(user.pk))
    assert event.detail == {"permission": "intake.view_projectrequest"}
    view_request.group_set.add(group)
    event = last(Event.PERMISSION_ADDED)
    assert (event.object_type, event.object_id) == ("auth.group", str(group.pk))
    group.permissions.clear()
    event = last(Event.PERMISSION_REMOVED)
    assert (event.object_type, event.detail) == (
        "auth.group",
        {"permission": "intake.view_projectrequest"},
    )
    view_request.user_set.remove(user)
    event = last(Event.PERMISSION_REMOVED)
    assert (event.object_type, event.object_id) == ("core.user", str(user.pk))


@pytest.mark.django_db
def test_the_beheerder_cannot_make_a_superuser_or_give_permissions_in_the_admin(client):
    beheerder = user_with_role(Role.BEHEERDER, username="t_beheerder")
    user = UserFactory(username="sanne")
    client.force_login(beheerder)
    url = reverse("admin:core_user_change", args=[user.pk])
    page = client.get(url)
    assert "user_permissions" not in page.context["adminform"].form.fields
    assert "is_superuser" not in page.context["adminform"].form.fields  # shown, read-only
    permission = Permission.objects.get(codename="view_projectrequest")
    data = change_form_data(client, user, is_superuser="on", user_permissions=[permission.pk])
    assert client.post(url, data).status_code == 302
    user.refresh_from_db()
    assert not user.is_superuser
    assert not user.user_permissions.exists()
    # Nor by giving a role (a group) permissions.
    group = Group.objects.get(name=Role.BEHEERDER)
    group_url = reverse("admin:auth_group_change", args=[group.pk])
    assert "permissions" not in client.get(group_url).context["adminform"].form.fields
    before = set(group.permissions.values_list("pk", flat=True))
    client.post(group_url, {"name": group.name, "permissions": [permission.pk]})
    assert set(group.permissions.values_list("pk", flat=True)) == before
    assert not AuditEvent.objects.filter(
        event__in=[Event.RIGHTS_CHANGED, Event.PERMISSION_ADDED]
    ).exists()
    # A superuser's account (and so its password) is out of the beheerder's reach.
    root = User.objects.create_superuser("root", "root@example.nl", PASSWORD)
    password_url = reverse("admin:auth_user_password_change", args=[root.pk])
    new = "een-heel-nieuw-wachtwoord-42"
    assert client.post(password_url, {"password1": new, "password2": new}).status_code == 403
    root.refresh_from_db()
    assert not root.check_password(new)


@pytest.mark.django_db
def test_a_superuser_granting_privileges_in_the_admin_is_recorded_with_who(client):
    root = User.objects.create_superuser("root", "root@example.nl", PASSWORD)
    user = UserFactory(username="sanne")
    client.force_login(root)
    permission = Permission.objects.get(codename="view_projectrequest")
    url = reverse("admin:core_user_change", args=[user.pk])
    data = change_form_data(client, user, is_superuser="on", user_permissions=[permission.pk])
    assert client.post(url, data, REMOTE_ADDR=CLIENT_IP).status_code == 302
    rights = last(Event.RIGHTS_CHANGED)
    assert (rights.actor, rights.object_id, rights.detail) == (
        root,
        str(user.pk),
        {"superuser": "on"},
    )
    assert rights.ip_address == CLIENT_IP
    granted = last(Event.PERMISSION_ADDED)
    assert (granted.actor, granted.object_id) == (root, str(user.pk))


@pytest.mark.django_db
def test_a_password_set_in_the_admin_is_recorded_without_the_password(client):
    beheerder = user_with_role(Role.BEHEERDER, username="t_beheerder")
    user = UserFactory(username="sanne")
    client.force_login(beheerder)
    new = "een-heel-nieuw-wachtwoord-42"
    response = client.post(
        reverse("admin:auth_user_password_change", args=[user.pk]),
        {"password1": new, "password2": new, "usable_password": "true"},
        REMOTE_ADDR=CLIENT_IP,
    )
    assert response.status_code == 302
    event = last(Event.PASSWORD_SET)
    assert (event.actor, event.object_id, event.ip_address) == (beheerder, str(user.pk), CLIENT_IP)
    assert event.detail == {"change": "set"}
    assert new not in all_text(event)


@pytest.mark.django_db
def test_role_changes_from_the_group_side_are_recorded():
    user = UserFactory(username="sanne")
    group = Group.objects.get_or_create(name=Role.REGIOCOORDINATOR)[0]
    group.user_set.add(user)
    assert last(Event.ROLE_ADDED).object_id == str(user.pk)
    group.user_set.clear()
    assert last(Event.ROLE_REMOVED).detail == {"role": Role.REGIOCOORDINATOR}


# --- permission denied, downloads, reports ------------------------------------------------------


@pytest.mark.django_db
def test_a_refused_request_is_recorded(client):
    user = user_with_role(Role.PLATFORMLID, username="t_user")
    client.force_login(user)
    response = client.get(reverse("core:audit_log"), REMOTE_ADDR=CLIENT_IP)
    assert response.status_code == 403
    event = last(Event.PERMISSION_DENIED)
    assert (event.actor, event.result, event.ip_address) == (user, "failure", CLIENT_IP)
    assert event.object_repr == "GET " + reverse("core:audit_log")


@pytest.mark.django_db
def test_a_csrf_failure_is_recorded():
    user = user_with_role(Role.PLATFORMLID, username="t_user")
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    assert client.post(reverse("logout")).status_code == 403
    assert last(Event.PERMISSION_DENIED).object_repr == "POST " + reverse("logout")


def refuse_anonymously(client, address):
    """A sign-in POST without its CSRF token: what anyone can send, as often as they like."""
    response = client.post(reverse("login"), {"username": "x"}, REMOTE_ADDR=address)
    assert response.status_code == 403


@pytest.mark.django_db
def test_anonymous_refusals_are_one_event_per_source_and_minute_with_a_count(frozen_time):
    flooder, other = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    for _n in range(140):
        refuse_anonymously(flooder, CLIENT_IP)
    refuse_anonymously(other, "198.51.100.7")
    refused = AuditEvent.objects.filter(event=Event.PERMISSION_DENIED).order_by("id")
    assert [(e.ip_address, e.object_repr, e.actor) for e in refused] == [
        (CLIENT_IP, "POST " + reverse("login"), None),
        ("198.51.100.7", "POST " + reverse("login"), None),
    ]
    # The next minute: the count of the last one is written (once), the new minute starts.
    frozen_time.shift(timedelta(seconds=61))
    refuse_anonymously(flooder, CLIENT_IP)
    refuse_anonymously(flooder, CLIENT_IP)
    events = list(refused.all())
    assert len(events) == 4
    counted = [e for e in events if "repeats" in e.detail]
    assert [(e.ip_address, e.detail) for e in counted] == [
        (CLIENT_IP, {"repeats": 139, "minute": "2026-03-02 10:00"})
    ]
    assert "verdere weigeringen: 139" in counted[0].detail_display


@pytest.mark.django_db
def test_the_log_page_shows_the_counts_of_minutes_that_are_over(client, frozen_time):
    flooder = Client(enforce_csrf_checks=True)
    for _n in range(5):
        refuse_anonymously(flooder, "2001:db8::1")
    refuse_anonymously(flooder, "2001:db8::2")  # the same /64: the same source
    client.force_login(user_with_role(Role.VOORZITTER, username="t_voorzitter"))
    frozen_time.shift(timedelta(minutes=1))
    page = client.get(reverse("core:audit_log"), {"event": Event.PERMISSION_DENIED})
    assert [e.detail.get("repeats") for e in page.context["page"]] == [5, None]
    assert page.context["page"][0].ip_address == "2001:db8::"


@pytest.mark.django_db
def test_a_refusal_after_its_count_was_written_loses_nothing(frozen_time):
    from platform_ivz.core import audit
    from platform_ivz.core.models import RefusalTally

    flooder = Client(enforce_csrf_checks=True)
    for _n in range(3):
        refuse_anonymously(flooder, CLIENT_IP)
    audit.flush_refusal_tallies(before=audit._this_minute() + timedelta(minutes=1))
    refuse_anonymously(flooder, CLIENT_IP)  # its minute's tally is gone: counted afresh
    refused = AuditEvent.objects.filter(event=Event.PERMISSION_DENIED)
    assert sum(e.detail.get("repeats", 1) for e in refused) == 4
    assert RefusalTally.objects.get().count == 1


@pytest.mark.django_db(transaction=True)
def test_refusals_counted_by_workers_at_the_same_moment_are_each_counted_once():
    """Several gunicorn workers share nothing but the database: four threads, each with its
    own connection, refuse 25 requests from one source at once."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises all writers; the race needs PostgreSQL")
    from platform_ivz.core import audit

    def refuse():
        for _n in range(25):
            request = RequestFactory().post("/inloggen/", REMOTE_ADDR=CLIENT_IP)
            audit.record_anonymous_refusal(request)

    outcomes = at_once(*[refuse] * 4)
    assert [kind for kind, _result in outcomes] == ["ok"] * 4, outcomes
    audit.flush_refusal_tallies(before=audit._this_minute() + timedelta(minutes=2))
    refused = AuditEvent.objects.filter(event=Event.PERMISSION_DENIED)
    assert sum(e.detail.get("repeats", 1) for e in refused) == 100
    assert refused.count() <= 5  # a first and a count per minute; a minute may turn meanwhile


@pytest.mark.django_db
def test_refusals_of_a_signed_in_user_are_one_event_each():
    user = user_with_role(Role.PLATFORMLID, username="t_user")
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    for _n in range(3):
        assert client.post(reverse("logout"), REMOTE_ADDR=CLIENT_IP).status_code == 403
    assert AuditEvent.objects.filter(event=Event.PERMISSION_DENIED, actor=user).count() == 3


@pytest.mark.django_db
def test_an_attachment_download_is_recorded(client):
    attachment = AttachmentFactory()
    user = attachment.request.indiener
    client.force_login(user)
    url = reverse("intake:attachment", args=[attachment.request.pk, attachment.pk])
    response = client.get(url, REMOTE_ADDR=CLIENT_IP)
    assert response.status_code == 200
    event = last(Event.ATTACHMENT_DOWNLOADED)
    assert (event.actor, event.object_type, event.object_id) == (
        user,
        "intake.attachment",
        str(attachment.pk),
    )
    assert event.object_repr == attachment.original_name
    assert event.detail == {"request": attachment.request.pk}


@pytest.mark.django_db
def test_record_is_callable_from_a_service_without_a_request():
    """As reporting's finalise service calls it."""
    user = user_with_role(Role.REGIOCOORDINATOR, username="t_regio")
    event = record(
        Event.REPORT_FINALISED,
        user=user,
        obj=user.organisation,
        detail={"kind": "marap", "year": 2026, "password": "x", "token": "y", "sha256": "abc"},
    )
    event.refresh_from_db()
    assert (event.actor, event.ip_address) == (user, None)
    assert event.object_type == "core.organisation"
    assert event.detail == {"kind": "marap", "year": 2026, "sha256": "abc"}


# --- never changed ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_events_cannot_be_changed_or_deleted_through_the_orm():
    event = record(Event.LOGIN_FAILED, username="sanne", result="failure")
    event.username = "iemand-anders"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).update(username="x")
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()
    event.refresh_from_db()
    assert event.username == "sanne"


@pytest.mark.django_db
def test_the_database_refuses_changes_on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("the trigger exists on PostgreSQL only")
    event = record(Event.LOGIN_FAILED, username="sanne", result="failure")
    with connection.cursor() as cursor:
        for sql in (
            "UPDATE core_auditevent SET username = 'x' WHERE id = %s",
            "DELETE FROM core_auditevent WHERE id = %s",
        ):
            with pytest.raises(DatabaseError), transaction.atomic():
                cursor.execute(sql, [event.pk])
    event.refresh_from_db()
    assert event.username == "sanne"


@pytest.mark.django_db
def test_deleting_a_user_keeps_their_events():
    user = UserFactory(username="sanne")
    event = record(Event.LOGIN, user=user)
    user.delete()
    event = AuditEvent.objects.select_related("actor").get(pk=event.pk)
    assert event.username == "sanne"
    assert event.actor is None


@pytest.mark.django_db
def test_the_admin_shows_the_log_read_only(client):
    beheerder = user_with_role(Role.BEHEERDER, username="t_beheerder")
    event = record(Event.LOGIN, user=beheerder)
    client.force_login(beheerder)
    assert client.get(reverse("admin:core_auditevent_changelist")).status_code == 200
    assert client.get(reverse("admin:core_auditevent_add")).status_code == 403
    assert client.post(reverse("admin:core_auditevent_delete", args=[event.pk])).status_code == 403
    response = client.post(
        reverse("admin:core_auditevent_change", args=[event.pk]), {"username": "x"}
    )
    assert response.status_code == 403
    assert AuditEvent.objects.get(pk=event.pk).username == beheerder.username


# --- the page -----------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (Role.VOORZITTER, True),
        (Role.REGIOCOORDINATOR, True),
        (Role.BEHEERDER, True),
        (Role.PLATFORMLID, False),
        (Role.DVO_LID, False),
    ],
)
def test_who_may_read_the_log(client, role, allowed):
    user = user_with_role(role, username="t_user")
    client.force_login(user)
    response = client.get(reverse("core:audit_log"))
    assert response.status_code == (200 if allowed else 403)
    nav_urls = [item["url"] for item in client.get("/").context["nav_items"]]
    assert (reverse("core:audit_log") in nav_urls) is allowed


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("core:audit_log"))
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
def test_the_page_filters_paginates_and_escapes(client, frozen_time):
    reader = user_with_role(Role.VOORZITTER, username="t_voorzitter")
    for _n in range(55):
        record(Event.LOGIN_FAILED, username="<script>alert(1)</script>", result="failure")
    frozen_time.shift(timedelta(days=2))
    record(Event.LOGIN, user=reader)
    client.force_login(reader)
    url = reverse("core:audit_log")

    page = client.get(url)
    html = page.content.decode()
    assert page.context["page"].paginator.count == 58  # + the role grant and force_login
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Inloggen mislukt" in html
    assert "Pagina 1 van 2" in html

    failed = client.get(url, {"event": Event.LOGIN_FAILED})
    assert failed.context["page"].paginator.count == 55
    mine = client.get(url, {"actor": reader.pk})
    assert {e.actor for e in mine.context["page"]} == {reader}
    recent = client.get(url, {"date_from": "2026-03-03"})
    assert all(e.created_at.date().isoformat() >= "2026-03-03" for e in recent.context["page"])
    assert recent.context["page"].paginator.count == 2
    empty = client.get(url, {"date_to": "2020-01-01"})
    assert "Geen gebeurtenissen voldoen aan deze filters." in empty.content.decode()


@pytest.mark.django_db
def test_the_page_query_count_does_not_grow_with_rows(client, django_assert_max_num_queries):
    reader = user_with_role(Role.REGIOCOORDINATOR, username="t_regio")
    client.force_login(reader)
    for n in range(5):
        record(Event.LOGIN, user=UserFactory(username=f"u{n}"))
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("core:audit_log"))
    for n in range(5, 40):
        record(Event.LOGIN, user=UserFactory(username=f"u{n}"))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("core:audit_log"))
