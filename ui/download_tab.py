"""The download tab: ranked table (Excel, CSV, GeoPackage), the HTML map and the committee
report."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from siting.analysis import Accessibility, Study
from siting.config import Config
from siting.errors import SitingError
from siting.export import result_bytes, result_frame
from siting.profiles import profile_name
from siting.public import public_frame
from siting.report import committee_report
from siting.text import t
from siting.webmap.map import map_from_analysis
from siting.webmap.map import map_html as render_map_html

from .markup import md
from .public_ui import public_switch
from .scenario_ui import current_scenario
from .state import Now

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def map_html(study: Study, acc: Accessibility, ranked: pd.DataFrame, config: Config,
             lang: str, public: bool = False) -> bytes:
    """The self-contained HTML map (every JS/CSS file inlined); ``public``: see siting.public."""
    m = map_from_analysis(study, acc, ranked, lang=lang, assets="inline", config=config,
                          public=public)
    return render_map_html(m).encode("utf-8")


def tab_download(now: Now) -> None:
    study, acc, ranked, config, lang = now.study, now.acc, now.ranked, now.config, now.lang
    st.subheader(t("app.download", lang))
    public = public_switch(now)
    st.caption(t("app.dl_note", lang, profile=profile_name(config.profile, lang)))
    frame = public_frame(ranked, acc.plots, config, acc.categories, lang) if public else \
        result_frame(ranked, acc.plots, config, lang=lang)
    stem = t("app.dl.stem", lang) + _suffix(public, lang)
    st.download_button(t("app.dl.xlsx", lang),
                       data=lambda: result_bytes(frame, ".xlsx", config),
                       file_name=f"{stem}.xlsx", key="dl_xlsx", on_click="ignore",
                       type="primary", mime=XLSX_MIME, help=t("app.dl.xlsx_help", lang))
    st.download_button(t("app.dl_csv", lang), data=lambda: result_bytes(frame, ".csv"),
                       file_name=f"{stem}.csv", mime="text/csv", key="dl_csv",
                       on_click="ignore", help=t("app.dl.csv_help", lang))
    st.download_button(t("app.dl_gpkg", lang), data=lambda: result_bytes(frame, ".gpkg"),
                       file_name=f"{stem}.gpkg", mime="application/geopackage+sqlite3",
                       key="dl_gpkg", on_click="ignore")
    st.download_button(t("app.dl_html", lang),
                       data=lambda: map_html(study, acc, ranked, config, lang, public),
                       file_name=f"{t('file.map', lang)}{_suffix(public, lang)}.html",
                       mime="text/html", key="dl_html", on_click="ignore")
    st.divider()
    report_section(now, public)


def _suffix(public: bool, lang: str) -> str:
    return t("file.public", lang) if public else ""


def make_report(now: Now, public: bool) -> bytes:
    """The committee PDF of the analysis on screen, titled as the scenario section says."""
    title = st.session_state.get("scenario_title", "").strip()
    notes = st.session_state.get("scenario_notes", "").strip()
    scenario = current_scenario(now, title, notes)
    return committee_report(now.result(), scenario=scenario, public=public, lang=now.lang)


def report_section(now: Now, public: bool) -> None:
    """Made on request (it takes a few seconds), then kept per analysis, version and language."""
    lang, state = now.lang, st.session_state
    st.subheader(t("app.report_head", lang))
    st.caption(t("app.report_note", lang))
    key = now.key(public, lang, state.get("scenario_title", ""), state.get("scenario_notes", ""))
    cache = state.report_cache
    if key not in cache:
        if st.button(t("app.report_make", lang), key="report_make", type="primary"):
            try:
                with st.spinner(t("app.report_making", lang)):
                    pdf = make_report(now, public)
            except SitingError as err:
                st.error(md(err.text(lang)))
                return
            while len(cache) >= 4:
                cache.pop(next(iter(cache)))
            cache[key] = pdf
            st.rerun()
        return
    stem = t("file.report", lang)
    st.download_button(t("app.report_dl", lang), data=cache[key],
                       file_name=f"{stem}{_suffix(public, lang)}.pdf",
                       mime="application/pdf", key="report_dl", on_click="ignore", type="primary")
