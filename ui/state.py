"""Cached loaders and one user's data: study area, plots, services, measured distances.

One user's data (plots, added services, edited profiles, measured distances)
lives in ``st.session_state``; only read-only things shared by every user (a
prepared study area, its OSM services) are in ``st.cache_resource``, keyed by
content.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd
import streamlit as st

from siting.analysis import Accessibility, Study, study_from_osm
from siting.config import Config, default_config
from siting.demo import demo_plots
from siting.errors import SitingError
from siting.osm import file_sha256
from siting.pipeline import Result, categories_key, load_study, osm_services, services_for
from siting.pipeline import measure as pipeline_measure
from siting.plots import read_plots
from siting.scoring import score_table
from siting.services import read_register
from siting.text import t
from siting.webmap.assets import write_static_assets

from . import access, edits, keys, startup
from .common import DEMO_AREA
from .markup import md


# --------------------------------------------------------------------------- cached loaders
@st.cache_data(show_spinner=False, max_entries=32)
def file_token(path: str, mtime_ns: int, size: int) -> str:
    """Content hash of a file, recomputed only when its time stamp or size changes."""
    return file_sha256(path)


@st.cache_resource(show_spinner=False, max_entries=4)
def cached_study(kind: str, ref: str, token: str) -> Study:
    """The prepared study area (shared by all users, read-only), keyed by content.

    A place is read from the offline copy :func:`fetch_place` stored (or downloaded
    now, without a progress bar, if that copy was removed).
    """
    if kind == "file":
        return load_study(osm=ref)
    if kind == "place":
        from siting.live import osm_from_place

        return study_from_osm(osm_from_place(ref))
    return load_study()


@st.cache_resource(show_spinner=False, max_entries=8)
def cached_osm_services(kind: str, ref: str, token: str, categories: str, _study: Study,
                        _config: Config) -> gpd.GeoDataFrame:
    """The services OpenStreetMap gives for a study area under the config's category
    patterns (shared, read-only; ``categories`` is :func:`siting.pipeline.categories_key`)."""
    return osm_services(_study, _config)


@st.cache_resource(show_spinner=False)
def static_files(folder: str) -> list[Path]:
    """Leaflet's JS and CSS in the app's static folder (written once per process)."""
    return write_static_assets(folder)


# --------------------------------------------------------------------------- state
def state_defaults() -> None:
    """First run of a session: the server's start-up files (``--osm`` etc.), else the demo.

    Nothing another session did is opened or listed (see :mod:`ui.access`).
    """
    if "area" in st.session_state:
        return
    st.session_state.update(area=DEMO_AREA, plots=demo_plots(), plots_origin="demo",
                            register=None, added=edits.empty_services(), configs={},
                            acc_cache={}, seen={}, last_click=None, notes=[],
                            scenarios={}, pending=None, pending_error=None,
                            pending_force=False, scenario_check=None, robust_cache={},
                            report_cache={}, recent=[])
    opts = startup_options()
    osm, plots, services = opts["osm"], opts["plots"], opts["services"]
    if osm:
        path = Path(osm).expanduser().resolve()
        note(lambda: open_area({"kind": "file", "path": str(path), "name": path.name}, "nb"))
    if plots:
        note(lambda: set_plots(read_plots(plots), add=False))
    if services:
        note(lambda: st.session_state.update(register=read_register(services)))


def startup_options() -> dict[str, str | None]:
    """What the person who started the server chose (arguments after ``--``, environment)."""
    return startup.startup_options(sys.argv, os.environ)


def note(action: Callable[[], object]) -> None:
    """Run a start-up action; keep its error to show (the app goes on without it)."""
    try:
        action()
    except SitingError as err:
        st.session_state.notes.append(err)


def missing_file(path: str) -> SitingError:
    return SitingError(t("app.no_such_file", "en", path=path),
                       nb=t("app.no_such_file", "nb", path=path))


def area_study(area: dict, lang: str) -> tuple[Study, str]:
    """Load (or reuse) the study of ``area``; return it and its content token."""
    kind, ref = keys.area_key(area)
    if kind == "file":
        path = Path(ref)
        if not path.is_file():
            raise missing_file(ref)
        stat = path.stat()
        token = file_token(ref, stat.st_mtime_ns, stat.st_size)
    else:
        token = ref.casefold()
    with st.spinner(t("app.loading_area", lang, name=md(area.get("name", ref)))):
        return cached_study(kind, ref, token), token


def open_area(area: dict, lang: str) -> None:
    """Switch to ``area`` (raises SitingError and changes nothing when it cannot load)."""
    area_study(area, lang)
    st.session_state.area = dict(area)
    if st.session_state.plots_origin == "demo" and area["kind"] != "demo":
        st.session_state.plots = edits.empty_plots()
    st.session_state.recent = access.remember(st.session_state.get("recent", []), area)


def set_plots(new: gpd.GeoDataFrame, add: bool) -> None:
    """Replace or extend the plots with ``new`` (a file's); the map then fits them."""
    st.session_state.plots = edits.merge_plots(st.session_state.plots, new, add)
    st.session_state.plots_origin = "user"
    st.session_state.view_epoch = st.session_state.get("view_epoch", 0) + 1


def current_study(lang: str) -> tuple[Study, str]:
    try:
        return area_study(st.session_state.area, lang)
    except SitingError as err:
        st.session_state.notes.append(err)
        st.session_state.area = DEMO_AREA
        return area_study(DEMO_AREA, lang)


# --------------------------------------------------------------------------- analysis
def user_services() -> tuple[gpd.GeoDataFrame | None, str]:
    """The register plus services added on the map (EPSG:4326), and their content key."""
    parts = [f[["category", "name", "geometry"]].to_crs("EPSG:4326")
             for f in (st.session_state.register, st.session_state.added)
             if f is not None and len(f)]
    if not parts:
        return None, "none"
    frame = gpd.GeoDataFrame(pd.concat(parts, ignore_index=True), geometry="geometry",
                             crs="EPSG:4326")
    return frame, keys.frame_digest(frame)


def measure(study: Study, token: str,
            config: Config) -> tuple[Accessibility, gpd.GeoDataFrame, str]:
    """Distances for the user's plots (kept per session; recomputed only when inputs change).

    Returns the measurements, the OSM services and a key naming what was measured.
    """
    area = st.session_state.area
    categories = categories_key(config)
    found = cached_osm_services(*keys.area_key(area), token, categories, _study=study,
                                _config=config)
    extra, extra_key = user_services()
    services = services_for(study, extra, config, osm=found)
    plots = st.session_state.plots
    key = (token, keys.frame_digest(plots), extra_key, tuple(config.replace_categories),
           categories, config.snap_limit_m())
    if not len(plots) and extra is None:  # nothing of the user's yet: shared by sessions
        return (cached_bare_analysis(key, _study=study, _services=services, _config=config),
                found, repr(key))
    cache = st.session_state.acc_cache
    if key not in cache:
        while len(cache) >= 2:
            cache.pop(next(iter(cache)))
        cache[key] = shared_measure(key, _study=study, _plots=plots, _services=services,
                                    _config=config)
    return cache[key], found, repr(key)


@st.cache_resource(show_spinner=False, max_entries=4)
def cached_bare_analysis(key: tuple, _study: Study, _services: gpd.GeoDataFrame,
                         _config: Config) -> Accessibility:
    """The analysis of an area before any plot or service of a user's is added (shared and
    read-only; ``key`` names the area, the categories and the snap limit): a new session
    draws its first map without measuring again."""
    return pipeline_measure(_study, edits.empty_plots(), _services, _config)


@st.cache_resource(show_spinner=False, max_entries=16)
def shared_measure(key: tuple, _study: Study, _plots: gpd.GeoDataFrame,
                   _services: gpd.GeoDataFrame, _config: Config) -> Accessibility:
    """Measure plots (read-only, shared), keyed by content: the study's token, the plots'
    and services' digests, the categories and the snap limit (``key``).

    Only a session holding exactly these plots and services can ask for the result,
    so nothing of one user reaches another; sessions on the same start-up files (a
    committee opening one link) measure once instead of once each.
    """
    return pipeline_measure(_study, _plots, _services, _config)


def rank_now(acc: Accessibility, config: Config, lang: str) -> pd.DataFrame:
    """Score and rank (cheap: runs on every rerun, never re-measures)."""
    try:
        return score_table(acc.table, config)
    except SitingError as err:
        st.error(md(err.text(lang)))
        return score_table(acc.table, default_config(config.profile, config.lang))


@dataclass
class Now:
    """The analysis on screen in this run: what the tabs show and the downloads hold."""

    study: Study
    acc: Accessibility
    osm_services: gpd.GeoDataFrame
    ranked: pd.DataFrame
    config: Config
    acc_key: str
    token: str = ""  # content key of the study area

    @property
    def lang(self) -> str:
        return self.config.lang

    def result(self) -> Result:
        """The analysis as a :class:`siting.pipeline.Result` (for scenarios and the report)."""
        return Result(self.study, self.acc.services, self.acc, self.ranked, self.config)

    def key(self, *extra: object) -> str:
        """A content key of this analysis (measurements and config), plus ``extra``."""
        text = json.dumps([self.acc_key, self.config.to_dict(), *map(str, extra)],
                          sort_keys=True, default=str)
        return hashlib.sha256(text.encode()).hexdigest()
