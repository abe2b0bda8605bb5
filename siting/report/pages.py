"""The text pages of the committee report, as reportlab flowables.

Each ``*_page`` function takes the report context
(:class:`~siting.report.context.Ctx`) and returns the flowables of one
section: the summary, the ranking (landscape), the criteria and rules, the
data sources and the method. The map and the plot cards are in
:mod:`siting.report.map` and :mod:`siting.report.cards`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
from reportlab.lib import colors
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from .. import settings
from ..config import SLIDER_WEIGHT_MAX
from ..profiles import profile_name
from ..public import (
    detour_band,
    drive_band,
    public_categories,
    say,
    walk_band,
    withheld,
    withheld_column,
)
from ..scoring import points_column, tie_groups
from ..text import CATALOGUE, factor, pick, t
from ..text.render import rule_limit_text
from ..text.robust import tie_note
from .context import Ctx, esc, finite, one_page
from .police import stations_section
from .services import edits_section, thin_section

__all__ = ["Ctx", "esc"]


# --------------------------------------------------------------------------- summary
def summary_page(ctx: Ctx) -> list[Flowable]:
    """Page 1: recommendation, why, how robust, which plots fail, profile and data date."""
    t = ctx.t
    out: list[Flowable] = [ctx.p(esc(ctx.meta["title"]), "title"),
                           ctx.p(t["summary_sub"], "subtitle")]
    out += _recommendation(ctx)
    out += [ctx.p(t["h_robust"], "h2"), *[ctx.p(s) for s in robustness_sentences(ctx)]]
    out += [ctx.p(t["h_problems"], "h2"), *_problems(ctx)]
    out += thin_section(ctx)
    out += [ctx.p(t["h_basis"], "h2"), _facts(ctx)]
    if str(ctx.meta.get("notes") or "").strip():
        out += [Spacer(1, 6), ctx.p(f"<b>{t['notes']}:</b> {esc(ctx.meta['notes'])}")]
    return [one_page(ctx, out)]


def best_row(ctx: Ctx) -> pd.Series | None:
    """The first-ranked plot, or None when no plot could be assessed."""
    scored = ctx.ranked[ctx.ranked["status"] != "flagged"]
    return None if scored.empty else scored.iloc[0]


def _recommendation(ctx: Ctx) -> list[Flowable]:
    t, best = ctx.t, best_row(ctx)
    if best is None:
        return [_box(ctx, [ctx.p(t["rec_none"], "rec")])]
    name = f"<b>{esc(ctx.label[best['plot_id']])}</b>"
    score = ctx.num(best["score"])
    key = "rec_ok" if best["status"] == "ok" else "rec_fails"
    first = t[key].format(plot=name, score=score,
                          reasons=esc("; ".join(ctx.failures(best))))
    parts = [ctx.p(first, "rec")]
    strong = strongest(ctx, best)
    if strong:
        parts.append(ctx.p(t["rec_why"].format(list=ctx.join(strong))))
    if caution := thin_strengths(ctx, best):
        parts.append(ctx.p(caution))
    scored = ctx.ranked[ctx.ranked["status"] != "flagged"]
    if len(scored) > 1:
        second = scored.iloc[1]
        level = [ctx.label[p] for p, s in zip(scored["plot_id"].iloc[1:], scored["score"].iloc[1:],
                                              strict=True) if round(s) == round(best["score"])]
        if len(level) > 1:  # every plot level with the first, not only the second
            parts.append(ctx.p(t["rec_tie_many"].format(
                plots=ctx.join([esc(x) for x in level]), score=ctx.num(second["score"]))))
        else:
            tie = bool(level)
            parts.append(ctx.p(t["rec_tie" if tie else "rec_second"].format(
                plot=esc(ctx.label[second["plot_id"]]), score=ctx.num(second["score"]),
                # the gap between the whole points shown, not the unrounded scores ("77 ...
                # 76, 2 points behind" contradicted itself)
                gap=ctx.num(round(best["score"]) - round(second["score"])))))
    return [_box(ctx, parts)]


def strongest_keys(ctx: Ctx, row: pd.Series, k: int = 3) -> list[str]:
    """The keys of the ``k`` criteria giving the plot most points; in the public version
    none on a category public outputs leave out (:func:`~siting.public.withheld_column`)."""
    items = [(float(row[points_column(key)]), key) for key, c in
             ctx.result.config.criteria.items()
             if c.weight > 0 and finite(row.get(points_column(key))) and
             row[points_column(key)] > 0 and not (ctx.public and withheld_column(c.column))]
    items.sort(key=lambda pk: -pk[0])
    return [key for _, key in items[:k]]


def strongest(ctx: Ctx, row: pd.Series, k: int = 3) -> list[str]:
    """The ``k`` criteria giving the plot most points, as "label (value)" (escaped)."""
    labels, crits = ctx.crit_labels(), ctx.result.config.criteria
    return [f"{esc(lower_first(labels[key]))} "
            f"({esc(ctx.value_text(crits[key].column, row[crits[key].column]))})"
            for key in strongest_keys(ctx, row, k)]


def thin_strengths(ctx: Ctx, row: pd.Series) -> str:
    """A sentence when the plot's strongest criteria include a thin category (one
    service in the area, or most plots far from any): the recommendation then rests on
    few services, maybe one mis-tagged ("" when none does; escaped)."""
    thin = {item.category for item in ctx.result.thin}
    crits, labels = ctx.result.config.criteria, ctx.crit_labels()
    weak = [lower_first(labels[key]) for key in strongest_keys(ctx, row)
            if crits[key].column.removeprefix("walk_m_") in thin]
    if not weak:
        return ""
    return ctx.t["rec_thin"].format(list=ctx.join([esc(w) for w in weak]))


def lower_first(label: str) -> str:
    """"Fastlege" -> "fastlege" inside a sentence, but "GP" and "NAV" stay."""
    return label[:1].lower() + label[1:] if label[1:2].islower() else label


def _box(ctx: Ctx, parts: list[Flowable]) -> Table:
    box = Table([[parts]], colWidths=[ctx.width])
    box.setStyle(TableStyle([
        ("BOX", (0, 0), (-1, -1), 1.2, colors.black),
        ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor("#f0f0f0")),
        ("LEFTPADDING", (0, 0), (-1, -1), 8), ("RIGHTPADDING", (0, 0), (-1, -1), 8),
        ("TOPPADDING", (0, 0), (-1, -1), 6), ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
    ]))
    return box


def robustness_sentences(ctx: Ctx) -> list[str]:
    """What the weight draws, the single-weight swaps and the Pareto check say (escaped)."""
    t, best = ctx.t, best_row(ctx)
    if best is None:
        return [t["robust_none"]]
    out = []
    row = ctx.sens_row(best["plot_id"])
    if row is None:
        out.append(t["robust_missing"])
    else:
        share = float(row["share_first"])
        verdict = "verdict_high" if share >= 0.9 else "verdict_mid" if share >= 0.6 else \
            "verdict_low"
        plot = esc(ctx.label[best["plot_id"]])
        said = t["robust_draws"].format(plot=plot, first=ctx.pct(share),
                                        top3=ctx.pct(float(row["share_top3"])),
                                        how=_draw_text(ctx))
        level = _level(ctx, best["plot_id"])
        if level is not None:  # first only by the order of the ids in some draws
            share_level, others = level
            said += " " + t["robust_level"].format(level=ctx.pct(share_level), plot=plot,
                                                   others=ctx.join(others))
            if share_level >= share / 2:
                verdict = "verdict_level"
        out.append(said + " " + t[verdict])
    swap = swap_sentence(ctx)
    if swap:
        out.append(swap)
    dominated = [esc(ctx.label[pid]) for pid in ctx.ranked["plot_id"] if ctx.dominated_by(pid)]
    if ctx.pareto is not None:
        out.append(t["pareto_none"] if not dominated else
                   t["pareto_one"].format(plot=dominated[0]) if len(dominated) == 1 else
                   t["pareto_some"].format(list=ctx.join(dominated)) if len(dominated) <= 4 else
                   t["pareto_many"].format(n=len(dominated)))
    return out


def _level(ctx: Ctx, best: str) -> tuple[float, list[str]] | None:
    """How often the first plot is level with others in the weight draws, and which
    (escaped labels); None when never or not computed (a table without ``share_level``)."""
    sens = ctx.sens
    if sens is None or "share_level" not in sens:
        return None
    row = ctx.sens_row(best)
    share = float(row["share_level"]) if row is not None else 0.0
    if not share > 0:
        return None
    others = [esc(ctx.label.get(str(p), str(p))) for p, s in
              zip(sens["plot_id"], sens["share_level"], strict=True) if str(p) != str(best)
              and s > 0]
    return share, others


def _draw_text(ctx: Ctx) -> str:
    attrs = ctx.sens.attrs if ctx.sens is not None else {}
    parts = []
    if finite(attrs.get("spread")):
        parts.append(ctx.t["draw_spread"].format(pct=ctx.pct(float(attrs["spread"]))))
    if finite(attrs.get("draws")):
        parts.append(ctx.t["draw_count"].format(n=ctx.num(float(attrs["draws"]))))
    return f" ({', '.join(parts)})" if parts else ""


def swap_row(ctx: Ctx) -> tuple[pd.Series, bool] | None:
    """The criterion whose weight needs the smallest change to swap plots 1 and 2, and
    whether that weight stays on the sliders' scale (0 to
    :data:`siting.config.SLIDER_WEIGHT_MAX`).

    A change within the scale is preferred to a smaller one beyond it: a committee
    member can try the first with the slider, not the second.
    """
    if ctx.swaps is None or ctx.swaps.empty:
        return None
    m = pd.to_numeric(ctx.swaps["multiplier"], errors="coerce").to_numpy(dtype=float)
    ok = np.isfinite(m) & (m > 0)
    if not ok.any():
        return None
    weights = np.array([_weight(ctx, str(k)) for k in ctx.swaps["criterion"]], dtype=float)
    inside = ok & (weights * np.where(ok, m, 0.0) <= SLIDER_WEIGHT_MAX + 1e-9)
    change = np.where(ok, np.abs(np.log(np.where(ok, m, 1.0))), np.inf)
    pool = inside if inside.any() else ok
    best = int(np.argmin(np.where(pool, change, np.inf)))
    return ctx.swaps.iloc[best], bool(inside.any())


def _weight(ctx: Ctx, key: str) -> float:
    crit = ctx.result.config.criteria.get(key)
    return crit.weight if crit else float("nan")


def swap_sentence(ctx: Ctx) -> str:
    """One escaped sentence on the smallest weight change that swaps first and second."""
    if ctx.swaps is None:
        return ""
    found, scored = swap_row(ctx), ctx.ranked[ctx.ranked["status"] != "flagged"]
    if found is None or len(scored) < 2:
        return ctx.t["swap_never"]
    row, on_scale = found
    first = str(row.get("first", scored["plot_id"].iat[0]))
    second = str(row.get("second", scored["plot_id"].iat[1]))
    key, m = str(row["criterion"]), float(row["multiplier"])
    label = ctx.crit_labels().get(key, key)
    w0 = _weight(ctx, key)
    verb = ctx.t["rises" if m > 1 else "falls"]
    if not on_scale:  # say the change is beyond what the sliders offer
        verb = ctx.t["rise" if m > 1 else "fall"]
    return ctx.t["swap_at" if on_scale else "swap_beyond"].format(
        crit=esc(lower_first(label)), m=factor(m, ctx.lang), verb=verb, w0=ctx.short(w0),
        w1=ctx.short(w0 * m), top=ctx.short(SLIDER_WEIGHT_MAX),
        first=esc(ctx.label.get(first, first)), second=esc(ctx.label.get(second, second)))


def _problems(ctx: Ctx) -> list[Flowable]:
    bad = ctx.ranked[ctx.ranked["status"] != "ok"]
    if bad.empty:
        return [ctx.p(ctx.t["all_pass"])]
    out = []
    for _, row in bad.iterrows():
        why = ctx.failures(row)
        out.append(ctx.p(f"<b>{esc(ctx.label[row['plot_id']])}</b> "
                         f"({esc(ctx.status(row['status']))})"
                         + (f": {esc('; '.join(why))}" if why else ""), "bullet"))
    return out


def profile_text(ctx: Ctx) -> str:
    """The resident profile by its name and its one description (the app's), escaped."""
    key, lang = ctx.result.config.profile, ctx.lang
    if f"profile.{key}.about" not in CATALOGUE:  # a profile of the user's own: its key
        return esc(key)
    return ctx.t["profile_fmt"].format(name=esc(profile_name(key, lang)),
                                       about=esc(t(f"profile.{key}.about", lang)))


def _facts(ctx: Ctx) -> Table:
    t, m = ctx.t, ctx.meta
    rows = [[t["profile"], ctx.p(profile_text(ctx), "cell")],
            [t["osm_data"], ctx.p(t["osm_fmt"].format(name=esc(m["osm_name"]),
                                                      date=esc(m["osm_date"])), "cell")],
            [t["created"], m["created_date"]],
            [t["version"], t["public_version"] if ctx.public else t["internal_version"]]]
    if m.get("scenario_file"):
        rows.append([t["scenario"], str(m["scenario_file"])])
    w = ctx.width
    table = ctx.table(rows, [0.25 * w, 0.75 * w], header=0)
    table.setStyle(TableStyle([("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#eeeeee"))]))
    return table


