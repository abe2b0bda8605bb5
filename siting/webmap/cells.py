"""The plots layer of the public map: each plot as its grid cell, figures in bands.

In public mode (see :mod:`siting.public`) the map must not locate a plot more
finely than the fixed grid cell it lies in. :func:`public_plot_frame` replaces
every position by its cell (centre and corners, degrees), every name by
"Tomt 1", "Tomt 2" ... and every figure by its band; :func:`cells_layer` draws
the cells filled by score with the rank in the middle. A plot with no place (no
location, or outside the area the data cover: :func:`siting.public.unplaced`) has no
cell and no marker; :func:`off_map_legend` names it in the legend with why. Nothing finer than a
cell, no name and no service name reaches the page.
"""

from __future__ import annotations

import folium
import numpy as np
import pandas as pd

from ..analysis import Accessibility
from ..public import public_frame
from ..text.render import unplaced_reason
from .layers import UNREACHED, Legend, esc, score_color

__all__ = ["cells_layer", "off_map_legend", "public_plot_frame"]


def public_plot_frame(acc: Accessibility, ranked: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The ranked plots as the public map may show them, in rank order.

    Columns ``name`` (the public label, "Tomt 1"), ``rank``, ``score`` (whole
    points), ``status`` (code), ``walk_band_<category>``, ``police_band`` and
    ``patrol_band`` (band texts), ``lat``/``lon`` (cell centre, degrees),
    ``cell`` (the cell's [[south, west], [north, east]]; None without a position) and
    ``off_map`` (why a plot has no place on the map, in words that locate nothing; "" for
    a plot that has one).
    """
    # the flags as codes (``ranked`` may carry them in words): they say which plots get
    # no place on the map
    codes = dict(zip(acc.table["plot_id"].astype(str), acc.table["flag"], strict=True))
    flags = [codes.get(str(p), ()) for p in ranked["plot_id"]]
    table = public_frame(ranked.assign(flag=flags), acc.plots, None, acc.categories, lang)
    frame = pd.DataFrame(table.drop(columns=["geometry", "status", "fails", "tied_ranks"],
                                    errors="ignore"))
    frame = frame.rename(columns={"plot": "name"})
    frame["score"] = frame["score"].astype(float)
    frame["status"] = ranked["status"].to_numpy()
    frame["cell"] = [_corners(g) for g in table.geometry]
    frame["lat"] = [(c[0][0] + c[1][0]) / 2 if c else np.nan for c in frame["cell"]]
    frame["lon"] = [(c[0][1] + c[1][1]) / 2 if c else np.nan for c in frame["cell"]]
    frame["off_map"] = [unplaced_reason(f, lang) for f in flags]
    return frame


def off_map_legend(legend: Legend, frame: pd.DataFrame, t: dict[str, str]) -> None:
    """Name in ``legend`` the plots the map does not show, each with why ("Tomt 15:
    utenfor kartområdet"); nothing when every plot is on it.

    ``frame`` from :func:`public_plot_frame`.
    """
    off = frame[frame["off_map"] != ""]
    legend.section(t["off_map"], [f"{esc(n)}: {esc(why)}" for n, why in
                                  zip(off["name"], off["off_map"], strict=True)])


def _corners(geom: object) -> list[list[float]] | None:
    if geom is None or getattr(geom, "is_empty", True):
        return None
    west, south, east, north = geom.bounds  # type: ignore[attr-defined]
    return [[round(south, 6), round(west, 6)], [round(north, 6), round(east, 6)]]


def cells_layer(frame: pd.DataFrame, t: dict[str, str], categories: dict[str, str],
                show: bool) -> folium.FeatureGroup:
    """Return the public plots layer: one score-filled cell per plot, its rank in the middle.

    ``frame`` from :func:`public_plot_frame`; ``categories`` the walk categories
    shown in the popup (key: label); ``t`` the map texts.

    Plots that share a cell share its square: it is filled by the best-ranked one's
    score and says every one of them (label "5 · 8", tooltip and popup), so none hides
    under another.
    """
    group = folium.FeatureGroup(name=t["plots"], show=show)
    placed = frame[frame["cell"].notna()]
    for _, rows in placed.groupby(placed["cell"].map(str), sort=False):
        first = rows.iloc[0]  # rank order: the best-ranked plot of the cell
        flagged = first["status"] == "flagged"
        folium.Rectangle(
            first["cell"], color="#222222", weight=2, dash_array="5 4" if
            first["status"] == "fails_rules" else None, fill=True, fill_opacity=0.55,
            fill_color=UNREACHED if flagged else score_color(first["score"]),
            tooltip="<br>".join(_tooltip(row, t) for _, row in rows.iterrows()),
            popup=folium.Popup("".join(_popup(row, t, categories) for _, row in rows.iterrows()),
                               max_width=320),
        ).add_to(group)
        mark = " · ".join(_mark(row) for _, row in rows.iterrows())
        width = 22 + 18 * (len(rows) - 1)
        folium.Marker([first["lat"], first["lon"]], interactive=False, icon=folium.DivIcon(
            html=f'<div class="siting-rank" style="color:#000;width:{width}px">{mark}</div>',
            icon_size=(width, 22), icon_anchor=(width // 2, 11),
            class_name="siting-label")).add_to(group)
    return group


def _mark(row: pd.Series) -> str:
    """A plot's label in its cell: its rank, "!" when flagged, "×" when not ranked."""
    if row["status"] == "flagged":
        return "!"
    return str(int(row["rank"])) if pd.notna(row["rank"]) else "×"


def _tooltip(row: pd.Series, t: dict[str, str]) -> str:
    head = f"{int(row['rank'])}. " if pd.notna(row["rank"]) else ""
    score = f"{row['score']:.0f}" if np.isfinite(row["score"]) else "–"
    return f"<b>{head}{esc(row['name'])}</b> – {esc(t['score'].lower())} {score}"


def _popup(row: pd.Series, t: dict[str, str], categories: dict[str, str]) -> str:
    status = esc(t.get(row["status"], row["status"]))
    cells = [f"<tr><th>{esc(label)}</th><td>{esc(row[f'walk_band_{cat}'])}</td></tr>"
             for cat, label in categories.items()]
    cells += [f"<tr><th>{esc(t['police_min'])}</th><td>{esc(row['police_band'])}</td></tr>",
              f"<tr><th>{esc(t['patrol'])}</th><td>{esc(row['patrol_band'])}</td></tr>"]
    return (f'<div class="siting-popup"><b>{esc(row["name"])}</b><br>{status}'
            f"<table>{''.join(cells)}</table></div>")
