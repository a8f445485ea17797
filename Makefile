# attdash — the two commands of the README are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: setup run test browser postgres fonts bench bench-register load snapshot

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

setup: $(VENV)/.installed

## Start the dashboard on the shipped snapshot (http://localhost:8501).
run: setup
	$(PY) -m streamlit run asgi.py --browser.gatherUsageStats false

## Headless Chromium for the end-to-end tests (Debian packages; needs root or sudo).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium chromium-driver; }

## PostgreSQL server binaries for the register's second store (Debian package; the tests start a throwaway
## cluster as the postgres user and stop it at the end; no system service is used).
postgres:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq postgresql; }

## Noto fonts for PDFs in the six UN scripts, poppler-utils (pdftoppm, pdfinfo) and qpdf for the document tests.
fonts:
	@{ [ -d /usr/share/fonts/opentype/noto ] && ls /usr/share/fonts/opentype/noto | grep -q NotoSerifCJK \
	   && [ -f /usr/share/fonts/truetype/noto/NotoNaskhArabic-Regular.ttf ] && command -v pdftoppm >/dev/null 2>&1 && command -v qpdf >/dev/null 2>&1; } || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq fonts-noto-core fonts-noto-cjk poppler-utils qpdf; }

## Set up and run every test: unit, page (AppTest), documents, register on SQLite and PostgreSQL, browser.
test: setup browser postgres fonts
	$(PY) -m pytest

## Validate data/sources and write a new dated snapshot (never overwrites one).
snapshot: setup
	$(PY) -m attdash snapshot build

## Page reruns against a fair floor, named queries against Polars, CLI and server start-up (bench/),
## then the brief/report/annex generation time (bench/documents.py, median of several runs).
## Options: make bench BENCH_ARGS="--runs 30 --no-browser" DOC_BENCH_ARGS="--runs 15"
bench: setup browser fonts
	$(PY) -m bench $(BENCH_ARGS)
	$(PY) -m bench.documents $(DOC_BENCH_ARGS)

## 25 websocket sessions open the overview and change a filter; p50/p95, server CPU and memory (bench/load.py).
load: setup
	$(PY) -m bench.load $(LOAD_ARGS)

## The register and planning pages with 100,000 synthetic activities in a temporary register.
bench-register: setup
	$(PY) -m bench.register_bench $(BENCH_ARGS)
