# Every target creates .venv and installs the course into it when needed; a second run with
# an unchanged pyproject.toml installs nothing.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(CURDIR)/$(VENV)/bin
STAMP := $(VENV)/.installed
SITE_JS := site/node_modules/.installed
# nbgrader calls tools such as alembic by name, so the venv's bin/ comes first on PATH.
export PATH := $(BIN):$(PATH)

.PHONY: install lab test notebooks release grade-demo bench site clean

install: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 10))' || \
		{ echo "The course needs Python 3.10 or newer; $(PYTHON) is older." >&2; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@# uv installs the same pins as pip, several times faster; it is bootstrapped from PyPI
	@# into the venv itself. Where it cannot be had, pip does the install.
	@if test -x $(BIN)/uv || $(BIN)/python -m pip install --quiet --disable-pip-version-check \
			'uv>=0.5,<1' 2>/dev/null; then \
		echo "installing with uv"; \
		$(BIN)/uv pip install --quiet --python $(BIN)/python -e '.[test,site]'; \
	else \
		echo "uv could not be installed; installing with pip"; \
		$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test,site]'; \
	fi
	$(BIN)/python -m course_lib.lab_settings
	@touch $@

## lab: open JupyterLab on the first notebook (127.0.0.1; Jupyter's random token is required)
lab: install
	jupyter lab --ServerApp.ip=127.0.0.1 --ServerApp.root_dir="$(CURDIR)" \
		--LabApp.default_url=/lab/tree/notebooks/00_start_here.ipynb \
		$$([ "$$(id -u)" = 0 ] && echo --allow-root)

## test: every test: unit, content, nbval on notebooks/, browser, website
test: install $(SITE_JS)
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

## grade-demo: the instructor pipeline on a throwaway copy with demo submissions (reports/grade-demo/)
grade-demo: install
	python -m course_lib.grading.demo reports/grade-demo

## bench: measure notebook run time and widget interaction time; writes reports/bench.md
bench: install
	python tests/benchmark.py reports/bench.md

## site: the static website from the committed notebooks -> build/site/ (nothing executes)
site: install $(SITE_JS)
	python site/build.py build/site
	@echo "Website built: open build/site/index.html, or serve build/site/ from any static host."

$(SITE_JS): site/package-lock.json
	cd site && npm ci --no-audit --no-fund
	@touch $@

clean:
	rm -rf $(VENV) reports screenshots build site/node_modules
