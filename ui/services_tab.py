"""The services tab: the service review (one table and one map per category, a switch per
service), the municipality's register with its load report, and the bus timetable."""

from __future__ import annotations

import functools
from typing import Any

import pandas as pd
import streamlit as st
import streamlit_folium

from siting.errors import SitingError
from siting.geocode import AddressBook
from siting.pipeline import review_as_used
from siting.register import load_register, register_report, template_bytes
from siting.review import counts
from siting.review_io import review_bytes, source_text
from siting.text import pick, t, tn
from siting.text.render import service_name
from siting.transit import timetable_from_gtfs
from siting.webmap.assets import map_asset_urls, write_static_assets
from siting.webmap.review_map import review_map

from . import edits
from .address_ui import current_book
from .common import (
    PLOT_TYPES,
    SMALL_UPLOAD_MB,
    STATIC,
    STATIC_URL,
    category_label,
    upload_limit,
    upload_once,
)
from .markup import md
from .public_gate import held_back, public_on
from .state import Now

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def review_shown(now: Now) -> pd.DataFrame:
    """The review as the figures use it, as ``siting services`` writes it: a police object
    that is no station (or is left out) is not counted, with why."""
    return review_as_used(now.review, now.acc.services, now.lang)


def count_table(now: Now) -> pd.DataFrame:
    """Per category label: counted services by source, not counted, to check."""
    review, lang = review_shown(now), now.lang
    names = {"osm": t("app.svc_osm", lang), "register": t("app.svc_register", lang),
             "clicked": t("app.svc_added", lang), "gtfs": t("app.svc.gtfs_source", lang)}
    counted = review[review["included"]]
    table = pd.crosstab(counted["category"], counted["source"]).reindex(
        columns=[s for s in names if s == "osm" or (counted["source"] == s).any()], fill_value=0)
    extra = counts(review)[["not_counted", "flagged"]]
    table = table.join(extra, how="outer").fillna(0).astype(int)
    table = table.rename(columns={**names, "not_counted": t("app.svc.not_counted", lang),
                                  "flagged": t("app.svc.flagged", lang)})
    table.index = [category_label(c, lang) for c in table.index]
    return table.rename_axis(t("app.svc_category", lang))


def tab_services(now: Now) -> None:
    lang = now.lang
    st.subheader(t("app.svc.review", lang))
    st.caption(t("app.svc.review_help", lang))
    st.dataframe(count_table(now), width="stretch")
    cats = list(dict.fromkeys(now.review["category"]))
    if cats:
        cat = st.selectbox(t("app.svc_show", lang), cats, key="svc_cat",
                           format_func=lambda c: category_label(c, lang),
                           placeholder=t("app.choose", lang))
        category_review(now, cat)
    review_downloads(now)
    transit_section(now)
    register_section(now)


