"""Two-factor sign-in: set-up with a QR code, codes once only, backup codes, who must use it."""

import os
import subprocess
import sys
import threading
from base64 import b32encode
from datetime import timedelta

import django_otp
import pytest
from django.conf import settings
from django.db import connection, connections
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from platform_ivz.core import two_factor
from platform_ivz.core.roles import Role
from tests.factories import PASSWORD, user_with_role
from tests.security.accounts import enrolled_user, totp_for

REQUIRED_ROLES = [Role.VOORZITTER, Role.REGIOCOORDINATOR, Role.BEHEERDER]
OPTIONAL_ROLES = [Role.PLATFORMLID, Role.DVO_LID]
NEXT_STEP = 30  # seconds: the next TOTP time step, so a fresh code exists


def sign_in(client, username, password=PASSWORD, **extra):
    return client.post(reverse("login"), {"username": username, "password": password, **extra})


@pytest.fixture
def required(settings):
    settings.TWO_FACTOR_REQUIRED = True


def give_activation_code(client, user):
    """What a required user does first: type the code the beheerder made."""
    code = two_factor.issue_enrolment_code(user=user)
    response = client.post(reverse("core:two_factor_enrol"), {"enrolment_code": code})
    assert response.status_code == 302, response.context["form"].errors
    return response


# --- the setting --------------------------------------------------------------------------------


