"""The production settings as gunicorn runs them, for tests/ops/test_server_headers.py.

Only the static files storage differs: the tests run without `collectstatic`, which the
manifest storage of production needs.
"""

from platform_ivz.settings import *  # noqa: F403
from platform_ivz.settings import STORAGES

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
