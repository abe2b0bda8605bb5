"""The plots tab: upload candidate plots, see them, rename and remove them."""

from __future__ import annotations

import geopandas as gpd
import streamlit as st

from siting.errors import SitingError
from siting.geocode import AddressBook
from siting.locate import locate_plots
from siting.plots import read_plots, too_many
from siting.text import t, tn
from siting.text.render import codes_text, match_texts, name_and_id, problem_text

from . import edits
from .address_ui import current_book, kartverket_upload, place_by_address
from .common import MAX_APP_PLOTS, PLOT_TYPES, SMALL_UPLOAD_MB, styled, upload_limit, upload_once
from .markup import md
from .state import Now, set_plots

COLUMNS = {"plot_id": "app.col_id", "name": "app.col_name", "problem": "app.col_problem",
           "address": "app.col.address", "parcel": "app.col.parcel", "match": "app.col.match",
           "match_quality": "app.col.quality", "lon": "app.col_lon", "lat": "app.col_lat"}


def flagged_rows(now: Now) -> str:
    """The plots the analysis flags (not assessed), each with why, "; "-joined (ten at most,
    then "(+n)"): a row without coordinates as well as one outside the study area."""
    table = now.acc.table
    flagged = table[[bool(f) for f in table["flag"]]]
    rows = "; ".join(f"{i}: {codes_text(f, now.lang)}" for i, f in zip(
        flagged["plot_id"][:10], flagged["flag"][:10], strict=True))
    return rows + (f" (+{len(flagged) - 10})" if len(flagged) > 10 else "")


def plots_upload(now: Now, book: AddressBook, book_key: str) -> None:
    lang = now.lang
    upload = st.file_uploader(t("app.plots_upload", lang), type=PLOT_TYPES, key="plots_file",
                              max_upload_size=SMALL_UPLOAD_MB,
                              help=t("app.plots.upload_help", lang))
    upload_limit(st, lang, SMALL_UPLOAD_MB, PLOT_TYPES)
    crs = st.text_input(t("app.plots_crs", lang), key="plots_crs").strip() or None
    add = st.toggle(t("app.plots_add", lang), key="plots_add",
                    value=st.session_state.plots_origin != "demo")
    if upload is None:
        return

    def read(data: bytes, filename: str, crs: str | None) -> gpd.GeoDataFrame:
        plots = read_plots(data, filename=filename, crs=crs, max_rows=MAX_APP_PLOTS)
        return locate_plots(plots, book, name=filename)

    result, fresh = upload_once("plots", upload, crs, read, book_key)
    total = len(result) + len(st.session_state.plots) if add and fresh and not isinstance(
        result, SitingError) else 0
    if total > MAX_APP_PLOTS:  # each file fits, together they do not
        result = too_many(upload.name, total, MAX_APP_PLOTS)
        st.session_state.seen[("plots", upload.file_id, crs, book_key)] = result
    if isinstance(result, SitingError):
        st.error(md(result.text(lang)))
        return
    if fresh:  # measure and show the new plots everywhere
        set_plots(result, add)
        st.rerun()
    st.success(tn("app.plots.read", len(result), lang, name=md(upload.name)))
    if rows := flagged_rows(now):  # measured just now: every reason the ranking will give
        st.warning(t("app.plots_problems", lang, rows=md(rows)))


def do_rename() -> None:
    pick, name = st.session_state.get("rename_pick"), st.session_state.get("rename_new", "")
    if pick is not None and name.strip():
        st.session_state.plots = edits.rename_plot(st.session_state.plots, pick, name)
        # the pick is shown by name: set it again so the browser gets the new label
        st.session_state.update(plots_origin="user", rename_new="", rename_pick=pick)


def do_remove() -> None:
    ids = st.session_state.get("remove_pick") or []
    st.session_state.plots = edits.remove_plots(st.session_state.plots, ids)
    st.session_state.update(plots_origin="user", remove_pick=[])


def tab_plots(now: Now) -> None:
    lang = now.lang
    book = current_book(now.study, now.token)
    st.subheader(t("app.plots", lang))
    plots_upload(now, book, f"{now.token}:{st.session_state.get('kartverket_digest', '')}")
    with st.expander(t("app.kv.head", lang), expanded="kartverket" in st.session_state):
        kartverket_upload(lang)
    st.markdown(f"**{t('app.addr.head', lang)}**")
    place_by_address(book, lang, "addr_plots")
    rows = edits.plot_rows(st.session_state.plots)
    rows["problem"] = [problem_text(p, lang) for p in rows["problem"]]
    if "match_quality" in rows:  # "ikke funnet" only for a row given by address or gnr/bnr
        rows["match_quality"] = match_texts(rows, lang)
    shown = rows.rename(columns={c: t(COLUMNS[c], lang) for c in rows.columns})
    shown.attrs["decimals"] = {t("app.col_lon", lang): 6, t("app.col_lat", lang): 6}
    st.dataframe(styled(shown, lang), hide_index=True, width="stretch")  # "10,729589" in nb
    ids = rows["plot_id"].tolist()
    names = dict(zip(ids, rows["name"], strict=True))
    label = lambda i: name_and_id(names.get(i, i), i)  # noqa: E731
    left, right = st.columns(2)
    with left:
        st.markdown(f"**{t('app.rename', lang)}**")
        st.selectbox(t("app.rename_pick", lang), ids, format_func=label, key="rename_pick",
                     placeholder=t("app.choose", lang))
        st.text_input(t("app.rename_new", lang), key="rename_new")
        st.button(t("app.rename_do", lang), key="rename_do", on_click=do_rename)
    with right:
        st.markdown(f"**{t('app.remove', lang)}**")
        st.multiselect(t("app.remove_pick", lang), ids, format_func=label, key="remove_pick",
                       placeholder=t("app.choose", lang))
        st.button(t("app.remove_do", lang), key="remove_do", on_click=do_remove)

