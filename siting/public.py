"""Public mode: what a published report, map or table may show about the plots.

Candidate plots are confidential until the council decides: neighbours who learn
a candidate address for housing people with substance-abuse problems may
organise against it. Names and coordinates alone do not hide a plot: on central
Oslo, the nearest bus stop, shop and school of a plot with walking distances to
10 m pin it far more tightly than a 500 m grid cell, and exact distances from
several plots to the one substance-abuse service can be triangulated. So every
public output (committee report, HTML map, result table) goes through this module:

* plots are "Tomt 1", "Tomt 2" ... in ranked order; no names, ids or notes;
* no text the user chose: no title, notes, or scenario, plots or extract file
  name (``tomt-pilestredet57.gpkg`` names a plot); the report keeps its default title;
* a plot is shown only as the fixed grid cell it lies in
  (:data:`siting.settings.public_cell_m`, 500 m): no map detail finer than that;
* no service names: neither the nearest service of a plot nor any service on
  the map; mental-health and substance-abuse services, and any category a
  municipality's register brings, are not shown at all (:func:`shown_in_public`);
* walking distances, police response times and patrol detours only in bands
  (:func:`walk_band`, :func:`drive_band`, :func:`detour_band`; edges in
  :mod:`siting.settings`, changeable there);
* no points per criterion, snap distances or rule margins (each can be turned
  back into a distance), no walking routes; the score is a whole number;
* a failed rule is named without its figure ("Buss"), a flagged plot says only
  that it cannot be assessed;
* a plot with no place on the map (no location, an address not found, or outside the
  area the OSM data cover, such as a row with latitude and longitude swapped) gets no
  cell, marker or coordinates at all, only its row, whose status says why in words
  that locate nothing ("flagget, ikke vurdert: utenfor kartområdet; ikke på kartet";
  :func:`unplaced`, :func:`public_status`). Its cell would be computed far outside the
  projection's zone, and its flag may give the position it was meant to have.

:func:`withheld` lists this in words (the app's preview and the report's method
appendix say the same).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from . import settings
from .config import Config, Rule
from .scoring import tied_ranks
from .text import NBSP, number, t
from .text.render import rule_label, status_label, unplaced_reason

__all__ = ["SENSITIVE", "band", "cell_centres", "cell_polygons", "detour_band",
           "drive_band", "failed_rule_labels", "plot_labels", "public_categories",
           "public_frame", "public_status", "say", "shown_in_public", "unplaced",
           "walk_band", "withheld", "withheld_column"]

#: Categories whose locations reveal where residents get help: never shown in public.
SENSITIVE: tuple[str, ...] = ("mental_health", "substance_abuse")


def shown_in_public(category: str) -> bool:
    """Whether public outputs may show a category's services and the walk to them.

    Not for the :data:`SENSITIVE` categories, whose walking distances, even in bands,
    say how near a plot is to the one place residents get help (and, with a single
    such service, where the plot lies). Nor for a category a municipality's register
    brings ("DPS", "LAR", "sprøyterom", "NAV"): its name may stand for help as
    sensitive as these, which the product cannot judge. Police stations are public.

    Parameters
    ----------
    category : str
        A category key, e.g. ``"gp"``, ``"mental_health"``, ``"dps"``.

    Returns
    -------
    bool
        True for the built-in categories other than the sensitive ones.
    """
    from .services import CATEGORIES  # (services builds on config, as this module does)

    return category in CATEGORIES and category not in SENSITIVE


def withheld_column(column: str) -> bool:
    """Whether ``column`` is a walking distance no public output shows, names or judges
    (to a category not :func:`shown_in_public`), e.g. ``"walk_m_substance_abuse"``.

    Parameters
    ----------
    column : str
        A criterion's or rule's column, e.g. ``"walk_m_gp"``, ``"police_drive_min"``.

    Returns
    -------
    bool
        True for ``walk_m_<category>`` of a category not shown in public.
    """
    return column.startswith("walk_m_") and not shown_in_public(column.removeprefix("walk_m_"))


def public_categories(categories: Sequence[str]) -> list[str]:
    """The walk categories a public output shows: those :func:`shown_in_public`."""
    return [cat for cat in categories if shown_in_public(cat)]


def say(key: str, lang: str, **values: object) -> str:
    """The catalogue text ``public.<key>`` in ``lang`` (see :mod:`siting.text._safety`)."""
    return t(f"public.{key}", lang, **values)


# --------------------------------------------------------------------------- bands
def _quantity(x: float, unit: str, lang: str) -> str:
    """"250 m", "1 km", "1,5 km", "10 min" in ``lang``."""
    if unit == "m" and x >= 1000:
        x, unit = x / 1000, "km"
    return f"{number(x, lang, None)}{NBSP}{unit}"


def _range(a: float, b: float, unit: str, lang: str) -> str:
    left, right = _quantity(a, unit, lang), _quantity(b, unit, lang)
    if left.rsplit(NBSP, 1)[1] == right.rsplit(NBSP, 1)[1]:  # same unit: "250–500 m"
        left = left.rsplit(NBSP, 1)[0]
    return say("between", lang, a=left, b=right)


def band(x: float, edges: Sequence[float], unit: str, lang: str, unreachable: str, *,
         short: bool = False) -> str:
    """The band ``x`` falls in, as text: "under 250 m", "250–500 m", "over 1 km".

    ``edges`` rise; a value on an edge belongs to the band above it. Infinity
    (unreachable) gives ``unreachable``; NaN (not measured) gives "–". ``short``
    gives the number part for a table whose head states the unit: "< 250",
    "250–500", "> 1 000".
    """
    if x is None or (isinstance(x, float) and math.isnan(x)) or pd.isna(x):
        return say("not_measured", lang)
    if math.isinf(float(x)):
        return unreachable
    i = int(np.searchsorted(np.asarray(edges, dtype=float), float(x), side="right"))
    if short:
        return _short(i, edges, lang)
    if i == 0:
        return say("under", lang, b=_quantity(edges[0], unit, lang))
    if i == len(edges):
        return say("over", lang, a=_quantity(edges[-1], unit, lang))
    return _range(edges[i - 1], edges[i], unit, lang)


def _short(i: int, edges: Sequence[float], lang: str) -> str:
    def num(x: float) -> str:
        return number(x, lang, None)

    if i == 0:
        return f"< {num(edges[0])}"
    if i == len(edges):
        return f"> {num(edges[-1])}"
    return f"{num(edges[i - 1])}–{num(edges[i])}"


def walk_band(metres: float, lang: str, *, short: bool = False) -> str:
    """A walking distance (metres) in its public band (:data:`settings.public_walk_bands_m`)."""
    return band(metres, settings.public_walk_bands_m, "m", lang, say("unreachable_walk", lang),
                short=short)


def drive_band(minutes: float, lang: str, *, short: bool = False) -> str:
    """A police response time (minutes) in its band (:data:`settings.public_drive_bands_min`)."""
    return band(minutes, settings.public_drive_bands_min, "min", lang,
                say("unreachable_drive", lang), short=short)


def detour_band(minutes: float, lang: str, *, short: bool = False) -> str:
    """A patrol detour (minutes) in its band (:data:`settings.public_patrol_bands_min`)."""
    return band(minutes, settings.public_patrol_bands_min, "min", lang,
                say("unreachable_drive", lang), short=short)


def band_list(edges: Sequence[float], unit: str, lang: str) -> str:
    """All bands of ``edges`` in words: "under 250 m / 250–500 m / 500 m–1 km / over 1 km"."""
    probes = [edges[0] / 2, *[(a + b) / 2 for a, b in itertools.pairwise(edges)], edges[-1] * 2]
    return " / ".join(band(p, edges, unit, lang, "") for p in probes)


# --------------------------------------------------------------------------- cells
def cell_centres(xy: np.ndarray, cell_m: float | None = None) -> np.ndarray:
    """The centre of the fixed grid cell each point lies in (metres, same metric CRS).

    The grid has lines at whole multiples of ``cell_m`` (default
    :data:`settings.public_cell_m`); NaN rows stay NaN.
    """
    cell = settings.public_cell_m if cell_m is None else cell_m
    xy = np.asarray(xy, dtype=float).reshape(-1, 2)
    return (np.floor(xy / cell) + 0.5) * cell


def cell_polygons(geoms: gpd.GeoSeries, cell_m: float | None = None) -> gpd.GeoSeries:
    """Each plot's grid cell as a square, in the CRS of ``geoms`` (a metric CRS).

    A plot without a location keeps an empty geometry (None).
    """
    cell = settings.public_cell_m if cell_m is None else cell_m
    ok = (geoms.notna() & ~geoms.is_empty).to_numpy()
    out: list[shapely.Geometry | None] = [None] * len(geoms)
    if ok.any():
        pts = geoms[ok].representative_point()
        centres = cell_centres(np.column_stack([pts.x, pts.y]), cell)
        boxes = shapely.box(centres[:, 0] - cell / 2, centres[:, 1] - cell / 2,
                            centres[:, 0] + cell / 2, centres[:, 1] + cell / 2)
        for i, geom in zip(np.flatnonzero(ok), boxes, strict=True):
            out[i] = geom
    return gpd.GeoSeries(out, index=geoms.index, crs=geoms.crs)


# --------------------------------------------------------------------------- tables
def plot_labels(ranked: pd.DataFrame, lang: str) -> dict[str, str]:
    """Public names by ranked order: {plot_id: "Tomt 1", ...} (flagged plots last)."""
    ids = ranked["plot_id"].astype(str).tolist()
    return {pid: f"{say('plot', lang)} {i + 1}" for i, pid in enumerate(ids)}


def unplaced(flags: Sequence[object]) -> np.ndarray:
    """Which plots a public output gives no place: those whose flag says they have no
    location or lie outside the area the OSM data cover (:func:`unplaced_reason`).

    Parameters
    ----------
    flags : sequence
        Per plot, its flag (the tuple of codes of :func:`siting.analysis.accessibility`).

    Returns
    -------
    numpy.ndarray
        A boolean mask, one entry per plot: True where no cell, marker or coordinate
        may be shown.
    """
    return np.array([bool(unplaced_reason(f, "en")) for f in flags], dtype=bool)


def public_status(status: str, flag: object, lang: str) -> str:
    """A plot's status in words as public outputs say it: "oppfyller alle krav", or for a
    plot with no place on the map "flagget, ikke vurdert: utenfor kartområdet; ikke på
    kartet" (its reason in words that locate nothing, never the flag itself)."""
    reason = unplaced_reason(flag, lang)
    label = status_label(status, lang)
    return say("unplaced", lang, status=label, reason=reason) if reason else label


