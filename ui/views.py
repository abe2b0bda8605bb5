"""Results as the app shows them: labelled, rounded tables and the street surface.

Pure functions of the ranked table and the config (no Streamlit here), so every
view is tested with exact values.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from siting.config import Config
from siting.scoring import curve_fn, points_column
from siting.services import CATEGORIES
from siting.text import number, t
from siting.text.render import column_labels, reasons, status_label

__all__ = ["GROUPS", "compare_view", "ranking_view", "service_counts", "surface_scores"]


def service_counts(services: pd.DataFrame, lang: str = "nb") -> pd.DataFrame:
    """Return per category (label) the number of services per ``source``, zeros filled."""
    sources = ["osm", "register", "added"]
    table = pd.crosstab(services["category"], services["source"]).reindex(
        columns=sources, fill_value=0)
    order = [c for c in CATEGORIES if c in table.index] + sorted(set(table.index) - set(CATEGORIES))
    table = table.loc[order]
    labels = [CATEGORIES[c].label(lang) if c in CATEGORIES else c for c in table.index]
    return table.set_axis(pd.Index(labels, name="category")).astype(int)


def surface_scores(surface: pd.DataFrame, config: Config) -> np.ndarray:
    """Score 0-100 per walk-network node from the config's walking criteria.

    The same formula as :func:`siting.scoring.score_table`, ``100 × Σ w_i·v_i / Σ w_i``,
    but over the criteria whose column ``surface`` has (``walk_m_*``, metres);
    police and patrol are not known between plots. NaN everywhere when those
    criteria all weigh 0.
    """
    crits = [c for c in config.criteria.values() if c.column in surface.columns and c.weight > 0]
    if not crits:
        return np.full(len(surface), np.nan)
    total = np.zeros(len(surface))
    for c in crits:
        total += c.weight * curve_fn(c.curve)(surface[c.column].to_numpy(dtype=float))
    result: np.ndarray = 100.0 * total / sum(c.weight for c in crits)
    return result


def _label(column: str, labels: Mapping[str, str], lang: str) -> str:
    if column in labels:
        return labels[column]
    if column == "drive_snap_m":
        return t("app.col.drive_snap_m", lang)
    key = column.removeprefix("walk_m_")
    cat = CATEGORIES[key].label(lang) if key in CATEGORIES else key
    return f"{cat}, {t('column.how.walk', lang)} (m)"


#: The ranking table's column groups, one click apart (see :func:`ranking_view`).
GROUPS = ("overview", "walk", "police", "points", "all")


def ranking_view(ranked: pd.DataFrame, config: Config, lang: str,
                 categories: Sequence[str]) -> pd.DataFrame:
    """Return the ranking as shown: labelled columns (units in the headers), rounded.

    Columns: rank, plot, name, score, status, reasons, walking metres per
    category, police drive (and response, when a dispatch delay is set) and
    patrol detour (minutes), the police station, points per criterion,
    distances to the walk network and to a drivable road (metres). Unreachable
    stays ``inf`` and an unknown figure NaN (:func:`ui.common.styled` says
    which). ``attrs["decimals"]`` maps each number column (by its label) to the
    decimals it is rounded to; ``attrs["groups"]`` each of :data:`GROUPS` to its
    columns (rank, plot and name lead every group).
    """
    labels = column_labels(config, lang)
    walk = [f"walk_m_{c}" for c in categories if f"walk_m_{c}" in ranked]
    points = [points_column(k) for k in config.criteria if points_column(k) in ranked]
    response = ["police_response_min"] if config.police.dispatch_min \
        and "police_response_min" in ranked else []
    police = [c for c in ("police_drive_min", *response, "patrol_detour_min", "nearest_police",
                          "drive_snap_m") if c in ranked]
    lead = ["rank", "plot_id", "name"]
    groups = {"overview": ["score", "status", "reasons"], "walk": [*walk, "snap_m"],
              "police": police, "points": ["score", *points]}
    cols = [*lead, "score", "status", "reasons", *walk, *police, *points, "snap_m"]
    view = ranked.assign(reasons=reasons(ranked, config, lang))[cols].copy()
    view["status"] = [status_label(s, lang) for s in view["status"]]
    numbers = [*walk, *[c for c in police if c != "nearest_police"], *points, "snap_m",
               "score"]
    view[numbers] = view[numbers].astype(float)
    digits = {c: 0 for c in [*walk, "snap_m", "drive_snap_m"] if c in numbers} | {
        c: 1 for c in numbers if c not in (*walk, "snap_m", "drive_snap_m")}
    view = view.round(digits)
    names = {c: _label(c, labels, lang) for c in cols} | {"name": t("column.name", lang)}
    view = view.rename(columns=names).reset_index(drop=True)
    view.attrs["decimals"] = {names[c]: d for c, d in digits.items()}
    view.attrs["groups"] = {g: [names[c] for c in [*lead, *members]]
                            for g, members in groups.items()} | {"all": list(view.columns)}
    return view


def _fmt(value: float, digits: int, unit: str, lang: str) -> str:
    """A figure with its unit; "ikke nåbar" when unreachable, "–" when unknown."""
    if value is None or math.isnan(float(value)):
        return "–"
    if math.isinf(float(value)):
        return t("app.table.unreachable", lang)
    return f"{number(value, lang, digits)} {unit}".strip()


def compare_view(ranked: pd.DataFrame, ids: Sequence[str], config: Config,
                 lang: str) -> pd.DataFrame:
    """Return plots ``ids`` side by side: one column per plot, one row per figure.

    Each criterion row reads "distance → points", e.g. "420 m → 12.3".
    """
    labels = column_labels(config, lang)
    said = ranked.assign(reasons=reasons(ranked, config, lang))
    rows = said.set_index(said["plot_id"].astype(str)).loc[[str(i) for i in ids]]
    out: dict[str, list[str]] = {}
    index = [labels["rank"], labels["score"], labels["status"], labels["reasons"]]
    index += [labels[crit.column] for crit in config.criteria.values()]
    index.append(labels["snap_m"])
    for plot_id, row in rows.iterrows():
        rank = "–" if pd.isna(row["rank"]) else str(int(row["rank"]))
        cells = [rank, _fmt(row["score"], 1, "", lang), status_label(row["status"], lang),
                 str(row["reasons"]) or "–"]
        for key, crit in config.criteria.items():
            unit = "min" if crit.column.endswith("_min") else "m"
            dist = _fmt(row[crit.column], 1 if unit == "min" else 0, unit, lang)
            cells.append(f"{dist} → {_fmt(row[points_column(key)], 1, '', lang)}")
        cells.append(_fmt(row["snap_m"], 0, "m", lang))
        head = f"{row['name']} ({plot_id})"
        out[head] = cells
    return pd.DataFrame(out, index=pd.Index(index, name=labels["plot_id"]))
