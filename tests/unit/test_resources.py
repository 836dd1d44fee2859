"""The app icon files: found through importlib.resources, and the ICO / ICNS containers are valid."""

from __future__ import annotations

import struct
import xml.etree.ElementTree as ET

import pytest

from resources import ICON_SIZES, icon_path

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
ICNS_SIZES = {"icp4": 16, "icp5": 32, "icp6": 64, "ic07": 128, "ic08": 256, "ic09": 512,
              "ic11": 32, "ic12": 64, "ic13": 256, "ic14": 512, "ic10": 1024}


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk (which must come first)."""
    assert data[:8] == PNG_SIGNATURE, "not a PNG"
    length, kind = struct.unpack(">I4s", data[8:16])
    assert kind == b"IHDR" and length == 13
    return struct.unpack(">II", data[16:24])


def read_ico(data: bytes) -> dict[int, bytes]:
    """Size → PNG bytes of every ICO entry, checking the directory on the way."""
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    assert (reserved, kind) == (0, 1) and count > 0
    images = {}
    for i in range(count):
        width, height, colors, zero, planes, bits, length, offset = struct.unpack(
            "<BBBBHHII", data[6 + 16 * i:22 + 16 * i])
        assert (colors, zero, planes, bits) == (0, 0, 1, 32)
        assert 6 + 16 * count <= offset and offset + length <= len(data)
        size = width or 256
        assert (height or 256) == size
        png = data[offset:offset + length]
        assert png_size(png) == (size, size)
        images[size] = png
    return images


def read_icns(data: bytes) -> dict[str, bytes]:
    """Chunk type → data of an ICNS file, checking that the lengths add up exactly."""
    assert data[:4] == b"icns"
    assert struct.unpack(">I", data[4:8])[0] == len(data)
    chunks, pos = {}, 8
    while pos < len(data):
        kind = data[pos:pos + 4].decode("ascii")
        length = struct.unpack(">I", data[pos + 4:pos + 8])[0]
        assert length > 8 and pos + length <= len(data)
        chunks[kind] = data[pos + 8:pos + length]
        pos += length
    assert pos == len(data)
    return chunks


@pytest.mark.parametrize("size", ICON_SIZES)
def test_png_icons_load_through_importlib_resources(size):
    data = icon_path(f"hearth-{size}.png").read_bytes()
    assert png_size(data) == (size, size)


def test_the_svg_source_is_an_svg_document():
    root = ET.fromstring(icon_path("hearth.svg").read_bytes())
    assert root.tag.endswith("svg")
    assert root.get("viewBox") == "0 0 512 512"


def test_ico_holds_the_windows_sizes_as_pngs():
    images = read_ico(icon_path("hearth.ico").read_bytes())
    assert {16, 24, 32, 48, 64, 128, 256} <= set(images)


def test_icns_holds_every_mac_size_as_pngs():
    chunks = read_icns(icon_path("hearth.icns").read_bytes())
    assert set(chunks) == set(ICNS_SIZES)
    for kind, png in chunks.items():
        assert png_size(png) == (ICNS_SIZES[kind], ICNS_SIZES[kind]), kind


def test_an_unknown_icon_is_a_clear_error():
    with pytest.raises(FileNotFoundError, match="no icon"):
        icon_path("nope.png")


def test_the_container_writers_round_trip():
    from resources.icons.render import icns_bytes, ico_bytes

    png16 = icon_path("hearth-16.png").read_bytes()
    png256 = icon_path("hearth-256.png").read_bytes()
    assert set(read_ico(ico_bytes({16: png16, 256: png256}))) == {16, 256}
    assert read_icns(icns_bytes([("icp4", png16), ("ic08", png256)])) == {"icp4": png16, "ic08": png256}
    with pytest.raises(ValueError):
        ico_bytes({512: png16})