def failed_rule_labels(row: pd.Series, config: Config, lang: str) -> list[str]:
    """The labels of the enabled rules ``row`` fails, without the figures; a rule on a
    :data:`SENSITIVE` category is not named (the public version does not show them)."""
    if str(row.get("status", "")) == "flagged":
        return []
    labels = [say("sensitive_rule", lang) if withheld_column(rule.column)
              else rule_label(rule, config, lang) for rule in config.rules
              if rule.enabled and not _passes(rule, float(row.get(rule.column, np.nan)))]
    return list(dict.fromkeys(labels))


def _passes(rule: Rule, x: float) -> bool:
    return bool(x <= rule.value) if rule.op == "max" else bool(x >= rule.value)


def public_frame(ranked: pd.DataFrame, plots: gpd.GeoDataFrame, config: Config | None,
                 categories: Sequence[str], lang: str) -> gpd.GeoDataFrame:
    """The ranked table as it may be published, in rank order, EPSG:4326.

    Columns: ``rank``, ``plot`` ("Tomt 1"), ``status`` (in words), ``score``
    (whole points), where some scores are equal ``tied_ranks`` ("4–9" where those
    ranks have exactly equal scores; :func:`siting.scoring.tied_ranks`), ``fails``
    (failed rules, named; empty without ``config``),
    ``walk_band_<category>`` (none for the :data:`SENSITIVE` categories),
    ``police_band``, ``patrol_band``; the geometry is the plot's grid cell, None
    for a plot with no place on the map (:func:`unplaced`), whose status says why.
    ``ranked`` keeps the positional index of ``plots`` (in a metric CRS), as
    :func:`siting.scoring.score_table` returns it.
    """
    rows = ranked.reset_index(drop=True)
    flags = rows["flag"] if "flag" in rows else pd.Series([()] * len(rows))
    geoms = plots.geometry.reset_index(drop=True).loc[ranked.index].to_numpy()
    geoms[unplaced(flags.tolist())] = None
    cells = cell_polygons(gpd.GeoSeries(geoms, crs=plots.crs))
    labels = plot_labels(ranked, lang)
    table = pd.DataFrame({
        "rank": rows["rank"].astype("Int64"),
        "plot": [labels[str(p)] for p in rows["plot_id"]],
        "status": [public_status(s, f, lang) for s, f in zip(rows["status"], flags,
                                                             strict=True)],
        "score": rows["score"].round().astype("Int64"),
        "fails": [", ".join(failed_rule_labels(r, config, lang)) if config else ""
                  for _, r in rows.iterrows()],
    })
    ties = tied_ranks(rows)
    if ties.ne("").any():
        table.insert(table.columns.get_loc("score") + 1, "tied_ranks", ties.to_numpy())
    for cat in public_categories(categories):
        table[f"walk_band_{cat}"] = [walk_band(x, lang) for x in rows[f"walk_m_{cat}"]]
    table["police_band"] = [drive_band(x, lang) for x in rows["police_drive_min"]]
    table["patrol_band"] = [detour_band(x, lang) for x in rows["patrol_detour_min"]]
    return gpd.GeoDataFrame(table, geometry=cells.to_crs("EPSG:4326").to_numpy(),
                            crs="EPSG:4326")


def withheld(lang: str) -> list[str]:
    """What every public output leaves out, as sentences: an introduction, the items, and
    (last) why."""
    walk = band_list(settings.public_walk_bands_m, "m", lang)
    drive = band_list(settings.public_drive_bands_min, "min", lang)
    detour = band_list(settings.public_patrol_bands_min, "min", lang)
    cell = f"{settings.public_cell_m:g}"
    title = t("report.default_title", lang)  # the public report's title
    return [say("w_intro", lang), say("w_names", lang), say("w_user", lang, title=title),
            say("w_cells", lang, cell=cell), say("w_services", lang),
            say("w_bands", lang, walk=walk, drive=drive, detour=detour),
            say("w_points", lang), say("w_why", lang)]
