"""Building blocks of the offline map: colours, street lines, legend, attribution.

The map has no tiles by default: the street network of the study itself is the
background. Consecutive segments of one OSM way are merged into polylines, and
the polylines are sent as Google-encoded strings (precision 1e-6 degrees, about
0.1 m) grouped by road class or colour band, drawn on one canvas per layer
(:class:`EncodedLines`): central Oslo's 73,000 walk segments take 0.45 MB
instead of about 2 MB as GeoJSON (the encoding is in :mod:`siting.webmap._polyline`).

Every text that comes from a user's file passes through :func:`esc` before it
reaches HTML or a JavaScript template string.
"""

from __future__ import annotations

import hashlib
import html
import json
import threading
import weakref
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from folium.map import Layer
from folium.template import Template

from .._atomic import write_text
from ..network import Network
from ._polyline import decode_polyline, encode_many, encode_polyline, lonlat, segment_chains

__all__ = [
    "ATTRIBUTION",
    "BANDS_PANE",
    "BAND_RAMP",
    "PANE_Z",
    "POLICE_BANDS",
    "STREETS_PANE",
    "EncodedLines",
    "Legend",
    "band_color",
    "category_colors",
    "category_symbols",
    "decode_polyline",
    "encode_polyline",
    "esc",
    "lines_layer",
    "lonlat",
    "network_layer",
    "police_bands",
    "police_layer",
    "score_color",
    "segment_chains",
    "surface_layer",
]

ATTRIBUTION = "© OpenStreetMap contributors"

#: Viridis sampled at 0, 10, ..., 100 (colour-blind safe, light = good).
VIRIDIS = ("#440154", "#482475", "#414487", "#355f8d", "#2a788e", "#21918c",
           "#22a884", "#44bf70", "#7ad151", "#bddf26", "#fde725")
#: Anchors of the police band colours, fast to slow: "plasma" (perceptually even, safe
#: for colour-blind readers) without its pale yellow end, which vanishes on the light map.
BAND_RAMP = ("#0d0887", "#5c01a6", "#9c179e", "#cc4778", "#ed7953", "#fdb32f")
#: Police response bands: upper limit in minutes and colour (the default 1/2/3/5/10 min).
POLICE_BANDS: tuple[tuple[float, str], ...] = ()  # filled below by police_bands()
UNREACHED = "#9e9e9e"
#: Leaflet panes of the street background and of the shaded layers (police bands,
#: surface): streets, then shading, then routes (overlay pane, 400) and badges (600), in
#: that order whatever arrives first (the streets may be fetched after the rest).
STREETS_PANE, BANDS_PANE = "sitingStreets", "sitingBands"
PANE_Z = {STREETS_PANE: 350, BANDS_PANE: 380}
CATEGORY_COLORS = {
    "gp": "#D55E00", "bus": "#0072B2", "shop": "#009E73", "mental_health": "#CC79A7",
    "substance_abuse": "#E69F00", "pharmacy": "#56B4E9", "school": "#F0E442",
    "police": "#000000",
}
EXTRA_COLORS = ("#882255", "#44AA99", "#999933", "#AA4499", "#332288", "#117733")
ROAD_STYLES = {  # class -> (colour, weight)
    "main": ("#9c9c9c", 3.0), "minor": ("#b5b5b5", 1.8), "path": ("#cdcdcd", 1.1),
}
MAIN_ROADS = frozenset({"motorway", "motorway_link", "trunk", "trunk_link", "primary",
                        "primary_link", "secondary", "secondary_link"})
MINOR_ROADS = frozenset({"tertiary", "tertiary_link", "unclassified", "residential",
                         "living_street", "service", "road"})


_JS_TEMPLATE_CHARS = str.maketrans({"`": "&#96;", "$": "&#36;", "\\": "&#92;",
                                    "{": "&#123;", "}": "&#125;"})


def esc(text: Any) -> str:
    """Escape user text for HTML, JavaScript template strings and Jinja.

    ``html.escape`` plus backtick, dollar and backslash (folium pastes tooltip
    and popup HTML into JavaScript template literals unescaped) and curly
    braces (branca parses every rendered script again as a Jinja template, so
    a name like ``{{ 7*7 }}`` would be evaluated).
    """
    out = html.escape("" if text is None else str(text), quote=True)
    return out.translate(_JS_TEMPLATE_CHARS)