# --------------------------------------------------------------------------- ranking
_HEADS = ("tjeneste", "butikk", "hage", "plass", "stasjon", "kontor", "senter", "vare", "lege",
          "garten", "macy", "stance")  # English: kinder-garten, phar-macy, sub-stance


def narrow(label: str) -> str:
    """A label that wraps in a narrow column: soft hyphens before common Norwegian
    compound tails ("Dagligvare-butikk") and between English syllables that are too long
    for a column ("Phar-macy"), a break after "/" and after a hyphen inside a word
    (reportlab's hyphenating paragraphs break a hyphenated word anywhere, not there)."""
    words = []
    for word in re.sub(r"(?<=\w)-(?=\w)", "- ", label.replace("/", "/ ")).split(" "):
        low = word.lower()
        for head in _HEADS:
            i = low.rfind(head)
            if i >= 3 and len(word) >= 8:
                word = word[:i] + "\xad" + word[i:]
                low = low[:i] + "\xad" + low[i:]
        words.append(word)
    return " ".join(words)


def ranking_page(ctx: Ctx) -> list[Flowable]:
    """The ranking table (landscape), then how robust the order is."""
    t, w = ctx.t, ctx.wide
    cats = ctx.result.acc.categories
    if ctx.public:
        cats = public_categories(cats)
    head = [t["rank"], t["plot_col"], t["score"], t["status"],
            *[f"{narrow(ctx.cat_label(c, short=True))} (m)" for c in cats], t["police_col"],
            t["patrol_col"]]
    walk, drive, detour = _figures(ctx)
    rows: list[list[Any]] = [head]
    for _, r in ctx.ranked.iterrows():
        rank = "–" if pd.isna(r["rank"]) else str(int(r["rank"]))
        rows.append([rank, ctx.label[r["plot_id"]], ctx.num(r["score"]) if finite(r["score"])
                     else "–", ctx.row_status(r), *[walk(r[f"walk_m_{c}"]) for c in cats],
                     drive(r["police_drive_min"]), detour(r["patrol_detour_min"])])
    fixed = [0.045, 0.17, 0.06, 0.12]
    each = (1 - sum(fixed)) / (len(cats) + 2)
    table = ctx.table(rows, [f * w for f in fixed] + [each * w] * (len(cats) + 2), right=4,
                      small=True)
    intro = esc(say("ranking_intro", ctx.lang)) if ctx.public else t["ranking_intro"]
    out: list[Flowable] = [ctx.p(t["h_ranking"], "h1"), ctx.p(intro), table,
                           ctx.p(t["ranking_note"], "small")]
    ties = tie_note(tie_groups(ctx.ranked), ctx.lang, decimals=0 if ctx.public else 2)
    if ties:  # ranks, not names: the same words suit the public version
        out.append(ctx.p(esc(ties), "small"))
    if ctx.sens is not None or ctx.pareto is not None:
        out.append(KeepTogether([ctx.p(t["h_robust_table"], "h2"), ctx.p(
            t["robust_intro"].format(how=_draw_text(ctx))), _robust_table(ctx)]))
    return out


