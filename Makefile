# Limber: `make run` serves the store with demo data (PORT=8000 by default); `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt | cksum | cut -d' ' -f1)
MANAGE := $(BIN)/python manage.py
PYTEST_ARGS ?=
HOST ?= 127.0.0.1
PORT ?= 8000

AXE := tests/browser/axe/node_modules/axe-core/axe.min.js

.PHONY: install run test lint bench bench-engine bench-load bench-faults worker beat

$(STAMP): requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

# axe-core for the browser walks' accessibility checks, from the npm registry (needs Node.js and npm).
$(AXE): tests/browser/axe/package.json tests/browser/axe/package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --silent --no-audit --no-fund --prefix tests/browser/axe && touch $@; \
	else echo "npm not found: the browser tests' accessibility checks will skip (CI=true fails them)"; fi

install: $(STAMP) $(AXE)

run: install
	@$(BIN)/python -m shop.ports $(HOST) $(PORT)
	DJANGO_DEBUG=true $(MANAGE) migrate --noinput
	DJANGO_DEBUG=true LIMBER_SITE_URL=http://$(HOST):$(PORT) $(MANAGE) load_demo --demo-staff
	DJANGO_DEBUG=true LIMBER_SITE_URL=http://$(HOST):$(PORT) $(MANAGE) serve $(HOST):$(PORT)

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

worker: install
	$(BIN)/celery -A shop worker --loglevel=INFO

beat: install
	$(BIN)/celery -A shop beat --loglevel=INFO

bench: bench-engine bench-load bench-faults

bench-engine: install
	$(BIN)/python -m benchmarks.engine

bench-load: install
	$(BIN)/python -m benchmarks.load

bench-faults: install
	$(BIN)/python -m benchmarks.faults
