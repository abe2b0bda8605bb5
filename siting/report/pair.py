"""The report's page on the sites for both groups: one page, read in a minute.

Which plot for which group, why (each group's score, its place in the group's
own ranking and what counts most), the walking distance between the two, the
alternatives and how far behind they are, and what it would take to change
the decision (weight draws, the smallest single weight change, the separation).
Plots are called as everywhere in the report (:attr:`Ctx.label`: the name, or
"Tomt 3" in the public version); every sentence comes from the catalogue
(``report.pair.*`` and the shared ``decision.*``). The public version follows the
public report's rules: scores in whole points, the criteria that count most without
their points (a criterion's points turn back into a distance through its curve),
distances between the plots rounded to 100 m, and no weight change that swaps the choice.
"""

from __future__ import annotations

import pandas as pd
from reportlab.platypus import Flowable

from ..decision import Decision
from ..public import withheld_column
from ..scoring import points_column
from ..text import t
from ..text.decision import (
    group_label,
    objective_label,
    portfolio_label,
    robustness_lines,
    summary_lines,
)
from ..text.render import criterion_labels
from .context import Ctx, esc, finite, one_page
from .pages import _box, lower_first

__all__ = ["pair_page"]


def pair_page(ctx: Ctx, decision: Decision) -> list[Flowable]:
    """The page "Tomter for begge grupper" (kept on one portrait page)."""
    lang = ctx.lang
    out: list[Flowable] = [ctx.p(esc(t("report.pair.head", lang)), "h1"),
                           ctx.p(esc(t("report.pair.sub", lang)), "subtitle")]
    step = 100.0 if ctx.public else 1.0  # see summary_lines
    lines = summary_lines(decision, lang, ctx.label, step)
    if decision.solution.best is None:
        return [one_page(ctx, [*out, _box(ctx, [ctx.p(esc(lines[0]), "rec")])])]
    firm = robustness_lines(decision, lang, ctx.label, step, public=ctx.public)
    what, walk, own, objective = lines[:4]
    if ctx.public:
        what, objective = _public_lines(ctx, decision)
    out.append(_box(ctx, [ctx.p(f"<b>{esc(what)}</b>", "rec"), ctx.p(esc(walk))]))
    out += [ctx.p(esc(t("report.pair.why", lang)), "h2"), ctx.p(esc(own)),
            ctx.p(esc(objective)), _why_table(ctx, decision)]
    out += [ctx.p(esc(t("report.pair.others", lang)), "h2"), _others(ctx, decision)]
    out += [ctx.p(esc(t("report.pair.change", lang)), "h2"),
            *[ctx.p(esc(line), "bullet") for line in firm]]
    out += [ctx.p(esc(t("report.pair.how", lang)), "h2"), ctx.p(esc(_method(decision, lang)),
                                                                "small")]
    return [one_page(ctx, out)]


def _public_lines(ctx: Ctx, decision: Decision) -> tuple[str, str]:
    """The chosen plots and the objective in whole points (public version)."""
    lang, best = ctx.lang, decision.solution.best
    assert best is not None
    pairs = [t("report.pair.pair_public", lang, plot=ctx.label.get(p, p),
               group=group_label(g, lang), score=float(s))
             for g, p, s in zip(decision.groups, best.plots, best.scores, strict=True)]
    what = t("decision.chosen", lang, pairs=ctx.join(pairs))
    objective = t("report.pair.objective_public", lang, value=float(best.objective),
                  objective=objective_label(decision.problem.objective, lang))
    return what, objective


def _why_table(ctx: Ctx, decision: Decision) -> Flowable:
    lang = ctx.lang
    best = decision.solution.best
    assert best is not None
    head: list[object] = [t(f"report.pair.col.{c}", lang) for c in
                          ("group", "plot", "score", "place", "counts")]
    rows = [head]
    for g, plot, score in zip(decision.groups, best.plots, best.scores, strict=True):
        ranked = decision.ranked[g]
        row = ranked[ranked["plot_id"].astype(str) == plot].iloc[0]
        n = int(ranked["rank"].notna().sum())
        rows.append([group_label(g, lang), ctx.label.get(plot, plot),
                     ctx.num(score, 0 if ctx.public else 1),
                     t("report.pair.place", lang, rank=int(row["rank"]), n=n),
                     ", ".join(_strongest(decision, g, row, lang, ctx.public))])
    w = ctx.width
    return ctx.table(rows, [0.16 * w, 0.22 * w, 0.1 * w, 0.16 * w, 0.36 * w])


def _strongest(decision: Decision, group: str, row: pd.Series, lang: str,
               public: bool = False) -> list[str]:
    """The two criteria that give the plot most points in this group's profile (with
    their points, except in the public version, which names none on a
    :data:`~siting.public.SENSITIVE` category)."""
    config = decision.configs[group]
    labels = criterion_labels(config, lang)
    items = sorted(((float(row[points_column(k)]), k) for k, c in config.criteria.items()
                    if c.weight > 0 and finite(row.get(points_column(k)))
                    and not (public and withheld_column(c.column))),
                   key=lambda pk: -pk[0])
    return [lower_first(labels[k]) if public else
            t("report.pair.points", lang, label=lower_first(labels[k]), p=p)
            for p, k in items[:2] if p > 0]


def _others(ctx: Ctx, decision: Decision) -> Flowable:
    lang = ctx.lang
    head: list[object] = [t("report.pair.col.rank", lang),
            *[group_label(g, lang) for g in decision.groups],
            t("report.pair.col.value", lang), t("report.pair.col.gap", lang),
            t("report.pair.col.walk", lang)]
    rows = [head]
    step = 100 if ctx.public else 1  # as in the sentences above
    decimals = 0 if ctx.public else 1
    for i, p in enumerate(decision.solution.portfolios[:4], start=1):
        walk = round(p.min_walk_m / step) * step if finite(p.min_walk_m) else p.min_walk_m
        best = p.objective + decision.solution.gap(p)
        rows.append([str(i), *[ctx.label.get(x, x) for x in p.plots],
                     ctx.num(p.objective, decimals),
                     ctx.num(shown_behind(best, p.objective, decimals), decimals),
                     ctx.num(walk)])
    k = len(decision.groups)
    w = ctx.width
    widths = [0.07 * w, *[0.55 * w / k] * k, 0.12 * w, 0.11 * w, 0.15 * w]
    return ctx.table(rows, widths, right=1 + k)


def shown_behind(best: float, value: float, decimals: int) -> float:
    """How far ``value`` is behind ``best`` as the table shows them: the difference of the
    two figures rounded as shown (170 and 163 are 7 apart, though 170.4 and 162.6 are
    7.8), so that a reader's own subtraction agrees with the table."""
    return round(best, decimals) - round(value, decimals)


def _method(decision: Decision, lang: str) -> str:
    sep = decision.problem.min_separation_m
    rule = t("report.pair.method_sep", lang, m=sep) if sep > 0 else ""
    extra = []
    if decision.problem.districts is not None:
        extra.append(t("report.pair.method_districts", lang))
    if decision.problem.reserved:
        extra.append(t("report.pair.method_reserved", lang, list=portfolio_label(
            tuple(decision.problem.reserved), tuple(decision.problem.reserved.values()), lang)))
    method = t("report.pair.method", lang, rule=rule,
               objective=objective_label(decision.problem.objective, lang))
    return " ".join([method, *extra])
