# Two commands for a new machine:
#   make demo   creates .venv, installs callqa, runs the main job on the bundled examples
#   make test   installs what the tests need, then runs ruff and the test suite
#               (needs Debian's postgresql package for the PostgreSQL half; .ci/run installs it)
PYTHON ?= python3.11
VENV   ?= .venv
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.installed

.PHONY: demo test install lint prereqs examples clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# Bytecode for callqa's own modules, as a non-editable install has it: an
# environment with PYTHONDONTWRITEBYTECODE=1 would compile them on every command.
demo: $(STAMP)
	$(BIN)/python -m compileall -q qa app flows models web callqa >/dev/null
	$(BIN)/callqa run examples/calls --leads examples/leads.csv

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Debian's postgresql and chromium: installed when root, else the command to run (at once).
prereqs:
	scripts/test-prereqs.sh

# The storage and pipeline tests run on SQLite and on a throwaway PostgreSQL server.
test: prereqs lint
	scripts/with-postgres.sh $(BIN)/pytest

# Regenerate the bundled sample calls (needs Debian's espeak-ng).
examples: $(STAMP)
	$(BIN)/python scripts/make_examples.py

clean:
	rm -rf data .pytest_cache .ruff_cache