def _figures(ctx: Ctx) -> tuple[Callable[[float], str], ...]:
    """How the ranking table writes walking metres, police minutes and patrol minutes:
    rounded (10 m, 0.1 min), or in the public version their bands ("< 250")."""
    if not ctx.public:
        return ctx.metres, ctx.minutes, ctx.minutes
    lang = ctx.lang
    return (lambda x: walk_band(x, lang, short=True), lambda x: drive_band(x, lang, short=True),
            lambda x: detour_band(x, lang, short=True))


def _robust_table(ctx: Ctx) -> Table:
    t, w = ctx.t, ctx.wide
    rows: list[list[Any]] = [[t["number"], t["plot_col"], t["share_first"], t["share_top3"],
                              t["mean_rank"], t["beaten_col"]]]
    for pid in ctx.ranked["plot_id"]:
        s = ctx.sens_row(pid)
        cells = ["–"] * 3 if s is None else [ctx.pct(s["share_first"]), ctx.pct(s["share_top3"]),
                                             ctx.num(float(s["mean_rank"]), 1)]
        beaten = ctx.dominated_by(pid, numbers=True)
        pareto = "–" if ctx.pareto_row(pid) is None else ctx.join(beaten) or t["not_beaten"]
        rows.append([str(ctx.number[pid]), ctx.label[pid], *cells, pareto])
    return ctx.table(rows, [0.045 * w, 0.36 * w, 0.09 * w, 0.1 * w, 0.13 * w, 0.275 * w])


