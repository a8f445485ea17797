# attdash — the two commands of the README are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: setup run test browser fonts bench snapshot

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

setup: $(VENV)/.installed

## Start the dashboard on the shipped snapshot (http://localhost:8501).
run: setup
	$(PY) -m streamlit run app.py --browser.gatherUsageStats false

## Headless Chromium for the end-to-end tests (Debian packages; needs root or sudo).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium chromium-driver; }

## Noto fonts for PDFs in the six UN scripts, and poppler-utils (pdftoppm) for the document tests.
fonts:
	@{ [ -d /usr/share/fonts/opentype/noto ] && ls /usr/share/fonts/opentype/noto | grep -q NotoSerifCJK \
	   && [ -f /usr/share/fonts/truetype/noto/NotoNaskhArabic-Regular.ttf ] && command -v pdftoppm >/dev/null 2>&1; } || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq fonts-noto-core fonts-noto-cjk poppler-utils; }

## Set up and run every test: unit, page (AppTest) and browser (Playwright + Chromium).
test: setup browser fonts
	$(PY) -m pytest

## Validate data/sources and write a new dated snapshot (never overwrites one).
snapshot: setup
	$(PY) -m attdash snapshot build

## Median server rerun time per page next to the bare-Streamlit floor (under a minute).
## Then the brief/report/annex generation time (median of several runs).
## Options: make bench BENCH_ARGS="--runs 30 --json bench.json" DOC_BENCH_ARGS="--runs 15"
bench: setup fonts
	$(PY) -m attdash.bench $(BENCH_ARGS)
	$(PY) -m attdash.bench_documents $(DOC_BENCH_ARGS)
