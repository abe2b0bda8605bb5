"""Streamlit app: study area + candidate plots -> siting -> ranking, map and downloads.

Run with ``streamlit run app.py [-- --osm FILE --plots FILE --services FILE]``.
This file only wires widgets to :mod:`siting`: cached loaders first, then the
sidebar (language, study area, weights and rules), then the tabs. One user's
data (plots, added services, edited profiles, measured distances) lives in
``st.session_state``; only read-only things shared by every user (a prepared
study area, its OSM services) are in ``st.cache_resource``, keyed by content.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import streamlit as st
import streamlit_folium

from siting import session as ss
from siting import settings
from siting.analysis import Accessibility, Study, accessibility, study_from_osm
from siting.assets import map_asset_urls, write_static_assets
from siting.config import PROFILES, SHAPES, Config, default_config, with_weights
from siting.demo import DEMO_LABEL, demo_plots
from siting.errors import SitingError
from siting.export import result_bytes, result_frame
from siting.i18n import LANG_NAMES, PROFILE_TEXTS, SHAPE_NAMES, problem_text, tr
from siting.mapping import layer_name, map_from_analysis, save_map_html
from siting.osm import file_sha256
from siting.pipeline import load_study, services_for, walk_categories
from siting.plots import FORMATS, read_plots
from siting.scoring import criterion_labels, curve_fn, score_table
from siting.services import CATEGORIES, combine_services, read_register

ROOT = Path(__file__).resolve().parent
STATIC = ROOT / "static" / "vendor"  # served at /app/static/vendor (enableStaticServing)
STATIC_URL = "/app/static/vendor"
DEMO_AREA = {"kind": "demo", "name": "Demoby (demo)"}
TABS = ("tab_map", "tab_ranking", "tab_plots", "tab_services", "tab_download")
PLOT_TYPES = sorted({ext.lstrip(".") for ext in FORMATS})
SMALL_UPLOAD_MB = 50  # plots and registers; OSM extracts may reach server.maxUploadSize
OSM_TYPES = ["pbf", "osm", "bz2", "gz", "xml"]
LAYER_KEYS = ("network", "services", "routes", "police", "surface")
#: Widgets whose option labels are translated. The browser keeps a choice as its label,
#: so on a language switch their values are set again to be sent with the new labels.
TRANSLATED = ("profile", "area_how", "click_mode", "layers", "new_service_cat", "svc_cat")


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
def cached_osm_services(kind: str, ref: str, token: str, _study: Study):
    """The services OpenStreetMap gives for a study area (shared, read-only)."""
    return services_for(_study, None, default_config())


@st.cache_resource(show_spinner=False)
def static_files(folder: str) -> list[Path]:
    """Leaflet's JS and CSS in the app's static folder (written once per process)."""
    return write_static_assets(folder)


# --------------------------------------------------------------------------- state
def recent_path() -> Path:
    return Path(settings.cache_dir) / "app" / "recent-areas.json"


def state_defaults() -> None:
    """First run of a session: demo, then start-up files or the last-used area."""
    if "area" in st.session_state:
        return
    st.session_state.update(area=DEMO_AREA, plots=demo_plots(), plots_origin="demo",
                            register=None, added=ss.empty_services(), configs={},
                            acc_cache={}, seen={}, last_click=None, notes=[])
    opts = ss.startup_options(sys.argv, os.environ)
    recent = ss.recent_areas(recent_path())
    osm, plots, services = (opts[k] for k in ss.STARTUP_KEYS)
    if osm:
        path = Path(osm).expanduser().resolve()
        note(lambda: open_area({"kind": "file", "path": str(path), "name": path.name}, "nb"))
    elif recent:
        note(lambda: open_area(recent[0], "nb"))
    if plots:
        note(lambda: set_plots(read_plots(plots), add=False))
    if services:
        note(lambda: st.session_state.update(register=read_register(services)))


def note(action: Callable[[], object]) -> None:
    """Run a start-up action; keep its error to show (the app goes on without it)."""
    try:
        action()
    except SitingError as err:
        st.session_state.notes.append(err)


def missing_file(path: str) -> SitingError:
    return SitingError(tr("no_such_file", "en", path=path), nb=tr("no_such_file", "nb", path=path))


def area_study(area: dict, lang: str) -> tuple[Study, str]:
    """Load (or reuse) the study of ``area``; return it and its content token."""
    kind, ref = ss.area_key(area)
    if kind == "file":
        path = Path(ref)
        if not path.is_file():
            raise missing_file(ref)
        stat = path.stat()
        token = file_token(ref, stat.st_mtime_ns, stat.st_size)
    else:
        token = ref.casefold()
    with st.spinner(tr("loading_area", lang, name=area.get("name", ref))):
        return cached_study(kind, ref, token), token


def open_area(area: dict, lang: str) -> None:
    """Switch to ``area`` (raises SitingError and changes nothing when it cannot load)."""
    area_study(area, lang)
    st.session_state.area = dict(area)
    if st.session_state.plots_origin == "demo" and area["kind"] != "demo":
        st.session_state.plots = ss.empty_plots()
    ss.remember_area(recent_path(), area)


def set_plots(new: gpd.GeoDataFrame, add: bool) -> None:
    st.session_state.plots = ss.merge_plots(st.session_state.plots, new, add)
    st.session_state.plots_origin = "user"


# --------------------------------------------------------------------------- sidebar
def retranslate() -> None:
    """Keep the open tab and every choice when the language changes."""
    state = st.session_state
    lang, open_tab = state.lang, state.get("tab")
    for key in TABS:
        if open_tab in (tr(key, "nb"), tr(key, "en")):
            state.tab = tr(key, lang)
    curves = [k for k in state if str(k).endswith((":cpick", ":shape"))]
    for key in [k for k in (*TRANSLATED, *curves) if k in state]:
        state[key] = state[key]


def sidebar_language() -> str:
    lang = st.sidebar.segmented_control(
        "Språk / Language", list(LANG_NAMES), format_func=lambda k: LANG_NAMES[k], default="nb",
        required=True, key="lang", on_change=retranslate)
    return lang or "nb"


def sidebar_area(lang: str, study: Study) -> None:
    area = st.session_state.area
    st.sidebar.header(tr("area", lang))
    st.sidebar.markdown(tr("area_now", lang, name=area.get("name", "")))
    source = tr(f"source_{area['kind']}", lang)
    date = str(study.osm.source.get("timestamp") or "")[:10]
    st.sidebar.caption(tr("area_source", lang, source=source)
                       + (" · " + tr("area_date", lang, date=date) if date else ""))
    with st.sidebar.expander(tr("area_change", lang)):
        how = st.radio(tr("area_how", lang), ["place", "file", "recent", "demo"],
                       format_func=lambda k: tr(f"how_{k}", lang), key="area_how")
        {"place": area_place, "file": area_file, "recent": area_recent,
         "demo": area_demo}[how](lang)


def switch_area(area: dict, lang: str) -> None:
    """The user opens another area: on success, earlier start-up errors are done with."""
    try:
        open_area(area, lang)
    except SitingError as err:
        st.error(err.text(lang))
        return
    st.session_state.notes = []
    st.rerun()


def area_place(lang: str) -> None:
    name = st.text_input(tr("place_name", lang), value=tr("place_default", lang), key="place")
    if st.button(tr("fetch", lang), key="fetch") and name.strip():
        query = " ".join(name.split())
        if fetch_place(query, lang):
            switch_area({"kind": "place", "query": query, "name": query}, lang)


def fetch_place(query: str, lang: str) -> bool:
    """Download a place (stored on disk for offline use) with a progress bar."""
    from siting.live import osm_from_place

    bar = st.progress(0.0, text=tr("fetching", lang, name=query))

    def progress(text: str, fraction: float) -> None:
        bar.progress(float(np.clip(fraction, 0.0, 1.0)), text=text)

    try:
        osm_from_place(query, progress=progress, lang=lang)
    except SitingError as err:
        bar.empty()
        st.error(err.text(lang))
        return False
    return True


def area_file(lang: str) -> None:
    upload = st.file_uploader(tr("osm_upload", lang), type=OSM_TYPES, key="osm_upload")
    typed = st.text_input(tr("osm_path", lang), key="osm_path").strip()
    if not st.button(tr("open", lang), key="open_file"):
        return
    if upload is not None:
        data = upload.getvalue()
        folder = Path(settings.cache_dir) / "uploads"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{hashlib.sha256(data).hexdigest()[:12]}-{Path(upload.name).name}"
        path.write_bytes(data)
        switch_area({"kind": "file", "path": str(path), "name": upload.name}, lang)
    elif typed:
        path = Path(typed).expanduser().resolve()
        switch_area({"kind": "file", "path": str(path), "name": path.name}, lang)


def area_recent(lang: str) -> None:
    entries = ss.recent_areas(recent_path())
    if not entries:
        st.caption(tr("recent_none", lang))
        return
    pick = st.selectbox(tr("recent_pick", lang), range(len(entries)),
                        format_func=lambda i: entries[i]["name"], key="recent_pick")
    if st.button(tr("open", lang), key="open_recent"):
        switch_area(entries[pick], lang)


def area_demo(lang: str) -> None:
    if st.button(tr("open_demo", lang), key="open_demo"):
        switch_area(DEMO_AREA, lang)


def sidebar_decide(lang: str) -> Config:
    """Profile, weights, rules and curves; return the config in force."""
    st.sidebar.header(tr("decide", lang))
    profile = st.sidebar.selectbox(
        tr("profile", lang), list(PROFILES), key="profile",
        format_func=lambda p: PROFILE_TEXTS[lang][p][0])
    st.sidebar.caption(PROFILE_TEXTS[lang][profile][1])
    configs = st.session_state.configs
    config = dataclasses.replace(configs.get(profile) or default_config(profile), lang=lang)
    with st.sidebar.expander(tr("weights", lang), expanded=True):
        config = weight_sliders(config, lang)
    with st.sidebar.expander(tr("rules", lang), expanded=True):
        config = rule_toggles(config, lang)
    with st.sidebar.expander(tr("curves", lang)):
        config = curve_editor(config, lang)
    configs[profile] = config
    st.sidebar.button(tr("reset", lang), key="reset", on_click=reset_profile, args=(profile,))
    return config


def reset_profile(profile: str) -> None:
    st.session_state.configs.pop(profile, None)
    for key in [k for k in st.session_state if str(k).startswith(f"{profile}:")]:
        del st.session_state[key]


def why(item: Any, lang: str) -> str | None:
    return (item.why_nb if lang == "nb" else item.why_en) or None


def weight_sliders(config: Config, lang: str) -> Config:
    labels = criterion_labels(config, lang)
    weights = {key: st.slider(labels[key], 0.0, 5.0, float(c.weight), 0.5, format="%.1f",
                              help=why(c, lang), key=f"{config.profile}:w:{key}")
               for key, c in config.criteria.items()}
    try:
        return with_weights(config, weights)
    except SitingError as err:
        st.error(err.text(lang))
        return config


def category_label(key: str, lang: str) -> str:
    return CATEGORIES[key].label(lang) if key in CATEGORIES else key


def unit_of(column: str) -> str:
    return "min" if column.endswith("_min") else "m"


def rule_toggles(config: Config, lang: str) -> Config:
    labels = {c.column: lbl for c, lbl in zip(config.criteria.values(),
                                               criterion_labels(config, lang).values(),
                                               strict=True)}
    for i, rule in enumerate(config.rules):
        unit = unit_of(rule.column)
        label = tr("rule_label", lang, label=labels.get(rule.column, rule.column),
                   op=tr(f"op_{rule.op}", lang), value=f"{rule.value:g}", unit=unit)
        on = st.checkbox(label, value=rule.enabled, help=why(rule, lang),
                         key=f"{config.profile}:r:{i}")
        value = st.number_input(tr("rule_limit", lang, unit=unit), value=float(rule.value),
                                step=0.5 if unit == "min" else 50.0, disabled=not on,
                                format="%.1f" if unit == "min" else "%.0f",
                                key=f"{config.profile}:rv:{i}")
        if on != rule.enabled or value != rule.value:
            try:
                config = ss.set_rule(config, i, on, value)
            except SitingError as err:
                st.error(err.text(lang))
    return config


def curve_editor(config: Config, lang: str) -> Config:
    labels = criterion_labels(config, lang)
    keys: list[str] = list(config.criteria)
    key = st.selectbox(tr("curve_pick", lang), keys, format_func=lambda k: labels[k],
                       key=f"{config.profile}:cpick") or keys[0]
    crit = config.criteria[key]
    unit, p = unit_of(crit.column), f"{config.profile}:c:{key}"
    step = 0.5 if unit == "min" else 50.0
    fmt = "%.1f" if unit == "min" else "%.0f"
    full = st.number_input(tr("curve_full", lang, unit=unit), value=float(crit.curve.full),
                           step=step, format=fmt, key=f"{p}:full")
    zero = st.number_input(tr("curve_zero", lang, unit=unit), value=float(crit.curve.zero),
                           step=step, format=fmt, key=f"{p}:zero")
    st.session_state.setdefault(f"{p}:shape", crit.curve.shape)
    shapes: list[str] = list(SHAPES)
    shape = st.selectbox(tr("curve_shape", lang), shapes, key=f"{p}:shape",
                         format_func=lambda k: SHAPE_NAMES[lang][k]) or crit.curve.shape
    try:
        config = ss.set_curve(config, key, full, zero, shape)
    except SitingError as err:
        st.error(err.text(lang))
    curve = config.criteria[key].curve
    x = np.linspace(0.0, 1.5 * max(curve.full, curve.zero), 121)
    chart = pd.DataFrame({tr("curve_y", lang): curve_fn(curve)(x)},
                         index=pd.Index(x, name=tr("curve_x", lang, unit=unit)))
    st.line_chart(chart, height=160, x_label=tr("curve_x", lang, unit=unit))
    return config


# --------------------------------------------------------------------------- analysis
def user_services() -> tuple[gpd.GeoDataFrame | None, str]:
    """The register plus services added on the map (EPSG:4326), and their content key."""
    parts = [f[["category", "name", "geometry"]].to_crs("EPSG:4326")
             for f in (st.session_state.register, st.session_state.added)
             if f is not None and len(f)]
    if not parts:
        return None, "none"
    frame = gpd.GeoDataFrame(pd.concat(parts, ignore_index=True), geometry="geometry",
                             crs="EPSG:4326")
    return frame, ss.frame_digest(frame)


def measure(study: Study, token: str,
            config: Config) -> tuple[Accessibility, gpd.GeoDataFrame]:
    """Distances for the user's plots (kept per session; recomputed only when inputs change)."""
    area = st.session_state.area
    osm_services = cached_osm_services(*ss.area_key(area), token, _study=study)
    extra, extra_key = user_services()
    services = combine_services(osm_services, extra, config.replace_categories)
    plots = st.session_state.plots
    cats = [*walk_categories(config, services), "police"]
    key = (token, ss.frame_digest(plots), extra_key, tuple(config.replace_categories),
           tuple(cats), config.lang, config.max_snap_m)
    cache = st.session_state.acc_cache
    if key not in cache:
        while len(cache) >= 2:
            cache.pop(next(iter(cache)))
        cache[key] = accessibility(study, plots, services, cats, lang=config.lang,
                                   max_snap_m=config.max_snap_m)
    return cache[key], osm_services