def swap_text(ctx: Ctx, key: str) -> str:
    """The weight multiplier at which plots 1 and 2 swap, for criterion ``key`` ("× 0,35")."""
    if ctx.swaps is None:
        return ""
    hit = ctx.swaps[ctx.swaps["criterion"].astype(str) == key]
    m = pd.to_numeric(hit["multiplier"], errors="coerce").to_numpy(dtype=float)
    if not len(m):
        return "–"
    return f"× {factor(m[0], ctx.lang)}" if finite(m[0]) and m[0] > 0 else ctx.t["swap_none"]


# --------------------------------------------------------------------------- criteria
def curve_text(ctx: Ctx, column: str, full: float, zero: float, shape: str) -> str:
    """A value curve in words: "full score up to 400 m, zero from 1 200 m"."""
    unit = "min" if column.endswith("_min") else "m"
    decimals = 1 if unit == "min" and not (float(full).is_integer() and float(zero).is_integer()) \
        else 0
    f, z = f"{ctx.num(full, decimals)} {unit}", f"{ctx.num(zero, decimals)} {unit}"
    key = "curve_near" if full < zero else "curve_far"
    if shape == "step":
        key += "_step"
    text = ctx.t[key].format(full=f, zero=z)
    return text + (ctx.t.get(f"shape_{shape}", "") if shape != "step" else "")


