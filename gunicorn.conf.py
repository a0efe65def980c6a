"""gunicorn settings for the production image (Dockerfile, docker-compose.yml).

`gunicorn -c gunicorn.conf.py platform_ivz.wsgi` reads this file. Every value can be
overridden with an environment variable named in the code, or with gunicorn's own
GUNICORN_CMD_ARGS.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "sync")
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
# PDF reports take a few seconds to render; anything slower is stuck.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# A worker is replaced after this many requests, so memory that WeasyPrint keeps is returned.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "1000"))
max_requests_jitter = 100
# Heartbeat files in memory, not on the container's overlay disk.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108

# Requests smaller than gunicorn's defaults allow: nothing in the app needs longer lines.
limit_request_line = 4094
limit_request_fields = 100
limit_request_field_size = 8190

accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# No query strings in the access log: they can hold search terms about people.
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(L)s'
proc_name = "platform-ivz"

# The app sends `Server: gunicorn` without a version (gunicorn never sends its version);
# the TLS proxy in front should not add a version banner either (nginx: server_tokens off).
