"""A fake Nominatim + Overpass server on 127.0.0.1 for the live-download tests.

:class:`FakeOsm` serves the nodes and ways of a local OSM extract the way the
public APIs would, so OSMnx runs unchanged against it:

- ``GET  /nominatim/search?q=...`` answers from :attr:`FakeOsm.places` (query ->
  GeoJSON geometry); an unknown query gets ``[]``, as Nominatim does.
- ``POST /api/interpreter`` with ``data=<Overpass QL>`` evaluates the union of
  ``node|way|relation[filters](poly:"lat lon ...")`` statements OSMnx sends (tag
  filters ``[k]``, ``[k=v]``, ``[k!=v]``, ``[k~re]``, ``[k!~re]``; a way lies in the
  polygon when one of its nodes does), adds the ways' nodes (OSMnx always recurses
  with ``>``) and answers ``{"elements": [...]}`` in Overpass's order and format.
  Relations are not served.
- ``GET  /api/status`` answers like Overpass (OSMnx asks only with rate limiting on).

Every request is recorded in :attr:`FakeOsm.requests` and every JSON answer in
:attr:`FakeOsm.answers`, so tests can count HTTP traffic and derive expectations
from exactly what was served. :attr:`FakeOsm.fail`, :attr:`FakeOsm.delay` and
:attr:`FakeOsm.remark` inject failures per endpoint ("search", "interpreter").

Ways cut at the edge of the extract (refs to absent nodes) are served as the runs
of present nodes, the first under the way's id and further pieces under synthetic
ids from 10^12 (:attr:`FakeOsm.piece_of` maps them back), because the real API
only ever returns complete ways.
"""

from __future__ import annotations

import itertools
import json
import re
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import osmium
import shapely
from shapely.geometry import Polygon, box, mapping

SYNTHETIC_WAY_ID = 10**12
STATEMENT = re.compile(
    r"\((node|way|relation)((?:\[[^\]]*\])+)\(poly:(['\"])(.*?)\3\)"
)
FILTER = re.compile(
    r"\[\s*(['\"])(.*?)\1\s*(?:(!=|!~|=|~)\s*(['\"])(.*?)\4)?\s*\]"
)
STATUS = (
    "Connected as: 2130706433\nCurrent time: 2026-11-26T12:00:00Z\n"
    "Announced endpoint: none\nRate limit: 2\n2 slots available now.\n"
    "Currently running queries (pid, space limit, time limit, start time):\n"
)


@dataclass
class Request:
    """One HTTP request the fake server received."""

    method: str
    path: str
    query: dict[str, list[str]]
    body: str
    client: str
    host: str

    @property
    def endpoint(self) -> str:
        """Last path component: "search", "interpreter", "status", ..."""
        return self.path.rstrip("/").rsplit("/", 1)[-1]