def rank_now(acc: Accessibility, config: Config, lang: str) -> pd.DataFrame:
    """Score and rank (cheap: runs on every rerun, never re-measures)."""
    try:
        return score_table(acc.table, config)
    except SitingError as err:
        st.error(err.text(lang))
        return score_table(acc.table, default_config(config.profile, config.lang))


# --------------------------------------------------------------------------- map
def build_map(study: Study, acc: Accessibility, ranked: pd.DataFrame, config: Config,
              view: dict) -> folium.Map:
    """The folium map of the analysis, its JS/CSS served from the app's static folder."""
    lang, layers = config.lang, {"plots", *view["layers"]}
    surface = ss.surface_scores(acc.surface, config) if "surface" in layers else None
    m = map_from_analysis(study, acc, ranked, lang=lang, selected=view["selected"],
                          layers=layers, assets=STATIC_URL, surface_score=surface,
                          online=view["online"])
    write_static_assets(STATIC, map_asset_urls(m))
    chosen = {layer_name(k, lang) for k in ("police", "surface") if k in layers}
    for child in m._children.values():  # asked-for shading is shown, not just listed
        if isinstance(child, folium.map.Layer) and child.layer_name in chosen:
            child.show = True
    return m


def map_controls(ranked: pd.DataFrame, lang: str) -> dict:
    left, right = st.columns([3, 2])
    if st.session_state.pop("clear_names", False):  # the last click used the names
        st.session_state.update(new_plot_name="", new_service_name="")
    st.session_state.setdefault("click_mode", "none")
    st.session_state.setdefault("layers", ["network", "services", "routes"])
    mode = left.segmented_control(
        tr("map_click", lang), ["none", "plot", "service"], required=True,
        format_func=lambda k: tr(f"click_{k}", lang), key="click_mode")
    if mode == "plot":
        left.text_input(tr("click_name_plot", lang), key="new_plot_name")
    elif mode == "service":
        cats = [c for c in CATEGORIES if c != "police"] + ["police"]
        a, b = left.columns(2)
        a.selectbox(tr("click_category", lang), cats, key="new_service_cat",
                    format_func=lambda c: category_label(c, lang))
        b.text_input(tr("click_name_service", lang), key="new_service_name")
    rankable = ranked[ranked["rank"].notna()]  # in rank order; labels without the rank,
    ids = rankable["plot_id"].astype(str).tolist()  # which changes with every weight
    names = dict(zip(ids, rankable["name"].astype(str), strict=True))
    selected = right.selectbox(tr("routes_for", lang), ids, key="route_plot",
                               format_func=lambda i: f"{names[i]} ({i})") if ids else None
    layers = st.pills(tr("layers", lang), LAYER_KEYS, selection_mode="multi", key="layers",
                      format_func=lambda k: tr(f"layer_{k}", lang))
    online = st.toggle(tr("online", lang), key="online", help=tr("online_help", lang))
    return {"mode": mode, "selected": selected, "layers": layers or [], "online": online}


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
        plots, plot_id = ss.add_plot(st.session_state.plots, *point,
                                     st.session_state.get("new_plot_name", ""),
                                     tr("new_plot", lang))
        st.session_state.update(plots=plots, plots_origin="user")
        name = plots.loc[plots["plot_id"] == plot_id, "name"].iloc[0]
        st.session_state.toast = tr("plot_added", lang, name=name)
    elif mode == "service":
        category = st.session_state.get("new_service_cat", "gp")
        st.session_state.added = ss.add_service(
            st.session_state.added, category, st.session_state.get("new_service_name", ""),
            *point, tr("new_service", lang))
        st.session_state.toast = tr("svc_added_msg", lang, category=category_label(
            category, lang), name=st.session_state.added["name"].iloc[-1])
    else:
        return
    st.session_state.clear_names = True
    st.rerun()