def criteria_page(ctx: Ctx) -> list[Flowable]:
    """Criteria with weights, value curves and reasons; rules with limits, on/off and why."""
    t, cfg, w = ctx.t, ctx.result.config, ctx.width
    why = pick(ctx.lang, "why_nb", "why_en")
    total = sum(c.weight for c in cfg.criteria.values())
    labels = ctx.crit_labels()
    swaps = ctx.swaps is not None
    rows: list[list[Any]] = [[t["criterion"], t["weight"], t["curve"],
                              *([t["swap_col"]] if swaps else []), t["why"]]]
    for key, c in cfg.criteria.items():
        weight = (f"{ctx.num(c.weight, 1 if not float(c.weight).is_integer() else 0)} "
                  f"({ctx.pct(c.weight / total)})" if c.weight > 0 else t["weight_zero"])
        rows.append([labels[key], weight, curve_text(ctx, c.column, c.curve.full, c.curve.zero,
                                                     c.curve.shape),
                     *([swap_text(ctx, key)] if swaps else []), getattr(c, why) or "–"])
    widths = [0.19, 0.12, 0.23, *([0.11] if swaps else []), 0.35 if swaps else 0.46]
    out: list[Flowable] = [ctx.p(t["h_criteria"], "h1"), ctx.p(t["criteria_intro"]),
                           ctx.p(profile_text(ctx)), Spacer(1, 4),
                           ctx.table(rows, [f * w for f in widths])]
    if swaps:
        out.append(ctx.p(t["swap_note"], "small"))
    rules: list[list[Any]] = [[t["rule"], t["limit"], t["in_use"], t["why"]]]
    for r in cfg.rules:
        rules.append([ctx.rule_label(r), rule_limit_text(r, ctx.lang),
                      t["yes"] if r.enabled else t["no"], getattr(r, why) or "–"])
    out += [ctx.p(t["h_rules"], "h2"), ctx.p(t["rules_intro"]),
            ctx.table(rules, [0.2 * w, 0.16 * w, 0.1 * w, 0.54 * w]), Spacer(1, 6),
            ctx.p(t["snap_rule"].format(m=ctx.num(cfg.snap_limit_m())))]
    if cfg.replace_categories:
        cats = ctx.join([esc(ctx.cat_label(c)) for c in cfg.replace_categories])
        out.append(ctx.p(t["replace"].format(list=cats)))
    return out


