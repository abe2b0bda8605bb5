"""Pure edits of the app's state: plot and service lists, config changes.

Nothing here imports Streamlit. The app keeps one user's data in
``st.session_state`` and changes it only through these functions, so every
edit (add, rename, remove, merge an upload) can be tested without a browser.
Plot and service tables are in EPSG:4326 (longitude/latitude in degrees).
Views of results are in :mod:`ui.views`, cache keys in :mod:`ui.keys`, start-up
options and the recent-areas list in :mod:`ui.startup`.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Iterable, Sequence

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from siting.config import Config, Curve, ServiceEdits, config_from_dict
from siting.export import LOCATED_BY
from siting.plots import MAX_NAME_CHARS
from siting.text import number

__all__ = [
    "WGS84", "add_plot", "add_service", "bands_text", "clean_name", "empty_plots",
    "empty_services", "merge_plots", "parse_bands", "plot_rows", "remove_plots", "rename_plot",
    "set_curve", "set_police", "set_rule", "share_police", "switch_station",
]

WGS84 = "EPSG:4326"
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
             fallback: str = "Ny tomt", located: dict[str, str] | None = None
             ) -> tuple[gpd.GeoDataFrame, str]:
    """Return ``plots`` with a point plot at (``lon``, ``lat``) degrees appended, and its id.

    An empty ``name`` becomes "``fallback`` <id>". ``located`` gives the
    :data:`~siting.export.LOCATED_BY` columns of a plot placed by address.
    """
    plot_id = next_plot_id(plots["plot_id"])
    row = gpd.GeoDataFrame({"plot_id": [plot_id],
                            "name": [clean_name(name, f"{fallback} {plot_id}")],
                            "problem": [""], **{k: [v] for k, v in (located or {}).items()}},
                           geometry=[shapely.Point(lon, lat)], crs=WGS84)
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
    located = [c for c in LOCATED_BY if c in new]  # given by address or gnr/bnr
    new = new[["plot_id", "name", "problem", *located, "geometry"]].to_crs(WGS84)
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
    """Return id, name, problem (address, gnr/bnr, match and its quality, where plots were
    given so) and the lon/lat (6 decimals) of a point on each plot."""
    geoms = plots.geometry.to_numpy()
    ok = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    xy = np.full((len(plots), 2), np.nan)
    if ok.any():
        xy[ok] = shapely.get_coordinates(shapely.point_on_surface(geoms[ok]))
    rows = pd.DataFrame({"plot_id": plots["plot_id"].astype(str).to_numpy(),
                         "name": plots["name"].astype(str).to_numpy(),
                         "problem": plots["problem"].fillna("").astype(str).to_numpy(),
                         "lon": np.round(xy[:, 0], 6), "lat": np.round(xy[:, 1], 6)})
    for column in (c for c in LOCATED_BY if c in plots):  # plots given by address or gnr/bnr
        rows.insert(len(rows.columns) - 2, column,
                    plots[column].fillna("").astype(str).to_numpy())
    return rows


def _concat(frames: Sequence[gpd.GeoDataFrame]) -> gpd.GeoDataFrame:
    parts = [f.to_crs(WGS84) for f in frames if len(f)]
    if not parts:
        return frames[0].iloc[:0].reset_index(drop=True)
    out = gpd.GeoDataFrame(pd.concat(parts, ignore_index=True), geometry="geometry", crs=WGS84)
    for column in (c for c in LOCATED_BY if c in out):  # rows placed otherwise have none
        out[column] = out[column].astype(object).where(out[column].notna(), "").astype(str)
    return out


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


def switched_services(rows: pd.DataFrame, counted: np.ndarray) -> list[tuple[str, str, bool,
                                                                              bool]]:
    """The review rows whose switch (``counted``) differs from ``included``.

    Returns ``(ref, category, included now, included without the user's edits)``
    per changed row; a row the user had switched has ``why_code`` "excluded" or
    "included", so its default is the opposite of that.
    """
    out = []
    for ref, cat, was, now, code in zip(rows["ref"], rows["category"], rows["included"],
                                        counted, rows["why_code"], strict=True):
        if bool(was) != bool(now):
            default = {"excluded": True, "included": False}.get(code, bool(was))
            out.append((str(ref), str(cat), bool(now), default))
    return out


def toggle_service(edits: ServiceEdits, category: str, ref: str, included: bool,
                   default: bool) -> ServiceEdits:
    """Return ``edits`` with service ``category:ref`` switched to ``included``.

    Back to its default, the service leaves both lists; otherwise it is listed
    under ``exclude`` or ``include`` (with its category, so a service that
    serves two categories is switched in one only).
    """
    qualified = f"{category}:{ref}"
    exclude = [r for r in edits.exclude if r != qualified]
    include = [r for r in edits.include if r != qualified]
    if included != default:
        (include if included else exclude).append(qualified)
    return ServiceEdits(exclude, include)


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




# --------------------------------------------------------------------------- police
def parse_bands(text: str) -> list[float]:
    """Read response bands typed as "1, 2, 3, 5, 10" (decimal comma or point, ; or spaces).

    Raises ValueError when a part is not a number; the config validation judges the rest.
    """
    parts = [p for p in re.split(r"[;\s]+|,(?=\s)|,$", str(text).strip()) if p]
    if len(parts) == 1 and parts[0].count(",") > 1:  # "1,2,3" without spaces
        parts = parts[0].split(",")
    return [float(p.replace(",", ".")) for p in parts]


def bands_text(bands: Sequence[float], lang: str) -> str:
    """Show bands as the user types them: "1, 2, 3, 5, 10" ("0,5; 1,5; 3" where a decimal
    comma would be read as a separator)."""
    shown = [number(b, lang, 0 if float(b).is_integer() else 1) for b in bands]
    return ("; " if any("," in s for s in shown) else ", ").join(shown)


def set_police(config: Config, *, dispatch_min: float | None = None,
               bands_min: Sequence[float] | None = None) -> Config:
    """Return ``config`` with a new dispatch delay and/or response bands, validated."""
    police = config.police
    police = dataclasses.replace(
        police, dispatch_min=police.dispatch_min if dispatch_min is None else float(dispatch_min),
        bands_min=list(police.bands_min if bands_min is None else bands_min))
    return _validated(dataclasses.replace(config, police=police))


def switch_station(config: Config, key: str, on: bool, default: bool) -> Config:
    """Return ``config`` with station ``key`` switched on or off.

    Back at its default the key leaves both lists; otherwise it goes to
    ``police.include`` (on) or ``police.exclude`` (off).
    """
    include = [k for k in config.police.include if k != key]
    exclude = [k for k in config.police.exclude if k != key]
    if on != default:
        (include if on else exclude).append(key)
    police = dataclasses.replace(config.police, include=include, exclude=exclude)
    return _validated(dataclasses.replace(config, police=police))


def share_police(configs: dict[str, Config], config: Config) -> None:
    """Give every profile's config in ``configs`` the police settings of ``config``.

    Stations, dispatch delay and map bands are facts of the area and the police,
    not of a resident profile: switching profile keeps them.
    """
    for profile, other in list(configs.items()):
        configs[profile] = dataclasses.replace(other, police=config.police)