def tab_map(study: Study, acc: Accessibility, ranked: pd.DataFrame, config: Config) -> None:
    lang = config.lang
    controls = map_controls(ranked, lang)
    if controls["mode"] != "none":
        st.caption(tr(f"hint_{controls['mode']}", lang))
    m = build_map(study, acc, ranked, config, controls)
    result = streamlit_folium.st_folium(m, key="map", height=560, use_container_width=True,
                                        returned_objects=["last_clicked"])
    handle_click(result, controls["mode"], lang)
    full = ss.ranking_view(ranked, config, lang, acc.categories)
    short = full.iloc[:, :6]
    short.attrs["decimals"] = {c: d for c, d in full.attrs["decimals"].items() if c in short}
    st.dataframe(styled(short, lang), hide_index=True, width="stretch",
                 column_config=table_columns(short))


# --------------------------------------------------------------------------- tabs
def styled(view: pd.DataFrame, lang: str) -> Any:
    """Numbers with their decimals (from :func:`siting.session.ranking_view`), gaps as "–"."""
    style = view.style
    for column, digits in view.attrs.get("decimals", {}).items():
        style = style.format(precision=digits, subset=[column], na_rep="–",
                             decimal="," if lang == "nb" else ".",
                             thousands="\u00a0" if lang == "nb" else ",")
    return style.format(na_rep="–", subset=[view.columns[0]])


