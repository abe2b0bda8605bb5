"""The portfolio decision in plain words, bokmål ("nb") and English ("en").

Every user-facing sentence of the decision lives in :data:`TEXTS` (keyed by a
code, both languages side by side, ready for the text catalogue) and is put
together here, so the command line, the app and the committee report say the
same thing. Plots are named by id and, where it helps, name; numbers use a
decimal comma and a no-break thousands space in bokmål.
"""

from __future__ import annotations

import itertools
import math

from . import settings
from .decision import Decision
from .profiles import PROFILE_TEXTS

__all__ = ["TEXTS", "blocker_text", "group_label", "number", "objective_label",
           "portfolio_label", "summary_lines", "swap_sentence", "text"]

TEXTS: dict[str, dict[str, str]] = {
    "obj_sum": {"nb": "summen av gruppenes poeng", "en": "the sum of the groups' scores"},
    "obj_maxmin": {"nb": "poengene til gruppen som kommer dårligst ut (maks-min)",
                   "en": "the score of the worst-off group (max-min)"},
    "chosen": {"nb": "Anbefalt: {pairs}.", "en": "Recommended: {pairs}."},
    "pair": {"nb": "tomt {plot}{name} for {group} ({score} poeng)",
             "en": "plot {plot}{name} for {group} (score {score})"},
    "objective": {"nb": "Valgt etter {objective}: {value} poeng.",
                  "en": "Chosen by {objective}: {value} points."},
    "walk2": {"nb": "Gangavstand mellom tomtene: {m} m (om lag {min} min å gå){rule}.",
              "en": "Walking distance between the plots: {m} m (about {min} min on foot){rule}."},
    "walkk": {"nb": "Korteste gangavstand mellom to av tomtene: {m} m{rule}.",
              "en": "Shortest walking distance between two of the plots: {m} m{rule}."},
    "walk_rule": {"nb": "; kravet er minst {m} m", "en": "; at least {m} m required"},
    "walk_none": {"nb": "ikke forbundet til fots", "en": "not connected on foot"},
    "own_same": {"nb": "Hver gruppe får sin egen beste tomt.",
                 "en": "Each group gets its own best plot."},
    "own_differ": {"nb": "Gruppenes beste tomter hver for seg er {pairs}, men {why}.",
                   "en": "The groups' best plots on their own are {pairs}, but {why}."},
    "own_pair": {"nb": "{plot} for {group}", "en": "{plot} for {group}"},
    "why_same_plot": {"nb": "én tomt kan bare gå til én gruppe ({plot})",
                      "en": "one plot can only go to one group ({plot})"},
    "why_close": {"nb": "{a} og {b} ligger bare {m} m fra hverandre til fots",
                  "en": "{a} and {b} are only {m} m apart on foot"},
    "why_district": {"nb": "{a} og {b} ligger i samme krets", "en": "{a} and {b} share a district"},
    "why_reserved": {"nb": "{plot} er reservert for {group}",
                     "en": "{plot} is reserved for {group}"},
    "why_objective": {"nb": "kombinasjonen som er valgt gir mer etter {objective}",
                      "en": "the chosen combination gives more by {objective}"},
    "own_none": {"nb": "Ingen tomt oppfyller alle krav for {group}.",
                 "en": "No plot passes every rule for {group}."},
    "runner_up": {"nb": "Nest beste kombinasjon: {pairs}, {gap} poeng bak.",
                  "en": "Runner-up: {pairs}, {gap} points behind."},
    "runner_up_tie": {"nb": "Nest beste kombinasjon: {pairs}, like god etter målet, men bak "
                            "på det som avgjør ved likhet ({tie}).",
                      "en": "Runner-up: {pairs}, equal by the objective, behind on the "
                            "tie-breaker ({tie})."},
    "tie_sum": {"nb": "lavest poengsum for én gruppe", "en": "the lowest group score"},
    "tie_maxmin": {"nb": "summen av poengene", "en": "the sum of the scores"},
    "robust": {"nb": "Når vektene i begge profilene endres tilfeldig (±{spread} %, {n} "
                     "trekninger), velges den samme kombinasjonen i {share} av trekningene.",
               "en": "When both profiles' weights are changed at random (±{spread} %, {n} "
                     "draws), the same combination is chosen in {share} of the draws."},
    "takeover": {"nb": "Oftest tar {pairs} over ({share}).",
                 "en": "Most often {pairs} takes over ({share})."},
    "swap": {"nb": "Minste enkeltendring som endrer valget: hvis vekten på {label} for "
                   "{group} {verb} fra {old} til {new} (×{m}), velges {pairs}.",
             "en": "Smallest single change that swaps the decision: if the weight on {label} "
                   "for {group} {verb} from {old} to {new} (×{m}), {pairs} is chosen."},
    "swap_none": {"nb": "Ingen endring av én enkelt vekt endrer valget.",
                  "en": "No change of a single weight changes the decision."},
    "up": {"nb": "øker", "en": "rises"},
    "down": {"nb": "synker", "en": "falls"},
    "sep_raise": {"nb": "Settes minsteavstanden over {m} m, velges {pairs}.",
                  "en": "With a minimum separation above {m} m, {pairs} is chosen."},
    "sep_raise_none": {"nb": "Settes minsteavstanden over {m} m, finnes ingen kombinasjon.",
                       "en": "With a minimum separation above {m} m, no combination is left."},
    "sep_lower": {"nb": "Senkes den til {m} m, velges {pairs}.",
                  "en": "Lowered to {m} m, it lets {pairs} be chosen."},
    "none": {"nb": "Ingen kombinasjon av tomter oppfyller alle krav: {why}.",
             "en": "No combination of plots meets every requirement: {why}."},
    "b_rules": {"nb": "ingen tomt oppfyller alle krav for {group}",
                "en": "no plot passes every rule for {group}"},
    "b_plots": {"nb": "for få ulike tomter oppfyller kravene til at hver gruppe får sin",
                "en": "too few different plots pass the rules for each group to get one"},
    "b_separation": {"nb": "minsteavstanden utelukker alle kombinasjoner (et lavere krav gir "
                           "et valg)",
                     "en": "the minimum separation rules out every combination (a lower one "
                           "leaves a choice)"},
    "b_districts": {"nb": "kravet om ulike kretser utelukker alle kombinasjoner",
                    "en": "the rule of different districts rules out every combination"},
    "b_reserved": {"nb": "reservasjonene utelukker alle kombinasjoner",
                   "en": "the reservations rule out every combination"},
    "b_combined": {"nb": "kravene utelukker sammen alle kombinasjoner",
                   "en": "the requirements together rule out every combination"},
    "and": {"nb": " og ", "en": " and "},
}


