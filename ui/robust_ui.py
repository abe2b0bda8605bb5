"""How firm the ranking is: Pareto dominance, weight sensitivity and swap points."""

from __future__ import annotations

import math
from dataclasses import dataclass

import altair as alt
import pandas as pd
import streamlit as st

from siting.config import Config
from siting.robustness import Sensitivity, pareto, swap_weights, weight_sensitivity
from siting.text import t
from siting.text.render import column_labels, criterion_labels, status_label
from siting.text.robust import percent_points, sensitivity_summary, swap_sentences

from . import keys
from .common import localised, paged, styled
from .markup import md
from .state import Now

DRAWS, SPREAD = 2000, 0.5  # as in the committee report


@dataclass
class Robustness:
    pareto: pd.DataFrame
    sensitivity: Sensitivity
    swaps: pd.DataFrame


def robustness(now: Now) -> Robustness:
    """The three analyses, kept per (distance table, config) in the session."""
    cache = st.session_state.robust_cache
    key = keys.analysis_key(now.acc.table, now.config)
    if key not in cache:
        while len(cache) >= 4:
            cache.pop(next(iter(cache)))
        cache[key] = Robustness(
            pareto(now.ranked, now.config),
            weight_sensitivity(now.acc.table, now.config, n=DRAWS, spread=SPREAD),
            swap_weights(now.acc.table, now.config))
    found: Robustness = cache[key]
    return found


# --------------------------------------------------------------------------- views
def _ids(ids: list[str]) -> str:
    return ", ".join(map(str, ids)) or "–"


def pareto_view(table: pd.DataFrame, names: dict[str, str], config: Config,
                lang: str) -> pd.DataFrame:
    """The Pareto table as shown: rank, plot, name, status, beaten or not, by whom, beats."""
    labels = column_labels(config, lang)
    return pd.DataFrame({
        labels["rank"]: table["rank"], labels["plot_id"]: table["plot_id"],
        t("app.svc_name", lang): [names.get(i, "") for i in table["plot_id"]],
        labels["status"]: [status_label(s, lang) for s in table["status"]],
        t("app.par_dominated", lang): [t("app.yes" if d else "app.no", lang)
                                       for d in table["dominated"]],
        t("app.par_by", lang): [_ids(x) for x in table["dominated_by"]],
        t("app.par_beats", lang): [_ids(x) for x in table["dominates"]],
    })


def sensitivity_view(table: pd.DataFrame, config: Config, lang: str) -> pd.DataFrame:
    """Shares (per cent, 1 decimal) and ranks of the ranked plots, in rank order."""
    labels = column_labels(config, lang)
    rows = table[table["rank"].notna()]
    spans = [f"{int(lo)}–{int(hi)}" if lo != hi else f"{int(lo)}"
             for lo, hi in zip(rows["rank_p05"], rows["rank_p95"], strict=True)]
    view = pd.DataFrame({
        labels["rank"]: rows["rank"], labels["plot_id"]: rows["plot_id"],
        t("app.svc_name", lang): rows.get("name", ""),
        t("app.sens_first", lang) + " (%)": percent_points(rows["share_first"], 1),
        t("app.sens_top3", lang) + " (%)": percent_points(rows["share_top3"], 1),
        t("app.sens_mean", lang): rows["mean_rank"].round(2), t("app.sens_range", lang): spans,
    }).reset_index(drop=True)
    view.attrs["decimals"] = {view.columns[3]: 1, view.columns[4]: 1, view.columns[5]: 2}
    return view


def swap_lines(swaps: pd.DataFrame, config: Config, lang: str) -> list[str]:
    """The swap sentences: the weight changes that swap the first two, nearest first,
    then one line for the criteria whose weight alone cannot swap them."""
    if swaps.empty:
        return [t("app.swap_pair", lang)]
    if bool(swaps["blocked"].iloc[0]):  # the second fails a rule the first passes
        return swap_sentences(swaps.iloc[:1], config, lang)
    found = swaps[swaps["multiplier"].notna()]
    found = found.iloc[found["multiplier"].map(lambda m: abs(math.log(m))).argsort()]
    lines = swap_sentences(found, config, lang)
    rest = swaps[swaps["multiplier"].isna()]
    if len(rest):
        first, second = swaps["first"].iloc[0], swaps["second"].iloc[0]
        labels = criterion_labels(config, lang)
        said = ", ".join(labels[k] for k in rest["criterion"])
        lines.append(t("app.swap_rest", lang, labels=said, first=first, second=second))
    return lines


def share_chart(view: pd.DataFrame, lang: str) -> alt.LayerChart | alt.FacetChart:
    """Per plot, a wide light bar (share of draws in the top three) with a narrow dark bar
    on it (share ranked first): the first is always inside the second."""
    first, top3 = t("app.sens_first", lang), t("app.sens_top3", lang)
    plot, name = view.columns[1], view.columns[2]
    labels = [f"{p} – {n}" for p, n in zip(view[plot], view[name], strict=True)]
    long = pd.DataFrame({"plot": labels * 2, "measure": [top3] * len(view) + [first] * len(view),
                         "share": [*view[top3 + " (%)"] / 100, *view[first + " (%)"] / 100]})
    base = alt.Chart(long).encode(
        y=alt.Y("plot:N", sort=labels, title=None, axis=alt.Axis(labelLimit=280)),
        x=alt.X("share:Q", title=t("app.sens_share", lang), stack=None,
                scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(format="%")),
        color=alt.Color("measure:N", title=None, sort=[first, top3],
                        scale=alt.Scale(domain=[first, top3], range=["#1f4e79", "#9ecae1"]),
                        legend=alt.Legend(orient="bottom", symbolType="square", symbolSize=160)),
        tooltip=[alt.Tooltip("plot:N", title=t("column.plot_id", lang)),
                 alt.Tooltip("measure:N", title=" "),
                 alt.Tooltip("share:Q", format=".0%", title=t("app.sens_share", lang))])
    wide = base.mark_bar(size=22).transform_filter(alt.datum.measure == top3)
    narrow = base.mark_bar(size=9).transform_filter(alt.datum.measure == first)
    return alt.layer(wide, narrow).properties(height=alt.Step(34))


# --------------------------------------------------------------------------- section
def robustness_section(now: Now) -> None:
    lang = now.lang
    st.subheader(t("app.rob_head", lang))
    if now.ranked["rank"].notna().sum() == 0:
        st.info(t("app.no_ranking", lang))
        return
    found = robustness(now)
    names = dict(zip(now.ranked["plot_id"].astype(str), now.ranked["name"].astype(str),
                     strict=True))
    st.markdown(f"**{t('app.sens_head', lang)}**")
    st.info(md(sensitivity_summary(found.sensitivity, lang)))
    view = sensitivity_view(found.sensitivity.table, now.config, lang)
    st.altair_chart(localised(share_chart(view, lang), lang), width="stretch")
    st.dataframe(styled(paged(view, "sens_table", lang), lang), hide_index=True, width="stretch",
                 key="sens_table")
    if (found.sensitivity.table["status"] == "flagged").any():
        st.caption(t("app.sens_flagged", lang))
    st.markdown(f"**{t('app.swap_head', lang)}**")
    st.markdown("\n".join(f"- {md(line)}" for line in swap_lines(found.swaps, now.config, lang)))
    st.markdown(f"**{t('app.par_head', lang)}**")
    st.caption(t("app.par_intro", lang))
    st.dataframe(pareto_view(found.pareto, names, now.config, lang), hide_index=True,
                 width="stretch", key="pareto_table")
    if not found.pareto["dominated"].any():
        st.caption(t("app.par_none", lang))
