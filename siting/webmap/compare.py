"""A small folium map of two scenarios: each plot coloured by how its rank changed.

Built from :mod:`siting.webmap.layers` pieces (street background, legend,
attribution) and served like the main map: Leaflet from the app's static
folder, never a CDN. Every name is escaped with :func:`~siting.webmap.layers.esc`.
No Streamlit here; the app's scenario comparison (:mod:`ui.compare_ui`) shows it.
"""

from __future__ import annotations

from pathlib import Path

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from ..analysis import Study, framed
from ..scenario import outside_flags
from ..text import t
from .assets import static_assets
from .chrome import MapChrome
from .layers import Legend, esc, network_layer
from .map import layer_name
from .scale import metric_scale

#: Rank change (B − A, clipped to ±3) -> fill colour: blue rises, red falls (ColorBrewer RdBu).
CHANGE_COLORS = {-3: "#2166ac", -2: "#4393c3", -1: "#92c5de", 0: "#f7f7f7",
                 1: "#f4a582", 2: "#d6604d", 3: "#b2182b"}
MISSING_COLOR = "#bdbdbd"

def change_color(change: object) -> str:
    """Fill colour of a rank change (grey when unknown)."""
    if change is None or pd.isna(change):
        return MISSING_COLOR
    return CHANGE_COLORS[int(np.clip(int(change), -3, 3))]  # type: ignore[call-overload]


def change_text(change: object) -> str:
    """Short badge text: "↑2" rises two places, "↓1" falls one, "=" same, "–" unknown."""
    if change is None or pd.isna(change):
        return "–"
    n = int(change)  # type: ignore[call-overload]
    return "=" if n == 0 else f"↑{-n}" if n < 0 else f"↓{n}"


def positions(*frames: gpd.GeoDataFrame | None) -> pd.DataFrame:
    """``plot_id``, ``lon``, ``lat`` (degrees) of a point on each plot, and ``outside``:
    whether its flag codes say it lies outside the area the data cover
    (:func:`siting.scenario.outside_flags`). The first frame wins."""
    parts = []
    for frame in frames:
        if not isinstance(frame, gpd.GeoDataFrame) or "plot_id" not in frame:
            continue
        geoms = frame.to_crs("EPSG:4326").geometry.to_numpy()
        ok = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
        xy = shapely.get_coordinates(shapely.point_on_surface(geoms[ok]))
        outside = np.asarray(outside_flags(frame), dtype=bool)[ok]
        parts.append(pd.DataFrame({"plot_id": frame["plot_id"].astype(str).to_numpy()[ok],
                                   "lon": xy[:, 0], "lat": xy[:, 1], "outside": outside}))
    if not parts:
        return pd.DataFrame({"plot_id": [], "lon": [], "lat": [], "outside": []})
    return pd.concat(parts, ignore_index=True).drop_duplicates("plot_id")


_LABEL_CHARS = 32  # a long plot name is cut on the map (the tooltip has all of it)


def _badge(change: object, label: str) -> folium.DivIcon:
    """The rank-change disc with the plot's name written beside it."""
    color = change_color(change)
    ink = "#fff" if color in ("#2166ac", "#4393c3", "#d6604d", "#b2182b") else "#111"
    short = label if len(label) <= _LABEL_CHARS else label[: _LABEL_CHARS - 1] + "…"
    html = (f'<div class="siting-rank" style="background:{color};color:{ink};width:28px;'
            f'height:28px;border:2px solid #333;border-radius:50%;box-sizing:border-box">'
            f"{esc(change_text(change))}</div>"
            f'<div class="siting-cmp-label">{esc(short)}</div>')
    return folium.DivIcon(html=html, icon_size=(28, 28), icon_anchor=(14, 14))


_LABEL_CSS = (".siting-cmp-label{position:absolute;left:32px;top:5px;white-space:nowrap;"
              "font:bold 12px/1.2 sans-serif;color:#111;text-shadow:0 0 3px #fff,0 0 3px #fff,"
              "0 0 2px #fff;pointer-events:none;}")


def _rank(value: object) -> str:
    return "–" if value is None or pd.isna(value) else str(int(value))  # type: ignore[call-overload]


