# Two commands on a fresh machine:
#   make lab    create .venv if missing, install, open JupyterLab on the first notebook
#   make test   create/refresh .venv, install the test extras, run the whole suite
PYTHON ?= python3
VENV   ?= .venv
PY      = $(VENV)/bin/python
PIP     = $(PY) -m pip install --quiet --disable-pip-version-check
CHROMIUM ?= /usr/bin/chromium

.PHONY: lab test test-fast test-min bench clean-notebooks refresh-outputs help assignments grade lite

help:
	@echo "make lab              open the course in JupyterLab"
	@echo "make test             run every test (unit, widgets, notebooks, browser)"
	@echo "make lite             build the in-browser edition (JupyterLite) into lite/site/"
	@echo "make test-fast        unit and widget tests only"
	@echo "make bench            speed and memory benchmarks (writes benchmarks/results/)"
	@echo "make test-min         unit tests against the oldest supported versions"
	@echo "make clean-notebooks  strip outputs and execution counts from notebooks/"
	@echo "make assignments      release the notebooks without solutions (build/assignments/, nbgrader)"
	@echo "make assignments MODE=graded   the same without worked solutions (HINTS=0: without hints)"
	@echo "make grade SUBMISSIONS=DIR   grade DIR/<student>/<notebook>.ipynb -> build/grades.csv (ROSTER=r.csv, MERGE=1)"
	@echo "make refresh-outputs  re-run the notebooks, store the outputs of # NBVAL_CHECK_OUTPUT cells"

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) --upgrade pip

$(VENV)/.lab-installed: $(PY) requirements.txt pyproject.toml
	$(PIP) -r requirements.txt -e .
	touch $@

$(VENV)/.test-installed: $(VENV)/.lab-installed requirements-test.txt
	$(PIP) -r requirements.txt -r requirements-test.txt -e .
	touch $@

# --allow-root only where make runs as root (containers, CI machines); never otherwise.
lab: $(VENV)/.lab-installed
	$(PY) -m jupyter lab $(if $(filter 0,$(shell id -u)),--allow-root) notebooks/00_start_here.ipynb

# One BLAS thread for everything make starts (JupyterLab, tests, benchmarks): the course's
# models are small, and on a busy or shared 2-core machine several BLAS threads wait for
# each other (a dropout-slider retrain took ~1.5 s instead of ~0.2 s). Override if you like.
export OPENBLAS_NUM_THREADS ?= 1
export OMP_NUM_THREADS ?= 1

# Instructor tools (nbgrader) live in their own venv, never in the students' install.
INSTRUCTOR_VENV ?= .venv-instructor
NBGRADER = $(abspath $(INSTRUCTOR_VENV))/bin/nbgrader

$(INSTRUCTOR_VENV)/.installed: requirements-instructor.txt
	test -x $(INSTRUCTOR_VENV)/bin/python || $(PYTHON) -m venv $(INSTRUCTOR_VENV)
	$(INSTRUCTOR_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-instructor.txt
	touch $@

# MODE=practice (hints and worked solutions) or MODE=graded (no worked solutions; HINTS=0 drops hints too).
MODE  ?= practice
HINTS ?= 1
assignments: $(VENV)/.lab-installed $(INSTRUCTOR_VENV)/.installed
	$(PY) instructor/assignments.py build --mode $(MODE) --hints $(HINTS) --nbgrader $(NBGRADER)

grade: $(VENV)/.lab-installed $(INSTRUCTOR_VENV)/.installed
	@test -n "$(SUBMISSIONS)" || { echo "usage: make grade SUBMISSIONS=folder/with/<student>/<notebook>.ipynb"; exit 2; }
	$(PY) instructor/assignments.py grade $(SUBMISSIONS) --nbgrader $(NBGRADER) \
		$(if $(ROSTER),--roster $(ROSTER)) $(if $(filter 1,$(MERGE)),--merge)

# The course in the browser (JupyterLite): a static site in lite/site/ that any web host can
# serve. lite/build.py keeps its downloads in lite/.cache/; the site is rebuilt when the
# notebooks, nnlib or the build scripts change. It runs the notebooks in the course's venv,
# so that the site shows their outputs before the browser's Python has started.
LITE_SITE = lite/site
lite: $(LITE_SITE)/index.html

$(LITE_SITE)/index.html: $(VENV)/.lab-installed lite/build.py lite/execute.py tests/nbexecute.py pyproject.toml \
		$(wildcard notebooks/*.ipynb nnlib/*.py nnlib/*/*.py nnlib/datasets/*)
	$(PYTHON) lite/build.py --out $(LITE_SITE) --python $(PY)
	touch $@

# axe-core, the accessibility checker tests/test_accessibility.py injects into the page: the version
# pinned in tests/a11y/package.json (and its lock), installed from npm's registry.
AXE = tests/a11y/node_modules/axe-core/axe.min.js
$(AXE): tests/a11y/package.json tests/a11y/package-lock.json
	npm ci --prefix tests/a11y --no-audit --no-fund --loglevel=error
	touch $@

# Browser tests need Debian's Chromium; without it they are skipped, and said so.
# The site is built first: tests/test_lite.py runs every notebook in it.
test: $(VENV)/.test-installed $(INSTRUCTOR_VENV)/.installed $(LITE_SITE)/index.html $(AXE)
	$(PY) -m ruff check .
	@if [ -x "$(CHROMIUM)" ]; then \
		echo "Chromium found at $(CHROMIUM): browser tests included."; \
		$(PY) -m pytest -n 2 --dist loadscope --nbval-lax --nbval-current-env tests notebooks; \
	else \
		echo "SKIPPING browser tests: no Chromium at $(CHROMIUM) (apt-get install chromium)."; \
		$(PY) -m pytest -n 2 --dist loadscope --nbval-lax --nbval-current-env -m "not browser" tests notebooks; \
	fi

test-fast: $(VENV)/.test-installed
	$(PY) -m pytest -n 2 -m "not browser and not slow" tests

bench: $(VENV)/.test-installed
	env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE $(PY) benchmarks/step_time.py
	env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE $(PY) benchmarks/torch_sweep.py --quick --threads 1
	$(PY) benchmarks/widget_latency.py
	$(PY) benchmarks/notebook_cost.py

# Strip outputs and execution counts before committing (tests/test_notebook_hygiene.py checks).
clean-notebooks: $(VENV)/.test-installed
	$(VENV)/bin/nbstripout --keep-id notebooks/*.ipynb

# The expected outputs of the cells marked # NBVAL_CHECK_OUTPUT (tests/reference_outputs/), which CI
# compares; refresh after changing such a cell on purpose, then review the diff.
refresh-outputs: $(VENV)/.test-installed
	$(PY) tests/checked_outputs.py

# The lower bounds claimed in requirements.txt, installed exactly, against the unit tests.
MIN_VENV = .venv-min
$(MIN_VENV)/.installed: requirements-min.txt requirements-test.txt pyproject.toml
	test -x $(MIN_VENV)/bin/python || $(PYTHON) -m venv $(MIN_VENV)
	$(MIN_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-min.txt -r requirements-test.txt -e .
	touch $@

test-min: $(MIN_VENV)/.installed
	$(MIN_VENV)/bin/python -m pytest -n 2 -m "not browser and not slow" -p no:cacheprovider tests
