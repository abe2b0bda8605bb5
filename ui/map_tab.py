"""The map tab: click modes, layer choice, the folium map and a short ranking below it."""

from __future__ import annotations

import hashlib
from typing import Any

import folium
import pandas as pd
import streamlit as st
import streamlit_folium

from siting.analysis import Accessibility, Study
from siting.config import Config
from siting.services import CATEGORIES
from siting.text import t
from siting.text.render import codes_text, name_and_id
from siting.webmap.assets import map_asset_urls, write_static_assets
from siting.webmap.map import map_from_analysis

from . import edits, views
from .address_ui import current_book, place_by_address
from .common import (
    LAYER_KEYS,
    STATIC,
    STATIC_URL,
    category_label,
    paged,
    styled,
    table_columns,
)
from .markup import md
from .state import Now, keep, kept


def build_map(study: Study, acc: Accessibility, ranked: pd.DataFrame, config: Config,
              view: dict, view_key: str = "") -> folium.Map:
    """The folium map of the analysis, its JS/CSS served from the app's static folder.

    ``view_key`` keeps the map's place in the browser across reruns (see
    :func:`siting.webmap.map.map_from_analysis`).
    """
    lang, layers = config.lang, {"plots", *view["layers"]}
    surface = views.surface_scores(acc.surface, config) if "surface" in layers else None
    m = map_from_analysis(study, acc, ranked, lang=lang, selected=view["selected"],
                          layers=layers, shown=layers, assets=STATIC_URL,
                          surface_score=surface, online=view["online"], config=config,
                          view_key=view_key, placing=view["mode"] != "none",
                          static_folder=STATIC)
    write_static_assets(STATIC, map_asset_urls(m))
    return m


def view_key(token: str) -> str:
    """Where the map keeps its place: per area, and anew when plots are uploaded."""
    text = f"{token}:{st.session_state.get('view_epoch', 0)}"
    return hashlib.sha256(text.encode()).hexdigest()[:16]


#: The map tab's widgets whose choice outlives the tab (see :func:`ui.state.kept`).
KEPT_WIDGETS = ("click_mode", "new_plot_name", "new_service_cat", "new_service_name",
                "route_plot", "layers", "online")


def map_controls(ranked: pd.DataFrame, lang: str) -> dict:
    left, right = st.columns([3, 2])
    if st.session_state.pop("clear_names", False):  # the last click used the names
        st.session_state.update(new_plot_name="", new_service_name="")
    rankable = ranked[ranked["rank"].notna()]  # in rank order; labels without the rank,
    ids = rankable["plot_id"].astype(str).tolist()  # which changes with every weight
    kept("click_mode", "none")
    kept("layers", ["network", "services", "routes"])
    for key in ("new_plot_name", "new_service_cat", "new_service_name", "online"):
        kept(key)  # the widget's own default until the user chooses
    kept("route_plot", allowed=ids)
    mode = left.segmented_control(
        t("app.map_click", lang), ["none", "plot", "service"], required=True,
        format_func=lambda k: t(f"app.click_{k}", lang), key="click_mode")
    if mode == "plot":
        left.text_input(t("app.click_name_plot", lang), key="new_plot_name")
    elif mode == "service":
        service_inputs(left, lang)
    names = dict(zip(ids, rankable["name"].astype(str), strict=True))
    selected = right.selectbox(t("app.routes_for", lang), ids, key="route_plot",
                               format_func=lambda i: name_and_id(names[i], i),
                               placeholder=t("app.choose", lang)) if ids else None
    layers = st.pills(t("app.layers", lang), LAYER_KEYS, selection_mode="multi", key="layers",
                      format_func=lambda k: t(f"app.layer_{k}", lang))
    online = st.toggle(t("app.online", lang), key="online", help=t("app.online_help", lang))
    for key in KEPT_WIDGETS:
        keep(key)
    return {"mode": mode, "selected": selected, "layers": layers or [], "online": online}


def service_inputs(column: Any, lang: str) -> None:
    """Category and name of a service placed by the next click (police last in the list)."""
    cats = [c for c in CATEGORIES if c != "police"] + ["police"]
    a, b = column.columns(2)
    a.selectbox(t("app.click_category", lang), cats, key="new_service_cat",
                format_func=lambda c: category_label(c, lang),
                placeholder=t("app.choose", lang))
    b.text_input(t("app.click_name_service", lang), key="new_service_name")


def handle_click(result: dict | None, mode: str, lang: str) -> None:
    """Place a plot or a service where the user clicked (each click once)."""
    clicked = (result or {}).get("last_clicked")
    if not clicked:
        return
    point = (round(float(clicked["lng"]), 7), round(float(clicked["lat"]), 7))
    if point == st.session_state.last_click:
        return
    st.session_state.last_click = point
    if mode == "plot":
        plots, plot_id = edits.add_plot(st.session_state.plots, *point,
                                     st.session_state.get("new_plot_name", ""),
                                     t("app.new_plot", lang))
        st.session_state.update(plots=plots, plots_origin="user")
        name = plots.loc[plots["plot_id"] == plot_id, "name"].iloc[0]
        st.session_state.toast = t("app.plot_added", lang, name=md(name))
    elif mode == "service":
        category = st.session_state.get("new_service_cat", "gp")
        st.session_state.added = edits.add_service(
            st.session_state.added, category, st.session_state.get("new_service_name", ""),
            *point, t("app.police.new_station" if category == "police" else "app.new_service",
                      lang))
        st.session_state.toast = t("app.svc_added_msg", lang, category=md(category_label(
            category, lang)), name=md(st.session_state.added["name"].iloc[-1]))
    else:
        return
    st.session_state.clear_names = True
    st.rerun()


def outside_box(ranked: pd.DataFrame, lang: str) -> None:
    """Plots outside the area, listed apart: the map fits the others and leaves them out
    of view (a swapped latitude/longitude says which position was meant)."""
    rows = []
    for pid, name, codes in zip(ranked["plot_id"], ranked["name"], ranked["flag"], strict=True):
        if isinstance(codes, tuple | list) and any(c[0] in ("outside", "swapped") for c in codes):
            rows.append(f"{md(name_and_id(name, pid))}: {md(codes_text(codes, lang))}")
    if rows:
        st.warning(t("app.map.outside", lang, rows="; ".join(rows)))


def hint_key(mode: str) -> str:
    """What the next click does: place a plot, a service or (police chosen) a station."""
    if mode == "service" and st.session_state.get("new_service_cat") == "police":
        return "app.police.hint"
    return f"app.hint_{mode}"


def tab_map(now: Now) -> None:
    study, acc, ranked, config, lang = now.study, now.acc, now.ranked, now.config, now.lang
    controls = map_controls(ranked, lang)
    if controls["mode"] != "none":
        st.caption(t(hint_key(controls["mode"]), lang))
    if controls["mode"] == "plot":
        place_by_address(current_book(study, now.token), lang, "addr_map")
    m = build_map(study, acc, ranked, config, controls, view_key(now.token))
    clicks = ["last_clicked"] if controls["mode"] != "none" else []  # no rerun when looking
    result = streamlit_folium.st_folium(m, key="map", height=560, use_container_width=True,
                                        returned_objects=clicks)
    handle_click(result, controls["mode"], lang)
    outside_box(ranked, lang)
    full = views.ranking_view(ranked, config, lang, acc.categories)
    short = full.iloc[:, :6]
    short.attrs["decimals"] = {c: d for c, d in full.attrs["decimals"].items() if c in short}
    short = paged(short, "map_table", lang)
    st.dataframe(styled(short, lang), hide_index=True, width="stretch",
                 column_config=table_columns(short))

