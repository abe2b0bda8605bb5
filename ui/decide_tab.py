"""The decision tab: sites for both groups, scenarios (save, open, compare), robustness."""

from __future__ import annotations

import streamlit as st

from .compare_ui import compare_section
from .pair_ui import pair_section
from .robust_ui import robustness_section
from .scenario_ui import scenario_section
from .state import Now


def tab_decide(now: Now) -> None:
    """Choose both groups' sites, save or open the scenario (with that decision), compare
    two, and test the ranking's robustness."""
    pair_section(now)
    st.divider()
    scenario_section(now, now.lang)
    st.divider()
    robustness_section(now)
    st.divider()
    compare_section(now)
