# After-Sales Lessons. The commands a newcomer needs:
#   make lab    set everything up and open the lessons in JupyterLab
#   make app    the same lessons as an app without code (Voilà), for learners at home
#   make test   set everything up (test tools too) and run every test layer
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8888
# Exact, hashed versions of everything make and CI install (generated from pyproject.toml by uv).
LOCK := requirements/lock.txt
PIP := $(BIN)/python -m pip --disable-pip-version-check

.PHONY: lab app test setup lint test-unit test-install test-notebooks test-browser test-hub check-content rolecards worksheets moodle clean-notebooks bench lock clean

# `make lab` and `make app` run the pack's command (widgets/cli.py: `after-sales lab`, `after-sales app`),
# which puts jupyter-config/ on JUPYTER_CONFIG_PATH and JUPYTER_PATH: its labconfig/default_setting_overrides.json
# switches off JupyterLab's "official Jupyter news?" toast and gives RISE slides a theme with no web fonts
# (Binder copies the same file in postBuild; the browser tests use it too), and Voilà finds its template
# there, so JupyterLab's Voilà preview shows a lesson as `make app` does.
lab: $(VENV)/.installed
	@tools/system-deps.sh dot
	$(BIN)/after-sales lab --port=$(PORT)

# The lessons as an app (Voilà): no code cells or notebook menus, the activities live, links between
# lessons work, progress saved as in JupyterLab. jupyter-config/ is on JUPYTER_CONFIG_PATH (voila.py: the
# "needs JupyterLab" notes and the template) and on JUPYTER_PATH (where Voilà finds that template, which
# loads nothing from the internet). JupyterLab runs on the same server, for the notes' links.
# Voilà 0.5 asks the server to stop a page's kernel when the page closes, and the server refuses
# (403, no _xsrf), so kernels that nobody is connected to are stopped after 10 idle minutes instead.
app: $(VENV)/.installed
	@tools/system-deps.sh dot
	$(BIN)/after-sales app --port=$(PORT)

test: $(VENV)/.installed-test
	@tools/system-deps.sh dot --require
	@tools/system-deps.sh chromium
	$(MAKE) --no-print-directory lint test-unit test-install test-notebooks test-browser test-hub

setup: $(VENV)/.installed

