#!/usr/bin/env bash
# Package the Linux bundle (dist/hearth, made by `make bundle`) as a Debian package:
# dist/hearth_<version>_<arch>.deb, installing to /opt/hearth with /usr/bin/hearth, a menu entry
# and icons. Needs dpkg-deb (Debian, Ubuntu). `make deb` runs it after `make bundle`.
set -euo pipefail
cd "$(dirname "$0")/.."

die() { printf 'build-deb: %s\n' "$*" >&2; exit 1; }
command -v dpkg-deb >/dev/null || die "needs dpkg-deb (sudo apt install dpkg-dev)."
[ -x dist/hearth/hearth ] || die "no bundle in dist/hearth: run \`make bundle\` first."

VERSION=$(sed -n 's/^__version__ = "\(.*\)"/\1/p' app/__init__.py)
[ -n "$VERSION" ] || die "cannot read __version__ from app/__init__.py"
ARCH=$(dpkg --print-architecture 2>/dev/null || echo amd64)
ROOT=build/deb/hearth_${VERSION}_${ARCH}
OUT=dist/hearth_${VERSION}_${ARCH}.deb

rm -rf "$ROOT"
mkdir -p "$ROOT/DEBIAN" "$ROOT/opt" "$ROOT/usr/bin" "$ROOT/usr/share/applications" "$ROOT/usr/share/doc/hearth"
cp -a dist/hearth "$ROOT/opt/hearth"
ln -s /opt/hearth/hearth "$ROOT/usr/bin/hearth"
install -m 0644 packaging/linux/hearth.desktop "$ROOT/usr/share/applications/hearth.desktop"
for size in 16 32 64 128 256 512; do
  mkdir -p "$ROOT/usr/share/icons/hicolor/${size}x${size}/apps"
  install -m 0644 "resources/icons/hearth-$size.png" "$ROOT/usr/share/icons/hicolor/${size}x${size}/apps/hearth.png"
done
mkdir -p "$ROOT/usr/share/icons/hicolor/scalable/apps"
install -m 0644 resources/icons/hearth.svg "$ROOT/usr/share/icons/hicolor/scalable/apps/hearth.svg"
cat > "$ROOT/usr/share/doc/hearth/copyright" <<'TEXT'
Hearth: private, offline AI chat.
The bundled starter model (SmolLM2-135M-Instruct) is licensed under Apache-2.0; its licence is in
/opt/hearth/_internal/models. Qt (PySide6) is used under the LGPLv3; llama.cpp under the MIT licence.
TEXT
SIZE_KB=$(du -sk "$ROOT" | cut -f1)
# The libraries Qt's xcb platform plugin and the bundle load from the system (the rest is inside).
cat > "$ROOT/DEBIAN/control" <<TEXT
Package: hearth
Version: $VERSION
Architecture: $ARCH
Maintainer: Hearth <hearth@localhost>
Installed-Size: $SIZE_KB
Depends: libc6 (>= 2.31), libgl1, libegl1, libfontconfig1, libfreetype6, libglib2.0-0, libdbus-1-3, libx11-6, libx11-xcb1, libxcb1, libxcb-cursor0, libxcb-icccm4, libxcb-image0, libxcb-keysyms1, libxcb-randr0, libxcb-render-util0, libxcb-shape0, libxcb-xfixes0, libxcb-xinerama0, libxcb-xkb1, libxkbcommon0, libxkbcommon-x11-0
Recommends: fonts-noto-cjk
Section: utils
Priority: optional
Description: Private, offline AI chat
 Hearth finds, downloads and runs language models (GGUF) on this computer
 with llama.cpp. Nothing leaves the machine. A small starter model is included.
TEXT
cat > "$ROOT/DEBIAN/postinst" <<'TEXT'
#!/bin/sh
set -e
if command -v update-desktop-database >/dev/null 2>&1; then update-desktop-database -q || true; fi
if command -v gtk-update-icon-cache >/dev/null 2>&1; then gtk-update-icon-cache -q -t /usr/share/icons/hicolor || true; fi
TEXT
chmod 0755 "$ROOT/DEBIAN/postinst"
dpkg-deb --root-owner-group -Zxz --build "$ROOT" "$OUT" >/dev/null
echo "built $OUT ($(du -h "$OUT" | cut -f1))"
