"""Settings for the benchmarks: the app's production settings on plain HTTP at 127.0.0.1.

DEBUG is off (with DEBUG on Django keeps every query in memory and renders slower), the
secure-cookie and HTTPS-redirect settings are off because the benchmark talks plain HTTP
without a proxy, and static files use the plain storage (no collectstatic needed).
"""

import os
import warnings

os.environ.setdefault("DJANGO_DEBUG", "False")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-" + "x" * 50)
os.environ.setdefault("DJANGO_SITE_URL", "http://127.0.0.1:8000")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "False")
# Two-factor sign-in is kept in the session once passed; the benchmark users sign in with a
# password only, as a user does whose second step is done.
os.environ.setdefault("DJANGO_TWO_FACTOR_REQUIRED", "False")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/ivz_bench")

from platform_ivz.settings import *  # noqa: E402, F403
from platform_ivz.settings import STORAGES  # noqa: E402

ROOT_URLCONF = "bench.urls"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

# WhiteNoise looks for STATIC_ROOT, which the benchmark does not collect.
warnings.filterwarnings("ignore", message="No directory at")
