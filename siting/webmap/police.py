"""The police layers of the map: response bands, and a plot's drive route and patrol loop.

The drive network is shaded by response time (drive time from the nearest chosen
station plus the config's dispatch delay) in the police's own bands
(``police.bands_min``, default 1/2/3/5/10 min, which tell plots in a town centre
apart). For a plot, the route the patrol car drives from its station and the
patrol loop -- nearest main road to the plot and back to the nearest main road --
are drawn from the same shortest-path trees the figures come from.
"""

from __future__ import annotations

import folium
import numpy as np
import pandas as pd

from .._config_types import Police
from ..analysis import Accessibility, Study
from ..distances import route
from ..text import number, t
from .layers import UNREACHED, Legend, esc, lonlat, police_bands, police_layer, swatch

__all__ = ["add_police_routes", "add_police_shading", "route_coords",
           "routes_legend"]

DRIVE_COLOR, LOOP_COLOR = "#111111", "#00a651"
DRIVE_STYLE: dict[str, object] = {"color": DRIVE_COLOR, "weight": 5, "opacity": 0.9}
LOOP_STYLE: dict[str, object] = {"color": LOOP_COLOR, "weight": 4, "opacity": 0.9,
                                 "dash_array": "8 6"}


def _limit(minutes: float, lang: str) -> str:
    return number(minutes, lang, 0 if float(minutes).is_integer() else 1)


def add_police_shading(m: folium.Map, study: Study, acc: Accessibility, police: Police,
                       name: str, show: bool, lang: str, legend: Legend) -> None:
    """Shade the drive network by response time in the police's bands, with a legend."""
    n = study.drive.n_nodes
    drive = acc.police_trees.dist[0, :n] / 60.0 if len(acc.police_trees.dist) \
        else np.full(n, np.inf)
    bands = police_bands(police.bands_min)
    police_layer(study.drive, drive + float(police.dispatch_min), name, show, bands).add_to(m)
    rows = [swatch(color, t("map.police.upto", lang, v=_limit(limit, lang)))
            for limit, color in bands[:-1]]
    rows.append(swatch(bands[-1][1], t("map.police.beyond", lang,
                                       v=_limit(police.bands_min[-1], lang))))
    title = name if not police.dispatch_min else \
        f"{name} ({t('map.police.dispatch', lang, v=police.dispatch_min)})"
    legend.section(title, [*rows, swatch(UNREACHED, t("map.police.unreached", lang))])


def route_coords(acc: Accessibility, position: int) -> dict[str, np.ndarray]:
    """Lon/lat of a plot's drive route from its station and of its patrol loop.

    Returns ``drive`` (station -> plot), ``there`` (main road -> plot) and
    ``back`` (plot -> main road); an entry is absent where there is nothing to
    draw (unreached, or the plot lies on a main road).
    """
    reach = acc.police
    if reach is None or not len(acc.plot_drive_nodes):
        return {}
    node = int(acc.plot_drive_nodes[position])
    paths = {"drive": route(reach.trees, 0, node), "there": route(reach.trees, 1, node),
             "back": route(reach.back, 0, node)[::-1]}
    return {key: lonlat(reach.graph.xy[path], acc.plots.crs)
            for key, path in paths.items() if len(path) >= 2}


def add_police_routes(m: folium.Map, acc: Accessibility, frame: pd.DataFrame,
                      selected: str | None, lang: str, show: bool) -> None:
    """Add the drive route and patrol loop of the selected plot (else of every ranked
    plot, one layer each, only the first shown)."""
    if selected is not None:
        rows = frame[frame["plot_id"] == str(selected)]
    else:
        rows = frame[frame["rank"].notna()].sort_values("rank")
    for n, (_, row) in enumerate(rows.iterrows()):
        label = f"{row['rank']}. {row['name']}" if pd.notna(row["rank"]) else row["name"]
        group = folium.FeatureGroup(name=f"{t('map.police.routes', lang)}: {esc(label)}",
                                    show=show and (selected is not None or n == 0))
        for line in _lines(acc, int(row["position"]), row, lang):
            line.add_to(group)
        group.add_to(m)


def _lines(acc: Accessibility, position: int, row: pd.Series,
           lang: str) -> list[folium.PolyLine]:
    coords = route_coords(acc, position)
    reach = acc.police
    lines = []
    if "drive" in coords:
        tip = t("map.police.drive", lang, station=esc(row.get("nearest_police", "")),
                v=float(row["police_drive_min"]))
        lines.append(folium.PolyLine(np.round(coords["drive"][:, ::-1], 6).tolist(),
                                     tooltip=tip, **DRIVE_STYLE))
    if reach is None:
        return lines
    node = int(acc.plot_drive_nodes[position])
    legs = {"there": reach.trees.dist[1, node] / 60.0, "back": reach.back.dist[0, node] / 60.0}
    for key in ("there", "back"):
        if key in coords:
            tip = t(f"map.police.{key}", lang, v=float(legs[key]))
            lines.append(folium.PolyLine(np.round(coords[key][:, ::-1], 6).tolist(),
                                         tooltip=tip, **LOOP_STYLE))
    return lines


def routes_legend(legend: Legend, lang: str) -> None:
    """Explain the two line styles of the police routes."""
    legend.section(t("map.police.routes", lang), [
        swatch(DRIVE_COLOR, t("map.police.legend_drive", lang)),
        swatch(LOOP_COLOR, t("map.police.legend_loop", lang)),
    ])
