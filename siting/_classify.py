"""Which features can match a category: tag patterns tested column by column.

Classifying tests every feature against every pattern of every category; in a
loop over features that is a million dictionary look-ups in a county. Here each
pattern key is read once per feature (one column), each distinct value of that
column is tested once, and patterns combine as boolean arrays. The result is
the exact set of features some pattern matches entirely, which the callers then
treat one by one with :func:`siting.services.matched_tags` as before -- so the
rows and matched-tag texts are those of the plain loop, the loop just skips the
features that match nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np

from .services import value_matches

__all__ = ["TagColumns", "rows_matching"]

Pattern = dict[str, Any]


class TagColumns:
    """The tags of ``n`` features, read key by key (each key's column built once).

    Parameters
    ----------
    tags : sequence of mapping
        One tag mapping per feature (``features["tags"]``).
    """

    def __init__(self, tags: Sequence[Mapping[str, Any]]) -> None:
        self.tags = tags
        self.n = len(tags)
        self._columns: dict[str, tuple[np.ndarray, list[Any]] | None] = {}
        self._hits: dict[tuple[str, str], np.ndarray] = {}

    def _column(self, key: str) -> tuple[np.ndarray, list[Any]] | None:
        """Codes per feature and the distinct values of ``key`` (absent: ``None``); None
        when a value cannot be hashed (then the key is tested feature by feature)."""
        if key not in self._columns:
            index: dict[Any, int] = {}
            try:
                codes = [index.setdefault(t.get(key), len(index)) for t in self.tags]
            except TypeError:
                self._columns[key] = None
            else:
                self._columns[key] = (np.array(codes, dtype=np.int64), list(index))
        return self._columns[key]

    def hits(self, key: str, want: Any) -> np.ndarray:
        """Boolean per feature: its value of ``key`` satisfies ``want`` (one pattern entry)."""
        memo = (key, repr(want))
        if memo not in self._hits:
            column = self._column(key)
            if column is None:
                out = np.array([value_matches(t.get(key), want) for t in self.tags], dtype=bool)
            else:
                codes, values = column
                ok = np.array([value_matches(v, want) for v in values], dtype=bool)
                out = ok[codes] if self.n else np.zeros(0, dtype=bool)
            self._hits[memo] = out
        return self._hits[memo]

    def matching(self, patterns: Iterable[Pattern]) -> np.ndarray:
        """Boolean per feature: at least one of ``patterns`` matches entirely."""
        out = np.zeros(self.n, dtype=bool)
        for pattern in patterns:
            hit = np.ones(self.n, dtype=bool)
            for key, want in pattern.items():
                hit &= self.hits(key, want)
            out |= hit
        return out


def rows_matching(tags: Sequence[Mapping[str, Any]],
                  pattern_lists: Iterable[Iterable[Pattern]]) -> np.ndarray:
    """Positions of the features that some pattern of some list matches entirely.

    Parameters
    ----------
    tags : sequence of mapping
        One tag mapping per feature.
    pattern_lists : iterable of iterable of dict
        E.g. every category's patterns and candidates.

    Returns
    -------
    numpy.ndarray
        Ascending positions (int64); a feature outside them matches no pattern, so
        :func:`siting.services.matched_tags` gives it ``[]`` for every list.
    """
    columns = TagColumns(tags)
    found = np.zeros(columns.n, dtype=bool)
    for patterns in pattern_lists:
        found |= columns.matching(patterns)
    return np.flatnonzero(found)
