"""The interactive map of an analysis: plots, services, routes and police reach.

:func:`map_from_analysis` builds a :class:`folium.Map` that works without the
internet: no tiles (the study's own street network is the background, see
:mod:`siting.webmap.layers`) and Leaflet's files inlined or served from the
app's static folder (see :mod:`siting.webmap.assets`). :func:`save_map_html` writes it
as one self-contained HTML file.

Layers (keys for ``layers``): ``network`` (streets), ``plots``, ``services``
(one layer per category), ``routes`` (walking routes to the nearest service of
each category), ``police`` (drive network by response time in the police's
bands, and the selected plot's drive route and patrol loop; off by default)
and ``surface`` (walk network by a per-node score, off by default).
"""

from __future__ import annotations

import logging
from pathlib import Path

import folium
import numpy as np
import pandas as pd
import shapely

from .._atomic import write_text
from .._config_types import Police
from ..analysis import Accessibility, Study
from ..config import Config
from ..distances import route
from ..public import public_categories, shown_in_public
from ..services import CATEGORIES, DRIVE_CATEGORY, Category
from ..text import said, section
from ..text.render import nearest_text, with_texts
from .assets import inline_assets, static_assets
from .cells import cells_layer, off_map_legend, public_plot_frame
from .chrome import MapChrome
from .layers import (
    Legend,
    badge,
    category_colors,
    category_symbols,
    esc,
    lonlat,
    network_layer,
    surface_layer,
)
from .plots import LABEL_PANE, PLOT_PANE, metres_text, plots_layer, plots_legend
from .police import add_police_routes, add_police_shading, routes_legend
from .scale import metric_scale

__all__ = [
    "LAYERS", "SHOWN", "category_labels", "layer_name", "map_from_analysis",
    "map_html", "save_map_html",
]

log = logging.getLogger(__name__)

LAYERS = ("network", "plots", "services", "routes", "police", "surface")
#: Layers visible when the map opens unless ``shown`` says otherwise (police and surface off).
SHOWN = frozenset({"network", "plots", "services", "routes"})
TOPO_URL = "https://cache.kartverket.no/v1/wmts/1.0.0/topo/default/webmercator/{z}/{y}/{x}.png"
OSM_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"


def _t(lang: str) -> dict[str, str]:
    """The map's texts in ``lang``, by short key (catalogue entries ``map.*``)."""
    return section("map", lang)


def layer_name(key: str, lang: str = "nb", detail: str = "") -> str:
    """Return the name a layer shows in the layer control (``detail`` is escaped)."""
    name = _t(lang)[key]
    return f"{name}: {esc(detail)}" if detail else name


def category_labels(acc: Accessibility, lang: str = "nb",
                    categories: dict[str, Category] | None = None) -> dict[str, str]:
    """Return the label of every category measured or present among the services.

    Walk categories first (in ``acc.categories`` order), then police, then others;
    a key without a known :class:`~siting.services.Category` is its own label.
    """
    known = {**CATEGORIES, **(categories or {})}
    keys = dict.fromkeys([*acc.categories, DRIVE_CATEGORY, *acc.services["category"]])
    return {k: known[k].label(lang) if k in known else str(k) for k in keys}


