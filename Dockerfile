# Production image of Platform IVZ: gunicorn on port 8000, static files served by WhiteNoise,
# meant to run behind a TLS proxy. Used by docker-compose.yml; see README.md, "Docker".

# ---- Front-end packages from the npm registry (Bootstrap, the reports' font); nothing comes from a CDN.
FROM node:20-bookworm-slim AS assets
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

# ---- Libraries the app needs at run time, shared by the build and the final image.
FROM python:3.11-slim-bookworm AS base
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    VIRTUAL_ENV=/opt/venv \
    PATH=/opt/venv/bin:$PATH
# Pango and HarfBuzz for WeasyPrint (the PDF reports), and fonts to set them in.
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 \
      fonts-dejavu-core fonts-liberation2 \
 && rm -rf /var/lib/apt/lists/*

# ---- Build: Python dependencies, compiled translations, collected static files.
FROM base AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends gettext \
 && rm -rf /var/lib/apt/lists/*
RUN python -m venv "$VIRTUAL_ENV"
# Dependencies first, so that a change in the source does not reinstall them.
# pyproject.toml declares `packages = []`: this installs the dependencies only; the code runs from /app.
COPY pyproject.toml requirements.lock /tmp/deps/
RUN pip install -c /tmp/deps/requirements.lock /tmp/deps && rm -rf /tmp/deps
WORKDIR /app
COPY . .
COPY --from=assets /src/node_modules/bootstrap/dist node_modules/bootstrap/dist
COPY --from=assets /src/node_modules/@fontsource/source-sans-3/files node_modules/@fontsource/source-sans-3/files
# A throw-away key: these commands need settings to load, nothing here is signed.
RUN DJANGO_DEBUG=False DJANGO_SECRET_KEY=build-time-only-not-a-secret DJANGO_SITE_URL=http://build.invalid sh -c '\
      python manage.py compilemessages -v 0 \
   && python manage.py collectstatic --no-input -v 0'

# ---- Final image: no compilers, no gettext, no Node; source owned by root, run as `ivz`.
FROM base
RUN groupadd --system --gid 10001 ivz \
 && useradd --system --uid 10001 --gid ivz --home-dir /app --no-create-home \
      --shell /usr/sbin/nologin ivz \
 && mkdir -p /data/media \
 && chown ivz:ivz /data/media
COPY --from=build /opt/venv /opt/venv
COPY --from=build /app /app
WORKDIR /app
# Production by default; DJANGO_SECRET_KEY must come from the environment at run time.
# Uploaded attachments go to /data/media (a volume): private, never served as static files.
ENV DJANGO_DEBUG=False \
    DJANGO_MEDIA_ROOT=/data/media
USER ivz
EXPOSE 8000
# gunicorn.conf.py: port 8000, 5 sync workers (GUNICORN_WORKERS), access log without query strings.
CMD ["sh", "-c", "python manage.py migrate --no-input && exec gunicorn -c gunicorn.conf.py platform_ivz.wsgi"]
