# GoldenHour: `make run` starts the demo service, `make test` runs the whole test suite.
# Both set everything up from a fresh clone (virtual environment, packages, database).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
LEAFLET := src/goldenhour/web/static/vendor/leaflet
WEB_STAMP := $(LEAFLET)/.copied-stamp

.PHONY: setup run test check bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

# Front-end packages come from npm (package-lock.json) and are copied into the Python package;
# the copies are not committed.
$(WEB_STAMP): package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	rm -rf $(LEAFLET) && mkdir -p $(LEAFLET)
	cp -r node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.css \
		node_modules/leaflet/dist/images $(LEAFLET)/
	touch $(WEB_STAMP)

setup: $(STAMP) $(WEB_STAMP)

run: setup
	$(BIN)/goldenhour demo

test: setup
	$(BIN)/pytest

check: setup
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy

clean:
	rm -rf $(VENV) var node_modules $(LEAFLET) .pytest_cache .mypy_cache .ruff_cache .hypothesis
