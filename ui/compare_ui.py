"""Comparing two scenarios: which plots change rank, as a table and on a map."""

from __future__ import annotations

import dataclasses

import pandas as pd
import streamlit as st
import streamlit_folium

from siting.compare import compare_scenarios
from siting.config import PROFILES, Config, default_config
from siting.errors import SitingError
from siting.profiles import profile_name
from siting.scenario import Scenario, rerun, same_data, scenario_from_result, study_for
from siting.text import t
from siting.text.render import column_labels, criterion_labels
from siting.webmap.compare import positions, rank_change_map

from .common import SMALL_UPLOAD_MB, STATIC, STATIC_URL, paged, styled, upload_limit, upload_once
from .markup import md
from .scenario_ui import auto_name, current_scenario, keep, read_scenario
from .state import Now, kept
from .state import keep as keep_choice


def comparison_view(comparison: pd.DataFrame, config: Config, lang: str) -> pd.DataFrame:
    """The table of :func:`compare_scenarios` as shown: labelled columns; ``attrs["decimals"]``
    gives each number column's decimals (see :func:`ui.common.styled`)."""
    labels, crits = column_labels(config, lang), criterion_labels(config, lang)
    columns = {"plot_id": labels["plot_id"], "name": t("app.svc_name", lang)} | {
        c: t(f"app.cmp_{c}", lang) for c in ("rank_a", "rank_b", "rank_change", "score_a",
                                         "score_b", "score_change", "criterion",
                                         "criterion_change")}
    view = comparison[list(columns)].assign(criterion=[
        crits.get(c, c) if isinstance(c, str) else None for c in comparison["criterion"]])
    view = view.rename(columns=columns)
    view.attrs["decimals"] = {columns[c]: 0 if c.startswith("rank") else 1
                              for c in columns if c.startswith(("rank", "score", "criterion_"))}
    return view


def other_profile(profile: str) -> str:
    return next(p for p in PROFILES if p != profile)


def with_profile(scenario: Scenario, profile: str, lang: str) -> Scenario:
    """``scenario`` with this session's config of ``profile`` (as edited, else the default)."""
    config = st.session_state.configs.get(profile) or default_config(profile)
    return dataclasses.replace(scenario, config=dataclasses.replace(config, lang=lang))


def keep_current(now: Now, slot: str) -> Scenario:
    """Keep the analysis on screen in the list and choose it as A or B (``slot``)."""
    scenario = current_scenario(now, st.session_state.get("scenario_title", "").strip())
    st.session_state[slot] = keep(scenario, auto_name(scenario, now.lang))
    return scenario


def compare_profiles(now: Now) -> None:
    """A = the analysis on screen, B = the same plots and services with the other profile."""
    a = keep_current(now, "cmp_a")
    other = other_profile(now.config.profile)
    study = now.study if same_data(a.osm, now.study.osm.source) else study_for(a)
    result = rerun(with_profile(a, other, now.lang), study)
    b = scenario_from_result(result, a.plots, a.register, osm_path=a.osm.get("path"))
    st.session_state.cmp_b = keep(b, auto_name(b, now.lang))


def add_from_file(lang: str) -> None:
    upload = st.file_uploader(t("app.cmp_add", lang), type=["gpkg"], key="compare_file",
                              max_upload_size=SMALL_UPLOAD_MB)
    upload_limit(st, lang, SMALL_UPLOAD_MB, ["gpkg"])
    if upload is None:
        return
    found, fresh = upload_once("compare", upload, None, read_scenario)
    if isinstance(found, SitingError):
        st.error(md(found.text(lang)))
    elif found.results is None:
        st.error(t("app.scn_no_results", lang, name=md(found.file)))
    elif fresh:
        st.session_state.cmp_b = keep(found, found.title or found.file)


def actions(now: Now) -> None:
    """Buttons and uploader that fill the list (drawn before the A/B choice they set)."""
    lang = now.lang
    other = profile_name(other_profile(now.config.profile), lang)
    first, second, third = st.columns(3)
    if first.button(t("app.cmp_keep_a", lang), key="cmp_keep_a"):
        keep_current(now, "cmp_a")
    if second.button(t("app.cmp_keep_b", lang), key="cmp_keep_b"):
        keep_current(now, "cmp_b")
    if third.button(t("app.cmp_other", lang, profile=other), key="cmp_other", type="primary",
                    help=t("app.cmp_other_help", lang)):
        try:
            compare_profiles(now)
        except SitingError as err:
            st.error(md(err.text(lang)))
    add_from_file(lang)


def choose_pair(names: list[str], lang: str) -> tuple[str, str]:
    state = st.session_state
    for slot, default in (("cmp_a", names[0]), ("cmp_b", names[-1])):
        kept(slot, allowed=names)  # the pair chosen outlives a visit to another tab
        if state.get(slot) not in names:
            state[slot] = default
    left, right, clear = st.columns([4, 4, 2], vertical_alignment="bottom")
    a = left.selectbox(t("app.cmp_a", lang), names, key="cmp_a",
                       placeholder=t("app.choose", lang))
    b = right.selectbox(t("app.cmp_b", lang), names, key="cmp_b",
                        placeholder=t("app.choose", lang))
    clear.button(t("app.cmp_clear", lang), key="cmp_clear",
                 on_click=lambda: state.scenarios.clear())
    keep_choice("cmp_a")
    keep_choice("cmp_b")
    return a, b


def compare_section(now: Now) -> None:
    lang = now.lang
    st.subheader(t("app.cmp_head", lang))
    st.caption(t("app.cmp_intro", lang))
    actions(now)
    kept: dict[str, Scenario] = st.session_state.scenarios
    if not kept:
        st.info(t("app.cmp_none", lang))
        return
    a, b = choose_pair(list(kept), lang)
    comparison = compare_scenarios(kept[a], kept[b], labels=(a, b))
    view = comparison_view(comparison, now.config, lang)
    criterion = t("app.cmp_criterion", lang)  # none for a flagged plot: "–", not "None"
    view[criterion] = view[criterion].astype(object).where(view[criterion].notna(), "–")
    view = paged(view, "cmp_table", lang)
    st.dataframe(styled(view, lang), hide_index=True, width="stretch", key="cmp_table")
    st.caption(t("app.cmp_note", lang))
    same = same_data(kept[a].osm, now.study.osm.source)
    m = rank_change_map(comparison, positions(kept[a].results, kept[b].results), lang,
                        now.study if same else None, STATIC_URL, STATIC)
    if m is not None:
        streamlit_folium.st_folium(m, key="compare_map", height=420, use_container_width=True,
                                   returned_objects=[])
