#!/usr/bin/env bash
# Install dist/hearth_<version>_<arch>.deb into a fresh Debian chroot (debootstrap) and run it there:
# `hearth --version`, `hearth --backend`, a chat answered by the bundled starter model, and the window
# shown (offscreen). Needs root and debootstrap; the chroot is kept in build/deb-chroot for reuse
# (HEARTH_DEB_FRESH=1 makes a new one). HEARTH_DEB_SUITE (default bookworm) and HEARTH_DEB_MIRROR
# choose the Debian release and mirror.
set -euo pipefail
cd "$(dirname "$0")/.."

die() { printf 'deb-test: %s\n' "$*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "needs root (chroot); run it with sudo."
command -v debootstrap >/dev/null || die "needs debootstrap (apt install debootstrap)."
DEB=$(ls -t dist/hearth_*.deb 2>/dev/null | head -1)
[ -n "$DEB" ] || die "no package in dist/: run \`make bundle deb\` first."
SUITE=${HEARTH_DEB_SUITE:-bookworm}
MIRROR=${HEARTH_DEB_MIRROR:-http://deb.debian.org/debian}
CHROOT=$PWD/build/deb-chroot-$SUITE

if [ "${HEARTH_DEB_FRESH:-}" = 1 ] || [ ! -x "$CHROOT/usr/bin/apt-get" ]; then
  rm -rf "$CHROOT"
  echo "== debootstrap $SUITE (minbase) into $CHROOT"
  debootstrap --variant=minbase "$SUITE" "$CHROOT" "$MIRROR" >/dev/null
fi
cleanup() { umount -l "$CHROOT/proc" 2>/dev/null || true; umount -R -l "$CHROOT/dev" 2>/dev/null || true; }
trap cleanup EXIT
mount -t proc proc "$CHROOT/proc"
mount --rbind /dev "$CHROOT/dev"   # with /dev/pts, for apt
cp /etc/resolv.conf "$CHROOT/etc/resolv.conf" 2>/dev/null || true
cp "$DEB" "$CHROOT/tmp/hearth.deb"

in_chroot() { chroot "$CHROOT" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 "$@"; }
echo "== apt install ./hearth.deb (its dependencies from $MIRROR)"
in_chroot apt-get -qq update
in_chroot sh -c 'DEBIAN_FRONTEND=noninteractive apt-get -qq install -y --no-install-recommends /tmp/hearth.deb >/dev/null'
in_chroot dpkg -s hearth | sed -n 's/^Version: /installed hearth /p'

echo "== hearth --version / --backend"
in_chroot hearth --version
in_chroot hearth --backend || [ $? = 3 ]   # 3: a CPU-only build, as on Linux

echo "== hearth chat (the bundled starter model)"
ANSWER=$(in_chroot sh -c 'HEARTH_HOME=/tmp/hh hearth chat --temperature 0 "What is the capital of France?"')
echo "$ANSWER"
case "$ANSWER" in *Paris*) ;; *) die "the answer does not name Paris";; esac

echo "== the window (offscreen), in Chinese"
in_chroot sh -c 'HEARTH_HOME=/tmp/hh2 QT_QPA_PLATFORM=offscreen LANG=zh_CN.UTF-8 HEARTH_REPORT_STARTUP=1 timeout 8 hearth' \
  > build/deb-window.log 2>&1 || [ $? = 124 ]
grep -q "window shown after" build/deb-window.log || { cat build/deb-window.log; die "the window was not shown"; }
grep "window shown after" build/deb-window.log
! grep -q Traceback build/deb-window.log || { cat build/deb-window.log; die "a traceback"; }

echo "== apt remove"
in_chroot sh -c 'DEBIAN_FRONTEND=noninteractive apt-get -qq remove -y hearth >/dev/null'
[ ! -e "$CHROOT/opt/hearth/hearth" ] || die "/opt/hearth left behind"
echo "deb-test: all checks passed in a fresh $SUITE chroot"
