"""OSM objects in bulk: osmium writes the wanted ones as OPL, pyarrow reads them column-wise.

Reading a file object by object costs a Python call per object and more per tag
and node: at 4x4 tiled Oslo (50 MB) 15 us per street way, three times osmium's
own reading. Here osmium's C++ filters pick the objects and its writer puts them
in a scratch file in OPL, its line-per-object text format, with each way's node
locations beside the node ids. pyarrow's C++ then splits the lines into fields,
the tag lists into keys and values and the node lists into ids and coordinates,
so no Python runs per object.

The text is exact: coordinates are written with osmium's seven decimals, which
is how it stores them, so parsing gives the very doubles osmium's ``lon`` and
``lat`` give; characters that would break the format (space, comma, equals
sign, percent, and a few more) are written as ``%<hex code point>%`` and
decoded here.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
import osmium
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv

from ._tags import TagTable

__all__ = ["Objects", "Part", "WayArrays", "Ways", "node_table", "parts", "relation_table",
           "way_table", "write"]

#: osmium's output format: locations on way nodes, and the timestamp (no other metadata).
FORMAT = "opl,locations_on_ways=true,add_metadata=timestamp"
NODE_FIELDS = ("id", "visible", "timestamp", "tags", "x", "y")
WAY_FIELDS = ("id", "visible", "timestamp", "tags", "nodes")
RELATION_FIELDS = ("id", "visible", "timestamp", "tags", "members")
_ESCAPE = re.compile(r"%([0-9a-fA-F]+)%")
_BLOCK = 1 << 26  # pyarrow reads the text in blocks of this many bytes


def write(path: Path, target: Path, entities: Any, filters: list[Any], *,
          locations: bool = False, watch: Any | None = None) -> None:
    """Write the objects of ``path`` of kinds ``entities`` that pass ``filters`` to
    ``target`` as OPL.

    The filters are osmium's, run in C++: nothing here is Python, except ``watch``,
    a handler given every object before the filters (an ``osmium.SimpleHandler``
    is called only for the kinds it has a method for). With ``locations``, ways
    carry their nodes' locations (all nodes of the file are read for this).
    """
    handlers: list[Any] = []
    if locations:
        handlers.append(osmium.NodeLocationsForWays(osmium.index.create_map("flex_mem")))
        handlers[0].ignore_errors()  # a node outside the extract: its location stays undefined
        entities |= osmium.osm.NODE
    if watch is not None:
        handlers.append(watch)
    writer = osmium.SimpleWriter(osmium.io.File(str(target), FORMAT))
    try:
        chain = [*handlers, *filters, writer]  # (osmium keeps no reference: this list does)
        with osmium.io.Reader(str(path), entities) as reader:
            osmium.apply(reader, *chain)
    finally:
        writer.close()


@dataclass(frozen=True)
class Part:
    """The lines of one kind of object in an OPL file: bytes ``start`` to ``stop``."""

    path: Path
    start: int
    stop: int

    def open(self) -> io.RawIOBase:
        """A stream of these lines alone."""
        return _Range(self.path, self.start, self.stop)


class _Range(io.RawIOBase):
    """Bytes ``start`` to ``stop`` of a file, as a stream of their own."""

    def __init__(self, path: Path, start: int, stop: int) -> None:
        super().__init__()
        self._file = path.open("rb", buffering=0)
        self._file.seek(start)
        self._left = stop - start

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        got = self._file.readinto(memoryview(buffer)[:self._left]) or 0
        self._left -= got
        return got

    def close(self) -> None:
        self._file.close()
        super().close()


_KINDS = (b"n", b"w", b"r")  # OPL's first letter of a node's, a way's, a relation's line
_SCAN = 1 << 24  # the file is searched for where each kind begins in pieces of this size


def parts(path: Path, work: Path) -> dict[str, Part]:
    """The nodes', ways' and relations' lines of the OPL file ``path`` (keys "n", "w",
    "r"; a kind without objects has an empty part).

    osmium writes objects in the order of the file it reads, which for a file sorted
    the usual way is nodes, ways, relations: each kind is then one stretch of lines.
    In a file of another order the kinds are written to files of their own in
    ``work``, a line at a time, and ``path`` is removed.
    """
    runs, size = _runs(path)
    if len({kind for kind, _ in runs}) < len(runs):  # a kind comes back after another
        return _separate(path, work)
    stops = [start for _, start in runs[1:]] + [size] * bool(runs)
    bounds = {kind: (start, stop) for (kind, start), stop in zip(runs, stops, strict=True)}
    return {kind.decode(): Part(path, *bounds.get(kind, (size, size))) for kind in _KINDS}


def _runs(path: Path) -> tuple[list[tuple[bytes, int]], int]:
    """Each stretch of lines of one kind: its kind and where it starts; and the file's size."""
    runs: list[tuple[bytes, int]] = []
    offset, last = 0, 10  # (the byte before the file counts as a line end)
    with path.open("rb", buffering=0) as stream:
        while piece := stream.read(_SCAN):
            text = np.frombuffer(piece, dtype=np.uint8)
            starts = np.flatnonzero(text[:-1] == 10) + 1
            if last == 10:
                starts = np.concatenate([[0], starts])
            kinds = text[starts]
            change = np.flatnonzero(np.diff(kinds, prepend=runs[-1][0][0] if runs else 0))
            runs += [(bytes(kinds[i:i + 1]), offset + int(starts[i])) for i in change.tolist()]
            offset, last = offset + len(piece), int(text[-1])
    return runs, offset


