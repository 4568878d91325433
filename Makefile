# Two entry points (README): `make run` starts the app, `make test` runs every check.
# Both create .venv and install the pinned requirements on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
REQ_HASH := $(shell sha1sum requirements.txt | cut -c1-12)
STAMP := $(VENV)/.installed-$(REQ_HASH)
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test lint unit e2e bench chromium clean

$(STAMP): requirements.txt
	@# Debian's system Python needs python3-venv for `-m venv`; install it only if missing.
	$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV) && $(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq python3-venv && \
		$(PYTHON) -m venv $(VENV); }
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	rm -f $(VENV)/.installed-*
	touch $@

# Browser tests drive Debian's Chromium (Playwright cannot download its own here).
chromium:
	@test -x /usr/bin/chromium || { $(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium >/dev/null; }

run: $(STAMP)
	$(BIN)/streamlit run app.py

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: $(STAMP) chromium lint
	$(BIN)/python -m pytest -n 2 -p no:cacheprovider tests

unit: $(STAMP)
	$(BIN)/python -m pytest -n 2 tests --ignore=tests/e2e

bench: $(STAMP) chromium
	$(BIN)/python bench/batch_scoring.py
	$(BIN)/python bench/case_rerun.py
	$(BIN)/python bench/load_test.py

clean:
	rm -rf $(VENV) artifacts .pytest_cache .ruff_cache .hypothesis