def map_from_analysis(
    study: Study, acc: Accessibility, ranked: pd.DataFrame, *, lang: str = "nb",
    selected: str | None = None, layers: set[str] | None = None, assets: str = "inline",
    online: bool = False, surface_score: np.ndarray | None = None,
    categories: dict[str, Category] | None = None, shown: set[str] | None = None,
    config: Config | None = None, view_key: str = "", placing: bool = False,
    public: bool = False, static_folder: str | Path | None = None,
) -> folium.Map:
    """Build the map of one analysis.

    Parameters
    ----------
    study, acc : Study, Accessibility
        From :func:`siting.analysis.study_from_osm` and :func:`~siting.analysis.accessibility`.
    ranked : pandas.DataFrame
        ``acc.table`` plus ``score`` (0--100, NaN when flagged), ``rank``
        (nullable int), ``status`` (ok, fails_rules, flagged) and ``reasons``
        (in words, :meth:`siting.pipeline.Result.texts`), or as scored (with
        ``failed`` codes) together with ``config``.
    lang : str
        "nb" (default) or "en".
    selected : str, optional
        ``plot_id`` whose walking routes are drawn; ``None`` draws every ranked
        plot's routes, one layer per plot, only the top-ranked one shown.
    layers : set of str, optional
        Keys of :data:`LAYERS` to draw (default: all; ``surface`` needs ``surface_score``).
    assets : str
        "inline" (self-contained page) or a URL prefix the static copies are
        served at, e.g. "/app/static/vendor" (see :func:`siting.webmap.assets.static_assets`).
    online : bool
        Add Kartverket and OpenStreetMap tile layers (needs the internet).
    surface_score : numpy.ndarray, optional
        Score 0--100 per walk-network node (``len(acc.surface)``).
    categories : dict of str to Category, optional
        Categories in force when a config adds or edits some (for their labels).
    shown : set of str, optional
        Keys of :data:`LAYERS` whose layers are visible when the map opens; the
        others are drawn but switched off in the layer control (default
        :data:`SHOWN`). Of the routes, only the selected plot's (or, with no
        selection, the top-ranked plot's) are ever shown.
    config : Config, optional
        The config ``ranked`` was scored with: puts its codes into words, and its
        ``police`` settings give the ``police`` layer its response bands and
        dispatch delay (default 1/2/3/5/10 min, no delay). That layer also draws
        the selected plot's drive route from its station and its patrol loop.
    view_key : str
        Keep the view (centre, zoom) in the browser under this key and restore it
        when the map is drawn again (the app: the area and the plots uploaded);
        "" fits the plots every time. The legend starts folded with a key.
    placing : bool
        Every click reaches the map, markers included (placing a plot or service).
    public : bool
        The public map (see :mod:`siting.public`): each plot as its grid cell
        with "Tomt 1" and banded figures, no routes, services without names and
        without the mental-health and substance-abuse services.
    static_folder : str or pathlib.Path, optional
        The folder served at ``assets`` (the app): the street layer is written
        there once per study and fetched by the page instead of sent in it.

    The view fits the analysed plots (those not flagged: a plot far outside the
    area does not shrink the study area to a dot), else the area the data cover.
    """
    if config is not None and "reasons" not in ranked.columns:
        ranked = with_texts(ranked, config, lang)
    wanted = _layer_keys(layers, set(LAYERS), "layers")
    visible = _layer_keys(shown, set(SHOWN), "layers in shown")
    draw = {k: k in visible for k in wanted}  # layer key: visible when the map opens?
    frame = public_plot_frame(acc, ranked, lang) if public else _plot_frame(acc, ranked)
    m, bounds = _base_map(frame, study)
    legend = Legend(_t(lang)["legend"])
    labels = category_labels(acc, lang, categories)
    if online:
        _online_tiles(m, lang)
    static = (Path(static_folder), assets) if static_folder and assets != "inline" else None
    _add_lines(m, study, acc, draw, lang, legend, surface_score, static,
               config.police if config is not None else Police())
    if "services" in draw:
        svc = (acc.services[acc.services["category"].map(shown_in_public).astype(bool)]
               if public else acc.services)
        _add_services(m, svc, labels, lang, legend, draw["services"], names=not public)
    if "routes" in draw and not public:
        _add_routes(m, acc, frame, selected, labels, lang, draw["routes"])
    if "police" in draw and not public:  # a plot's routes would locate it
        add_police_routes(m, acc, frame, selected, lang, draw["police"])
        routes_legend(legend, lang)
    walk_labels = {c: labels[c] for c in acc.categories}
    if "plots" in draw and public:
        in_public = {c: walk_labels[c] for c in public_categories(acc.categories)}
        cells_layer(frame, _t(lang), in_public, draw["plots"]).add_to(m)
        plots_legend(legend, _t(lang))
        off_map_legend(legend, frame, _t(lang))
    elif "plots" in draw:
        _add_plots(m, frame, selected, lang, walk_labels, legend, draw["plots"])
    MapChrome(legend.html(), bounds, view_key=view_key, placing=placing,
              fit_title=_t(lang)["fit"], legend_open=not view_key, lang=lang).add_to(m)
    folium.LayerControl(collapsed=True).add_to(m)
    return inline_assets(m) if assets == "inline" else static_assets(m, assets)


def _layer_keys(keys: set[str] | None, default: set[str], what: str) -> set[str]:
    """Return ``keys`` (or ``default``) after refusing any that is not in :data:`LAYERS`."""
    chosen = default if keys is None else set(keys)
    unknown = chosen - set(LAYERS)
    if unknown:
        raise ValueError(f"unknown map {what} {sorted(unknown)}; choose from {list(LAYERS)}")
    return chosen


