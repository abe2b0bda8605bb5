"""A made-up demo town, generated in code, for a first run without any data.

"Demoby" is NOT real: a street grid, a main road, paths and services invented so
that the app and the CLI can show every feature on a fresh machine with no
network and no OSM file. It is placed near Melhus sentrum only so the map has a
familiar scale; every name ends in "(demo)" and the source says so.
"""

from __future__ import annotations

import itertools

import geopandas as gpd
import numpy as np
import pandas as pd
import pyproj
from shapely.geometry import Point, Polygon, box

from .osm import OsmData, features_frame

__all__ = ["demo_osm", "demo_plots"]

CRS = "EPSG:25832"
ORIGIN = (569_000.0, 7_018_000.0)  # metres, EPSG:25832, near Melhus sentrum
SPACING = 120.0  # metres between grid streets
SIZE = 9  # grid streets each way


def _to_lonlat(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    transformer = pyproj.Transformer.from_crs(CRS, "EPSG:4326", always_xy=True)
    return transformer.transform(x, y)


class _Builder:
    def __init__(self) -> None:
        self.xy: dict[int, tuple[float, float]] = {}
        self.segs: list[tuple[int, int, int]] = []
        self.ways: list[dict[str, object]] = []

    def node(self, i: int, j: int) -> int:
        nid = 1 + i * 100 + j
        self.xy[nid] = (ORIGIN[0] + i * SPACING, ORIGIN[1] + j * SPACING)
        return nid

    def way(self, nodes: list[int], **tags: str) -> None:
        wid = 1000 + len(self.ways)
        self.ways.append({"id": wid, **tags})
        self.segs += [(a, b, wid) for a, b in itertools.pairwise(nodes)]


def _streets() -> _Builder:
    b = _Builder()
    mid = SIZE // 2
    for j in range(SIZE):  # east-west streets; the middle one is the main road
        nodes = [b.node(i, j) for i in range(SIZE)]
        if j == mid:
            b.way(nodes, highway="primary", name="Hovedveien (demo)", maxspeed="50")
        elif j == 1:
            b.way(nodes, highway="residential", name="Enveisgata (demo)", oneway="yes")
        else:
            b.way(nodes, highway="residential", name=f"Gate {j} (demo)")
    for i in range(SIZE):  # north-south: streets, and a foot/cycle path on column 7
        nodes = [b.node(i, j) for j in range(SIZE)]
        if i == 7:
            b.way(nodes, highway="cycleway", name="Gang- og sykkelvei (demo)")
        elif i % 2 == 0:
            b.way(nodes, highway="residential", name=f"Vei {i} (demo)")
        else:
            b.way(nodes[:mid + 1], highway="footway")
            b.way(nodes[mid:], highway="service")
    far = [b.node(SIZE - 1, mid), b.node(SIZE + 12, mid), b.node(SIZE + 25, mid)]
    b.way(far, highway="primary", name="Hovedveien (demo)", maxspeed="80")
    return b


def _services() -> list[dict[str, object]]:
    def at(i: float, j: float, dx: float = 12.0) -> Point:
        x, y = _to_lonlat(np.array([ORIGIN[0] + i * SPACING + dx]),
                          np.array([ORIGIN[1] + j * SPACING + 15.0]))
        return Point(float(x[0]), float(y[0]))

    def building(i: float, j: float) -> Polygon:
        x0, y0 = ORIGIN[0] + i * SPACING + 15, ORIGIN[1] + j * SPACING + 15
        corners = np.array(box(x0, y0, x0 + 40, y0 + 30).exterior.coords)
        lon, lat = _to_lonlat(corners[:, 0], corners[:, 1])
        return Polygon(zip(lon, lat, strict=True))

    rows = [
        ("n1", {"amenity": "doctors", "name": "Demoby legesenter (demo)"}, at(3, 4)),
        ("w2", {"shop": "supermarket", "name": "Demo Mat (demo)", "building": "retail"},
         building(5, 4)),
        ("n3", {"healthcare": "psychotherapy", "name": "Psykisk helse Demoby (demo)"},
         at(2, 5)),
        ("n4", {"amenity": "social_facility", "social_facility:for": "drug_addicted",
                "name": "Rus- og tiltakstjenesten (demo)"}, at(4, 3)),
        ("n5", {"amenity": "pharmacy", "name": "Demo Apotek (demo)"}, at(4, 4)),
        ("n6", {"amenity": "school", "name": "Demoby skole (demo)"}, at(1, 6)),
        ("n7", {"amenity": "kindergarten", "name": "Demo barnehage (demo)"}, at(6, 2)),
        ("n8", {"amenity": "police", "name": "Politistasjon (demo)"}, at(SIZE + 25, 4, 0.0)),
    ]
    rows += [(f"n{10 + k}", {"highway": "bus_stop", "name": f"Holdeplass {k + 1} (demo)"},
              at(i, 4, 0.0)) for k, i in enumerate((0, 2.5, 5, 8))]
    return [{"osm_id": r[0], "tags": r[1], "geometry": r[2]} for r in rows]


def demo_osm() -> OsmData:
    """Return the made-up demo town as :class:`OsmData` (clearly labelled)."""
    b = _streets()
    ids = np.array(sorted(b.xy), dtype=np.int64)
    xy = np.array([b.xy[i] for i in ids])
    lon, lat = _to_lonlat(xy[:, 0], xy[:, 1])
    nodes = pd.DataFrame({"lon": lon, "lat": lat}, index=ids)
    segments = pd.DataFrame(b.segs, columns=["u", "v", "way"]).astype(np.int64)
    from .osm import WAY_TAGS

    ways = pd.DataFrame(b.ways).reindex(columns=["id", *WAY_TAGS]).set_index("id")
    ways = ways.astype(object).where(ways.notna(), None)
    bbox = [float(lon.min()), float(lat.min()), float(lon.max()), float(lat.max())]
    source = {"kind": "demo", "name": "Demoby (demo)", "sha256": "demo-v1",
              "timestamp": "", "bbox": bbox}
    return OsmData(nodes, segments, ways, features_frame(_services()), source)


def demo_plots() -> gpd.GeoDataFrame:
    """Return five made-up candidate plots for the demo town (EPSG:4326)."""
    spots = [("A", "Tomt A – sentrum (demo)", 3.5, 4.4), ("B", "Tomt B – nord (demo)", 2.3, 7.6),
             ("C", "Tomt C – øst (demo)", 7.3, 5.5), ("D", "Tomt D – sør (demo)", 5.5, 0.4),
             ("E", "Tomt E – i skogen (demo)", 12.0, 7.0)]
    x = np.array([ORIGIN[0] + s[2] * SPACING for s in spots])
    y = np.array([ORIGIN[1] + s[3] * SPACING for s in spots])
    return gpd.GeoDataFrame(
        {"plot_id": [s[0] for s in spots], "name": [s[1] for s in spots],
         "problem": [""] * len(spots)},
        geometry=gpd.points_from_xy(x, y), crs=CRS,
    ).to_crs("EPSG:4326")
