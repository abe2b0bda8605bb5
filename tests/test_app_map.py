"""The map tab's choices outlive the tab, per session (AppTest on the demo town).

Streamlit forgets the value of a widget that a run does not draw. The map tab is
drawn only while it is open, so before :func:`ui.state.kept` its click mode,
layers, service category, names and route plot were back at their defaults each
time the user came back from another tab (issue 9's office use: "a map that
keeps its place").
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from apptesting import FakeMap, app_starter, install_fake_map, visit
from streamlit.testing.v1 import AppTest

from siting.demo import demo_plots


@pytest.fixture
def fake_map(monkeypatch: pytest.MonkeyPatch) -> FakeMap:
    return install_fake_map(monkeypatch)


@pytest.fixture
def app(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
        fake_map: FakeMap) -> Callable[..., AppTest]:
    return app_starter(monkeypatch, tmp_path)


def choices(at: AppTest) -> dict[str, object]:
    return {"mode": at.segmented_control(key="click_mode").value,
            "category": at.selectbox(key="new_service_cat").value,
            "name": at.text_input(key="new_service_name").value,
            "layers": at.pills(key="layers").value,
            "route": at.selectbox(key="route_plot").value,
            "online": at.toggle(key="online").value}


def test_the_click_mode_and_map_choices_survive_another_tab(app: Callable[..., AppTest],
                                                             fake_map: FakeMap) -> None:
    at = app()
    assert at.segmented_control(key="click_mode").value == "none"
    at.segmented_control(key="click_mode").set_value("service").run()
    at.selectbox(key="new_service_cat").set_value("police")
    at.text_input(key="new_service_name").set_value("Lensmannen")
    at.pills(key="layers").set_value(["network", "police"])
    at.selectbox(key="route_plot").set_value("C")
    at.run()
    before = choices(at)
    assert before == {"mode": "service", "category": "police", "name": "Lensmannen",
                      "layers": ["network", "police"], "route": "C", "online": False}
    for tab in ("Rangering", "Tomter", "Beslutning"):
        visit(at, tab)
        assert "click_mode" not in at.session_state  # Streamlit dropped the widget's value
        visit(at, "Kart")
        assert choices(at) == before, tab
    # the map drawn on coming back is in placing mode: a click adds the station
    a = demo_plots().geometry.iloc[0]
    fake_map.click = {"lat": a.y, "lng": a.x + 0.001}
    at.run()
    assert at.session_state["added"]["name"].tolist() == ["Lensmannen"]
    assert at.session_state["added"]["category"].tolist() == ["police"]
    visit(at, "Rangering")
    visit(at, "Kart")
    assert at.text_input(key="new_service_name").value == ""  # a used name is not kept
    assert at.segmented_control(key="click_mode").value == "service"


def test_a_kept_route_plot_that_was_removed_falls_back(app: Callable[..., AppTest]) -> None:
    at = app()
    at.selectbox(key="route_plot").set_value("C").run()
    visit(at, "Tomter")
    at.multiselect(key="remove_pick").set_value(["C"])
    at.button(key="remove_do").click().run()
    visit(at, "Kart")
    assert at.selectbox(key="route_plot").value in {"A", "B", "D"}  # E is flagged: no routes


def test_one_session_never_sees_another_sessions_choices(app: Callable[..., AppTest]) -> None:
    first, second = app(), app()
    first.segmented_control(key="click_mode").set_value("plot").run()
    first.pills(key="layers").set_value(["police"]).run()
    visit(first, "Rangering")
    visit(second, "Rangering")
    visit(first, "Kart")
    visit(second, "Kart")
    assert first.segmented_control(key="click_mode").value == "plot"
    assert first.pills(key="layers").value == ["police"]
    assert second.segmented_control(key="click_mode").value == "none"
    assert second.pills(key="layers").value == ["network", "services", "routes"]
