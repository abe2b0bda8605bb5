"""Pure helpers behind the app's state: plot and service lists, config edits, views.

Nothing here imports Streamlit. The app keeps one user's data in
``st.session_state`` and changes it only through these functions, so every
edit (add, rename, remove, merge an upload) can be tested without a browser.
Plot and service tables are in EPSG:4326 (longitude/latitude in degrees).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import math
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from .config import Config, Curve, config_from_dict
from .plots import MAX_NAME_CHARS
from .scoring import column_labels, curve_fn, points_column, status_label
from .services import CATEGORIES

__all__ = [
    "STARTUP_KEYS", "add_plot", "add_service", "analysis_key", "area_key", "compare_view",
    "empty_plots", "empty_services", "frame_digest", "merge_plots", "plot_rows",
    "ranking_view", "recent_areas", "remember_area", "remove_plots", "rename_plot",
    "scenario_area", "service_counts", "set_curve", "set_rule", "startup_options",
    "surface_scores",
]

WGS84 = "EPSG:4326"
STARTUP_KEYS = ("osm", "plots", "services")
_BIDI = dict.fromkeys([*range(0x202A, 0x202F), *range(0x2066, 0x206A)])


# --------------------------------------------------------------------------- plots
def empty_plots() -> gpd.GeoDataFrame:
    """Return a plots table with no rows (``plot_id``, ``name``, ``problem``, geometry)."""
    return gpd.GeoDataFrame({"plot_id": pd.Series(dtype=object), "name": pd.Series(dtype=object),
                             "problem": pd.Series(dtype=object)},
                            geometry=gpd.GeoSeries([], crs=WGS84), crs=WGS84)


def clean_name(text: str, fallback: str) -> str:
    """Return ``text`` trimmed, without control characters, at most the plots' name length.

    HTML stays as typed (it is escaped where it is shown); empty gives ``fallback``.
    """
    text = "".join(" " if ch in "\t\n\r\v\f" else ch for ch in str(text).translate(_BIDI))
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cc").strip()
    text = text or fallback
    return text if len(text) <= MAX_NAME_CHARS else text[: MAX_NAME_CHARS - 1] + "…"


def next_plot_id(taken: Iterable[str], prefix: str = "P") -> str:
    """Return the first of ``P1``, ``P2``, ... not in ``taken``."""
    used = set(map(str, taken))
    n = 1
    while f"{prefix}{n}" in used:
        n += 1
    return f"{prefix}{n}"


def add_plot(plots: gpd.GeoDataFrame, lon: float, lat: float, name: str,
             fallback: str = "Ny tomt") -> tuple[gpd.GeoDataFrame, str]:
    """Return ``plots`` with a point plot at (``lon``, ``lat``) degrees appended, and its id.

    An empty ``name`` becomes "``fallback`` <id>".
    """
    plot_id = next_plot_id(plots["plot_id"])
    row = gpd.GeoDataFrame({"plot_id": [plot_id],
                            "name": [clean_name(name, f"{fallback} {plot_id}")],
                            "problem": [""]}, geometry=[shapely.Point(lon, lat)], crs=WGS84)
    return _concat([plots, row]), plot_id


def rename_plot(plots: gpd.GeoDataFrame, plot_id: str, name: str) -> gpd.GeoDataFrame:
    """Return a copy of ``plots`` where plot ``plot_id`` is called ``name`` (blank keeps it)."""
    out = plots.copy()
    hit = out["plot_id"].astype(str) == str(plot_id)
    if hit.any():
        out.loc[hit, "name"] = clean_name(name, str(out.loc[hit, "name"].iloc[0]))
    return out


def remove_plots(plots: gpd.GeoDataFrame, ids: Iterable[str]) -> gpd.GeoDataFrame:
    """Return ``plots`` without the plots whose ``plot_id`` is in ``ids`` (index renumbered)."""
    drop = {str(i) for i in ids}
    return plots[~plots["plot_id"].astype(str).isin(drop)].reset_index(drop=True)


def merge_plots(current: gpd.GeoDataFrame, new: gpd.GeoDataFrame, add: bool) -> gpd.GeoDataFrame:
    """Return ``new`` (``add=False``) or ``current`` followed by ``new``.

    When adding, a new plot whose id is taken gets ``-2``, ``-3``, ... appended.
    """
    new = new[["plot_id", "name", "problem", "geometry"]].to_crs(WGS84)
    if not add:
        return new.reset_index(drop=True)
    taken = set(current["plot_id"].astype(str))
    ids = []
    for plot_id in new["plot_id"].astype(str):
        candidate, n = plot_id, 1
        while candidate in taken:
            n += 1
            candidate = f"{plot_id}-{n}"
        taken.add(candidate)
        ids.append(candidate)
    return _concat([current, new.assign(plot_id=ids)])


def plot_rows(plots: gpd.GeoDataFrame) -> pd.DataFrame:
    """Return id, name, problem and the lon/lat (6 decimals) of a point on each plot."""
    geoms = plots.geometry.to_numpy()
    ok = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    xy = np.full((len(plots), 2), np.nan)
    if ok.any():
        xy[ok] = shapely.get_coordinates(shapely.point_on_surface(geoms[ok]))
    return pd.DataFrame({"plot_id": plots["plot_id"].astype(str).to_numpy(),
                         "name": plots["name"].astype(str).to_numpy(),
                         "problem": plots["problem"].fillna("").astype(str).to_numpy(),
                         "lon": np.round(xy[:, 0], 6), "lat": np.round(xy[:, 1], 6)})


def _concat(frames: Sequence[gpd.GeoDataFrame]) -> gpd.GeoDataFrame:
    parts = [f.to_crs(WGS84) for f in frames if len(f)]
    if not parts:
        return frames[0].iloc[:0].reset_index(drop=True)
    return gpd.GeoDataFrame(pd.concat(parts, ignore_index=True), geometry="geometry", crs=WGS84)


# --------------------------------------------------------------------------- services
def empty_services() -> gpd.GeoDataFrame:
    """Return a service table with no rows (``category``, ``name``, geometry)."""
    return gpd.GeoDataFrame({"category": pd.Series(dtype=object), "name": pd.Series(dtype=object)},
                            geometry=gpd.GeoSeries([], crs=WGS84), crs=WGS84)


def add_service(services: gpd.GeoDataFrame, category: str, name: str, lon: float, lat: float,
                fallback: str = "Ny tjeneste") -> gpd.GeoDataFrame:
    """Return ``services`` with a point service of ``category`` appended."""
    row = gpd.GeoDataFrame({"category": [category], "name": [clean_name(name, fallback)]},
                           geometry=[shapely.Point(lon, lat)], crs=WGS84)
    return _concat([services, row])


def service_counts(services: pd.DataFrame, lang: str = "nb") -> pd.DataFrame:
    """Return per category (label) the number of services per ``source``, zeros filled."""
    sources = ["osm", "register", "added"]
    table = pd.crosstab(services["category"], services["source"]).reindex(
        columns=sources, fill_value=0)
    order = [c for c in CATEGORIES if c in table.index] + sorted(set(table.index) - set(CATEGORIES))
    table = table.loc[order]
    labels = [CATEGORIES[c].label(lang) if c in CATEGORIES else c for c in table.index]
    return table.set_axis(pd.Index(labels, name="category")).astype(int)


# --------------------------------------------------------------------------- keys
def frame_digest(frame: pd.DataFrame | None) -> str:
    """Return a SHA-256 of a table's values and geometry (WKB): equal content, equal key."""
    if frame is None:
        return "none"
    digest = hashlib.sha256()
    for column in frame.columns:
        values = frame[column]
        if isinstance(values, gpd.GeoSeries):
            wkb = shapely.to_wkb(values.to_numpy(), hex=True)
            digest.update("|".join("" if w is None else w for w in wkb).encode())
        else:
            digest.update(json.dumps(values.astype(str).tolist()).encode())
        digest.update(str(column).encode())
    return digest.hexdigest()


