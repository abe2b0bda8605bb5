"""The map of one service category in the review: counted, not counted, flagged.

Tile-less like the main map (the street network drawn as a light layer), so it
works offline. Counted services are green dots, services not counted grey,
counted services flagged for review orange; the tooltip gives name, source,
reference and why (all escaped: names come from OSM and from users).
"""

from __future__ import annotations

import folium
import geopandas as gpd
import numpy as np
import shapely

from ..analysis import Study
from ..review_io import source_text
from ..text import t as text_t
from ..text.render import service_name
from .assets import inline_assets, static_assets
from .chrome import MapChrome
from .layers import Legend, esc, network_layer, swatch
from .scale import metric_scale

__all__ = ["COLORS", "review_map"]

#: Dot colours: counted, counted but flagged, not counted.
COLORS = {"counted": "#1a7f37", "flagged": "#d4a017", "not_counted": "#8c959f"}
def _kind(included: bool, flags: str) -> str:
    if not included:
        return "not_counted"
    return "flagged" if flags else "counted"


def review_map(study: Study, review: gpd.GeoDataFrame, category: str, *, lang: str = "nb",
               assets: str = "inline") -> folium.Map:
    """Return the map of ``category``'s rows of ``review`` (see :mod:`siting.review`).

    Parameters
    ----------
    study : Study
        For the street network and, with no service, the extent.
    review : geopandas.GeoDataFrame
        The rendered review (``included``, ``flags``, ``why``...), any CRS.
    assets : str
        "inline" or the URL prefix the Leaflet files are served at.
    """
    rows = review[review["category"] == category].to_crs("EPSG:4326")
    rows = rows[~(rows.geometry.isna() | rows.geometry.is_empty)]
    points = shapely.point_on_surface(rows.geometry.to_numpy())
    xy = shapely.get_coordinates(points)
    if len(xy):
        (west, south), (east, north) = xy.min(axis=0), xy.max(axis=0)
    else:
        hull = gpd.GeoSeries([study.coverage], crs=study.crs).to_crs("EPSG:4326")
        west, south, east, north = hull.total_bounds
    t = {k: text_t(f"map.review.{k}", lang)
         for k in ("network", "legend", "counted", "flagged", "not_counted")}
    m = folium.Map(location=[(south + north) / 2, (west + east) / 2], zoom_start=14,
                   tiles=None, max_zoom=19)
    metric_scale(m)
    network_layer(study.walk, study.drive, t["network"]).add_to(m)
    for (lon, lat), row in zip(np.round(xy, 6), rows.itertuples(), strict=True):
        color = COLORS[_kind(bool(row.included), str(row.flags))]
        name = service_name(row.name, lang) if row.source == "osm" else row.name or "–"
        tip = (f"<b>{esc(name)}</b><br>{esc(source_text(str(row.source), lang))} "
               f"{esc(row.ref)}<br>"
               f"{esc(row.why)}" + (f"<br><i>{esc(row.flags)}</i>" if row.flags else ""))
        folium.CircleMarker([float(lat), float(lon)], radius=7, color=color, weight=2,
                            fill=True, fill_color=color, fill_opacity=0.8,
                            tooltip=folium.Tooltip(tip)).add_to(m)
    legend = Legend(t["legend"])
    legend.section("", [swatch(COLORS[k], t[k]) for k in COLORS])
    bounds = [[float(south), float(west)], [float(north), float(east)]] if len(xy) > 1 else None
    # attribution, legend, fit without animation
    MapChrome(legend.html(), bounds, lang=lang).add_to(m)
    return inline_assets(m) if assets == "inline" else static_assets(m, assets)
