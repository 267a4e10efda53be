# werkvorm-dsl. `make` sets everything up and builds formats/ into outputs/; `make test` runs every test.
.DELETE_ON_ERROR:
.DEFAULT_GOAL := all
SHELL := /bin/bash

VENV     := .venv
PY       := $(VENV)/bin/python
WERKVORM := $(VENV)/bin/werkvorm
STAMP    := $(VENV)/.installed
SYSTEM   := $(VENV)/.system-ok
# The werkvormen `make` checks and builds: formats/, and the guide's worked examples (issue 24's
# constructs), which the tests leave to tests/project/test_voorbeelden.py to keep `make test` short.
FORMATS  := $(wildcard formats/*.werkvorm) $(wildcard docs/voorbeelden/*.werkvorm)
# What the outputs are made from besides the werkvormen: a change here rebuilds every werkvorm.
ENGINE   := $(shell find src grammar -type f \( -name '*.py' -o -name '*.lark' -o -name '*.html' -o -name '*.md' \
              -o -name '*.txt' -o -name '*.svg' -o -name '*.css' -o -name '*.ttf' \) 2>/dev/null)
BUILT    := outputs/.built
AXE      := tests/axe/node_modules/axe-core/axe.min.js
# Builds are reproducible: the same date in every PDF, unless the caller sets another.
export SOURCE_DATE_EPOCH ?= 1767225600

EDITOR_NPM := editor/node_modules/.package-lock.json
EDITOR   := src/werkvorm_dsl/assets/editor.js

.PHONY: all help schrijven check build test quick lint format bench parser regen fuzz clean editor editor-check screenshots \
        set-up set-up-tests set-up-parts set-up-test-parts

all: set-up $(BUILT) ## set up, check every werkvorm in formats/ and build its outputs into outputs/ (only what changed)
	@echo "Klaar. Schrijven in uw browser: make schrijven"

# The authors' way in: the writing place in their browser, on formats/ or the folder MAP names.
MAP ?= formats
schrijven: set-up ## write in the browser: opens werkvorm serve on formats/ (another folder: make schrijven MAP=...)
	@$(WERKVORM) schrijven "$(MAP)"

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | expand -t 12

# What `make` and `make test` set up first: the system packages (apt-get), the venv (pip) and, for the
# tests, the two npm folders. Each waits on the network or on dpkg, and none needs another (every wheel
# pip takes is built already), so one make runs them side by side: on a new machine the set-up then
# takes as long as its longest part, not as all of them together.
set-up:
	@$(MAKE) --no-print-directory -j2 set-up-parts
set-up-tests:
	@$(MAKE) --no-print-directory -j4 --output-sync=target set-up-test-parts
set-up-parts: $(SYSTEM) $(STAMP)
	@:
set-up-test-parts: $(SYSTEM) $(STAMP) $(AXE) $(EDITOR_NPM)
	@:

$(SYSTEM): scripts/system-deps.sh
	@bash scripts/system-deps.sh
	@mkdir -p $(VENV) && touch $@

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[serve,lsp,test]'
	touch $@

# axe-core for the accessibility test of the HTML outputs, from the npm registry, as locked.
$(AXE): tests/axe/package.json tests/axe/package-lock.json
	@command -v npm >/dev/null || { echo "npm ontbreekt: installeer Node.js (nodig voor de toegankelijkheidstest)" >&2; exit 1; }
	cd tests/axe && npm ci --no-audit --no-fund --silent
	@touch $@

# The browser editor of `werkvorm serve` is CodeMirror 6 from the npm registry, bundled by esbuild
# into one committed asset ($(EDITOR)), so `pip install` needs no Node. `make editor` rebuilds it
# from editor/ as locked; `make test` rebuilds it aside and fails if the committed one differs.
$(EDITOR_NPM): editor/package.json editor/package-lock.json
	@command -v npm >/dev/null || { echo "npm ontbreekt: installeer Node.js (nodig om de editor te bouwen en te controleren)" >&2; exit 1; }
	cd editor && npm ci --no-audit --no-fund --silent
	@touch $@

editor: $(EDITOR_NPM) ## rebuild the browser editor's bundle from editor/ (commit the result)
	node editor/build.mjs

editor-check: $(EDITOR_NPM) ## rebuild the editor's bundle aside and compare it with the committed one
	@aside=$$(mktemp -d) && node editor/build.mjs "$$aside" && \
	for file in editor.js editor.LICENSE.txt; do \
	  cmp -s "$$aside/$$file" "src/werkvorm_dsl/assets/$$file" || { echo "src/werkvorm_dsl/assets/$$file hoort niet bij editor/: draai 'make editor' en leg het resultaat vast" >&2; rm -rf "$$aside"; exit 1; }; \
	done; rm -rf "$$aside"

screenshots: set-up ## take the guide's pictures of the writing place anew in headless Chromium, into docs/ (look at each before committing)
	$(PY) scripts/make_screenshots.py docs

check: $(STAMP) ## check every werkvorm in formats/ (timing included)
	$(WERKVORM) check formats/

build: $(BUILT) ## build outputs/ from formats/ (only what changed)

# One process builds every werkvorm that changed since the last build ($?), or all of them when
# the engine changed; `werkvorm build` refuses a werkvorm with errors, so a failed build leaves
# no stamp and the next `make` tries again.
$(BUILT): $(FORMATS) $(ENGINE) $(STAMP) | $(SYSTEM)
	@changed="$(filter %.werkvorm,$?)"; \
	if [ -n "$(filter-out %.werkvorm,$?)" ] || [ ! -f $@ ]; then changed="$(FORMATS)"; fi; \
	$(WERKVORM) check $$changed && $(WERKVORM) build --to outputs --formaten html,md,pdf,docx,odt $$changed
	@touch $@

RUFF_CHECK  := $(VENV)/bin/ruff check src tests benchmarks scripts
RUFF_FORMAT := $(VENV)/bin/ruff format --check src tests benchmarks scripts

lint: $(STAMP) ## ruff's lint and format check over the code, and mypy's type check of src/ (both configured in pyproject.toml)
	$(RUFF_CHECK)
	$(RUFF_FORMAT)
	$(VENV)/bin/mypy

format: $(STAMP) ## let ruff fix what it can and format the code
	$(VENV)/bin/ruff check --fix src tests benchmarks scripts
	$(VENV)/bin/ruff format src tests benchmarks scripts

test: set-up-tests editor-check ## run the whole test suite: lint (ruff, mypy), werkvorm check and fmt --check of formats/ included
	$(RUFF_CHECK)
	$(RUFF_FORMAT)
	$(WERKVORM) check formats/ docs/voorbeelden/
	$(WERKVORM) fmt --check formats/ docs/voorbeelden/
	@# Under PYTHONDONTWRITEBYTECODE nothing writes bytecode, and every interpreter the tests start
	@# (serve, the language server, a build, the import-order probe) would compile our modules anew.
	$(PY) -m compileall -q -j0 src tests
	@# mypy, and beside it one collection that writes pytest's rewritten test modules to their cache:
	@# each worker then reads them (3 s of its start) instead of rewriting every assert itself.
	@# Both are done before the tests start: test_closed_types copies mypy's cache.
	$(VENV)/bin/mypy & typing=$$!; \
	PYTHONDONTWRITEBYTECODE= $(PY) -m pytest --collect-only -q -p no:cacheprovider > /dev/null 2>&1; \
	wait $$typing
	$(PY) -m pytest -n auto --dist worksteal

# The markers are set in tests/conftest.py; a test that makes a PDF without its mark fails here and says so.
# Left out too: the few tests whose point is a large input, a time bound or a mypy run (slow). Property
# tests draw 25 examples here instead of `make test`'s 150.
quick: set-up ## the tests without PDFs, Chromium, LibreOffice or large inputs, for the edit-test loop (under a minute)
	$(PY) -m compileall -q -j0 src tests
	@# Bytecode allowed: pytest keeps each test module with its asserts rewritten, and the next run of the
	@# edit-test loop reads them instead of rewriting every module again in each worker (about 3 s each).
	HYPOTHESIS_PROFILE=quick PYTHONDONTWRITEBYTECODE= $(PY) -m pytest -n auto -m "not pdf and not browser and not office and not slow"

bench: set-up ## speed and memory, as ratios against baselines measured in the same run
	@# A user's pip install has bytecode; an editable one under PYTHONDONTWRITEBYTECODE would
	@# compile every module of ours on each run while lark, the baseline, loads its bytecode.
	$(PY) -m compileall -q src
	$(PY) benchmarks/run.py

# check and build read the grammar's LALR tables from a generated module, never from Lark or a cache.
parser: $(STAMP) ## after a change to grammar/werkvorm.lark: write src/werkvorm_dsl/language/parser_tables.py anew
	$(PY) scripts/make_parser.py

regen: parser ## regenerate the parser tables, the editors' TextMate grammar and the expected test data, and show the diff
	$(PY) scripts/make_textmate.py
	$(PY) tests/regen.py
	git --no-pager diff --stat -- tests/data src/werkvorm_dsl/language/parser_tables.py editors

fuzz: set-up ## a long fuzzing run (CI runs a short one inside `make test`)
	HYPOTHESIS_PROFILE=fuzz $(PY) -m pytest tests/language/test_any_input.py tests/language/test_lexer_paths.py tests/language/test_grammar_generated.py \
	  tests/language/test_structure_rule.py tests/language/test_paragraph_starts.py tests/language/test_fmt.py tests/language/test_fmt_diagnostics.py \
	  tests/analysis/test_timing_properties.py tests/analysis/test_timing_reference.py \
	  tests/output/test_confidentiality.py tests/output/test_generated_documents.py tests/output/test_layout_generated.py

clean: ## remove the virtual environment and everything built
	rm -rf $(VENV) outputs/*/ $(BUILT) .pytest_cache .hypothesis tests/axe/node_modules editor/node_modules
