# After-Sales Lessons. The two commands a newcomer needs:
#   make lab    set everything up and open the lessons in JupyterLab
#   make test   set everything up (test tools too) and run every test layer
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8888

.PHONY: lab test setup test-unit test-notebooks test-browser check-content clean-notebooks bench clean

# JUPYTER_CONFIG_PATH adds jupyter-config/: its labconfig/default_setting_overrides.json switches off
# JupyterLab's "official Jupyter news?" toast (Binder copies the same file in postBuild; the browser tests use it too).
lab: $(VENV)/.installed
	@tools/system-deps.sh dot
	JUPYTER_CONFIG_PATH="$(CURDIR)/jupyter-config$${JUPYTER_CONFIG_PATH:+:$$JUPYTER_CONFIG_PATH}" $(BIN)/jupyter lab --port=$(PORT) $$([ "$$(id -u)" = 0 ] && echo --allow-root) lessons/00-start-here.ipynb

test: $(VENV)/.installed-test
	@tools/system-deps.sh dot --require
	@tools/system-deps.sh chromium
	$(MAKE) --no-print-directory test-unit test-notebooks test-browser

setup: $(VENV)/.installed

test-unit: $(VENV)/.installed-test
	$(BIN)/python -m pytest tests/unit

test-notebooks: $(VENV)/.installed-test
	$(BIN)/python -m pytest --nbval-lax --nbval-sanitize-with tests/nbval-sanitize.cfg lessons

test-browser: $(VENV)/.installed-test
	$(BIN)/python -m pytest tests/browser

check-content: $(VENV)/.installed
	@$(BIN)/python -m widgets.check_content

# Strip outputs from lesson notebooks (the test layer refuses notebooks with stale outputs).
clean-notebooks: $(VENV)/.installed-test
	$(BIN)/python tools/notebooks.py strip lessons/*.ipynb

bench: $(VENV)/.installed-test
	@for script in benchmarks/*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

$(BIN)/python:
	@$(PYTHON) -m venv $(VENV) 2>/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null && $(PYTHON) -m venv $(VENV); \
	  else echo "Python's venv module is missing: install it (Debian: sudo apt install python3-venv) and run make again." >&2; exit 1; fi; }

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[test]"
	@touch $@

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis .test-artifacts
