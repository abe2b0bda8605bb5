"""OSM tags of many objects, collected column-wise while the reader streams a file.

A :class:`TagTable` holds the tags of ``n`` objects as three integer columns
(object row, key code, value code) over two vocabularies of distinct strings.
Repeated keys and values ("amenity", "doctors") are stored once while reading;
one column (``name``) or every object's dictionary is taken out at the end.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = ["TagTable", "TagTableBuilder"]


@dataclass
class TagTable:
    """Tags of ``n`` objects as (row, key, value) code triples.

    Attributes
    ----------
    n : int
        Number of objects (rows), including objects without tags.
    row, key, value : numpy.ndarray
        One entry per tag (int32): the object's row, the key's code in ``keys``
        and the value's code in ``values``.
    keys, values : numpy.ndarray
        The distinct key and value strings (object arrays).
    """

    n: int
    row: np.ndarray
    key: np.ndarray
    value: np.ndarray
    keys: np.ndarray
    values: np.ndarray

    @classmethod
    def from_dicts(cls, dicts: Iterable[Mapping[str, str]]) -> TagTable:
        """Build the table from one tag mapping per object."""
        builder = TagTableBuilder()
        for tags in dicts:
            builder.add(tags.items())
        return builder.finish()

    def has(self, key: str) -> np.ndarray:
        """Return a boolean per object: it has ``key``."""
        out = np.zeros(self.n, dtype=bool)
        out[self.row[self.key == self._key_code(key)]] = True
        return out

    def subset(self, keep: np.ndarray) -> TagTable:
        """Return the table of objects ``keep`` (a boolean mask), renumbered, with only
        the keys and values they use (in order of first use, as a builder makes them)."""
        new_row = np.cumsum(keep) - 1
        sel = keep[self.row] if len(self.row) else np.empty(0, bool)
        key, keys = _first_use(self.key[sel], self.keys)
        value, values = _first_use(self.value[sel], self.values)
        return TagTable(int(keep.sum()), new_row[self.row[sel]].astype(np.int32), key, value,
                        keys, values)

    def column(self, key: str, default: str | None = "") -> np.ndarray:
        """Return every object's value of ``key`` (``default`` where absent)."""
        out = np.full(self.n, default, dtype=object)
        code = self._key_code(key)
        if code >= 0:
            sel = self.key == code
            out[self.row[sel]] = self.values[self.value[sel]]
        return out

    def to_dicts(self) -> list[dict[str, str]]:
        """Return one tag dictionary per object (row order)."""
        out: list[dict[str, str]] = [{} for _ in range(self.n)]
        for r, k, v in zip(self.row.tolist(), self.key.tolist(), self.value.tolist(),
                           strict=True):
            out[r][self.keys[k]] = self.values[v]
        return out

    def rows(self, rows: list[int]) -> list[dict[str, str]]:
        """Return the tag dictionaries of ``rows`` only (as :meth:`to_dicts` gives them)."""
        wanted = np.asarray(rows, dtype=np.int64)
        place = np.full(self.n, -1, dtype=np.int64)
        place[wanted] = np.arange(len(wanted))
        out: list[dict[str, str]] = [{} for _ in range(len(wanted))]
        sel = np.flatnonzero(place[self.row] >= 0) if len(self.row) else np.empty(0, np.int64)
        for r, k, v in zip(place[self.row[sel]].tolist(), self.key[sel].tolist(),
                           self.value[sel].tolist(), strict=True):
            out[r][self.keys[k]] = self.values[v]
        return out

    def _key_code(self, key: str) -> int:
        where = np.flatnonzero(self.keys == key)
        return int(where[0]) if len(where) else -1


class TagTableBuilder:
    """Collects tags object by object (as a reader streams them) into a :class:`TagTable`."""

    def __init__(self) -> None:
        self.rows: list[int] = []
        self.key_codes: list[int] = []
        self.value_codes: list[int] = []
        self.key_vocab: dict[str, int] = {}
        self.value_vocab: dict[str, int] = {}
        self.n = 0

    def add(self, items: Iterable[tuple[str, str]]) -> None:
        """Append one object with its (key, value) pairs."""
        kv, vv = self.key_vocab, self.value_vocab
        pairs = list(items)
        self.rows.extend([self.n] * len(pairs))
        self.key_codes.extend([kv.setdefault(k, len(kv)) for k, _ in pairs])
        self.value_codes.extend([vv.setdefault(v, len(vv)) for _, v in pairs])
        self.n += 1

    def finish(self) -> TagTable:
        """Return the table of everything added."""
        return TagTable(
            self.n, np.array(self.rows, dtype=np.int32),
            np.array(self.key_codes, dtype=np.int32), np.array(self.value_codes, dtype=np.int32),
            _vocab(self.key_vocab), _vocab(self.value_vocab))


def _vocab(codes: dict[str, int]) -> np.ndarray:
    out = np.empty(len(codes), dtype=object)
    out[:] = list(codes)  # dicts keep insertion order: code i is the i-th key
    return out


def _first_use(codes: np.ndarray, vocab: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``codes`` renumbered in order of first use, and the part of ``vocab`` they use."""
    if not len(codes):
        return codes.astype(np.int32), np.empty(0, dtype=object)
    rank, distinct = pd.factorize(codes)  # (numbered in order of first appearance)
    used = np.empty(len(distinct), dtype=object)
    used[:] = list(vocab[distinct])
    return rank.astype(np.int32), used