def _separate(path: Path, work: Path) -> dict[str, Part]:
    """Each kind's lines in a file of its own (for an OPL file whose kinds interleave)."""
    targets = {k: work / f"{path.stem}-{k.decode()}.opl" for k in _KINDS}
    streams = {k: target.open("wb") for k, target in targets.items()}
    try:
        with path.open("rb") as lines:
            for line in lines:
                streams[line[:1]].write(line)
    finally:
        for stream in streams.values():
            stream.close()
    path.unlink()
    return {k.decode(): Part(t, 0, t.stat().st_size) for k, t in targets.items()}


def _columns(part: Part, fields: tuple[str, ...]) -> dict[str, Any]:
    """The space-separated fields of an OPL part's lines, as string columns.

    pyarrow reads the lines itself, a block at a time: the text is never held whole
    (at 8x8 tiled Oslo the ways' lines are 367 MB).
    """
    if part.stop <= part.start:  # osmium writes nothing where no object passed
        return {name: pa.chunked_array([], pa.large_string()) if name == "nodes"
                else pa.array([], pa.large_string()) for name in fields}
    with part.open() as stream:
        table = _space_separated(stream, {name: pa.large_string() for name in fields})
    # (the ways' node lists stay in the blocks read: they are parsed block by block)
    return {name: table[name] if name == "nodes" else table[name].combine_chunks()
            for name in fields}


def _space_separated(source: Any, columns: dict[str, pa.DataType]) -> pa.Table:
    """Lines of space-separated fields (no quoting, no escapes) as typed ``columns``,
    read a block at a time; an empty field of a number column is null, of a text
    column the empty string."""
    return pcsv.read_csv(
        source,
        read_options=pcsv.ReadOptions(column_names=list(columns), block_size=_BLOCK,
                                      use_threads=False),
        parse_options=pcsv.ParseOptions(delimiter=" ", quote_char=False, escape_char=False),
        convert_options=pcsv.ConvertOptions(column_types=columns, strings_can_be_null=False))


def _after_letter(column: pa.Array) -> pa.Array:
    """Each field without its leading letter (OPL's field marker)."""
    return pc.utf8_slice_codeunits(column, 1)


