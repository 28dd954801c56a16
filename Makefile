# ringfence developer entry points. Every target installs what it needs first.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_DIR ?= demo-run
PYTEST_ARGS ?=
# The three test targets' one command. worksteal: an idle worker takes queued tests from the other, so a few
# long tests (the slow set's Kafka group test, Spark's edge cases, a blind world's first test) do not leave
# one worker idle at the end.
PYTEST := $(BIN)/python -m pytest -q -n 2 --dist worksteal

.PHONY: install demo demo-stop test test-slow test-all lint format bench translations clean help

help: ## list targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

install: $(STAMP) ## create .venv with ringfence and the dev tools (idempotent)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

demo: install ## simulate traffic, validate, detect, and leave the console running at http://127.0.0.1:8000
	$(BIN)/ringfence demo --out $(DEMO_DIR)

demo-stop: ## stop the console server the demo left running
	RINGFENCE_DATA_DIR=$(DEMO_DIR)/platform $(BIN)/ringfence serve --stop

test: install ## the default test suite: every test but those marked slow (8-9 minutes on 2 cores)
	$(PYTEST) -m "not slow" $(PYTEST_ARGS)

test-slow: install ## the tests marked slow (Spark, the Kafka wire, the blind worlds, PostgreSQL's route sweep): CI runs them after make test
	$(PYTEST) -m slow $(PYTEST_ARGS)

test-all: install ## every test in one run (make test and make test-slow together)
	$(PYTEST) $(PYTEST_ARGS)

lint: install ## ruff + mypy --strict
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts
	$(BIN)/mypy

format: install ## apply ruff formatting and autofixes
	$(BIN)/ruff format src tests benchmarks scripts
	$(BIN)/ruff check --fix src tests benchmarks scripts

bench: install ## run every benchmark and print ratios against in-process baselines
	$(BIN)/python -m benchmarks.run

translations: install ## re-extract the console's messages and merge them into the zh_CN and en catalogues
	$(BIN)/pybabel extract -F babel.cfg -k _n:1c,2 --no-location --sort-output -w 110 --project ringfence \
		-o src/ringfence/console/locale/messages.pot .
	$(BIN)/pybabel update -i src/ringfence/console/locale/messages.pot -d src/ringfence/console/locale \
		--no-fuzzy-matching -w 110 --ignore-obsolete

clean: ## remove the virtualenv and run outputs
	-test -x $(BIN)/ringfence && RINGFENCE_DATA_DIR=$(DEMO_DIR)/platform $(BIN)/ringfence serve --stop
	rm -rf $(VENV) $(DEMO_DIR) .mypy_cache .pytest_cache .ruff_cache
