"""Hostile text in a real browser: nothing is fetched, nothing runs, the text is shown as typed.

The hostile strings (:mod:`hostile`) point their images and links at a small
"beacon" server on 127.0.0.1 that counts every request. The app (a real
Streamlit server, demo area) gets them as plot names and an upload's file name;
the offline HTML maps (internal and public) get them as plot and service names
and are opened with every popup and tooltip shown. Any beacon request, any
``alert`` dialog or any request off this machine fails the test.
"""

from __future__ import annotations

import http.server
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from browser_helpers import CHROMIUM, CHROMIUM_ARGS, guard_offline, streamlit_app
from hostile import battery
from test_browser import TIMEOUT, open_tab

from siting.config import default_config
from siting.demo import demo_plots
from siting.pipeline import load_study, rank
from siting.webmap import map_from_analysis
from siting.webmap.map import map_html
from ui.markup import JOINER

try:
    from playwright.sync_api import expect, sync_playwright
except ImportError:  # the chrome fixture skips (fails in CI) and says why
    expect = sync_playwright = None

pytestmark = pytest.mark.browser


class Beacon:
    """A loopback HTTP server that counts requests under /beacon and serves ``pages``."""

    def __init__(self) -> None:
        self.hits: list[str] = []
        self.pages: dict[str, bytes] = {}
        beacon = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                if self.path.startswith("/beacon"):
                    beacon.hits.append(self.path)
                body = beacon.pages.get(self.path, b"")
                self.send_response(200 if body else 404)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def chrome() -> Iterator[Any]:
    """Debian's Chromium driven by Playwright; a skip (a failure in CI) without them."""
    if sync_playwright is None or not CHROMIUM.is_file():
        reason = f"real-browser test needs the playwright package and {CHROMIUM}"
        if os.environ.get("SITING_REQUIRE_BROWSER") == "1":
            pytest.fail(reason + " (SITING_REQUIRE_BROWSER=1 makes it required)")
        pytest.skip(reason)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def beacon() -> Iterator[Beacon]:
    server = Beacon()
    yield server
    server.close()


def watched_page(chrome: Any, outside: list[str], dialogs: list[str]) -> Any:
    context = chrome.new_context(viewport={"width": 1400, "height": 1200}, locale="nb-NO")
    guard_offline(context, outside)
    page = context.new_page()
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    return page


def hostile_plots(names: list[str]) -> bytes:
    a = demo_plots().to_crs("EPSG:4326").geometry.iloc[0]
    rows = [{"tomt": f"H{i}", "navn": name, "lat": a.y + 0.0004 * i, "lon": a.x + 0.0003 * i}
            for i, name in enumerate(names)]
    return pd.DataFrame(rows).to_csv(index=False).encode("utf-8")


def test_hostile_names_in_the_app_fetch_and_run_nothing(chrome: Any, beacon: Beacon,
                                                        tmp_path: Path) -> None:
    names = battery(beacon.port)
    upload = tmp_path / "**Offisielt område** <img src=x onerror=alert(9)>.csv"
    upload.write_bytes(hostile_plots(names))
    outside: list[str] = []
    dialogs: list[str] = []
    with streamlit_app(None, tmp_path / "app") as url:
        page = watched_page(chrome, outside, dialogs)
        page.goto(url)
        panel = open_tab(page, "tab_plots")
        panel.locator("input[type=file]").first.set_input_files(str(upload))
        expect(panel.get_by_text(f"Leste {len(names)} tomter fra {upload.name}.")).to_be_visible(
            timeout=TIMEOUT)
        for tab in ("tab_ranking", "tab_map", "tab_services", "tab_download", "tab_decide"):
            panel = open_tab(page, tab)
            page.wait_for_timeout(1500)
            if tab == "tab_ranking":  # the compare table renders Markdown: shown as typed
                table = panel.get_by_test_id("stTable")
                for i in (0, 1):  # as typed, with an invisible word joiner in "://"
                    shown = names[i].replace("://", f"{JOINER}://")
                    expect(table).to_contain_text(f"{shown} (H{i})", timeout=TIMEOUT)
                expect(table.locator("a, img, script, svg")).to_have_count(0)  # no link made
        page.wait_for_timeout(1000)
    assert beacon.hits == [] and dialogs == [] and outside == []


def test_hostile_names_in_the_html_maps_fetch_and_run_nothing(chrome: Any, beacon: Beacon,
                                                               tmp_path: Path) -> None:
    names = battery(beacon.port)
    plots = demo_plots()
    plots["name"] = names[: len(plots)]
    result = rank(load_study(), plots, None, default_config())
    services = result.acc.services
    services["name"] = [names[i % len(names)] for i in range(len(services))]
    for public in (False, True):
        m = map_from_analysis(result.study, result.acc, result.ranked, public=public)
        beacon.pages[f"/map-{public}.html"] = map_html(m).encode("utf-8")
    outside: list[str] = []
    dialogs: list[str] = []
    page = watched_page(chrome, outside, dialogs)
    for public in (False, True):
        page.goto(f"http://127.0.0.1:{beacon.port}/map-{public}.html")
        page.wait_for_function("() => document.querySelector('.leaflet-container') !== null")
        shown = page.evaluate("""() => {
            let n = 0;
            for (const key of Object.keys(window)) {
                const m = window[key];
                if (!key.startsWith('map_') || !m || typeof m.eachLayer !== 'function') continue;
                m.eachLayer(l => {
                    if (l.getPopup && l.getPopup()) { l.openPopup(); n++; }
                    if (l.getTooltip && l.getTooltip()) { l.openTooltip(); n++; }
                });
            }
            return n;
        }""")
        assert shown >= 10, public
        page.wait_for_timeout(500)
    assert beacon.hits == [] and dialogs == [] and outside == []


def test_the_html_maps_title_leaflets_buttons_in_the_language(chrome: Any, beacon: Beacon) -> None:
    """Leaflet titles its zoom and popup-close buttons in English; the map says them in
    the language it was made in (screen readers read these titles aloud)."""
    result = rank(load_study(), demo_plots(), None, default_config())
    outside: list[str] = []
    page = watched_page(chrome, outside, [])
    for lang, want in (("nb", ["Zoom inn", "Zoom ut", "Lukk"]),
                       ("en", ["Zoom in", "Zoom out", "Close popup"])):
        m = map_from_analysis(result.study, result.acc, result.ranked, lang=lang)
        beacon.pages[f"/map-{lang}.html"] = map_html(m).encode("utf-8")
        page.goto(f"http://127.0.0.1:{beacon.port}/map-{lang}.html")
        page.wait_for_function("() => document.querySelector('.leaflet-control-zoom-in')")
        page.evaluate("""() => {
            for (const key of Object.keys(window)) {
                const m = window[key];
                if (!key.startsWith('map_') || !m || typeof m.eachLayer !== 'function') continue;
                let opened = false;
                m.eachLayer(l => {
                    if (!opened && l.getPopup && l.getPopup()) { l.openPopup(); opened = true; }
                });
            }
        }""")
        page.wait_for_selector(".leaflet-popup-close-button")
        titles = [page.get_attribute(s, "title") for s in (
            ".leaflet-control-zoom-in", ".leaflet-control-zoom-out")]
        close = page.get_attribute(".leaflet-popup-close-button", "aria-label")
        assert [*titles, close] == want, lang
    assert outside == []
