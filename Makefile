# Two commands for a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test install lint typecheck unit docs examples bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	@echo "installing into $(VENV) (log: $(VENV)/install.log)"
	@$(BIN)/python -m pip install --upgrade pip > $(VENV)/install.log 2>&1 || (cat $(VENV)/install.log; exit 1)
	@$(BIN)/python -m pip install -e ".[dev]" >> $(VENV)/install.log 2>&1 || (cat $(VENV)/install.log; exit 1)
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/python -m receivables demo

test: $(STAMP) lint typecheck unit docs examples

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
	rm -rf $(VENV) docs/_build .mypy_cache .ruff_cache .hypothesis