def area_key(area: Mapping[str, Any]) -> tuple[str, str]:
    """Return (kind, reference) naming a study area: a file path, a place query or "demo"."""
    kind = str(area.get("kind", "demo"))
    ref = {"file": area.get("path"), "place": area.get("query")}.get(kind) or "demo"
    return kind, str(ref)


def analysis_key(table: pd.DataFrame, config: Config) -> str:
    """Return a SHA-256 naming a distance table scored with ``config`` (e.g. to cache
    a sensitivity analysis): equal table and config, equal key."""
    text = json.dumps(config.to_dict(), sort_keys=True, default=str)
    return hashlib.sha256((frame_digest(table) + text).encode()).hexdigest()


def scenario_area(osm: Mapping[str, Any]) -> dict[str, str] | None:
    """Return the app's study area for a scenario's OSM identity (``Scenario.osm``).

    ``{"kind": "demo"|"file"|"place", ...}`` as :func:`area_key` reads it, or
    ``None`` when the app cannot open that kind of data itself (a file scenario
    without a path, an area cut out by a polygon).
    """
    kind, name = osm.get("kind"), str(osm.get("name") or "")
    if kind == "demo":
        return {"kind": "demo", "name": name or "demo"}
    if kind == "file" and osm.get("path"):
        path = str(osm["path"])
        return {"kind": "file", "path": path, "name": name or Path(path).name}
    if kind == "place" and name:
        return {"kind": "place", "query": name, "name": name}
    return None


