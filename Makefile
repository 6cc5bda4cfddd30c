# Why Softmax: two commands do everything.
#   make html   set up .venv from uv.lock (if missing or stale) and build the site into _build/html
#   make test   the same set-up, then the whole test suite (doctests and a strict site build included)

PYTHON   ?= python3
UV_VERSION := 0.13.9
TOOLS    := .tools
UV       := $(TOOLS)/bin/uv
VENV     := .venv
STAMP    := $(VENV)/.synced
BUILD    := _build
JOBS     ?= auto
SERVE_HOST ?= 127.0.0.1
SERVE_PORT ?= 8000
SPHINXOPTS ?=
PYTEST_ARGS ?=

export UV_PROJECT_ENVIRONMENT := $(abspath $(VENV))
export UV_PYTHON_DOWNLOADS := never
export UV_NO_PROGRESS := 1
# Compile .pyc at install time: with PYTHONDONTWRITEBYTECODE set (as on CI), every build and every
# page kernel would otherwise recompile sphinx, sympy, numpy, ... from source, seconds each time.
export UV_COMPILE_BYTECODE := 1
export PYTHONHASHSEED := 0
export WHY_SOFTMAX_BUILD := $(BUILD)

SPHINXBUILD = $(VENV)/bin/sphinx-build -c . -d $(BUILD)/doctrees -n -W --keep-going -T -j $(JOBS) $(SPHINXOPTS)

.PHONY: help html build-html test serve lint clean bench venv

help:
	@echo "make html    build the site into $(BUILD)/html (sets up $(VENV) first)"
	@echo "make test    run every test: unit, property, doctests, site build, browser"
	@echo "make serve   live preview on http://127.0.0.1:8000, rebuilt on save"
	@echo "make lint    ruff check and format check"
	@echo "make bench   build and claims benchmark, table + $(BUILD)/bench.json"
	@echo "make clean   remove $(BUILD) (keeps $(VENV))"

# uv, pinned, in its own small environment so that syncing .venv never removes it.
$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/python -m pip install --quiet "uv==$(UV_VERSION)"

# .venv is rebuilt whenever the lock file or the project metadata is newer than the last sync.
$(STAMP): uv.lock pyproject.toml | $(UV)
	$(UV) sync --frozen --python $(PYTHON)
	@touch $@

venv: $(STAMP)

html: $(STAMP)
	@$(MAKE) --no-print-directory build-html

# The build alone, for an environment that is already set up (the tests call this one).
build-html:
	$(SPHINXBUILD) -b html docs $(BUILD)/html

test: $(STAMP)
	$(VENV)/bin/python -m pytest $(PYTEST_ARGS)

serve: $(STAMP)
	$(VENV)/bin/sphinx-autobuild -c . -d $(BUILD)/doctrees -n -j $(JOBS) \
	    --host $(SERVE_HOST) --port $(SERVE_PORT) --watch derivations --watch conf.py \
	    --ignore "$(BUILD)/*" --re-ignore '(__pycache__|\.ipynb_checkpoints|\.sw[px]$$|~$$)' \
	    docs $(BUILD)/html

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

bench: $(STAMP)
	$(VENV)/bin/python tools/bench_build.py

clean:
	rm -rf $(BUILD)