def table_columns(view: pd.DataFrame) -> dict[str, Any]:
    """Rank, plot and name stay in view when scrolling sideways; reasons get room."""
    first, reasons = view.columns[:3], view.columns[5]
    return {c: st.column_config.Column(pinned=True) for c in first} | {
        reasons: st.column_config.TextColumn(width="large")}


def tab_ranking(acc: Accessibility, ranked: pd.DataFrame, config: Config) -> None:
    lang = config.lang
    st.subheader(tr("ranking", lang))
    if ranked.empty:
        st.info(tr("no_ranking", lang))
        return
    view = ss.ranking_view(ranked, config, lang, acc.categories)
    st.dataframe(styled(view, lang), hide_index=True, width="stretch", key="ranking_table",
                 column_config=table_columns(view))
    st.caption(tr("ranking_note", lang))
    st.subheader(tr("compare", lang))
    ids = ranked["plot_id"].astype(str).tolist()
    names = dict(zip(ids, ranked["name"].astype(str), strict=True))
    pick = st.multiselect(tr("compare_pick", lang), ids, default=ids[:2], max_selections=3,
                          format_func=lambda i: f"{names[i]} ({i})", key="compare",
                          placeholder=tr("choose", lang))
    if pick:
        st.table(ss.compare_view(ranked, pick, config, lang))


