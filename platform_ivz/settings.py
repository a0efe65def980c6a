"""Settings, read from the environment (see dotenv.example).

With nothing set the app runs for development: SQLite, DEBUG, console e-mail.
"""

import ipaddress
from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env(
    "DJANGO_SECRET_KEY",
    default="development-only-insecure-key" if DEBUG else environ.Env.NOTSET,
)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "platform_ivz.site.admin_site.PlatformAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "simple_history",
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks",
    "django_tasks_db",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "platform_ivz.core",
    "intake",
    "projects",
    "contributions",
    "reporting",
    "platform_ivz.site",
    "platform_ivz.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "platform_ivz.api.middleware.ApiMethodsMiddleware",
    "platform_ivz.core.middleware.AllowedMethodsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "platform_ivz.core.audit.AuditMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Before the time-out, which tells the signed-out user why in a message.
    "django.contrib.messages.middleware.MessageMiddleware",
    "platform_ivz.core.middleware.SessionTimeoutMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "platform_ivz.core.two_factor.TwoFactorMiddleware",
    "platform_ivz.core.cache_control.NoStoreMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "platform_ivz.urls"
WSGI_APPLICATION = "platform_ivz.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "platform_ivz.site.navigation.navigation",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=0 if DEBUG else 60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite as a sound default for `make run` and a small installation, where a report
    # render and a second request write at the same moment:
    # - WAL lets readers go on while one connection writes;
    # - IMMEDIATE takes the write lock when a transaction begins, so two writers queue
    #   behind the busy timeout instead of one failing with "database is locked" when it
    #   upgrades a read lock (tests/core/test_sqlite_concurrency.py);
    # - the busy timeout (seconds) is how long a writer waits for the other.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": env.int("DJANGO_SQLITE_TIMEOUT", default=20),
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "platform_ivz.core.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Sessions: 30 minutes idle, 12 hours at most (platform_ivz.core.middleware).
SESSION_IDLE_TIMEOUT = timedelta(minutes=env.int("SESSION_IDLE_MINUTES", default=30))
SESSION_ABSOLUTE_TIMEOUT = timedelta(hours=env.int("SESSION_ABSOLUTE_HOURS", default=12))
SESSION_COOKIE_AGE = int(SESSION_ABSOLUTE_TIMEOUT.total_seconds())
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# No script reads the CSRF cookie: forms carry the token in a hidden field.
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"

# Lockout per username after repeated failures (django-axes).
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "platform_ivz.core.lockout.lockout_response"
AXES_VERBOSE = False
# axes keeps the posted form of a failed attempt: never the codes or the CSRF token in it.
AXES_SENSITIVE_PARAMETERS = [
    "username",
    "ip_address",
    "otp_token",
    "enrolment_code",
    "csrfmiddlewaretoken",
]

# Two-factor sign-in (platform_ivz.core.two_factor): compulsory for voorzitter,
# regiocoördinator and beheerder when on; on by default in production, off under DEBUG so
# the demo accounts of `make run` work. Everybody may set it up for themselves.
TWO_FACTOR_REQUIRED = env.bool("DJANGO_TWO_FACTOR_REQUIRED", default=not DEBUG)
OTP_TOTP_ISSUER = "Platform IVZ Twente"
# django-otp's admin would otherwise show a device's secret and QR code to admin users.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
# Single sign-on (platform_ivz.core.sso): the keys that encrypt the identity providers' client
# secrets in the database. The first encrypts, all decrypt (add a new key in front to rotate).
SSO_ENCRYPTION_KEYS = env.list("DJANGO_SSO_ENCRYPTION_KEYS", default=[SECRET_KEY])
# The client's address behind the TLS proxy (platform_ivz.core.client_address): the proxies'
# addresses or networks whose X-Forwarded-For is believed. Empty: the header is ignored.
TRUSTED_PROXIES = [
    str(ipaddress.ip_network(entry.strip(), strict=False))
    for entry in env.list("DJANGO_TRUSTED_PROXIES", default=[])
]
AXES_CLIENT_IP_CALLABLE = "platform_ivz.core.client_address.client_address"
# axes.W006 asks to lock per IP too; we do not, on purpose: a gemeente's staff share one
# network address, so one mistyping colleague would lock out the whole town hall.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

# Security headers.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
    # The portfolio's people filters (autocomplete; projects/static/projects/people_search.js).
    ("vendor/tom-select", BASE_DIR / "node_modules" / "tom-select" / "dist"),
    # The reports' font (SIL Open Font License), so every machine renders the PDFs alike.
    (
        "vendor/fontsource/source-sans-3",
        BASE_DIR / "node_modules" / "@fontsource" / "source-sans-3" / "files",
    ),
]
# Uploaded attachments are private: never under STATIC_ROOT or a public URL.
MEDIA_ROOT = Path(env("DJANGO_MEDIA_ROOT", default=str(BASE_DIR / "private_media")))
# Limits on attachments, so nobody can fill the disk (each file is at most 10 MB; enforced in
# intake.services.add_attachments): files and megabytes per request, megabytes per
# organisation per calendar day.
ATTACHMENTS_MAX_PER_REQUEST = env.int("ATTACHMENTS_MAX_PER_REQUEST", default=20)
ATTACHMENTS_MAX_MB_PER_REQUEST = env.int("ATTACHMENTS_MAX_MB_PER_REQUEST", default=50)
ATTACHMENTS_MAX_MB_PER_ORGANISATION_PER_DAY = env.int(
    "ATTACHMENTS_MAX_MB_PER_ORGANISATION_PER_DAY", default=200
)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

