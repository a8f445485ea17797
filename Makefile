# attdash — the two commands of the README are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: setup run test browser postgres bench bench-register load snapshot

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

## PostgreSQL server binaries for the register's second store (Debian package; the tests start a throwaway
## cluster as the postgres user and stop it at the end; no system service is used).
postgres:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq postgresql; }

## Set up and run every test: unit, page (AppTest), register on SQLite and PostgreSQL, browser.
test: setup browser postgres
	$(PY) -m pytest

## Validate data/sources and write a new dated snapshot (never overwrites one).
snapshot: setup
	$(PY) -m attdash snapshot build

## Page reruns against a fair floor, named queries against Polars, CLI and server start-up (bench/).
## Options: make bench BENCH_ARGS="--runs 30 --no-browser"
bench: setup browser
	$(PY) -m bench $(BENCH_ARGS)

## 25 websocket sessions open the overview and change a filter; p50/p95, server CPU and memory (bench/load.py).
load: setup
	$(PY) -m bench.load $(LOAD_ARGS)

## The register and planning pages with 100,000 synthetic activities in a temporary register.
bench-register: setup
	$(PY) -m bench.register_bench $(BENCH_ARGS)