def upload_once(kind: str, upload: Any, crs: str | None,
                read: Callable[..., gpd.GeoDataFrame]) -> tuple[Any, bool]:
    """Read an upload once per (file, CRS): (table or SitingError, read just now)."""
    seen = st.session_state.seen
    tag = (kind, upload.file_id, crs)
    if tag in seen:
        return seen[tag], False
    try:
        result: Any = read(upload.getvalue(), filename=upload.name, crs=crs)
    except SitingError as err:
        result = err
    while len(seen) >= 8:
        seen.pop(next(iter(seen)))
    seen[tag] = result
    return result, True


def plots_upload(lang: str) -> None:
    upload = st.file_uploader(tr("plots_upload", lang), type=PLOT_TYPES, key="plots_file",
                              max_upload_size=SMALL_UPLOAD_MB)
    crs = st.text_input(tr("plots_crs", lang), key="plots_crs").strip() or None
    add = st.toggle(tr("plots_add", lang), key="plots_add",
                    value=st.session_state.plots_origin != "demo")
    if upload is None:
        return
    result, fresh = upload_once("plots", upload, crs, read_plots)
    if isinstance(result, SitingError):
        st.error(result.text(lang))
        return
    if fresh:  # measure and show the new plots everywhere
        set_plots(result, add)
        st.rerun()
    st.success(tr("plots_read", lang, n=len(result), name=upload.name))
    problems = result[result["problem"] != ""]
    if len(problems):
        rows = "; ".join(f"{i}: {problem_text(p, lang)}" for i, p in zip(
            problems["plot_id"], problems["problem"], strict=True))
        st.warning(tr("plots_problems", lang, rows=rows))


