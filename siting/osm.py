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
import itertools
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import osmium
import osmium.geom
import pandas as pd
import shapely
from shapely.geometry import LineString, Point, Polygon

from .addresses import addresses_from_file, empty_addresses
from .errors import NetworkError
from .places import empty_places, places_from_file

__all__ = ["FEATURE_KEYS", "WAY_TAGS", "OsmData", "bbox_of", "features_frame", "file_sha256",
           "is_feature", "osm_from_file", "timestamp_now"]

log = logging.getLogger(__name__)

#: Way tags kept for deciding who may use a street and how fast.
WAY_TAGS: tuple[str, ...] = (
    "highway", "name", "foot", "access", "oneway", "maxspeed", "service", "area",
    "junction", "motor_vehicle", "motorcar", "vehicle", "bicycle", "construction",
    "motorroad", "tunnel",
)
#: Tag keys that make an OSM object a candidate service feature.
FEATURE_KEYS: tuple[str, ...] = (
    "amenity", "shop", "healthcare", "public_transport", "social_facility", "office",
)
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
        ``tags`` (dict), geometry (Point, Polygon or LineString; EPSG:4326).
    addresses : pandas.DataFrame
        Address points (``addr:street`` + ``addr:housenumber``) for looking up
        plots by address: :data:`siting.addresses.ADDRESS_COLUMNS`.
    places : pandas.DataFrame
        Named places (suburbs, quarters, squares) for labelling maps:
        :data:`siting.places.PLACE_COLUMNS`.
    source : dict
        ``kind`` (file, place, polygon, demo), ``name``, ``sha256`` of the source,
        ``timestamp`` (newest object date, ISO 8601, or "") and ``bbox``. For a
        file, the objects dated are those read: ways and nodes with a ``highway``
        or service tag (untagged nodes and relations are not read).
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


