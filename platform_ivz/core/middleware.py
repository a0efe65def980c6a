from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseNotAllowed
from django.utils import timezone
from django.utils.translation import gettext as _

# The methods any view of the app serves: pages, downloads and forms.
ALLOWED_METHODS = ("GET", "HEAD", "POST")

SESSION_STARTED = "_session_started"
SESSION_LAST_SEEN = "_session_last_seen"
# The last request's time is stored at most once a minute: storing it on every request made
# every page write the session row (an UPDATE and a transaction), and the idle limit
# needs no finer grain than a minute.
LAST_SEEN_RESOLUTION = 60


class AllowedMethodsMiddleware:
    """Answer 405 to every method no view serves (OPTIONS, TRACE, PUT, DELETE, PATCH,
    CONNECT...), before anything else runs, for anonymous visitors too. Function views
    otherwise answer whatever method they are sent as if it were a GET (200 to TRACE)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ALLOWED_METHODS:
            return HttpResponseNotAllowed(ALLOWED_METHODS)
        return self.get_response(request)


class SessionTimeoutMiddleware:
    """Sign out after SESSION_IDLE_TIMEOUT without requests or SESSION_ABSOLUTE_TIMEOUT in all."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = timezone.now().timestamp()
            started = request.session.setdefault(SESSION_STARTED, now)
            last_seen = request.session.get(SESSION_LAST_SEEN, now)
            idle = now - last_seen > settings.SESSION_IDLE_TIMEOUT.total_seconds()
            too_long = now - started > settings.SESSION_ABSOLUTE_TIMEOUT.total_seconds()
            if idle or too_long:
                logout(request)
                messages.info(request, _("Your session has expired. Please sign in again."))
                return redirect_to_login(request.get_full_path())
            if now - last_seen >= LAST_SEEN_RESOLUTION or SESSION_LAST_SEEN not in request.session:
                request.session[SESSION_LAST_SEEN] = now
        return self.get_response(request)


def start_session_clock(sender, request, user, **kwargs):
    """The absolute limit counts from the moment of signing in."""
    now = timezone.now().timestamp()
    request.session[SESSION_STARTED] = now
    request.session[SESSION_LAST_SEEN] = now
