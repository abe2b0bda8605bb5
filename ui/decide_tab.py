"""The decision tab: scenarios (save, open, compare) and how robust the ranking is."""

from __future__ import annotations

import streamlit as st

from .compare_ui import compare_section
from .robust_ui import robustness_section
from .scenario_ui import scenario_section
from .state import Now


def tab_decide(now: Now) -> None:
    """Save or open the scenario, compare two, and test the ranking's robustness."""
    scenario_section(now, now.lang)
    st.divider()
    robustness_section(now)
    st.divider()
    compare_section(now)
