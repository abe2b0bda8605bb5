"""The reader's single pass: relations first from the file's last blocks, then one pass.

:mod:`siting._osm_read` takes the services mapped as relations from the last
blocks of a ``.osm.pbf`` (:mod:`siting._pbf`), then lets osmium write the nodes,
ways and relations it needs as OPL in one pass over the file, and parses each
kind's stretch of lines (:func:`siting._opl.parts`). A file in another order must
be read right all the same: these tests build one whose first service relation
comes before its ways, and compare it with the object-by-object reference reader.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import osmium
import pytest
from osmium.osm.mutable import Node, Relation, Way
from test_scale import _assert_reads_as_reference, _reader_forks

from siting import _opl, _osm_read
from siting._pbf import relation_tail
from siting.osm import osm_from_file

TOY = Path(__file__).parent / "data" / "toy" / "tiny.osm"
WHEN = "2024-05-06T07:08:09Z"


@pytest.mark.shared
def test_the_last_blocks_of_oslo_hold_all_its_service_relations(oslo_pbf: Path) -> None:
    tail = relation_tail(oslo_pbf)
    assert tail is not None and len(tail) < oslo_pbf.stat().st_size / 5
    from_tail = _osm_read._scan_relations(osmium.io.FileBuffer(tail, "pbf"))
    assert from_tail == _osm_read._scan_relations(oslo_pbf) and len(from_tail) == 42


def _field(number: int, value: bytes | int) -> bytes:
    """One protocol buffers field: bytes as length-delimited, an int as a varint."""
    def varint(n: int) -> bytes:
        out = bytearray()
        while n >= 0x80:
            out.append(n & 0x7F | 0x80)
            n >>= 7
        return bytes([*out, n])

    if isinstance(value, int):
        return varint(number << 3) + varint(value)
    return varint(number << 3 | 2) + varint(len(value)) + value


def _blob(kind: bytes, blob: bytes) -> bytes:
    header = _field(1, kind) + _field(3, len(blob))
    return len(header).to_bytes(4, "big") + header + blob


def test_files_the_walk_cannot_read_are_left_to_osmium(tmp_path: Path) -> None:
    assert relation_tail(TOY) is None  # OSM XML
    garbage = tmp_path / "garbage.osm.pbf"
    garbage.write_bytes(b"\x00\x00\x00\x03abc")
    assert relation_tail(garbage) is None
    header = _blob(b"OSMHeader", _field(1, _field(4, b"OsmSchema-V0.6")))
    zstd = tmp_path / "zstd.osm.pbf"  # a data blob compressed with zstd (field 7)
    zstd.write_bytes(header + _blob(b"OSMData", _field(2, 10) + _field(7, b"\x28\xb5\x2f\xfd")))
    assert relation_tail(zstd) is None
    raw = tmp_path / "raw.osm.pbf"  # an uncompressed block of one relations group
    block = _field(1, _field(1, b"")) + _field(2, _field(4, _field(1, 7)))
    raw.write_bytes(header + _blob(b"OSMData", _field(1, block)))
    assert relation_tail(raw) == raw.read_bytes()


def _write_pbf(path: Path, relation_first: bool) -> Path:
    """A clinic and a bakery mapped as relations, and a street: with ``relation_first``
    the clinic comes before the ways (and before some nodes), as a file sorted the
    usual way never has it."""
    clinic = Relation(id=100, members=[("w", 20, "outer")], timestamp=WHEN,
                      tags={"type": "multipolygon", "amenity": "clinic", "name": "Legekontor"})
    square = [(10.75, 59.91), (10.751, 59.91), (10.751, 59.9105), (10.75, 59.9105)]
    others = [(10.749, 59.9098), (10.752, 59.9098), (10.753, 59.911), (10.7521, 59.9101),
              (10.7525, 59.9101), (10.7525, 59.9103)]
    with osmium.SimpleWriter(str(path)) as writer:
        for i, xy in enumerate(square, 1):
            writer.add_node(Node(id=i, location=xy, timestamp=WHEN))
        if relation_first:
            writer.add_relation(clinic)
        for i, xy in enumerate(others, 5):
            writer.add_node(Node(id=i, location=xy, timestamp=WHEN))
        writer.add_way(Way(id=20, nodes=[1, 2, 3, 4, 1], timestamp=WHEN))
        writer.add_way(Way(id=21, nodes=[5, 6, 7], timestamp=WHEN,
                           tags={"highway": "residential", "name": "Gata"}))
        writer.add_way(Way(id=22, nodes=[8, 9, 10, 8], tags={"building": "yes"}, timestamp=WHEN))
        if not relation_first:
            writer.add_relation(clinic)
        writer.add_relation(Relation(id=101, members=[("w", 22, "outer")], timestamp=WHEN,
                                     tags={"type": "multipolygon", "shop": "bakery"}))
    return path


@pytest.mark.parametrize("split", [False, True], ids=["one process", "nodes in a worker"])
@pytest.mark.parametrize("relation_first", [False, True], ids=["sorted", "relation first"])
def test_a_file_in_any_order_reads_as_the_plain_reader(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, split: bool,
        relation_first: bool) -> None:
    path = _write_pbf(tmp_path / "order.osm.pbf", relation_first)
    scans: list[Any] = []
    separated: list[Path] = []
    real_scan, real_separate = _osm_read._scan_relations, _opl._separate

    def scan(source: Any) -> Any:
        scans.append(source)
        return real_scan(source)

    def separate(opl: Path, work: Path) -> Any:
        separated.append(opl)
        return real_separate(opl, work)

    monkeypatch.setattr(_osm_read, "_scan_relations", scan)
    monkeypatch.setattr(_opl, "_separate", separate)
    forks = _reader_forks(monkeypatch, split)
    _assert_reads_as_reference(path)
    assert len(forks) == split
    # the last block holds the bakery, and the clinic too where the file is sorted; where
    # it is not, the pass meets a clinic the last blocks did not hold: the whole file is
    # scanned and read again; its OPL lines, kinds mixed, are sorted out after each pass
    assert isinstance(scans[0], osmium.io.FileBuffer)
    assert scans[1:] == ([path] if relation_first else [])
    assert len(separated) == 2 * relation_first
    features = osm_from_file(path).features.set_index("osm_id")
    assert list(features.index) == ["r100", "r101"]
    assert features.loc["r100", "geometry"].area == pytest.approx(0.001 * 0.0005)
    assert features.loc["r101", "tags"] == {"shop": "bakery"}


def test_opl_lines_are_parted_by_kind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_opl, "_SCAN", 4)  # lines cross the pieces the search reads
    lines = ["n1 x1 y2\n", "n22 x3 y4\n", "w5 Nn1,n22\n", "r6 Mw5@outer\n"]
    path = tmp_path / "sorted.opl"
    path.write_text("".join(lines))
    parts = _opl.parts(path, tmp_path)
    assert {kind: (p.path, p.start, p.stop) for kind, p in parts.items()} == {
        "n": (path, 0, 19), "w": (path, 19, 30), "r": (path, 30, 43)}
    assert [parts[kind].open().read().decode() for kind in "nwr"] == [
        "n1 x1 y2\nn22 x3 y4\n", "w5 Nn1,n22\n", "r6 Mw5@outer\n"]

    no_ways = tmp_path / "nodes.opl"
    no_ways.write_text("n1 x1 y2\n")
    assert {kind: (p.start, p.stop) for kind, p in _opl.parts(no_ways, tmp_path).items()} == {
        "n": (0, 9), "w": (9, 9), "r": (9, 9)}

    mixed = tmp_path / "mixed.opl"
    mixed.write_text(lines[0] + lines[3] + lines[2] + lines[1])
    parts = _opl.parts(mixed, tmp_path)
    assert not mixed.exists()
    assert [parts[kind].open().read().decode() for kind in "nwr"] == [
        "n1 x1 y2\nn22 x3 y4\n", "w5 Nn1,n22\n", "r6 Mw5@outer\n"]
