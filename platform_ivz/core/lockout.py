"""The page django-axes shows while a username is locked out (AXES_LOCKOUT_CALLABLE)."""

import math

from axes.helpers import get_cool_off
from django.shortcuts import render

TOO_MANY_REQUESTS = 429


def lockout_response(request, original_response=None, credentials=None):
    """Render the Dutch lockout page with the cool-off in whole minutes.

    axes' own template response passes the cool-off only as a timedelta and an ISO 8601
    string, which a translated plural sentence cannot use.
    """
    cool_off = get_cool_off(request)
    minutes = math.ceil(cool_off.total_seconds() / 60) if cool_off else None
    return render(
        request,
        "registration/lockout.html",
        {"cooloff_minutes": minutes},
        status=TOO_MANY_REQUESTS,
    )