def score_color(score: float) -> str:
    """Return the viridis colour of a 0--100 score (grey for NaN)."""
    if score is None or not np.isfinite(score):
        return UNREACHED
    pos = float(np.clip(score, 0.0, 100.0)) / 10.0
    low = int(np.floor(pos))
    if low >= 10:
        return VIRIDIS[10]
    a, b = _rgb(VIRIDIS[low]), _rgb(VIRIDIS[low + 1])
    mix = a + (b - a) * (pos - low)
    return "#" + "".join(f"{round(c):02x}" for c in mix)


def _rgb(hex_color: str) -> np.ndarray:
    return np.array([int(hex_color[i:i + 2], 16) for i in (1, 3, 5)], dtype=float)


def police_bands(limits: Sequence[float]) -> tuple[tuple[float, str], ...]:
    """Return (upper limit in minutes, colour) per band, plus one beyond the last limit.

    ``limits`` are increasing minutes (1 to 8 of them); the colours are spread
    evenly along :data:`BAND_RAMP` (interpolated), so any number of bands reads
    fast to slow; the default five limits take its six anchors exactly.
    """
    ends = [*map(float, limits), np.inf]
    anchors = np.array([_rgb(c) for c in BAND_RAMP])
    at = np.linspace(0.0, len(BAND_RAMP) - 1.0, len(ends))
    low = np.minimum(np.floor(at).astype(int), len(BAND_RAMP) - 2)
    mix = anchors[low] + (anchors[low + 1] - anchors[low]) * (at - low)[:, None]
    colors = ["#" + "".join(f"{round(c):02x}" for c in rgb) for rgb in mix]
    return tuple(zip(ends, colors, strict=True))


POLICE_BANDS = police_bands((1.0, 2.0, 3.0, 5.0, 10.0))


def band_color(minutes: float, bands: Sequence[tuple[float, str]] | None = None) -> str:
    """Return the colour of the police band a response time falls in (grey if none)."""
    if not np.isfinite(minutes):
        return UNREACHED
    for limit, color in bands or POLICE_BANDS:
        if minutes <= limit:
            return color
    return UNREACHED


