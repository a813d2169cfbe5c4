# The two commands of the README: `make run` and `make test`. Both set up everything they need.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
CHROMIUM := /usr/bin/chromium

.PHONY: run test lint format system-deps clean

$(STAMP): pyproject.toml
	@command -v uv >/dev/null 2>&1 || python3 -m pip install --quiet uv
	uv venv --quiet --allow-existing --python python3 $(VENV)
	uv pip install --quiet --python $(PY) -e '.[test]'
	@touch $(STAMP)

# Debian packages the tests need: Chromium (browser tests), PostgreSQL (store tests run on it too).
system-deps:
	@missing=""; \
	[ -x $(CHROMIUM) ] || missing="$$missing chromium"; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$$missing postgresql"; \
	if [ -n "$$missing" ]; then \
		echo "installing Debian packages:$$missing"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null; \
	fi

# The demo lives in its own registry, data/demo, so its users (one published password) and farms
# never land in a real one. With VEEKOMPAS_DATA_DIR or VEEKOMPAS_DATABASE_URL set, that registry
# is used; `demo load` refuses it (exit 2, nothing written) when it holds data not the demo's.
DEMO_DATA_DIR := data/demo
# `make run PORT=8080 HOST=0.0.0.0` passes them to `veekompas serve` (else VEEKOMPAS_PORT/_HOST).
SERVE_ARGS := $(if $(PORT),--port $(PORT)) $(if $(HOST),--host $(HOST))

run: $(STAMP)
	@if [ -z "$${VEEKOMPAS_DATA_DIR}$${VEEKOMPAS_DATABASE_URL}" ]; then \
		export VEEKOMPAS_DATA_DIR=$(DEMO_DATA_DIR); \
		echo "demoregister in $(DEMO_DATA_DIR) (kies een ander met VEEKOMPAS_DATA_DIR)"; \
	fi; \
	$(VENV)/bin/veekompas demo load --if-empty --users && exec $(VENV)/bin/veekompas serve $(SERVE_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff format --check src tests benchmarks
	$(VENV)/bin/ruff check src tests benchmarks

format: $(STAMP)
	$(VENV)/bin/ruff format src tests benchmarks
	$(VENV)/bin/ruff check --fix src tests benchmarks

test: $(STAMP) system-deps lint
	$(VENV)/bin/pytest

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache test-output