def text(code: str, lang: str, **values: object) -> str:
    """The text ``code`` in ``lang`` (English as fallback), filled with ``values``."""
    entry = TEXTS[code]
    return entry.get(lang, entry["en"]).format(**values)


def number(x: float, decimals: int, lang: str) -> str:
    """``x`` with ``decimals``; bokmål: decimal comma, no-break thousands space."""
    shown = f"{x:,.{decimals}f}"
    if lang == "nb":
        return shown.replace(",", "\u00a0").replace(".", ",")
    return shown


def group_label(group: str, lang: str) -> str:
    """A group's display name: the profile's name (e.g. "Endring") or the group itself."""
    known = PROFILE_TEXTS.get(lang, PROFILE_TEXTS["en"]).get(group)
    return known[0] if known else group


def objective_label(objective: str, lang: str) -> str:
    return text(f"obj_{objective}", lang)


def _join(parts: list[str], lang: str) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + text("and", lang) + parts[-1]


def portfolio_label(plots: tuple[str, ...] | list[str], groups: tuple[str, ...],
                    lang: str) -> str:
    """E.g. "P1 for Endring og P3 for Aktiv rus"."""
    return _join([text("own_pair", lang, plot=p, group=group_label(g, lang))
                  for p, g in zip(plots, groups, strict=True)], lang)


def blocker_text(code: str, lang: str) -> str:
    """Why no portfolio is feasible, for one code of :attr:`Solution.blockers`."""
    if code.startswith("rules:"):
        return text("b_rules", lang, group=group_label(code.split(":", 1)[1], lang))
    return text(f"b_{code}", lang)


# --------------------------------------------------------------------------- sentences
def summary_lines(decision: Decision, lang: str) -> list[str]:
    """The decision in a few sentences: what, why, how firm, what would change it."""
    best = decision.solution.best
    if best is None:
        why = "; ".join(blocker_text(c, lang) for c in decision.solution.blockers)
        return [text("none", lang, why=why)]
    lines = [_chosen(decision, lang), _walk(decision, lang), _own(decision, lang)]
    lines.append(text("objective", lang, objective=objective_label(decision.problem.objective,
                                                                   lang),
                      value=number(best.objective, 1, lang)))
    if len(decision.solution.portfolios) > 1:
        lines.append(_runner_up(decision, lang))
    return [line for line in lines if line] + robustness_lines(decision, lang)


def _runner_up(decision: Decision, lang: str) -> str:
    second = decision.solution.portfolios[1]
    pairs = portfolio_label(second.plots, decision.groups, lang)
    gap = decision.solution.gap(second)
    if round(gap, 9) == 0:
        return text("runner_up_tie", lang, pairs=pairs,
                    tie=text(f"tie_{decision.problem.objective}", lang))
    return text("runner_up", lang, pairs=pairs, gap=number(gap, 1, lang))


def _chosen(decision: Decision, lang: str) -> str:
    best = decision.solution.best
    assert best is not None
    pairs = []
    for g, p, s in zip(decision.groups, best.plots, best.scores, strict=True):
        name = decision.name_of(p)
        pairs.append(text("pair", lang, plot=p, name=f" «{name}»" if name and name != p else "",
                          group=group_label(g, lang), score=number(s, 1, lang)))
    return text("chosen", lang, pairs=_join(pairs, lang))