EMAIL_BACKEND = env(
    "DJANGO_EMAIL_BACKEND",
    default="django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env("DJANGO_EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("DJANGO_EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("DJANGO_EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("DJANGO_EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("DJANGO_EMAIL_USE_TLS", default=False)
EMAIL_TIMEOUT = env.int("DJANGO_EMAIL_TIMEOUT", default=10)
DEFAULT_FROM_EMAIL = env(
    "DJANGO_DEFAULT_FROM_EMAIL", default="Platform IVZ <noreply@platform-ivz.local>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Base address used in links inside e-mails.
# Required in production, or links in e-mails would point at localhost.
SITE_URL = env(
    "DJANGO_SITE_URL", default="http://127.0.0.1:8000" if DEBUG else environ.Env.NOTSET
)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="WARNING")},
}

# Background tasks (reports are rendered by a worker, not in the request): Django's Tasks
# framework, through the `django-tasks` backport until Django 6 (then `django.tasks`).
# - "database" (default): tasks are rows in the app's own database (SQLite or PostgreSQL);
#   run a worker with `manage.py db_worker` (`make run` starts one).
# - "redis": RQ on Redis (REDIS_URL), for several machines; run `manage.py rqworker
#   --job-class django_tasks_rq.Job --with-scheduler`.
# - "immediate": runs each task inside the request, without a worker (tests only).
TASK_BACKEND = env("DJANGO_TASK_BACKEND", default="database")
TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "redis": "django_tasks_rq.RQBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
TASKS = {"default": {"BACKEND": TASK_BACKENDS[TASK_BACKEND], "QUEUES": ["default"]}}
# A render still "bezig" after this many seconds is taken for a crashed worker (a jaarplan at
# 1,000 projects takes 70-80 s) and tried again; a failed render is tried this many times.
REPORT_RENDER_TIMEOUT = env.int("DJANGO_REPORT_RENDER_TIMEOUT", default=900)
REPORT_RENDER_ATTEMPTS = env.int("DJANGO_REPORT_RENDER_ATTEMPTS", default=3)
REDIS_URL = env("REDIS_URL", default="redis://127.0.0.1:6379/0")
RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": REPORT_RENDER_TIMEOUT}}
if TASK_BACKEND == "redis":
    INSTALLED_APPS.append("django_rq")

# Progress reports (docs/ARCHITECTURE.md §3.3): due dates as month-day, each over the half
# year before it.
PROGRESS_REPORT_DUE_DATES = env.list("PROGRESS_REPORT_DUE_DATES", default=["01-31", "07-31"])

# The read-only API (platform_ivz/api, docs/ARCHITECTURE.md §8): Django REST framework with
# personal tokens, problem details for errors, pages with Link headers, and a rate limit per
# token (API_RATE_LIMIT: a number per second, minute, hour or day). No CORS headers are sent:
# browsers on other sites cannot read the API.
API_RATE_LIMIT = env("API_RATE_LIMIT", default="1000/hour")
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "platform_ivz.api.authentication.BearerTokenAuthentication",
        "platform_ivz.api.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_THROTTLE_CLASSES": ["platform_ivz.api.throttling.TokenRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"api": API_RATE_LIMIT},
    "DEFAULT_PAGINATION_CLASS": "platform_ivz.api.pagination.LinkHeaderPagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "platform_ivz.api.problems.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "COERCE_DECIMAL_TO_STRING": True,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Platform IVZ API",
    "DESCRIPTION": (
        "Read-only access to the portfolio, project requests, meetings and decisions, "
        "contributions, hours and final reports of the Platform Integrale Veiligheid Twente. "
        "A personal API token acts as its user: every answer holds exactly what that user "
        "sees in the browser. Errors are problem details (RFC 9457); lists are paginated "
        "(`page`, `page_size`, a `Link` header and `next`)."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "ProjectStatus": "projects.models.Project.Status",
        "RequestStatus": "intake.models.ProjectRequest.Status",
        "MilestoneStatus": "projects.models.Milestone.Status",
        "RagStatus": "projects.models.RagStatus",
        "Theme": "platform_ivz.core.reference.Theme",
        "MeetingBody": "platform_ivz.core.models.Meeting.Body",
        "AgendaItemKind": "projects.models.AgendaItem.Kind",
        "AgendaDecision": "projects.models.AgendaItem.Decision",
        "ContributionChoice": "contributions.models.Choice",
    },
}
