# Two commands set everything up on a machine with only python3: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test bench install install-dev catalogs messages lint format clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

catalogs: install
	$(BIN)/python manage.py catalogs compile

# After changing user-facing strings: extract them into every catalog, then translate.
messages: install
	$(BIN)/python manage.py catalogs update

run: export DEBUG ?= 1
run: install catalogs
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py serve --host $(HOST) --port $(PORT)

# Tests see the development settings (no HTTPS redirect); pytest itself turns DEBUG off.
test: export DEBUG ?= 1
test: install-dev catalogs
	$(BIN)/pytest $(PYTEST_ARGS)

# Benchmarks print their figures against a baseline measured in the same run.
# The dev extras bring the WebSocket client that bench/live_fanout.py drives daphne with.
BENCHMARKS := bench/assignment.py bench/home_page_languages.py bench/outbox.py bench/registration_rush.py bench/live_fanout.py bench/summaries.py bench/closing_the_loop.py
bench: export DEBUG ?= 1
bench: install-dev catalogs
	for script in $(BENCHMARKS); do $(BIN)/python $$script || exit 1; done

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) var
