"""Saving a scenario, opening one (switching the study area when needed) and checking it.

Opening happens in two steps so that the restored profile can set the sidebar's
widgets: the uploader keeps the scenario as ``pending`` and reruns; at the
start of the next run, before any widget is drawn, :func:`resolve_pending`
opens its study area (:func:`siting.scenario.study_for`) or, when the area is
open, restores plots, register and config. A scenario whose data cannot be
found stays pending, with the reason shown by :func:`pending_box`, until the
user opens the extract (or chooses the data open now, or cancels).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import streamlit as st

from siting.analysis import Study
from siting.errors import DataChangedError, SitingError
from siting.profiles import profile_name
from siting.scenario import (
    Scenario,
    load_scenario,
    rerun,
    same_data,
    same_results,
    scenario_bytes,
    scenario_from_result,
    split_sources,
    study_for,
)
from siting.text import t

from . import access, edits, keys, police_ui
from .common import SMALL_UPLOAD_MB, upload_limit, upload_once
from .markup import md
from .public_gate import held_back, public_on
from .sidebar import reset_profile
from .state import Now, kept, open_area, startup_options, user_services
from .state import keep as keep_choice


# --------------------------------------------------------------------------- saving
def current_scenario(now: Now, title: str = "", notes: str = "") -> Scenario:
    """The analysis on screen as a :class:`Scenario` (plots, register + added services)."""
    register, _ = user_services()
    area = st.session_state.area
    scenario = scenario_from_result(now.result(), st.session_state.plots, register,
                                    osm_path=area.get("path") if area["kind"] == "file" else
                                    None, title=title, notes=notes)
    pair = st.session_state.get("pair_current")  # the sites chosen for both groups, if any
    if pair is not None and pair[0] == now.acc_key:
        from siting.decision_record import scenario_with_decision

        scenario = scenario_with_decision(scenario, pair[1], pair[2])
    return scenario


def file_stem(title: str, fallback: str = "scenario") -> str:
    """A file name from a title: letters, digits and dashes only."""
    return re.sub(r"[^\w-]+", "-", title.strip()).strip("-")[:60] or fallback


def save_box(now: Now, lang: str) -> None:
    for key in ("scenario_title", "scenario_notes"):
        kept(key)  # typed text outlives a visit to another tab
    title = st.text_input(t("app.scn_title", lang), key="scenario_title").strip()
    notes = st.text_area(t("app.scn_notes", lang), key="scenario_notes", height=80).strip()
    for key in ("scenario_title", "scenario_notes"):
        keep_choice(key)
    if public_on():  # the internal working file: no public version (see ui.public_gate)
        held_back("scenario", lang)
        return
    scenario = current_scenario(now, title, notes)  # made now: the download runs later
    st.download_button(t("app.scn_save", lang), data=lambda: scenario_bytes(scenario),
                       file_name=f"{file_stem(title)}.gpkg", key="scn_save",
                       mime="application/geopackage+sqlite3", on_click="ignore")


# --------------------------------------------------------------------------- opening
def read_scenario(data: bytes, filename: str, crs: str | None = None) -> Scenario:
    """:func:`load_scenario` with the signature :func:`ui.common.upload_once` calls."""
    return load_scenario(data, filename=filename)


def open_box(lang: str) -> None:
    upload = st.file_uploader(t("app.scn_open", lang), type=["gpkg"], key="scenario_file",
                              max_upload_size=SMALL_UPLOAD_MB)
    upload_limit(st, lang, SMALL_UPLOAD_MB, ["gpkg"])
    if upload is None:
        return
    found, fresh = upload_once("scenario", upload, None, read_scenario)
    if isinstance(found, SitingError):
        st.error(md(found.text(lang)))
    elif fresh:  # opened at the start of the next run, before the sidebar is drawn
        st.session_state.update(pending=found, pending_error=None, pending_force=False)
        st.rerun()


def scenario_name(scenario: Scenario) -> str:
    return scenario.title or scenario.file or "scenario"


def resolve_pending(study: Study, lang: str) -> bool:
    """Open the pending scenario if its data is open; else try to open its study area.

    Returns True when its area was opened and the run must start again to load it.
    """
    state = st.session_state
    scenario = state.get("pending")
    if scenario is None:
        return False
    if state.pending_force or same_data(scenario.osm, study.osm.source):
        apply_scenario(scenario, study, lang)
        return False
    if state.pending_error is not None:  # waits for the user
        return False
    try:
        open_scenario_area(scenario, study, lang)
    except SitingError as err:
        state.pending_error = err
        return False
    return True


def open_scenario_area(scenario: Scenario, study: Study, lang: str) -> None:
    """Open the study area of ``scenario`` (raises SitingError saying why it cannot)."""
    area = keys.scenario_area(scenario.osm)
    name = scenario_name(scenario)
    if area is None:
        kind = str(scenario.osm.get("kind"))
        raise SitingError(t("app.scn_unknown_area", "en", name=name, kind=kind),
                          nb=t("app.scn_unknown_area", "nb", name=name, kind=kind))
    if keys.area_key(area) == keys.area_key(st.session_state.area):
        rerun(scenario, study)  # the area is open but its data changed: says how
    elif area["kind"] == "file" and not access.allowed_file(area["path"], startup_options()):
        values = {"name": name, "file": Path(area["path"]).name}
        raise SitingError(access.say("scn_not_allowed", "en", **values),
                          nb=access.say("scn_not_allowed", "nb", **values))
    study_for(scenario)  # the extract is found and unchanged, or an error names the fix
    open_area(area, lang)


def apply_scenario(scenario: Scenario, study: Study, lang: str) -> None:
    """Restore plots, register (as register rows) and config; check the results."""
    state = st.session_state
    result = rerun(scenario, study, allow_new_data=True)
    check = same_results(scenario, result)
    profile = scenario.config.profile
    reset_profile(profile)  # the sidebar's widgets take the scenario's values
    police_ui.forget_police_widgets()
    state.configs[profile] = scenario.config
    edits.share_police(state.configs, scenario.config)
    name = scenario_name(scenario)
    register, clicked = split_sources(scenario.register)
    state.update(plots=edits.merge_plots(edits.empty_plots(), scenario.plots, add=False),
                 plots_origin="user", register=register,
                 added=edits.empty_services() if clicked is None else clicked,
                 service_edits=scenario.config.services, register_load=None,
                 timetable=result.timetable,
                 profile=profile, pending=None, pending_error=None, pending_force=False,
                 scenario_title=scenario.title, scenario_notes=scenario.notes,
                 scenario_check={"name": name, "same": check,
                                 "new_data": not same_data(scenario.osm, study.osm.source)})
    keep(scenario, name)
    state.toast = t("app.scn_same" if check else "app.scn_diff", lang, name=md(name))


def keep(scenario: Scenario, name: str) -> str:
    """Add ``scenario`` to the list compared in the decision tab; return its unique name."""
    kept = st.session_state.scenarios
    unique, n = name, 1
    while unique in kept:
        n += 1
        unique = f"{name} ({n})"
    kept[unique] = scenario
    return unique


def auto_name(scenario: Scenario, lang: str) -> str:
    """Its title, or "Scenario <n>: <profile>"."""
    profile = profile_name(scenario.config.profile, lang)
    n = len(st.session_state.scenarios) + 1
    return scenario.title or t("app.scn_auto", lang, n=n, profile=profile)


# --------------------------------------------------------------------------- showing
def pending_text(err: SitingError, lang: str) -> str:
    """Why the scenario waits; on changed data, with the app's way out (the button below),
    not the command line's flag."""
    if not isinstance(err, DataChangedError):
        return err.text(lang)
    return t("app.scn_changed", lang, reason=err.reason_text(lang),
             button=t("app.scn_force", lang))


