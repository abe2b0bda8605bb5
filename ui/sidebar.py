"""The sidebar: language, study area, and the profile's weights, rules and curves."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import streamlit as st

from siting.analysis import Study
from siting.config import PROFILES, SHAPES, SLIDER_WEIGHT_MAX, Config, default_config, with_weights
from siting.errors import SitingError
from siting.profiles import profile_name
from siting.scoring import curve_fn
from siting.text import LANGS, format_date, number, t
from siting.text.render import criterion_labels

from . import access, edits
from .common import (
    DEMO_AREA,
    OSM_TYPES,
    OSM_UPLOAD_MB,
    TABS,
    TRANSLATED,
    forget_widgets,
    localised,
    number_slider,
    unit_of,
    upload_limit,
    why,
    widget_prefix,
)
from .markup import md
from .state import open_area, startup_options


def retranslate() -> None:
    """Keep the open tab and every choice when the language changes."""
    state = st.session_state
    lang, open_tab = state.lang, state.get("tab")
    for key in TABS:
        if open_tab in (t(f"app.{key}", "nb"), t(f"app.{key}", "en")):
            state.tab = t(f"app.{key}", lang)
    curves = [k for k in state if str(k).endswith((":cpick", ":shape"))]
    for key in [k for k in (*TRANSLATED, *curves) if k in state]:
        state[key] = state[key]


def sidebar_language() -> str:
    lang = st.sidebar.segmented_control(
        "Språk / Language", list(LANGS), format_func=lambda k: t(f"lang.{k}", k), default="nb",
        required=True, key="lang", on_change=retranslate)
    return lang or "nb"


def area_caption(kind: str, timestamp: object, lang: str) -> str:
    """Where the map data came from and (when the extract says) its date, as the language
    writes dates: "Kilde: … · Kartdata fra 16.06.2025", "… · Map data from 2025-06-16"."""
    source = t(f"app.source_{kind}", lang)
    date = format_date(timestamp, lang)
    return t("app.area_source", lang, source=source) + (
        " · " + t("app.area_date", lang, date=md(date)) if date else "")


def sidebar_area(lang: str, study: Study) -> None:
    area = st.session_state.area
    st.sidebar.header(t("app.area", lang))
    st.sidebar.markdown(t("app.area_now", lang, name=md(area.get("name", ""))))
    st.sidebar.caption(area_caption(area["kind"], study.osm.source.get("timestamp"), lang))
    with st.sidebar.expander(t("app.area_change", lang)):
        how = st.radio(t("app.area_how", lang), ["place", "file", "recent", "demo"],
                       format_func=lambda k: t(f"app.how_{k}", lang), key="area_how")
        {"place": area_place, "file": area_file, "recent": area_recent,
         "demo": area_demo}[how](lang)


def switch_area(area: dict, lang: str) -> bool:
    """The user opens another area: on success, earlier start-up errors are done with and
    the app runs again (no return); False when it cannot be opened (the error is shown)."""
    try:
        open_area(area, lang)
    except SitingError as err:
        st.error(md(err.text(lang)))
        return False
    st.session_state.notes = []
    st.rerun()


def area_place(lang: str) -> None:
    name = st.text_input(t("app.place_name", lang), value=t("app.place_default", lang), key="place")
    if st.button(t("app.fetch", lang), key="fetch") and name.strip():
        query = " ".join(name.split())
        if fetch_place(query, lang):
            switch_area({"kind": "place", "query": query, "name": query}, lang)


def fetch_place(query: str, lang: str) -> bool:
    """Download a place (stored on disk for offline use) with a progress bar."""
    from siting.live import osm_from_place

    bar = st.progress(0.0, text=t("app.fetching", lang, name=md(query)))

    def progress(text: str, fraction: float) -> None:
        bar.progress(float(np.clip(fraction, 0.0, 1.0)), text=md(text))

    try:
        osm_from_place(query, progress=progress, lang=lang)
    except SitingError as err:
        bar.empty()
        st.error(md(err.text(lang)))
        return False
    return True


def area_file(lang: str) -> None:
    """Upload an extract, or pick one from the server's data folders (no free path box)."""
    upload = st.file_uploader(t("app.osm_upload", lang), type=OSM_TYPES, key="osm_upload",
                              max_upload_size=OSM_UPLOAD_MB)
    upload_limit(st, lang, OSM_UPLOAD_MB, OSM_TYPES)
    files = access.extracts(access.data_folders(startup_options()["data_dir"]))
    if not files:
        st.caption(access.say("data_off", lang))
    pick = st.selectbox(access.say("data_pick", lang), range(len(files)), index=None,
                        format_func=lambda i: files[i].name, key="osm_data_pick",
                        placeholder=t("app.choose", lang)) if files else None
    if not st.button(t("app.open", lang), key="open_file"):
        return
    if upload is not None:
        path = access.save_upload(upload.getvalue(), upload.name)
        if not switch_area({"kind": "file", "path": str(path), "name": upload.name}, lang):
            path.unlink(missing_ok=True)  # refused: not kept (the same bytes always fail)
    elif pick is not None:
        switch_area({"kind": "file", "path": str(files[pick]), "name": files[pick].name}, lang)


def area_recent(lang: str) -> None:
    entries = st.session_state.recent
    if not entries:
        st.caption(t("app.recent_none", lang))
        return
    pick = st.selectbox(t("app.recent_pick", lang), range(len(entries)),
                        format_func=lambda i: entries[i]["name"], key="recent_pick",
                        placeholder=t("app.choose", lang))
    if st.button(t("app.open", lang), key="open_recent"):
        switch_area(entries[pick], lang)


