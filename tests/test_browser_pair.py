"""The two-group decision («Velg tomter for begge grupper») in a real browser, on central Oslo.

The app runs for real (``streamlit run app.py -- --osm oslo-center.osm.pbf``, see
:func:`browser_helpers.streamlit_app`) and Debian's Chromium, driven by Playwright:

1. uploads five plots under «Tomter»;
2. opens «Beslutning», where the decision is made for the switches on screen, and
   finds the recommended pair, the walking distance between the two plots, the
   runner-up table and the pair map (both badges, the walk between them) as the
   engine computes them here (:func:`siting.decision_network.decide_from_analysis`
   on the same extract and plots, nothing hard-coded);
3. switches to English and finds the same decision in English.

Screenshots of both languages go to the test's folder (printed), also copied to
``SITING_SHOTS`` when that names a folder. The browser may reach only 127.0.0.1.
Skips or fails like :mod:`test_browser` (``SITING_REQUIRE_BROWSER=1``).
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_helpers import (
    CHROMIUM_ARGS,
    grid_rows,
    guard_offline,
    log_tail,
    number,
    streamlit_app,
    wait_until,
)
from conftest import shared_file
from test_browser import (
    TIMEOUT,
    chromium,  # noqa: F401  (the fixture: Chromium and Playwright, or a skip)
    no_error,
    open_tab,
    plots_geojson,
    shot,
    wait_idle,
)

from siting.decision import Decision, DecisionSettings, configs_for
from siting.decision_network import decide_from_analysis
from siting.pipeline import load_study, rank
from siting.plots import read_plots
from siting.text import t, tn
from siting.text.decision import group_label, summary_lines

try:
    from playwright.sync_api import expect, sync_playwright
except ImportError:  # the chromium fixture skips (fails in CI) and says why
    expect = sync_playwright = None

pytestmark = pytest.mark.browser

PLOTS = {  # central Oslo; the best plot of both groups alone is the same one (B4)
    "B1": ("Browser-tomt A", 10.7590, 59.9225),
    "B2": ("Browser-tomt B", 10.7480, 59.9160),
    "B3": ("Browser-tomt C", 10.7650, 59.9290),
    "B4": ("Browser-tomt D", 10.7400, 59.9250),
    "B5": ("Browser-tomt E", 10.7550, 59.9120),
}
VIEWPORT = {"width": 1400, "height": 3000}  # the whole decision section in one screenshot
PAIR_FRAME = 'iframe[title="streamlit_folium.st_folium"]'  # the decision tab's only map

#: The pair map as drawn: the badges' texts and the dashed walk (its tooltip and its
#: length along the drawn points, metres on Leaflet's sphere).
PAIR_STATE = """() => {
  const map = Object.values(window).find(v => { try { return v instanceof L.Map; }
                                                catch (e) { return false; } });
  if (!map) return null;
  const badges = [...document.querySelectorAll('.siting-pair')].map(b => b.textContent.trim());
  const walks = [];
  map.eachLayer(l => {
    if (!(l instanceof L.Polyline) || l.options.dashArray !== '8 5') return;
    const pts = l.getLatLngs();
    let m = 0;
    for (let i = 1; i < pts.length; i++) m += map.distance(pts[i - 1], pts[i]);
    const tip = l.getTooltip() ? String(l.getTooltip().getContent()) : '';
    // the tooltip's text (DOMParser: its document loads nothing)
    walks.push({tip: new DOMParser().parseFromString(tip, 'text/html').body.textContent, m: m});
  });
  return {badges: badges, walks: walks};
}"""


@pytest.fixture(scope="module")
def oslo() -> Path:
    return shared_file("oslo-center.osm.pbf")


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("browser-pair")


@pytest.fixture(scope="module")
def app_url(chromium: Path, oslo: Path, folder: Path) -> Iterator[str]:  # noqa: F811
    with streamlit_app(oslo, folder / "app", timeout=60.0) as url:
        yield url


@pytest.fixture(scope="module")
def browser(chromium: Path) -> Iterator[Any]:  # noqa: F811
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
        yield b
        b.close()


def engine_decision(osm: Path, lang: str) -> Decision:
    """The decision the page must show: the app's defaults, made here by the library."""
    configs = configs_for(["recovery", "active-use"], lang=lang)
    plots = read_plots(plots_geojson(PLOTS), filename="plots.geojson")
    result = rank(load_study(osm=str(osm)), plots, None, configs["recovery"])
    return decide_from_analysis(result.acc, configs, DecisionSettings(), None)


def seen(text: str) -> str:
    """Text as compared: no word joiners (:data:`ui.markup.JOINER`), plain spaces."""
    return " ".join(text.replace("\u2060", "").replace("\u00a0", " ").split())


