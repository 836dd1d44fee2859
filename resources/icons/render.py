"""Render Hearth's app icon from ``hearth.svg``: PNGs, a multi-size ``.ico`` and an ``.icns``.

The generated files are committed, so packaging needs neither this script nor Qt's SVG
module. Run it again after changing the SVG:

    QT_QPA_PLATFORM=offscreen python resources/icons/render.py

Both container formats are written here by hand (no Pillow): an ICO is a directory of
PNG images (Windows Vista and later read PNG entries), an ICNS is a list of typed chunks,
each a PNG for the sizes used here (macOS 10.7 and later).
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SVG = HERE / "hearth.svg"
PNG_SIZES = (16, 32, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# ICNS chunk type → pixel size (the @2x types hold the doubled size).
ICNS_TYPES = (("icp4", 16), ("icp5", 32), ("icp6", 64), ("ic07", 128), ("ic08", 256), ("ic09", 512),
              ("ic11", 32), ("ic12", 64), ("ic13", 256), ("ic14", 512), ("ic10", 1024))


def ico_bytes(images: dict[int, bytes]) -> bytes:
    """An ICO file holding one PNG per size (sizes up to 256; 256 is written as 0)."""
    sizes = sorted(images)
    if not sizes or sizes[-1] > 256:
        raise ValueError("ICO images must be 1 to 256 pixels")
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = len(header) + 16 * len(sizes)
    entries, blobs = [], []
    for size in sizes:
        data = images[size]
        dim = 0 if size == 256 else size
        entries.append(struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(data), offset))
        blobs.append(data)
        offset += len(data)
    return header + b"".join(entries) + b"".join(blobs)


def icns_bytes(chunks: list[tuple[str, bytes]]) -> bytes:
    """An ICNS file: ``icns``, the total length, then (type, length, PNG data) chunks, big-endian."""
    body = b"".join(kind.encode("ascii") + struct.pack(">I", 8 + len(data)) + data for kind, data in chunks)
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def render_png(size: int) -> bytes:
    """The SVG drawn at ``size`` × ``size`` pixels, as PNG bytes (Qt needed only here)."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        raise ValueError(f"{SVG} is not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.convertToFormat(QImage.Format.Format_ARGB32).save(buffer, "PNG", 0)  # 0: smallest file
    buffer.close()
    return bytes(data.data())


def main(out_dir: Path = HERE) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 (kept alive)
    wanted = sorted(set(PNG_SIZES) | set(ICO_SIZES) | {size for _, size in ICNS_TYPES})
    pngs = {size: render_png(size) for size in wanted}
    for size in PNG_SIZES:
        (out_dir / f"hearth-{size}.png").write_bytes(pngs[size])
    (out_dir / "hearth.ico").write_bytes(ico_bytes({size: pngs[size] for size in ICO_SIZES}))
    (out_dir / "hearth.icns").write_bytes(icns_bytes([(kind, pngs[size]) for kind, size in ICNS_TYPES]))
    print(f"wrote {len(PNG_SIZES)} PNGs, hearth.ico and hearth.icns to {out_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
