"""The relation blocks at the end of an ``.osm.pbf`` file, without decoding the rest.

The reader needs the services mapped as relations before it reads the ways (their
member ways are kept as they pass). Relations come last in a file sorted the usual
way (nodes, ways, relations), so the blocks holding them are the last ones. A
``.osm.pbf`` is a chain of blobs, each announced by a short header giving its
size: the headers are walked without reading the blobs, and only the last blobs
are opened, from the end, as long as they hold relations. Those blobs, behind the
file's own header blob, make a small ``.osm.pbf`` that osmium reads in place of
the whole file (at 4x4 tiled Oslo, 3.5 of 50 MB).

A file whose relations are not all at the end is read right all the same: the
reader checks the relations its full pass met against those found here and, if
one was missed, scans the whole file (:func:`siting._osm_read.read_file`).

Format: https://wiki.openstreetmap.org/wiki/PBF_Format (a blob header: field 1 type,
field 3 data size; a blob: field 1 raw data, field 3 zlib-compressed data; a block:
field 2 primitive groups, each holding one kind of object: 1 nodes, 2 dense nodes,
3 ways, 4 relations).
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

__all__ = ["relation_tail"]

_RELATIONS = 4  # the primitive group field that holds relations
_MAX_HEADER = 64 * 1024  # the format's limit on a blob header


def relation_tail(path: Path) -> bytes | None:
    """The file's header blob and its last blobs that hold relations, as ``.osm.pbf``
    bytes; None where ``path`` is not a ``.osm.pbf`` file this can walk (another
    format, or a blob compressed other than with zlib)."""
    if not path.name.endswith(".pbf"):
        return None
    try:
        with path.open("rb") as stream:
            blobs = list(_blobs(stream))
            if not blobs or blobs[0][0] != b"OSMHeader":
                return None
            tail = []
            for _kind, start, size, data_at in reversed(blobs[1:]):
                stream.seek(start)
                blob = stream.read(size)
                kinds = _group_kinds(blob[data_at:])
                if kinds is None:
                    return None
                if _RELATIONS not in kinds:
                    break
                tail.append(blob)
            stream.seek(blobs[0][1])
            head = stream.read(blobs[0][2])
    except (ValueError, IndexError, KeyError, struct.error, zlib.error):
        return None  # not a file this walk understands: osmium reads it whole
    return head + b"".join(reversed(tail))


def _blobs(stream: BinaryIO) -> Iterator[tuple[bytes, int, int, int]]:
    """Per blob: its type, where it starts, its size with its header, and where its
    data starts within that."""
    start = 0
    while len(prefix := stream.read(4)) == 4:
        (head_size,) = struct.unpack(">I", prefix)
        if head_size > _MAX_HEADER:
            raise ValueError("not a blob header")
        header = dict(_fields(stream.read(head_size)))
        kind, data_size = header[1], header[3]
        if not isinstance(kind, bytes) or not isinstance(data_size, int):
            raise ValueError("not a blob header")
        yield kind, start, 4 + head_size + data_size, 4 + head_size
        start += 4 + head_size + data_size
        stream.seek(start)


def _group_kinds(blob: bytes) -> set[int] | None:
    """The kinds of object groups in a data blob (field numbers: 4 is relations);
    None where its compression is one this walk does not read."""
    fields = dict(_fields(blob))
    if isinstance(raw := fields.get(1), bytes):
        block = raw
    elif isinstance(packed := fields.get(3), bytes):
        block = zlib.decompress(packed)
    else:
        return None
    kinds = set()
    for number, group in _fields(block):
        if number == 2 and isinstance(group, bytes) and group:
            key, _ = _varint(group, 0)
            kinds.add(key >> 3)
    return kinds


def _fields(buffer: bytes) -> Iterator[tuple[int, int | bytes]]:
    """The top-level fields of a protocol buffers message: (number, value), where a
    value is an integer or the bytes of a length-delimited or fixed-size field."""
    at, end = 0, len(buffer)
    while at < end:
        key, at = _varint(buffer, at)
        wire = key & 7
        if wire == 0:
            value, at = _varint(buffer, at)
            yield key >> 3, value
            continue
        if wire == 2:
            size, at = _varint(buffer, at)
        elif wire in (1, 5):
            size = 8 if wire == 1 else 4
        else:
            raise ValueError(f"wire type {wire}")
        if at + size > end:
            raise ValueError("field runs past its message")
        yield key >> 3, buffer[at:at + size]
        at += size


def _varint(buffer: bytes, at: int) -> tuple[int, int]:
    """The variable-length integer at ``at``, and where the next field starts."""
    value = shift = 0
    while True:
        byte = buffer[at]
        at += 1
        value |= (byte & 0x7F) << shift
        if byte < 0x80:
            return value, at
        shift += 7
