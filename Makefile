# dtbd — two commands for a newcomer: `make run` and `make test`.
SHELL := /bin/sh
PYTHON := $(shell ./scripts/find-python)
UV := $(shell command -v uv 2>/dev/null || echo .tools/bin/uv)
VENV := .venv
BIN := $(VENV)/bin
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
REDIS_TEST_URL ?= redis://127.0.0.1:6379/15
# The tests use Redis as the cache when it answers (each test starts with an empty db), else the
# database cache table.
TEST_REDIS = $$(PYTHON=$(PYTHON) ./scripts/redis-answers && echo REDIS_URL=$(REDIS_TEST_URL))
export UV_PYTHON := $(PYTHON)
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: run test env lint test-sqlite test-postgres clean

$(UV):
	@test -n "$(PYTHON)" || exit 1
	$(PYTHON) -m venv .tools && .tools/bin/pip install --quiet uv

env: $(UV)
	@$(UV) sync --frozen --quiet

# Creates the environment, migrates, loads the demo province once, serves on :8000 with the
# background worker beside the server (stopped when the server stops).
run: env
	DTBD_MODE=demo $(BIN)/dtbd migrate
	DTBD_MODE=demo $(BIN)/dtbd demo --if-empty
	DTBD_MODE=demo ./scripts/with-worker $(BIN)/dtbd serve 127.0.0.1:8000

lint: env
	$(BIN)/ruff check .
	$(BIN)/mypy $(wildcard apps/*/services.py apps/*/services apps/*/selectors.py apps/*/selectors) apps/accounts/access.py apps/accounts/permissions.py
	$(BIN)/python manage.py makemigrations --check --dry-run

test-sqlite: env
	./scripts/ensure-chromium
	env $(TEST_REDIS) DATABASE_URL=sqlite:///var/test.sqlite3 $(BIN)/pytest -p no:cacheprovider

test-postgres: env
	@if PYTHON=$(PYTHON) ./scripts/pg-answers; then \
	  echo "== PostgreSQL ($(PG_URL)) =="; \
	  env $(TEST_REDIS) DATABASE_URL=$(PG_URL) DTBD_DB_POOL_MAX=10 $(BIN)/pytest -p no:cacheprovider; \
	else echo "PostgreSQL không trả lời ở 127.0.0.1:5432: bỏ qua lượt chạy trên PostgreSQL."; fi

# The full suite: lint, SQLite (with browser tests), then PostgreSQL when it answers.
# (PostgreSQL runs with a pool of 10: some tests use several threads, each with its own connection.)
test: lint test-sqlite test-postgres

clean:
	rm -rf $(VENV) .tools var/*.sqlite3*
