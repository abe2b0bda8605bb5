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
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import logging
import pickle
import socket
import threading
from collections import defaultdict, deque
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeAlias
from urllib.parse import urlparse

import geopandas as gpd
import networkx as nx
import numpy as np
import osmnx as ox
import pandas as pd
import requests
import shapely
from osmnx._errors import InsufficientResponseError
from shapely.geometry import LineString, MultiPolygon, Polygon
from urllib3.exceptions import NameResolutionError

from . import settings
from .errors import NetworkError
from .osm import FEATURE_KEYS, WAY_TAGS, OsmData, _bbox, features_frame, timestamp_now

__all__ = ["cached_places", "osm_from_cache", "osm_from_place", "osm_from_polygon"]

log = logging.getLogger(__name__)

#: ``progress(text, fraction)``: a stage has started (fraction 0..1 of the work).
Progress = Callable[[str, float], None]
Boundary: TypeAlias = Polygon | MultiPolygon
FORMAT_VERSION = 1
#: What ``features_from_polygon`` asks for: the file reader's feature rule.
FEATURE_TAGS: dict[str, bool | str | list[str]] = {
    **dict.fromkeys(FEATURE_KEYS, True), "highway": "bus_stop",
}
#: ``oneway`` values for which OSMnx reverses a way's node order (graph._add_paths).
REVERSED_ONEWAY = frozenset({"-1", "reverse", "T"})
_LOCK = threading.RLock()  # OSMnx settings are process-wide

STAGES: dict[str, tuple[str, str, float]] = {
    "geocode": ("Finding the boundary of {en} (Nominatim)",
                "Finner grensen for {nb} (Nominatim)", 0.0),
    "streets": ("Downloading the streets of {en} (Overpass)",
                "Laster ned gatene i {nb} (Overpass)", 0.15),
    "services": ("Downloading the services in {en} (Overpass)",
                 "Laster ned tjenestene i {nb} (Overpass)", 0.55),
    "build": ("Building street segments and services of {en}",
              "Bygger gatesegmenter og tjenester for {nb}", 0.85),
    "done": ("Saved {en} for offline use", "Lagret {nb} for bruk uten nett", 1.0),
    "cached": ("Read {en} from the offline copy of {date}",
               "Leste {nb} fra den lagrede kopien fra {date}", 1.0),
}
NET_FIX = ("Check the internet connection, or open a local .osm.pbf extract with --osm.",
           "Sjekk internettforbindelsen, eller åpne et lokalt .osm.pbf-utdrag med --osm.")
LATER_FIX = ("Try again later, or open a local .osm.pbf extract with --osm.",
             "Prøv igjen senere, eller åpne et lokalt .osm.pbf-utdrag med --osm.")
SERVICES = {"nominatim": ("The OpenStreetMap place search (Nominatim)",
                          "OpenStreetMap-stedssøket (Nominatim)"),
            "overpass": ("The OpenStreetMap map-data server (Overpass)",
                         "OpenStreetMap-kartdatatjeneren (Overpass)")}


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
    key = _sha256(query.casefold())
    report = _reporter(progress, lang, target)
    cached = None if refresh else _load_entry(key, report)
    if cached is not None:
        return cached
    with _osmnx_settings(refresh=refresh):
        report("geocode")
        boundary = _guarded(lambda: _geocode(query, target), "nominatim", target)
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
    _check_polygon(polygon, target)
    key = _sha256(shapely.to_wkt(shapely.normalize(polygon), rounding_precision=7))
    report = _reporter(progress, lang, target)
    cached = None if refresh else _load_entry(key, report)
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
    entries = []
    for meta_path in sorted(_places_dir().glob("*.json")):
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        path = meta_path.with_suffix(".pickle")
        if path.is_file() and meta.get("format") == FORMAT_VERSION:
            entries.append({"query": meta["query"], "kind": meta["kind"], "date": meta["date"],
                            "last_used": meta["last_used"], "path": path})
    return sorted(entries, key=lambda e: e["last_used"], reverse=True)


