"""Streamlit app: study area + candidate plots -> siting -> ranking, map and downloads.

Run with ``streamlit run app.py [-- --osm FILE --plots FILE --services FILE]``.
This file sets up the page, draws the sidebar and hands each tab to its module
in :mod:`ui`; those only wire widgets to :mod:`siting`. One user's data lives
in ``st.session_state`` (see :mod:`ui.state`).
"""

from __future__ import annotations

import streamlit as st

from siting.demo import DEMO_LABEL
from ui import decide_tab, download_tab, map_tab, plots_tab, ranking_tab, scenario_ui, services_tab
from ui.common import STATIC, TABS
from ui.i18n import tr
from ui.markup import md
from ui.sidebar import sidebar_area, sidebar_decide, sidebar_language
from ui.state import Now, current_study, measure, rank_now, state_defaults, static_files


def header(lang: str) -> None:
    st.title(tr("title", lang))
    st.caption(tr("subtitle", lang))
    if st.session_state.area["kind"] == "demo":
        st.warning(DEMO_LABEL[lang], icon="⚠️")
    for err in st.session_state.notes:
        st.error(f"{tr('startup_failed', lang)} {md(err.text(lang))}")
    if not len(st.session_state.plots):
        st.info(tr("no_plots", lang))


def show_tabs(now: Now) -> None:
    """Draw the open tab only (the others are drawn when opened)."""
    draw = {
        "tab_map": lambda: map_tab.tab_map(now.study, now.acc, now.ranked, now.config),
        "tab_ranking": lambda: ranking_tab.tab_ranking(now.acc, now.ranked, now.config),
        "tab_plots": lambda: plots_tab.tab_plots(now.lang),
        "tab_services": lambda: services_tab.tab_services(now.acc, now.osm_services, now.lang),
        "tab_download": lambda: download_tab.tab_download(now),
        "tab_decide": lambda: decide_tab.tab_decide(now),
    }
    tabs = st.tabs([tr(k, now.lang) for k in TABS], key="tab", on_change="rerun")
    for key, tab in zip(TABS, tabs, strict=True):
        if tab.open:
            with tab:
                draw[key]()


def main() -> None:
    st.set_page_config(page_title="Robuste boliger", page_icon="🏠", layout="wide")
    static_files(str(STATIC))
    state_defaults()
    lang = sidebar_language()
    study, token = current_study(lang)
    if scenario_ui.resolve_pending(study, lang):  # its study area was opened: load it
        st.rerun()
    sidebar_area(lang, study)
    config = sidebar_decide(lang)
    header(lang)
    scenario_ui.pending_box(lang)
    if message := st.session_state.pop("toast", None):  # set just before a rerun
        st.toast(message)
    acc, osm_services, acc_key = measure(study, token, config)
    ranked = rank_now(acc, config, lang)
    show_tabs(Now(study, acc, osm_services, ranked, config, acc_key))


main()
