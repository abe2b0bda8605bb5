"""The services tab: what OpenStreetMap gives, the municipality's register, added services."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import streamlit as st

from siting.analysis import Accessibility
from siting.errors import SitingError
from siting.services import read_register
from siting.text import t

from . import edits, views
from .common import PLOT_TYPES, SMALL_UPLOAD_MB, category_label, upload_once
from .markup import md


def tab_services(acc: Accessibility, osm_services: gpd.GeoDataFrame, lang: str) -> None:
    st.subheader(t("app.svc_counts", lang))
    parts = [osm_services[["category"]].assign(source="osm")]
    for frame, source in ((st.session_state.register, "register"),
                          (st.session_state.added, "added")):
        if frame is not None and len(frame):
            parts.append(frame[["category"]].assign(source=source))
    counts = views.service_counts(pd.concat(parts, ignore_index=True), lang)
    st.dataframe(counts.rename(columns={"osm": t("app.svc_osm", lang),
                                        "register": t("app.svc_register", lang),
                                        "added": t("app.svc_added", lang)}).rename_axis(
        t("app.svc_category", lang)), width="stretch")
    cats = list(dict.fromkeys(acc.services["category"]))
    cat = st.selectbox(t("app.svc_show", lang), cats, key="svc_cat",
                       format_func=lambda c: category_label(c, lang))
    rows = acc.services[acc.services["category"] == cat]
    sources = {"osm": t("app.src_osm", lang), "register": t("app.src_register", lang)}
    st.dataframe(pd.DataFrame({t("app.svc_name", lang): rows["name"].astype(str),
                               t("app.svc_source", lang): rows["source"].map(sources)}),
                 hide_index=True, width="stretch")
    register_upload(lang)


def register_upload(lang: str) -> None:
    upload = st.file_uploader(t("app.register_upload", lang), type=PLOT_TYPES, key="register_file",
                              max_upload_size=SMALL_UPLOAD_MB)
    if upload is not None:
        result, fresh = upload_once("register", upload, None, read_register)
        if isinstance(result, SitingError):
            st.error(md(result.text(lang)))
        else:
            if fresh:
                st.session_state.register = result
                st.rerun()
            st.success(t("app.register_read", lang, n=len(result), name=md(upload.name)))
    if st.session_state.register is not None:
        st.button(t("app.register_clear", lang), key="register_clear",
                  on_click=lambda: st.session_state.update(register=None))
    if len(st.session_state.added):
        st.markdown(f"**{t('app.added_services', lang)}**")
        added = st.session_state.added
        st.dataframe(pd.DataFrame({
            t("app.svc_category", lang): [category_label(c, lang) for c in added["category"]],
            t("app.svc_name", lang): added["name"]}), hide_index=True)
        st.button(t("app.added_remove", lang), key="added_clear",
                  on_click=lambda: st.session_state.update(added=edits.empty_services()))