def category_colors(keys: Sequence[str]) -> dict[str, str]:
    """Return a colour per category: fixed for the defaults, cycled for others."""
    extra = iter(EXTRA_COLORS * (len(keys) // len(EXTRA_COLORS) + 1))
    return {k: CATEGORY_COLORS.get(k) or next(extra) for k in keys}


def category_symbols(labels: dict[str, str]) -> dict[str, str]:
    """Return a short distinct symbol per category, from its label's first letters."""
    used: set[str] = set()
    out = {}
    for key, label in labels.items():
        word = "".join(ch for ch in label if ch.isalnum()) or key
        symbol = word[:1].upper()
        n = 1
        while symbol in used and n < len(word):
            n += 1
            symbol = word[:1].upper() + word[1:n].lower()
        used.add(symbol)
        out[key] = symbol
    return out


class EncodedLines(Layer):
    """A toggleable layer of many polylines, sent as encoded strings.

    Parameters
    ----------
    sets : list of dict
        Each ``{"style": {...Leaflet path options}, "lines": [encoded, ...]}``;
        drawn in order (later on top).
    name : str
        Name in the layer control.
    show : bool
        Whether the layer is on when the map opens.
    sets_json : str, optional
        ``sets`` already as :func:`encoded_json` gives it.
    url : str, optional
        Fetch the sets from this address (a static file the app serves) instead of
        writing them into the page: the page stays small and browsers cache the file.
    pane : str, optional
        Leaflet pane to draw in (default the overlay pane). Shading drawn over the
        streets needs its own pane: a street layer fetched later would otherwise
        land on top of it.
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.featureGroup();
        (function (group) {
            {%- if this.pane %}
            var map = {{ this._parent.get_name() }};
            if (!map.getPane({{ this.pane_json }})) {  // made by the first layer that needs it
                var pane = map.createPane({{ this.pane_json }});
                pane.style.zIndex = {{ this.pane_z }};
                pane.style.pointerEvents = "none";
            }
            {%- endif %}
            // canvas: tens of thousands of segments
            var renderer = L.canvas({padding: 0.3
                {%- if this.pane %}, pane: {{ this.pane_json }}{% endif %}});
            function decode(s) {
                var pts = [], i = 0, lat = 0, lng = 0;
                function next() {
                    var b, shift = 1, result = 0;
                    do {
                        b = s.charCodeAt(i++) - 63;
                        result += (b & 31) * shift;
                        shift *= 32;
                    } while (b >= 32);
                    return (result % 2) ? -(result + 1) / 2 : result / 2;
                }
                while (i < s.length) {
                    lat += next();
                    lng += next();
                    pts.push([lat / {{ this.scale }}, lng / {{ this.scale }}]);
                }
                return pts;
            }
            function draw(sets) {
                sets.forEach(function (set) {
                    var style = Object.assign({renderer: renderer}, set.style);
                    L.polyline(set.lines.map(decode), style).addTo(group);
                });
            }
            {% if this.url %}
            fetch({{ this.url_json }}).then(function (r) { return r.json(); }).then(draw);
            {% else %}
            draw({{ this.sets_json }});
            {% endif %}
        })({{ this.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, sets: list[dict], name: str, show: bool = True,
                 sets_json: str | None = None, url: str | None = None,
                 pane: str | None = None) -> None:
        super().__init__(name=name, overlay=True, control=True, show=show)
        self._name = "EncodedLines"
        self.sets = sets
        self.scale = 10**6
        self.url = url
        self.url_json = json.dumps(url)
        self.pane = pane
        self.pane_json = json.dumps(pane)
        self.pane_z = PANE_Z.get(pane or "", 400)
        self.sets_json = "" if url else sets_json or encoded_json(sets)


def encoded_json(sets: list[dict]) -> str:
    """``sets`` as the JSON an :class:`EncodedLines` layer writes into the page."""
    # branca parses every rendered script again as a Jinja template: no "{{" may
    # remain (encoded polylines use the characters 63-126, "{" among them).
    return json.dumps(sets, separators=(",", ":")).replace("{{", "{\\u007b")


def lines_layer(groups: list[tuple[dict, list[np.ndarray]]], coords: np.ndarray, name: str,
                show: bool) -> EncodedLines:
    """Build an :class:`EncodedLines` layer; ``groups`` = (style, node chains) pairs.

    ``coords`` are lon/lat per node, indexed by the chains.
    """
    return EncodedLines(_encoded_sets(groups, coords), name, show)


def _encoded_sets(groups: list[tuple[dict, list[np.ndarray]]], coords: np.ndarray) -> list[dict]:
    return [{"style": {**style, "interactive": False},
             "lines": encode_many([coords[c] for c in chains])}
            for style, chains in groups if chains]


def _road_class(highway: np.ndarray) -> np.ndarray:
    hw = np.asarray(highway).astype(str)
    return np.where(np.isin(hw, list(MAIN_ROADS)), "main",
                    np.where(np.isin(hw, list(MINOR_ROADS)), "minor", "path"))


#: Encoded street lines per (walk, drive) network pair, with their JSON: they depend on the
#: study only, so every map of a study (each rerun of the app) reuses them (0.7 s on central
#: Oslo).
_STREETS: dict[tuple[int, int], tuple[list[dict], str]] = {}
_STREETS_LOCK = threading.Lock()


def network_layer(walk: Network, drive: Network, name: str, show: bool = True,
                  static: tuple[Path, str] | None = None) -> EncodedLines:
    """Draw the streets (walk network plus drive-only roads) as light grey lines.

    With ``static`` = (folder, URL prefix) the lines are written once into that served
    folder as ``streets-<sha256>.json`` and fetched by the page, which then stays small
    (0.5 MB less per page load on central Oslo, and browsers cache the file).
    """
    key = (id(walk), id(drive))
    with _STREETS_LOCK:
        memo = _STREETS.get(key)
    if memo is None:
        sets = _street_sets(walk, drive)
        memo = (sets, encoded_json(sets))
        with _STREETS_LOCK:
            _STREETS[key] = memo
        weakref.finalize(walk, _STREETS.pop, key, None)  # forgotten with the study
    if static is None:
        return EncodedLines(memo[0], name, show, sets_json=memo[1], pane=STREETS_PANE)
    folder, prefix = static
    file = f"streets-{hashlib.sha256(memo[1].encode()).hexdigest()[:20]}.json"
    if not (Path(folder) / file).is_file():
        write_text(Path(folder) / file, memo[1])  # valid JSON ("{\\u007b" is "{{")
    return EncodedLines(memo[0], name, show, url=f"{prefix.rstrip('/')}/{file}",
                        pane=STREETS_PANE)


def _street_sets(walk: Network, drive: Network) -> list[dict]:
    """The encoded line sets of the street network, by road class (see :func:`lines_layer`)."""
    extra = ~np.isin(drive.way, walk.way)
    coords = lonlat(np.vstack([walk.xy, drive.xy]), walk.crs)
    u = np.r_[walk.u, drive.u[extra] + walk.n_nodes]
    v = np.r_[walk.v, drive.v[extra] + walk.n_nodes]
    way = np.r_[walk.way, drive.way[extra]]
    cls = _road_class(np.r_[walk.highway, drive.highway[extra]])
    groups = []
    for c in ("path", "minor", "main"):  # drawn bottom to top
        sel = cls == c
        color, weight = ROAD_STYLES[c]
        groups.append(({"color": color, "weight": weight, "opacity": 1.0},
                       segment_chains(u[sel], v[sel], way[sel])))
    return _encoded_sets(groups, coords)


def _banded_layer(net: Network, bands: list[tuple[str, np.ndarray]], name: str,
                  show: bool) -> EncodedLines:
    """Draw segments of ``net`` grouped by colour; ``bands`` = (colour, segment mask).

    Drawn in :data:`BANDS_PANE`: above the streets (which may arrive later), below routes.
    """
    groups = [({"color": color, "weight": 3.0, "opacity": 0.85},
               segment_chains(net.u[mask], net.v[mask], net.way[mask])) for color, mask in bands]
    return EncodedLines(_encoded_sets(groups, lonlat(net.xy, net.crs)), name, show,
                        pane=BANDS_PANE)


def police_layer(drive: Network, minutes: np.ndarray, name: str, show: bool = False,
                 bands: Sequence[tuple[float, str]] | None = None) -> EncodedLines:
    """Shade the drive network by police response time (per node, minutes).

    A segment takes the later of its two end times: the whole street is
    reached within its band (``bands``, default :data:`POLICE_BANDS`). Unreached
    segments are grey. Off at first unless ``show``.
    """
    chosen = tuple(bands or POLICE_BANDS)
    seg = np.maximum(minutes[drive.u], minutes[drive.v])
    lows = [-np.inf, *[limit for limit, _ in chosen[:-1]]]
    masks = [(color, np.isfinite(seg) & (seg > lo) & (seg <= hi))
             for lo, (hi, color) in zip(lows, chosen, strict=True)]
    masks.append((UNREACHED, ~np.isfinite(seg)))
    return _banded_layer(drive, masks, name, show)


def surface_layer(walk: Network, node_score: np.ndarray, name: str,
                  show: bool = False) -> EncodedLines:
    """Colour the walk network by a 0--100 score per node, in ten bands.

    A segment takes the mean of its two end scores; segments with a missing
    score are left out. Off at first unless ``show``.
    """
    seg = (node_score[walk.u] + node_score[walk.v]) / 2.0
    band = np.clip(np.floor(seg / 10.0), 0, 9)
    bands = [(score_color(10.0 * b + 5.0), band == b) for b in range(10)]
    return _banded_layer(walk, bands, name, show)


class Legend:
    """Collects legend sections as escaped HTML (see :class:`~siting.webmap.chrome.MapChrome`)."""

    def __init__(self, title: str) -> None:
        self.title = esc(title)
        self.parts: list[str] = []

    def section(self, title: str, rows: list[str]) -> None:
        """Add a titled section; ``rows`` are HTML snippets (already escaped)."""
        if rows:
            body = "".join(f'<div class="siting-row">{r}</div>' for r in rows)
            self.parts.append(f"<h4>{esc(title)}</h4>{body}")

    def html(self) -> str:
        """Return the legend's inner HTML."""
        if not self.parts:
            return ""
        return f"<details open><summary>{self.title}</summary>{''.join(self.parts)}</details>"


def score_bar(low: str, high: str) -> str:
    """Return an HTML gradient bar of the score scale with end labels."""
    stops = ",".join(VIRIDIS)
    return (f"<span>{esc(low)}</span><span class=\"siting-bar\" "
            f"style=\"background:linear-gradient(to right,{stops})\"></span>"
            f"<span>{esc(high)}</span>")


def swatch(color: str, label: str) -> str:
    """Return a line swatch with a label."""
    return f'<span class="siting-swatch" style="background:{color}"></span>{esc(label)}'


def badge(color: str, symbol: str) -> str:
    """Return the HTML badge used for a service category (map icon and legend)."""
    text = "#000" if color.lower() in ("#f0e442", "#56b4e9", "#e69f00") else "#fff"
    return (f'<div class="siting-badge" style="background:{color};color:{text}">'
            f"{esc(symbol)}</div>")