def do_rename() -> None:
    pick, name = st.session_state.get("rename_pick"), st.session_state.get("rename_new", "")
    if pick is not None and name.strip():
        st.session_state.plots = ss.rename_plot(st.session_state.plots, pick, name)
        # the pick is shown by name: set it again so the browser gets the new label
        st.session_state.update(plots_origin="user", rename_new="", rename_pick=pick)


def do_remove() -> None:
    ids = st.session_state.get("remove_pick") or []
    st.session_state.plots = ss.remove_plots(st.session_state.plots, ids)
    st.session_state.update(plots_origin="user", remove_pick=[])


def tab_plots(lang: str) -> None:
    st.subheader(tr("plots", lang))
    plots_upload(lang)
    rows = ss.plot_rows(st.session_state.plots)
    rows["problem"] = [problem_text(p, lang) for p in rows["problem"]]
    st.dataframe(rows.rename(columns={"plot_id": tr("col_id", lang), "name": tr("col_name", lang),
                                      "problem": tr("col_problem", lang),
                                      "lon": tr("col_lon", lang), "lat": tr("col_lat", lang)}),
                 hide_index=True, width="stretch", column_config={
                     tr("col_lon", lang): st.column_config.NumberColumn(format="%.6f"),
                     tr("col_lat", lang): st.column_config.NumberColumn(format="%.6f")})
    ids = rows["plot_id"].tolist()
    names = dict(zip(ids, rows["name"], strict=True))
    label = lambda i: f"{names.get(i, i)} ({i})"  # noqa: E731
    left, right = st.columns(2)
    with left:
        st.markdown(f"**{tr('rename', lang)}**")
        st.selectbox(tr("rename_pick", lang), ids, format_func=label, key="rename_pick")
        st.text_input(tr("rename_new", lang), key="rename_new")
        st.button(tr("rename_do", lang), key="rename_do", on_click=do_rename)
    with right:
        st.markdown(f"**{tr('remove', lang)}**")
        st.multiselect(tr("remove_pick", lang), ids, format_func=label, key="remove_pick",
                       placeholder=tr("choose", lang))
        st.button(tr("remove_do", lang), key="remove_do", on_click=do_remove)


