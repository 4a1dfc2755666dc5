# Two commands matter: `make run` and `make test` (see README.md).
VENV ?= .venv
PYTHON ?= python3
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app wsgi
PORT ?= 5000

.PHONY: run test install translations prepare lint format benchmark clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

translations: install
	$(FLASK) translate compile

# Database migrations, demo data when the database is empty (listings, then a year of
# fictional casework for the inbox and reports), the search index when missing.
prepare: translations
	$(FLASK) db upgrade
	$(FLASK) seed --if-empty
	$(FLASK) seed casework --if-empty
	$(FLASK) search reindex --if-stale
	$(FLASK) search sync

# The mail worker sends queued email beside gunicorn (web workers never wait for a mail
# server) and stops with it. gunicorn.conf.py keeps query strings, client addresses and
# emailed links' tokens out of the access log.
run: prepare
	@echo "Serving on http://127.0.0.1:$(PORT)"
	@$(FLASK) mail worker & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
		PORT=$(PORT) $(VENV)/bin/gunicorn --config gunicorn.conf.py wsgi:app

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# axe-core for the browser tests' accessibility checks, from the npm registry (package-lock.json).
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

# One test process per core (pytest-xdist); each file's tests stay on one process, so its
# module fixtures are built once. TEST_WORKERS=0 runs everything in this process. The 25
# slowest steps are listed at the end, so a CI log says where its minutes went.
TEST_WORKERS ?= auto
test: translations lint node_modules/.installed
	$(VENV)/bin/pytest -n $(TEST_WORKERS) --dist loadfile --durations=25

benchmark: install
	$(PY) benchmarks/relevance.py
	$(PY) benchmarks/search.py

clean:
	rm -rf $(VENV) instance .pytest_cache .ruff_cache