def osm_from_file(path: str | Path) -> OsmData:
    """Read streets and service features from a local OSM file.

    Parameters
    ----------
    path : str or pathlib.Path
        An ``.osm.pbf``, ``.osm`` or ``.osm.bz2`` file. Ways cut at the edge of an
        extract (nodes missing from the file) are kept in the pieces that remain.

    Returns
    -------
    OsmData
    """
    path = Path(path)
    _check_osm_path(path)
    try:
        collector = _collect(path)
    except RuntimeError as exc:  # osmium reports unreadable files this way
        raise NetworkError(
            f"{path.name}: cannot be read as OpenStreetMap data ({exc}). "
            "Use an .osm.pbf, .osm or .osm.bz2 extract, e.g. from Geofabrik.",
            nb=f"{path.name}: kan ikke leses som OpenStreetMap-data ({exc}). "
            "Bruk et .osm.pbf-, .osm- eller .osm.bz2-utdrag, f.eks. fra Geofabrik.",
        ) from exc
    data = collector.to_osm_data()
    data.addresses = addresses_from_file(path)
    data.places = places_from_file(path)
    if data.segments.empty:
        raise NetworkError(
            f"{path.name}: holds no streets (no highway=* ways). "
            "Use an extract that covers the study area's street network.",
            nb=f"{path.name}: inneholder ingen gater (ingen highway=*-veier). "
            "Bruk et utdrag som dekker gatenettet i området.",
        )
    data.source = {
        "kind": "file", "name": path.name, "sha256": file_sha256(path),
        "timestamp": collector.newest, "bbox": bbox_of(data.nodes),
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


class _Collector:
    """Gathers street segments and features while osmium streams the file."""

    def __init__(self) -> None:
        self.node_loc: dict[int, tuple[float, float]] = {}
        self.seg_u: list[int] = []
        self.seg_v: list[int] = []
        self.seg_way: list[int] = []
        self.way_rows: list[dict[str, Any]] = []
        self.features: list[dict[str, Any]] = []
        self.newest = ""

    def add_way(self, way: Any) -> None:
        tags = dict(way.tags)
        refs = [(n.ref, n.location) for n in way.nodes]
        if "highway" in tags:
            self._add_street(way.id, tags, refs)
        if is_feature(tags):
            geom = _way_geometry(refs)
            if geom is not None:
                self.features.append({"osm_id": f"w{way.id}", "tags": tags, "geometry": geom})

    def add_node(self, node: Any) -> None:
        tags = dict(node.tags)
        if is_feature(tags) and node.location.valid():
            point = Point(node.location.lon, node.location.lat)
            self.features.append({"osm_id": f"n{node.id}", "tags": tags, "geometry": point})

    def _add_street(self, way_id: int, tags: dict[str, str], refs: list[Any]) -> None:
        row: dict[str, Any] = {key: tags.get(key) for key in WAY_TAGS}
        row["id"] = way_id
        self.way_rows.append(row)
        for (ref_a, loc_a), (ref_b, loc_b) in itertools.pairwise(refs):
            if not (loc_a.valid() and loc_b.valid()) or ref_a == ref_b:
                continue  # cut at the extract edge: keep the pieces that remain
            self.node_loc[ref_a] = (loc_a.lon, loc_a.lat)
            self.node_loc[ref_b] = (loc_b.lon, loc_b.lat)
            self.seg_u.append(ref_a)
            self.seg_v.append(ref_b)
            self.seg_way.append(way_id)

    def stamp(self, obj: Any) -> None:
        """Keep the newest timestamp seen (objects without one read as 1970: skipped)."""
        when = obj.timestamp
        if when is None or when.timestamp() <= 0:
            return
        stamp = when.isoformat()
        if stamp > self.newest:
            self.newest = stamp

    def to_osm_data(self) -> OsmData:
        ids = np.fromiter(self.node_loc.keys(), dtype=np.int64, count=len(self.node_loc))
        coords = np.array(list(self.node_loc.values()), dtype=float).reshape(-1, 2)
        nodes = pd.DataFrame({"lon": coords[:, 0], "lat": coords[:, 1]}, index=ids)
        segments = pd.DataFrame(
            {"u": np.asarray(self.seg_u, dtype=np.int64),
             "v": np.asarray(self.seg_v, dtype=np.int64),
             "way": np.asarray(self.seg_way, dtype=np.int64)}
        )
        ways = pd.DataFrame(self.way_rows, columns=["id", *WAY_TAGS]).set_index("id")
        ways = ways[ways.index.isin(segments["way"].unique())]
        return OsmData(nodes, segments, ways, features_frame(self.features))


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
    frame = gpd.GeoDataFrame(
        {
            "osm_id": [r["osm_id"] for r in rows],
            "name": [r["tags"].get("name", "") for r in rows],
            "tags": [r["tags"] for r in rows],
        },
        geometry=[r["geometry"] for r in rows],
        crs="EPSG:4326",
    )
    return frame


def _collect(path: Path) -> _Collector:
    collector = _Collector()
    keys = ("highway", *FEATURE_KEYS)
    processor = (
        osmium.FileProcessor(str(path), osmium.osm.NODE | osmium.osm.WAY)
        .with_locations()
        .with_filter(osmium.filter.KeyFilter(*keys))
    )
    for obj in processor:
        if isinstance(obj, osmium.osm.Way):
            collector.stamp(obj)
            collector.add_way(obj)
        elif isinstance(obj, osmium.osm.Node):
            collector.stamp(obj)
            collector.add_node(obj)
    collector.features += _relation_features(path)
    return collector


def _relation_features(path: Path) -> list[dict[str, Any]]:
    """Service features mapped as multipolygon relations (schools, kindergartens...).

    A second, cheap pass (about 0.1 s on central Oslo) in which osmium assembles
    the areas; closed ways were already read as polygons, so only relations count.
    Relations cut by the edge of the extract cannot be assembled and are skipped;
    a file whose objects are not sorted by id (osmium cannot assemble areas from
    it) keeps its nodes and ways, with a warning.
    """
    try:
        return _assembled_areas(path)
    except RuntimeError as exc:
        log.warning("%s: services mapped as multipolygon relations not read (%s)",
                    path.name, exc)
        return []


def _assembled_areas(path: Path) -> list[dict[str, Any]]:
    wkb = osmium.geom.WKBFactory()
    rows: list[dict[str, Any]] = []
    processor = (
        osmium.FileProcessor(str(path))
        .with_areas(osmium.filter.KeyFilter(*FEATURE_KEYS))
        .with_filter(osmium.filter.EntityFilter(osmium.osm.AREA))
    )
    for area in processor:
        if not isinstance(area, osmium.osm.Area):
            continue
        tags = dict(area.tags)
        if area.from_way() or not is_feature(tags):
            continue
        geometry = shapely.from_wkb(wkb.create_multipolygon(area))
        rows.append({"osm_id": f"r{area.orig_id()}", "tags": tags, "geometry": geometry})
    return rows


def is_feature(tags: dict[str, str]) -> bool:
    """Whether an OSM object may be a service, and is kept as a feature.

    Parameters
    ----------
    tags : dict of str to str

    Returns
    -------
    bool
        True for a bus stop or an object with one of :data:`FEATURE_KEYS`.
    """
    if tags.get("highway") == "bus_stop":
        return True
    return any(key in tags for key in FEATURE_KEYS)


def _way_geometry(refs: list[Any]) -> Polygon | LineString | None:
    coords = [(loc.lon, loc.lat) for _, loc in refs if loc.valid()]
    if len(coords) < 2:
        return None
    closed = refs[0][0] == refs[-1][0] and len(coords) == len(refs)
    if closed and len(coords) >= 4:
        return Polygon(coords)
    return LineString(coords)


def timestamp_now() -> str:
    """Return the current time, stamped on downloads and the demo.

    Returns
    -------
    str
        UTC in ISO 8601 to the second, e.g. ``2026-05-01T10:00:00+00:00``.
    """
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