def osm_from_cache(path: str | Path) -> OsmData:
    """Read a stored download (a ``path`` from :func:`cached_places`)."""
    data = _read_pickle(Path(path))
    if data is None:
        raise NetworkError(
            f"{Path(path).name}: not a readable stored download. Download the area again.",
            nb=f"{Path(path).name}: ikke en lesbar lagret nedlasting. Last ned området på nytt.",
        )
    return data


# -- stages -----------------------------------------------------------------------------------
def _download(boundary: Boundary, target: tuple[str, str], report: Callable[..., None]
              ) -> OsmData:
    report("streets")
    graph = _guarded(lambda: _streets(boundary, target), "overpass", target)
    report("services")
    features = _guarded(lambda: _services(boundary), "overpass", target)
    report("build")
    nodes, segments, ways = _segments_from_graph(graph)
    if segments.empty:
        raise _no_streets(target)
    return OsmData(nodes, segments, ways, features_frame(_feature_rows(features)))


def _geocode(query: str, target: tuple[str, str]) -> Boundary:
    try:
        gdf = ox.geocode_to_gdf(query)
    except InsufficientResponseError as exc:
        if "0 results" not in str(exc):
            raise
        raise NetworkError(
            f"No place called {target[0]} was found in OpenStreetMap (Nominatim returned "
            "no results). Check the spelling, or name the municipality and country, "
            "e.g. 'Melhus kommune, Norway'.",
            nb=f"Fant ikke noe sted som heter {target[1]} i OpenStreetMap (Nominatim ga "
            "ingen treff). Sjekk stavingen, eller oppgi kommune og land, "
            "f.eks. «Melhus kommune, Norway».",
        ) from exc
    except TypeError as exc:  # results, but none with a (Multi)Polygon geometry
        raise NetworkError(
            f"{_cap(target[0])} was found in OpenStreetMap only as a point, not as an area with "
            "a boundary. Name an area such as a municipality, e.g. 'Melhus kommune, Norway'.",
            nb=f"{_cap(target[1])} finnes i OpenStreetMap bare som et punkt, ikke som et område "
            "med grense. Oppgi et område, f.eks. en kommune: «Melhus kommune, Norway».",
        ) from exc
    boundary = gdf.geometry.iloc[0]
    return boundary if boundary.is_valid else boundary.buffer(0)


def _streets(boundary: Boundary, target: tuple[str, str]) -> nx.MultiDiGraph:
    try:
        return ox.graph_from_polygon(boundary, custom_filter='["highway"]', simplify=False,
                                     retain_all=True, truncate_by_edge=True)
    except InsufficientResponseError as exc:  # no elements at all
        raise _no_streets(target) from exc
    except ValueError as exc:  # "Found no graph nodes within the requested polygon."
        if "no graph nodes" not in str(exc):
            raise
        raise _no_streets(target) from exc


def _services(boundary: Boundary) -> gpd.GeoDataFrame | None:
    try:
        return ox.features_from_polygon(boundary, tags=FEATURE_TAGS)
    except InsufficientResponseError:  # "No matching features": a valid, empty answer
        log.warning("no service features in the downloaded area")
        return None


def _finish(data: OsmData, kind: str, name: str, key: str, boundary: Boundary,
            report: Callable[..., None]) -> OsmData:
    data.source = {"kind": kind, "name": name, "sha256": key, "timestamp": timestamp_now(),
                   "bbox": _bbox(data.nodes), "boundary_wkt": boundary.wkt}
    log.info("downloaded %s: %d street segments on %d ways, %d nodes, %d features",
             name, len(data.segments), len(data.ways), len(data.nodes), len(data.features))
    try:
        _save_entry(key, data)
    except OSError as exc:  # the download itself is fine; only the next run is slower
        log.warning("could not store %s for offline use in %s: %s", name, _places_dir(), exc)
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


# -- OSMnx settings and HTTP ------------------------------------------------------------------
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
                                       "hooks": {"response": [_check_response]}}
        try:
            yield
        finally:
            for name, value in saved.items():
                setattr(ox.settings, name, value)
            socket.getaddrinfo = getaddrinfo


class _RefusedError(Exception):
    """An API answered with an HTTP error or an Overpass runtime-error remark."""

    def __init__(self, status: int, reason: str, remark: str = "") -> None:
        super().__init__(f"HTTP {status} {reason} {remark}".strip())
        self.status, self.reason, self.remark = status, reason, remark