def area_demo(lang: str) -> None:
    if st.button(t("app.open_demo", lang), key="open_demo"):
        switch_area(DEMO_AREA, lang)


def sidebar_decide(lang: str) -> Config:
    """Profile, weights, rules and curves; return the config in force."""
    st.sidebar.header(t("app.decide", lang))
    profile = st.sidebar.selectbox(
        t("app.profile", lang), list(PROFILES), key="profile", placeholder=t("app.choose", lang),
        format_func=lambda p: profile_name(p, lang))
    st.sidebar.caption(t(f"profile.{profile}.about", lang))
    configs = st.session_state.configs
    config = dataclasses.replace(configs.get(profile) or default_config(profile), lang=lang)
    with st.sidebar.expander(t("app.weights", lang), expanded=True):
        config = weight_sliders(config, lang)
    with st.sidebar.expander(t("app.rules", lang), expanded=True):
        config = rule_toggles(config, lang)
    with st.sidebar.expander(t("app.curves", lang)):
        config = curve_editor(config, lang)
    configs[profile] = config
    st.sidebar.button(t("app.reset", lang), key="reset", on_click=reset_profile, args=(profile,))
    return config


#: Slider scales (low, high, step) and decimals: weights, and limits and curve ends by unit.
WEIGHT_SCALE = (0.0, SLIDER_WEIGHT_MAX, 0.5)
SCALES = {"m": (0.0, 3000.0, 50.0), "min": (0.0, 30.0, 0.5)}
DECIMALS = {"m": 0, "min": 1}


def reset_profile(profile: str) -> None:
    """Forget ``profile``'s edits and its sidebar widgets (:func:`ui.common.forget_widgets`):
    they show the profile's config as it is now (a scenario's) on the next run."""
    st.session_state.configs.pop(profile, None)
    forget_widgets(profile)


def weight_sliders(config: Config, lang: str) -> Config:
    labels = criterion_labels(config, lang)
    weights = {key: number_slider(st, md(labels[key]), c.weight, WEIGHT_SCALE, lang, decimals=1,
                                  help=why(c, lang), key=f"{widget_prefix(config.profile)}w:{key}")
               for key, c in config.criteria.items()}
    try:
        return with_weights(config, weights)
    except SitingError as err:
        st.error(md(err.text(lang)))
        return config


def rule_toggles(config: Config, lang: str) -> Config:
    labels = {c.column: lbl for c, lbl in zip(config.criteria.values(),
                                               criterion_labels(config, lang).values(),
                                               strict=True)}
    for i, rule in enumerate(config.rules):
        unit = unit_of(rule.column)
        label = t("app.rule_label", lang, label=md(labels.get(rule.column, rule.column)),
                  op=t(f"app.op_{rule.op}", lang), value=number(rule.value, lang, None),
                  unit=unit)
        on = st.checkbox(label, value=rule.enabled, help=why(rule, lang),
                         key=f"{widget_prefix(config.profile)}r:{i}")
        value = number_slider(st, t("app.rule_limit", lang, unit=unit), rule.value, SCALES[unit],
                              lang, decimals=DECIMALS[unit], disabled=not on,
                              key=f"{widget_prefix(config.profile)}rv:{i}")
        if on != rule.enabled or value != rule.value:
            try:
                config = edits.set_rule(config, i, on, value)
            except SitingError as err:
                st.error(md(err.text(lang)))
    return config


def curve_editor(config: Config, lang: str) -> Config:
    labels = criterion_labels(config, lang)
    keys: list[str] = list(config.criteria)
    key = st.selectbox(t("app.curve_pick", lang), keys, format_func=lambda k: labels[k],
                       key=f"{widget_prefix(config.profile)}cpick",
                       placeholder=t("app.choose", lang)) or keys[0]
    crit = config.criteria[key]
    unit, p = unit_of(crit.column), f"{widget_prefix(config.profile)}c:{key}"
    full = number_slider(st, t("app.curve_full", lang, unit=unit), crit.curve.full, SCALES[unit],
                         lang, decimals=DECIMALS[unit], key=f"{p}:full")
    zero = number_slider(st, t("app.curve_zero", lang, unit=unit), crit.curve.zero, SCALES[unit],
                         lang, decimals=DECIMALS[unit], key=f"{p}:zero")
    st.session_state.setdefault(f"{p}:shape", crit.curve.shape)
    shapes: list[str] = list(SHAPES)
    shape = st.selectbox(t("app.curve_shape", lang), shapes, key=f"{p}:shape",
                         format_func=lambda k: t(f"shape.{k}", lang),
                         placeholder=t("app.choose", lang)) or crit.curve.shape
    try:
        config = edits.set_curve(config, key, full, zero, shape)
    except SitingError as err:
        st.error(md(err.text(lang)))
    import altair as alt  # here, not at the top: it is not needed for the first paint

    curve = config.criteria[key].curve
    x = np.linspace(0.0, 1.5 * max(curve.full, curve.zero), 121)
    frame = pd.DataFrame({"x": x, "y": curve_fn(curve)(x)})
    chart = alt.Chart(frame, height=160).mark_line().encode(
        x=alt.X("x:Q", title=t("app.curve_x", lang, unit=unit)),
        y=alt.Y("y:Q", title=t("app.curve_y", lang)))
    st.altair_chart(localised(chart, lang), width="stretch")
    return config
