"""The plots layer of the interactive map: score-coloured circles, rank labels, popups.

A plot is a circle filled by its score (viridis, grey when flagged) with a
dashed border when it fails a rule, its rank (or "!" flagged, "×" failing)
written on it, a tooltip and a popup with its distances and police times.
Texts come from the catalogue's ``map.*`` entries (passed in as ``t``); every text
from a user's file is escaped with :func:`~siting.webmap.layers.esc`.
"""

from __future__ import annotations

from typing import Any

import folium
import numpy as np
import pandas as pd

from ..police import ON_FOOT_SHOWN_M
from ..text import number
from ..text.render import codes_text, nearest_text
from .layers import UNREACHED, Legend, esc, score_bar, score_color

__all__ = ["LABEL_PANE", "PLOT_PANE", "as_text", "metres_text", "plots_layer", "plots_legend"]

PLOT_PANE = "sitingPlots"  # above the service badges (markerPane, 600)
LABEL_PANE = "sitingLabels"  # own pane: Leaflet puts canvases at z-index 100 within a pane


def plots_layer(frame: pd.DataFrame, selected: str | None, t: dict[str, str], lang: str,
                categories: dict[str, str], show: bool) -> folium.FeatureGroup:
    """Return the plots layer: a score-coloured circle each, rank labels, popups.

    ``frame`` is the ranked table with ``lat``/``lon`` (degrees; NaN: not drawn),
    ``categories`` the walk categories shown in the popup (key: label).
    """
    group = folium.FeatureGroup(name=t["plots"], show=show)
    for _, row in frame.dropna(subset=["lat", "lon"]).iterrows():
        _plot_marker(row, selected, t, lang, categories).add_to(group)
        label = _plot_label(row)
        if label:
            folium.Marker([row["lat"], row["lon"]], icon=label, interactive=False,
                          pane=LABEL_PANE).add_to(group)
    return group


def plots_legend(legend: Legend, t: dict[str, str]) -> None:
    """Add the score bar and the three plot statuses to ``legend``."""
    legend.section(t["score"], [score_bar(f"0 ({t['low']})", f"100 ({t['high']})")])
    legend.section(t["status"], [
        _status_swatch(80.0, "solid", "1", t["ok"]),
        _status_swatch(40.0, "dashed", "×", t["fails_rules"]),
        _status_swatch(np.nan, "solid", "!", t["flagged"]),
    ])


def _float(value: Any) -> float:
    """Return ``value`` as float; NaN for None, NA or NaN."""
    return float(value) if value is not None and pd.notna(value) else np.nan


def metres_text(value: Any, lang: str, none: str = "–") -> str:
    """Format whole metres in ``lang`` ("1 250 m"); ``none`` when unreachable."""
    v = _float(value)
    return f"{number(v, lang)}\u00a0m" if np.isfinite(v) else none


def _number(value: Any, digits: int, lang: str) -> str:
    return number(_float(value), lang, digits)


def _status_swatch(score: float, border: str, mark: str, label: str) -> str:
    return (f'<span class="siting-rank" style="background:{score_color(score)};'
            f"border:2px {border} #222;border-radius:50%;width:18px;height:18px;"
            f'box-sizing:border-box;color:{_ink(score)}">{mark}</span>{esc(label)}')


def _ink(score: Any) -> str:
    """Return the text colour readable on a plot's fill: black on light, white on dark."""
    v = _float(score)
    return "#fff" if np.isfinite(v) and v < 55 else "#000"


def as_text(value: Any) -> str:
    """Return ``value`` as text; "" for None and NaN."""
    return "" if value is None or (isinstance(value, float) and np.isnan(value)) else str(value)


def _plot_style(row: pd.Series) -> dict[str, str | None]:
    status = row.get("status", "ok")
    if status == "flagged":
        return {"fill_color": UNREACHED, "color": "#424242", "dash_array": None}
    fill = score_color(row.get("score", np.nan))
    if status == "fails_rules":
        return {"fill_color": fill, "color": "#222222", "dash_array": "5 4"}
    return {"fill_color": fill, "color": "#222222", "dash_array": None}