def _numbers(column: pa.Array, dtype: pa.DataType) -> np.ndarray:
    """Numbers of a string column; NaN where the string is empty (float only)."""
    if pa.types.is_floating(dtype):
        column = pc.if_else(pc.equal(column, ""), pa.scalar(None, column.type), column)
        return np.asarray(pc.cast(column, dtype).to_numpy(zero_copy_only=False), dtype=float)
    return np.asarray(pc.cast(column, dtype).to_numpy(zero_copy_only=False))


def _decoded(column: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """Codes and distinct strings (OPL escapes decoded) of a string column; codes
    follow first appearance."""
    encoded = pc.dictionary_encode(column)
    codes = np.asarray(encoded.indices.to_numpy(zero_copy_only=False), dtype=np.int64)
    vocab = np.asarray(encoded.dictionary.to_numpy(zero_copy_only=False), dtype=object)
    escaped = np.flatnonzero(np.asarray(pc.match_substring(encoded.dictionary, "%")))
    for i in escaped.tolist():
        vocab[i] = _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), vocab[i])
    return codes, vocab


@dataclass
class Objects:
    """OSM objects read from OPL: ids, timestamps and tags.

    Attributes
    ----------
    ids : numpy.ndarray
        OSM id per object (int64).
    stamps : pyarrow.Array
        ISO 8601 timestamp per object ("" where it has none).
    tags : TagTable
        Their tags, in the objects' order and each object's tag order.
    """

    ids: np.ndarray
    stamps: pa.Array
    tags: TagTable

    @classmethod
    def parse(cls, columns: dict[str, pa.Array]) -> Objects:
        ids = _numbers(_after_letter(columns["id"]), pa.int64())
        lists = pc.split_pattern(_after_letter(columns["tags"]), ",")
        flat = pc.list_flatten(lists)
        row = np.asarray(pc.list_parent_indices(lists).to_numpy(), dtype=np.int64)
        present = pc.not_equal(flat, "")  # an object without tags gives one empty item
        flat, row = flat.filter(present), row[np.asarray(present)]
        pairs = pc.split_pattern(flat, "=", max_splits=1)
        key, keys = _decoded(pc.list_element(pairs, 0))
        value, values = _decoded(pc.list_element(pairs, 1))
        tags = TagTable(len(ids), row.astype(np.int32), key.astype(np.int32),
                        value.astype(np.int32), keys, values)
        return cls(ids, _after_letter(columns["timestamp"]), tags)

    def __len__(self) -> int:
        return len(self.ids)

    def is_feature(self, feature_keys: tuple[str, ...]) -> np.ndarray:
        """Boolean per object: a bus stop, or any of ``feature_keys``."""
        out = self.tags.column("highway", None) == "bus_stop"
        for key in feature_keys:
            out |= self.tags.has(key)
        return out

    def subsets(self, rows: np.ndarray, keys: tuple[str, ...]) -> list[dict[str, str]]:
        """Per object of ``rows`` (indices), its tags among ``keys`` in that order."""
        columns = [(key, self.tags.column(key, None)[rows]) for key in keys]
        return [{key: col[i] for key, col in columns if col[i] is not None}
                for i in range(len(rows))]

    def newest(self, rows: np.ndarray) -> datetime | None:
        """The latest timestamp among objects ``rows`` (boolean mask); None if none."""
        latest = pc.max(self.stamps.filter(pa.array(rows))).as_py()
        return datetime.fromisoformat(latest.replace("Z", "+00:00")) if latest else None


