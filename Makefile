# Why Softmax: two commands do everything.
#   make html   set up .venv from uv.lock (what building needs) and build the site into _build/html
#   make test   set up .venv (the test tools too), then the test suite (a strict build included)
# V=1 shows everything: the commands, uv's package list, Sphinx's verbose log and the MyST
# configuration.

PYTHON   ?= python3
UV_VERSION := 0.13.9
TOOLS    := .tools
UV       := $(TOOLS)/bin/uv
VENV     := .venv
BUILD    := _build
JOBS     ?= auto
SERVE_HOST ?= 127.0.0.1
SERVE_PORT ?= 8000
SPHINXOPTS ?=
PYTEST_ARGS ?=
V        ?=

export UV_PROJECT_ENVIRONMENT := $(abspath $(VENV))
export UV_PYTHON_DOWNLOADS := never
export UV_NO_PROGRESS := 1
# Compile .pyc at install time: with PYTHONDONTWRITEBYTECODE set (as on CI), every build and every
# page kernel would otherwise recompile sphinx, sympy, numpy, ... from source, seconds each time.
export UV_COMPILE_BYTECODE := 1
# The project's own bytecode is written too (to __pycache__/, which git ignores), even where
# PYTHONDONTWRITEBYTECODE is set: else every test worker rewrites and compiles every test module
# again (about 3 s each), and every page kernel compiles the package. (A PYTHONPYCACHEPREFIX would
# hide the installed packages' bytecode, and every fresh checkout would compile them again.)
export PYTHONDONTWRITEBYTECODE :=
export PYTHONHASHSEED := 0
export WHY_SOFTMAX_BUILD := $(BUILD)

Q      := $(if $(V),,@)
QUIET  := $(if $(V),,--quiet)
SPHINX_FLAGS := -c . -d $(BUILD)/doctrees -n -W --keep-going -T -j $(JOBS) $(if $(V),-v) $(SPHINXOPTS)
# tools/build_site.py runs sphinx-build with these arguments and ends with one summary line.
SPHINXBUILD = $(VENV)/bin/python tools/build_site.py $(SPHINX_FLAGS)

# Install what each command needs: the project with its runtime dependencies, plus
SET_html  := --extra experiment --group docs
SET_serve := --extra experiment --group docs --group serve
SET_lint  := --group lint
SET_test  := --extra experiment --all-groups
# The interpreter PYTHON names, resolved: given the bare name "python3", uv would take an existing
# .venv's own python3 for it, whatever its version.
PY_EXE     := $(shell $(PYTHON) -c "import sys; print(sys.executable)" 2>/dev/null)
PY_VERSION := $(shell $(PYTHON) -c "import sys; print('%d.%d' % sys.version_info[:2])" 2>/dev/null)
# One stamp per set and Python version. Syncs are inexact, so `make html` after `make test` keeps
# the test tools instead of uninstalling them; a stamp is stale when the lock or metadata is newer.
stamp = $(VENV)/.synced-$(PY_VERSION)-$(1)

.PHONY: help html build-html test mutation serve lint linkcheck clean bench venv

help:
	@echo "make html       build the site into $(BUILD)/html (sets up $(VENV) first)"
	@echo "make test       the tests: unit, property, doctests, site build, browser"
	@echo "make mutation   the mutation tests: a changed claim or proof must fail (slow)"
	@echo "make serve      live preview on http://127.0.0.1:8000, rebuilt on save"
	@echo "make lint       ruff check and format check"
	@echo "make linkcheck  check every external link and DOI (needs the network)"
	@echo "make bench      build and test benchmark, table + $(BUILD)/bench.json"
	@echo "make clean      remove $(BUILD) (keeps $(VENV))"
	@echo "V=1 shows the full output; PYTHON=python3.13 uses another interpreter"

# uv, pinned, in its own small environment so that syncing .venv never removes it. pip runs with
# -qq (errors only): a machine-wide pip setting, such as an extra index that does not exist, would
# otherwise print WARNING lines in a successful first run. V=1 shows them.
$(UV):
	@echo "setting up uv $(UV_VERSION) in $(TOOLS)/"
	$(Q)$(PYTHON) -m venv $(TOOLS)
	$(Q)$(TOOLS)/bin/python -m pip install $(if $(V),,-qq) --disable-pip-version-check "uv==$(UV_VERSION)"

# Another version's stamps describe an environment uv is about to replace: they go first.
$(VENV)/.synced-$(PY_VERSION)-%: uv.lock pyproject.toml | $(UV)
	@test -n "$(PY_EXE)" || { echo "PYTHON=$(PYTHON) is not a Python interpreter"; exit 1; }
	@echo "setting up $(VENV) for make $* with Python $(PY_VERSION) (from uv.lock)"
	$(Q)rm -f $(filter-out $(VENV)/.synced-$(PY_VERSION)-%,$(wildcard $(VENV)/.synced-*))
	$(Q)$(UV) sync $(QUIET) --frozen --inexact --no-default-groups $(SET_$*) --python $(PY_EXE)
	@touch $@

# Everything (what `make test` needs); the README's one-off set-up command.
venv: $(call stamp,test)

html: $(call stamp,html)
	@$(MAKE) --no-print-directory build-html

# The build alone, for an environment that is already set up (the tests call this one).
build-html:
	$(Q)$(SPHINXBUILD) -b html docs $(BUILD)/html

test: $(call stamp,test)
	$(VENV)/bin/python -m pytest $(PYTEST_ARGS)

# Tests of the tests: every claimed form and every arithmetic operator of every proof, changed,
# must make the proof fail. Minutes on two cores; CI runs them after `make test`.
mutation: $(call stamp,test)
	$(VENV)/bin/python -m pytest --mutation -m mutation $(PYTEST_ARGS)

serve: $(call stamp,serve)
	$(VENV)/bin/sphinx-autobuild -c . -d $(BUILD)/doctrees -n -j $(JOBS) \
	    --host $(SERVE_HOST) --port $(SERVE_PORT) --watch derivations --watch conf.py \
	    --ignore "$(BUILD)/*" --re-ignore '(__pycache__|\.ipynb_checkpoints|\.sw[px]$$|~$$)' \
	    docs $(BUILD)/html

lint: $(call stamp,lint)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# External links and DOIs, with Sphinx's linkcheck builder: needs the network, so not in `make test`
# (.github/workflows/linkcheck.yml runs it weekly). Its own doctrees: the html build's stay valid.
linkcheck: $(call stamp,html)
	$(Q)$(VENV)/bin/sphinx-build -c . -d $(BUILD)/doctrees-linkcheck -n -W --keep-going -T \
	    -j $(JOBS) $(if $(V),-v) $(SPHINXOPTS) -b linkcheck docs $(BUILD)/linkcheck

bench: $(call stamp,test)
	$(VENV)/bin/python tools/bench_build.py

clean:
	rm -rf $(BUILD)
