"""OpenStreetMap data from a local file (or, in :mod:`siting.live`, the live API).

All readers return one :class:`OsmData`: the street ways cut into segments between
consecutive OSM nodes, the tags of each way, the point-of-interest features that
services are drawn from, and where the data came from (content hash and date).
Every later stage works on this object only, so it does not care whether the data
came from a ``.osm.pbf`` file, OSM XML, a live download or the built-in demo.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import pickle
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd

from ._osm_read import FEATURE_KEYS, WAY_TAGS, is_feature, read_file
from ._tags import TagTable
from .addresses import empty_addresses
from .errors import NetworkError
from .places import empty_places, places_from_tags
from .text import said, t

__all__ = ["FEATURE_KEYS", "WAY_TAGS", "OsmData", "bbox_of", "features_frame", "file_sha256",
           "is_feature", "osm_from_file", "tags_by_id", "timestamp_now"]

log = logging.getLogger(__name__)

SUFFIXES = (".osm.pbf", ".pbf", ".osm", ".osm.bz2", ".osm.gz", ".xml")


@dataclass
class OsmData:
    """Street ways and service features of one study area, in EPSG:4326.

    Attributes
    ----------
    nodes : pandas.DataFrame
        Index: OSM node id. Columns ``lon``, ``lat`` (degrees). Only nodes used by
        street segments.
    segments : pandas.DataFrame
        Columns ``u``, ``v`` (OSM node ids, in the way's drawing order) and ``way``
        (OSM way id). One row per pair of consecutive nodes of a street way.
    ways : pandas.DataFrame
        Index: OSM way id. One column per tag in :data:`WAY_TAGS` (string or None).
    features : geopandas.GeoDataFrame
        Candidate service features: ``osm_id`` (e.g. "n123", "w45"), ``name``,
        ``tags`` (dict), geometry (Point, Polygon, MultiPolygon or LineString;
        EPSG:4326).
    addresses : pandas.DataFrame
        Address points (``addr:street`` + ``addr:housenumber``) for looking up
        plots by address: :data:`siting.addresses.ADDRESS_COLUMNS`.
    source : dict
        ``kind`` (file, place, polygon, demo), ``name``, ``sha256`` of the source,
        ``timestamp`` (newest object date, ISO 8601, or "") and ``bbox``. For a
        file, the objects dated are those read: ways and nodes with a ``highway``
        or service tag (untagged nodes and relations are not read).
    places : pandas.DataFrame
        Named places (suburbs, quarters, squares) for labelling maps:
        :data:`siting.places.PLACE_COLUMNS`.
    """

    nodes: pd.DataFrame
    segments: pd.DataFrame
    ways: pd.DataFrame
    features: gpd.GeoDataFrame
    source: dict[str, Any] = field(default_factory=dict)
    addresses: pd.DataFrame = field(default_factory=empty_addresses)
    places: pd.DataFrame = field(default_factory=empty_places)

    # The features' tag dictionaries are many small objects: a file's features and a
    # stored study keep the tags column-wise (a TagTable) and ``features`` is made
    # when first asked for. The police stations' tags are read without it
    # (:meth:`feature_tags`), so a ranking never builds the dictionaries.

    @classmethod
    def with_lazy_features(cls, nodes: pd.DataFrame, segments: pd.DataFrame,
                           ways: pd.DataFrame, features: gpd.GeoDataFrame,
                           tags: TagTable) -> OsmData:
        """Return the data with ``features`` (without ``tags``) given their tags
        column-wise; the ``tags`` column (third) is made when ``features`` is first used."""
        data = cls(nodes, segments, ways, features)
        del data.__dict__["features"]
        data.__dict__["_lazy"] = _LazyFeatures(features["osm_id"].to_numpy(dtype=object),
                                               tags, features, 2)
        return data

    def __getattr__(self, name: str) -> Any:
        if name == "features" and "_lazy" in self.__dict__:
            with _LAZY_LOCK:
                if "features" not in self.__dict__:
                    self.__dict__["features"] = self.__dict__["_lazy"].frame()
                    self.__dict__.pop("_lazy")
            return self.__dict__["features"]
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def __copy__(self) -> OsmData:
        copy = object.__new__(type(self))
        copy.__dict__.update(self.__dict__)  # (the lazy features stay lazy)
        return copy

    def __getstate__(self) -> dict[str, Any]:
        """The state to pickle: features column-wise (see :class:`_LazyFeatures`)."""
        state = dict(self.__dict__)
        frame = state.get("features")
        if frame is not None and "tags" in frame.columns and len(frame):  # (else: as it is)
            del state["features"]
            state["_lazy"] = _LazyFeatures.of(frame)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)

    def feature_tags(self, ids: Iterable[str]) -> dict[str, dict[str, str]]:
        """Return the tags of the features with these OSM ids (absent ids are left out),
        without making every feature's dictionary when they are stored column-wise.

        Parameters
        ----------
        ids : iterable of str
            OSM ids such as "n123", "w45".

        Returns
        -------
        dict of str to dict
        """
        wanted = set(ids)
        lazy = self.__dict__.get("_lazy")
        if lazy is None:
            return tags_by_id(self.features, wanted)
        rows = np.flatnonzero(pd.Series(lazy.ids).isin(wanted).to_numpy())
        return dict(zip(lazy.ids[rows].tolist(), lazy.tags.rows(rows.tolist()), strict=True))


def tags_by_id(features: gpd.GeoDataFrame, ids: set[str]) -> dict[str, dict[str, str]]:
    """The tags of the rows of ``features`` whose OSM id is in ``ids``.

    Parameters
    ----------
    features : geopandas.GeoDataFrame
        With ``osm_id`` and ``tags``.
    ids : set of str

    Returns
    -------
    dict of str to dict
        Tags by OSM id.
    """
    osm_ids = features["osm_id"].astype(str)
    mine = osm_ids.isin(ids).to_numpy()
    return dict(zip(osm_ids[mine], features["tags"][mine], strict=True))


_LAZY_LOCK = threading.Lock()  # a prepared study is shared by the app's sessions


@dataclass
class _LazyFeatures:
    """A features table with its tags column-wise; :meth:`frame` makes the table.

    When pickled, the other columns are pickled apart into a byte array, so that a
    stored study unpickles them (131,000 geometries at 4x4 tiled Oslo) only when
    the features are used.
    """

    ids: np.ndarray  # osm_id per feature (object)
    tags: TagTable
    rest: gpd.GeoDataFrame | np.ndarray  # the other columns, or their pickle (uint8)
    at: int  # position of the tags column

    @classmethod
    def of(cls, frame: gpd.GeoDataFrame) -> _LazyFeatures:
        """Take a features table apart (its ``tags`` column into a TagTable)."""
        return cls(frame["osm_id"].astype(str).to_numpy(dtype=object),
                   TagTable.from_dicts(frame["tags"]), frame.drop(columns="tags"),
                   frame.columns.get_loc("tags"))

    def frame(self) -> gpd.GeoDataFrame:
        """The features table, with one tag dictionary per feature."""
        rest = self.rest
        if not isinstance(rest, gpd.GeoDataFrame):
            rest = pickle.loads(rest.tobytes())
        out = rest.copy(deep=False)
        out.insert(self.at, "tags", pd.Series(self.tags.to_dicts(), index=out.index, dtype=object))
        return out

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        if isinstance(self.rest, gpd.GeoDataFrame):
            state["rest"] = np.frombuffer(pickle.dumps(self.rest, protocol=5), dtype=np.uint8)
        return state


def file_sha256(path: str | Path) -> str:
    """Return the SHA-256 of a file's content (names the file in caches and scenarios).

    Parameters
    ----------
    path : str or pathlib.Path

    Returns
    -------
    str
        64 hex digits.
    """
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def osm_from_file(path: str | Path, sha256: str | None = None) -> OsmData:
    """Read streets and service features from a local OSM file.

    Parameters
    ----------
    path : str or pathlib.Path
        An ``.osm.pbf``, ``.osm`` or ``.osm.bz2`` file. Ways cut at the edge of an
        extract (nodes missing from the file) are kept in the pieces that remain.
    sha256 : str, optional
        The file's SHA-256 if the caller has it already (the file is then not
        hashed again).

    Returns
    -------
    OsmData
    """
    path = Path(path)
    _check_osm_path(path)
    try:
        read = read_file(path)
    except RuntimeError as exc:  # osmium reports unreadable files this way
        raise NetworkError(
            f"{path.name}: cannot be read as OpenStreetMap data ({exc}). "
            "Use an .osm.pbf, .osm or .osm.bz2 extract, e.g. from Geofabrik.",
            nb=f"{path.name}: kan ikke leses som OpenStreetMap-data ({exc}). "
            "Bruk et .osm.pbf-, .osm- eller .osm.bz2-utdrag, f.eks. fra Geofabrik.",
        ) from exc
    features = gpd.GeoDataFrame({"osm_id": read.feature_ids, "name": read.tags.column("name")},
                                geometry=read.feature_geoms, crs="EPSG:4326")
    data = OsmData.with_lazy_features(read.nodes, read.segments, read.ways, features, read.tags)
    data.addresses = read.addresses
    data.places = places_from_tags(read.places)
    if data.segments.empty:
        raise NetworkError(
            f"{path.name}: holds no streets (no highway=* ways). "
            "Use an extract that covers the study area's street network.",
            nb=f"{path.name}: inneholder ingen gater (ingen highway=*-veier). "
            "Bruk et utdrag som dekker gatenettet i området.",
        )
    data.source = {
        "kind": "file", "name": path.name, "sha256": sha256 or file_sha256(path),
        "timestamp": read.newest, "bbox": bbox_of(data.nodes),
    }
    counts = {"segments": len(data.segments), "ways": len(data.ways), "nodes": len(data.nodes),
              "features": len(read.feature_ids), "addresses": len(data.addresses)}
    log.info("%s", t("log.read_osm", "en", name=path.name, **counts),
             extra=said("log.read_osm", name=path.name, **counts))
    return data


def _check_osm_path(path: Path) -> None:
    name = path.name.lower()
    if not any(name.endswith(suffix) for suffix in SUFFIXES):
        raise NetworkError(
            f"{path.name}: not an OSM file (expected .osm.pbf, .osm or .osm.bz2).",
            nb=f"{path.name}: ikke en OSM-fil (forventet .osm.pbf, .osm eller .osm.bz2).",
        )
    if not path.is_file():
        raise NetworkError(
            f"{path}: file not found. Check the path given to --osm.",
            nb=f"{path}: finner ikke filen. Sjekk stien som er gitt til --osm.",
        )


def bbox_of(nodes: pd.DataFrame) -> list[float]:
    """Return the bounding box of the street nodes.

    Parameters
    ----------
    nodes : pandas.DataFrame
        ``lon``, ``lat`` in degrees (EPSG:4326).

    Returns
    -------
    list of float
        [west, south, east, north] in degrees; [] when there are no nodes.
    """
    if nodes.empty:
        return []
    return [float(nodes.lon.min()), float(nodes.lat.min()),
            float(nodes.lon.max()), float(nodes.lat.max())]


def timestamp_now() -> str:
    """Return the current time, stamped on downloads and the demo.

    Returns
    -------
    str
        UTC in ISO 8601 to the second, e.g. ``2026-05-01T10:00:00+00:00``.
    """
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def features_frame(rows: list[dict[str, Any]]) -> gpd.GeoDataFrame:
    """Build the features table from read rows.

    Parameters
    ----------
    rows : list of dict
        ``osm_id`` ("n123", "w45", "r6"), ``tags`` (dict) and ``geometry`` (shapely).

    Returns
    -------
    geopandas.GeoDataFrame
        One row per feature, EPSG:4326 (longitude/latitude in degrees).
    """
    return gpd.GeoDataFrame(
        {
            "osm_id": [r["osm_id"] for r in rows],
            "name": [r["tags"].get("name", "") for r in rows],
            "tags": [r["tags"] for r in rows],
        },
        geometry=[r["geometry"] for r in rows],
        crs="EPSG:4326",
    )
