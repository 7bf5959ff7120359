# Farmhand: `make demo` runs the main job end to end, `make test` runs every check.
# Both create .venv and install what they need on first use.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: test lint samples demo bundles clean

$(STAMP): requirements/dev.txt requirements/constraints.txt core/pyproject.toml farm/pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements/dev.txt -c requirements/constraints.txt
	$(BIN)/pip install -q --no-deps -e core -e farm
	touch $@

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check core farm tests

# The tests read real public scenes from ../shared/samples, next to this checkout (not part of the repository).
SAMPLES := ../shared/samples

samples:
	@test -d $(SAMPLES) || { echo "make test: the public sample scenes are missing: expected in $(abspath $(SAMPLES)), next to this checkout; clone the repository next to them (many tests read them)" >&2; exit 1; }

test: samples lint
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest
	bash tools/core-compat.sh

demo: $(STAMP)
	$(BIN)/python examples/demo.py

# The four host bundles, all under build/ (docs/hosts.md says how to install each).
bundles: $(STAMP)
	$(BIN)/python maya_plugin/build.py
	$(BIN)/python houdini_plugin/build.py -o build/houdini
	$(BIN)/python max_plugin/build.py -o build
	$(BIN)/python blender_addon/build.py

clean:
	rm -rf $(VENV) .venv-py* .pytest_cache build out
