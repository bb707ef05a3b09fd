# The vocabulary of the project. Every target sets up what it needs first.
PY      := .venv/bin/python
STAMP   := .venv/.installed
ZSTAMP  := .venv/.zensical-installed
# The engine that renders the site: mkdocs (Material, the default) or zensical (site-zensical/, issue 20).
ENGINE  ?= mkdocs
SUFFIX  := $(if $(filter zensical,$(ENGINE)),-zensical)
ifeq ($(filter $(ENGINE),mkdocs zensical),)
$(error ENGINE=$(ENGINE): use ENGINE=mkdocs (the default) or ENGINE=zensical)
endif
export NO_MKDOCS_2_WARNING := 1

.PHONY: venv zensical browser office serve build offline check test test-fast lint bench clean

$(STAMP): requirements.txt
	python3 -m venv .venv
	.venv/bin/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $(STAMP)

venv: $(STAMP)

# Zensical only when asked for (ENGINE=zensical, and `make test`, which tests both engines).
$(ZSTAMP): requirements-zensical.txt $(STAMP)
	@.venv/bin/pip install --quiet --disable-pip-version-check -r requirements-zensical.txt || { \
	  echo "Zensical could not be installed (pip install -r requirements-zensical.txt failed, see above)." >&2; \
	  echo "The default engine needs none of it: make build / make serve build with MkDocs Material." >&2; exit 1; }
	touch $(ZSTAMP)

zensical: $(ZSTAMP)

browser:
	@bash scripts/ensure_chromium.sh

# LibreOffice, headless: tests/test_formula_office.py opens the published CSV and XLSX files in it.
office:
	@bash scripts/ensure_office.sh

serve: venv $(if $(SUFFIX),zensical)
ifeq ($(ENGINE),zensical)
	$(PY) -m genhe_plan serve-zensical --dev-addr 127.0.0.1:8000
else
	$(PY) -m mkdocs serve --dev-addr 127.0.0.1:8000
endif

build: venv $(if $(SUFFIX),zensical)
	$(PY) -m genhe_plan build --engine $(ENGINE) --site-dir site$(SUFFIX)

offline: venv $(if $(SUFFIX),zensical)
	$(PY) -m genhe_plan build --engine $(ENGINE) --offline --site-dir site$(SUFFIX)-offline

check: venv
	$(PY) -m genhe_plan check

lint: venv
	$(PY) -m ruff check genhe_plan scripts tests bench overrides/hooks
	$(PY) -m ruff format --check genhe_plan scripts tests bench overrides/hooks

test: venv zensical browser office
	$(PY) -m pytest -q tests

# No browser, no site build: the tests marked `browser`/`build` (from their fixtures, tests/conftest.py) are left out;
# the rest runs on every core (pytest-xdist).
test-fast: venv
	$(PY) -m pytest -q -n auto -m "not browser and not build and not slow" tests

bench: venv browser
	$(PY) bench/run.py

clean:
	rm -rf site site-offline site-zensical site-zensical-offline build .pytest_cache
