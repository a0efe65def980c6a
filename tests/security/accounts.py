"""Users with an authenticator, for the two-factor and audit-log tests."""

from base64 import b32encode

import pyotp
from django_otp.plugins.otp_totp.models import TOTPDevice

from platform_ivz.core import two_factor
from platform_ivz.core.roles import Role
from tests.factories import user_with_role


def totp_for(device) -> pyotp.TOTP:
    return pyotp.TOTP(b32encode(device.bin_key).decode())


def enrolled_user(role=Role.PLATFORMLID, username="t_enrolled"):
    """A user with a confirmed authenticator and ten backup codes, set up through the service."""
    user = user_with_role(role, username=username)
    device = TOTPDevice.objects.create(user=user, name="Authenticator", confirmed=True)
    codes = two_factor._new_backup_codes(user)
    return user, device, codes
