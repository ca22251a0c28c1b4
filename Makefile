# aistd task runner: `make run` (set up, validate the shipped examples) and `make test` (set up, run every check).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
SCHEMA_MODULES := $(filter-out schema/rules.yaml,$(wildcard schema/*.yaml)) schema/meta/catalogue.yaml

.PHONY: run test setup setup-dev lint build check-build pytest bench docs-build docs-site docs-serve clean

run: setup
	@echo "== valid examples (expect: all valid) =="
	$(BIN)/aistd validate examples/valid
	@echo "== invalid examples (expect: every file reports its finding) =="
	-$(BIN)/aistd validate examples/invalid
	@echo "== real published disclosures (expect: the inconsistencies examples/published.expected.yaml lists) =="
	-$(BIN)/aistd validate examples/published

test: setup-dev lint check-build pytest

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || $(PYTHON) -m virtualenv $(VENV) || \
	  ( $(PYTHON) -m pip install --user --break-system-packages virtualenv && $(PYTHON) -m virtualenv $(VENV) )
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e .
	$(BIN)/python -m compileall -q src/aistd
	touch $@

$(VENV)/.dev: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	$(BIN)/python -m compileall -q src/aistd
	touch $@ $(VENV)/.runtime

setup: $(VENV)/.runtime

setup-dev: $(VENV)/.dev

lint: setup-dev
	$(BIN)/ruff check src tests benchmarks fuzz
	$(BIN)/ruff format --check src tests benchmarks fuzz
	$(BIN)/lint-imports
	$(BIN)/vulture src/aistd vulture_allowlist.py --min-confidence 60
	for module in $(SCHEMA_MODULES); do $(BIN)/linkml-lint --config .linkmllint.yaml $$module || exit 1; done

build: setup-dev
	$(BIN)/python -m aistd.build

check-build: setup-dev
	$(BIN)/python -m aistd.build --check

pytest: setup-dev
	$(BIN)/python -m pytest

bench: setup-dev
	$(BIN)/python benchmarks/validate_benchmark.py

# The site's generated pages and downloads are written into docs/ first (not committed), then MkDocs runs; then the
# French edition: its pages into build/docs-fr/, built into site/fr/ (after the English build, which cleans site/).
docs-build: setup-dev
	$(BIN)/python -m aistd.build.docs
	$(BIN)/mkdocs build --strict
	$(BIN)/python -m aistd.build.docs.french
	$(BIN)/mkdocs build --strict -f mkdocs.fr.yml

# Every release's site side by side (site/<version>/), with mkdocs-material's version selector; needs git history.
docs-site: setup-dev
	$(BIN)/python -m aistd.build.site

# Serves one language with live reload: `make docs-serve DOCS_CONFIG=mkdocs.fr.yml` for the French edition (the
# language selector's links between the two hold in the built site/, not under `mkdocs serve`).
DOCS_CONFIG ?= mkdocs.yml
docs-serve: setup-dev
	$(BIN)/python -m aistd.build.docs
	$(BIN)/python -m aistd.build.docs.french
	$(BIN)/mkdocs serve -f $(DOCS_CONFIG)

clean:
	rm -rf $(VENV) build dist site .pytest_cache .ruff_cache
