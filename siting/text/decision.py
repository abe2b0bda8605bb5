"""The portfolio decision in words: what was chosen, why, how firm, what would change it.

The command line, the app and the committee report say the same sentences,
from the ``decision.*`` entries of the catalogue. Plots are named by id and,
where it helps, name; groups by their profile's name ("Endring").
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Mapping

from .. import settings
from ..config import SLIDER_WEIGHT_MAX
from ..decision import Decision
from ..profiles import profile_name
from . import factor, number, t
from .render import criterion_labels
from .robust import percent

__all__ = ["blocker_text", "group_label", "objective_label", "portfolio_label",
           "robustness_lines", "separation_lines", "summary_lines", "swap_sentence"]


def group_label(group: str, lang: str) -> str:
    """A group's display name: its profile's name (e.g. "Endring") or the group itself."""
    return profile_name(group, lang)


def objective_label(objective: str, lang: str) -> str:
    return t(f"decision.obj.{objective}", lang)


def _join(parts: list[str], lang: str) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + t("decision.and", lang) + parts[-1]


Namer = Callable[[str], str]


def _namer(labels: Mapping[str, str] | None) -> Namer:
    """Plot id -> how the text calls it: the id, or ``labels[id]`` (e.g. the report's
    "Tomt 3" in its public version)."""
    return (lambda p: p) if labels is None else (lambda p: labels.get(p, p))


def portfolio_label(plots: tuple[str, ...] | list[str], groups: tuple[str, ...],
                    lang: str, labels: Mapping[str, str] | None = None) -> str:
    """E.g. "P1 for Endring og P3 for Aktiv rus"."""
    name = _namer(labels)
    return _join([t("decision.own_pair", lang, plot=name(p), group=group_label(g, lang))
                  for p, g in zip(plots, groups, strict=True)], lang)


def blocker_text(code: str, lang: str) -> str:
    """Why no portfolio is feasible, for one code of :attr:`Solution.blockers`."""
    if code.startswith("rules:"):
        return t("decision.b.rules", lang, group=group_label(code.split(":", 1)[1], lang))
    return t(f"decision.b.{code}", lang)


# --------------------------------------------------------------------------- sentences
def summary_lines(decision: Decision, lang: str, labels: Mapping[str, str] | None = None,
                  step_m: float = 1.0) -> list[str]:
    """The decision in a few sentences: what, why, how firm, what would change it.

    ``labels`` (plot id -> label) names the plots instead of "id «name»" (“name” in
    English);
    ``step_m`` rounds walking distances between plots (100 in a public report:
    an exact distance from a known site would narrow down the other).
    """
    best = decision.solution.best
    if best is None:
        why = "; ".join(blocker_text(c, lang) for c in decision.solution.blockers)
        return [t("decision.none", lang, why=why)]
    lines = [_chosen(decision, lang, labels), _walk(decision, lang, step_m),
             _own(decision, lang, labels, step_m),
             t("decision.objective", lang, value=best.objective,
               objective=objective_label(decision.problem.objective, lang))]
    if len(decision.solution.portfolios) > 1:
        lines.append(_runner_up(decision, lang, labels))
    return lines + robustness_lines(decision, lang, labels, step_m)


def _runner_up(decision: Decision, lang: str, labels: Mapping[str, str] | None) -> str:
    second = decision.solution.portfolios[1]
    pairs = portfolio_label(second.plots, decision.groups, lang, labels)
    gap = decision.solution.gap(second)
    if round(gap, 9) == 0:
        return t("decision.runner_up_tie", lang, pairs=pairs,
                 tie=t(f"decision.tie.{decision.problem.objective}", lang))
    return t("decision.runner_up", lang, pairs=pairs, gap=gap)


def _chosen(decision: Decision, lang: str, labels: Mapping[str, str] | None) -> str:
    best = decision.solution.best
    assert best is not None
    pairs = []
    for g, p, s in zip(decision.groups, best.plots, best.scores, strict=True):
        if labels is not None:
            pairs.append(t("decision.pair_named", lang, plot=labels.get(p, p),
                           group=group_label(g, lang), score=s))
            continue
        name = decision.name_of(p)
        pairs.append(t("decision.pair", lang, plot=p,
                       name=" " + t("quote.name", lang, text=name) if name and name != p
                       else "",
                       group=group_label(g, lang), score=s))
    return t("decision.chosen", lang, pairs=_join(pairs, lang))


def _rounded(m: float, step_m: float) -> float:
    return float(round(m / step_m) * step_m) if math.isfinite(m) else m


def _walk(decision: Decision, lang: str, step_m: float = 1.0) -> str:
    best = decision.solution.best
    assert best is not None
    sep = decision.problem.min_separation_m
    rule = t("decision.walk_rule", lang, m=sep) if sep > 0 else ""
    m = _rounded(best.min_walk_m, step_m)
    if not math.isfinite(m):
        return t("decision.walk_apart", lang, rule=rule)
    if decision.problem.k == 2:
        return t("decision.walk2", lang, m=m, min=m / settings.walking_speed_m_per_min,
                 rule=rule)
    return t("decision.walkk", lang, m=m, rule=rule)


def _own(decision: Decision, lang: str, labels: Mapping[str, str] | None,
         step_m: float = 1.0) -> str:
    own = decision.own_best()
    best = decision.solution.best
    assert best is not None
    missing = [g for g, p in own.items() if p is None]
    if missing:
        return t("decision.own_none", lang, group=group_label(missing[0], lang))
    plots = tuple(str(own[g]) for g in decision.groups)
    if plots == best.plots:
        return t("decision.own_same", lang)
    return t("decision.own_differ", lang,
             pairs=portfolio_label(plots, decision.groups, lang, labels),
             why=_why_not(decision, plots, lang, _namer(labels), step_m))


def _why_not(decision: Decision, plots: tuple[str, ...], lang: str, name: Namer,
             step_m: float = 1.0) -> str:
    """Why the groups' own best plots are not the chosen portfolio."""
    p = decision.problem
    index = [p.plot_ids.index(x) for x in plots]
    reasons = []
    for plot, owner in p.reserved.items():
        for g, x in zip(decision.groups, plots, strict=True):
            if x == plot and g != owner:
                reasons.append(t("decision.why_reserved", lang, plot=name(plot),
                                 group=group_label(owner, lang)))
    for (a, i), (b, j) in itertools.combinations(zip(plots, index, strict=True), 2):
        if i == j:
            reasons.append(t("decision.why_same_plot", lang, plot=name(a)))
        elif not p.walk_m[i, j] >= p.min_separation_m:
            reasons.append(t("decision.why_close", lang, a=name(a), b=name(b),
                             m=_rounded(float(p.walk_m[i, j]), step_m)))
        elif p.districts is not None and (p.districts[i] & p.districts[j]).any():
            reasons.append(t("decision.why_district", lang, a=name(a), b=name(b)))
    if not reasons:
        reasons.append(t("decision.why_objective", lang,
                         objective=objective_label(p.objective, lang)))
    return _join(list(dict.fromkeys(reasons)), lang)


