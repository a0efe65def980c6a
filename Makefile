# A newcomer needs two commands: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP_FLAGS := --quiet --disable-pip-version-check

.PHONY: run test install messages migrate demo lint clean bench openapi

# The web server and the report worker together (Procfile.dev); Ctrl+C stops both.
run: install migrate demo
	@echo ""
	@echo "Platform IVZ runs at http://127.0.0.1:8000 with a report worker (stop both with Ctrl+C)."
	$(PY) -m honcho --procfile Procfile.dev start

# One pytest worker per core (pytest-xdist); TEST_WORKERS=0 runs in one process.
TEST_WORKERS ?= auto
test: install
	$(PY) -m pytest -n $(TEST_WORKERS)

install: $(VENV)/.installed node_modules/.installed messages

$(VENV)/.installed: pyproject.toml requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install $(PIP_FLAGS) --upgrade pip
	$(PY) -m pip install $(PIP_FLAGS) -c requirements.lock -e ".[dev]"
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

messages: $(VENV)/.installed
	$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules -v 0

migrate: install
	$(PY) manage.py migrate --no-input -v 0

demo: migrate
	$(PY) manage.py load_demo_data

# Benchmarks (bench/RESULTS.md): drops and recreates the database named in DATABASE_URL,
# which must have "bench" in its name (default ivz_bench on the local PostgreSQL).
bench: install
	$(PY) -m pip install $(PIP_FLAGS) -c requirements.lock -e ".[bench]"
	DJANGO_SETTINGS_MODULE=bench.settings \
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/ivz_bench} \
	$(PY) -m bench.run

lint: install
	$(PY) -m ruff check .
	$(VENV)/bin/lint-imports
	$(PY) manage.py makemigrations --check --dry-run

# The API's schema in the repository (docs/openapi.yaml), after a change to the API;
# tests/api/test_schema.py fails while it differs from the generated one.
openapi: install
	$(PY) manage.py spectacular --file docs/openapi.yaml --validate

clean:
	rm -rf $(VENV) node_modules staticfiles
