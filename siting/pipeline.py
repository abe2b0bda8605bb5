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
import pandas as pd

from .analysis import Accessibility, Study, accessibility, study_from_osm
from .cache import study_from_file
from .config import Config
from .demo import demo_osm
from .scoring import score_table
from .services import CATEGORIES, Category, combine_services, services_from_osm

__all__ = ["Result", "load_study", "rank", "services_for", "walk_categories"]

log = logging.getLogger(__name__)


@dataclass
class Result:
    """A finished analysis: what was measured and how it ranks.

    ``ranked`` holds numbers and codes only (flags, failed rules), the same in
    every language; :meth:`texts` gives it as people read it.
    """

    study: Study
    services: gpd.GeoDataFrame
    acc: Accessibility
    ranked: pd.DataFrame
    config: Config

    def texts(self, lang: str | None = None) -> pd.DataFrame:
        """Return the ranked table in words: ``reasons``, ``flag`` and ``note`` in ``lang``
        (default: the config's language), see :func:`siting.text.render.with_texts`."""
        from .text.render import with_texts

        return with_texts(self.ranked, self.config, lang)


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
                        max_snap_m=config.max_snap_m)
    ranked = score_table(acc.table, config)
    return Result(study, services, acc, ranked, config)
