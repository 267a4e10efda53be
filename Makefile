# werkvorm-dsl. `make` sets everything up and builds formats/ into outputs/; `make test` runs every test.
.DELETE_ON_ERROR:
.DEFAULT_GOAL := all
SHELL := /bin/bash

VENV     := .venv
PY       := $(VENV)/bin/python
WERKVORM := $(VENV)/bin/werkvorm
STAMP    := $(VENV)/.installed
SYSTEM   := $(VENV)/.system-ok
FORMATS  := $(wildcard formats/*.werkvorm)
# Builds are reproducible: the same date in every PDF, unless the caller sets another.
export SOURCE_DATE_EPOCH ?= 1767225600

.PHONY: all help check test bench regen fuzz clean

all: check build ## set up, check every werkvorm in formats/ and build its outputs into outputs/

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | expand -t 12

$(SYSTEM): scripts/system-deps.sh
	@bash scripts/system-deps.sh
	@mkdir -p $(VENV) && touch $@

$(STAMP): pyproject.toml | $(SYSTEM)
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

check: $(STAMP) ## check every werkvorm in formats/ (timing included)
	$(WERKVORM) check formats/

build: $(STAMP) ## build outputs/ from formats/ (only what changed)
	@echo "(uitvoer volgt: zie issue 3)"

test: $(STAMP) ## run the whole test suite, werkvorm check formats/ included
	$(WERKVORM) check formats/
	$(PY) -m pytest

bench: $(STAMP) ## speed and memory, as ratios against baselines measured in the same run
	$(PY) benchmarks/run.py

regen: $(STAMP) ## regenerate the expected test data and show the diff for review
	$(PY) tests/regen.py
	git --no-pager diff --stat -- tests/data

fuzz: $(STAMP) ## a long fuzzing run (CI runs a short one inside `make test`)
	HYPOTHESIS_PROFILE=fuzz $(PY) -m pytest tests/test_robustness.py

clean: ## remove the virtual environment and everything built
	rm -rf $(VENV) outputs/*/ .pytest_cache .hypothesis