# --------------------------------------------------------------------------- config edits
def set_curve(config: Config, key: str, full: float, zero: float, shape: str) -> Config:
    """Return ``config`` with a new value curve for criterion ``key``, validated.

    Raises
    ------
    siting.errors.ConfigError
        If the curve is invalid (e.g. ``full == zero``), in English and bokmål.
    """
    crit = config.criteria[key]
    curve = Curve(float(full), float(zero), shape)  # type: ignore[arg-type]
    if curve != crit.curve:  # the reason quotes the old numbers
        crit = dataclasses.replace(crit, curve=curve, why_en="", why_nb="")
    return _validated(dataclasses.replace(config, criteria={**config.criteria, key: crit}))


def set_rule(config: Config, index: int, enabled: bool, value: float) -> Config:
    """Return ``config`` with rule ``index`` switched on/off and its limit set, validated."""
    rules = list(config.rules)
    rule = rules[index]
    if value != rule.value:  # the reason quotes the old limit
        rule = dataclasses.replace(rule, why_en="", why_nb="")
    rules[index] = dataclasses.replace(rule, enabled=bool(enabled), value=float(value))
    return _validated(dataclasses.replace(config, rules=rules))


def _validated(config: Config) -> Config:
    """Run a config through the full validation (raises :class:`ConfigError`)."""
    return config_from_dict(config.to_dict(), source="config")


# --------------------------------------------------------------------------- surface
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


# --------------------------------------------------------------------------- views
def _label(column: str, labels: Mapping[str, str], lang: str) -> str:
    if column in labels:
        return labels[column]
    key = column.removeprefix("walk_m_")
    cat = CATEGORIES[key].label(lang) if key in CATEGORIES else key
    return f"{cat}, {'gange' if lang == 'nb' else 'walk'} (m)"


_NAME = ("Name", "Navn")


