"""The police parts of the committee report: the stations, the card rows, the method.

Every police object in the data is listed with whether it was used and why, so
the committee (and the police) see that nothing was dropped silently; the dispatch
delay, when the police set one, is stated beside it.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from reportlab.platypus import Flowable, KeepTogether, Spacer

from ..police import station_label
from ..stations import station_reason
from .context import Ctx, esc

__all__ = ["POLICE_TEXTS", "card_rows", "method_part", "stations_section", "value_text"]

#: Texts of this module: key -> {"nb": ..., "en": ...}.
POLICE_TEXTS: dict[str, dict[str, str]] = {
    "h_stations": {"nb": "Politistasjoner", "en": "Police stations"},
    "stations_intro": {
        "nb": "Politiets kjøretid er regnet fra de stasjonene som er merket «brukt». Alle "
              "politiobjekter i kartdataene er listet, også de som er utelatt, med grunnen.",
        "en": "Police drive time is counted from the stations marked \u201cused\u201d. Every "
              "police object in the map data is listed, including those left out, with why."},
    "station": {"nb": "Stasjon", "en": "Station"},
    "used": {"nb": "Brukt", "en": "Used"},
    "why": {"nb": "Hvorfor", "en": "Why"},
    "yes": {"nb": "ja", "en": "yes"}, "no": {"nb": "nei", "en": "no"},
    "none": {"nb": "Kartdataene har ingen politistasjon.",
             "en": "The map data hold no police station."},
    "dispatch": {
        "nb": "Utrykningstid: {v} min fra anrop til bilen kjører, lagt til kjøretiden "
              "(politiets responstid).",
        "en": "Dispatch delay: {v} min from the call until the car leaves, added to the drive "
              "time (police response time)."},
    "response_row": {"nb": "Politi: responstid (utrykning {v} min + kjøring)",
                     "en": "Police: response time (dispatch {v} min + drive)"},
    "response_min": {"nb": "{v} min responstid", "en": "{v} min response time"},
    "mh_access": {"nb": "Hvor politibilen når tomten", "en": "Where the police car meets the plot"},
    "m_access": {
        "nb": "Kjøretiden regnes til den nærmeste gaten en bil både kan kjøre inn på og ut "
              "fra, ikke til en enveiskjørt utkjørsel fra en parkeringsplass, en blindvei "
              "eller en tunnel. Det siste stykket går politiet til fots; avstanden står i "
              "tabellene. Patruljeomveien regnes fra hovedveier (riks-, fylkes- og større "
              "kommunale veier) som bilen også kan komme tilbake til.",
        "en": "Drive time is counted to the nearest street a car can both drive into and out "
              "of, not a one-way exit from a car park, a dead end or a tunnel. The police "
              "walk the last stretch; its length is in the tables. The patrol detour counts "
              "from main roads the car can also come back to."},
}


def _t(key: str, lang: str) -> str:
    return POLICE_TEXTS[key][lang if lang in ("nb", "en") else "nb"]


def _why(row: pd.Series, lang: str) -> str:
    """The reason of a station's status, plus the reason of its use where that differs."""
    parts = []
    code = str(row.get("station_why", "") or "")
    if code:
        parts.append(station_reason(code, lang, str(row.get("station_tag", "") or "")))
    use_code = str(row.get("use_why", "") or "")
    if use_code:
        parts.append(station_reason(use_code, lang))
    return "; ".join(parts) or "–"


def stations_section(ctx: Ctx) -> list[Flowable]:
    """Heading, intro and a table of every police object: used or not, and why."""
    svc = ctx.result.services
    police = svc[svc["category"] == "police"]
    out: list[Flowable] = [ctx.p(esc(_t("h_stations", ctx.lang)), "h2")]
    if police.empty:
        return [*out, ctx.p(esc(_t("none", ctx.lang)))]
    out.append(ctx.p(esc(_t("stations_intro", ctx.lang))))
    rows: list[list[Any]] = [[_t(k, ctx.lang) for k in ("station", "used", "why")]]
    use = police["use"] if "use" in police else pd.Series(True, index=police.index)
    refs = police["ref"] if "ref" in police else pd.Series("", index=police.index)
    for (_, row), used, ref in zip(police.iterrows(), use, refs, strict=True):
        rows.append([station_label(row["name"], ref), _t("yes" if used else "no", ctx.lang),
                     _why(row, ctx.lang)])
    w = ctx.width
    out.append(ctx.table(rows, [0.38 * w, 0.1 * w, 0.52 * w]))
    dispatch = float(ctx.result.config.police.dispatch_min)
    if dispatch:
        out += [Spacer(1, 4), ctx.p(esc(_t("dispatch", ctx.lang).format(v=ctx.minutes(dispatch))))]
    return out


def card_rows(ctx: Ctx, row: pd.Series) -> list[list[Any]]:
    """The police rows of a plot card's distance table (4 columns); times as bands and
    no station name in the public version."""
    t = ctx.t
    station = str(row.get("nearest_police", "") or "")
    if ctx.public and station:
        station = t["hidden"]
    drive = float(row["police_drive_min"])
    rows = [[t["police_row"], ctx.drive(drive), "", station or "–"]]
    dispatch = float(ctx.result.config.police.dispatch_min)
    if dispatch:
        response = float(row.get("police_response_min", drive + dispatch))
        rows.append([_t("response_row", ctx.lang).format(v=ctx.minutes(dispatch)),
                     ctx.drive(response), "", ""])
    rows.append([t["patrol_row"], ctx.detour(row["patrol_detour_min"]), "", ""])
    return rows


def value_text(ctx: Ctx, value: float) -> str:
    """A response time with its words ("3,0 min responstid")."""
    return _t("response_min", ctx.lang).format(v=ctx.minutes(value)) \
        if np.isfinite(value) else "–"


def method_part(ctx: Ctx) -> Flowable:
    """The method appendix's paragraph on where the police car meets a plot."""
    return KeepTogether([ctx.p(esc(_t("mh_access", ctx.lang)), "h3"),
                         ctx.p(esc(_t("m_access", ctx.lang)))])
