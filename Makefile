# cesp — two commands on a fresh machine: `make demo` and `make test`.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
PG_URL ?= postgres://postgres@127.0.0.1:5432/cesp
PYTEST_ARGS ?=

.PHONY: install demo test test-sqlite test-postgres test-any-day bench lint format chromium faketime postgres pdf-libs audit

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $@

install: $(VENV)/.installed

demo: install pdf-libs
	PORT=$(PORT) $(VENV)/bin/cesp demo

# What WeasyPrint (documents rendered to PDF) needs from Debian 12: Pango, HarfBuzz's subsetter
# and fonts. Installed only when one is missing (as root).
PDF_DEBS := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig fonts-dejavu-core fonts-liberation
pdf-libs:
	@dpkg-query -W -f='$${Status}\n' $(PDF_DEBS) 2>/dev/null | grep -c '^install ok installed$$' | grep -qx $(words $(PDF_DEBS)) || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(PDF_DEBS) >/dev/null)

chromium:
	@command -v chromium >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null)

# libfaketime (Debian), for `make test-any-day`.
faketime:
	@command -v faketime >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq faketime >/dev/null)

postgres:
	@pg_isready -q -h 127.0.0.1 -p 5432 || (pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql | head -1) main start && sleep 2)

# ruff, then the layers of docs/architecture.md (import-linter: layers, pure rules, no cycles).
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# The whole suite, on SQLite then on PostgreSQL.
test: install chromium faketime pdf-libs lint test-sqlite test-postgres

test-sqlite: install
	DATABASE_URL=sqlite:///$(CURDIR)/.test.sqlite3 $(VENV)/bin/pytest -n 2 $(PYTEST_ARGS)

test-postgres: install postgres
	DATABASE_URL=$(PG_URL) $(VENV)/bin/pytest -n 2 $(PYTEST_ARGS)

# The SQLite suite with the clock moved (libfaketime) to DAY=YYYY-MM-DD, by default a day drawn
# uniformly between 2027-01-01 and 2035-12-31: a test that reads today without freezing it fails
# here. The browser tests run too (Chromium inherits the moved clock).
test-any-day: install chromium faketime pdf-libs
	@day="$${DAY:-$$($(PY) -c 'import datetime as d, random; a = d.date(2027, 1, 1); print(a + d.timedelta(random.randint(0, (d.date(2035, 12, 31) - a).days)))')}"; \
	echo "Suite rerun with the clock at $$day (reproduce: make test-any-day DAY=$$day)"; \
	DATABASE_URL=sqlite:///$(CURDIR)/.test.sqlite3 faketime "$$day 10:00:00" $(VENV)/bin/pytest -n 2 $(PYTEST_ARGS); \
	status=$$?; echo "Suite rerun with the clock at $$day: $$([ $$status = 0 ] && echo passed || echo FAILED)"; exit $$status

bench: install
	$(PY) -m pip install -q -e '.[dev,bench]'
	$(PY) bench/run.py

# Known vulnerabilities in the pinned dependencies (needs the network: not in `make test`).
# --strict: a package that cannot be audited (vulnerability source unreachable) is a
# failure, not a silent success. docs/deploy.md says when a deployment runs it.
AUDIT_REQS ?= $(VENV)/audit-requirements.txt
audit: install
	$(PY) -c 'import tomllib; p = tomllib.load(open("pyproject.toml", "rb"))["project"]; print("\n".join(p["dependencies"] + p["optional-dependencies"]["dev"]))' > $(AUDIT_REQS)
	@$(VENV)/bin/pip-audit --strict --progress-spinner off --no-deps --disable-pip -r $(AUDIT_REQS) \
	  && $(VENV)/bin/pip-audit --strict --progress-spinner off --skip-editable \
	  || { echo "make audit: FAILED: a known vulnerability, or a dependency that could not be audited (is the vulnerability source reachable?)" >&2; exit 1; }