def _walk(decision: Decision, lang: str) -> str:
    best = decision.solution.best
    assert best is not None
    sep = decision.problem.min_separation_m
    rule = text("walk_rule", lang, m=number(sep, 0, lang)) if sep > 0 else ""
    m = best.min_walk_m
    if not math.isfinite(m):
        shown = text("walk_none", lang)
        return text("walkk", lang, m=shown, rule=rule).replace(f"{shown} m", shown)
    if decision.problem.k == 2:
        minutes = number(m / settings.walking_speed_m_per_min, 0, lang)
        return text("walk2", lang, m=number(m, 0, lang), min=minutes, rule=rule)
    return text("walkk", lang, m=number(m, 0, lang), rule=rule)


def _own(decision: Decision, lang: str) -> str:
    own = decision.own_best()
    best = decision.solution.best
    assert best is not None
    missing = [g for g, p in own.items() if p is None]
    if missing:
        return text("own_none", lang, group=group_label(missing[0], lang))
    plots = tuple(str(own[g]) for g in decision.groups)
    if plots == best.plots:
        return text("own_same", lang)
    return text("own_differ", lang, pairs=portfolio_label(plots, decision.groups, lang),
                why=_why_not(decision, plots, lang))


def _why_not(decision: Decision, plots: tuple[str, ...], lang: str) -> str:
    """Why the groups' own best plots are not the chosen portfolio."""
    p = decision.problem
    index = [p.plot_ids.index(x) for x in plots]
    reasons = []
    for plot, owner in p.reserved.items():
        for g, x in zip(decision.groups, plots, strict=True):
            if x == plot and g != owner:
                reasons.append(text("why_reserved", lang, plot=plot,
                                    group=group_label(owner, lang)))
    for (a, i), (b, j) in itertools.combinations(zip(plots, index, strict=True), 2):
        if i == j:
            reasons.append(text("why_same_plot", lang, plot=a))
        elif not p.walk_m[i, j] >= p.min_separation_m:
            reasons.append(text("why_close", lang, a=a, b=b, m=number(p.walk_m[i, j], 0, lang)))
        elif p.districts is not None and (p.districts[i] & p.districts[j]).any():
            reasons.append(text("why_district", lang, a=a, b=b))
    if not reasons:
        reasons.append(text("why_objective", lang,
                            objective=objective_label(p.objective, lang)))
    return _join(list(dict.fromkeys(reasons)), lang)


def robustness_lines(decision: Decision, lang: str) -> list[str]:
    """How often the choice holds, what takes over, and the smallest change that swaps it."""
    r = decision.robustness
    if r is None:
        return []
    share = f"{number(100 * r.share_same, 0, lang)} %"
    lines = [text("robust", lang, spread=number(100 * r.spread, 0, lang),
                  n=number(r.n, 0, lang), share=share)]
    if r.takeover is not None:
        plots, other = r.takeover
        lines.append(text("takeover", lang, pairs=portfolio_label(plots, r.groups, lang),
                          share=f"{number(100 * other, 0, lang)} %"))
    lines.append(swap_sentence(decision, lang))
    lines += separation_lines(decision, lang)
    return lines


def swap_sentence(decision: Decision, lang: str) -> str:
    """The smallest single weight change that swaps the decision, in words."""
    r = decision.robustness
    row = None if r is None else r.smallest_swap
    if r is None or row is None:
        return text("swap_none", lang)
    config = decision.configs[row["group"]]
    crit = config.criteria[row["criterion"]]
    label = (crit.label_nb if lang == "nb" else crit.label_en) or row["criterion"]
    return text("swap", lang, label=label, group=group_label(row["group"], lang),
                verb=text(row["direction"], lang), old=_weight(row["weight"], lang),
                new=_weight(row["new_weight"], lang),
                m=number(row["multiplier"], 2, lang),
                pairs=portfolio_label(row["new"], r.groups, lang))


def _weight(x: float, lang: str) -> str:
    """A weight with at most two decimals and no trailing zeros ("3", "4,2")."""
    shown = number(x, 2, lang)
    return shown.rstrip("0").rstrip(",.") if shown[-3] in ",." else shown


def separation_lines(decision: Decision, lang: str) -> list[str]:
    """At what minimum separation the decision would change, up and down."""
    r = decision.robustness
    if r is None:
        return []
    sep = r.separation
    out = []
    above = float(sep["raise_above_m"])  # type: ignore[arg-type]
    if math.isfinite(above):
        to = sep["raise_to"]
        out.append(text("sep_raise", lang, m=number(above, 0, lang),
                        pairs=portfolio_label(to, r.groups, lang))  # type: ignore[arg-type]
                   if to else text("sep_raise_none", lang, m=number(above, 0, lang)))
    lower = float(sep["lower_to_m"])  # type: ignore[arg-type]
    if not math.isnan(lower):
        out.append(text("sep_lower", lang, m=number(math.floor(lower), 0, lang),
                        pairs=portfolio_label(sep["lower_to"], r.groups, lang)))  # type: ignore[arg-type]
    return out
