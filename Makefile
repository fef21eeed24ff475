# IRO Diary — the two commands a newcomer needs: `make run` and `make test`.
# Both create .venv when it is missing (Python 3.11 or newer) and install the app into it.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
ifeq ($(OS),Windows_NT)
BIN := $(VENV)/Scripts
endif
SCALE ?= 1

.PHONY: run test bench lint installer clean

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "IRO Diary needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed-app: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test,installer]'
	touch $@ $(VENV)/.installed-app

run: $(VENV)/.installed-app
	$(BIN)/iro-diary

test: $(VENV)/.installed-test
	$(BIN)/python -m pytest

bench: $(VENV)/.installed-test
	$(BIN)/python tests/bench/run.py --scale $(SCALE) --json

lint: $(VENV)/.installed-test
	$(BIN)/ruff check desktop tests installer
	$(BIN)/ruff format --check desktop tests installer
	$(BIN)/mypy

# The installers, into installer/dist/: the one-folder bundle, a .tar.gz, a .deb and an .msi (installer/README.md).
# Installs the Debian tools it needs (wixl, msitools) when they are missing and this runs as root.
installer: $(VENV)/.installed-test
	$(BIN)/python -m installer.build

clean:
	rm -rf $(VENV) build installer/build installer/dist
