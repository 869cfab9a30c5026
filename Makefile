# GoldenHour: `make run` starts the demo service, `make test` runs the whole test suite.
# Both set everything up from a fresh clone (virtual environment, packages, database).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
LEAFLET := src/goldenhour/web/static/vendor/leaflet
API_DOCS := src/goldenhour/web/static/vendor/api-docs
NODE_STAMP := node_modules/.installed-stamp
API_TYPES := web/src/api/schema.d.ts
WEB_DIST := src/goldenhour/web/dist
WEB_STAMP := $(WEB_DIST)/.built-stamp
NPX := node_modules/.bin

.PHONY: setup run test check bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

# Front-end packages come from npm (package-lock.json). Leaflet is also copied for the pages
# not yet rebuilt on the shared front end (static/), and Swagger UI and ReDoc for /docs and
# /redoc, so the API docs work offline; the copies are not committed.
$(NODE_STAMP): package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	rm -rf $(LEAFLET) && mkdir -p $(LEAFLET)
	cp -r node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.css \
		node_modules/leaflet/dist/images $(LEAFLET)/
	rm -rf $(API_DOCS) && mkdir -p $(API_DOCS)
	cp node_modules/swagger-ui-dist/swagger-ui-bundle.js node_modules/swagger-ui-dist/swagger-ui.css \
		node_modules/redoc/bundles/redoc.standalone.js $(API_DOCS)/
	touch $(NODE_STAMP)

# The pages' API types are generated from the API's own OpenAPI document (no server needed),
# so a page that reads a field the API no longer sends does not compile.
$(API_TYPES): $(STAMP) $(NODE_STAMP) $(shell find src/goldenhour -name '*.py')
	mkdir -p build
	$(BIN)/goldenhour openapi -o build/openapi.json
	$(NPX)/openapi-typescript build/openapi.json -o $(API_TYPES) --silent

# The pages (web/*.html and web/src), built by Vite into the Python package (not committed).
$(WEB_STAMP): $(API_TYPES) $(shell find web -type f -not -name schema.d.ts) vite.config.ts
	$(NPX)/vite build --logLevel warn
	touch $(WEB_STAMP)

setup: $(STAMP) $(NODE_STAMP) $(WEB_STAMP)

run: setup
	$(BIN)/goldenhour demo

# The suite runs in one process per core (pytest-xdist; a test file stays on one process so
# its module fixtures are built once). Coverage of the package by the whole suite is printed at
# the end (the total is the last line), after the slowest tests.
test: setup
	$(NPX)/vitest run
	$(BIN)/pytest -n auto --dist loadfile --durations=20 --cov=goldenhour --cov-report=term:skip-covered

check: setup
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy
	$(NPX)/tsc --noEmit
	$(NPX)/eslint web vite.config.ts eslint.config.js
	node tools/licences.mjs
	$(BIN)/lint-imports

clean:
	rm -rf $(VENV) var node_modules build $(LEAFLET) $(API_DOCS) $(WEB_DIST) $(API_TYPES) .pytest_cache .mypy_cache .ruff_cache .hypothesis
