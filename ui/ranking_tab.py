"""The ranking tab: the full table and two or three plots side by side."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from siting.analysis import Accessibility
from siting.config import Config
from siting.scoring import tie_groups
from siting.text import t
from siting.text.render import name_and_id
from siting.text.robust import tie_note

from . import views
from .common import paged, styled, table_columns
from .markup import as_markdown
from .state import keep, kept


def tab_ranking(acc: Accessibility, ranked: pd.DataFrame, config: Config) -> None:
    lang = config.lang
    st.subheader(t("app.ranking", lang))
    if ranked.empty:
        st.info(t("app.no_ranking", lang))
        return
    view = views.ranking_view(ranked, config, lang, acc.categories)
    kept("table_group", "overview")  # the choice outlives the tab
    group = st.segmented_control(
        t("app.table.show", lang), views.GROUPS, required=True, key="table_group",
        format_func=lambda g: t(f"app.table.group.{g}", lang))
    keep("table_group")
    shown = view[view.attrs["groups"][group or "overview"]]
    shown.attrs = dict(view.attrs)
    shown = paged(shown, "ranking_table", lang)
    st.dataframe(styled(shown, lang), hide_index=True, width="stretch", key="ranking_table",
                 column_config=table_columns(shown, reasons=str(view.columns[5])))
    st.caption(t("app.table.note", lang))
    if ties := tie_note(tie_groups(ranked), lang):  # "61" on ranks 4-11 hid six equal scores
        st.caption(ties)
    st.subheader(t("app.compare", lang))
    ids = ranked["plot_id"].astype(str).tolist()
    names = dict(zip(ids, ranked["name"].astype(str), strict=True))
    kept("compare", allowed=ids)  # the plots side by side outlive a visit to another tab
    pick = st.multiselect(t("app.compare_pick", lang), ids,
                          default=None if "compare" in st.session_state else ids[:2],
                          max_selections=3, format_func=lambda i: name_and_id(names[i], i),
                          key="compare", placeholder=t("app.choose", lang))
    keep("compare")
    if pick:
        st.table(as_markdown(views.compare_view(ranked, pick, config, lang)))
        st.caption(t("app.compare_note", lang))  # "349 m → 19,4": what the second number is

