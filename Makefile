# Smart County Exchange — every set-up step a fresh machine needs. `make run` and `make test` are enough.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# Test workers (pytest-xdist): one per core by default; WORKERS=0 runs the suite in one process.
WORKERS ?= auto

# Local overrides (DATABASE_URL, …) may live in a git-ignored .env file.
-include .env
export

.PHONY: install run test test-quick test-browser lint typecheck format migrate seed bench duplicates ci messages clean

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is required (set PYTHON=/path/to/python3.11)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP) ## Create .venv with everything (runtime and test tools)

migrate: install
	DJANGO_DEBUG=true $(BIN)/python manage.py migrate --no-input -v 0

seed: migrate
	DJANGO_DEBUG=true $(BIN)/python manage.py seed_demo

run: seed ## The site with demo data on SQLite at http://127.0.0.1:8000
	DJANGO_DEBUG=true $(BIN)/python manage.py runserver $(HOST):$(PORT)

test: install ## The whole suite (SQLite, or PostgreSQL when DATABASE_URL points at one); browser tests included
	$(BIN)/python -m pytest -n $(WORKERS) $(PYTEST_ARGS)

test-quick: install ## The suite without the browser tests
	$(BIN)/python -m pytest -n $(WORKERS) -m "not browser" $(PYTEST_ARGS)

test-browser: install ## Only the browser tests
	$(BIN)/python -m pytest -n $(WORKERS) -m browser $(PYTEST_ARGS)

lint: install ## ruff, formatting, the import layers and mypy against its baseline
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/python .ci/typecheck.py

typecheck: install ## mypy: --strict for the engine and the vocabulary, the rest held to .ci/mypy-baseline.json
	$(BIN)/python .ci/typecheck.py

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

messages: install ## Refresh and compile translations (needs GNU gettext)
	DJANGO_DEBUG=true $(BIN)/python manage.py makemessages -l zh_Hans -l en --ignore=.venv --ignore=static --ignore=staticfiles
	DJANGO_DEBUG=true $(BIN)/python manage.py compilemessages --ignore=.venv

bench: install ## Benchmarks: figures, not pass/fail
	$(BIN)/python -m benchmarks.matching --scenarios 10000 --solutions 50000 --top 20

duplicates: ## Repeated blocks of 6+ lines outside tests and migrations (needs the `duplicates` command)
	bash benchmarks/duplicates_count.sh

ci: ## What CI runs
	bash .ci/run

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache .ruff_cache