def _check_response(response: requests.Response, *args: Any, **kwargs: Any) -> None:
    """requests hook: refuse errors before OSMnx retries 429/504 forever (55 s each)."""
    path = urlparse(response.url).path
    if path.endswith("/status"):  # OSMnx's rate-limit probe handles its own failures
        return
    if response.status_code >= 400:
        response.close()
        raise _RefusedError(response.status_code, response.reason)
    if path.endswith("/interpreter") and b'"remark"' in response.content[-4096:]:
        remark = str(response.json().get("remark", ""))
        if "error" in remark:  # Overpass gave up (timeout, memory): the data is partial
            raise _RefusedError(response.status_code, response.reason, remark)


def _guarded(call: Callable[[], Any], service: str, target: tuple[str, str]) -> Any:
    """Run an OSMnx call, turning every network failure into one NetworkError."""
    try:
        return call()
    except _RefusedError as exc:
        raise _refused_error(exc, service, target) from exc
    except requests.RequestException as exc:
        en, nb = _why_unreachable(exc)
        raise NetworkError(
            f"Could not reach the OpenStreetMap servers for {target[0]} ({en}). {NET_FIX[0]}",
            nb=f"Fikk ikke kontakt med OpenStreetMap-tjenerne for {target[1]} ({nb}). "
            f"{NET_FIX[1]}",
        ) from exc
    except (ValueError, KeyError) as exc:  # an answer OSMnx could not parse
        raise NetworkError(
            f"{SERVICES[service][0]} sent an answer for {target[0]} that could not be read "
            f"({exc}). {LATER_FIX[0]}",
            nb=f"{SERVICES[service][1]} sendte et svar for {target[1]} som ikke kunne leses "
            f"({exc}). {LATER_FIX[1]}",
        ) from exc


def _refused_error(exc: _RefusedError, service: str, target: tuple[str, str]) -> NetworkError:
    en, nb = SERVICES[service]
    if exc.remark:
        return NetworkError(
            f"{en} gave up on the download for {target[0]} ({exc.remark}). The area may be "
            "too large: try a smaller area, or open a local .osm.pbf extract with --osm.",
            nb=f"{nb} ga opp nedlastingen for {target[1]} ({exc.remark}). Området kan være "
            "for stort: prøv et mindre område, eller åpne et lokalt .osm.pbf-utdrag med --osm.",
        )
    status = f"HTTP {exc.status} {exc.reason}"
    if exc.status in (429, 503, 504):
        return NetworkError(
            f"{en} is busy and refused the download for {target[0]} ({status}). Wait a few "
            "minutes and try again, or open a local .osm.pbf extract with --osm.",
            nb=f"{nb} er opptatt og avviste nedlastingen for {target[1]} ({status}). Vent "
            "noen minutter og prøv igjen, eller åpne et lokalt .osm.pbf-utdrag med --osm.",
        )
    return NetworkError(f"{en} refused the download for {target[0]} ({status}). {LATER_FIX[0]}",
                        nb=f"{nb} avviste nedlastingen for {target[1]} ({status}). "
                        f"{LATER_FIX[1]}")


def _why_unreachable(exc: requests.RequestException) -> tuple[str, str]:
    """Name the cause of a failed connection in English and bokmål."""
    causes = _causes(exc)
    host = urlparse(str(exc.request.url) if exc.request is not None else "").hostname or "?"
    if any(isinstance(c, NameResolutionError | socket.gaierror) for c in causes):
        return (f"the name {host} could not be looked up (DNS)",
                f"navnet {host} kunne ikke slås opp (DNS)")
    if any(isinstance(c, ConnectionRefusedError) for c in causes):
        return "connection refused", "tilkoblingen ble avvist"
    if any(isinstance(c, OSError) and c.errno in (errno.ENETUNREACH, errno.EHOSTUNREACH)
           for c in causes):
        return "no network connection", "ingen nettverksforbindelse"
    if isinstance(exc, requests.Timeout):
        seconds = f"{ox.settings.requests_timeout:g} s"
        return f"no answer within {seconds}", f"ikke svar innen {seconds}"
    return f"connection failed: {type(exc).__name__}", f"tilkoblingen feilet: {type(exc).__name__}"


