# The two commands of the README:  `make run`  and  `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: install run test fuzz faults lint worker beat bench clean

$(STAMP): pyproject.toml requirements/constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -c requirements/constraints.txt -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

## Run the portal on the embedded default (SQLite, eager Celery, console e-mail) with demo data.
run: install
	./scripts/system-deps.sh
	$(PY) manage.py migrate --noinput
	$(PY) manage.py demo_data
	$(PY) manage.py runserver 127.0.0.1:8000

## Lint, check migrations and run the whole test suite (browser tests included).
test: install
	./scripts/system-deps.sh --tests
	$(PY) -m ruff check .
	DJANGO_ENV=test $(PY) manage.py makemigrations --check --dry-run --settings=cnm_portal.settings_test
	$(PY) -m pytest -n 2 --dist loadfile -q

## The bad-input suite alone (FUZZ_EXAMPLES=2000 make fuzz for more examples per endpoint).
fuzz: install
	$(PY) -m pytest -n 2 -q tests/fuzz

## The fault-injection suite alone, on its own PostgreSQL, Redis and Celery workers.
faults: install
	./scripts/system-deps.sh --tests
	FAULTS=1 $(PY) -m pytest -q tests/faults

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

worker: install
	$(VENV)/bin/celery -A cnm_portal worker -l info

beat: install
	$(VENV)/bin/celery -A cnm_portal beat -l info

clean:
	rm -rf $(VENV) db.sqlite3 media staticfiles test-artifacts