# Lint: ruff (rules in pyproject.toml) and lesson notebooks committed without stale outputs.
lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python tools/notebooks.py check lessons/*.ipynb

test-unit: $(VENV)/.installed-test
	$(BIN)/python -m pytest tests/unit

# A learner's `pip install .` into a venv that already holds the OLDEST versions pyproject.toml
# allows: pip must change none of them; then import the package and build every kind of
# activity, without a kernel (tests/install_smoke.py).
# (setuptools leaves build/lib in the checkout; a stale one would ship deleted modules, so it goes.)
INSTALL_DIR := .test-artifacts/install
test-install: $(VENV)/.installed-test
	@if ! $(BIN)/python -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then \
	  echo "test-install: skipped, the oldest versions are checked on Python 3.11 (the oldest supported)"; exit 0; fi; \
	set -e; rm -rf $(INSTALL_DIR); mkdir -p $(INSTALL_DIR); \
	$(BIN)/uv pip compile --quiet --resolution lowest-direct --only-binary :all: --python $(BIN)/python \
	  pyproject.toml -o $(INSTALL_DIR)/oldest.txt; \
	$(BIN)/uv venv --quiet --seed --python $(BIN)/python $(INSTALL_DIR)/venv; \
	$(BIN)/uv pip install --quiet --python $(INSTALL_DIR)/venv/bin/python -r $(INSTALL_DIR)/oldest.txt; \
	$(BIN)/uv pip freeze --quiet --python $(INSTALL_DIR)/venv/bin/python | grep -v '^after-sales-lessons' > $(INSTALL_DIR)/before.txt; \
	rm -rf build; $(INSTALL_DIR)/venv/bin/python -m pip install --disable-pip-version-check . > $(INSTALL_DIR)/pip.log 2>&1 \
	  || { cat $(INSTALL_DIR)/pip.log; exit 1; }; rm -rf build; \
	$(BIN)/uv pip freeze --quiet --python $(INSTALL_DIR)/venv/bin/python | grep -v '^after-sales-lessons' > $(INSTALL_DIR)/after.txt; \
	if ! diff $(INSTALL_DIR)/before.txt $(INSTALL_DIR)/after.txt; then \
	  echo "FAIL: pip install . changed packages that already met pyproject's ranges (diff above)"; exit 1; fi; \
	echo "pip install . left the $$(wc -l < $(INSTALL_DIR)/before.txt) installed packages as they were"; \
	cd $(INSTALL_DIR) && AFTER_SALES_DATA_DIR="$(CURDIR)/data" AFTER_SALES_PROGRESS="$(CURDIR)/$(INSTALL_DIR)/progress.json" \
	  venv/bin/python "$(CURDIR)/tests/install_smoke.py" "$(CURDIR)"

test-notebooks: $(VENV)/.installed-test
	$(BIN)/python -m pytest --nbval-lax --nbval-sanitize-with tests/nbval-sanitize.cfg lessons

test-browser: $(VENV)/.installed-test
	$(BIN)/python -m pytest tests/browser

# Two learners on a real local JupyterHub: each sees only their own progress.
test-hub: $(VENV)/.installed-test
	$(BIN)/python -m pytest tests/hub

# The tutor's commands: each target runs the pack's command (`after-sales ...`, widgets/cli.py), so they
# behave the same with or without make.
check-content: $(VENV)/.installed
	@$(BIN)/after-sales check

# Printable role cards (customer, adviser, observer) for every scenario: open build/rolecards/index.html.
ROLECARDS ?= build/rolecards
rolecards: $(VENV)/.installed
	@$(BIN)/after-sales rolecards $(ROLECARDS)

# Printable worksheets and tutor answer sheets for every lesson: open build/worksheets/index.html.
# (LESSON=05 for one lesson.) Moodle XML of every activity for a question bank: build/moodle/after-sales.xml.
WORKSHEETS ?= build/worksheets
MOODLE ?= build/moodle/after-sales.xml
worksheets: $(VENV)/.installed
	@$(BIN)/after-sales worksheets $(WORKSHEETS) $(if $(LESSON),--lesson $(LESSON))

moodle: $(VENV)/.installed
	@$(BIN)/after-sales moodle $(MOODLE) $(if $(LESSON),--lesson $(LESSON))

# Strip outputs from lesson notebooks (the test layer refuses notebooks with stale outputs).
clean-notebooks: $(VENV)/.installed-test
	$(BIN)/python tools/notebooks.py strip lessons/*.ipynb

bench: $(VENV)/.installed-test
	@tools/system-deps.sh dot --require
	@tools/system-deps.sh chromium
	@for script in benchmarks/bench_*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

$(BIN)/python:
	@$(PYTHON) -m venv $(VENV) 2>/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null && $(PYTHON) -m venv $(VENV); \
	  else echo "Python's venv module is missing: install it (Debian: sudo apt install python3-venv) and run make again." >&2; exit 1; fi; }

# One lock for lab, test and dev: every package at the exact version and hash in $(LOCK), then
# this repository itself without letting pip resolve anything else.
$(VENV)/.installed: pyproject.toml $(LOCK) | $(BIN)/python
	$(PIP) install --quiet --require-hashes -r $(LOCK)
	$(PIP) install --quiet --no-deps -e .
	@touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	@touch $@

# Refresh the lock after editing pyproject.toml's dependencies (keeps every other pin);
# `make lock UPGRADE=1` moves every package to its newest release within the ranges.
lock: $(VENV)/.installed
	$(BIN)/uv pip compile --quiet --universal --python-version 3.11 --generate-hashes \
	  --extra lab --extra test --extra dev $(if $(UPGRADE),--upgrade) pyproject.toml -o $(LOCK)

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis .test-artifacts
