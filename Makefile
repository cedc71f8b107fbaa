# Every target creates .venv and installs the project when missing, so a fresh clone needs only these.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
export PREFECT_SERVER_ANALYTICS_ENABLED := false

.PHONY: install demo test lint eval bench clean browser

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

demo: install
	$(BIN)/escmon run
	$(BIN)/escmon sql "SELECT day, items, escalation_signals, deescalation_signals, escalation_index FROM daily_escalation_index ORDER BY day DESC LIMIT 7"
	$(BIN)/escmon alerts

lint: install
	$(BIN)/ruff check .

# The report test renders the page in headless Chromium (Debian's package), installed here when missing.
browser:
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; } || \
		echo "chromium not installed: the browser test will be skipped"

test: lint browser
	$(BIN)/python -m pytest -q

eval: install
	$(BIN)/python benchmarks/eval_classifier.py

bench: install
	@for b in benchmarks/bench_*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

clean:
	rm -rf data .pytest_cache .ruff_cache