def tab_services(acc: Accessibility, osm_services: gpd.GeoDataFrame, lang: str) -> None:
    st.subheader(tr("svc_counts", lang))
    parts = [osm_services[["category"]].assign(source="osm")]
    for frame, source in ((st.session_state.register, "register"),
                          (st.session_state.added, "added")):
        if frame is not None and len(frame):
            parts.append(frame[["category"]].assign(source=source))
    counts = ss.service_counts(pd.concat(parts, ignore_index=True), lang)
    st.dataframe(counts.rename(columns={"osm": tr("svc_osm", lang),
                                        "register": tr("svc_register", lang),
                                        "added": tr("svc_added", lang)}).rename_axis(
        tr("svc_category", lang)), width="stretch")
    cats = list(dict.fromkeys(acc.services["category"]))
    cat = st.selectbox(tr("svc_show", lang), cats, key="svc_cat",
                       format_func=lambda c: category_label(c, lang))
    rows = acc.services[acc.services["category"] == cat]
    sources = {"osm": tr("src_osm", lang), "register": tr("src_register", lang)}
    st.dataframe(pd.DataFrame({tr("svc_name", lang): rows["name"].astype(str),
                               tr("svc_source", lang): rows["source"].map(sources)}),
                 hide_index=True, width="stretch")
    register_upload(lang)


