"""The sidebar's police section: dispatch delay, map bands, and which stations count.

Every police object of the area is listed with a switch and the reason it is on
or off by default (:mod:`siting.stations`); the button "Add a police station"
opens the map ready to place one by a click ("Add a service", category police).
The choices go into the config (``police``), so they are saved in the scenario
and listed in the report, and they are shared by both resident profiles:
stations are a fact of the area.
"""

from __future__ import annotations

import geopandas as gpd
import streamlit as st

from siting.config import Config
from siting.errors import SitingError
from siting.police import station_label
from siting.stations import station_key, station_reason
from siting.text import t

from . import edits
from .common import forget_widgets, number_slider, widget_prefix
from .markup import md

__all__ = ["forget_police_widgets", "sidebar_police", "start_adding_station", "station_rows"]

#: The dispatch delay's slider (low, high, step), minutes.
DISPATCH_SCALE = (0.0, 30.0, 0.5)


def station_rows(stations: gpd.GeoDataFrame, defaults: gpd.GeoDataFrame,
                 lang: str) -> list[dict]:
    """One entry per police object: key, label, on now, on by default, reason text."""
    rows = []
    for (_, row), default in zip(stations.iterrows(), defaults["use"], strict=True):
        parts = [station_reason(str(row["station_why"]), lang, str(row.get("station_tag", "")))
                 ] if row.get("station_why") else []
        if row.get("use_why"):
            parts.append(station_reason(str(row["use_why"]), lang))
        label = station_label(row["name"], row.get("ref", ""))
        if row.get("station") == "review":
            label += f" ({t('app.police.review', lang)})"
        rows.append({"key": station_key(row.get("ref", ""), row["name"]), "label": label,
                     "on": bool(row["use"]), "default": bool(default),
                     "why": "; ".join(parts)})
    return rows


def sidebar_police(config: Config, stations: gpd.GeoDataFrame, defaults: gpd.GeoDataFrame,
                   lang: str) -> Config:
    """Draw the police section; return ``config`` with the user's police choices."""
    with st.sidebar.expander(t("app.police.head", lang)):
        config = _dispatch_and_bands(config, lang)
        st.markdown(f"**{t('app.police.stations', lang)}**")
        rows = station_rows(stations, defaults, lang)
        if not rows:
            st.caption(t("app.police.none", lang))
        for row in rows:
            on = st.checkbox(md(row["label"]), value=row["on"], help=md(row["why"]) or None,
                             key=f"{widget_prefix('police')}st:{row['key']}")
            if on != row["on"]:
                config = edits.switch_station(config, row["key"], on, row["default"])
        st.button(t("app.police.add", lang), key="police_add", icon=":material/add_location:",
                  help=t("app.police.add_help", lang), on_click=start_adding_station)
    configs = st.session_state.configs
    configs[config.profile] = config
    edits.share_police(configs, config)
    return config


def start_adding_station() -> None:
    """The "add a police station" button: open the map tab in "add a service" mode with
    the police category chosen, so the next click on the map places a station."""
    state = st.session_state
    lang = state.get("lang") or "nb"
    state.update(click_mode="service", new_service_cat="police", new_service_name="",
                 tab=t("app.tab_map", lang))


def _dispatch_and_bands(config: Config, lang: str) -> Config:
    police = config.police
    # a slider that writes "2,5" in bokmål: a number field read a typed "2,5" as 25
    dispatch = number_slider(st, t("app.police.dispatch", lang), float(police.dispatch_min),
                             DISPATCH_SCALE, lang, decimals=1,
                             help=t("app.police.dispatch_help", lang),
                             key=f"{widget_prefix('police')}dispatch")
    typed = st.text_input(t("app.police.bands", lang),
                          value=edits.bands_text(police.bands_min, lang),
                          help=t("app.police.bands_help", lang),
                          key=f"{widget_prefix('police')}bands")
    try:
        bands = edits.parse_bands(typed)
    except ValueError:
        st.error(t("app.police.bands_bad", lang))
        bands = list(police.bands_min)
    try:
        return edits.set_police(config, dispatch_min=dispatch, bands_min=bands)
    except SitingError as err:
        st.error(md(err.text(lang)))
        return edits.set_police(config, dispatch_min=dispatch)


def forget_police_widgets() -> None:
    """Drop the police widgets, so they show a newly loaded config's values."""
    forget_widgets("police")
