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
from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd
import streamlit as st

from siting.analysis import Accessibility, Study, study_from_osm
from siting.config import Config, ServiceEdits, default_config
from siting.demo import demo_plots
from siting.errors import SitingError
from siting.osm import file_sha256
from siting.pipeline import (
    Result,
    categories_for,
    categories_key,
    load_study,
    thin_for,
    with_stations,
)
from siting.pipeline import measure as pipeline_measure
from siting.plots import read_plots
from siting.review import add_user_services, apply_edits, in_force, render, study_review
from siting.scoring import score_table
from siting.services import read_register
from siting.stations import choose_stations, judge_stations
from siting.text import t
from siting.thin import ThinCategory
from siting.transit_match import apply_timetable
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


@st.cache_resource(show_spinner=False, max_entries=4)
def cached_osm_review(kind: str, ref: str, token: str, categories_key: str, _study: Study,
                      _config: Config) -> gpd.GeoDataFrame:
    """The OSM part of the service review of a study area (shared, read-only)."""
    return study_review(_study, categories_for(_config))


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
                            report_cache={}, recent=[],
                            service_edits=ServiceEdits(), timetable=None,
                            register_load=None)
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


# --------------------------------------------------------------------------- kept choices
KEPT = "kept:"  # session-state prefix of a widget's last value, kept while it is not drawn
_UNSET = object()


def kept(key: str, default: object = _UNSET, allowed: Collection[object] | None = None) -> None:
    """Before widget ``key`` is drawn, give it this session's last choice (else ``default``).

    Streamlit forgets a widget's value when a run does not draw it (another tab is
    open). :func:`keep` copies the value to ``kept:<key>`` on every run that draws
    it; this puts it back. With ``allowed`` (the widget's options now), a kept list
    keeps only allowed items and a kept value not allowed (a plot since removed) is
    dropped: the widget shows its own default. Session state is per session: one
    user's choices never reach another.
    """
    state = st.session_state
    if key in state:
        return
    value = state.get(KEPT + key, default)
    if allowed is not None and isinstance(value, list):
        value = [v for v in value if v in allowed]
    elif allowed is not None and value not in allowed:
        return
    if value is not _UNSET:
        state[key] = value


def keep(key: str) -> None:
    """Remember widget ``key``'s value after it is drawn (see :func:`kept`)."""
    if key in st.session_state:
        st.session_state[KEPT + key] = st.session_state[key]


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
    """The register plus services added on the map (EPSG:4326), and their content key
    (what a saved scenario keeps as its register)."""
    parts = []
    for frame, source in ((st.session_state.register, "register"),
                          (st.session_state.added, "clicked")):
        if frame is not None and len(frame):
            rows = frame["row"] if "row" in frame else range(1, len(frame) + 1)
            parts.append(frame[["category", "name", "geometry"]].to_crs("EPSG:4326").assign(
                row=[int(r) for r in rows], source=source))
    if not parts:
        return None, "none"
    frame = gpd.GeoDataFrame(pd.concat(parts, ignore_index=True), geometry="geometry",
                             crs="EPSG:4326")
    return frame, keys.frame_digest(frame)


def _user_key(config: Config) -> str:
    """Content key of everything the review depends on beyond the OSM data."""
    timetable = st.session_state.timetable
    parts = [keys.frame_digest(st.session_state.register), keys.frame_digest(
        st.session_state.added), config.replace_categories, config.services,
        config.transit, config.categories, timetable.source if timetable else None]
    return hashlib.sha256(json.dumps(parts, default=str, sort_keys=True).encode()).hexdigest()


def _no_user_services() -> bool:
    """True before the user adds a register, a service on the map or a timetable."""
    state = st.session_state
    return state.register is None and not len(state.added) and state.timetable is None


def current_review(study: Study, token: str, config: Config) -> gpd.GeoDataFrame:
    """The service review in force (see :mod:`siting.review`), kept per session."""
    area = st.session_state.area
    cats_key = json.dumps(config.categories, sort_keys=True, default=str)
    base = cached_osm_review(*keys.area_key(area), token, cats_key, _study=study,
                             _config=config)
    key = ("review", token, cats_key, _user_key(config), config.lang)
    cache = st.session_state.acc_cache
    if key not in cache:
        review = add_user_services(base, st.session_state.register, st.session_state.added,
                                   config.replace_categories)
        if st.session_state.timetable is not None:
            review, _ = apply_timetable(review, study.osm.features, st.session_state.timetable,
                                        config.transit, study.coverage, study.crs)
        features = study.osm.features if config.services.include else None  # (made if needed)
        review, _ = apply_edits(review, config.services, features, categories_for(config))
        cache[key] = render(review, config.lang)
    return cache[key]


def station_list(study: Study, token: str,
                 config: Config) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """The area's police objects in force, as chosen by ``config`` and by default."""
    services = in_force(current_review(study, token, config))
    police = judge_stations(services[services["category"] == "police"], study.osm)
    return (choose_stations(police, config.police.include, config.police.exclude),
            choose_stations(police))


def measure(study: Study, token: str,
            config: Config) -> tuple[Accessibility, gpd.GeoDataFrame, str]:
    """Distances for the user's plots (kept per session; recomputed only when inputs change).

    Returns the measurements, the service review and a key naming what was measured.
    """
    review = current_review(study, token, config)
    services = with_stations(in_force(review), config, study.osm)
    plots = st.session_state.plots
    key = (token, keys.frame_digest(plots), _user_key(config),
           tuple(config.replace_categories), categories_key(config), config.snap_limit_m(),
           tuple(config.police.include), tuple(config.police.exclude))
    if not len(plots) and _no_user_services():  # nothing of the user's: shared by sessions
        return (cached_bare_analysis(key, _study=study, _services=services, _config=config),
                review, repr(key))
    cache = st.session_state.acc_cache
    if key not in cache:
        while len(cache) >= 4:
            cache.pop(next(iter(cache)))
        cache[key] = shared_measure(key, _study=study, _plots=plots, _services=services,
                                    _config=config)
    return cache[key], review, repr(key)


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
    review: gpd.GeoDataFrame
    ranked: pd.DataFrame
    config: Config
    acc_key: str
    token: str = ""  # content key of the study area

    @property
    def lang(self) -> str:
        return self.config.lang

    def result(self) -> Result:
        """The analysis as a :class:`siting.pipeline.Result` (for scenarios and the report)."""
        return Result(self.study, self.acc.services, self.acc, self.ranked, self.config,
                      self.review, self.thin(), st.session_state.timetable)

    def thin(self) -> list[ThinCategory]:
        """The thin service categories of this analysis (see :mod:`siting.thin`)."""
        return thin_for(self.study, self.acc.services, self.config, self.acc.table)

    def key(self, *extra: object) -> str:
        """A content key of this analysis (measurements and config), plus ``extra``."""
        text = json.dumps([self.acc_key, self.config.to_dict(), *map(str, extra)],
                          sort_keys=True, default=str)
        return hashlib.sha256(text.encode()).hexdigest()
