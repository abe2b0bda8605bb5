"""The plot cards of the committee report: one page per plot, in ranked order.

Each card gives the plot's rank, score and status, its distances to the nearest
service of each kind, the rules it passes or fails, a bar chart of its points
per criterion (:func:`points_png`, drawn offline with matplotlib) and notes on
robustness, snapping and flags. The public version (see :mod:`siting.public`)
shows distances and times in bands only, names no service, and leaves out the
points per criterion, the snap distance and the figures behind a failed rule.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
import pyproj
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter
from reportlab.platypus import Flowable, Image, PageBreak

from .. import settings
from ..config import Rule
from ..export import LOCATED_BY
from ..public import public_categories, say
from ..scoring import Failure, points_column
from ..text import separators
from ..text import t as tt
from ..text.render import (
    failure_text,
    match_text,
    nearest_text,
    rule_limit_text,
    unplaced_reason,
)
from ._figures import mpl_text, png
from .context import (
    Ctx,
    esc,
    located,
    one_page,
    plot_xy,
    rule_ok,
)
from .police import card_rows

__all__ = ["card_pages", "points_png", "possible_points"]


def card_pages(ctx: Ctx) -> list[Flowable]:
    """One page per plot, in ranked order."""
    out: list[Flowable] = []
    xy = plot_xy(ctx)
    for i, (_, row) in enumerate(ctx.ranked.iterrows()):
        if i:
            out.append(PageBreak())
        out.append(one_page(ctx, _card(ctx, row, xy[i])))
    return out


def _card(ctx: Ctx, row: pd.Series, xy: np.ndarray) -> list[Flowable]:
    t, pid = ctx.t, row["plot_id"]
    n_ranked = int(ctx.ranked["rank"].notna().sum())
    facts = [t["card_rank"].format(rank=int(row["rank"]), n=n_ranked) if pd.notna(row["rank"])
             else t["card_unranked"],
             t["card_score"].format(score=ctx.num(row["score"])) if np.isfinite(row["score"])
             else t["card_no_score"], ctx.status(row["status"])]
    out: list[Flowable] = [ctx.p(f"{t['number']} {ctx.number[pid]}: {esc(ctx.label[pid])}"
                                 if not ctx.public else esc(ctx.label[pid]), "h1"),
                           ctx.p(esc(" · ".join(facts)), "lead")]
    given = "" if ctx.public else given_text(ctx, row)
    if given:
        out.append(ctx.p(esc(given), "lead"))
    if not ctx.public and np.isfinite(xy).all():
        lon, lat = pyproj.Transformer.from_crs(ctx.result.study.crs, "EPSG:4326",
                                               always_xy=True).transform(*xy)
        out.append(ctx.p(esc(t["card_where"].format(id=pid, lat=ctx.num(lat, 5),
                                                    lon=ctx.num(lon, 5))), "small"))
    out += [ctx.p(t["h_distances"], "h2"), _distance_table(ctx, row),
            ctx.p(t["h_rules_card"], "h2"), _rule_table(ctx, row),
            ctx.p(t["h_points"], "h2"), *_chart(ctx, row)]
    out += [ctx.p(s) for s in _card_notes(ctx, row)]
    return out


def given_text(ctx: Ctx, row: pd.Series) -> str:
    """How a plot given by address or gnr/bnr was placed, as the estate department names
    it: "Oppgitt adresse: Storgata 13 · funnet: Storgata 13A (annen husbokstav)"; "" for a
    plot given by coordinates. Internal version only (an address locates the plot)."""
    plots = ctx.result.acc.plots.reset_index(drop=True)
    cells = {c: str(plots.at[row.name, c]).strip() if c in plots and
             pd.notna(plots.at[row.name, c]) else "" for c in LOCATED_BY}
    parts = [f"{tt(f'xlsx.{c}', ctx.lang)}: {cells[c]}" for c in ("address", "parcel")
             if cells[c]]
    if not parts:
        return ""
    how = match_text(cells["match_quality"], ctx.lang)
    found = tt("report.card_found", ctx.lang, match=cells["match"], how=how) \
        if cells["match"] else how
    return " · ".join([*parts, found])


def _distance_table(ctx: Ctx, row: pd.Series) -> Flowable:
    if ctx.public:
        return _band_table(ctx, row)
    t, w = ctx.t, ctx.width
    rows: list[list[Any]] = [[t["service"], t["walk_col"], t["walk_time"], t["nearest"]]]
    speed = settings.walking_speed_m_per_min
    for cat in ctx.result.acc.categories:
        d = float(row[f"walk_m_{cat}"])
        name = str(row.get(f"nearest_{cat}", "") or "")
        # inf: no such service on foot; NaN: not measured (no place, or far outside the area)
        missing = t["unreachable"] if np.isinf(d) and located(row) else t["unmeasured"]
        rows.append([ctx.cat_label(cat), ctx.metres(d) + (" m" if np.isfinite(d) else ""),
                     tt("unit.about_min", ctx.lang, v=ctx.num(max(d / speed, 1)))
                     if np.isfinite(d) else "–",
                     nearest_text(name, d, ctx.lang) if np.isfinite(d) else missing])
    rows += card_rows(ctx, row)
    return ctx.table(rows, [0.4 * w, 0.15 * w, 0.12 * w, 0.33 * w])


def _band_table(ctx: Ctx, row: pd.Series) -> Flowable:
    """The public distance table: bands only, no walking time, no service names."""
    t, w = ctx.t, ctx.width
    rows: list[list[Any]] = [[t["service"], t["walk_col"]]]
    rows += [[ctx.cat_label(cat), ctx.walk(float(row[f"walk_m_{cat}"]))]
             for cat in public_categories(ctx.result.acc.categories)]
    rows += [[t["police_row"], ctx.drive(row["police_drive_min"])],
             [t["patrol_row"], ctx.detour(row["patrol_detour_min"])]]
    return ctx.table(rows, [0.55 * w, 0.45 * w])


def _rule_table(ctx: Ctx, row: pd.Series) -> Flowable:
    t, w = ctx.t, ctx.width
    rules = [r for r in ctx.result.config.rules if r.enabled]
    if not rules:
        return ctx.p(t["no_rules"])
    reason = unplaced_reason(row.get("flag"), ctx.lang)  # a few words that locate nothing
    if reason and not (located(row) and measured(row)):  # no place, or far outside the area
        # the internal card goes on to the flag in full; the public card has no such note
        return ctx.p(esc(t["not_assessed" if ctx.public else "not_assessed_note"].format(
            reason=reason)))
    if not located(row):
        return ctx.p(t["not_located"])
    if not measured(row):
        return ctx.p(t["not_measured"])
    rows: list[list[Any]] = [[t["rule"], t["limit"], t["result"]]]
    for r in rules:
        x = float(row.get(r.column, np.nan))
        ok = rule_ok(r, x)
        shown = ctx.metres(x) + " m" if r.column.startswith("walk_m_") else \
            ctx.minutes(x) + " min" if r.column.endswith("_min") else ctx.short(x)
        verdict = t["passed" if ok else "failed"] if ctx.public else \
            f"{t['passed']} ({shown})" if ok else f"{t['failed']}: {_failure(ctx, r, x)}"
        rows.append([ctx.rule_label(r), rule_limit_text(r, ctx.lang), verdict])
    return ctx.table(rows, [0.22 * w, 0.18 * w, 0.6 * w])


def _failure(ctx: Ctx, rule: Rule, x: float) -> str:
    """Why ``x`` fails ``rule``, in the report language."""
    return failure_text(Failure(rule.column, rule.op, float(rule.value), x), ctx.lang,
                        ctx.rule_label(rule))


def _chart(ctx: Ctx, row: pd.Series) -> list[Flowable]:
    if not np.isfinite(row["score"]):
        return [ctx.p(ctx.t["no_points"])]
    if ctx.public:
        return [ctx.p(esc(say("points_withheld", ctx.lang)))]
    labels, best = ctx.crit_labels(), possible_points(ctx)
    keys = [k for k, c in ctx.result.config.criteria.items() if c.weight > 0]
    texts = {k: ctx.t[f"chart_{k}"] for k in ("got", "possible", "of")}
    texts["decimal"] = separators(ctx.lang)[0]
    png = points_png([labels[k] for k in keys], [float(row[points_column(k)]) for k in keys],
                     [best[k] for k in keys], texts, ctx.width / 72)
    height = (0.32 * len(keys) + 0.75) * 72  # the figure's height in points
    out: list[Flowable] = [Image(io.BytesIO(png), width=ctx.width, height=height)]
    zero = [labels[k] for k, c in ctx.result.config.criteria.items() if c.weight == 0]
    if zero:
        out.append(ctx.p(esc(ctx.t["chart_zero"].format(list=ctx.join(zero))), "small"))
    return out


def _card_notes(ctx: Ctx, row: pd.Series) -> list[str]:
    t, pid, out = ctx.t, row["plot_id"], []
    s = ctx.sens_row(pid)
    if s is not None:
        out.append(t["card_robust"].format(first=ctx.pct(s["share_first"]),
                                           top3=ctx.pct(s["share_top3"]),
                                           mean=ctx.num(float(s["mean_rank"]), 1)))
    beaten = ctx.dominated_by(pid)
    if beaten:
        out.append(t["card_beaten"].format(list=esc(ctx.join(beaten))))
    if ctx.public:  # the snap distance and a flag's figures could locate the plot
        return out
    if np.isfinite(row["snap_m"]) and measured(row):
        out.append(t["card_snap"].format(m=ctx.num(row["snap_m"])))
    flag = ctx.flag_text(row)
    if flag:
        out.append(f"<b>{t['flag']}:</b> {esc(flag)}")
    return out


def measured(row: pd.Series) -> bool:
    """Whether any of the plot's figures was measured (a plot far outside the area
    has none: :func:`siting.analysis.accessibility` leaves them unknown)."""
    figures = [v for k, v in row.items() if str(k).startswith("walk_m_")
               or k == "police_drive_min"]
    return any(not pd.isna(v) for v in figures)


def possible_points(ctx: Ctx) -> dict[str, float]:
    """The most points each criterion can give (its weight's share of 100)."""
    crits = ctx.result.config.criteria
    total = sum(c.weight for c in crits.values())
    return {k: 100.0 * c.weight / total for k, c in crits.items()}



# --------------------------------------------------------------------------- bar chart
def points_png(labels: Sequence[str], points: Sequence[float], possible: Sequence[float],
               t: Mapping[str, str], width_in: float) -> bytes:
    """Draw one plot's points per criterion (dark) against the points possible (outline).

    ``points`` and ``possible`` are shares of the 0-100 score; ``t`` gives
    ``got`` and ``possible`` (legend), ``of`` (value text, e.g. "{p} av {m}") and
    ``decimal`` (the decimal mark of the value texts and the axis).
    """
    n = len(labels)
    fig = Figure(figsize=(width_in, 0.32 * n + 0.75), facecolor="white")
    ax = fig.add_axes((0.3, 0.6 / (0.32 * n + 0.75), 0.56, 0.32 * n / (0.32 * n + 0.75)))
    y = np.arange(n)[::-1]
    ax.barh(y, possible, height=0.62, color="white", edgecolor="#444444", hatch="////",
            linewidth=0.8, label=mpl_text(t["possible"]))
    ax.barh(y, points, height=0.62, color="#333333", edgecolor="black", linewidth=0.8,
            label=mpl_text(t["got"]))
    top = max(max(possible, default=1.0), 1.0)
    for yi, p, m in zip(y, points, possible, strict=True):
        ax.text(top * 1.02, yi, mpl_text(t["of"].format(p=_dec(p, t), m=_dec(m, t))),
                va="center", fontsize=8)
    ax.set_yticks(y, [mpl_text(s) for s in labels], fontsize=8.5)
    ax.set_xlim(0, top)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: _dec(x, t)))
    ax.tick_params(axis="x", labelsize=7.5)
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(loc="lower left", bbox_to_anchor=(-0.42, -0.6 / (0.32 * n) - 0.02), ncol=2,
              fontsize=8, frameon=False)
    return png(fig)


def _dec(x: float, t: Mapping[str, str]) -> str:
    text = f"{x:.1f}"
    return text.replace(".", ",") if t.get("decimal") == "," else text