def register_upload(lang: str) -> None:
    upload = st.file_uploader(tr("register_upload", lang), type=PLOT_TYPES, key="register_file",
                              max_upload_size=SMALL_UPLOAD_MB)
    if upload is not None:
        result, fresh = upload_once("register", upload, None, read_register)
        if isinstance(result, SitingError):
            st.error(result.text(lang))
        else:
            if fresh:
                st.session_state.register = result
                st.rerun()
            st.success(tr("register_read", lang, n=len(result), name=upload.name))
    if st.session_state.register is not None:
        st.button(tr("register_clear", lang), key="register_clear",
                  on_click=lambda: st.session_state.update(register=None))
    if len(st.session_state.added):
        st.markdown(f"**{tr('added_services', lang)}**")
        added = st.session_state.added
        st.dataframe(pd.DataFrame({
            tr("svc_category", lang): [category_label(c, lang) for c in added["category"]],
            tr("svc_name", lang): added["name"]}), hide_index=True)
        st.button(tr("added_remove", lang), key="added_clear",
                  on_click=lambda: st.session_state.update(added=ss.empty_services()))


def map_html(study: Study, acc: Accessibility, ranked: pd.DataFrame, lang: str) -> bytes:
    """The self-contained HTML map (every JS/CSS file inlined)."""
    m = map_from_analysis(study, acc, ranked, lang=lang, assets="inline")
    with tempfile.TemporaryDirectory() as tmp:
        return save_map_html(m, Path(tmp) / "map.html").read_bytes()


def tab_download(study: Study, acc: Accessibility, ranked: pd.DataFrame, config: Config) -> None:
    lang = config.lang
    st.subheader(tr("download", lang))
    st.caption(tr("dl_note", lang, profile=PROFILE_TEXTS[lang][config.profile][0]))
    frame = result_frame(ranked, acc.plots)
    stem = "tomter-rangert" if lang == "nb" else "plots-ranked"
    st.download_button(tr("dl_csv", lang), data=lambda: result_bytes(frame, ".csv"),
                       file_name=f"{stem}.csv", mime="text/csv", key="dl_csv",
                       on_click="ignore")
    st.download_button(tr("dl_gpkg", lang), data=lambda: result_bytes(frame, ".gpkg"),
                       file_name=f"{stem}.gpkg", mime="application/geopackage+sqlite3",
                       key="dl_gpkg", on_click="ignore")
    st.download_button(tr("dl_html", lang), data=lambda: map_html(study, acc, ranked, lang),
                       file_name=f"{'kart' if lang == 'nb' else 'map'}.html", mime="text/html",
                       key="dl_html", on_click="ignore")


# --------------------------------------------------------------------------- layout
def header(lang: str) -> None:
    st.title(tr("title", lang))
    st.caption(tr("subtitle", lang))
    if st.session_state.area["kind"] == "demo":
        st.warning(DEMO_LABEL[lang], icon="⚠️")
    for err in st.session_state.notes:
        st.error(f"{tr('startup_failed', lang)} {err.text(lang)}")
    if not len(st.session_state.plots):
        st.info(tr("no_plots", lang))


def current_study(lang: str) -> tuple[Study, str]:
    try:
        return area_study(st.session_state.area, lang)
    except SitingError as err:
        st.session_state.notes.append(err)
        st.session_state.area = DEMO_AREA
        return area_study(DEMO_AREA, lang)


def main() -> None:
    st.set_page_config(page_title="Robuste boliger", page_icon="🏠", layout="wide")
    static_files(str(STATIC))
    state_defaults()
    lang = sidebar_language()
    study, token = current_study(lang)
    sidebar_area(lang, study)
    config = sidebar_decide(lang)
    header(lang)
    if message := st.session_state.pop("toast", None):  # set just before a rerun
        st.toast(message)
    acc, osm_services = measure(study, token, config)
    ranked = rank_now(acc, config, lang)
    tabs = st.tabs([tr(k, lang) for k in TABS], key="tab", on_change="rerun")
    if tabs[0].open:
        with tabs[0]:
            tab_map(study, acc, ranked, config)
    if tabs[1].open:
        with tabs[1]:
            tab_ranking(acc, ranked, config)
    if tabs[2].open:
        with tabs[2]:
            tab_plots(lang)
    if tabs[3].open:
        with tabs[3]:
            tab_services(acc, osm_services, lang)
    if tabs[4].open:
        with tabs[4]:
            tab_download(study, acc, ranked, config)


main()