def robustness_lines(decision: Decision, lang: str, labels: Mapping[str, str] | None = None,
                     step_m: float = 1.0, *, public: bool = False) -> list[str]:
    """How often the choice holds, what takes over, and the smallest change that swaps it.

    ``public`` leaves out the weight change that swaps the choice (:func:`swap_sentence`):
    the weight it takes gives the points between two plots, which a public report withholds.
    """
    r = decision.robustness
    if r is None:
        return []
    lines = [t("decision.robust", lang, spread=percent(r.spread, lang), n=int(r.n),
               share=percent(r.share_same, lang))]
    if r.takeover is not None:
        plots, other = r.takeover
        lines.append(t("decision.takeover", lang,
                       pairs=portfolio_label(plots, r.groups, lang, labels),
                       share=percent(other, lang)))
    if not public:
        lines.append(swap_sentence(decision, lang, labels))
    return lines + separation_lines(decision, lang, labels, step_m)


def swap_sentence(decision: Decision, lang: str,
                  labels: Mapping[str, str] | None = None) -> str:
    """The smallest single weight change that swaps the decision, in words."""
    r = decision.robustness
    row = None if r is None else r.smallest_swap
    if r is None or row is None:
        return t("decision.swap_none", lang)
    label = criterion_labels(decision.configs[row["group"]], lang)[row["criterion"]]
    beyond = float(row["new_weight"]) > SLIDER_WEIGHT_MAX + 1e-9  # the sliders stop there
    return t("decision.swap_beyond" if beyond else "decision.swap", lang, label=label,
             top=number(SLIDER_WEIGHT_MAX, lang, None),
             group=group_label(row["group"], lang), verb=t(f"robust.{row['direction']}", lang),
             old=number(row["weight"], lang, 2, trim=True),
             new=number(row["new_weight"], lang, 2, trim=True),
             times=factor(row["multiplier"], lang),
             pairs=portfolio_label(row["new"], r.groups, lang, labels))


def separation_lines(decision: Decision, lang: str, labels: Mapping[str, str] | None = None,
                     step_m: float = 1.0) -> list[str]:
    """At what minimum separation the decision would change, up and down."""
    r = decision.robustness
    if r is None:
        return []
    sep = r.separation
    out = []
    above = _rounded(float(sep["raise_above_m"]), step_m)  # type: ignore[arg-type]
    if math.isfinite(above):
        to = sep["raise_to"]
        out.append(t("decision.sep_raise", lang, m=above,
                     pairs=portfolio_label(to, r.groups, lang, labels))  # type: ignore[arg-type]
                   if to else t("decision.sep_raise_none", lang, m=above))
    lower = float(sep["lower_to_m"])  # type: ignore[arg-type]
    if not math.isnan(lower):
        out.append(t("decision.sep_lower", lang, m=float(math.floor(lower / step_m) * step_m),
                     pairs=portfolio_label(sep["lower_to"], r.groups, lang,  # type: ignore[arg-type]
                                           labels)))
    return out
