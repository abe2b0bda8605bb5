"""The whole analysis in named steps, shared by the command line and the app.

candidate plots + OSM -> networks (:func:`load_study`) -> services
(:func:`services_for`) -> distances (:func:`measure`) -> scores
(:func:`siting.scoring.score_table`) -> ranked table (:func:`rank` does all).
Each step is a plain function of its inputs, so the app can cache the expensive
ones (study, OSM services, measurements) and re-run only the scoring when the
user moves a slider, and never computes a step its own way.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from .analysis import Accessibility, Study, accessibility, study_from_osm
from .cache import study_from_file
from .config import Config
from .demo import demo_osm
from .osm import OsmData
from .police import station_label
from .review import add_user_services, apply_edits, in_force, outside_area, render, study_review
from .scoring import score_table
from .services import CATEGORIES, Category, services_from_osm
from .stations import choose_stations, judge_stations, station_key, station_reason
from .text import t
from .thin import ThinCategory, thin_categories
from .transit import Timetable
from .transit_match import apply_timetable

__all__ = [
    "Result",
    "categories_for",
    "categories_key",
    "load_study",
    "log_stations",
    "measure",
    "osm_services",
    "rank",
    "review_as_used",
    "review_for",
    "services_for",
    "thin_for",
    "walk_categories",
    "with_stations",
]

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
    review: gpd.GeoDataFrame | None = None
    thin: list[ThinCategory] = field(default_factory=list)
    timetable: Timetable | None = None

    def texts(self, lang: str | None = None) -> pd.DataFrame:
        """Return the ranked table in words: ``reasons``, ``flag`` and ``note`` in ``lang``
        (default: the config's language), see :func:`siting.text.render.with_texts`."""
        from .text.render import with_texts

        return with_texts(self.ranked, self.config, lang)


def load_study(osm: str | Path | None = None, place: str | None = None, *,
               use_cache: bool = True,
               progress: Callable[[str, float], None] | None = None) -> Study:
    """Prepare the study area from a file, a place name (downloaded) or the demo.

    Parameters
    ----------
    osm : str or pathlib.Path, optional
        A local extract (``.osm.pbf``, ``.osm``, ``.osm.bz2``); its prepared
        networks are cached on disk, keyed by the file's SHA-256.
    place : str, optional
        A place name to download through OSMnx (cached on disk), e.g.
        "Melhus kommune, Norway". Ignored when ``osm`` is given.
    use_cache : bool
        Read and write the prepared-network cache of a local extract.
    progress : callable, optional
        ``progress(text, fraction)`` for a download's stages.

    Returns
    -------
    Study
        Walk and drive networks in EUREF89 UTM; the made-up demo town when
        neither ``osm`` nor ``place`` is given.

    Raises
    ------
    siting.errors.NetworkError
        If the data cannot be read, downloaded or turned into a network.
    """
    if osm is not None:
        return study_from_file(osm, use_cache=use_cache)
    if place is not None:
        from .live import osm_from_place

        return study_from_osm(osm_from_place(place, progress=progress))
    return study_from_osm(demo_osm())


def categories_for(config: Config) -> dict[str, Category]:
    """Return the service categories in force: the built-in ones, edited by the config.

    Parameters
    ----------
    config : Config
        Its ``categories`` replace the patterns (and labels) of a built-in
        category or add a new one.

    Returns
    -------
    dict of str to Category
        By key, built-in categories first.
    """
    merged = dict(CATEGORIES)
    for key, entry in config.categories.items():
        known = CATEGORIES.get(key)
        merged[key] = Category(
            key, entry.get("label_nb", known.label_nb if known else key),
            entry.get("label_en", known.label_en if known else key), list(entry["patterns"]),
            list(entry.get("candidates", known.candidates if known else [])))
    return merged


def walk_categories(config: Config, services: gpd.GeoDataFrame | None = None) -> list[str]:
    """Return the categories measured on foot.

    Parameters
    ----------
    config : Config
        Its categories (built-in and configured) are always measured, so the
        table always has the documented columns.
    services : geopandas.GeoDataFrame, optional
        Adds any new category a register brings (e.g. ``nav``).

    Returns
    -------
    list of str
        Category keys; ``police`` is driven, never walked, and is left out.
    """
    keys = [k for k in categories_for(config) if k != "police"]
    if services is not None:
        keys += sorted(set(services["category"]) - set(keys) - {"police"})
    return keys


def osm_services(study: Study, config: Config) -> gpd.GeoDataFrame:
    """Return the services OpenStreetMap gives for the study area.

    Parameters
    ----------
    study : Study
        The prepared study area.
    config : Config
        Its category patterns decide what is a GP, a bus stop, ... (see
        :func:`categories_for`).

    Returns
    -------
    geopandas.GeoDataFrame
        ``category``, ``name``, ``source`` ("osm"), geometry; the same for
        every config whose categories are the same (:func:`categories_key`).
    """
    return services_from_osm(study.osm.features, categories_for(config))


def categories_key(config: Config) -> str:
    """Return a content key of the categories in force: equal key, equal OSM services.

    Parameters
    ----------
    config : Config

    Returns
    -------
    str
        JSON of the config's category edits (``"{}"`` for the built-in ones).
    """
    return json.dumps(config.categories, sort_keys=True, default=str)


def measure(study: Study, plots: gpd.GeoDataFrame, services: gpd.GeoDataFrame,
            config: Config) -> Accessibility:
    """Measure ``plots`` against ``services``: every figure the config can score.

    Parameters
    ----------
    study : Study
    plots : geopandas.GeoDataFrame
        ``plot_id``, ``name``, optional ``problem``, geometry (any CRS).
    services : geopandas.GeoDataFrame
        From :func:`services_for`.
    config : Config
        Decides the walk categories (:func:`walk_categories`) and the snap
        limit (:meth:`Config.snap_limit_m`); its
        weights, curves and language play no part, so re-scoring or switching
        language never re-measures.

    Returns
    -------
    Accessibility
        Walking metres, police and patrol minutes, flags and notes as codes.
    """
    cats = [*walk_categories(config, services), "police"]
    return accessibility(study, plots, services, cats, max_snap_m=config.snap_limit_m())


def review_for(study: Study, config: Config, register: gpd.GeoDataFrame | None = None,
               clicked: gpd.GeoDataFrame | None = None,
               timetable: Timetable | None = None) -> gpd.GeoDataFrame:
    """The service review of the study area (see :mod:`siting.review`), in ``config.lang``.

    OSM services by the categories in force, the register and the services added
    on the map, the register's replacements, the bus timetable (a stop counts
    with enough departures, see :mod:`siting.transit`) and the user's exclusions
    and inclusions (``config.services``, the last word); nothing is read from disk.

    Parameters
    ----------
    study : Study
        The prepared study area (its OSM features are classified).
    config : Config
        Categories, ``replace_categories``, ``services`` edits, ``transit`` rule, language.
    register, clicked : geopandas.GeoDataFrame, optional
        The municipality's register rows and the services added on the map.
    timetable : Timetable, optional
        A GTFS timetable (:func:`siting.transit.timetable_from_gtfs`).

    Returns
    -------
    geopandas.GeoDataFrame
        One row per (service, category), EPSG:4326: the columns of
        :data:`siting.review.COLUMNS` (plus GTFS columns with a timetable).
    """
    categories = categories_for(config)
    review = study_review(study, categories)
    review = add_user_services(review, register, clicked, config.replace_categories)
    review = outside_area(review, study.coverage, study.crs, config.snap_limit_m())
    if timetable is not None:
        review, _ = apply_timetable(review, study.osm.features, timetable, config.transit,
                                    study.coverage, study.crs)
    # (the features are made only when an inclusion may need one)
    features = study.osm.features if config.services.include else None
    review, _ = apply_edits(review, config.services, features, categories)
    return render(review, config.lang)


def services_for(study: Study, register: gpd.GeoDataFrame | None, config: Config,
                 clicked: gpd.GeoDataFrame | None = None,
                 timetable: Timetable | None = None) -> gpd.GeoDataFrame:
    """The services the figures use: the counted rows of :func:`review_for`, with the
    police stations chosen (:func:`with_stations`).

    Parameters
    ----------
    study : Study
    register : geopandas.GeoDataFrame, optional
        The municipality's own services.
    config : Config
    clicked : geopandas.GeoDataFrame, optional
        Services added on the map.
    timetable : Timetable, optional
        A GTFS timetable.

    Returns
    -------
    geopandas.GeoDataFrame
        ``category``, ``name``, ``source``, ``ref`` (and ``departures_per_hour``
        with a timetable), geometry in EPSG:4326; police objects also
        ``station``, ``station_why``, ``use``, ``use_why`` (see :mod:`siting.stations`).
    """
    counted = in_force(review_for(study, config, register, clicked, timetable))
    return with_stations(counted, config, study.osm)


def thin_for(study: Study, services: gpd.GeoDataFrame, config: Config,
             table: pd.DataFrame | None = None) -> list[ThinCategory]:
    """Thin categories (see :mod:`siting.thin`) among those measured, police included.

    Parameters
    ----------
    study : Study
        Its covered area bounds the services counted.
    services : geopandas.GeoDataFrame
        The services in force (:func:`services_for`).
    config : Config
        Gives each criterion's value curve.
    table : pandas.DataFrame, optional
        The distance table; without it only the count test runs.

    Returns
    -------
    list of ThinCategory
    """
    cats = [*walk_categories(config, services), "police"]
    return thin_categories(services, config, cats, coverage=study.coverage, crs=study.crs,
                           table=table)


def with_stations(services: gpd.GeoDataFrame, config: Config,
                  features: gpd.GeoDataFrame | OsmData | None = None) -> gpd.GeoDataFrame:
    """Choose the police stations among ``services`` (see :mod:`siting.stations`).

    Parameters
    ----------
    services : geopandas.GeoDataFrame
        Services in force (``category``, ``name``, ``source``, ``ref``).
    config : Config
        Its ``police.include`` / ``police.exclude`` switch stations on or off.
    features : geopandas.GeoDataFrame or OsmData, optional
        The OSM features (``osm_id``, ``name``, ``tags``) or the OSM data (see
        :func:`siting.stations.judge_stations`): an OSM police object is judged
        by its tags and name (without them, by its name only).

    Returns
    -------
    geopandas.GeoDataFrame
        A copy with ``station``, ``station_why``, ``station_tag``, ``use`` and
        ``use_why``; every row kept.
    """
    judged = judge_stations(services, features)
    return choose_stations(judged, config.police.include, config.police.exclude)


def review_as_used(review: gpd.GeoDataFrame, services: gpd.GeoDataFrame,
                   lang: str) -> gpd.GeoDataFrame:
    """The review as the figures use it: a police object the police category counts
    but the figures do not measure from (:mod:`siting.stations`: not a station, left
    out until checked, switched off) is shown as not counted, with why.

    The review itself keeps it counted, because the choice of stations is made among
    the counted police objects (a user may switch it on); this is the view to show.

    Parameters
    ----------
    review : geopandas.GeoDataFrame
        From :func:`review_for`, in ``lang``.
    services : geopandas.GeoDataFrame
        From :func:`with_stations` on the review's counted rows.
    lang : str
        The language of the review.

    Returns
    -------
    geopandas.GeoDataFrame
        A copy of ``review``; only the police rows not used change (``included``,
        ``why``, ``why_code`` ``not_station`` with the reason as ``why_arg``).
    """
    police = services[services["category"] == "police"]
    if "use" not in police or police["use"].astype(bool).all():
        return review
    reasons = {}
    for _, row in police[~police["use"].astype(bool)].iterrows():
        codes = [c for c in (str(row["station_why"]), str(row["use_why"])) if c]
        reasons[(str(row["ref"]), str(row["name"]))] = "; ".join(
            station_reason(c, lang, str(row["station_tag"])) for c in dict.fromkeys(codes))
    out = review.copy()
    for i in np.flatnonzero((out["category"] == "police").to_numpy()
                            & out["included"].to_numpy(dtype=bool)):
        why = reasons.get((str(out["ref"].iat[i]), str(out["name"].iat[i])))
        if why is not None:
            out.iloc[i, [out.columns.get_loc(c) for c in ("included", "why_code", "why_arg",
                                                          "why")]] = [
                False, "not_station", why, t("review.why.not_station", lang, arg=why)]
    return out


def log_stations(services: gpd.GeoDataFrame, lang: str) -> None:
    """Log which police stations are used, and warn about each police object left out
    for review (with why and the config line that would use it), in ``lang``.

    Parameters
    ----------
    services : geopandas.GeoDataFrame
        From :func:`with_stations` (a table without ``use`` logs nothing).
    lang : str
        The language (:mod:`siting.text`): :func:`rank` passes the config's, so that
        the command line speaks the language it was asked for.
    """
    police = services[services["category"] == "police"]
    if "use" not in police:
        return
    used = [station_label(n, r) for n, r, u in zip(police["name"], police["ref"], police["use"],
                                                    strict=True) if u]
    log.info(t("station.log_used", lang,
               stations="; ".join(used) or t("station.log_none", lang)))
    for _, row in police[~police["use"].astype(bool) & (police["station"] == "review")].iterrows():
        log.warning(t("station.log_left_out", lang, name=station_label(row["name"], row["ref"]),
                      why=station_reason(str(row["station_why"]), lang,
                                         str(row["station_tag"])),
                      ref=station_key(row["ref"], row["name"])))


def rank(study: Study, plots: gpd.GeoDataFrame, register: gpd.GeoDataFrame | None,
         config: Config, clicked: gpd.GeoDataFrame | None = None,
         timetable: Timetable | None = None) -> Result:
    """Measure and rank ``plots``: the complete analysis in one call.

    The command line and the app both run these steps: :func:`services_for`,
    :func:`measure`, :func:`siting.scoring.score_table`.

    Parameters
    ----------
    study : Study
        From :func:`load_study`.
    plots : geopandas.GeoDataFrame
        Candidate plots (:func:`siting.plots.read_plots`), any CRS.
    register : geopandas.GeoDataFrame, optional
        The municipality's own services (:func:`siting.services.read_register`).
    config : Config
        Weights, curves, rules, categories, snap limit, the user's service
        exclusions and inclusions and the bus frequency rule.
    clicked : geopandas.GeoDataFrame, optional
        Services added on the map (the app's).
    timetable : Timetable, optional
        A GTFS timetable (:func:`siting.transit.timetable_from_gtfs`).

    Returns
    -------
    Result
        The study, the services used, the measurements and the ranked table
        (numbers and codes; :meth:`Result.texts` in words).

    Raises
    ------
    siting.errors.ConfigError
        If a criterion or rule reads a column the measurements lack, or all
        weights are 0.
    """
    review = review_for(study, config, register, clicked, timetable)
    services = with_stations(in_force(review), config, study.osm)
    log_stations(services, config.lang)
    acc = measure(study, plots, services, config)
    ranked = score_table(acc.table, config)
    thin = thin_for(study, services, config, acc.table)
    return Result(study, services, acc, ranked, config, review, thin, timetable)