def _view(rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    view = pd.DataFrame({
        "counted": rows["included"].to_numpy(dtype=bool),
        "name": [service_name(n, lang) if s == "osm" else n
                 for n, s in zip(rows["name"], rows["source"], strict=True)],
        "flags": rows["flags"].to_numpy(),
        "why": rows["why"].to_numpy(),
        "source": [source_text(str(s), lang) for s in rows["source"]],
        "ref": rows["ref"].to_numpy(), "tags": rows["matched_tags"].to_numpy(),
        "address": rows["address"].to_numpy()})
    if "departures_per_hour" in rows and rows["departures_per_hour"].notna().any():
        view.insert(2, "rate", rows["departures_per_hour"].to_numpy(dtype=float))
    return view


def category_review(now: Now, cat: str) -> None:
    """One category: a table with a switch per service, and its map."""
    lang = now.lang
    rows = now.review[now.review["category"] == cat].reset_index(drop=True)
    view = _view(rows, lang)
    labels = {"counted": t("app.svc.counted", lang), "name": t("app.svc_name", lang),
              "source": t("app.svc_source", lang), "ref": t("app.svc.ref", lang),
              "address": t("app.svc.address", lang), "tags": t("app.svc.tags", lang),
              "why": t("app.svc.why", lang),
              "flags": t("app.svc.flags", lang), "rate": t("app.svc.rate", lang)}
    config = {c: st.column_config.Column(labels[c]) for c in view.columns if c != "counted"}
    config["counted"] = st.column_config.CheckboxColumn(labels["counted"])
    key = f"svc_edit:{cat}"
    edited = st.data_editor(view, key=key, hide_index=True, width="stretch", column_config=config,
                            disabled=[c for c in view.columns if c != "counted"])
    changed = edits.switched_services(rows, edited["counted"].to_numpy(dtype=bool))
    if changed:
        new = st.session_state.service_edits
        for ref, category, included, default in changed:
            new = edits.toggle_service(new, category, ref, included, default)
        st.session_state.service_edits = new
        st.session_state.pop(key, None)
        st.rerun()
    m = review_map(now.study, now.review, cat, lang=lang, assets=STATIC_URL)
    write_static_assets(STATIC, map_asset_urls(m))
    streamlit_folium.st_folium(m, key=f"svc_map:{cat}", height=420, use_container_width=True,
                               returned_objects=[])


def review_downloads(now: Now) -> None:
    if public_on():  # service names and positions, help services, own register
        held_back("review", now.lang)
        return
    left, right = st.columns(2)
    for column, fmt, mime in ((left, "csv", "text/csv"), (right, "xlsx", XLSX_MIME)):
        column.download_button(t("app.svc.download_review", now.lang, fmt=fmt.upper()),
                               review_bytes(review_shown(now), f".{fmt}", now.lang),
                               file_name=f"tjenester.{fmt}", mime=mime, key=f"svc_dl_{fmt}")


def transit_section(now: Now) -> None:
    lang = now.lang
    upload = st.file_uploader(t("app.svc.gtfs_upload", lang), type=["zip"], key="gtfs_file",
                              max_upload_size=SMALL_UPLOAD_MB * 10)
    upload_limit(st, lang, SMALL_UPLOAD_MB * 10, ["zip"])
    if upload is not None:
        result, fresh = upload_once("gtfs", upload, None, _read_gtfs)
        if isinstance(result, SitingError):
            st.error(md(result.text(lang)))
        elif fresh:
            st.session_state.timetable = result
            st.rerun()
    table = st.session_state.timetable
    if table is not None:
        rule = now.config.transit
        st.info(md(t("app.svc.gtfs_read", lang, name=table.source.get("name", ""), date=table.date,
                     need=f"{rule.min_departures_per_hour:g}", start=f"{rule.from_hour:02.0f}",
                     end=f"{rule.to_hour:02.0f}", why=pick(lang, rule.why_nb, rule.why_en))))
        st.button(t("app.svc.gtfs_clear", lang), key="gtfs_clear",
                  on_click=lambda: st.session_state.update(timetable=None))


def _read_gtfs(data: bytes, filename: str, crs: str | None = None) -> object:
    """Keep the upload in the cache folder (a saved scenario finds it there again) and read it."""
    import hashlib
    from pathlib import Path

    from siting import settings
    from siting._atomic import write_bytes

    digest = hashlib.sha256(data).hexdigest()
    path = Path(settings.cache_dir) / "gtfs" / digest[:16] / Path(filename).name
    if not path.is_file():
        write_bytes(path, data)
    return timetable_from_gtfs(path)


def register_section(now: Now) -> None:
    lang = now.lang
    left, right = st.columns(2)
    for column, fmt, mime in ((left, "csv", "text/csv"), (right, "xlsx", XLSX_MIME)):
        column.download_button(t("app.svc.template", lang, fmt=fmt.upper()),
                               template_bytes(f"register.{fmt}"), file_name=f"register.{fmt}",
                               mime=mime, key=f"template_{fmt}")
    upload = st.file_uploader(t("app.register_upload", lang), type=PLOT_TYPES,
                              key="register_file", max_upload_size=SMALL_UPLOAD_MB)
    upload_limit(st, lang, SMALL_UPLOAD_MB, PLOT_TYPES)
    # its own field, as the plots have theirs: the refusal's "the CRS field" is beside it
    crs = st.text_input(t("app.register_crs", lang), key="register_crs").strip() or None
    if upload is not None:  # rows given by address are looked up in the area's addresses
        book = current_book(now.study, now.token)
        read = functools.partial(load_register, addresses=book)
        result, fresh = upload_once("register", upload, crs, read,
                                    f"{now.token}:{st.session_state.get('kartverket_digest', '')}")
        if isinstance(result, SitingError):
            st.error(md(result.text(lang)))
        elif result.register is None:
            st.error(md(_no_usable_rows(upload, crs, book, lang)))
        else:
            if fresh:
                st.session_state.update(register=result.register, register_load=result)
                st.rerun()
            st.success(tn("app.register.read", len(result.register), lang,
                          name=md(upload.name)))
    if st.session_state.register_load is not None:
        load_report(now)
    if st.session_state.register is not None:
        st.button(t("app.register_clear", lang), key="register_clear",
                  on_click=lambda: st.session_state.update(register=None, register_load=None))
    added_services(lang)


def _no_usable_rows(upload: Any, crs: str | None, book: AddressBook, lang: str) -> str:
    """The strict reader's message naming every problem of a register with no usable row,
    read as the upload was (its CRS, its address list: else it would blame them)."""
    from siting.services import read_register

    try:
        read_register(upload.getvalue(), filename=upload.name, crs=crs, addresses=book)
    except SitingError as err:
        return err.text(lang)
    return str(upload.name)


def load_report(now: Now) -> None:
    lang, load = now.lang, st.session_state.register_load
    report = register_report(load, now.review, lang)
    status = {k: t(f"app.svc.status_{k}", lang)
              for k in ("used", "replaced", "refused", "excluded", "outside")}
    unused = int(report["status"].isin(["refused", "outside"]).sum())
    if unused:  # not only in the table: a refused row beside a green "read N services"
        st.warning(md(t("app.svc.not_used", lang, n=unused, name=load.file)))
    st.markdown(f"**{md(t('app.svc.report', lang, name=load.file))}**")
    st.dataframe(pd.DataFrame({
        "#": report["row"], t("app.svc_category", lang): report["kategori"],
        t("app.svc_name", lang): report["name"],
        t("app.svc.status_head", lang): report["status"].map(status),
        t("app.svc.why", lang): report["why"]}), hide_index=True, width="stretch")


def added_services(lang: str) -> None:
    if len(st.session_state.added):
        st.markdown(f"**{t('app.added_services', lang)}**")
        added = st.session_state.added
        st.dataframe(pd.DataFrame({
            t("app.svc_category", lang): [category_label(c, lang) for c in added["category"]],
            t("app.svc_name", lang): added["name"]}), hide_index=True)
        st.button(t("app.added_remove", lang), key="added_clear",
                  on_click=lambda: st.session_state.update(added=edits.empty_services()))
