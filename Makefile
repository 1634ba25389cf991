# saga_cms: `make run` to try it, `make test` to test it. Both set themselves up.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-browser setup lint format check messages vendor clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

setup: $(VENV)/.installed
	$(PY) manage.py migrate --no-input
	$(PY) manage.py createcachetable
	$(PY) manage.py load_fixtures
	$(PY) manage.py create_editor

# The site and, beside it, the background worker (large bulk actions of the admin run there);
# Ctrl-C or the end of runserver stops the worker too.
run: setup
	@echo "saga_cms: http://$(HOST):$(PORT)/  (admin: http://$(HOST):$(PORT)/admin/)"
	@$(PY) manage.py run_jobs -v 0 & worker=$$!; \
	trap 'kill -TERM $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	$(PY) manage.py runserver $(HOST):$(PORT)

test: $(VENV)/.installed
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: $(VENV)/.installed
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

check: $(VENV)/.installed
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run
	DJANGO_DEBUG=false DJANGO_SECRET_KEY=$$(openssl rand -hex 32) DJANGO_ALLOWED_HOSTS=example.org \
		$(PY) manage.py check --deploy --fail-level WARNING

# Regenerate the interface catalogues after changing strings (needs gettext): collect the
# strings, fill the Japanese ones from locale/ja-*.json, compile. `make messages` prints
# what is still untranslated.
messages: $(VENV)/.installed
	$(PY) manage.py makemessages --all --no-obsolete --ignore '.venv/*' --ignore 'bench/*' --ignore 'tests/*'
	$(PY) locale/fill_po.py locale/ja/LC_MESSAGES/django.po locale/ja-*.json
	$(PY) manage.py compilemessages --ignore '.venv/*'

# TimelineJS is served from the site's own static files: the pinned package's dist/ (see
# package.json) is copied to events/static/vendor/timelinejs and committed, so the site never
# needs npm. After changing the pin: `make vendor`, then commit the folder.
TIMELINEJS_DIST := node_modules/@knight-lab/timelinejs
TIMELINEJS_VENDOR := events/static/vendor/timelinejs
vendor:
	npm ci --ignore-scripts --no-audit --no-fund
	rm -rf $(TIMELINEJS_VENDOR)
	mkdir -p $(TIMELINEJS_VENDOR)/js/locale $(TIMELINEJS_VENDOR)/css/icons
	cp $(TIMELINEJS_DIST)/LICENSE $(TIMELINEJS_DIST)/package.json $(TIMELINEJS_VENDOR)/
	cp $(TIMELINEJS_DIST)/dist/js/timeline.js $(TIMELINEJS_DIST)/dist/js/timeline.js.map \
		$(TIMELINEJS_DIST)/dist/js/timeline.js.LICENSE.txt $(TIMELINEJS_VENDOR)/js/
	cp $(TIMELINEJS_DIST)/dist/js/locale/en.json $(TIMELINEJS_DIST)/dist/js/locale/ja.json $(TIMELINEJS_VENDOR)/js/locale/
	cp $(TIMELINEJS_DIST)/dist/css/timeline.css $(TIMELINEJS_DIST)/dist/css/timeline.css.map $(TIMELINEJS_VENDOR)/css/
	cp $(TIMELINEJS_DIST)/dist/css/icons/* $(TIMELINEJS_VENDOR)/css/icons/

# The browser tests (tests/browser): the real TimelineJS in headless Chromium (Debian's
# chromium package). SAGA_REQUIRE_BROWSER=1 makes a missing Chromium fail instead of skip.
test-browser: $(VENV)/.installed
	$(PY) -m pytest -m browser tests/browser $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
