# claimtrack: `make demo` and `make test` are all a new machine needs (Python 3.11+).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_DB := $(CURDIR)/reports/demo.db

.PHONY: demo test bench train lock clean

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	$(BIN)/python -m compileall -q claimtrack  # an editable install is not compiled by pip
	touch $(STAMP)

demo: $(STAMP)
	rm -f $(DEMO_DB)
	CLAIMTRACK_DATABASE_URL=sqlite:///$(DEMO_DB) $(BIN)/claimtrack extract seeds/*.txt
	CLAIMTRACK_DATABASE_URL=sqlite:///$(DEMO_DB) $(BIN)/claimtrack claims list
	CLAIMTRACK_DATABASE_URL=sqlite:///$(DEMO_DB) $(BIN)/claimtrack report 1 --format md -o reports/express-tribune-kabul-delegation.md
	CLAIMTRACK_DATABASE_URL=sqlite:///$(DEMO_DB) $(BIN)/claimtrack report 1 --format html -o reports/express-tribune-kabul-delegation.html
	@echo "Reports written under reports/ (the database is $(DEMO_DB))"

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/pytest

BENCHES := rules_throughput review_speed report_speed export_memory llm_one llm_batch match_threshold browse_speed

bench: $(STAMP)
	for name in $(BENCHES); do echo "== bench/$$name.py"; $(BIN)/python bench/$$name.py; done
	$(BIN)/python bench/check_accuracy.py

# The learned cue scorer's weights (claimtrack/rules/cue_model.*) from ../shared/data: a few
# minutes, deterministic (fixed seed), never run in CI. FOLDS=5 also prints the cross-validated F1.
FOLDS ?= 0
DATA ?= ../shared/data
train: $(STAMP)
	$(BIN)/python bench/train_cues.py --folds $(FOLDS) $(DATA)/polnear-train.jsonl

lock:
	uv pip compile --python 3.11 --generate-hashes --extra dev --extra browse pyproject.toml build-requirements.in \
		-P litellm==1.110.2 -o requirements.lock --no-header

clean:
	rm -rf $(VENV) reports/demo.db
