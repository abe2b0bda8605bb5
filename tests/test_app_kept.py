"""What a user typed or picked outside the map tab also outlives a visit to another tab.

Streamlit forgets a widget's value when a run does not draw it; the scenario's
title and notes (Beslutning) and the plots shown side by side (Rangering) came
back empty or at their defaults. :func:`ui.state.kept` gives them back, per session.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from apptesting import app_starter, install_fake_map, visit
from streamlit.testing.v1 import AppTest


@pytest.fixture
def app(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Callable[..., AppTest]:
    install_fake_map(monkeypatch)
    return app_starter(monkeypatch, tmp_path)


def test_scenario_title_and_notes_survive_another_tab(app: Callable[..., AppTest]) -> None:
    at = visit(app(), "Beslutning")
    at.text_input(key="scenario_title").set_value("Robuste boliger, runde 2")
    at.text_area(key="scenario_notes").set_value("Drøftet med politiet 2. desember.")
    at.run()
    for tab in ("Kart", "Rangering"):
        visit(at, tab)
        assert "scenario_title" not in at.session_state  # Streamlit dropped the widget
        visit(at, "Beslutning")
        assert at.text_input(key="scenario_title").value == "Robuste boliger, runde 2"
        assert at.text_area(key="scenario_notes").value == "Drøftet med politiet 2. desember."


def test_plots_side_by_side_survive_another_tab(app: Callable[..., AppTest]) -> None:
    at = visit(app(), "Rangering")
    assert len(at.multiselect(key="compare").value) == 2  # the two best, by default
    at.multiselect(key="compare").set_value(["C"]).run()
    visit(at, "Kart")
    assert "compare" not in at.session_state
    visit(at, "Rangering")
    assert at.multiselect(key="compare").value == ["C"]


def test_kept_choices_are_per_session(app: Callable[..., AppTest]) -> None:
    first = visit(app(), "Beslutning")
    first.text_input(key="scenario_title").set_value("Bare min").run()
    second = visit(app(), "Beslutning")
    assert second.text_input(key="scenario_title").value == ""