def map_html(m: folium.Map) -> str:
    """Return ``m`` as the text of one self-contained HTML file (all JS/CSS inlined)."""
    inline_assets(m)
    return m.get_root().render()


def save_map_html(m: folium.Map, path: str | Path) -> Path:
    """Write ``m`` as one self-contained HTML file (all JS/CSS inlined).

    Returns
    -------
    pathlib.Path
    """
    path = write_text(path, map_html(m))
    mb = path.stat().st_size / 1e6
    log.info("wrote map %s (%.1f MB)", path, mb, extra=said("log.map", path=str(path), mb=mb))
    return path


def _plot_frame(acc: Accessibility, ranked: pd.DataFrame) -> pd.DataFrame:
    """Join ``ranked`` to the plots' positions (lon/lat of a representative point)."""
    ids = acc.plots["plot_id"].astype(str).to_numpy()
    geoms = acc.plots.geometry.to_numpy()
    ok = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    xy = np.full((len(ids), 2), np.nan)
    if ok.any():
        pts = shapely.point_on_surface(geoms[ok])
        xy[ok] = lonlat(shapely.get_coordinates(pts), acc.plots.crs)
    pos = pd.DataFrame({"plot_id": ids, "lon": xy[:, 0], "lat": xy[:, 1],
                        "position": np.arange(len(ids))})
    frame = ranked.assign(plot_id=ranked["plot_id"].astype(str)).merge(
        pos, on="plot_id", how="left", validate="one_to_one")
    return frame


def _base_map(frame: pd.DataFrame, study: Study) -> tuple[folium.Map, list[list[float]]]:
    """Return the tile-less map centred on the analysed plots, and the bounds to fit."""
    located = frame[frame["status"] != "flagged"].dropna(subset=["lat", "lon"])
    if len(located):
        south, west = located["lat"].min(), located["lon"].min()
        north, east = located["lat"].max(), located["lon"].max()
    else:
        bounds = lonlat(np.reshape(study.coverage.bounds, (2, 2)), study.crs)
        (west, south), (east, north) = bounds
    m = folium.Map(location=[(south + north) / 2, (west + east) / 2], zoom_start=15,
                   tiles=None, prefer_canvas=False, max_zoom=19)
    metric_scale(m)
    # SVG (the default renderer) in a pane that lets events through where nothing is
    # drawn: a canvas there would catch every mouse event and starve the badges below.
    folium.map.CustomPane(PLOT_PANE, z_index=650, pointer_events=False).add_to(m)
    folium.map.CustomPane(LABEL_PANE, z_index=660, pointer_events=False).add_to(m)
    return m, [[float(south), float(west)], [float(north), float(east)]]


def _online_tiles(m: folium.Map, lang: str) -> None:
    t = _t(lang)
    folium.TileLayer(TOPO_URL, attr="© Kartverket", name=t["topo"], max_zoom=19,
                     overlay=False).add_to(m)
    folium.TileLayer(OSM_URL, attr="© OpenStreetMap contributors", name=t["osm"],
                     max_zoom=19, overlay=False, show=False).add_to(m)


def _add_lines(m: folium.Map, study: Study, acc: Accessibility, draw: dict[str, bool],
               lang: str, legend: Legend, surface_score: np.ndarray | None,
               static: tuple[Path, str] | None = None, police: Police | None = None) -> None:
    """Add the street background and the police and surface shading that ``draw`` asks for.

    ``draw`` maps each layer key to draw to whether it is visible at first.
    """
    if "network" in draw:
        network_layer(study.walk, study.drive, layer_name("network", lang),
                      draw["network"], static).add_to(m)
    if "surface" in draw and surface_score is not None:
        score = np.asarray(surface_score, dtype=float)
        if len(score) != study.walk.n_nodes:
            raise ValueError(f"surface_score has {len(score)} values; the walk network "
                             f"has {study.walk.n_nodes} nodes (one score per row of acc.surface)")
        surface_layer(study.walk, score, layer_name("surface", lang),
                      draw["surface"]).add_to(m)
    if "police" in draw:
        add_police_shading(m, study, acc, police or Police(), layer_name("police", lang),
                           draw["police"], lang, legend)


