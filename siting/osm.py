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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd

from ._osm_read import FEATURE_KEYS, WAY_TAGS, is_feature, read_file
from .addresses import empty_addresses
from .errors import NetworkError
from .places import empty_places, places_from_tags

__all__ = ["FEATURE_KEYS", "WAY_TAGS", "OsmData", "bbox_of", "features_frame", "file_sha256",
           "is_feature", "osm_from_file", "timestamp_now"]

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
    features = gpd.GeoDataFrame({"osm_id": read.feature_ids, "name": read.tags.column("name"),
                                 "tags": read.tags.to_dicts()},
                                geometry=read.feature_geoms, crs="EPSG:4326")
    data = OsmData(read.nodes, read.segments, read.ways, features)
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
    log.info(
        "read %s: %d street segments on %d ways, %d nodes, %d features, %d addresses",
        path.name, len(data.segments), len(data.ways), len(data.nodes), len(data.features),
        len(data.addresses),
    )
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