def _plot_marker(row: pd.Series, selected: str | None, t: dict[str, str], lang: str,
                 categories: dict[str, str]) -> folium.CircleMarker:
    chosen = selected is not None and row["plot_id"] == str(selected)
    marker = folium.CircleMarker(
        [row["lat"], row["lon"]], radius=13 if chosen else 11, weight=4 if chosen else 2.5,
        fill=True, fill_opacity=0.95, opacity=1.0,
        popup=folium.Popup(_popup_html(row, t, lang, categories), max_width=340),
        tooltip=_tooltip(row, t, lang), **_plot_style(row),
    )
    marker.options["pane"] = PLOT_PANE  # folium's path options drop "pane"
    return marker


def _plot_label(row: pd.Series) -> folium.DivIcon | None:
    """Return the DivIcon drawn on a plot: its rank, "!" if flagged, "×" if it fails."""
    status = row.get("status", "ok")
    if status == "flagged":
        text = "!"
    elif pd.notna(row.get("rank")):
        text = str(int(row["rank"]))
    elif status == "fails_rules":
        text = "×"
    else:
        return None
    color = _ink(row.get("score")) if status != "flagged" else "#000"
    return folium.DivIcon(html=f'<div class="siting-rank" style="color:{color}">{text}</div>',
                          icon_size=(22, 22), icon_anchor=(11, 11), class_name="siting-label")


def _tooltip(row: pd.Series, t: dict[str, str], lang: str) -> str:
    head = f"{int(row['rank'])}. " if pd.notna(row.get("rank")) else ""
    score = _number(row.get("score"), 0, lang)
    status = row.get("status", "ok")
    status = "" if status == "ok" else f" ({esc(t.get(status, status))})"
    return f"<b>{head}{esc(row['name'])}</b> – {t['score'].lower()} {score}{status}"


def _popup_html(row: pd.Series, t: dict[str, str], lang: str,
                categories: dict[str, str]) -> str:
    """Return the popup: name, status and reasons, score, distances, police times."""
    status = row.get("status", "ok")
    reasons = as_text(row.get("reasons")) or codes_text(row.get("flag"), lang)
    if status == "ok":
        line = f"{t['rank']}: {int(row['rank'])}" if pd.notna(row.get("rank")) else ""
    else:
        title = esc(t.get(status, status))
        line = f"<b>{'⚠ ' if status == 'flagged' else ''}{title}</b>: {esc(reasons)}"
    score = _number(row.get("score"), 0, lang)
    cells = [f"<tr><th>{t['score']}</th><td>{score}</td><td></td></tr>"]
    for cat, label in categories.items():
        walk = row.get(f"walk_m_{cat}")
        shown = t["unmeasured"] if np.isnan(_float(walk)) else metres_text(walk, lang, t["none"])
        cells.append(f"<tr><th>{esc(label)}</th><td>{shown}</td>"
                     f"<td>{esc(nearest_text(row.get(f'nearest_{cat}'), walk, lang))}</td></tr>")
    station = esc(as_text(row.get("nearest_police")))
    figures = [("police_min", "police_drive_min", station)]
    drive, response = row.get("police_drive_min"), row.get("police_response_min")
    if response is not None and pd.notna(response) and response != drive:  # a dispatch delay
        figures.append(("police", "police_response_min", ""))
    for key, col, extra in (*figures, ("patrol", "patrol_detour_min", "")):
        value = _float(row.get(col))  # NaN: not measured (the plot is flagged: see above)
        shown = t["unmeasured"] if np.isnan(value) else (
            f"{_number(value, 1, lang)} {t['min']}" if np.isfinite(value) else t["unreached"])
        cells.append(f"<tr><th>{t[key]}</th><td>{shown}</td><td>{extra}</td></tr>")
    road_m = _float(row.get("drive_snap_m"))
    if np.isfinite(road_m) and road_m >= ON_FOOT_SHOWN_M and np.isfinite(
            _float(row.get("police_drive_min"))):  # the walk from the car, as the card says
        cells.append(f"<tr><th>{t['police_foot']}</th><td>{metres_text(road_m, lang)}</td>"
                     f"<td>{t['police_foot_note']}</td></tr>")
    return (f'<div class="siting-popup"><b>{esc(row["name"])}</b><br>{line}'
            f"<table>{''.join(cells)}</table></div>")
