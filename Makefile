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

# Database migrations, demo data when the database is empty, the search index when missing.
prepare: translations
	$(FLASK) db upgrade
	$(FLASK) seed --if-empty
	$(FLASK) search reindex --if-missing
	$(FLASK) search sync

# The access log leaves out query strings and addresses: searches can say a lot about a
# person ("debt", a home postcode), and nothing personal goes into our logs.
run: prepare
	@echo "Serving on http://127.0.0.1:$(PORT)"
	$(VENV)/bin/gunicorn --bind 127.0.0.1:$(PORT) --workers 2 --access-logfile - \
		--access-logformat '%(t)s "%(m)s %(U)s" %(s)s %(b)s %(M)sms' wsgi:app

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

test: translations lint
	$(VENV)/bin/pytest

benchmark: install
	$(PY) benchmarks/search.py

clean:
	rm -rf $(VENV) instance .pytest_cache .ruff_cache
