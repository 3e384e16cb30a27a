# The two commands of the README: `make lab` and `make test`. Everything runs inside .venv, which is made
# on first use from whatever `python3` (3.10 or newer) is on the PATH.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip
# Jupyter refuses to run as root unless told; containers and CI machines often are root.
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root,)

.PHONY: lab trainer demo test lint format install install-test clean help

help:
	@echo "make lab     install into $(VENV) and open JupyterLab on courses/"
	@echo "make trainer install into $(VENV) and open JupyterLab on assessments/, with nbgrader's formgrader"
	@echo "make demo    install into $(VENV) and run the trainer's pipeline on a fictional cohort (build/demo/)"
	@echo "make test    install into $(VENV) with the test extra and run the whole suite"
	@echo "make lint    ruff check and ruff format --check"
	@echo "make format  apply ruff's formatting and safe fixes"
	@echo "make clean   remove $(VENV) and caches"

$(BIN)/python:
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 10), "MTP Kit needs Python 3.10 or newer, found " + sys.version.split()[0]'
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

# Stamp files: reinstall only when pyproject.toml changes (the package itself is installed editable).
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(PIP) install --quiet -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(PIP) install --quiet -e '.[test]'
	@touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

lab: $(VENV)/.installed
	JUPYTER_CONFIG_PATH="$(CURDIR)/deploy/self-study$${JUPYTER_CONFIG_PATH:+:$$JUPYTER_CONFIG_PATH}" \
		$(BIN)/jupyter lab --config=deploy/jupyter_lab_config.py --ServerApp.root_dir=courses \
		--LabApp.default_url=/lab/tree/index.ipynb $(ALLOW_ROOT) $(LAB_ARGS)

# For trainers: JupyterLab on the course directory, with nbgrader's formgrader for manual grading.
trainer: $(VENV)/.installed
	cd assessments && "$(abspath $(BIN))/jupyter" lab --config=../deploy/jupyter_lab_config.py \
		--LabApp.default_url=/formgrader $(ALLOW_ROOT) $(LAB_ARGS)

# The trainer's pipeline, headless: generate, simulate and grade submissions, import evidence, write reports.
demo: $(VENV)/.installed
	$(BIN)/python scripts/demo

test: $(VENV)/.installed-test
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis build *.egg-info
