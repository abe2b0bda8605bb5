"""Streamlit app: study area + candidate plots -> siting -> ranking, map and downloads.

Run with ``streamlit run app.py [-- --osm FILE --plots FILE --services FILE]``.
This file sets up the page, draws the sidebar and hands each tab to its module
in :mod:`ui`; those only wire widgets to :mod:`siting`. One user's data lives
in ``st.session_state`` (see :mod:`ui.state`).

First paint: the title and a progress bar are sent before the engine (GeoPandas,
SciPy, Folium ...) is imported, and the report, robustness and scenario-comparison
modules (matplotlib, ReportLab, Altair) are imported only when their tab opens.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

import streamlit as st

from siting._memory import return_large_blocks
from siting.text import t

if TYPE_CHECKING:
    from ui.state import Now


class Boot:
    """The progress bar of a session's first run (nothing on later, quick reruns)."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        first = "area" not in st.session_state
        self.bar = st.empty().progress(0.02, text=t("app.boot.engine", lang)) if first else None

    def step(self, key: str, fraction: float) -> None:
        if self.bar is not None:
            self.bar.progress(fraction, text=t(key, self.lang))

    def done(self) -> None:
        if self.bar is not None:
            self.bar.empty()


def header(lang: str) -> None:
    from ui.markup import md

    st.caption(t("app.subtitle", lang))
    if st.session_state.area["kind"] == "demo":
        st.warning(t("demo.label", lang), icon="⚠️")
    for err in st.session_state.notes:
        st.error(f"{t('app.startup_failed', lang)} {md(err.text(lang))}")
    if not len(st.session_state.plots):
        st.info(t("app.no_plots", lang))


def draw_tab(key: str, now: Now) -> None:
    """Draw one tab; its module is imported when the tab is first opened."""
    if key == "tab_map":
        from ui import map_tab
        map_tab.tab_map(now)
    elif key == "tab_ranking":
        from ui import ranking_tab
        ranking_tab.tab_ranking(now.acc, now.ranked, now.config)
    elif key == "tab_plots":
        from ui import plots_tab
        plots_tab.tab_plots(now)
    elif key == "tab_services":
        from ui import services_tab
        services_tab.tab_services(now)
    elif key == "tab_download":
        from ui import download_tab
        download_tab.tab_download(now)
    else:
        from ui import decide_tab
        decide_tab.tab_decide(now)


def show_tabs(now: Now) -> None:
    """Draw the open tab only (the others are drawn when opened)."""
    from ui.common import TABS

    tabs = st.tabs([t(f"app.{k}", now.lang) for k in TABS], key="tab", on_change="rerun")
    for key, tab in zip(TABS, tabs, strict=True):
        if tab.open:
            with tab:
                draw_tab(key, now)


def main() -> None:
    st.set_page_config(page_title="Robuste boliger", page_icon="🏠", layout="wide")
    return_large_blocks()  # (see siting._memory; a no-op after the first run)
    lang: Any = st.session_state.get("lang") or "nb"
    st.title(t("app.title", lang))
    boot = Boot(lang)
    from ui import (
        police_ui,
        scenario_ui,  # the engine: a few seconds on a fresh server
    )
    from ui.banner import thin_banner
    from ui.common import STATIC, localise_streamlit
    from ui.sidebar import sidebar_area, sidebar_decide, sidebar_language
    from ui.state import (
        Now,
        current_study,
        measure,
        rank_now,
        state_defaults,
        static_files,
        station_list,
    )

    static_files(str(STATIC))
    localise_streamlit(lang)
    boot.step("app.boot.area", 0.35)
    state_defaults()
    lang = sidebar_language()
    study, token = current_study(lang)
    if scenario_ui.resolve_pending(study, lang):  # its study area was opened: load it
        st.rerun()
    sidebar_area(lang, study)
    config = dataclasses.replace(sidebar_decide(lang), services=st.session_state.service_edits)
    config = police_ui.sidebar_police(config, *station_list(study, token, config), lang)
    header(lang)
    scenario_ui.pending_box(lang)
    if message := st.session_state.pop("toast", None):  # set just before a rerun
        st.toast(message)
    boot.step("app.boot.measure", 0.6)
    acc, review, acc_key = measure(study, token, config)
    ranked = rank_now(acc, config, lang)
    now = Now(study, acc, review, ranked, config, acc_key, token)
    thin_banner(now)
    boot.step("app.boot.map", 0.85)
    show_tabs(now)
    boot.done()


main()
