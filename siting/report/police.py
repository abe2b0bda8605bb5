"""The police parts of the committee report: the stations, the card rows, the method.

Every police object in the data is listed with whether it was used and why, so
the committee (and the police) see that nothing was dropped silently; the dispatch
delay, when the police set one, is stated beside it.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from reportlab.platypus import Flowable, Spacer

from .. import settings
from ..police import ON_FOOT_SHOWN_M, station_label
from ..stations import station_reason
from ..text import t as tt
from ..text import tn
from .context import Ctx, esc, located

__all__ = ["card_rows", "stations_section", "value_text"]

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
    """Heading, intro and a table of every police object: used or not, and why (in the
    public version only how many, as it names no service)."""
    svc = ctx.result.services
    police = svc[svc["category"] == "police"]
    out: list[Flowable] = [ctx.p(esc(tt("report.police.head", ctx.lang)), "h2")]
    if police.empty:
        return [*out, ctx.p(esc(tt("report.police.none", ctx.lang)))]
    use = police["use"] if "use" in police else pd.Series(True, index=police.index)
    if ctx.public:  # the public version names no service
        used, left = int(use.sum()), int((~use.astype(bool)).sum())
        return [*out, ctx.p(esc(tt("report.police.public", ctx.lang,
                                   stations=tn("report.police.stations", used, ctx.lang),
                                   left=tn("report.police.left", left, ctx.lang))))]
    out.append(ctx.p(esc(tt("report.police.intro", ctx.lang))))
    rows: list[list[Any]] = [[tt(f"report.police.{k}", ctx.lang)
                              for k in ("station", "used", "why")]]
    refs = police["ref"] if "ref" in police else pd.Series("", index=police.index)
    for (_, row), used, ref in zip(police.iterrows(), use, refs, strict=True):
        rows.append([station_label(row["name"], ref),
                     tt("report.police.yes" if used else "report.police.no", ctx.lang),
                     _why(row, ctx.lang)])
    w = ctx.width
    out.append(ctx.table(rows, [0.38 * w, 0.1 * w, 0.52 * w]))
    dispatch = float(ctx.result.config.police.dispatch_min)
    if dispatch:
        out += [Spacer(1, 4), ctx.p(esc(tt("report.police.dispatch", ctx.lang, v=dispatch)))]
    return out


def card_rows(ctx: Ctx, row: pd.Series) -> list[list[Any]]:
    """The police rows of a plot card's distance table (4 columns); times as bands and
    no station name in the public version."""
    t = ctx.t
    station = str(row.get("nearest_police", "") or "")
    if ctx.public and station:
        station = t["hidden"]
    if not located(row):  # never placed: nothing was measured
        station = t["unmeasured"]
    drive = float(row["police_drive_min"])
    rows = [[t["police_row"], ctx.drive(drive), "", station or "–"]]
    dispatch = float(ctx.result.config.police.dispatch_min)
    if dispatch:
        response = float(row.get("police_response_min", drive + dispatch))
        rows.append([tt("report.police.response_row", ctx.lang, v=dispatch),
                     ctx.drive(response), "", ""])
    rows.append([t["patrol_row"], ctx.detour(row["patrol_detour_min"]), "", ""])
    road_m = float(row.get("drive_snap_m", np.nan))
    if not ctx.public and np.isfinite(road_m) and road_m >= ON_FOOT_SHOWN_M \
            and np.isfinite(drive):  # the officers' walk from the car, which the times leave out
        speed = settings.walking_speed_m_per_min
        rows.append([tt("report.police.on_foot_row", ctx.lang), f"{ctx.metres(road_m)} m",
                     tt("unit.about_min", ctx.lang, v=ctx.num(max(road_m / speed, 1))),
                     tt("report.police.on_foot_note", ctx.lang)])
    return rows


def value_text(ctx: Ctx, value: float) -> str:
    """A response time with its words ("3,0 min responstid")."""
    return tt("report.police.response_min", ctx.lang, v=value) if np.isfinite(value) else "–"
