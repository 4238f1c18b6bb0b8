# Recovery: two commands from a fresh clone.
#   make run    start web + worker + beat (embedded PostgreSQL/Redis when DATABASE_URL/REDIS_URL are unset)
#   make test   lint, migration check, deploy check, then the whole test suite
# Other targets: make smoke, make lint, make bench, make seed-large, make lock, make clean

SHELL := /bin/bash
PYTHON_VERSION ?= 3.11
VENV := .venv
PY := $(VENV)/bin/python
UV := $(VENV)/bin/uv
STAMP := $(VENV)/.installed
STACK := $(PY) -m recovery.stack
PYTEST_ARGS ?=

# Production-style environment for `check --deploy` (nothing here is a real secret).
DEPLOY_ENV := DEBUG=0 SECRET_KEY=deploy-check-$$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n') \
	ALLOWED_HOSTS=recovery.example.org DATABASE_URL=postgres://recovery@db.invalid:5432/recovery \
	REDIS_URL=redis://redis.invalid:6379/0 EMAIL_URL=smtp://mail.invalid:25

.PHONY: run test smoke lint check-migrations check-deploy pytest bench seed-large lock system-deps clean

$(STAMP): requirements.txt requirements-dev.txt
	@command -v python$(PYTHON_VERSION) >/dev/null || { echo "Python $(PYTHON_VERSION) is needed (for example: apt-get install python$(PYTHON_VERSION)-venv, or pyenv install $(PYTHON_VERSION))."; exit 1; }
	test -x $(PY) || python$(PYTHON_VERSION) -m venv $(VENV)
	test -x $(UV) || $(PY) -m pip install --quiet --disable-pip-version-check uv
	$(UV) pip install --quiet --python $(PY) -r requirements.txt -r requirements-dev.txt
	@# Local development defaults (never used by production, which sets real environment variables).
	test -f .env || printf '# Local development only: see README, "Configuration".\nDEBUG=1\n' > .env
	touch $(STAMP)

system-deps:
	@bash scripts/system-deps.sh

run: $(STAMP)
	$(STACK) run

test: $(STAMP) system-deps lint check-migrations check-deploy
	$(STACK) exec -- $(PY) -m pytest --create-db $(PYTEST_ARGS)

smoke: $(STAMP)
	$(STACK) smoke

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djlint templates --lint
	$(VENV)/bin/djlint templates --check

check-migrations: $(STAMP)
	DJANGO_SETTINGS_MODULE=recovery.settings_test $(STACK) exec -- $(PY) manage.py makemigrations --check --dry-run

check-deploy: $(STAMP)
	$(DEPLOY_ENV) $(PY) manage.py check --deploy --fail-level WARNING

bench: $(STAMP)
	$(STACK) exec -- $(PY) manage.py bench $(BENCH_ARGS)

seed-large: $(STAMP)
	$(STACK) exec -- $(PY) manage.py seed_demo --size large

lock:
	$(UV) pip compile --quiet -p $(PYTHON_VERSION) requirements.in -o requirements.txt
	$(UV) pip compile --quiet -p $(PYTHON_VERSION) requirements-dev.in -o requirements-dev.txt

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
