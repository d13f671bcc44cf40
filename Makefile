# Two set-up commands work on a fresh machine with only Python 3.10+ (and npm for
# the vendored front end): `make book` builds the HTML book, `make test` runs the
# whole test suite. Both create .venv and install into it when needed.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
JB     := $(BIN)/jupyter-book
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: book test lab serve clean vendor lint
.PHONY: student-edition instructor-edition

# (Re)install when the package metadata changes.
$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[book,dev,lab]"
	touch $(STAMP)

vendor: $(STAMP)
	$(PY) scripts/fetch_vendor.py

## Build the HTML book into _build/html. Notebooks without a cached result first run
## in parallel, one per core (python -m coproduction.book.build); the build reads the cache.
## Where `make lite` has fetched its inputs, the build also writes _build/html/lite/
## ("Run in the browser"); scripts/edition.py holds the commands.
book: vendor
	$(PY) scripts/edition.py instructor

## "Run in the browser": fetch the pinned inputs of the in-browser JupyterLite
## (Pyodide runtime and wheels, from npm and PyPI) into _vendor_lite/, then build the
## book, which now includes _build/html/lite/ and links to it from each chapter.
.PHONY: lite
lite: vendor
	$(PY) scripts/lite.py fetch
	$(PY) scripts/edition.py instructor

## The student edition: no pages or notes for lecturers (see scripts/edition.py).
## Written to _build/student/_build/html; it reuses the notebooks `make book` ran.
student-edition: vendor
	$(PY) scripts/edition.py student

## The instructor edition is the complete book: the same build as `make book`.
instructor-edition: book
	@echo "The instructor edition is in _build/html/ (open index.html)."

## Run the whole test suite: unit, data, book build and browser tests.
test: vendor
	$(PY) scripts/fetch_vendor.py --tests
	$(PY) -m pytest

## Start JupyterLab with the package installed; .md chapters open as notebooks.
lab: $(STAMP)
	mkdir -p $(VENV)/share/jupyter/lab/settings
	cp jupyterlab/overrides.json $(VENV)/share/jupyter/lab/settings/overrides.json
	$(BIN)/jupyter lab --ServerApp.ip=$(HOST) \
	  --ContentsManager.preferred_dir=chapters

## Serve the built book on http://127.0.0.1:8000 (build it first with `make book`).
serve:
	@test -d _build/html || { echo "No built book: run 'make book' first"; exit 1; }
	$(PYTHON) -m http.server $(PORT) --bind $(HOST) --directory _build/html

## Run every benchmark and print its tables (several minutes; timings, not tests):
## the book build (clean sequential and parallel, rebuilds; in a temporary copy of
## the repository), explorer latency, grading, import time and case loading. The
## page benchmark then measures the book built in that copy, if Debian's Chromium
## is installed. Nothing in the working tree changes, not even __pycache__ folders.
.PHONY: bench
bench: vendor
	@tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	export PYTHONPYCACHEPREFIX="$$tmp/pycache"; \
	html="$$tmp/book/_build/html"; status=0; \
	for b in "bench_build.py --copy-to $$tmp/book" "bench_explorers.py --html $$html" \
	         bench_grading.py bench_item_analysis.py bench_imports.py bench_cases.py \
	         bench_install.py; do \
	  printf '\n## benchmarks/%s\n\n' "$${b%% *}"; \
	  $(PY) benchmarks/$$b || status=1; \
	done; \
	printf '\n## benchmarks/bench_pages.py\n\n'; \
	if test -x /usr/bin/chromium && test -d "$$html"; then \
	  $(PY) benchmarks/bench_pages.py --html "$$html" || status=1; \
	else \
	  echo "(skipped: it needs Debian's Chromium and the book built by bench_build.py)"; \
	fi; \
	exit $$status

## Lint: ruff (rules and formatting) and a strict type check of the package (mypy).
lint: $(STAMP)
	$(BIN)/ruff check src tests scripts benchmarks
	$(BIN)/ruff format --check src tests scripts benchmarks
	$(BIN)/mypy

## Print the chapters and the seminar plans to A4 PDF handouts in _build/handouts
## (scripts/handouts.py; Debian's Chromium, offline). Chapters are printed from the
## student edition (no lecturer notes), seminar plans from the complete book.
.PHONY: handouts
handouts: book student-edition
	$(PY) scripts/handouts.py

## Remove built output and the virtual environment (keeps nothing cached).
clean:
	rm -rf _build _vendor _vendor_lite $(VENV) .pytest_cache .hypothesis
