"""The public-version switch of the download tab and its "what is removed" preview.

One switch makes every download public (table, map, report; see
:mod:`siting.public`); a file with no public version (scenario, combinations, service
list) is not offered while it is on (:mod:`ui.public_gate`). Before anything is
downloaded, the preview says what leaves this analysis (with its own counts) and shows
the first rows of the table as it will be shared.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from siting.excel import column_headers
from siting.public import public_frame, withheld
from siting.text import number, t

from .public_gate import SWITCH
from .state import Now, keep, kept

__all__ = ["public_switch", "removed_counts"]

def say(key: str, lang: str, **values: object) -> str:
    """The catalogue text ``app.public.<key>`` in ``lang`` (see :mod:`siting.text._safety`)."""
    return t(f"app.public.{key}", lang, **values)


def removed_counts(ranked: pd.DataFrame, located: int) -> dict[str, int]:
    """How much of ``ranked`` the public version leaves out or coarsens.

    ``names``: plots (each loses its name and id); ``services``: distinct names of
    nearest services; ``figures``: finite walking distances, police times and
    patrol detours; ``places``: plots with a position (``located``).
    """
    nearest = [c for c in ranked.columns if c.startswith("nearest_")]
    services = {str(v) for c in nearest for v in ranked[c] if isinstance(v, str) and v}
    columns = [c for c in ranked.columns if c.startswith("walk_m_")]
    columns += [c for c in ("police_drive_min", "patrol_detour_min") if c in ranked]
    values = ranked[columns].to_numpy(dtype=float)
    return {"names": len(ranked), "services": len(services),
            "figures": int(np.isfinite(values).sum()), "places": located}


def public_switch(now: Now) -> bool:
    """Draw the switch (and, when on, the preview); return whether downloads are public."""
    lang = now.lang
    kept(SWITCH, False)  # on stays on while another tab is open (see ui.public_gate)
    public = st.toggle(say("switch", lang), key=SWITCH, help=say("switch_help", lang))
    keep(SWITCH)
    if public:
        preview(now)
    return bool(public)


def preview(now: Now) -> None:
    """What leaves the analysis, in words and counts, and the first rows as shared."""
    from siting import settings

    lang, ranked, plots = now.lang, now.ranked, now.acc.plots
    table = public_frame(ranked, plots, now.config, now.acc.categories, lang)
    located = int(table.geometry.notna().sum())  # a plot with no place gets no cell either
    with st.container(border=True):
        st.markdown(f"**{say('head', lang)}**")
        _, *items, why = withheld(lang)
        counts = removed_counts(ranked, located)
        st.markdown("\n".join(f"- {item}" for item in items))
        st.caption(f"{say('counts', lang, cell=f'{settings.public_cell_m:g}', **counts)} {why}")
        st.caption(say("preview", lang))
        shown = pd.DataFrame(table.drop(columns="geometry")).head(10)
        unranked = t("xlsx.unranked", lang)  # a flagged plot, as the Excel says it
        for column in ("rank", "score"):  # all text: numbers and words in one column are
            shown[column] = [unranked if pd.isna(v) else number(v, lang, 0)  # no Arrow type
                             for v in shown[column]]
        heads = column_headers(shown.columns, now.config, lang)  # the Excel's, not the CSV's
        st.dataframe(shown.rename(columns=heads), hide_index=True, width="stretch",
                     key="public_preview")
