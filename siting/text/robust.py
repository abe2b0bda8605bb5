"""How firm a ranking is, in words: the weight-draw summary and the swap sentences.

:mod:`siting.robustness` computes shares, ranks and multipliers; these
functions say them in one language.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from ..config import SLIDER_WEIGHT_MAX, Config
from ..robustness import Sensitivity
from . import factor, number, t
from .render import criterion_labels

__all__ = ["percent", "sensitivity_summary", "swap_sentence", "swap_sentences"]


def percent(share: float, lang: str = "nb") -> str:
    """A share 0-1 as a whole percentage: "87 %" in bokmål, "87%" in English; "–" if unknown."""
    if not math.isfinite(float(share)):
        return "–"
    return t("percent", lang, v=100 * float(share))


def sensitivity_summary(sens: Sensitivity, lang: str = "nb") -> str:
    """One sentence on how firmly the leading plot leads, in ``lang``."""
    top = sens.table.iloc[0]
    spread = percent(sens.spread, lang)
    if sens.method == "dirichlet":
        how = t("robust.how.dirichlet", lang, pm=spread)
    else:
        how = t("robust.how.uniform", lang, pm=spread, low=number(1 - sens.spread, lang, 2),
                high=number(1 + sens.spread, lang, 2))
    said = t("robust.summary", lang, how=how, n=int(sens.n), plot=str(top["plot_id"]),
             first=percent(top["share_first"], lang), top3=percent(top["share_top3"], lang))
    table = sens.table
    if "share_level" in table and float(top["share_level"]) > 0:  # first by the ids' order
        others = [str(p) for p, s in zip(table["plot_id"].iloc[1:], table["share_level"].iloc[1:],
                                          strict=True) if s > 0]
        said += " " + t("robust.level", lang, level=percent(top["share_level"], lang),
                        plot=str(top["plot_id"]), others=", ".join(others))
    return said


def swap_sentence(row: Any, label: str, lang: str = "nb") -> str:
    """The sentence of one row of :func:`siting.robustness.swap_weights` in ``lang``."""
    pair = {"first": row.first, "second": row.second}
    if row.blocked:
        return t("robust.blocked", lang, **pair)
    if math.isnan(row.multiplier):
        return t("robust.never", lang, label=label, **pair)
    key = "robust.beyond" if row.new_weight > SLIDER_WEIGHT_MAX + 1e-9 else "robust.swap"
    return t(key, lang, label=label, verb=t(f"robust.{row.direction}", lang),
             old=number(row.weight, lang, 2, trim=True),
             new=number(row.new_weight, lang, 2, trim=True),
             times=factor(row.multiplier, lang),
             top=number(SLIDER_WEIGHT_MAX, lang, None), **pair)


def swap_sentences(swaps: pd.DataFrame, config: Config, lang: str = "nb") -> list[str]:
    """The sentences of a :func:`~siting.robustness.swap_weights` table, row by row."""
    labels = criterion_labels(config, lang)
    return [swap_sentence(r, labels.get(r.criterion, r.criterion), lang)
            for r in swaps.itertuples()]
