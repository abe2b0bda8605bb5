"""Thin service categories: where OpenStreetMap cannot carry the figures alone.

A category is *thin* when it has at most :data:`siting.settings.thin_max_services`
counted services in the study area, or when, for most measured plots, its
nearest service is farther than the zero point of the criterion's value curve
(the distance at which the criterion gives no points). Police stations are
few by nature, so only the distance test applies to them (on
``police_drive_min``). Categories whose curve rewards distance (schools for the
neighbours' concern) take only the count test.

The warning is said before any ranking: on stderr by the command line, as a
banner in the app and on the report's summary and data pages; it names the
category and suggests the municipality's register.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from . import settings
from ._config_types import Config
from .text import number, t

__all__ = ["ThinCategory", "thin_advice", "thin_categories", "thin_text"]

@dataclass(frozen=True)
class ThinCategory:
    """Why one category is thin.

    Attributes
    ----------
    category : str
    services : int
        Counted services in the study area (-1 when the count test does not apply).
    names : tuple of str
        Names of those services (at most three).
    far_plots, plots : int
        Plots whose nearest service lies beyond the curve's zero point, of the
        plots measured (0 and 0 when no plots or no nearer-is-better curve).
    zero : float
        The curve's zero point (metres, or minutes for the police); NaN if none.
    """

    category: str
    services: int
    names: tuple[str, ...]
    far_plots: int
    plots: int
    zero: float

    @property
    def few(self) -> bool:
        """True when the count test fails."""
        return 0 <= self.services <= settings.thin_max_services

    @property
    def far(self) -> bool:
        """True when the nearest service is beyond the zero point for most plots."""
        return self.plots > 0 and 2 * self.far_plots > self.plots


def _column(category: str) -> str:
    return "police_drive_min" if category == "police" else f"walk_m_{category}"


def _zero(config: Config, column: str) -> float:
    for crit in config.criteria.values():
        if crit.column == column and crit.weight > 0 and crit.curve.full < crit.curve.zero:
            return float(crit.curve.zero)
    return math.nan


def _in_area(services: gpd.GeoDataFrame, coverage: shapely.Geometry | None,
             crs: str | None) -> gpd.GeoDataFrame:
    if coverage is None or crs is None or services.empty:
        return services
    inside = services.to_crs(crs).intersects(shapely.buffer(coverage, settings.max_snap_m))
    return services[inside.to_numpy()]


def _far(table: pd.DataFrame | None, column: str, zero: float) -> tuple[int, int]:
    if table is None or math.isnan(zero) or column not in table:
        return 0, 0
    values = table[column].to_numpy(dtype=float)
    measured = ~np.isnan(values)
    if "flag" in table:  # flag codes (a tuple, empty when fine) or, by hand, a text
        measured &= np.array([not isinstance(f, tuple | list | str) or not f
                              for f in table["flag"]], dtype=bool)
    return int((values[measured] > zero).sum()), int(measured.sum())


def thin_categories(services: gpd.GeoDataFrame, config: Config, categories: list[str], *,
                    coverage: shapely.Geometry | None = None, crs: str | None = None,
                    table: pd.DataFrame | None = None) -> list[ThinCategory]:
    """Return the thin categories among ``categories``, in that order.

    Parameters
    ----------
    services : geopandas.GeoDataFrame
        The services in force (``category``, ``name``, geometry).
    config : Config
        Gives each criterion's value curve.
    categories : list of str
        Categories to check (walk categories and ``police``).
    coverage, crs : optional
        The study area (in ``crs``); services outside it do not count.
    table : pandas.DataFrame, optional
        The distance table of the plots (``walk_m_<key>``, ``police_drive_min``,
        ``flag``); without it only the count test runs.
    """
    inside = _in_area(services, coverage, crs)
    found = []
    for key in categories:
        rows = inside[inside["category"] == key]
        count = -1 if key == "police" else len(rows)
        zero = _zero(config, _column(key))
        far, plots = _far(table, _column(key), zero)
        names = tuple(n or "–" for n in rows["name"].astype(str).head(3))
        thin = ThinCategory(key, count, names, far, plots, zero)
        if thin.few or thin.far:
            found.append(thin)
    return found


def thin_advice(lang: str, where: str = "cli") -> str:
    """The advice once, for a list of thin categories: ``where`` is "app" or "report"."""
    return t(f"thin.advice_{where}", lang)


def thin_text(thin: ThinCategory, lang: str, label: str, *, names: bool = True,
              advice: bool = True, far: bool = True) -> str:
    """Say in ``lang`` why ``thin`` is thin, under ``label``, with the advice.

    ``names=False`` leaves out the services' names (the report's public version);
    ``advice=False`` leaves out the advice (said once below a list, see :func:`thin_advice`);
    ``far=False`` leaves out how far the plots are from the category's services (the
    public version, for a category it does not show); "" if nothing is left to say.
    """
    def say(code: str, **values: object) -> str:
        return t(f"thin.{code}", lang, **values)

    parts = []
    if thin.few:
        code = "none" if thin.services == 0 else "one" if thin.services == 1 else "few"
        text = say(code, n=thin.services, names=", ".join(thin.names))
        parts.append(text if names else text.split(" (")[0])
    if thin.far and far:
        unit = "min" if thin.category == "police" else "m"
        parts.append(say("far", zero=f"{number(thin.zero, lang, 0)} {unit}", far=thin.far_plots,
                         plots=thin.plots))
    if not parts:
        return ""
    text = f"{label}: " + "; ".join(parts) + "."
    return f"{text} {say('advice')}." if advice else text
