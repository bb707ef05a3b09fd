# The vocabulary of the project. Every target sets up what it needs first.
PY      := .venv/bin/python
STAMP   := .venv/.installed
export NO_MKDOCS_2_WARNING := 1
# The data date (states of deadlines, calendar stamp): the time of the last commit that changed plan_data/,
# so a build is reproducible and dated by its data; 2022-08-01 (the plan's publication) outside a git checkout.
export SOURCE_DATE_EPOCH   ?= $(shell git log -1 --format=%ct -- plan_data 2>/dev/null | grep . || echo 1659312000)

.PHONY: venv browser serve build offline check test test-fast lint bench clean

$(STAMP): requirements.txt
	python3 -m venv .venv
	.venv/bin/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $(STAMP)

venv: $(STAMP)

browser:
	@bash scripts/ensure_chromium.sh

serve: venv
	$(PY) -m mkdocs serve --dev-addr 127.0.0.1:8000

build: venv
	$(PY) -m genhe_plan build --site-dir site

offline: venv
	$(PY) -m genhe_plan build --offline --site-dir site-offline

check: venv
	$(PY) -m genhe_plan check

lint: venv
	$(PY) -m ruff check genhe_plan scripts tests bench overrides/hooks
	$(PY) -m ruff format --check genhe_plan scripts tests bench overrides/hooks

test: venv browser
	$(PY) -m pytest -q tests

# No browser, no site build: the tests marked `browser`/`build` (from their fixtures, tests/conftest.py) are left out;
# the rest runs on every core (pytest-xdist).
test-fast: venv
	$(PY) -m pytest -q -n auto -m "not browser and not build" tests

bench: venv browser
	$(PY) bench/run.py

clean:
	rm -rf site site-offline .pytest_cache