class FakeOsm:
    """Threaded fake of the OSM APIs, serving the nodes and ways of ``pbf``.

    Parameters
    ----------
    pbf : pathlib.Path
        OSM extract whose nodes and ways are served.
    """

    def __init__(self, pbf: Path) -> None:
        self.nodes: dict[int, tuple[float, float, dict[str, str]]] = {}
        self.ways: dict[int, tuple[list[int], dict[str, str]]] = {}
        self.piece_of: dict[int, int] = {}
        self._load(pbf)
        lons = [lon for lon, _, _ in self.nodes.values()]
        lats = [lat for _, lat, _ in self.nodes.values()]
        #: Bounding box of the served nodes (lon_min, lat_min, lon_max, lat_max).
        self.bounds = (min(lons), min(lats), max(lons), max(lats))
        #: Nominatim places: query -> (GeoJSON geometry, display name).
        self.places: dict[str, dict[str, Any]] = {}
        self.requests: list[Request] = []
        self.answers: list[tuple[str, Any]] = []
        #: endpoint -> HTTP status to answer instead of the data.
        self.fail: dict[str, int] = {}
        #: endpoint -> seconds to wait before answering.
        self.delay: dict[str, float] = {}
        #: Overpass "remark" to add to interpreter answers (a server-side refusal).
        self.remark: str | None = None
        self._server: ThreadingHTTPServer | None = None
        self._lock = threading.Lock()

    # -- data -------------------------------------------------------------------------------
    def _load(self, pbf: Path) -> None:
        raw_ways = []
        obj: Any
        for obj in osmium.FileProcessor(str(pbf), osmium.osm.NODE | osmium.osm.WAY):
            if obj.is_node() and obj.location.valid():
                self.nodes[obj.id] = (obj.location.lon, obj.location.lat, dict(obj.tags))
            elif obj.is_way():
                raw_ways.append((obj.id, [n.ref for n in obj.nodes], dict(obj.tags)))
        synthetic = itertools.count(SYNTHETIC_WAY_ID)
        for way_id, refs, tags in raw_ways:
            runs = [list(g) for ok, g in itertools.groupby(refs, lambda r: r in self.nodes) if ok]
            for i, run in enumerate(r for r in runs if len(r) >= 2):
                piece = way_id if i == 0 else next(synthetic)
                self.ways[piece] = (run, tags)
                self.piece_of[piece] = way_id

    def add_place(self, query: str, geometry: Polygon | shapely.Point) -> None:
        """Make Nominatim answer ``query`` with ``geometry`` (EPSG:4326)."""
        self.places[query] = mapping(geometry)

    def bbox_polygon(self, margin: float = 0.001) -> Polygon:
        """Return the served nodes' bounding box grown by ``margin`` degrees."""
        lon0, lat0, lon1, lat1 = self.bounds
        return box(lon0 - margin, lat0 - margin, lon1 + margin, lat1 + margin)

    # -- server -----------------------------------------------------------------------------
    @property
    def url(self) -> str:
        """Base URL, e.g. ``http://127.0.0.1:41234``."""
        assert self._server is not None, "server not started"
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def overpass_url(self) -> str:
        """Overpass base URL (OSMnx appends /interpreter and /status)."""
        return self.url + "/api"

    @property
    def nominatim_url(self) -> str:
        """Nominatim base URL (OSMnx appends /search)."""
        return self.url + "/nominatim/"

    def start(self) -> FakeOsm:
        """Listen on an ephemeral port of 127.0.0.1 in a daemon thread."""
        handler = type("Handler", (_Handler,), {"fake": self})
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True).start()
        return self

    def stop(self) -> None:
        """Stop listening; later connections are refused."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def count(self, endpoint: str | None = None) -> int:
        """Number of requests received (to ``endpoint`` only, if given)."""
        return sum(1 for r in self.requests if endpoint in (None, r.endpoint))

    def record(self, request: Request, answer: Any) -> None:
        with self._lock:
            self.requests.append(request)
            if answer is not None:
                self.answers.append((request.endpoint, answer))

    # -- answers ----------------------------------------------------------------------------
    def search(self, query: dict[str, list[str]]) -> list[dict[str, Any]]:
        """Nominatim search answer (a list with at most one result)."""
        q = query.get("q", [""])[0]
        if q not in self.places:
            return []
        geometry = shapely.geometry.shape(self.places[q])
        lon0, lat0, lon1, lat1 = geometry.bounds
        centre = geometry.representative_point()
        return [{
            "place_id": 1, "licence": "Data © OpenStreetMap contributors, ODbL 1.0.",
            "osm_type": "relation", "osm_id": 1, "lat": f"{centre.y:.7f}",
            "lon": f"{centre.x:.7f}", "class": "boundary", "type": "administrative",
            "place_rank": 16, "importance": 0.5, "addresstype": "suburb",
            "name": q.split(",")[0], "display_name": q,
            "boundingbox": [f"{lat0:.7f}", f"{lat1:.7f}", f"{lon0:.7f}", f"{lon1:.7f}"],
            "geojson": self.places[q],
        }]

    def interpreter(self, ql: str) -> dict[str, Any]:
        """Overpass JSON answer to an OSMnx query."""
        node_ids: set[int] = set()
        way_ids: set[int] = set()
        inside_of: dict[str, set[int]] = {}
        for kind, filters, _, poly in STATEMENT.findall(ql):
            if poly not in inside_of:
                inside_of[poly] = self._inside(_poly(poly))
            inside = inside_of[poly]
            tests = [_tag_test(*f) for f in FILTER.findall(filters)]
            if kind == "node":
                node_ids |= {i for i in inside if all(test(self.nodes[i][2]) for test in tests)}
            elif kind == "way":
                way_ids |= {i for i, (refs, t) in self.ways.items()
                            if all(test(t) for test in tests) and not inside.isdisjoint(refs)}
        for way in way_ids:  # the ">" recursion: the ways' nodes
            node_ids.update(self.ways[way][0])
        elements = [self._node_json(i) for i in sorted(node_ids)]
        elements += [self._way_json(i) for i in sorted(way_ids)]
        answer: dict[str, Any] = {
            "version": 0.6, "generator": "fakeosm (tests)",
            "osm3s": {"timestamp_osm_base": "2025-06-10T00:00:00Z",
                      "copyright": "© OpenStreetMap contributors, ODbL 1.0."},
            "elements": elements,
        }
        if self.remark:
            answer["remark"] = self.remark
        return answer

    def _inside(self, polygon: Polygon) -> set[int]:
        """Ids of the nodes inside ``polygon``."""
        ids = list(self.nodes)
        lon = [self.nodes[i][0] for i in ids]
        lat = [self.nodes[i][1] for i in ids]
        return {i for i, ok in zip(ids, shapely.contains_xy(polygon, lon, lat), strict=True) if ok}

    def _node_json(self, node: int) -> dict[str, Any]:
        lon, lat, tags = self.nodes[node]
        out: dict[str, Any] = {"type": "node", "id": node, "lat": lat, "lon": lon}
        if tags:
            out["tags"] = tags
        return out

    def _way_json(self, way: int) -> dict[str, Any]:
        refs, tags = self.ways[way]
        out: dict[str, Any] = {"type": "way", "id": way, "nodes": refs}
        if tags:
            out["tags"] = tags
        return out


def _poly(coords: str) -> Polygon:
    values = [float(x) for x in coords.split()]
    return Polygon(list(zip(values[1::2], values[0::2], strict=True)))


def _tag_test(_q: str, key: str, op: str, _q2: str, value: str) -> Any:
    if not op:
        return lambda tags: key in tags
    if op == "=":
        return lambda tags: tags.get(key) == value
    if op == "!=":
        return lambda tags: tags.get(key) != value
    pattern = re.compile(value)
    if op == "~":
        return lambda tags: key in tags and bool(pattern.search(tags[key]))
    return lambda tags: key not in tags or not pattern.search(tags[key])


class _Handler(BaseHTTPRequestHandler):
    fake: FakeOsm
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        """Keep the test output quiet."""

    def do_GET(self) -> None:
        self._answer("GET", "")

    def do_POST(self) -> None:
        size = int(self.headers.get("Content-Length", 0))
        self._answer("POST", self.rfile.read(size).decode())

    def _answer(self, method: str, body: str) -> None:
        url = urlparse(self.path)
        request = Request(method, url.path, parse_qs(url.query), body,
                          self.client_address[0], self.headers.get("Host", ""))
        endpoint = request.endpoint
        time.sleep(self.fake.delay.get(endpoint, 0.0))
        if endpoint in self.fake.fail:
            self.fake.record(request, None)
            status = self.fake.fail[endpoint]
            self._send(status, f"<html><body>error {status}</body></html>", "text/html")
            return
        answer: Any
        if endpoint == "search":
            answer = self.fake.search(request.query)
        elif endpoint == "interpreter":
            answer = self.fake.interpreter(parse_qs(body).get("data", [""])[0])
        elif endpoint == "status":
            self.fake.record(request, None)
            self._send(200, STATUS, "text/plain")
            return
        else:
            self.fake.record(request, None)
            self._send(404, "not found", "text/plain")
            return
        self.fake.record(request, answer)
        self._send(200, json.dumps(answer), "application/json")

    def _send(self, status: int, text: str, kind: str) -> None:
        data = text.encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", f"{kind}; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):  # the client timed out and left
            self.close_connection = True
