# Common commands. `make run` serves a demo district on http://127.0.0.1:$(PORT)/;
# `make test` runs the whole suite on SQLite and then on PostgreSQL.

PORT ?= 8000
VENV ?= .venv
DEMO_COMPANIES ?= 150
PYTEST_ARGS ?=

PY := $(VENV)/bin/python
FILIERA := $(VENV)/bin/filiera
PYTEST := $(PY) -m pytest -n auto $(PYTEST_ARGS)

.DEFAULT_GOAL := help
.PHONY: help venv install install-test compilemessages messages migrate demo run test test-sqlite \
	test-postgres lint bench

help:
	@echo "make run     set up .venv, migrate var/filiera.sqlite3, load the demo district, serve on :$(PORT)"
	@echo "make test    the whole suite on SQLite, then on PostgreSQL (DATABASE_URL or a throwaway server)"
	@echo "make lint    ruff check, ruff format --check, mypy"
	@echo "make bench   every bench/bench_*.py script"
	@echo "make messages  extract the texts into the Italian and English catalogues"

# The virtual environment needs Python >= 3.12 (Django 6.1); scripts/find-python picks one.
$(PY):
	@python="$$(scripts/find-python)" && echo "Creating $(VENV) with $$python" && "$$python" -m venv $(VENV)

venv: $(PY)
	@$(PY) -c 'import sys; sys.exit(sys.version_info < (3, 12))' || { \
		echo "$(VENV) has Python older than 3.12: remove it (rm -rf $(VENV)) and run make again." >&2; \
		exit 1; }

# Stamps: reinstall only when pyproject.toml changes. Dependencies are pinned there.
$(VENV)/.installed: pyproject.toml | venv
	$(PY) -m pip install --quiet -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml | venv
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

# Compile the .po catalogues (the .mo files are not in git); nothing to do before the first .po.
compilemessages: install
	@if find filiera -path '*/LC_MESSAGES/*.po' | grep -q .; then \
		$(PY) manage.py compilemessages -v 0 --ignore '.venv' --ignore 'var' --ignore 'node_modules'; \
	else \
		echo "No .po catalogues yet: nothing to compile."; \
	fi

# Extract the texts (also those marked N_ in the plain-Python engines) into the catalogues.
# English is the source language: its catalogue copies each text. Italian is translated by hand
# in filiera/locale/it/LC_MESSAGES/django.po; tests/test_i18n.py fails while a text lacks it.
EN_PO := filiera/locale/en/LC_MESSAGES/django.po
messages: install
	cd filiera && $(abspath $(PY)) $(abspath manage.py) makemessages -l it -l en --no-obsolete --ignore 'static/*'
	msgattrib --clear-fuzzy --empty $(EN_PO) | msgen - | msgattrib --clear-previous -o $(EN_PO)

migrate: install
	$(PY) manage.py migrate --noinput

# Does nothing (and prints the logins) when the demo district is already there.
demo: migrate
	$(FILIERA) demo --companies $(DEMO_COMPANIES)

run: compilemessages demo
	@echo "Serving on http://127.0.0.1:$(PORT)/ (Ctrl-C to stop)"
	$(FILIERA) runserver 127.0.0.1:$(PORT)

# Both passes run even when the first fails (-k); make fails if either does. pytest's exit
# code 5 (no test collected) is a failure too.
test: install-test compilemessages
	@$(MAKE) --no-print-directory -k test-sqlite test-postgres

test-sqlite: install-test
	@echo "== Test suite on SQLite"
	env -u DATABASE_URL $(PYTEST)

test-postgres: install-test
	@case "$${DATABASE_URL:-}" in \
		postgres://*|postgresql://*|pgsql://*) \
			echo "== Test suite on PostgreSQL at DATABASE_URL"; \
			$(PYTEST) ;; \
		*) \
			echo "== Test suite on PostgreSQL (throwaway server)"; \
			scripts/with-postgres $(PYTEST) ;; \
	esac

lint: install-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy filiera

bench: install
	@for script in bench/bench_*.py; do \
		echo "== $$script"; \
		$(PY) "$$script" || exit 1; \
	done