@dataclass
class WayArrays:
    """Ways' ids and their nodes, concatenated.

    Attributes
    ----------
    ids : numpy.ndarray
        OSM id of each way (int64).
    counts : numpy.ndarray
        Number of nodes of each way (int64).
    refs : numpy.ndarray
        Node ids of all the ways, concatenated (int64).
    xy : numpy.ndarray
        Their (lon, lat), shape (n, 2); NaN where a node's location is unknown.
    """

    ids: np.ndarray
    counts: np.ndarray
    refs: np.ndarray
    xy: np.ndarray

    def offsets(self) -> np.ndarray:
        """Start of each way's nodes in ``refs``, and the end."""
        return np.concatenate([[0], np.cumsum(self.counts)]).astype(np.int64)

    def take(self, rows: np.ndarray) -> WayArrays:
        """The ways ``rows`` (a boolean mask)."""
        per_node = np.repeat(rows, self.counts)
        return WayArrays(self.ids[rows], self.counts[rows], self.refs[per_node],
                         self.xy[per_node])


@dataclass
class Ways(WayArrays):
    """Ways read from OPL: their ids and nodes, and their tags and dates (``objects``,
    whose ``ids`` are this table's)."""

    objects: Objects


def node_table(part: Part) -> tuple[Objects, np.ndarray]:
    """The nodes of an OPL part, and their (lon, lat) (NaN where undefined)."""
    columns = _columns(part, NODE_FIELDS)
    xy = np.column_stack([_numbers(_after_letter(columns["x"]), pa.float64()),
                          _numbers(_after_letter(columns["y"]), pa.float64())])
    return Objects.parse(columns), xy.reshape(-1, 2)


def way_table(part: Part) -> Ways:
    """The ways of an OPL part, with their node ids and locations."""
    columns = _columns(part, WAY_FIELDS)
    counts, refs, xy = _node_lists(columns.pop("nodes"))  # (the largest column, let go)
    objects = Objects.parse(columns)
    return Ways(objects.ids, counts, refs, xy, objects)


def relation_table(part: Part) -> Objects:
    """The relations of an OPL part: ids, dates and tags (not their members)."""
    columns = _columns(part, RELATION_FIELDS)
    del columns["members"]
    return Objects.parse(columns)


# the node list of a way is N<node>,<node>... with each node n<id>x<lon>y<lat>: each
# node marker starts a line, its location markers become field breaks, and the field
# marker and commas go, leaving a line "id lon lat" per node ("id  " where the
# location is undefined: osmium writes "n<id>xy")
_NODE_ROWS = bytes.maketrans(b"nxy", b"\n  ")
_NODE_COLUMNS = {"id": pa.int64(), "x": pa.float64(), "y": pa.float64()}


def _node_lists(column: pa.ChunkedArray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per way its number of nodes, and all node ids and (lon, lat) concatenated.

    Each block of the file is read as one text, a line per node, by pyarrow's CSV
    parser into an integer and two float columns: a string kernel per node would
    cost three times as much and hold a string per node. (The tests compare every
    coordinate with the doubles osmium gives.)
    """
    parts = [_chunk_node_lists(chunk) for chunk in column.chunks]
    if not parts:
        return np.empty(0, np.int64), np.empty(0, np.int64), np.empty((0, 2))
    counts, refs, xy = (np.concatenate(arrays) for arrays in zip(*parts, strict=True))
    return counts, refs, xy


def _chunk_node_lists(column: pa.Array) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """:func:`_node_lists` of one block's ways."""
    offsets = np.frombuffer(column.buffers()[1], dtype=np.int64)[
        column.offset:column.offset + len(column) + 1]
    raw = (column.buffers()[2][int(offsets[0]):int(offsets[-1])].to_pybytes()
           if len(column) else b"")
    markers = np.flatnonzero(np.frombuffer(raw, dtype=np.uint8) == ord("n"))
    counts = np.diff(np.searchsorted(markers, offsets - offsets[0])).astype(np.int64)
    if not len(markers):
        return counts, np.empty(0, np.int64), np.empty((0, 2))
    table = _space_separated(pa.BufferReader(raw.translate(_NODE_ROWS, b"N,")), _NODE_COLUMNS)
    xy = np.column_stack([np.asarray(table[name].to_numpy(), dtype=float) for name in "xy"])
    return counts, np.asarray(table["id"].to_numpy(), dtype=np.int64), xy
