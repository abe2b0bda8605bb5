"""Shared pieces for the AppTest suites: a fake map component and an app starter.

AppTest sees streamlit-folium's map only as an opaque component, so
:class:`FakeMap` stands in for ``streamlit_folium.st_folium``: it keeps every
``folium.Map`` it is given (with the component key) and returns a chosen click.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import folium
import pandas as pd
import pytest
import streamlit_folium
from streamlit.testing.v1 import AppTest

from siting import settings
from ui import startup

APP = str(Path(__file__).resolve().parents[1] / "app.py")


class FakeMap:
    """Stands in for ``streamlit_folium.st_folium``: keeps the maps, returns ``click``."""

    def __init__(self) -> None:
        self.maps: list[folium.Map] = []
        self.keys: list[str] = []
        self.click: dict[str, float] | None = None

    def __call__(self, fig: folium.Map, **kwargs: Any) -> dict[str, Any]:
        self.maps.append(fig)
        self.keys.append(str(kwargs.get("key", "")))
        return {"last_clicked": self.click}


def figures(shown: pd.DataFrame) -> pd.DataFrame:
    """A table the app shows, its figures read back: an unknown one is held as ``-inf``
    behind the "–" it shows (:func:`ui.common.styled`), here NaN again."""
    return shown.replace(-math.inf, math.nan)


def as_seen(markdown: str) -> str:
    """The text a browser shows for ``markdown`` escaped by :func:`ui.markup.md` (no escapes)."""
    return re.sub(r"\\(.)", r"\1", markdown).replace("\u2060", "")  # see ui.markup.JOINER


THIN_BANNERS = ("**Tynt grunnlag for noen tjenester**", "**Thin data for some services**")


def other_warnings(at: AppTest) -> list[str]:
    """The warnings shown, as seen, without the thin-services banner (see test_app_services)."""
    return [as_seen(w.value) for w in at.warning if not w.value.startswith(THIN_BANNERS)]


def install_fake_map(monkeypatch: pytest.MonkeyPatch) -> FakeMap:
    """Replace the map component by a :class:`FakeMap` for this test."""
    fake = FakeMap()
    monkeypatch.setattr(streamlit_folium, "st_folium", fake)
    return fake


def spy_downloads(monkeypatch: pytest.MonkeyPatch) -> dict[str, Callable[[], bytes]]:
    """File name -> its bytes (as a function), for every download button drawn from now on
    (caught where Streamlit stores them, :class:`MediaFileManager`)."""
    from streamlit.runtime.media_file_manager import MediaFileManager

    made: dict[str, Callable[[], bytes]] = {}
    add, add_deferred = MediaFileManager.add, MediaFileManager.add_deferred

    def spy_add(self: MediaFileManager, data: Any, *args: Any, **kwargs: Any) -> str:
        if kwargs.get("file_name"):
            made[kwargs["file_name"]] = lambda: data
        return add(self, data, *args, **kwargs)

    def spy_deferred(self: MediaFileManager, data: Callable[[], bytes], *args: Any,
                     **kwargs: Any) -> str:
        made[kwargs["file_name"]] = data
        return add_deferred(self, data, *args, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add", spy_add)
    monkeypatch.setattr(MediaFileManager, "add_deferred", spy_deferred)
    return made


def visit(at: AppTest, tab: str) -> AppTest:
    """Open ``tab`` (its label in the page's language) and run the app, which must not fail."""
    at.session_state["tab"] = tab
    at.run()
    assert not at.exception, at.exception
    return at


def app_starter(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Callable[..., AppTest]:
    """Return ``start(tab=None, **env)``: runs the app on a fresh cache folder.

    ``tab`` opens a tab; ``env`` sets start-up files (``osm=``, ``plots=``,
    ``services=`` become ``SITING_APP_OSM`` etc.).
    """
    monkeypatch.setattr(settings, "cache_dir", tmp_path / "cache")
    for key in startup.STARTUP_KEYS:
        monkeypatch.delenv(f"SITING_APP_{key.upper()}", raising=False)

    def start(tab: str | None = None, **env: object) -> AppTest:
        for key, value in env.items():
            monkeypatch.setenv(f"SITING_APP_{key.upper()}", str(value))
        at = AppTest.from_file(APP, default_timeout=60)
        if tab:
            at.session_state["tab"] = tab
        at.run()
        assert not at.exception, at.exception
        return at

    return start
