"""Street lines for the browser: node chains, lon/lat, Google-encoded polylines.

Consecutive segments of one OSM way are merged into chains of nodes
(:func:`segment_chains`), converted to lon/lat (:func:`lonlat`) and encoded with
Google's polyline algorithm at 1e-6 degrees (:func:`encode_many`), which
:class:`siting.webmap.layers.EncodedLines` decodes in the browser.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pyproj

__all__ = ["decode_polyline", "encode_many", "encode_polyline", "lonlat", "segment_chains"]


@lru_cache(maxsize=8)
def _to_wgs84(crs: str) -> pyproj.Transformer:
    return pyproj.Transformer.from_crs(crs, "EPSG:4326", always_xy=True)


def lonlat(xy: np.ndarray, crs: str) -> np.ndarray:
    """Convert (n, 2) coordinates in ``crs`` to (n, 2) lon/lat degrees."""
    xy = np.asarray(xy, dtype=float).reshape(-1, 2)
    lon, lat = _to_wgs84(crs).transform(xy[:, 0], xy[:, 1])
    return np.column_stack([lon, lat])


def segment_chains(u: np.ndarray, v: np.ndarray, key: np.ndarray) -> list[np.ndarray]:
    """Merge consecutive segments into node chains.

    A chain continues while the next segment starts where the previous one
    ended and has the same ``key`` (e.g. way id and colour band).

    Returns
    -------
    list of numpy.ndarray
        Node indices of each polyline.
    """
    if not len(u):
        return []
    brk = np.r_[True, (key[1:] != key[:-1]) | (u[1:] != v[:-1])]
    ends = np.r_[np.flatnonzero(brk)[1:], len(u)]
    # each chain is its segments' start nodes followed by its last segment's end node
    nodes = np.insert(np.asarray(u), ends, np.asarray(v)[ends - 1])
    return np.split(nodes, (ends + np.arange(1, len(ends) + 1))[:-1])


def encode_polyline(lonlat_coords: np.ndarray, precision: int = 6) -> str:
    """Encode a line with Google's polyline algorithm (lat, lon order).

    About 6 characters a point instead of 22 in GeoJSON; decoded in the browser
    by :class:`~siting.webmap.layers.EncodedLines`. ``precision`` 6 keeps 1e-6
    degrees (about 0.1 m).
    """
    return encode_many([np.asarray(lonlat_coords, dtype=float)], precision)[0]


def encode_many(lines: list[np.ndarray], precision: int = 6) -> list[str]:
    """Encode many (n, 2) lon/lat lines at once (vectorised over all points)."""
    if not lines:
        return []
    counts = np.array([len(line) for line in lines])
    ints = np.round(np.vstack(lines)[:, ::-1] * 10**precision).astype(np.int64)
    first = np.r_[0, np.cumsum(counts)[:-1]]
    deltas = np.diff(ints, axis=0, prepend=np.zeros((1, 2), np.int64))
    deltas[first] = ints[first]
    d = deltas.ravel()
    zig = np.where(d < 0, ~(d << 1), d << 1).astype(np.uint64)
    n_chunks = 1 + sum((zig >= np.uint64(32**j)).astype(int) for j in range(1, 8))
    k = np.arange(n_chunks.max())
    chunks = (zig[:, None] >> (5 * k[None, :]).astype(np.uint64)) & np.uint64(31)
    more = k[None, :] < (n_chunks[:, None] - 1)
    chars = (chunks | np.where(more, 32, 0).astype(np.uint64)) + np.uint64(63)
    valid = k[None, :] < n_chunks[:, None]
    flat = chars[valid].astype(np.uint8).tobytes().decode("ascii")
    per_value = n_chunks.reshape(-1, 2).sum(axis=1)
    ends: np.ndarray = np.cumsum(np.add.reduceat(per_value, first))
    starts = np.r_[0, ends[:-1]]
    return [flat[a:b] for a, b in zip(starts, ends, strict=True)]


def decode_polyline(text: str, precision: int = 6) -> np.ndarray:
    """Decode :func:`encode_polyline` output back to (n, 2) lon/lat (for tests)."""
    values, shift, result = [], 0, 0
    for ch in text:
        b = ord(ch) - 63
        result |= (b & 31) << shift
        shift += 5
        if b < 32:
            values.append(~(result >> 1) if result & 1 else result >> 1)
            shift, result = 0, 0
    latlon = np.cumsum(np.reshape(values, (-1, 2)), axis=0) / 10**precision
    return latlon[:, ::-1]
