# Every target creates .venv and installs the course into it when needed; a second run with
# an unchanged pyproject.toml installs nothing.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(CURDIR)/$(VENV)/bin
STAMP := $(VENV)/.installed
# nbgrader calls tools such as alembic by name, so the venv's bin/ comes first on PATH.
export PATH := $(BIN):$(PATH)

.PHONY: install lab test notebooks release grade grade-demo bench clean

install: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 10))' || \
		{ echo "The course needs Python 3.10 or newer; $(PYTHON) is older." >&2; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	$(BIN)/python -m course_lib.lab_settings
	@touch $@

## lab: open JupyterLab on the first notebook (127.0.0.1; Jupyter's random token is required)
lab: install
	jupyter lab --ServerApp.ip=127.0.0.1 --ServerApp.root_dir="$(CURDIR)" \
		--LabApp.default_url=/lab/tree/notebooks/00_start_here.ipynb \
		$$([ "$$(id -u)" = 0 ] && echo --allow-root)

## test: every test: unit, content, nbval on notebooks/
test: install
	python -m pytest

## notebooks: re-execute every notebook headlessly to refresh the committed outputs
notebooks: install
	FBSS_PROGRESS_FILE="$$(mktemp -d)/progress.json" jupyter nbconvert --to notebook \
		--execute --inplace --ExecutePreprocessor.timeout=300 \
		--ExecutePreprocessor.record_timing=False notebooks/*.ipynb

## release: generate the students' version of every assignment into assignments/release/
release: install
	cd assignments && for a in $$(ls source); do \
		nbgrader generate_assignment "$$a" --force || exit 1; done

## grade: autograde every submitted student of ASSIGNMENT in parallel (JOBS workers, default one per core; FORCE=1 regrades all)
grade: install
	@test -n "$(ASSIGNMENT)" || { echo "usage: make grade ASSIGNMENT=<name> [JOBS=<n>] [FORCE=1]" >&2; exit 2; }
	cd assignments && python -m course_lib.grading.autograde "$(ASSIGNMENT)" \
		$(if $(JOBS),--jobs=$(JOBS)) $(if $(FORCE),--force)

## grade-demo: the instructor pipeline on a throwaway copy with demo submissions (reports/grade-demo/)
grade-demo: install
	python -m course_lib.grading.demo reports/grade-demo

## bench: measure notebook run time and widget interaction time; writes reports/bench.md
bench: install
	python tests/benchmark.py reports/bench.md

clean:
	rm -rf $(VENV) reports screenshots