def ranking_view(ranked: pd.DataFrame, config: Config, lang: str,
                 categories: Sequence[str]) -> pd.DataFrame:
    """Return the ranking as shown: labelled columns, rounded, unreachable as empty.

    Columns: rank, plot, name, score, status, reasons, walking metres per
    category, police drive and patrol detour (minutes), points per criterion,
    distance to the street (metres). ``attrs["decimals"]`` maps each number
    column (by its label) to the decimals it is rounded to.
    """
    labels = column_labels(config, lang)
    walk = [f"walk_m_{c}" for c in categories if f"walk_m_{c}" in ranked]
    points = [points_column(k) for k in config.criteria if points_column(k) in ranked]
    cols = ["rank", "plot_id", "name", "score", "status", "reasons", *walk,
            "police_drive_min", "patrol_detour_min", *points, "snap_m"]
    view = ranked[cols].copy()
    view["status"] = [status_label(s, lang) for s in view["status"]]
    numbers = [*walk, "police_drive_min", "patrol_detour_min", *points, "snap_m", "score"]
    view[numbers] = view[numbers].astype(float).replace([np.inf, -np.inf], np.nan)
    digits = {c: 0 for c in [*walk, "snap_m"]} | {c: 1 for c in numbers if c not in walk}
    view = view.round(digits)
    names = {c: _label(c, labels, lang) for c in cols} | {"name": _NAME[lang == "nb"]}
    view = view.rename(columns=names).reset_index(drop=True)
    view.attrs["decimals"] = {names[c]: d for c, d in digits.items()}
    return view


def _fmt(value: float, digits: int, unit: str, lang: str) -> str:
    if value is None or not math.isfinite(float(value)):
        return "–"
    text = f"{float(value):,.{digits}f}"
    text = text.replace(",", "\u00a0").replace(".", ",") if lang == "nb" else text
    return f"{text} {unit}".strip()


def compare_view(ranked: pd.DataFrame, ids: Sequence[str], config: Config,
                 lang: str) -> pd.DataFrame:
    """Return plots ``ids`` side by side: one column per plot, one row per figure.

    Each criterion row reads "distance → points", e.g. "420 m → 12.3".
    """
    labels = column_labels(config, lang)
    rows = ranked.set_index(ranked["plot_id"].astype(str)).loc[[str(i) for i in ids]]
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


# --------------------------------------------------------------------------- start-up
def startup_options(argv: Sequence[str], env: Mapping[str, str]) -> dict[str, str | None]:
    """Return the files the app opens at start: ``osm``, ``plots``, ``services``.

    Read from the arguments after ``--`` (``streamlit run app.py -- --osm FILE``;
    Streamlit passes them as ``sys.argv[1:]``), as ``--key VALUE`` or
    ``--key=VALUE``; an argument missing there is taken from the environment
    variable ``SITING_APP_<KEY>``. Unknown arguments are ignored.
    """
    args = list(argv[argv.index("--") + 1:] if "--" in argv else argv[1:])
    found: dict[str, str | None] = dict.fromkeys(STARTUP_KEYS)
    for i, arg in enumerate(args):
        name, eq, value = arg.partition("=")
        key = name.removeprefix("--")
        if not name.startswith("--") or key not in found:
            continue
        if not eq:
            value = args[i + 1] if i + 1 < len(args) and not args[i + 1].startswith("--") else ""
        found[key] = value or None
    return {k: v or env.get(f"SITING_APP_{k.upper()}") or None for k, v in found.items()}


def recent_areas(path: str | Path) -> list[dict[str, Any]]:
    """Return the remembered study areas, most recent first (files that vanished left out)."""
    try:
        entries = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    if not isinstance(entries, list):
        return []
    return [e for e in entries if isinstance(e, dict) and (e.get("kind") == "place" or (
        e.get("kind") == "file" and Path(str(e.get("path"))).is_file()))]


def remember_area(path: str | Path, area: Mapping[str, Any], limit: int = 6) -> list[dict]:
    """Put ``area`` first in the list stored at ``path`` (JSON); return the new list.

    The demo is never stored; the list keeps at most ``limit`` areas.
    """
    if area.get("kind") not in ("file", "place"):
        return recent_areas(path)
    entries = [dict(area)] + [e for e in recent_areas(path) if area_key(e) != area_key(area)]
    entries = entries[:limit]
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(entries, ensure_ascii=False, indent=1), encoding="utf-8")
    tmp.replace(path)
    return entries
