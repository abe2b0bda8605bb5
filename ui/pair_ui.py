""""Velg tomter for begge grupper": the portfolio decision in the decision tab.

Wires switches (objective, minimum separation, districts, reserved plots) to
:func:`siting.decision_network.decide_from_analysis`, and shows the chosen
plots on a map with the walk between them, the decision in words, the
runner-ups and how firm the choice is. Each group's config is the one the
sidebar holds for that profile (edited or built in). The decision is kept per
content key in the session, so reruns are instant.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json

import altair as alt
import geopandas as gpd
import pandas as pd
import streamlit as st
import streamlit_folium

from siting._cells import neutralise_cells
from siting.config import Config, default_config
from siting.decision import (
    DEFAULT_GROUPS,
    Decision,
    DecisionSettings,
    decision_table,
    with_robustness,
)
from siting.decision_network import decide_from_analysis, plot_walk_matrix, read_districts
from siting.errors import SitingError
from siting.text import t
from siting.text.decision import group_label, portfolio_label, robustness_lines, summary_lines
from siting.text.render import name_and_id
from siting.text.robust import percent, percent_points
from siting.webmap.pair import pair_map

from . import keys
from .common import (
    SMALL_UPLOAD_MB,
    STATIC,
    STATIC_URL,
    localised,
    styled,
    upload_limit,
    upload_once,
)
from .markup import md
from .public_gate import held_back, public_on
from .state import Now, keep, kept

__all__ = ["current_decision", "pair_section", "portfolio_view", "winners_chart"]

DRAWS = 2000  # as the ranking's robustness and the report

# --------------------------------------------------------------------------- inputs
def group_configs(lang: str) -> dict[str, Config]:
    """Each group's config as the sidebar holds it (edited, else built in), in ``lang``."""
    configs: dict[str, Config] = st.session_state.configs
    return {g: dataclasses.replace(configs.get(g) or default_config(g), lang=lang)  # type: ignore[arg-type]
            for g in DEFAULT_GROUPS}


def districts_box(lang: str) -> gpd.GeoDataFrame | None:
    upload = st.file_uploader(t("app.pair.districts_file", lang),
                              type=["geojson", "json", "gpkg", "zip"],
                              key="pair_districts_file", max_upload_size=SMALL_UPLOAD_MB)
    upload_limit(st, lang, SMALL_UPLOAD_MB, ["geojson", "json", "gpkg", "zip"])
    if upload is None:
        st.caption(t("app.pair.districts_need", lang))
        return None
    found, _ = upload_once("districts", upload, None, read_districts)
    if isinstance(found, SitingError):
        st.error(md(found.text(lang)))
        return None
    st.caption(t("app.pair.districts_read", lang, n=len(found), name=md(upload.name)))
    districts: gpd.GeoDataFrame = found
    return districts


#: The switches whose choice outlives the tab (see :func:`ui.state.kept`); the district
#: switch is not kept: its file cannot be given back to the uploader.
KEPT_SWITCHES = {"pair_objective": "sum", "pair_separate": True, "pair_metres": 500.0}


def settings_box(now: Now) -> tuple[DecisionSettings, gpd.GeoDataFrame | None]:
    """The switches; return the settings and the district layer (if in use)."""
    lang = now.lang
    for key, default in KEPT_SWITCHES.items():
        kept(key, default)
    left, right = st.columns(2)
    objective = left.radio(t("app.pair.objective", lang), ["sum", "maxmin"], key="pair_objective",
                           format_func=lambda k: t(f"app.pair.obj.{k}", lang))
    separate = right.toggle(t("app.pair.separate", lang), key="pair_separate",
                            help=t("decision.separation.why", lang))
    metres = right.number_input(t("app.pair.separation", lang), 0.0, 20_000.0, step=50.0,
                                format="%.0f", key="pair_metres", disabled=not separate)
    for key in KEPT_SWITCHES:
        keep(key)
    use_districts = right.toggle(t("app.pair.districts", lang), value=False,
                                 key="pair_use_districts")
    districts = districts_box(lang) if use_districts else None
    reserved = reserved_box(now)
    settings = DecisionSettings(objective=objective or "sum",  # type: ignore[arg-type]
                                min_separation_m=float(metres), separate=bool(separate),
                                districts=districts is not None, reserved=reserved)
    return settings, districts


def reserved_box(now: Now) -> dict[str, str]:
    lang = now.lang
    ids = now.acc.table["plot_id"].astype(str).tolist()
    names = dict(zip(ids, now.acc.table["name"].astype(str), strict=True))
    reserved: dict[str, str] = {}
    columns = st.columns(len(DEFAULT_GROUPS))
    for column, group in zip(columns, DEFAULT_GROUPS, strict=True):
        taken = [i for i in ids if i not in reserved]
        label = t("app.pair.reserved", lang, group=group_label(group, lang))
        key = f"pair_reserved_{group}"
        kept(key, allowed=taken)
        picked = column.multiselect(label, taken, key=key,
                                    placeholder=t("app.pair.reserved_none", lang),
                                    format_func=lambda i: name_and_id(names[i], i))
        keep(key)
        reserved |= dict.fromkeys(picked, group)
    return reserved


