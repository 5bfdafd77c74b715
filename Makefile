# OpenAEF: `make run` starts the demo, `make test` runs every test. Both set everything up first.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
UV_VERSION := 0.13.8

.PHONY: run test setup assets messages makemessages lint bench clean

run: setup
	@mkdir -p var
	$(MANAGE) migrate --noinput
	$(MANAGE) load_pack lu
	$(MANAGE) load_demo
	@scripts/run.sh

# Every test on PostgreSQL (production's database), then all but the browser tests on SQLite
# (the embedded database of the demo).
test: setup
	$(BIN)/pytest
	OPENAEF_TEST_DB=sqlite $(BIN)/pytest -q -m "not browser"

setup: $(VENV)/.installed node_modules/.installed assets messages

$(VENV)/.installed: requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	$(BIN)/uv pip sync --quiet --python $(BIN)/python requirements.lock
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e .
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

assets: node_modules/.installed
	npm run --silent build

messages: $(VENV)/.installed
	cd src/openaef && ../../$(BIN)/django-admin compilemessages --ignore=.venv -v 0

# Refresh the catalogues after changing user-facing strings (then translate the new entries).
makemessages: $(VENV)/.installed
	cd src/openaef && ../../$(BIN)/django-admin makemessages -l fr -l de -l en -l lb --no-obsolete --add-location file -v 0
	# English is the source language: its catalogue repeats every source string (fuzzy guesses
	# made by makemessages are emptied first, then every empty entry gets its msgid).
	msgattrib --clear-fuzzy --empty -o src/openaef/locale/en/LC_MESSAGES/django.po src/openaef/locale/en/LC_MESSAGES/django.po
	msgen -o src/openaef/locale/en/LC_MESSAGES/django.po src/openaef/locale/en/LC_MESSAGES/django.po

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Lock the Python dependencies after editing pyproject.toml.
lock: $(VENV)/.installed
	$(BIN)/uv pip compile pyproject.toml --group dev --python-version 3.11 --universal --generate-hashes --quiet -o requirements.lock

bench: setup
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) node_modules src/openaef/static/dist var