def _add_services(m: folium.Map, svc: pd.DataFrame, labels: dict[str, str], lang: str,
                  legend: Legend, show: bool, names: bool = True) -> None:
    """Add one toggleable layer of service badges per category (``names`` in the tooltips)."""
    present = [c for c in labels if (svc["category"] == c).any()]
    colors = category_colors(list(labels))
    symbols = category_symbols({c: labels[c] for c in present})
    rows = []
    for cat in present:
        part = svc[svc["category"] == cat]
        group = folium.FeatureGroup(name=layer_name("services", lang, labels[cat]), show=show)
        _service_markers(part if names else part.assign(name=""), svc.crs, labels[cat],
                         badge(colors[cat], symbols[cat])).add_to(group)
        group.add_to(m)
        rows.append(f"{badge(colors[cat], symbols[cat])}{esc(labels[cat])} ({len(part)})")
    legend.section(_t(lang)["services_title"], rows)


def _service_markers(part: pd.DataFrame, crs: str, label: str, icon_html: str) -> folium.GeoJson:
    """Return the badges of one category's services (a GeoJSON layer with a tooltip)."""
    geoms = part.geometry.to_numpy()
    part = part[~(shapely.is_missing(geoms) | shapely.is_empty(geoms))]
    pts = shapely.point_on_surface(part.geometry.to_numpy())
    coords = np.round(lonlat(shapely.get_coordinates(pts), crs), 6)
    features = [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": c.tolist()},
         "properties": {"tip": f"<b>{esc(name) or esc(label)}</b><br>{esc(label)}"}}
        for c, name in zip(coords, part["name"].fillna("").astype(str), strict=True)
    ]
    icon = folium.DivIcon(html=icon_html, icon_size=(16, 16), icon_anchor=(8, 8),
                          class_name="siting-svc")
    return folium.GeoJson({"type": "FeatureCollection", "features": features},
                          marker=folium.Marker(icon=icon),
                          tooltip=folium.GeoJsonTooltip(fields=["tip"], labels=False),
                          control=False)


def _add_routes(m: folium.Map, acc: Accessibility, frame: pd.DataFrame,
                selected: str | None, labels: dict[str, str], lang: str, show: bool) -> None:
    """Add walking routes: the selected plot's, or one layer per ranked plot (first shown)."""
    if selected is not None:
        rows = frame[frame["plot_id"] == str(selected)]
        if rows.empty:
            log.warning("selected plot %r is not among the plots; no routes drawn", selected)
    else:
        rows = frame[frame["rank"].notna()].sort_values("rank")
    colors = category_colors(list(labels))
    for n, (_, row) in enumerate(rows.iterrows()):
        label = f"{row['rank']}. {row['name']}" if pd.notna(row["rank"]) else row["name"]
        group = folium.FeatureGroup(name=layer_name("routes", lang, label),
                                    show=show and (selected is not None or n == 0))
        for line in _route_lines(acc, int(row["position"]), row, colors, labels, lang):
            line.add_to(group)
        group.add_to(m)


def _route_lines(acc: Accessibility, position: int, row: pd.Series, colors: dict[str, str],
                 labels: dict[str, str], lang: str) -> list[folium.PolyLine]:
    node = int(acc.plot_walk_nodes[position]) if len(acc.plot_walk_nodes) else -1
    lines = []
    for k, cat in enumerate(acc.categories):
        path = route(acc.walk_trees, k, node)
        if len(path) < 2:
            continue
        coords = np.round(lonlat(acc.walk_graph.xy[path], acc.plots.crs), 6)
        walk = row.get(f"walk_m_{cat}")
        tip = (f"{esc(labels[cat])}: {metres_text(walk, lang)}"
               f" – {esc(nearest_text(row.get(f'nearest_{cat}'), walk, lang))}")
        lines.append(folium.PolyLine(coords[:, ::-1].tolist(), color=colors[cat], weight=4,
                                     opacity=0.9, tooltip=tip))
    return lines


def _add_plots(m: folium.Map, frame: pd.DataFrame, selected: str | None, lang: str,
               categories: dict[str, str], legend: Legend, show: bool) -> None:
    """Add the plots layer (see :mod:`siting.webmap.plots`) and its legend."""
    t = _t(lang)
    plots_layer(frame, selected, t, lang, categories, show).add_to(m)
    plots_legend(legend, t)