def _causes(exc: BaseException) -> list[BaseException]:
    """The exception, its causes, contexts, ``reason`` and exception args, recursively."""
    seen: list[BaseException] = []
    todo: list[Any] = [exc]
    while todo:
        item = todo.pop()
        if isinstance(item, BaseException) and not any(item is s for s in seen):
            seen.append(item)
            todo += [item.__cause__, item.__context__, getattr(item, "reason", None), *item.args]
    return seen


def _no_streets(target: tuple[str, str]) -> NetworkError:
    return NetworkError(
        f"OpenStreetMap has no streets (highway=* ways) inside {target[0]}. Check that this "
        "is the intended area, or open a local .osm.pbf extract with --osm.",
        nb=f"OpenStreetMap har ingen gater (highway=*-veier) innenfor {target[1]}. Sjekk at "
        "dette er riktig område, eller åpne et lokalt .osm.pbf-utdrag med --osm.",
    )


def _check_polygon(polygon: Any, target: tuple[str, str]) -> None:
    ok = isinstance(polygon, Polygon | MultiPolygon) and not polygon.is_empty
    ok = ok and polygon.is_valid and -180 <= polygon.bounds[0] <= polygon.bounds[2] <= 180
    ok = ok and -90 <= polygon.bounds[1] <= polygon.bounds[3] <= 90
    if not ok:
        found = getattr(polygon, "geom_type", type(polygon).__name__)
        raise NetworkError(
            f"{_cap(target[0])} is not a usable boundary (found an empty, invalid or projected "
            f"{found}). Give a valid Polygon or MultiPolygon in longitude/latitude (EPSG:4326).",
            nb=f"{_cap(target[1])} er ikke en brukbar grense (fant en tom, ugyldig eller projisert "
            f"{found}). Oppgi et gyldig Polygon eller MultiPolygon i lengde-/breddegrad "
            "(EPSG:4326).",
        )


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


# -- our cache --------------------------------------------------------------------------------
def _reporter(progress: Progress | None, lang: str, target: tuple[str, str]
              ) -> Callable[..., None]:
    def report(stage: str, **values: str) -> None:
        en, nb, fraction = STAGES[stage]
        text = (nb if lang == "nb" else en).format(en=target[0], nb=target[1], **values)
        log.info(text)
        if progress is not None:
            progress(text, fraction)
    return report


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _places_dir() -> Path:
    return Path(settings.cache_dir) / "places"


def _load_entry(key: str, report: Callable[..., None]) -> OsmData | None:
    meta_path = _places_dir() / f"{key}.json"
    data = _read_pickle(meta_path.with_suffix(".pickle"))
    if data is None:
        return None
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        meta["last_used"] = timestamp_now()
        meta_path.write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    except (OSError, ValueError):
        log.warning("cache index %s unreadable; using the data anyway", meta_path)
    report("cached", date=str(data.source.get("timestamp", ""))[:10])
    return data


def _read_pickle(path: Path) -> OsmData | None:
    if not path.is_file():
        return None
    try:
        with open(path, "rb") as handle:
            stored = pickle.load(handle)  # our own file, written by _save_entry
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        log.warning("stored download %s unreadable; downloading again", path.name)
        return None
    ok = isinstance(stored, dict) and stored.get("format") == FORMAT_VERSION
    data = stored.get("data") if ok else None
    if not isinstance(data, OsmData) or list(data.ways.columns) != list(WAY_TAGS):
        log.info("stored download %s has an old format; downloading again", path.name)
        return None
    return data


def _save_entry(key: str, data: OsmData) -> None:
    folder = _places_dir()
    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / f"{key}.tmp"
    with open(tmp, "wb") as handle:
        pickle.dump({"format": FORMAT_VERSION, "data": data}, handle,
                    protocol=pickle.HIGHEST_PROTOCOL)
    tmp.replace(folder / f"{key}.pickle")
    meta = {"format": FORMAT_VERSION, "query": data.source["name"], "kind": data.source["kind"],
            "date": data.source["timestamp"], "last_used": data.source["timestamp"]}
    (folder / f"{key}.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