def _legend(lang: str, names: tuple[str, str]) -> str:
    """The legend's HTML (names are escaped by :class:`Legend`)."""
    def row(color: str, label: str) -> str:  # one child: Bootstrap widens each child of .row
        return (f'<span style="display:inline-flex;align-items:center;gap:6px">'
                f'<svg width="14" height="14"><circle cx="7" cy="7" r="6" fill="{color}" '
                f'stroke="#333"/></svg>{esc(label)}</span>')

    rows = [row(CHANGE_COLORS[n], t("map.cmp_up", lang, n=-n)) for n in (-3, -2, -1)]
    rows += [row(CHANGE_COLORS[0], t("map.cmp_same", lang))]
    rows += [row(CHANGE_COLORS[n], t("map.cmp_down", lang, n=n)) for n in (1, 2, 3)]
    rows += [row(MISSING_COLOR, t("map.cmp_missing", lang))]
    legend = Legend(t("map.cmp_legend", lang))
    legend.section(f"A: {names[0]} · B: {names[1]}", rows)
    return legend.html()


def frame_bounds(where: pd.DataFrame) -> list[list[float]]:
    """``[[south, west], [north, east]]`` (degrees) of the plots ``where`` a map frames:
    those not ``outside`` the area the data cover, unless all are
    (:func:`siting.analysis.framed`, the report map's rule)."""
    outside = where["outside"] if "outside" in where else pd.Series(False, index=where.index)
    shown = where[framed(outside.to_numpy(dtype=bool))]
    return [[float(shown["lat"].min()), float(shown["lon"].min())],
            [float(shown["lat"].max()), float(shown["lon"].max())]]


def street_map(where: pd.DataFrame, study: Study | None, lang: str) -> folium.Map:
    """A tile-free map centred on the plots ``where`` frames (``lon``, ``lat`` in degrees;
    see :func:`frame_bounds`), over the study's street network when ``study`` is given;
    Leaflet's files are added later."""
    (south, west), (north, east) = frame_bounds(where)
    m = folium.Map(location=[(south + north) / 2, (west + east) / 2], zoom_start=15,
                   tiles=None, max_zoom=19)
    metric_scale(m)
    if study is not None:
        network_layer(study.walk, study.drive, layer_name("network", lang)).add_to(m)
    return m


def rank_change_map(comparison: pd.DataFrame, where: pd.DataFrame, lang: str = "nb",
                    study: Study | None = None, assets: str = "/app/static/vendor",
                    folder: str | Path | None = None) -> folium.Map | None:
    """Return a map of ``comparison`` (:func:`siting.robustness.compare_scenarios`).

    Parameters
    ----------
    comparison : pandas.DataFrame
        ``plot_id``, ``name``, ``rank_a``, ``rank_b``, ``rank_change``.
    where : pandas.DataFrame
        ``plot_id``, ``lon``, ``lat`` in degrees, optional ``outside`` (see
        :func:`positions`); the view fits the plots in the area (:func:`frame_bounds`).
    study : Study, optional
        Its street network is drawn as the background (when both scenarios use its data).
    assets, folder
        URL prefix Leaflet's files are served at, and the folder they are written to.

    Returns ``None`` when no plot has a position.
    """
    frame = comparison.assign(plot_id=comparison["plot_id"].astype(str)).merge(
        where, on="plot_id", how="inner")
    if frame.empty:
        return None
    m = street_map(frame, study, lang)
    for row in frame.itertuples():
        tip = t("map.cmp_tip", lang, name=f"{row.name} ({row.plot_id})", a=_rank(row.rank_a),
                 b=_rank(row.rank_b))
        folium.Marker([row.lat, row.lon], icon=_badge(row.rank_change, str(row.name)),
                      tooltip=esc(tip)).add_to(m)
    names = comparison.attrs.get("labels", ("A", "B"))
    chrome = MapChrome(_legend(lang, (str(names[0]), str(names[1]))), frame_bounds(frame),
                       fit_title=t("map.cmp_fit", lang), lang=lang)
    chrome.css += _LABEL_CSS
    chrome.add_to(m)
    return static_assets(m, assets, folder)
