"""The sidebar's police section: dispatch delay, map bands, and which stations count.

Every police object of the area is listed with a switch and the reason it is on
or off by default (:mod:`siting.stations`); a station is added by clicking the
map (Map tab, "Add a service", category police). The choices go into the config
(``police``), so they are saved in the scenario and listed in the report, and
they are shared by both resident profiles: stations are a fact of the area.
"""

from __future__ import annotations

import geopandas as gpd
import streamlit as st

from siting.config import Config
from siting.errors import SitingError
from siting.police import station_label
from siting.stations import station_key, station_reason

from . import edits
from .markup import md

__all__ = ["POLICE_UI_TEXTS", "forget_widgets", "sidebar_police", "station_rows"]

#: Texts of this module: key -> {"nb": ..., "en": ...}.
POLICE_UI_TEXTS: dict[str, dict[str, str]] = {
    "police": {"nb": "Politi", "en": "Police"},
    "dispatch": {"nb": "Utrykningstid (min)", "en": "Dispatch delay (min)"},
    "dispatch_help": {
        "nb": "Minutter fra anropet til bilen kjører. Legges til kjøretiden i politiets "
              "responstid (police_response_min); kjøretiden selv er uendret.",
        "en": "Minutes from the call until the car leaves. Added to the drive time in the "
              "police response time (police_response_min); the drive time itself is unchanged."},
    "bands": {"nb": "Fargebånd på kartet (min)", "en": "Map bands (min)"},
    "bands_help": {
        "nb": "Øvre grense for hvert bånd i politilaget, stigende, f.eks. 1, 2, 3, 5, 10.",
        "en": "Upper end of each band in the police layer, increasing, e.g. 1, 2, 3, 5, 10."},
    "bands_bad": {"nb": "Skriv tall skilt med komma eller semikolon, f.eks. 1, 2, 3, 5, 10.",
                  "en": "Type numbers separated by commas, e.g. 1, 2, 3, 5, 10."},
    "stations": {"nb": "Stasjoner kjøretiden regnes fra", "en": "Stations drive time counts from"},
    "none": {"nb": "Kartdataene har ingen politistasjon. Legg til en ved å klikke i kartet.",
             "en": "The map data hold no police station. Add one by clicking the map."},
    "add": {"nb": "Legg til en stasjon: Kart-fanen → «Legg til tjeneste» → Politistasjon, "
                  "og klikk der den ligger.",
            "en": "Add a station: Map tab → \u201cAdd a service\u201d → Police station, then "
                  "click where it is."},
    "review": {"nb": "til vurdering", "en": "for review"},
}


def _t(key: str, lang: str) -> str:
    return POLICE_UI_TEXTS[key]["en" if lang == "en" else "nb"]


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
            label += f" ({_t('review', lang)})"
        rows.append({"key": station_key(row.get("ref", ""), row["name"]), "label": label,
                     "on": bool(row["use"]), "default": bool(default),
                     "why": "; ".join(parts)})
    return rows


def sidebar_police(config: Config, stations: gpd.GeoDataFrame, defaults: gpd.GeoDataFrame,
                   lang: str) -> Config:
    """Draw the police section; return ``config`` with the user's police choices."""
    with st.sidebar.expander(_t("police", lang)):
        config = _dispatch_and_bands(config, lang)
        st.markdown(f"**{_t('stations', lang)}**")
        rows = station_rows(stations, defaults, lang)
        if not rows:
            st.caption(_t("none", lang))
        for row in rows:
            on = st.checkbox(md(row["label"]), value=row["on"], help=md(row["why"]) or None,
                             key=f"police:st:{row['key']}")
            if on != row["on"]:
                config = edits.switch_station(config, row["key"], on, row["default"])
        st.caption(_t("add", lang))
    configs = st.session_state.configs
    configs[config.profile] = config
    edits.share_police(configs, config)
    return config


def _dispatch_and_bands(config: Config, lang: str) -> Config:
    police = config.police
    dispatch = st.number_input(_t("dispatch", lang), min_value=0.0, max_value=60.0,
                               value=float(police.dispatch_min), step=0.5, format="%.1f",
                               help=_t("dispatch_help", lang), key="police:dispatch")
    typed = st.text_input(_t("bands", lang), value=edits.bands_text(police.bands_min, lang),
                          help=_t("bands_help", lang), key="police:bands")
    try:
        bands = edits.parse_bands(typed)
    except ValueError:
        st.error(_t("bands_bad", lang))
        bands = list(police.bands_min)
    try:
        return edits.set_police(config, dispatch_min=dispatch, bands_min=bands)
    except SitingError as err:
        st.error(md(err.text(lang)))
        return edits.set_police(config, dispatch_min=dispatch)


def forget_widgets() -> None:
    """Drop the police widgets' state, so they show a newly loaded config's values."""
    for key in [k for k in st.session_state if str(k).startswith("police:")]:
        del st.session_state[key]
