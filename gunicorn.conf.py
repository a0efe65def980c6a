"""gunicorn settings for the production image (Dockerfile, docker-compose.yml).

`gunicorn -c gunicorn.conf.py platform_ivz.wsgi` reads this file. Every value can be
overridden with an environment variable named in the code, or with gunicorn's own
GUNICORN_CMD_ARGS.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# Worker model, measured (bench/RESULTS.md, "gunicorn's worker model", and bench/CHANGES.md):
# sync worker processes, 2 × cores + 1 of them (gunicorn's advice; 5 on the 2-core server).
# A page is Python work, and the threads of one process take turns on one core (the GIL):
# gthread workers (2 × 4 threads) had a higher p95 than five sync workers in every run, and
# in the first ones three times the time inside the worker. Two sync workers left short
# pages queueing behind long ones (the users' p95 three times the time inside the workers,
# and the worst p95 of all in the final run); with five, the operating system shares the
# cores among the requests in progress instead. The price is memory: each worker holds
# ~100 MB and one database connection (gthread 2 × 4: about 210 MB in all). Set
# GUNICORN_WORKERS to 2 × the cores the container may use + 1.
workers = int(os.environ.get("GUNICORN_WORKERS", "5"))
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "sync")
# More than 1 turns sync workers into gthread workers (gunicorn's rule).
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
