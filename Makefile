# The two commands of README.md. Each creates .venv with python3 if it is missing and installs the
# project into it (again whenever pyproject.toml changes).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: check test bench clean

check: $(STAMP)  ## the main job: check every claim (quick tier), write report, figures, results
	$(BIN)/testbed check --tier quick --out paper

test: $(STAMP)  ## the test suite, on one worker per core (pytest-xdist)
	$(BIN)/python -m pytest -n auto --dist loadgroup

bench: $(STAMP)  ## simulator throughput beside Vowpal Wabbit and scikit-activeml (not part of the tests)
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python benchmarks/bench_bandits.py
	$(BIN)/python benchmarks/bench_active.py
	$(BIN)/python benchmarks/bench_selection.py

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit("Python >= 3.11 is needed, found " + sys.version.split()[0] if sys.version_info < (3, 11) else 0)'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

clean:
	rm -rf $(VENV) paper/results .pytest_cache