# --------------------------------------------------------------------------- the decision
def _key(now: Now, configs: dict[str, Config], settings: DecisionSettings,
         districts: gpd.GeoDataFrame | None) -> str:
    text = json.dumps([now.acc_key, {g: c.to_dict() for g, c in configs.items()},
                       settings.to_dict(), keys.frame_digest(districts)],
                      sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def current_decision(now: Now) -> Decision:
    """The decision for the switches on screen (kept per content key in the session)."""
    state = st.session_state
    configs = group_configs(now.lang)
    settings, districts = settings_box(now)
    cache = state.setdefault("pair_cache", {})
    key = _key(now, configs, settings, districts)
    if key not in cache:
        walks = state.setdefault("pair_walks", {})
        if now.acc_key not in walks:
            walks.clear()
            walks[now.acc_key] = plot_walk_matrix(now.acc)
        decision = decide_from_analysis(now.acc, configs, settings, districts,
                                        walk_m=walks[now.acc_key])
        if decision.solution.best is not None:
            decision = with_robustness(decision, n=DRAWS)
        while len(cache) >= 4:
            cache.pop(next(iter(cache)))
        cache[key] = decision
    state.pair_current = (now.acc_key, cache[key], districts)
    found: Decision = cache[key]
    return found


# --------------------------------------------------------------------------- views
def portfolio_view(decision: Decision, lang: str) -> pd.DataFrame:
    """The runner-up table as shown: plots with names, scores, objective, gap, walk."""
    table = decision_table(decision)
    view = pd.DataFrame({t("app.pair.rank", lang): table["rank"]})
    decimals: dict[str, int] = {}
    for g in decision.groups:
        label = group_label(g, lang)
        view[t("app.pair.plot_of", lang, group=label)] = [
            f"{p} – {n}" if n and n != p else p
            for p, n in zip(table[f"plot_{g}"], table[f"name_{g}"], strict=True)]
        view[t("app.pair.score_of", lang, group=label)] = table[f"score_{g}"]
        decimals[t("app.pair.score_of", lang, group=label)] = 1
    for code, column, digits in (("value", "objective", 1), ("gap", "gap", 1),
                                 ("walk", "walk_m_between", 0)):
        view[t(f"app.pair.{code}", lang)] = table[column]
        decimals[t(f"app.pair.{code}", lang)] = digits
    if "share_draws" in table:
        view[t("app.pair.share", lang)] = percent_points(table["share_draws"], 1)
        decimals[t("app.pair.share", lang)] = 1
    view.attrs["decimals"] = decimals
    return view


def winners_chart(decision: Decision, lang: str) -> alt.Chart:
    """One bar per combination chosen in some draw: the share of draws; the chosen one dark."""
    r = decision.robustness
    assert r is not None
    labels = [portfolio_label(tuple(str(row[g]) for g in r.groups), r.groups, lang)
              for _, row in r.winners.iterrows()]
    shares = r.winners["share"].to_numpy()
    data = pd.DataFrame({"label": labels, "share": shares,
                         # the tooltip as the texts say it: "99,9 %" is no "100.0%"
                         "said": [percent(x, lang) for x in shares],
                         "chosen": r.winners["chosen"].to_numpy()})
    return alt.Chart(data).mark_bar(size=18).encode(
        y=alt.Y("label:N", sort=labels, title=None, axis=alt.Axis(labelLimit=360)),
        x=alt.X("share:Q", title=t("app.pair.chart_x", lang), scale=alt.Scale(domain=[0, 1]),
                axis=alt.Axis(format="%")),
        color=alt.condition(alt.datum.chosen, alt.value("#1f4e79"), alt.value("#9ecae1")),
        tooltip=[alt.Tooltip("label:N", title=" "),
                 alt.Tooltip("said:N", title=t("app.pair.chart_x", lang))],
    ).properties(height=alt.Step(28))


def csv_bytes(decision: Decision) -> bytes:
    table = decision_table(decision)
    text: str = neutralise_cells(table).to_csv(index=False)
    return text.encode("utf-8")


def show_decision(now: Now, decision: Decision) -> None:
    lang = now.lang
    firmness = robustness_lines(decision, lang)
    lines = summary_lines(decision, lang)
    lines = lines[:len(lines) - len(firmness)]
    st.markdown("\n".join(f"- {md(line)}" for line in lines))
    if decision.solution.best is None:
        return
    m = pair_map(decision, now.acc, lang, now.study, STATIC_URL, STATIC)
    if m is not None:
        streamlit_folium.st_folium(m, key="pair_map", height=480, use_container_width=True,
                                   returned_objects=[])
    st.markdown(f"**{t('app.pair.runner_ups', lang)}**")
    view = portfolio_view(decision, lang)
    st.dataframe(styled(view, lang), hide_index=True, width="stretch", key="pair_table")
    if public_on():  # ids, names, exact scores and metres: no public version
        held_back("pair", lang)
    else:
        st.download_button(t("app.pair.download", lang), data=csv_bytes(decision),
                           file_name=t("app.pair.file", lang), mime="text/csv", key="pair_csv",
                           on_click="ignore")
    if decision.robustness is not None:
        st.markdown(f"**{t('app.pair.robust_head', lang)}**")
        st.altair_chart(localised(winners_chart(decision, lang), lang), width="stretch")
        kept = ", ".join(f"{group_label(g, lang)} {percent(s, lang)}"
                         for g, s in decision.robustness.share_kept.items())
        st.caption(t("app.pair.kept", lang, groups=md(kept)))
        st.markdown("\n".join(f"- {md(line)}" for line in firmness))


def pair_section(now: Now) -> None:
    lang = now.lang
    st.subheader(t("app.pair.head", lang))
    st.caption(t("app.pair.intro", lang))
    if len(now.acc.table) < len(DEFAULT_GROUPS):
        st.info(t("app.pair.none_plots", lang))
        return
    try:
        decision = current_decision(now)
    except SitingError as err:
        st.error(md(err.text(lang)))
        return
    show_decision(now, decision)

