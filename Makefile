# The one entry point to everything: run, test, lint, fmt, validate, audit.
# Works on a fresh clone where only python3, make and git exist.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8501
# Replicas of `make cluster`, behind HAProxy on $(HOST):$(PORT).
REPLICAS ?= 3
# Pinned versions of every package, so installs are reproducible (see `make lock`).
CONSTRAINTS := constraints.txt

.DEFAULT_GOAL := help
.PHONY: help run test test-fast lint fmt validate reference-validate audit browser lock clean bench trace screenshots messages
.PHONY: cluster haproxy bench-cluster deploy-files

help:
	@echo "make run       set up .venv and serve the dashboard on http://$(HOST):$(PORT)"
	@echo "make cluster   REPLICAS=3 replicas behind HAProxy on http://$(HOST):$(PORT) (docs/deployment.md)"
	@echo "make test      set up .venv with test extras and Chromium, then run every test"
	@echo "make lint      ruff check, format check and the mypy type check"
	@echo "make fmt       ruff format and fix"
	@echo "make validate  validate the dataset in data/"
	@echo "make reference-validate  the reference Frictionless validator on data/datapackage.json"
	@echo "make audit     audit the dataset against ../shared/sources"
	@echo "make bench     benchmark against a reference app (docs/benchmarks.md)"
	@echo "make bench-cluster  pages per second and first chart through HAProxy, 1-3 replicas"
	@echo "make trace     where a reload and a filter change spend their time, server and browser"
	@echo "make screenshots  refresh the README's screenshots (every page, light and dark, real data)"
	@echo "make lock      re-pin constraints.txt from the current .venv"
	@echo "make messages  extract the interface's strings into locale/messages.pot and update the .po files"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Stamp files record that an install matches the current pyproject and pins.
$(VENV)/.runtime-installed: pyproject.toml $(CONSTRAINTS) | $(BIN)/python
	$(BIN)/python -m pip install --quiet -c $(CONSTRAINTS) -e .
	touch $@

$(VENV)/.test-installed: pyproject.toml $(CONSTRAINTS) | $(BIN)/python
	$(BIN)/python -m pip install --quiet -c $(CONSTRAINTS) -e '.[test]'
	touch $(VENV)/.runtime-installed $@

# The interface's translations: each locale/<lang>/LC_MESSAGES/messages.po compiled to its .mo
# (git-ignored), again whenever a .po changes.
CATALOGS := $(wildcard locale/*/LC_MESSAGES/messages.po)
$(VENV)/.messages-compiled: $(CATALOGS) | $(VENV)/.runtime-installed
	$(BIN)/pybabel compile --statistics -d locale -D messages
	touch $@

# After changing an interface string: extract every _(), ngettext() and N_() and merge the
# new messages into each .po (then translate them; make test fails while one is missing).
messages: $(VENV)/.runtime-installed
	$(BIN)/pybabel extract -F babel.cfg -k N_ --no-location --sort-output \
		--project="Reform Metrics" --copyright-holder="Reform Metrics" -o locale/messages.pot .
	$(BIN)/pybabel update -i locale/messages.pot -d locale -D messages \
		--no-fuzzy-matching --ignore-obsolete

browser: $(VENV)/.test-installed
	scripts/ensure-chromium $(BIN)/python

# HAProxy, the load balancer of `make cluster` and its tests (Debian's package as root).
haproxy:
	scripts/ensure-haproxy

run: $(VENV)/.runtime-installed $(VENV)/.messages-compiled
	$(BIN)/python -m metrics serve --server.address $(HOST) --server.port $(PORT)

test: $(VENV)/.test-installed $(VENV)/.messages-compiled browser haproxy lint reference-validate
	$(BIN)/python -m pytest

# Several replicas behind HAProxy on loopback; Ctrl-C stops them all.
cluster: $(VENV)/.runtime-installed $(VENV)/.messages-compiled haproxy
	$(BIN)/python -m metrics cluster --replicas $(REPLICAS) --host $(HOST) --port $(PORT)

# deploy/compose.yaml and deploy/haproxy.cfg, from the same code as `make cluster`.
deploy-files: $(VENV)/.runtime-installed
	$(BIN)/python -m metrics cluster --write-deploy deploy

# Everything but the browser tests: a quick loop while editing.
test-fast: $(VENV)/.test-installed $(VENV)/.messages-compiled
	$(BIN)/python -m pytest -m "not browser"

lint: $(VENV)/.test-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

fmt: $(VENV)/.test-installed
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

validate: $(VENV)/.runtime-installed
	$(BIN)/python -m metrics validate

# The standard's own validator: the descriptor, every cell, the keys. Its report only on failure.
reference-validate: $(VENV)/.test-installed
	@$(BIN)/frictionless validate data/datapackage.json > $(VENV)/frictionless.log 2>&1 \
		&& echo "frictionless validate data/datapackage.json: valid" \
		|| (cat $(VENV)/frictionless.log; exit 1)

audit: $(VENV)/.runtime-installed
	$(BIN)/python -m metrics audit

lock: $(VENV)/.test-installed
	$(BIN)/python -m pip freeze --exclude-editable | grep -v '^reform-metrics' > $(CONSTRAINTS)

clean:
	rm -rf $(VENV) build src/*.egg-info .pytest_cache .ruff_cache

# Dashboard vs a bare reference app, and synthetic datasets of 10,000 and 100,000 facts.
bench: $(VENV)/.test-installed $(VENV)/.messages-compiled browser
	$(BIN)/python -m benchmarks.run

# Through HAProxy with 1, 2 and 3 replicas against one plain replica (docs/benchmarks.md).
bench-cluster: $(VENV)/.test-installed $(VENV)/.messages-compiled browser haproxy
	$(BIN)/python -m benchmarks.cluster

trace: $(VENV)/.test-installed browser
	$(BIN)/python -m benchmarks.trace_time

# The README's screenshots; the tests take the same ones into a temporary folder.
screenshots: $(VENV)/.test-installed browser
	$(BIN)/python -m testing.screenshots
