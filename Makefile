# Two entry points (README): `make run` starts the app, `make test` runs every check.
# Both create .venv on first use: `make run` installs the pinned runtime set
# (requirements.txt), `make test` the development set (requirements-dev.txt, which
# includes the runtime set). A stamp per set and per file content reinstalls on change.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP_VERSION := 26.3
SETUPTOOLS_VERSION := 84.2.1
RUN_HASH := $(shell cat requirements.txt | sha1sum | cut -c1-12)
DEV_HASH := $(shell cat requirements.txt requirements-dev.txt | sha1sum | cut -c1-12)
RUN_STAMP := $(VENV)/.installed-run-$(RUN_HASH)
DEV_STAMP := $(VENV)/.installed-dev-$(DEV_HASH)
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test lint typecheck unit e2e screenshots bench chromium nginx serve serve-stop serve-reload clean venv

# Debian's system Python needs python3-venv for `-m venv`; install it only if missing.
# A new venv gets a current, pinned pip and setuptools before anything else.
$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV) && $(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq python3-venv && \
		$(PYTHON) -m venv $(VENV); }
	$(BIN)/python -m pip install --quiet --disable-pip-version-check \
		pip==$(PIP_VERSION) setuptools==$(SETUPTOOLS_VERSION)

venv: $(VENV)/bin/python

$(RUN_STAMP): requirements.txt | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	rm -f $(VENV)/.installed-run-*
	touch $@

$(DEV_STAMP): requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	rm -f $(VENV)/.installed-dev-* $(VENV)/.installed-run-*
	touch $@ $(RUN_STAMP)

# Browser tests drive Debian's Chromium (Playwright cannot download its own here), with
# Debian's CJK fonts so that Korean pages (issue 23) render glyphs, not boxes (a test asks
# Chromium which font drew the Korean heading).
chromium:
	@{ test -x /usr/bin/chromium && dpkg -s fonts-noto-cjk >/dev/null 2>&1; } || { \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install \
		-y -qq chromium fonts-noto-cjk >/dev/null; }

# The deployment's proxy (README, "Deploy"): Debian's nginx, run by `make serve` itself.
nginx:
	@test -x /usr/sbin/nginx || { $(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq nginx >/dev/null; }

run: $(RUN_STAMP)
	$(BIN)/streamlit run app.py

# README "Deploy": PROCESSES app processes on loopback behind nginx (HTTPS, sign-in, sticky
# sessions), in the foreground; Ctrl-C or `make serve-stop` stops everything it started.
PROCESSES ?= 2
HTTPS_PORT ?= 8443
HTTP_PORT ?= 8080
TLS_CERT ?= deploy/local/tls/server.crt
TLS_KEY ?= deploy/local/tls/server.key
HTPASSWD ?= deploy/local/htpasswd
SERVE_PID := deploy/local/serve.pid
serve: $(RUN_STAMP) nginx
	$(BIN)/python -m deploy.serve --processes $(PROCESSES) --https-port $(HTTPS_PORT) \
		--http-port $(HTTP_PORT) --cert $(TLS_CERT) --key $(TLS_KEY) --htpasswd $(HTPASSWD) \
		--pid-file $(SERVE_PID) $(SERVE_ARGS)

serve-stop:
	@if [ -f $(SERVE_PID) ]; then kill $$(cat $(SERVE_PID)); else echo "make serve is not running"; fi

# After renewing the certificate or changing the password file; the apps keep running.
serve-reload:
	@if [ -f $(SERVE_PID) ]; then kill -HUP $$(cat $(SERVE_PID)); else echo "make serve is not running"; fi

lint: $(DEV_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Branch coverage of the engine and the knowledge base, with a floor: the unit tests alone
# reach it (measured 2026-11-30), so `make unit` and `make test` both enforce it. Tests run
# in random order (pytest-randomly; `-p randomly --randomly-seed=N` replays one order).
COVERAGE_FLOOR := 90
COVERAGE := --cov=knowledge --cov=scoring --cov=reports --cov=teaching --cov=cohort --cov-branch --cov-report=term:skip-covered \
	--cov-fail-under=$(COVERAGE_FLOOR)

typecheck: $(DEV_STAMP)
	$(BIN)/mypy knowledge scoring reports teaching cohort tools deploy

test: $(DEV_STAMP) chromium nginx lint typecheck
	$(BIN)/python -m pytest -n 2 --dist loadgroup -p no:cacheprovider tests $(COVERAGE)

# Without the browser: everything under tests/e2e (Chromium, the app server, the load
# test's quick run) is left out.
unit: $(DEV_STAMP)
	$(BIN)/python -m pytest -n 2 -p no:cacheprovider tests --ignore=tests/e2e $(COVERAGE)

e2e: $(DEV_STAMP) chromium nginx
	$(BIN)/python -m pytest -n 2 --dist loadgroup -p no:cacheprovider tests/e2e

# The browser tests again, saving the review screenshots (both languages, every screen size)
# to artifacts/screenshots/; `make test` saves only a failing test's.
screenshots: $(DEV_STAMP) chromium nginx
	E2E_SCREENSHOTS=1 $(BIN)/python -m pytest -n 2 --dist loadgroup -p no:cacheprovider tests/e2e

bench: $(DEV_STAMP) chromium
	$(BIN)/python bench/batch_scoring.py
	$(BIN)/python bench/case_rerun.py
	$(BIN)/python bench/hostile_memory.py
	$(BIN)/python bench/browser_case.py
	$(BIN)/python bench/browser_cohort.py
	$(BIN)/python bench/load_test.py

clean:
	rm -rf $(VENV) artifacts .pytest_cache .ruff_cache .hypothesis .mypy_cache .coverage
