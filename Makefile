# Two commands matter: `make run` (set up, ingest data/docs, serve on
# 127.0.0.1:8000) and `make test` (set up, start Neo4j, run every test).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Every wheel is downloaded once into this kept folder and installed from it:
# the registry's answers are not cacheable by pip, and torch is several GB.
WHEELHOUSE ?= $(HOME)/.cache/planatlas/wheels
MODEL_DIR ?= var/models/multilingual-e5-small
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: setup model run test lint bench clean

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	mkdir -p $(WHEELHOUSE)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip download -q -d $(WHEELHOUSE) --find-links $(WHEELHOUSE) -c constraints.txt setuptools wheel '.[dev,bench]'
	$(BIN)/pip install -q --no-index --find-links $(WHEELHOUSE) setuptools wheel
	$(BIN)/pip install -q --no-index --find-links $(WHEELHOUSE) -c constraints.txt -e '.[dev,bench]'
	touch $(STAMP)

setup: $(STAMP)

model: setup
	$(BIN)/python -m search_api.tools.model_build --out $(MODEL_DIR)

run: model
	$(BIN)/planatlas ingest data/docs
	$(BIN)/planatlas serve --host $(HOST) --port $(PORT)

test: model lint
	bash scripts/test.sh

# ruff (with the no-print rule) and mypy --strict over the four packages.
lint: setup
	$(BIN)/ruff check ontology graph ingest search_api bench tests
	$(BIN)/mypy

bench: model
	bash scripts/bench.sh

clean:
	rm -rf $(VENV) var .pytest_cache
