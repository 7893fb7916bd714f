# Limber: `make run` serves the store with demo data; `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt | cksum | cut -d' ' -f1)
MANAGE := $(BIN)/python manage.py
PYTEST_ARGS ?=

.PHONY: install run test lint bench bench-engine bench-load worker beat

$(STAMP): requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)

run: install
	DJANGO_DEBUG=true $(MANAGE) migrate --noinput
	DJANGO_DEBUG=true $(MANAGE) load_demo --demo-staff
	DJANGO_DEBUG=true $(MANAGE) serve 127.0.0.1:8000

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

worker: install
	$(BIN)/celery -A shop worker --loglevel=INFO

beat: install
	$(BIN)/celery -A shop beat --loglevel=INFO

bench: bench-engine bench-load

bench-engine: install
	$(BIN)/python -m benchmarks.engine

bench-load: install
	$(BIN)/python -m benchmarks.load