def pending_box(lang: str) -> None:
    """Why a scenario waits for its data, and what the user can do."""
    state = st.session_state
    scenario, err = state.get("pending"), state.get("pending_error")
    if scenario is None or err is None:
        return
    st.error(t("app.scn_pending", lang, name=md(scenario_name(scenario)),
                error=md(pending_text(err, lang))))
    st.caption(t("app.scn_pending_hint", lang))
    left, right = st.columns(2)
    left.button(t("app.scn_force", lang), key="scn_force", on_click=state.update,
                kwargs={"pending_force": True})
    right.button(t("app.scn_cancel", lang), key="scn_cancel", on_click=state.update,
                 kwargs={"pending": None, "pending_error": None})


def check_message(lang: str) -> None:
    check: dict[str, Any] | None = st.session_state.get("scenario_check")
    if not check:
        return
    text = t("app.scn_same" if check["same"] else "app.scn_diff", lang, name=md(check["name"]))
    (st.success if check["same"] else st.warning)(text)
    if check["new_data"]:
        st.warning(t("app.scn_new_data", lang))


def scenario_section(now: Now, lang: str) -> None:
    st.subheader(t("app.scn_head", lang))
    st.caption(t("app.scn_intro", lang))
    left, right = st.columns(2)
    with left:
        save_box(now, lang)
    with right:
        open_box(lang)
        check_message(lang)