# --------------------------------------------------------------------------- sources, method
def sources_page(ctx: Ctx) -> list[Flowable]:
    """Where the data came from, how old it is, and what the service register added."""
    t, m, w = ctx.t, ctx.meta, ctx.width
    sha = str(m.get("osm_sha256") or "")
    rows = [[t["osm_data"], m["osm_name"]], [t["osm_date"], m["osm_date"]],
            [t["osm_hash"], t["hash_fmt"].format(short=sha[:16]) if sha else "–"],
            [t["licence"], t["licence_text"]], [t["created"], m["created_date"]]]
    if m.get("scenario_file"):
        rows.append([t["scenario"], str(m["scenario_file"])])
    facts = ctx.table(rows, [0.3 * w, 0.7 * w], header=0)
    facts.setStyle(TableStyle([("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#eeeeee"))]))
    out: list[Flowable] = [ctx.p(t["h_sources"], "h1"), ctx.p(t["sources_intro"]), facts]
    if ctx.result.study.osm.source.get("kind") == "demo":
        out += [Spacer(1, 6), ctx.p(f"<b>{esc(t['demo_note'])}</b>")]
    out += [ctx.p(t["h_services"], "h2"), ctx.p(t["services_intro"]), _service_counts(ctx)]
    return [*out, *stations_section(ctx), *thin_section(ctx), *edits_section(ctx)]


def _service_counts(ctx: Ctx) -> Table:
    t, svc = ctx.t, ctx.result.services
    source = svc["source"] if "source" in svc else pd.Series("osm", index=svc.index)
    rows: list[list[Any]] = [[t["category"], t["from_osm"], t["from_register"]]]
    cats = list(dict.fromkeys([*ctx.result.acc.categories, "police", *svc["category"]]))
    for cat in cats:
        mine = svc["category"] == cat
        rows.append([ctx.cat_label(cat), ctx.num(int((mine & (source == "osm")).sum())),
                     ctx.num(int((mine & (source == "register")).sum()))])
    w = ctx.width
    return ctx.table(rows, [0.4 * w, 0.2 * w, 0.25 * w])


def method_page(ctx: Ctx) -> list[Flowable]:
    """The method in plain language, and what the figures cannot tell."""
    t = ctx.t
    speed = ctx.num(settings.walking_speed_m_per_min)
    out: list[Flowable] = [ctx.p(t["h_method"], "h1")]
    for key in ("walk", "police", "patrol", "score", "robust", "public" if ctx.public
                else "internal", "limits"):
        if key == "public":  # what is withheld and why, one item a line
            intro, *items, why = withheld(ctx.lang)
            out.append(KeepTogether([ctx.p(t["mh_public"], "h3"), ctx.p(esc(intro)),
                                     *[ctx.p(esc(s), "bullet") for s in items],
                                     ctx.p(esc(why))]))
            continue
        text = t[f"m_{key}"].format(speed=speed, cell=ctx.num(500), snap=ctx.num(
            ctx.result.config.snap_limit_m()), draws=_draw_text(ctx))
        out.append(KeepTogether([ctx.p(t[f"mh_{key}"], "h3"), ctx.p(text)]))
    return out
