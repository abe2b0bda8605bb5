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

__all__ = ["Objects", "WayArrays", "Ways", "node_table", "way_table", "write"]

#: osmium's output format: locations on way nodes, and the timestamp (no other metadata).
FORMAT = "opl,locations_on_ways=true,add_metadata=timestamp"
NODE_FIELDS = ("id", "visible", "timestamp", "tags", "x", "y")
WAY_FIELDS = ("id", "visible", "timestamp", "tags", "nodes")
_ESCAPE = re.compile(r"%([0-9a-fA-F]+)%")
_BLOCK = 1 << 26  # pyarrow reads the text in blocks of this many bytes


def write(path: Path, target: Path, entities: Any, filters: list[Any], *,
          locations: bool = False, rejected: Any | None = None) -> None:
    """Write the objects of ``path`` of kinds ``entities`` that pass ``filters`` to
    ``target`` as OPL.

    The filters are osmium's, run in C++: nothing here is Python, except
    ``rejected``, a handler that is given the objects the filters drop (an
    ``osmium.SimpleHandler`` is called only for the kinds it has a method for).
    With ``locations``, ways carry their nodes' locations (all nodes of the file
    are read for this).
    """
    handlers: list[Any] = []
    if locations:
        handlers.append(osmium.NodeLocationsForWays(osmium.index.create_map("flex_mem")))
        handlers[0].ignore_errors()  # a node outside the extract: its location stays undefined
        entities |= osmium.osm.NODE
    writer = osmium.SimpleWriter(osmium.io.File(str(target), FORMAT))
    try:
        chain = [*handlers, *filters, writer]  # (osmium keeps no reference: this list does)
        with osmium.io.Reader(str(path), entities) as reader:
            if rejected is None:
                osmium.apply(reader, *chain)
            else:  # the objects written come to Python too, and are let go at once
                objects = osmium.OsmFileIterator(reader, *chain)
                objects.set_filtered_handler(rejected)
                for _ in objects:
                    pass
    finally:
        writer.close()


def _columns(path: Path, fields: tuple[str, ...]) -> dict[str, Any]:
    """The space-separated fields of an OPL file's lines, as string columns.

    pyarrow reads the file itself, a block at a time: the text is never held whole
    (at 8x8 tiled Oslo the ways' file is 367 MB).
    """
    if not path.stat().st_size:  # osmium writes nothing where no object passed
        return {name: pa.chunked_array([], pa.large_string()) if name == "nodes"
                else pa.array([], pa.large_string()) for name in fields}
    table = _space_separated(str(path), {name: pa.large_string() for name in fields})
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


def node_table(path: Path) -> tuple[Objects, np.ndarray]:
    """The nodes of an OPL file of nodes, and their (lon, lat) (NaN where undefined)."""
    columns = _columns(path, NODE_FIELDS)
    xy = np.column_stack([_numbers(_after_letter(columns["x"]), pa.float64()),
                          _numbers(_after_letter(columns["y"]), pa.float64())])
    return Objects.parse(columns), xy.reshape(-1, 2)


def way_table(path: Path) -> Ways:
    """The ways of an OPL file of ways, with their node ids and locations."""
    columns = _columns(path, WAY_FIELDS)
    counts, refs, xy = _node_lists(columns.pop("nodes"))  # (the largest column, let go)
    objects = Objects.parse(columns)
    return Ways(objects.ids, counts, refs, xy, objects)


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
