# Farmhand: `make demo` runs the main job end to end, `make test` runs every check.
# Both create .venv and install what they need on first use.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: test lint demo bundles clean

$(STAMP): requirements/dev.txt requirements/constraints.txt core/pyproject.toml farm/pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements/dev.txt -c requirements/constraints.txt
	$(BIN)/pip install -q --no-deps -e core -e farm
	touch $@

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check core farm tests

test: lint
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest
	bash tools/core-compat.sh

demo: $(STAMP)
	$(BIN)/python examples/demo.py

clean:
	rm -rf $(VENV) .venv-py* .pytest_cache
