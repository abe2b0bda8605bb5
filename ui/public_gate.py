"""Whether downloads are public, for every tab, and the caption where a file is held back.

The switch is drawn in the download tab only (:func:`ui.public_ui.public_switch`), but it
governs every download in the app: its value is kept while another tab is open
(:func:`ui.state.kept`), and a tab whose file has no public version offers no button
while it is on, saying why and how to get the file (turn the switch off). Kept apart from
:mod:`ui.public_ui` so the tabs that only ask do not import the preview's Excel code.
"""

from __future__ import annotations

import streamlit as st

from siting.text import t

from .state import KEPT

__all__ = ["SWITCH", "held_back", "public_on"]

SWITCH = "dl_public"  # the switch's widget key


def public_on() -> bool:
    """Whether the public-version switch is on (drawn this run, or kept from its tab)."""
    state = st.session_state
    return bool(state[SWITCH] if SWITCH in state else state.get(KEPT + SWITCH, False))


def held_back(what: str, lang: str) -> None:
    """The caption in place of a download with no public version: ``app.public.held_<what>``."""
    st.caption(t(f"app.public.held_{what}", lang, switch=t("app.public.switch", lang),
                 tab=t("app.tab_download", lang)))
