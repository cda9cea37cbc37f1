# Every target creates .venv and installs the course into it when needed; a second run with
# an unchanged pyproject.toml and course_lib/lab_settings.py (the JupyterLab defaults) installs
# nothing.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(CURDIR)/$(VENV)/bin
STAMP := $(VENV)/.installed
# what a developer's .venv holds: the course, its tests and the website's builder
DEV_EXTRAS := .[test,site]
SITE_JS := site/node_modules/.installed
# nbgrader calls tools such as alembic by name, so the venv's bin/ comes first on PATH.
export PATH := $(BIN):$(PATH)

.PHONY: install lab test notebooks release grade-demo bench readability grade site hub hub-env hub-proxy load clean

install: $(STAMP)

# $(call install_into,VENV,UV_ARGS,PIP_ARGS): install into VENV with uv, which installs the same
# pins as pip several times faster and is bootstrapped from PyPI into VENV itself; where uv
# cannot be had, pip installs instead.
install_into = if test -x $(1)/bin/uv || $(1)/bin/python -m pip install --quiet \
		--disable-pip-version-check 'uv>=0.5,<1' 2>/dev/null; then \
	echo "installing into $(1) with uv"; \
	$(1)/bin/uv pip install --quiet --python $(1)/bin/python $(2); \
else \
	echo "uv could not be installed; installing into $(1) with pip"; \
	$(1)/bin/python -m pip install --quiet --disable-pip-version-check $(3); \
fi

$(STAMP): pyproject.toml course_lib/lab_settings.py
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 10))' || \
		{ echo "The course needs Python 3.10 or newer; $(PYTHON) is older." >&2; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(call install_into,$(VENV),-e '$(DEV_EXTRAS)',-e '$(DEV_EXTRAS)')
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

## notebooks: re-execute every notebook headlessly to refresh the committed outputs (a copy of the demo learner's progress, at the demo's fixed time)
notebooks: install
	env $$(python -m course_lib.progress demo-env "$$(mktemp -d)") jupyter nbconvert --to notebook \
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

## readability: sentence length and readability scores per notebook; writes reports/readability.md (BEFORE=<git revision> adds that revision's figures)
readability: install
	python tests/readability.py reports/readability.md $(if $(BEFORE),--before $(BEFORE))

## site: the static website from the committed notebooks -> build/site/ (nothing executes)
site: install $(SITE_JS)
	python site/build.py build/site
	@echo "Website built: open build/site/index.html, or serve build/site/ from any static host."

$(SITE_JS): site/package-lock.json
	cd site && npm ci --no-audit --no-fund
	@touch $@

# The class hub (deploy/hub/). Its environment is shared by every user, so it is made from the
# system's Python (another Python may live where other users cannot read it) in a folder all
# can read, and the course is installed into it as a copy (students need not read this clone).
HUB_PREFIX ?= /opt/fbss-course
HUB_PYTHON ?= /usr/bin/python3
HUB_STAMP := $(HUB_PREFIX)/.installed
PROXY_STAMP := deploy/hub/node_modules/.installed

## hub-env: the course environment every hub user runs ($(HUB_PREFIX), made from $(HUB_PYTHON))
hub-env: $(HUB_STAMP)

$(HUB_STAMP): pyproject.toml deploy/hub/nbgrader_config.py deploy/hub/memory_notice.py deploy/hub/ipython_kernel_config.py deploy/hub/course_home.py $(wildcard notebooks/*.ipynb) $(wildcard deploy/hub/students/*.json deploy/hub/students/*/*.json deploy/hub/instructors/*.json) $(wildcard course_lib/*.py course_lib/*/*.py course_lib/data/*)
	@umask 022; test -x $(HUB_PREFIX)/bin/python || $(HUB_PYTHON) -m venv $(HUB_PREFIX)
	@# the course as a copy, reinstalled whenever its sources change
	@umask 022; $(call install_into,$(HUB_PREFIX),'.[hub]','.[hub]') && \
		$(call install_into,$(HUB_PREFIX),--reinstall --no-deps .,--force-reinstall --no-deps .)
	@rm -rf build/lib build/bdist.*  # setuptools leaves these; build/site is the website
	@# nbgrader's settings for every user of this environment (exchange, course id, groups)
	install -D -m 644 deploy/hub/nbgrader_config.py $(HUB_PREFIX)/etc/jupyter/nbgrader_config.py
	@# every kernel says in words when the memory limit stopped one of the user's kernels
	install -D -m 644 deploy/hub/memory_notice.py $(HUB_PREFIX)/etc/fbss-hub/memory_notice.py
	install -D -m 644 deploy/hub/ipython_kernel_config.py $(HUB_PREFIX)/etc/ipython/ipython_kernel_config.py
	@# the course notebooks, which every user's server start copies into their home where missing
	install -D -m 644 deploy/hub/course_home.py $(HUB_PREFIX)/etc/fbss-hub/course_home.py
	rm -rf $(HUB_PREFIX)/share/fbss-course/notebooks
	install -D -m 644 -t $(HUB_PREFIX)/share/fbss-course/notebooks notebooks/*.ipynb
	@# students' servers: no formgrader, no assignment-creation toolbar
	install -D -m 644 deploy/hub/students/jupyter_server_config.json $(HUB_PREFIX)/etc/fbss-students/jupyter_server_config.json
	install -D -m 644 deploy/hub/students/labconfig/page_config.json $(HUB_PREFIX)/etc/fbss-students/labconfig/page_config.json
	@umask 022; $(HUB_PREFIX)/bin/python -m course_lib.lab_settings
	@# instructors' JupyterLab: the formgrader from a Grading menu, in a browser tab of its own
	install -D -m 644 deploy/hub/instructors/page_config.json $(HUB_PREFIX)/etc/fbss-instructors/lab-settings/page_config.json
	@umask 022; $(HUB_PREFIX)/bin/python -m course_lib.lab_settings $(HUB_PREFIX)/etc/fbss-instructors/lab-settings deploy/hub/instructors/overrides.json
	@touch $@

## hub-proxy: configurable-http-proxy from deploy/hub/package-lock.json (npm ci)
hub-proxy: $(PROXY_STAMP)

$(PROXY_STAMP): deploy/hub/package-lock.json
	@command -v npm >/dev/null || { echo "npm is needed for the hub's proxy (Debian: apt-get install npm)" >&2; exit 1; }
	cd deploy/hub && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

## hub: a demo class hub on 127.0.0.1 (as root): an instructor, demo students, the assignments released
hub:
	@[ "$$(id -u)" = 0 ] || { echo "make hub creates Unix accounts for the demo class and must run as root (sudo make hub)." >&2; exit 1; }
	@$(MAKE) --no-print-directory install hub-env hub-proxy
	python deploy/hub/demo.py

## load: a class arriving at once on the hub, driven by Locust (as root; LEVELS=10,20,40,60); writes reports/load.md and load.png
load:
	@[ "$$(id -u)" = 0 ] || { echo "make load creates Unix accounts for the class and must run as root (sudo make load)." >&2; exit 1; }
	@$(MAKE) --no-print-directory install hub-env hub-proxy
	@$(call install_into,$(VENV),-e '.[load]',-e '.[load]')
	python tests/load/run.py reports/load.md $(if $(LEVELS),--levels $(LEVELS))

clean:
	rm -rf $(VENV) reports screenshots build site/node_modules deploy/hub/node_modules