def _setting_with(env_overrides):
    env = {**os.environ, **env_overrides}
    code = "import django; django.setup(); from django.conf import settings; "
    code += "print(settings.TWO_FACTOR_REQUIRED)"
    result = subprocess.run(  # noqa: S603 - our own interpreter and a fixed script
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env={**env, "DJANGO_SETTINGS_MODULE": "platform_ivz.settings"},
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def test_required_in_production_and_off_in_the_demo():
    production = {
        "DJANGO_DEBUG": "False",
        "DJANGO_SECRET_KEY": "x" * 60,
        "DJANGO_SITE_URL": "https://ivz.example.nl",
    }
    assert _setting_with(production) == "True"
    assert _setting_with({"DJANGO_DEBUG": "True"}) == "False"
    assert _setting_with({**production, "DJANGO_TWO_FACTOR_REQUIRED": "False"}) == "False"


# --- who must use it ----------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("role", REQUIRED_ROLES + OPTIONAL_ROLES)
def test_without_the_setting_nobody_is_asked_for_a_code(client, role):
    user_with_role(role, username="t_user")
    response = sign_in(client, "t_user")
    assert response["Location"] == "/"
    assert client.get("/").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("role", REQUIRED_ROLES)
def test_required_roles_must_set_it_up_before_anything_else(client, required, role):
    user_with_role(role, username="t_user")
    sign_in(client, "t_user")
    enrol_url = reverse("core:two_factor_enrol")
    for url in ["/", reverse("projects:list"), reverse("core:audit_log"), "/beheer/"]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(enrol_url), url
    assert client.post(reverse("core:two_factor_backup_codes")).status_code == 302
    page = client.get(enrol_url)
    assert page.status_code == 200
    assert "bijzondere rechten" in page.content.decode()
    # No menu leads elsewhere while the step is owed.
    assert page.context["nav_items"] == []


@pytest.mark.django_db
@pytest.mark.parametrize("role", OPTIONAL_ROLES)
def test_other_roles_may_go_without_it(client, required, role):
    user_with_role(role, username="t_user")
    assert sign_in(client, "t_user")["Location"] == "/"
    assert client.get("/").status_code == 200
    page = client.get(reverse("core:two_factor"))
    assert "Tweestapsverificatie staat uit." in page.content.decode()


@pytest.mark.django_db
def test_a_superuser_must_use_it_too(client, required):
    from tests.factories import UserFactory

    UserFactory(username="root", is_superuser=True, is_staff=True)
    sign_in(client, "root")
    assert client.get("/beheer/")["Location"].startswith(reverse("core:two_factor_enrol"))


@pytest.mark.django_db
def test_a_role_granted_during_a_session_asks_for_the_step_on_the_next_request(client, required):
    """Not only at sign-in: made voorzitter on the same cookie, the security log and the
    screening pages are closed until the authenticator is set up."""
    from django.contrib.auth.models import Group

    user = user_with_role(Role.PLATFORMLID, username="t_user")
    sign_in(client, "t_user")
    assert client.get("/").status_code == 200
    user.groups.add(Group.objects.get_or_create(name=Role.VOORZITTER)[0])
    enrol_url = reverse("core:two_factor_enrol")
    for url in [reverse("core:audit_log"), reverse("intake:list"), "/"]:
        assert client.get(url)["Location"].startswith(enrol_url), url
    # And the other way: the role withdrawn, nothing is owed any more.
    user.groups.clear()
    assert client.get("/").status_code == 200


@pytest.mark.django_db
def test_superuser_status_granted_during_a_session_asks_for_the_step(client, required):
    user = user_with_role(Role.PLATFORMLID, username="t_user")
    sign_in(client, "t_user")
    assert client.get("/").status_code == 200
    user.is_superuser = True
    user.save()
    assert client.get("/")["Location"].startswith(reverse("core:two_factor_enrol"))


# --- set-up -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_setting_it_up_with_the_qr_code_and_a_code(client, required, frozen_time):
    user = user_with_role(Role.VOORZITTER, username="t_user")
    sign_in(client, "t_user")
    give_activation_code(client, user)
    page = client.get(reverse("core:two_factor_enrol"))
    html = page.content.decode()
    assert "<svg" in html  # drawn by the app, no outside QR service
    assert "http" not in html.split("<svg", 1)[1].split("</svg>", 1)[0].replace(
        "http://www.w3.org/2000/svg", ""
    )
    assert 'autocomplete="one-time-code"' in html
    assert 'inputmode="numeric"' in html
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    secret = b32encode(device.bin_key).decode().rstrip("=")
    assert " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)) in html
    # Reloading shows the same secret; no second device.
    client.get(reverse("core:two_factor_enrol"))
    assert TOTPDevice.objects.filter(user=user).count() == 1

    wrong = client.post(reverse("core:two_factor_enrol"), {"otp_token": "000000"})
    assert wrong.status_code == 200
    assert "Deze code klopt niet" in wrong.content.decode()
    assert not two_factor.is_enrolled(user)

    # django-otp slows down guessing: after a wrong code the next try waits a moment.
    frozen_time.shift(timedelta(seconds=2))
    response = client.post(reverse("core:two_factor_enrol"), {"otp_token": totp_for(device).now()})
    assert response.status_code == 200
    codes = response.context["codes"]
    assert len(codes) == two_factor.BACKUP_CODE_COUNT == len(set(codes))
    for code in codes:
        assert code in response.content.decode()
    assert (
        response["Cache-Control"].startswith("max-age=0") or "no-store" in response["Cache-Control"]
    )
    assert two_factor.is_enrolled(user)
    assert response.context["next"] == reverse("core:two_factor")  # no page was named
    # The session counts as verified: the app is open now, the admin too.
    assert client.get("/").status_code == 200
    # Codes are shown once: the account page only counts them.
    account = client.get(reverse("core:two_factor")).content.decode()
    assert codes[0] not in account
    assert "10 ongebruikte reservecodes" in account


@pytest.mark.django_db
def test_a_required_user_needs_an_activation_code_before_the_qr_code(client, required, frozen_time):
    """The password alone does not set up an authenticator for a role with special rights:
    whoever stole it would otherwise enrol their own phone first."""
    from platform_ivz.core.models import AuditEvent, EnrolmentCode

    user = user_with_role(Role.VOORZITTER, username="t_user")
    sign_in(client, "t_user")
    url = reverse("core:two_factor_enrol")
    page = client.get(url)
    html = page.content.decode()
    assert "activeringscode" in html
    assert "<svg" not in html
    assert not TOTPDevice.objects.filter(user=user).exists()  # no key made, none shown
    assert client.post(url, {"otp_token": "123456"}).status_code == 200  # no way around it
    assert not TOTPDevice.objects.filter(user=user).exists()

    code = two_factor.issue_enrolment_code(user=user)
    stored = EnrolmentCode.objects.get(user=user)
    assert code.replace("-", "") not in stored.digest  # kept as a keyed hash only
    wrong = client.post(url, {"enrolment_code": "AAAA-BBBB-CCCC"})
    assert "Deze activeringscode klopt niet" in wrong.content.decode()
    failed = AuditEvent.objects.filter(event=AuditEvent.Event.TWO_FACTOR_FAILED).get()
    assert failed.detail == {"method": "enrolment_code"}

    # Typed as read out: lower case, spaces instead of dashes.
    response = client.post(url, {"enrolment_code": code.lower().replace("-", " ")})
    assert response["Location"] == url
    assert "<svg" in client.get(url).content.decode()
    assert not EnrolmentCode.objects.exists()  # used up
    frozen_time.shift(timedelta(seconds=30))
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    client.post(url, {"otp_token": totp_for(device).now()})
    assert two_factor.is_enrolled(user)
    # The permission to set up ends with the set-up; signing in anew, the app's code is asked.
    assert two_factor.ENROLMENT_ALLOWED_KEY not in client.session


@pytest.mark.django_db
def test_an_activation_code_works_once_for_seven_days(client, required, frozen_time):
    user = user_with_role(Role.REGIOCOORDINATOR, username="t_user")
    code = two_factor.issue_enrolment_code(user=user)
    frozen_time.shift(timedelta(days=7, seconds=1))
    sign_in(client, "t_user")
    url = reverse("core:two_factor_enrol")
    assert "<svg" not in client.post(url, {"enrolment_code": code}).content.decode()
    # A new code replaces the old one; a key seen before it was given is thrown away.
    TOTPDevice.objects.create(user=user, name="Authenticator", confirmed=False)
    old = two_factor.issue_enrolment_code(user=user)
    code = two_factor.issue_enrolment_code(user=user)
    assert client.post(url, {"enrolment_code": old}).status_code == 200
    assert client.post(url, {"enrolment_code": code}).status_code == 302
    assert not TOTPDevice.objects.filter(user=user).exists()
    other = Client()
    sign_in(other, "t_user")
    assert other.post(url, {"enrolment_code": code}).status_code == 200  # used already


@pytest.mark.django_db
def test_wrong_activation_codes_lock_the_account(client, required):
    user_with_role(Role.BEHEERDER, username="t_user")
    sign_in(client, "t_user")
    url = reverse("core:two_factor_enrol")
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert client.post(url, {"enrolment_code": "AAAA-BBBB-CCCC"}).status_code == 200
    assert client.post(url, {"enrolment_code": "AAAA-BBBB-CCCC"}).status_code == 429
    assert sign_in(Client(), "t_user").status_code == 429
    from axes.models import AccessAttempt

    assert "AAAA" not in AccessAttempt.objects.get(username="t_user").post_data


@pytest.mark.django_db
@pytest.mark.parametrize("role", OPTIONAL_ROLES)
def test_other_roles_set_it_up_without_an_activation_code(client, required, role):
    user_with_role(role, username="t_user")
    sign_in(client, "t_user")
    assert "<svg" in client.get(reverse("core:two_factor_enrol")).content.decode()


@pytest.mark.django_db
def test_the_beheerder_makes_activation_codes_in_the_admin(client, required, frozen_time):
    from platform_ivz.core.models import AuditEvent, EnrolmentCode, User

    beheerder, device, _codes = enrolled_user(Role.BEHEERDER, username="t_beheerder")
    voorzitter = user_with_role(Role.VOORZITTER, username="t_voorzitter")
    root = User.objects.create_superuser("root", "root@example.nl", PASSWORD)
    sign_in(client, "t_beheerder")
    client.post(reverse("core:two_factor_verify"), {"otp_token": totp_for(device).now()})
    response = client.post(
        reverse("admin:core_user_changelist"),
        {"action": "make_enrolment_code", "_selected_action": [voorzitter.pk, root.pk]},
    )
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    (user, code), *others = response.context["codes"]
    assert (user, others) == (voorzitter, [])  # a superuser's code comes from a superuser
    assert code in response.content.decode()
    assert "9 maart 2026" in response.content.decode()  # valid for seven days
    assert not EnrolmentCode.objects.filter(user=root).exists()
    event = AuditEvent.objects.filter(event=AuditEvent.Event.ENROLMENT_CODE_ISSUED).get()
    assert (event.actor, event.object_id) == (beheerder, str(voorzitter.pk))
    assert code not in str(event.detail) + event.object_repr

    voorzitter_client = Client()
    sign_in(voorzitter_client, "t_voorzitter")
    response = voorzitter_client.post(reverse("core:two_factor_enrol"), {"enrolment_code": code})
    assert response.status_code == 302


@pytest.mark.django_db
def test_a_superuser_gets_an_activation_code_from_the_command_line(client, required):
    from io import StringIO

    from django.core.management import call_command

    from platform_ivz.core.models import User

    User.objects.create_superuser("root", "root@example.nl", PASSWORD)
    out = StringIO()
    call_command("enrolment_code", "root", stdout=out)
    code = out.getvalue().rsplit(" ", 1)[1].strip()
    sign_in(client, "root")
    assert (
        client.post(reverse("core:two_factor_enrol"), {"enrolment_code": code}).status_code == 302
    )


# --- signing in with a code ---------------------------------------------------------------------


@pytest.mark.django_db
def test_sign_in_asks_for_the_code_and_accepts_each_code_only_once(client, frozen_time):
    user, device, _codes = enrolled_user()
    response = sign_in(client, user.username, next="/projecten/")
    assert response.status_code == 302
    # The password alone opens nothing.
    response = client.get("/projecten/")
    verify_url = reverse("core:two_factor_verify")
    assert response["Location"].startswith(verify_url)
    assert client.get(reverse("core:two_factor")).status_code == 302

    code = totp_for(device).now()
    response = client.post(verify_url, {"otp_token": code, "next": "/projecten/"})
    assert response["Location"] == "/projecten/"
    assert client.get("/projecten/").status_code == 200

    # The same code again, in another sign-in within the same half minute: refused.
    other = Client()
    sign_in(other, user.username)
    response = other.post(verify_url, {"otp_token": code})
    assert response.status_code == 200
    assert "Deze code klopt niet" in response.content.decode()
    assert other.get("/")["Location"].startswith(verify_url)

    # The next code works.
    frozen_time.shift(timedelta(seconds=NEXT_STEP))
    response = other.post(verify_url, {"otp_token": totp_for(device).now()})
    assert response.status_code == 302
    assert other.get("/").status_code == 200


@pytest.mark.django_db
def test_verification_does_not_redirect_off_site(client, frozen_time):
    user, device, _codes = enrolled_user()
    sign_in(client, user.username)
    response = client.post(
        reverse("core:two_factor_verify"),
        {"otp_token": totp_for(device).now(), "next": "https://evil.example/"},
    )
    assert response["Location"] == "/"


@pytest.mark.django_db
def test_a_backup_code_works_once(client, frozen_time):
    user, _device, codes = enrolled_user()
    sign_in(client, user.username)
    url = reverse("core:two_factor_verify_backup")
    response = client.post(url, {"otp_token": codes[0].upper()})
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    assert not StaticToken.objects.filter(token=codes[0]).exists()

    other = Client()
    sign_in(other, user.username)
    response = other.post(url, {"otp_token": codes[0]})
    assert response.status_code == 200
    assert "niet geldig of al gebruikt" in response.content.decode()
    frozen_time.shift(timedelta(seconds=2))
    assert other.post(url, {"otp_token": codes[1]}).status_code == 302


@pytest.mark.django_db
def test_wrong_codes_lock_the_account_like_wrong_passwords(client, frozen_time):
    user, device, _codes = enrolled_user()
    sign_in(client, user.username)
    url = reverse("core:two_factor_verify")
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert client.post(url, {"otp_token": "000000"}).status_code == 200
        frozen_time.shift(timedelta(seconds=60))  # past django-otp's growing pause
    response = client.post(url, {"otp_token": "000000"})
    assert response.status_code == 429
    assert "Account tijdelijk geblokkeerd" in response.content.decode()
    assert client.session.get("_auth_user_id") is None
    # Locked: even the right password is refused now.
    assert sign_in(Client(), user.username).status_code == 429
    # axes keeps what was posted, but never the codes or the CSRF token.
    from axes.models import AccessAttempt

    attempt = AccessAttempt.objects.get(username=user.username)
    assert "000000" not in attempt.post_data


@pytest.mark.django_db
def test_password_lockout_still_works(client):
    user_with_role(Role.VOORZITTER, username="t_user")
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        response = sign_in(client, "t_user", "fout-wachtwoord")
    assert response.status_code == 429
    assert sign_in(client, "t_user").status_code == 429


# --- the admin ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_admin_is_behind_the_second_step(client, required, frozen_time):
    user, device, _codes = enrolled_user(Role.BEHEERDER, username="t_beheerder")
    sign_in(client, user.username)
    response = client.get("/beheer/")
    assert response["Location"].startswith(reverse("core:two_factor_verify"))
    client.post(reverse("core:two_factor_verify"), {"otp_token": totp_for(device).now()})
    assert client.get("/beheer/").status_code == 200


@pytest.mark.django_db
def test_the_admin_refuses_an_unverified_session_even_without_the_middleware(rf, required):
    from django.contrib import admin

    user = user_with_role(Role.BEHEERDER, username="t_beheerder")
    request = rf.get("/beheer/")
    request.user = user
    user.is_verified = lambda: False
    assert not admin.site.has_permission(request)
    user.is_verified = lambda: True
    assert admin.site.has_permission(request)


@pytest.mark.django_db
def test_an_administrator_can_reset_a_lost_phone(client):
    user, _device, _codes = enrolled_user()
    admin_user = user_with_role(Role.BEHEERDER, username="t_beheerder")
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:core_user_changelist"),
        {"action": "reset_two_factor", "_selected_action": [user.pk]},
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert not StaticToken.objects.filter(device__user=user).exists()


# --- the account page ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_new_backup_codes_replace_the_old(client):
    user, _device, old_codes = enrolled_user()
    client.force_login(user)
    client.post(reverse("core:two_factor_verify_backup"), {"otp_token": old_codes[0]})
    response = client.post(reverse("core:two_factor_backup_codes"))
    new_codes = response.context["codes"]
    assert len(new_codes) == two_factor.BACKUP_CODE_COUNT
    tokens = set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
    assert tokens == set(new_codes)
    assert not tokens & set(old_codes)
    assert client.get(reverse("core:two_factor_backup_codes")).status_code == 405


@pytest.mark.django_db
def test_an_optional_user_switches_it_off_with_a_current_code(client, frozen_time):
    user, device, codes = enrolled_user()
    client.force_login(user)
    client.post(reverse("core:two_factor_verify_backup"), {"otp_token": codes[0]})
    url = reverse("core:two_factor_disable")
    response = client.post(url, {"otp_token": "000000"})
    assert "nog aan" in response.content.decode()
    assert two_factor.is_enrolled(user)
    frozen_time.shift(timedelta(seconds=NEXT_STEP))
    response = client.post(url, {"otp_token": totp_for(device).now()})
    assert response.status_code == 302
    assert not two_factor.is_enrolled(user)
    assert client.get("/").status_code == 200
    # Next sign-in: no code asked.
    other = Client()
    assert sign_in(other, user.username)["Location"] == "/"
    assert other.get("/").status_code == 200


@pytest.mark.django_db
def test_a_required_user_cannot_switch_it_off(client, required, frozen_time):
    user, device, codes = enrolled_user(Role.REGIOCOORDINATOR, username="t_regio")
    client.force_login(user)
    client.post(reverse("core:two_factor_verify_backup"), {"otp_token": codes[0]})
    assert "verplicht voor uw rol" in client.get(reverse("core:two_factor")).content.decode()
    frozen_time.shift(timedelta(seconds=NEXT_STEP))
    response = client.post(
        reverse("core:two_factor_disable"), {"otp_token": totp_for(device).now()}
    )
    assert response.status_code == 403
    assert two_factor.is_enrolled(user)


@pytest.mark.django_db
def test_an_enrolled_user_cannot_replace_the_device_without_the_second_step(client):
    user, device, _codes = enrolled_user()
    client.force_login(user)
    response = client.get(reverse("core:two_factor_enrol"))
    assert response["Location"].startswith(reverse("core:two_factor_verify"))
    assert list(TOTPDevice.objects.filter(user=user)) == [device]


@pytest.mark.django_db
def test_right_after_a_wrong_code_the_user_is_asked_to_wait(client, frozen_time):
    user, device, _codes = enrolled_user()
    sign_in(client, user.username)
    url = reverse("core:two_factor_verify")
    client.post(url, {"otp_token": "000000"})
    response = client.post(url, {"otp_token": totp_for(device).now()})
    assert "Wacht 1 seconde en" in response.content.decode()
    assert client.get("/").status_code == 302
    frozen_time.shift(timedelta(seconds=1))
    client.post(url, {"otp_token": "000000"})
    response = client.post(url, {"otp_token": totp_for(device).now()})
    assert "Wacht 2 seconden" in response.content.decode()
    frozen_time.shift(timedelta(seconds=2))
    assert client.post(url, {"otp_token": totp_for(device).now()}).status_code == 302


@pytest.mark.django_db(transaction=True)
def test_one_code_sent_twice_at_the_same_moment_lets_one_in():
    """django-otp checks a code under a row lock; two sign-ins racing with it: one wins."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no row locks to test")
    user, device, _codes = enrolled_user()
    code = totp_for(device).now()
    start = threading.Barrier(2)
    results = []

    def attempt():
        try:
            start.wait(timeout=10)
            results.append(django_otp.verify_token(user, device.persistent_id, code) is not None)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(results) == [False, True]
