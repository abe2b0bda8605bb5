"""OpenStreetMap data downloaded live through OSMnx, kept on disk for offline use.

:func:`osm_from_place` geocodes a place name to its boundary (Nominatim) and
:func:`osm_from_polygon` takes a boundary directly; both download the street ways
and the service features inside it (Overpass) and return the same
:class:`~siting.osm.OsmData` a file read gives. The result is stored under
``settings.cache_dir / "places"``, keyed by the SHA-256 of the normalised query
(or the polygon's WKT), so the next call is offline and instant;
:func:`cached_places` lists what is stored. OSMnx keeps its own HTTP cache under
``settings.cache_dir / "http"``, so a download that failed half-way resumes.

The street graph comes from ``osmnx.graph_from_polygon`` built with
``osmnx.settings.all_oneway = True``: every way is then added once, in its drawing
order, with its ``oneway`` tag as written (OSMnx otherwise adds reverse twins and
turns ``oneway`` into True/False). Only ``oneway=-1``/``reverse`` ways come back
reversed, and are turned round again. Every failure becomes one
:class:`~siting.errors.NetworkError` naming the place, what happened and the fix.

The error texts live in :mod:`siting._live_errors`, the store of downloads in
:mod:`siting._place_cache`.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import threading
from collections import defaultdict, deque
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeAlias

import geopandas as gpd
import networkx as nx
import numpy as np
import osmnx as ox
import pandas as pd
import shapely
from osmnx._errors import InsufficientResponseError
from shapely.geometry import LineString, MultiPolygon, Polygon

from . import settings
from ._live_errors import (
    Target,
    check_polygon,
    check_response,
    guarded,
    no_place,
    no_streets,
    not_an_area,
)
from ._osmnx_cache import atomic_answer_cache
from ._place_cache import (
    list_entries,
    load_entry,
    places_dir,
    read_entry,
    save_entry,
    text_sha256,
)
from .addresses import addresses_from_tags
from .errors import NetworkError
from .osm import (
    FEATURE_KEYS,
    WAY_TAGS,
    OsmData,
    bbox_of,
    features_frame,
    is_feature,
    timestamp_now,
)
from .places import KINDS as PLACE_KINDS
from .places import places_from_tags
from .text import pick, said, t

__all__ = ["cached_places", "osm_from_cache", "osm_from_place", "osm_from_polygon"]

log = logging.getLogger(__name__)

#: ``progress(text, fraction)``: a stage has started (fraction 0..1 of the work).
Progress = Callable[[str, float], None]
Boundary: TypeAlias = Polygon | MultiPolygon
#: What ``features_from_polygon`` asks for: the file reader's feature rule, the address
#: points (for looking plots up by address) and named places (for labelling maps).
FEATURE_TAGS: dict[str, bool | str | list[str]] = {
    **dict.fromkeys(FEATURE_KEYS, True), "highway": "bus_stop", "addr:housenumber": True,
    "place": list(PLACE_KINDS),
}
#: ``oneway`` values for which OSMnx reverses a way's node order (graph._add_paths).
REVERSED_ONEWAY = frozenset({"-1", "reverse", "T"})
_LOCK = threading.RLock()  # OSMnx settings are process-wide

#: Share of the work done when each stage starts; its text is the catalogue's ``live.<stage>``.
STAGES: dict[str, float] = {"geocode": 0.0, "streets": 0.15, "services": 0.55, "build": 0.85,
                            "done": 1.0, "cached": 1.0}


def osm_from_place(query: str, *, progress: Progress | None = None, lang: str = "en",
                   refresh: bool = False) -> OsmData:
    """Download the streets and services of a named place, or read them from the cache.

    Parameters
    ----------
    query : str
        Place name Nominatim can resolve to an area, e.g. "Melhus kommune, Norway".
    progress : callable, optional
        Called as ``progress(text, fraction)`` when each stage starts.
    lang : str
        Language of the progress texts, "en" or "nb".
    refresh : bool
        Download again even if the place is cached (bypasses both caches).

    Returns
    -------
    OsmData
        In EPSG:4326; ``source`` holds kind "place", the query, its SHA-256 key,
        the download time, the bbox and ``boundary_wkt``.
    """
    query = " ".join(query.split())
    target = (f"'{query}'", f"«{query}»")
    key = text_sha256(query.casefold())
    report = _reporter(progress, lang, target)
    cached = None if refresh else load_entry(key, report)
    if cached is not None:
        return cached
    with _osmnx_settings(refresh=refresh):
        report("geocode")
        boundary = guarded(lambda: _geocode(query, target), "nominatim", target)
        data = _download(boundary, target, report)
    return _finish(data, "place", query, key, boundary, report)


def osm_from_polygon(polygon: Boundary, *, name: str, progress: Progress | None = None,
                     lang: str = "en", refresh: bool = False) -> OsmData:
    """Download the streets and services inside ``polygon``, or read them from the cache.

    Parameters
    ----------
    polygon : shapely.Polygon or shapely.MultiPolygon
        Study-area boundary in EPSG:4326 (longitude, latitude).
    name : str
        Name of the area, shown in progress texts, errors and ``source["name"]``.
    progress, lang, refresh
        As for :func:`osm_from_place`.

    Returns
    -------
    OsmData
        ``source["kind"]`` is "polygon"; the cache key is the SHA-256 of the WKT.
    """
    target = (f"the area '{name}'", f"området «{name}»")
    check_polygon(polygon, target)
    key = text_sha256(shapely.to_wkt(shapely.normalize(polygon), rounding_precision=7))
    report = _reporter(progress, lang, target)
    cached = None if refresh else load_entry(key, report)
    if cached is not None:
        return cached
    with _osmnx_settings(refresh=refresh):
        data = _download(polygon, target, report)
    return _finish(data, "polygon", name, key, polygon, report)


def cached_places() -> list[dict[str, Any]]:
    """List the downloaded areas stored for offline use, most recently used first.

    Returns
    -------
    list of dict
        ``query`` (place name or area name), ``kind`` ("place" or "polygon"),
        ``date`` (download time, ISO 8601), ``last_used`` and ``path`` (give it to
        :func:`osm_from_cache`).
    """
    return list_entries()


def osm_from_cache(path: str | Path) -> OsmData:
    """Read a stored download (a ``path`` from :func:`cached_places`)."""
    data = read_entry(Path(path))
    if data is None:
        raise NetworkError(
            f"{Path(path).name}: not a readable stored download. Download the area again.",
            nb=f"{Path(path).name}: ikke en lesbar lagret nedlasting. Last ned området på nytt.",
        )
    return data


# -- stages -----------------------------------------------------------------------------------
def _download(boundary: Boundary, target: Target, report: Callable[..., None]) -> OsmData:
    report("streets")
    graph = guarded(lambda: _streets(boundary, target), "overpass", target)
    report("services")
    features = guarded(lambda: _services(boundary), "overpass", target)
    report("build")
    nodes, segments, ways = _segments_from_graph(graph)
    if segments.empty:
        raise no_streets(target)
    rows = _feature_rows(features)
    services = [r for r in rows if is_feature(r["tags"])]
    addresses = addresses_from_tags((r["tags"], *_centre(r["geometry"])) for r in rows
                                    if "addr:housenumber" in r["tags"])
    places = places_from_tags((r["tags"], *_centre(r["geometry"])) for r in rows
                              if "place" in r["tags"])
    return OsmData(nodes, segments, ways, features_frame(services), addresses=addresses,
                   places=places)


def _centre(geom: Any) -> tuple[float, float]:
    """Longitude and latitude of an address object (a building's centre point)."""
    point = geom if geom.geom_type == "Point" else geom.representative_point()
    return float(point.x), float(point.y)


def _geocode(query: str, target: Target) -> Boundary:
    try:
        gdf = ox.geocode_to_gdf(query)
    except InsufficientResponseError as exc:
        if "0 results" not in str(exc):
            raise
        raise no_place(target) from exc
    except TypeError as exc:  # results, but none with a (Multi)Polygon geometry
        raise not_an_area(target) from exc
    boundary = gdf.geometry.iloc[0]
    return boundary if boundary.is_valid else boundary.buffer(0)


def _streets(boundary: Boundary, target: Target) -> nx.MultiDiGraph:
    try:
        return ox.graph_from_polygon(boundary, custom_filter='["highway"]', simplify=False,
                                     retain_all=True, truncate_by_edge=True)
    except InsufficientResponseError as exc:  # no elements at all
        raise no_streets(target) from exc
    except ValueError as exc:  # "Found no graph nodes within the requested polygon."
        if "no graph nodes" not in str(exc):
            raise
        raise no_streets(target) from exc


def _services(boundary: Boundary) -> gpd.GeoDataFrame | None:
    try:
        return ox.features_from_polygon(boundary, tags=FEATURE_TAGS)
    except InsufficientResponseError:  # "No matching features": a valid, empty answer
        log.warning("no service features in the downloaded area")
        return None


def _finish(data: OsmData, kind: str, name: str, key: str, boundary: Boundary,
            report: Callable[..., None]) -> OsmData:
    data.source = {"kind": kind, "name": name, "sha256": key, "timestamp": timestamp_now(),
                   "bbox": bbox_of(data.nodes), "boundary_wkt": boundary.wkt}
    counts = {"segments": len(data.segments), "ways": len(data.ways), "nodes": len(data.nodes),
              "features": len(data.features)}
    log.info("%s", t("log.downloaded_osm", "en", name=name, **counts),
             extra=said("log.downloaded_osm", name=name, **counts))
    try:
        save_entry(key, data)
    except OSError as exc:  # the download itself is fine; only the next run is slower
        log.warning("could not store %s for offline use in %s: %s", name, places_dir(), exc)
    report("done")
    return data


# -- graph -> segments ------------------------------------------------------------------------
def _segments_from_graph(graph: nx.MultiDiGraph) -> tuple[pd.DataFrame, ...]:
    """Turn an OSMnx graph back into nodes, segments (drawing order) and way tags.

    Edges OSMnx added as reverse twins (``reversed=True``) are skipped. A string
    ``oneway`` is the tag as written (``all_oneway``); a bool one (default OSMnx) means
    the edge exists only in its allowed direction, recorded as ``oneway="yes"``.
    """
    edges: dict[int, list[tuple[int, int]]] = defaultdict(list)
    rows: dict[int, dict[str, Any]] = {}
    for u, v, data in graph.edges(data=True):
        if data.get("reversed") is True:
            continue
        way = int(data["osmid"])
        if way not in rows:
            rows[way] = {key: data.get(key) for key in WAY_TAGS}
            if isinstance(rows[way]["oneway"], bool):
                rows[way]["oneway"] = "yes" if rows[way]["oneway"] else None
        edges[way].append((u, v))
    ordered = {way: _drawing_order(edges[way], rows[way]["oneway"] in REVERSED_ONEWAY)
               for way in sorted(edges)}
    pairs = np.array([p for trail in ordered.values() for p in trail], dtype=np.int64)
    pairs = pairs.reshape(-1, 2)
    segments = pd.DataFrame({"u": pairs[:, 0], "v": pairs[:, 1], "way": np.repeat(
        np.fromiter(ordered, dtype=np.int64), [len(t) for t in ordered.values()])})
    ids = pd.unique(pairs.ravel())  # first use, as the file reader orders them
    xy = np.array([(graph.nodes[n]["x"], graph.nodes[n]["y"]) for n in ids], dtype=float)
    xy = xy.reshape(-1, 2)
    nodes = pd.DataFrame({"lon": xy[:, 0], "lat": xy[:, 1]}, index=ids.astype(np.int64))
    ways = pd.DataFrame([{"id": w, **rows[w]} for w in ordered],
                        columns=["id", *WAY_TAGS]).set_index("id")
    return nodes, segments, ways


def _drawing_order(edges: list[tuple[int, int]], reversed_way: bool) -> list[tuple[int, int]]:
    """Chain one way's edges back into its drawing order.

    Each piece of a way is a trail; from its start (more edges out than in) taking
    at every node the earliest unused out-edge replays the drawing (graph edges keep
    their insertion order per node). OSMnx inserted a ``oneway=-1`` way back to
    front, so its trail is replayed as inserted and then turned round. A closed
    way's start is unknown: its ring starts at its first node in graph order.
    """
    if reversed_way:
        return [(v, u) for u, v in reversed(_drawing_order(edges, False))]
    out: dict[int, deque[int]] = defaultdict(deque)
    surplus: dict[int, int] = defaultdict(int)  # unused edges out minus in
    for u, v in edges:
        out[u].append(v)
        surplus[u] += 1
        surplus[v] -= 1
    trail: list[tuple[int, int]] = []
    while len(trail) < len(edges):
        start = next((n for n in out if out[n] and surplus[n] > 0), None)
        start = start if start is not None else next(n for n in out if out[n])
        trail += _trail(start, out, surplus)
    return trail


def _trail(start: int, out: dict[int, deque[int]], surplus: dict[int, int]
           ) -> list[tuple[int, int]]:
    """Hierholzer's walk from ``start``: every reachable unused edge exactly once."""
    stack: list[tuple[int, tuple[int, int] | None]] = [(start, None)]
    done: list[tuple[int, int]] = []
    while stack:
        node, edge = stack[-1]
        if out[node]:
            nxt = out[node].popleft()
            surplus[node] -= 1
            surplus[nxt] += 1
            stack.append((nxt, (node, nxt)))
        else:
            stack.pop()
            if edge is not None:
                done.append(edge)
    return done[::-1]


def _feature_rows(features: gpd.GeoDataFrame | None) -> list[dict[str, Any]]:
    """``features_frame`` rows: n/w/r ids, tags without NaN, the file reader's geometry."""
    if features is None or features.empty:
        return []
    kinds = {"node": "n", "way": "w", "relation": "r"}
    index = features.index  # (element, id), sorted: node, relation, way
    order = sorted(range(len(index)), key=lambda i: (list(kinds).index(index[i][0]), index[i][1]))
    features = features.iloc[order]
    records = features.drop(columns="geometry").to_dict("records")
    rows = []
    for (kind, osm_id), tags, geom in zip(features.index, records, features.geometry,
                                          strict=True):
        if kind == "way" and isinstance(geom, LineString) and geom.is_closed \
                and len(geom.coords) >= 4:  # as the file reader: a closed way is an area
            geom = Polygon(geom.coords)
        rows.append({"osm_id": f"{kinds[kind]}{osm_id}", "geometry": geom,
                     "tags": {k: v for k, v in tags.items() if isinstance(v, str)}})
    return rows


# -- OSMnx settings ---------------------------------------------------------------------------
@contextlib.contextmanager
def _osmnx_settings(*, refresh: bool) -> Iterator[None]:
    """Point OSMnx at our endpoints and cache for one download, then restore it."""
    names = ("overpass_url", "nominatim_url", "use_cache", "cache_folder", "useful_tags_way",
             "all_oneway", "requests_kwargs")
    with _LOCK:
        saved = {name: getattr(ox.settings, name) for name in names}
        getaddrinfo = socket.getaddrinfo  # OSMnx's _config_dns replaces it process-wide
        ox.settings.overpass_url = settings.overpass_url
        ox.settings.nominatim_url = settings.nominatim_url
        ox.settings.use_cache = not refresh
        ox.settings.cache_folder = Path(settings.cache_dir) / "http"
        ox.settings.useful_tags_way = list(dict.fromkeys([*saved["useful_tags_way"], *WAY_TAGS]))
        ox.settings.all_oneway = True
        ox.settings.requests_kwargs = {**saved["requests_kwargs"],
                                       "hooks": {"response": [check_response]}}
        try:
            with atomic_answer_cache():
                yield
        finally:
            for name, value in saved.items():
                setattr(ox.settings, name, value)
            socket.getaddrinfo = getaddrinfo


def _reporter(progress: Progress | None, lang: str, target: Target) -> Callable[..., None]:
    """The ``report(stage, **values)`` of one download: log the stage, tell ``progress``."""
    def report(stage: str, **values: str) -> None:
        text = t(f"live.{stage}", lang, place=pick(lang, target[1], target[0]), **values)
        fraction = STAGES[stage]
        log.info(text)
        if progress is not None:
            progress(text, fraction)
    return report

