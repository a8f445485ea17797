# attdash — the two commands of the README are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: setup run serve haproxy test browser postgres fonts bench bench-register load snapshot

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

setup: $(VENV)/.installed

## Start the dashboard on the shipped snapshot (http://localhost:8501). The launcher is `streamlit run` with
## TCP_NODELAY on accepted connections (attdash/server/launch.py).
run: setup
	$(PY) -m attdash.server.launch asgi.py --browser.gatherUsageStats false

## A whole room: WORKERS Streamlit processes (default: one per CPU) behind HAProxy on http://localhost:8501,
## sticky sessions by cookie; Ctrl-C stops them all (attdash/server/serve.py).
## E.g. make serve WORKERS=4 SERVE_ARGS="--port 8080 --address 0.0.0.0"
serve: setup haproxy
	$(PY) -m attdash.server.serve $(if $(WORKERS),--workers $(WORKERS)) $(SERVE_ARGS)

## HAProxy for make serve and its tests (Debian package; needs root or sudo; no system service is used).
haproxy:
	@command -v haproxy >/dev/null 2>&1 || [ -x /usr/sbin/haproxy ] || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq haproxy; }

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
test: setup browser postgres fonts haproxy
	$(PY) -m pytest

## Validate data/sources and write a new dated snapshot (never overwrites one).
snapshot: setup
	$(PY) -m attdash snapshot build

## Page reruns against a fair floor, named queries against Polars, CLI and server start-up (bench/),
## then the brief/report/annex generation time (bench/documents.py, median of several runs).
## Options: make bench BENCH_ARGS="--runs 30 --no-browser --lang en,ar" DOC_BENCH_ARGS="--runs 15"
bench: setup browser fonts
	$(PY) -m bench $(BENCH_ARGS)
	$(PY) -m bench.documents $(DOC_BENCH_ARGS)

## 25 websocket sessions open the overview and change a filter; p50/p95, server CPU and memory (bench/load.py),
## through HAProxy to 1, then 2 workers (make serve). One server without the proxy: make load LOAD_ARGS=""
LOAD_ARGS ?= --workers 1,2
load: setup haproxy
	$(PY) -m bench.load $(LOAD_ARGS)

## The register and planning pages with 100,000 synthetic activities in a temporary register.
bench-register: setup
	$(PY) -m bench.register_bench $(BENCH_ARGS)

## Translations (gettext catalogues managed with Babel; domain "attdash": pages, app, attdash/ui, shared vocabulary).
## i18n-extract writes the template (git-ignored), i18n-update merges it into each language's .po (the files
## translators edit and the dashboard reads), i18n-compile checks them and writes .mo files to build/locale/.
I18N_DIR := attdash/i18n/locales
I18N_POT := $(I18N_DIR)/attdash.pot
I18N_LANGS := ar zh fr ru es

.PHONY: i18n-extract i18n-update i18n-compile
i18n-extract:
	$(VENV)/bin/pybabel -q extract -F attdash/i18n/babel.cfg -k t -k N_ --no-location --sort-output \
	  --project attdash --msgid-bugs-address "" -o $(I18N_POT) .

i18n-update: i18n-extract
	for l in $(I18N_LANGS); do \
	  if [ -f $(I18N_DIR)/$$l/LC_MESSAGES/attdash.po ]; then \
	    $(VENV)/bin/pybabel -q update -D attdash -i $(I18N_POT) -d $(I18N_DIR) -l $$l --no-fuzzy-matching \
	      --ignore-obsolete --width 120; \
	  else $(VENV)/bin/pybabel -q init -D attdash -i $(I18N_POT) -d $(I18N_DIR) -l $$l --width 120; fi; done

i18n-compile:
	for l in $(I18N_LANGS); do mkdir -p build/locale/$$l/LC_MESSAGES && \
	  $(VENV)/bin/pybabel compile --statistics -D attdash -l $$l \
	    -i $(I18N_DIR)/$$l/LC_MESSAGES/attdash.po -o build/locale/$$l/LC_MESSAGES/attdash.mo || exit 1; done
