"""A small folium map of the portfolio decision: the chosen plots and the walk between them.

Every candidate plot is a small grey dot; each chosen plot a badge with its id
in its group's colour; the shortest walk between the chosen
plots (:func:`siting.decision_network.walk_route`) is drawn over the street
network, with its length in the tooltip. Built from :mod:`siting.webmap.layers`
pieces and served like the main map (Leaflet from the app's static folder).
Every name is escaped with :func:`~siting.webmap.layers.esc`.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import folium
import numpy as np

from ..analysis import Accessibility, Study
from ..decision import Decision
from ..decision_network import walk_route
from ..text import t
from ..text.decision import group_label
from ._polyline import lonlat
from .assets import static_assets
from .chrome import MapChrome
from .compare import positions, street_map
from .layers import Legend, esc

__all__ = ["GROUP_COLORS", "pair_map"]

#: Colours of the chosen plots, group by group (colour-blind safe, ColorBrewer Dark2).
GROUP_COLORS = ("#1b9e77", "#d95f02", "#7570b3", "#e7298a")
ROUTE_COLOR = "#222222"

def _badge(color: str, plot: str) -> folium.DivIcon:
    """A badge in the group's colour with the plot's id (cut to 5 characters)."""
    shown = plot if len(plot) <= 5 else plot[:4] + "…"
    width = max(30, 9 * len(shown) + 12)
    html = (f'<div class="siting-pair" style="background:{color};color:#fff;width:{width}px;'
            f'height:30px;border:2px solid #222;border-radius:15px;box-sizing:border-box;'
            f'font-weight:bold;text-align:center;line-height:26px">{esc(shown)}</div>')
    return folium.DivIcon(html=html, icon_size=(width, 30), icon_anchor=(width // 2, 15))


def _dot() -> str:
    return ('<svg width="14" height="14"><circle cx="7" cy="7" r="4" fill="#9e9e9e" '
            'stroke="#555"/></svg>')


def _legend(decision: Decision, lang: str) -> str:
    rows = []
    for g, color in zip(decision.groups, GROUP_COLORS, strict=False):
        rows.append(f'<span style="display:inline-flex;align-items:center;gap:6px">'
                    f'<svg width="14" height="14"><circle cx="7" cy="7" r="6" fill="{color}" '
                    f'stroke="#222"/></svg>{esc(group_label(g, lang))}</span>')
    rows.append(f'<span style="display:inline-flex;align-items:center;gap:6px">{_dot()}'
                f'{esc(t("map.pair.other", lang))}</span>')
    rows.append(f'<span style="display:inline-flex;align-items:center;gap:6px">'
                f'<svg width="18" height="6"><line x1="0" y1="3" x2="18" y2="3" '
                f'stroke="{ROUTE_COLOR}" stroke-width="3" stroke-dasharray="5 3"/></svg>'
                f'{esc(t("map.pair.route", lang))}</span>')
    legend = Legend(t("map.pair.legend", lang))
    legend.section("", rows)
    return legend.html()


def _routes(m: folium.Map, acc: Accessibility, decision: Decision,
            lang: str) -> list[list[float]]:
    """Draw the walks between the chosen plots; return their (lat, lon) points."""
    best = decision.solution.best
    assert best is not None
    seen: list[list[float]] = []
    for i, j in itertools.combinations(best.index, 2):
        line = walk_route(acc, i, j)
        if line is None:
            continue
        coords = lonlat(np.asarray(line.coords), str(acc.plots.crs))
        tip = t("map.pair.route_tip", lang, a=decision.problem.plot_ids[i],
                b=decision.problem.plot_ids[j], m=float(decision.problem.walk_m[i, j]))
        points = [[float(y), float(x)] for x, y in coords]
        folium.PolyLine(points, color=ROUTE_COLOR, weight=4, dash_array="8 5",
                        tooltip=esc(tip)).add_to(m)
        seen += points
    return seen


def pair_map(decision: Decision, acc: Accessibility, lang: str = "nb",
             study: Study | None = None, assets: str = "/app/static/vendor",
             folder: str | Path | None = None) -> folium.Map | None:
    """Return the map of the chosen portfolio, or None when none is feasible or placed."""
    best = decision.solution.best
    where = positions(acc.plots.assign(plot_id=acc.table["plot_id"].to_numpy()))
    if best is None or where.empty:
        return None
    m = street_map(where, study, lang)
    chosen = dict(zip(best.plots, range(len(best.plots)), strict=True))
    for row in where.itertuples():
        if row.plot_id in chosen:
            continue
        folium.CircleMarker([row.lat, row.lon], radius=4, color="#555", weight=1,
                            fill=True, fill_color="#9e9e9e", fill_opacity=0.9,
                            tooltip=esc(f"{decision.name_of(row.plot_id)} ({row.plot_id})")
                            ).add_to(m)
    walked = _routes(m, acc, decision, lang)
    spots = where.set_index("plot_id")
    for plot, g in chosen.items():
        group = decision.groups[g]
        label = group_label(group, lang)
        tip = t("map.pair.plot_tip", lang, name=decision.name_of(plot), plot=plot, group=label,
                score=best.scores[g])
        folium.Marker([spots.at[plot, "lat"], spots.at[plot, "lon"]],
                      icon=_badge(GROUP_COLORS[g % len(GROUP_COLORS)], plot),
                      tooltip=esc(tip)).add_to(m)
    # the view fits the chosen plots and the walk between them (the decision), not every candidate
    focus = np.array(walked + [[spots.at[p, "lat"], spots.at[p, "lon"]] for p in chosen])
    MapChrome(_legend(decision, lang), [[float(focus[:, 0].min()), float(focus[:, 1].min())],
                                        [float(focus[:, 0].max()), float(focus[:, 1].max())]],
              lang=lang).add_to(m)
    return static_assets(m, assets, folder)
