# Two commands do all set-up on a fresh machine (see README):
#   make demo   creates .venv, installs, seeds a demo database and opens the toolkit
#   make test   creates .venv, installs with dev extras, runs ruff, mypy, import-linter, pytest
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
DEMO_DB := .demo/demo.db

.PHONY: install demo test lint bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/fidelity demo --db $(DEMO_DB) --force
	$(BIN)/fidelity review list --db $(DEMO_DB)
	@if [ -t 0 ] && [ -t 1 ]; then $(BIN)/fidelity tui --db $(DEMO_DB); \
	else echo "(not a terminal: run '$(BIN)/fidelity tui --db $(DEMO_DB)' to open the review app)"; fi

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/lint-imports

test: lint
	$(BIN)/pytest

bench: $(STAMP)
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) .demo .mypy_cache .ruff_cache .pytest_cache
