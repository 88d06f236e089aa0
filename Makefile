# Two commands for a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test test-latest test-lowest lock install lint typecheck unit docs examples bench clean

# `make test` installs exactly what passed last time (requirements/lock.txt, pip
# constraints); `make test-latest` installs the newest of everything in a second venv
# (not run by CI) so drift is seen the day it happens; `make lock` refreshes the lock.
LOCK       := requirements/lock.txt
CONSTRAINT ?= -c $(LOCK)

$(STAMP): pyproject.toml $(LOCK)
	$(PYTHON) -m venv $(VENV)
	@echo "installing into $(VENV) (log: $(VENV)/install.log)"
	@$(BIN)/python -m pip install --upgrade pip $(CONSTRAINT) > $(VENV)/install.log 2>&1 || (cat $(VENV)/install.log; exit 1)
	@$(BIN)/python -m pip install $(CONSTRAINT) -e ".[dev]" >> $(VENV)/install.log 2>&1 || (cat $(VENV)/install.log; exit 1)
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/python -m receivables demo

test: $(STAMP) lint typecheck unit docs examples

test-latest:
	rm -rf .venv-latest
	$(MAKE) VENV=.venv-latest CONSTRAINT= test

test-lowest:
	rm -rf .venv-lowest .venv-uv
	$(PYTHON) -m venv .venv-uv
	.venv-uv/bin/python -m pip install --quiet uv
	.venv-uv/bin/uv venv --quiet --python $(PYTHON) .venv-lowest
	.venv-uv/bin/uv pip install --quiet --python .venv-lowest/bin/python --resolution lowest-direct -e ".[dev]"
	touch .venv-lowest/.installed
	$(MAKE) -k VENV=.venv-lowest lint typecheck unit docs

lock:
	rm -rf .venv-lock
	$(PYTHON) -m venv .venv-lock
	.venv-lock/bin/python -m pip install --quiet --upgrade pip
	.venv-lock/bin/python -m pip install --quiet -e ".[dev]"
	@( echo "# The dev environment that last passed \`make test\` (Python 3.11, Linux x86_64)."; \
	   echo "# Used as pip constraints by the Makefile; refresh with \`make lock\` (README)."; \
	   .venv-lock/bin/python -m pip freeze --all --exclude-editable | grep -v '^setuptools==' ) > $(LOCK)
	rm -rf .venv-lock
	@echo "wrote $(LOCK): run make test-latest or make test before committing it"

lint: $(STAMP)
	$(BIN)/ruff check src tests examples benchmarks docs
	$(BIN)/ruff format --check src tests examples benchmarks docs

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	HYPOTHESIS_PROFILE=$${HYPOTHESIS_PROFILE:-ci} $(BIN)/python -m pytest -q

docs: $(STAMP)
	$(BIN)/sphinx-build -q -n -W --keep-going -b html docs docs/_build/html
	$(BIN)/sphinx-build -q -n -W --keep-going -b doctest docs docs/_build/doctest

examples: $(STAMP)
	@set -e; for f in examples/*.py; do echo "example: $$f"; $(BIN)/python $$f > /dev/null; done
	@set -e; for f in benchmarks/*.py; do echo "benchmark smoke: $$f --scale 0.01"; \
		$(BIN)/python $$f --scale 0.01 > /dev/null; done

bench: $(STAMP)
	@set -e; for f in benchmarks/*.py; do $(BIN)/python $$f; done

clean:
	rm -rf $(VENV) .venv-latest .venv-lowest .venv-uv .venv-lock docs/_build .mypy_cache .ruff_cache .hypothesis

# Not in CI: the money, ledger and cash-application properties with SOAK_EXAMPLES examples
# each (the soak profile in tests/conftest.py), and the count of examples that ran.
# tests/README.md records the last run.
SOAK_EXAMPLES ?= 37000
soak: $(STAMP)
	@HYPOTHESIS_PROFILE=soak SOAK_EXAMPLES=$(SOAK_EXAMPLES) $(BIN)/python -m pytest -q -p no:randomly \
		tests/test_money.py tests/test_ledger.py tests/cashapp \
		tests/test_robustness.py -k "not junk and not raw and not command_line and not entry_point" \
		--hypothesis-show-statistics > $(VENV)/soak.log 2>&1; status=$$?; \
	tail -1 $(VENV)/soak.log; \
	awk '/passing, .* failing/ {n += $$2} END {print "soak: " n " examples ran"}' $(VENV)/soak.log; \
	exit $$status