def upload_plots(page: Any, folder: Path) -> None:
    path = folder / "tomter-par.geojson"
    path.write_bytes(plots_geojson(PLOTS))
    panel = open_tab(page, "tab_plots")
    uploader = panel.get_by_test_id("stFileUploader").filter(has_text=t("app.plots_upload", "nb"))
    uploader.locator("input[type=file]").set_input_files(str(path))
    expect(panel.get_by_text(tn("app.plots.read", len(PLOTS), "nb", name=path.name))
           ).to_be_visible(timeout=TIMEOUT)


def check_decision(page: Any, want: Decision, lang: str) -> None:
    """The summary, the runner-up table and the pair map show ``want``."""
    name = t("app.tab_decide", lang)
    panel = page.get_by_role("tabpanel", name=name, exact=True)
    expect(panel.get_by_role("heading", name=t("app.pair.head", lang))).to_be_visible(
        timeout=TIMEOUT)
    # the switch the decision was made with is the one shown (also after a language switch)
    expect(panel.get_by_role("radio", name=t("app.pair.obj.sum", lang), exact=True)
           ).to_be_checked(timeout=TIMEOUT)
    lines = [seen(x) for x in summary_lines(want, lang)[:2]]  # recommended pair, the walk
    wait_until(page, lambda: seen(panel.inner_text()), lambda s: all(x in s for x in lines),
               f"the decision in words: {lines}", timeout=TIMEOUT / 1000)
    best = want.solution.best
    assert best is not None
    plot_cols = [t("app.pair.plot_of", lang, group=group_label(g, lang)) for g in want.groups]
    grid = panel.get_by_test_id("stDataFrame").first  # the pair section comes first
    rows = wait_until(page, lambda: grid_rows(grid), lambda r: len(r) > 0,
                      "the runner-up table", timeout=TIMEOUT / 1000)
    shown = [tuple(r[c].split(" – ")[0] for c in plot_cols) for r in rows]
    assert shown == [p.plots for p in want.solution.portfolios], (shown, rows)
    walks = [number(r[t("app.pair.walk", lang)]) for r in rows]  # the grid's raw numbers
    assert walks == pytest.approx([p.min_walk_m for p in want.solution.portfolios]), rows
    frame = page.locator(PAIR_FRAME).element_handle(timeout=TIMEOUT).content_frame()
    drawn = wait_until(page, lambda: _pair_state(frame), lambda s: len(s["badges"]) == 2,
                       "the pair map's badges", timeout=TIMEOUT / 1000)
    assert sorted(drawn["badges"]) == sorted(best.plots), drawn
    a, b = best.plots
    tip = t("map.pair.route_tip", lang, a=a, b=b, m=best.min_walk_m)
    assert [seen(w["tip"]) for w in drawn["walks"]] == [seen(tip)], drawn
    # the line drawn is the walk measured (UTM metres vs Leaflet's sphere: < 0.5 %)
    assert abs(drawn["walks"][0]["m"] - best.min_walk_m) < 0.005 * best.min_walk_m, drawn


def _pair_state(frame: Any) -> dict | None:
    try:
        return frame.evaluate(PAIR_STATE)
    except Exception:  # the iframe is being replaced by a rerun
        return None


@pytest.mark.shared
def test_the_pair_for_both_groups_in_a_real_browser(app_url: str, browser: Any, oslo: Path,
                                                     folder: Path) -> None:
    outside: list[str] = []
    errors: list[str] = []
    context = browser.new_context(viewport=VIEWPORT, locale="nb-NO")
    guard_offline(context, outside)
    page = context.new_page()
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    want = {lang: engine_decision(oslo, lang) for lang in ("nb", "en")}
    assert want["nb"].solution.best is not None, "test data: some pair must be feasible"
    try:
        page.goto(app_url)
        expect(page.get_by_role("heading", name=t("app.title", "nb"))).to_be_visible(
            timeout=TIMEOUT)
        upload_plots(page, folder)
        open_tab(page, "tab_decide")
        check_decision(page, want["nb"], "nb")
        wait_idle(page)
        shot(page, folder, "pair-nb.png")
        page.get_by_test_id("stSidebar").get_by_text("English", exact=True).click()
        wait_idle(page)
        check_decision(page, want["en"], "en")
        wait_idle(page)
        shot(page, folder, "pair-en.png")
        no_error(page)
    except Exception as err:
        with contextlib.suppress(Exception):
            shot(page, folder, "pair-failure.png")
        raise AssertionError(f"{err}\n\nscreenshots in {folder}; app log:\n"
                             f"{log_tail(folder / 'app' / 'app.log')}") from err
    finally:
        context.close()
    assert not outside, f"the browser tried to leave 127.0.0.1: {outside}"
    assert not errors, f"JavaScript errors on the page: {errors}"
    print(f"\npair browser test: screenshots in {folder}")
    if target := os.environ.get("SITING_SHOTS"):
        Path(target).mkdir(parents=True, exist_ok=True)
        for png in folder.glob("pair-*.png"):
            shutil.copyfile(png, Path(target) / png.name)
