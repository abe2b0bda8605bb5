"""The whole analysis in named steps, shared by the CLI and the app.

candidate plots + OSM -> networks -> distances -> scores -> ranked table.
Each step is a plain function of its inputs, so the app can cache the expensive
ones (study, accessibility) and re-run only :func:`siting.scoring.score_table`
when the user moves a slider.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from . import plots as plots_module
from .analysis import Accessibility, Study, accessibility, study_from_osm
from .cache import study_from_file
from .config import Config
from .demo import demo_osm
from .scoring import score_table
from .services import CATEGORIES, Category, combine_services, services_from_osm

__all__ = ["Result", "load_study", "plot_notes", "rank", "services_for", "walk_categories"]

log = logging.getLogger(__name__)


@dataclass
class Result:
    """A finished analysis: what was measured and how it ranks."""

    study: Study
    services: gpd.GeoDataFrame
    acc: Accessibility
    ranked: pd.DataFrame
    config: Config


def load_study(osm: str | Path | None = None, place: str | None = None, *,
               use_cache: bool = True,
               progress: Callable[[str, float], None] | None = None) -> Study:
    """Prepare the study area from a file, a place name (downloaded) or the demo."""
    if osm is not None:
        return study_from_file(osm, use_cache=use_cache)
    if place is not None:
        from .live import osm_from_place

        return study_from_osm(osm_from_place(place, progress=progress))
    return study_from_osm(demo_osm())


def categories_for(config: Config) -> dict[str, Category]:
    """Return the service categories in force (built-in, edited by the config)."""
    merged = dict(CATEGORIES)
    for key, entry in config.categories.items():
        known = CATEGORIES.get(key)
        merged[key] = Category(
            key, entry.get("label_nb", known.label_nb if known else key),
            entry.get("label_en", known.label_en if known else key), list(entry["patterns"]))
    return merged


def walk_categories(config: Config, services: gpd.GeoDataFrame | None = None) -> list[str]:
    """Categories measured on foot: the built-in and configured ones (so the table
    always has the documented columns) plus any new one a register brings (e.g. nav)."""
    keys = [k for k in categories_for(config) if k != "police"]
    if services is not None:
        keys += sorted(set(services["category"]) - set(keys) - {"police"})
    return keys


def services_for(study: Study, register: gpd.GeoDataFrame | None,
                 config: Config) -> gpd.GeoDataFrame:
    """OSM services of the study area, with the municipality's register added."""
    osm_services = services_from_osm(study.osm.features, categories_for(config))
    return combine_services(osm_services, register, config.replace_categories)


def rank(study: Study, plots: gpd.GeoDataFrame, register: gpd.GeoDataFrame | None,
         config: Config) -> Result:
    """Measure and rank ``plots``: the complete analysis in one call."""
    services = services_for(study, register, config)
    acc = accessibility(study, plots, services, [*walk_categories(config, services), "police"],
                        lang=config.lang, max_snap_m=config.max_snap_m)
    notes = plot_notes(plots, config.lang)
    has_geometry = plots.geometry.notna().to_numpy() & ~plots.geometry.is_empty.to_numpy()
    # a plot without a location is flagged with its reading problem: say it in config.lang
    acc.table["flag"] = [n if (n and not g) else f for n, g, f in
                         zip(notes, has_geometry, acc.table["flag"], strict=True)]
    # ... and its figures are unknown (empty), not "unreachable" (inf): no rule fails on them
    figures = [c for c in acc.table.columns
               if c.startswith("walk_m_") or c in ("police_drive_min", "patrol_detour_min")]
    acc.table.loc[~has_geometry, figures] = np.nan
    ranked = score_table(acc.table, config)
    # a plot that was measured despite a reading problem (a repaired polygon) says so
    note = pd.Series(notes, index=acc.table.index).where(has_geometry, "")
    ranked["reasons"] = [_with_note(note[i], r) for i, r in
                         zip(ranked.index, ranked["reasons"], strict=True)]
    return Result(study, services, acc, ranked, config)


#: Bokmål for the per-plot problems :func:`siting.plots.read_plots` notes (in English).
_PROBLEMS_NB: dict[str, str] = {
    plots_module.MISSING: "mangler koordinater",
    plots_module.REPAIRED: "ugyldig polygon reparert",
    plots_module.UNREPAIRABLE: "ugyldig polygon uten areal (kan ikke repareres); tegn det på nytt",
    plots_module.OUT_OF_RANGE: "koordinater utenfor lengdegrad -180..180 / breddegrad -90..90",
}


def plot_notes(plots: gpd.GeoDataFrame, lang: str = "nb") -> list[str]:
    """Return each plot's reading problem (``problem`` column) in ``lang``, "" if none.

    :func:`siting.plots.read_plots` notes problems in English; this gives the
    bokmål text for the known ones ("unreadable coordinates (...)" keeps the
    values the user wrote).
    """
    if "problem" not in plots:
        return [""] * len(plots)
    texts = plots["problem"].fillna("").astype(str).tolist()
    if lang != "nb":
        return texts
    prefix = "unreadable coordinates"
    return [_PROBLEMS_NB.get(t, "uleselige koordinater" + t[len(prefix):]
                             if t.startswith(prefix) else t) for t in texts]


def _with_note(note: str, reasons: str) -> str:
    if not note or note in reasons:
        return reasons
    return f"{note}; {reasons}" if reasons else note
