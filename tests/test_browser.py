"""The app in a real browser: Debian's Chromium driven by Playwright, on central Oslo.

The app is started for real (``streamlit run app.py -- --osm oslo-center.osm.pbf``
on a free loopback port, with its own cache folder and HOME). One user then:

1. opens the page and sees the offline map draw (street network, service badges,
   legend, OSM attribution); when the title, the progress bar and the map first
   show is measured (reported, not asserted: a busy machine must not fail it);
2. uploads three plots under «Tomter» and sees them ranked;
3. zooms the map in, moves a weight slider with the keyboard, sees the ranking change
   and finds the map where it left it (zoom and centre);
4. places a plot by clicking on a street in the map and sees it ranked;
5. in «Plasser tomt», clicks on a service badge and gets a plot there;
6. types an address under «Tomter» and sees the plot placed where the address is;
7. downloads the Excel table and reads it back: the ranking on the page, in order.

A second test scans every tab, in bokmål and in English, for text of the other
language (the catalogue's, Streamlit's English widget texts, decimal points).

Every figure the page shows is checked against the same analysis run here with
:func:`siting.pipeline.rank`. The browser may reach nothing but 127.0.0.1: every
other request is aborted, recorded and fails the test.

Skips when Chromium or Playwright is missing (fails instead with
``SITING_REQUIRE_BROWSER=1``, as in CI) and, like every ``shared`` test, when
``../shared`` is absent. ``SITING_SCREENSHOTS=docs`` also copies the screenshots
to ``docs/app.png`` and ``docs/app-ranking.png`` for the README.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import math
import os
import re
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_helpers import (
    CHROMIUM,
    CHROMIUM_ARGS,
    FIRST_PAINT,
    MAP_STATE,
    MAP_VIEW,
    ROOT,
    SERVICE_POINT,
    STREET_POINT,
    VISIBLE_TEXTS,
    distance_m,
    foreign_texts,
    grid_rows,
    guard_offline,
    log_tail,
    metres_per_pixel,
    number,
    streamlit_app,
    wait_until,
)
from conftest import shared_file

from ui.common import TABS

try:
    from playwright.sync_api import expect, sync_playwright
except ImportError:  # the chromium fixture skips (fails in CI) and says why
    expect = sync_playwright = None

from siting.config import default_config, with_weights
from siting.locate import address_book
from siting.pipeline import load_study, rank
from siting.plots import read_plots
from siting.scoring import score_table
from siting.text import t, tn
from siting.text.render import column_labels, criterion_labels, status_label
from siting.webmap.map import layer_name

pytestmark = pytest.mark.browser

NB = "nb"
TIMEOUT = 30_000  # ms: one rerun of the app, with the map redrawn, takes 1-3 s
SETTLE_LIMIT_S = 60.0
VIEWPORT = {"width": 1400, "height": 1500}  # map and its table in one screenshot
PROFILE = "recovery"  # the app's default profile
MOVED = "school"  # weight 0 -> 5 (End): the plot closest to a school drops to the bottom
LABELS = column_labels(default_config(PROFILE), NB)
PLOT, SCORE, STATUS, REASONS = (LABELS[k] for k in ("plot_id", "score", "status", "reasons"))
NAME = "Navn"  # the app's own name column (ui.views.ranking_view)
UPLOADED = {  # inside central Oslo, a few hundred metres apart
    "B1": ("Browser-tomt A", 10.7590, 59.9225),
    "B2": ("Browser-tomt B", 10.7480, 59.9160),
    "B3": ("Browser-tomt C", 10.7650, 59.9290),
}
CLICKED_NAME = "Klikk-tomt Browser"
OPEN_EXPANDERS = """() => document.querySelectorAll('[data-testid="stExpander"] details:not([open])'
                                      + ' > summary').forEach(s => s.click())"""
TYPED = "grønnegata 13a"  # an address of the extract, typed as people do
FOUND = "Grønnegata 13A, 0350 Oslo"


# --------------------------------------------------------------------------- fixtures
@pytest.fixture(scope="module")
def chromium() -> Path:
    """Debian's Chromium and the Playwright package, or a skip (a failure in CI)."""
    missing = []
    if importlib.util.find_spec("playwright") is None:
        missing.append("the playwright package (pip install -r requirements-dev.txt)")
    if not CHROMIUM.is_file():
        missing.append(f"{CHROMIUM} (apt-get install chromium)")
    if missing:
        reason = "real-browser test needs " + " and ".join(missing)
        if os.environ.get("SITING_REQUIRE_BROWSER") == "1":
            pytest.fail(reason + " (SITING_REQUIRE_BROWSER=1 makes it required)")
        pytest.skip(reason)
    return CHROMIUM


@pytest.fixture(scope="module")
def oslo() -> Path:
    return shared_file("oslo-center.osm.pbf")


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Screenshots, the settle times, the app's log, cache and HOME."""
    return tmp_path_factory.mktemp("browser")


@pytest.fixture(scope="module")
def app_url(chromium: Path, oslo: Path, folder: Path) -> Iterator[str]:
    with streamlit_app(oslo, folder / "app", timeout=60.0) as url:
        yield url


@pytest.fixture(scope="module")
def browser(chromium: Path) -> Iterator[Any]:
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
        yield b
        b.close()


# --------------------------------------------------------------------------- expectations
def plots_geojson(plots: dict[str, tuple[str, float, float]]) -> bytes:
    features = [{"type": "Feature", "properties": {"plot_id": pid, "name": name},
                 "geometry": {"type": "Point", "coordinates": [lon, lat]}}
                for pid, (name, lon, lat) in plots.items()]
    return json.dumps({"type": "FeatureCollection", "features": features},
                      ensure_ascii=False).encode()


class Expected:
    """The analysis the page must show, run here on the same extract and plots."""

    def __init__(self, osm: Path) -> None:
        self.study = load_study(osm=str(osm))
        self.config = default_config(PROFILE)
        self.weights = {k: c.weight for k, c in self.config.criteria.items()}

    def ranking(self, plots: dict[str, tuple[str, float, float]],
                **weights: float) -> list[tuple[str, str, float, str]]:
        """(plot id, name, score rounded to 0.1, status text) in rank order.

        Also keeps each plot's distance to the walk network in ``self.snap_m``.
        """
        table = read_plots(plots_geojson(plots), filename="plots.geojson")
        result = rank(self.study, table, None, self.config)
        config = with_weights(self.config, {**self.weights, **weights})
        ranked = score_table(result.acc.table, config)
        self.snap_m = dict(zip(ranked["plot_id"], ranked["snap_m"], strict=True))
        return [(str(r.plot_id), str(r.name), round(float(r.score), 1) if r.score == r.score
                 else math.nan, status_label(str(r.status), NB)) for r in ranked.itertuples()]


def shown(rows: list[dict[str, str]] | None) -> list[tuple[str, str, float, str]] | None:
    if rows is None:
        return None
    return [(r.get(PLOT, ""), r.get(NAME, ""), number(r.get(SCORE, "")), r.get(STATUS, ""))
            for r in rows]


def same_ranking(seen: list[tuple[str, str, float, str]] | None,
                 want: list[tuple[str, str, float, str]]) -> bool:
    if seen is None or len(seen) != len(want):
        return False
    for (pid, name, score, status), (wpid, wname, wscore, wstatus) in zip(seen, want,
                                                                          strict=True):
        if (pid, name, status) != (wpid, wname, wstatus):
            return False
        if not (math.isnan(score) and math.isnan(wscore)) and not abs(score - wscore) < 0.051:
            return False
    return True


# --------------------------------------------------------------------------- page helpers
def open_tab(page: Any, key: str) -> Any:
    """Click the tab ``key`` (an i18n key) and return its panel once it is shown."""
    name = t(f"app.{key}", NB)
    page.get_by_role("tab", name=name, exact=True).click()
    panel = page.get_by_role("tabpanel", name=name, exact=True)
    expect(panel).to_be_visible(timeout=TIMEOUT)
    return panel


def map_frame(page: Any) -> Any:
    handle = page.locator('iframe[title="streamlit_folium.st_folium"]').element_handle(
        timeout=TIMEOUT)
    frame = handle.content_frame()
    assert frame is not None, "the map iframe has no document"
    return frame


def map_state(page: Any) -> dict | None:
    try:
        return map_frame(page).evaluate(MAP_STATE)
    except Exception:  # the iframe is being replaced by a rerun
        return None


def map_ready(page: Any, plots: int, what: str) -> dict:
    """Wait until the map shows ``plots`` plot markers, service badges and painted streets."""
    return wait_until(page, lambda: map_state(page),
                      lambda s: bool(s) and s["plots"] == plots and s["services"] > 0
                      and s["vertices"] > 1000 and bool(s["painted"])
                      and max(s["painted"]) > 0.01, what, timeout=TIMEOUT / 1000)


def no_error(page: Any) -> None:
    expect(page.get_by_test_id("stException")).to_have_count(0)
    expect(page.get_by_test_id("stAlertContentError")).to_have_count(0)


def wait_idle(page: Any) -> None:
    """Wait until no script run is going on (Streamlit marks it on the app's root)."""
    page.wait_for_function("""() => {
        const app = document.querySelector('[data-testid="stApp"]');
        return !app || app.getAttribute('data-test-script-state') !== 'running';
    }""", timeout=TIMEOUT)


def shot(page: Any, folder: Path, name: str) -> Path:
    path = folder / name
    page.screenshot(path=str(path), full_page=True)
    return path


# --------------------------------------------------------------------------- the test
@pytest.mark.shared
def test_user_ranks_plots_in_a_real_browser(app_url: str, browser: Any, oslo: Path,
                                            folder: Path) -> None:
    outside: list[str] = []
    errors: list[str] = []
    context = browser.new_context(viewport=VIEWPORT, locale="nb-NO")
    guard_offline(context, outside)
    page = context.new_page()
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    shots: dict[str, Path] = {}
    try:
        times = step_open_map(page, app_url, folder)
        wait_idle(page)
        shots["map-start"] = shot(page, folder, "1-map.png")
        expected = Expected(oslo)
        before = step_upload(page, folder, expected)
        step_move_weight(page, expected, before)
        shots["map"] = step_click_map(page, expected, folder)
        step_click_service(page)
        step_type_address(page, expected)
        panel = open_tab(page, "tab_ranking")
        expect(panel.get_by_test_id("stDataFrame")).to_contain_text(CLICKED_NAME,
                                                                     timeout=TIMEOUT)
        wait_idle(page)
        shots["ranking"] = shot(page, folder, "5-ranking.png")
        step_download_xlsx(page, panel, folder)
        no_error(page)
    except Exception as err:
        with contextlib.suppress(Exception):
            shot(page, folder, "failure.png")
        raise AssertionError(f"{err}\n\nscreenshots in {folder}; app log:\n"
                             f"{log_tail(folder / 'app' / 'app.log')}") from err
    finally:
        context.close()
    assert not outside, f"the browser tried to leave 127.0.0.1: {outside}"
    assert not errors, f"JavaScript errors on the page: {errors}"
    print(f"\nbrowser test: first paint {times}; screenshots in {folder}")
    if os.environ.get("SITING_SCREENSHOTS") == "docs":
        shutil.copyfile(shots["map"], ROOT / "docs" / "app.png")
        shutil.copyfile(shots["ranking"], ROOT / "docs" / "app-ranking.png")


def step_open_map(page: Any, url: str, folder: Path) -> dict[str, dict[str, float]]:
    """1. The page opens on the extract; the offline map draws. Measures when the title,
    the progress bar and the map first show (seconds after the request): the first
    visit (the app reads the extract and prepares its networks) and a reload (a new
    session on a running app). Reported in ``first-paint.json`` and printed."""
    times: dict[str, dict[str, float]] = {}
    for run in ("first", "reload"):
        start = time.perf_counter()
        page.goto(url, wait_until="commit") if run == "first" else page.reload(
            wait_until="commit")
        seen: dict[str, float] = {}
        while "map" not in seen and time.perf_counter() - start < SETTLE_LIMIT_S:
            with contextlib.suppress(Exception):  # the page is being replaced
                for what, drawn in page.evaluate(FIRST_PAINT).items():
                    if drawn and what not in seen:
                        seen[what] = round(time.perf_counter() - start, 2)
            page.wait_for_timeout(50)
        state = map_ready(page, 0, "the street network and service badges")
        times[run] = seen
    record = folder / "first-paint.json"
    record.write_text(json.dumps({"seconds": times, "map": state}, indent=1))
    print(f"\nfirst paint (s after the request): {times}")
    for run, seen in times.items():  # a sanity bound, not a speed test
        assert {"title", "map"} <= set(seen), f"{run}: never saw {seen}: {record.read_text()}"

    expect(page.get_by_role("heading", name=t("app.title", NB))).to_be_visible()
    expect(page.get_by_text("oslo-center.osm.pbf")).to_be_visible()
    expect(page.get_by_text(t("app.no_plots", NB))).to_be_visible()  # none given at start-up
    frame = page.frame_locator('iframe[title="streamlit_folium.st_folium"]')
    expect(frame.locator(".leaflet-control-attribution")).to_contain_text(
        "© OpenStreetMap contributors")
    expect(frame.locator(".leaflet-control-layers")).to_contain_text(layer_name("network", NB),
                                                                   use_inner_text=False)
    legend = frame.locator(".siting-legend")
    expect(legend).to_contain_text("Tegnforklaring")
    legend.locator("summary").click()  # the legend opens with one click
    # every service badge is drawn: as many as the legend counts per category
    counts = [int(n) for n in re.findall(r"\((\d+)\)", legend.inner_text())]
    assert state["services"] == sum(counts) > 100, (state, counts)
    assert state["vertices"] > 10_000, f"too few street vertices on the map: {state}"
    assert max(state["painted"]) > 0.05, f"the street canvas is (almost) blank: {state}"
    no_error(page)
    return times


def step_upload(page: Any, folder: Path,
                expected: Expected) -> list[tuple[str, str, float, str]]:
    """2. Upload three plots under «Tomter»: they are measured and ranked."""
    path = folder / "browser-tomter.geojson"
    path.write_bytes(plots_geojson(UPLOADED))
    want = expected.ranking(UPLOADED)
    panel = open_tab(page, "tab_plots")
    uploader = panel.get_by_test_id("stFileUploader").filter(has_text=t("app.plots_upload", NB))
    uploader.locator("input[type=file]").set_input_files(str(path))
    expect(panel.get_by_text(tn("app.plots.read", 3, NB, name=path.name))).to_be_visible(
        timeout=TIMEOUT)
    grid = panel.get_by_test_id("stDataFrame")
    for name, _, _ in UPLOADED.values():
        expect(grid).to_contain_text(name, timeout=TIMEOUT)

    panel = open_tab(page, "tab_ranking")
    grid = panel.get_by_test_id("stDataFrame")
    for name, _, _ in UPLOADED.values():
        expect(grid).to_contain_text(name, timeout=TIMEOUT)
    seen = wait_until(page, lambda: shown(grid_rows(grid)), lambda s: same_ranking(s, want),
                      f"the ranking of the uploaded plots, expected {want}")
    no_error(page)
    return seen


def zoom_in(page: Any) -> dict:
    """Zoom the map in twice with its own button; return where it stands."""
    frame = page.frame_locator('iframe[title="streamlit_folium.st_folium"]')
    before = map_frame(page).evaluate(MAP_VIEW)
    for _ in range(2):
        frame.locator(".leaflet-control-zoom-in").click()
        page.wait_for_timeout(400)
    return wait_until(page, lambda: map_frame(page).evaluate(MAP_VIEW),
                      lambda v: v["zoom"] == before["zoom"] + 2, "the map zoomed in twice")


def step_move_weight(page: Any, expected: Expected,
                     before: list[tuple[str, str, float, str]]) -> None:
    """3. Zoom the map in, move a weight slider with the keyboard: the ranking changes as
    computed, and the map, drawn again with the new scores, keeps its zoom and centre."""
    open_tab(page, "tab_map")
    map_ready(page, len(UPLOADED), "the map with the uploaded plots")
    view = zoom_in(page)
    label = criterion_labels(expected.config, NB)[MOVED]
    sidebar = page.get_by_test_id("stSidebar")
    # Streamlit names the range input twice ("Skole/barnehage Skole/barnehage")
    text = re.escape(label).replace("/", r"\/")  # Playwright sends the regex as /.../
    named = page.get_by_role("slider", name=re.compile(rf"^{text}( {text})?$"))
    box = sidebar.get_by_test_id("stSlider").filter(has=named)
    slider = box.get_by_role("slider")
    thumb = box.get_by_test_id("stSliderThumbValue")
    expect(thumb).to_have_text(number_nb(expected.weights[MOVED]))  # "0,0": a decimal comma
    slider.focus()
    slider.press("ArrowRight")  # one step (0.5) ...
    expect(thumb).to_have_text(number_nb(expected.weights[MOVED] + 0.5), timeout=TIMEOUT)
    slider.press("End")  # ... then to the top of the scale
    expect(thumb).to_have_text("5,0", timeout=TIMEOUT)

    want = expected.ranking(UPLOADED, **{MOVED: 5.0})
    assert [r[0] for r in want] != [r[0] for r in before], "test data: the order must change"
    grid = page.get_by_role("tabpanel", name=t("app.tab_map", NB)).get_by_test_id("stDataFrame")
    wait_until(page, lambda: shown(grid_rows(grid)), lambda s: same_ranking(s, want),
               f"the ranking after {label} = 5.0: expected {want}, before {before}")
    wait_idle(page)
    map_ready(page, len(UPLOADED), "the map drawn again with the new scores")
    after = map_frame(page).evaluate(MAP_VIEW)
    assert after["zoom"] == view["zoom"], f"the zoom moved: {view} -> {after}"
    assert abs(after["lat"] - view["lat"]) < 1e-9 and abs(after["lng"] - view["lng"]) < 1e-9, \
        f"the map moved: {view} -> {after}"
    grid = open_tab(page, "tab_ranking").get_by_test_id("stDataFrame")
    wait_until(page, lambda: shown(grid_rows(grid)), lambda s: same_ranking(s, want),
               f"the full ranking after {label} = 5.0: expected {want}")
    no_error(page)


def number_nb(value: float) -> str:
    """A weight as the bokmål slider shows it: one decimal, decimal comma."""
    return f"{value:.1f}".replace(".", ",")


def step_click_map(page: Any, expected: Expected, folder: Path) -> Path:
    """4. «Plasser tomt», a name, a click on a street: the plot is placed there and ranked."""
    panel = open_tab(page, "tab_map")
    map_ready(page, len(UPLOADED), "the map with the uploaded plots")
    panel.get_by_role("radio", name=t("app.click_plot", NB), exact=True).click()
    expect(panel.get_by_text(t("app.hint_plot", NB))).to_be_visible(timeout=TIMEOUT)
    name_box = panel.get_by_label(t("app.click_name_plot", NB), exact=True)
    name_box.fill(CLICKED_NAME)
    name_box.press("Enter")  # committed before the click (the click's rerun reads it)
    expect(name_box).to_have_value(CLICKED_NAME)
    wait_idle(page)
    map_ready(page, len(UPLOADED), "the map after choosing «Plasser tomt»")

    frame = page.locator('iframe[title="streamlit_folium.st_folium"]')
    point = map_frame(page).evaluate(STREET_POINT)
    assert point, "found no free spot on a street near the middle of the map"
    box = frame.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])

    expect(page.get_by_text(t("app.plot_added", NB, name=CLICKED_NAME))).to_be_visible(
        timeout=TIMEOUT)  # the toast
    expect(panel.get_by_test_id("stDataFrame")).to_contain_text(CLICKED_NAME, timeout=TIMEOUT)
    state = map_ready(page, len(UPLOADED) + 1, "the map with the clicked plot")

    # the plot stands where the click was (within two pixels)
    plots = open_tab(page, "tab_plots").get_by_test_id("stDataFrame")
    expect(plots).to_contain_text(CLICKED_NAME, timeout=TIMEOUT)
    rows = wait_until(page, lambda: grid_rows(plots),
                      lambda r: bool(r) and any(x.get(t("app.col_name", NB)) == CLICKED_NAME
                                                for x in r), "the clicked plot in «Tomter»")
    row = next(x for x in rows if x.get(t("app.col_name", NB)) == CLICKED_NAME)
    lon, lat = number(row[t("app.col_lon", NB)]), number(row[t("app.col_lat", NB)])
    off = distance_m(lon, lat, point["lng"], point["lat"])
    tolerance = 2 * metres_per_pixel(point["lat"], point["zoom"])
    assert off <= tolerance, f"plot at {lon}, {lat}: {off:.1f} m from the click {point}"

    # ... and is ranked as the analysis here ranks it (with the moved weight)
    plots_now = {**UPLOADED, row[t("app.col_id", NB)]: (CLICKED_NAME, lon, lat)}
    want = expected.ranking(plots_now, **{MOVED: 5.0})
    snap = expected.snap_m[row[t("app.col_id", NB)]]
    assert snap < 50, f"the clicked point is {snap:.0f} m from a walkable street"
    panel = open_tab(page, "tab_map")
    grid = panel.get_by_test_id("stDataFrame")
    wait_until(page, lambda: shown(grid_rows(grid)), lambda s: same_ranking(s, want),
               f"the ranking with the clicked plot: expected {want}")
    clicked = next(r for r in grid_rows(grid) or [] if r.get(NAME) == CLICKED_NAME)
    assert not math.isnan(number(clicked[SCORE])) or clicked[REASONS], clicked  # score or why
    map_ready(page, len(plots_now), "the map back on «Kart»")
    assert state["plots"] == len(plots_now)
    no_error(page)
    wait_idle(page)
    return shot(page, folder, "4-map-clicked.png")


def plot_rows(page: Any, name: str) -> dict[str, str]:
    """The row of plot ``name`` under «Tomter» (opens the tab)."""
    grid = open_tab(page, "tab_plots").get_by_test_id("stDataFrame")
    rows = wait_until(page, lambda: grid_rows(grid),
                      lambda r: bool(r) and any(x.get(t("app.col_name", NB)) == name for x in r),
                      f"the plot {name} in «Tomter»")
    return next(x for x in rows if x.get(t("app.col_name", NB)) == name)


def step_click_service(page: Any) -> None:
    """5. «Plasser tomt», a click on a service badge: a plot is placed on that spot."""
    panel = open_tab(page, "tab_map")
    panel.get_by_role("radio", name=t("app.click_plot", NB), exact=True).click()
    expect(panel.get_by_text(t("app.hint_plot", NB))).to_be_visible(timeout=TIMEOUT)
    wait_idle(page)
    count = map_ready(page, len(UPLOADED) + 1, "the map before the badge click")["plots"]
    point = map_frame(page).evaluate(SERVICE_POINT)
    assert point, "found no service badge near the middle of the map"
    box = page.locator('iframe[title="streamlit_folium.st_folium"]').bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    map_ready(page, count + 1, "the map with a plot on the service badge")
    expect(panel.get_by_test_id("stDataFrame")).to_contain_text(t("app.new_plot", NB),
                                                                 timeout=TIMEOUT)
    row = plot_rows(page, f"{t('app.new_plot', NB)} P2")
    lon, lat = number(row[t("app.col_lon", NB)]), number(row[t("app.col_lat", NB)])
    off = distance_m(lon, lat, point["lng"], point["lat"])
    assert off <= 2 * metres_per_pixel(point["lat"], point["zoom"]), (row, point)
    no_error(page)


def step_type_address(page: Any, expected: Expected) -> None:
    """6. Type an address under «Tomter»: the plot stands at that address point."""
    panel = open_tab(page, "tab_plots")
    field = panel.get_by_label(t("app.addr.label", NB), exact=True)
    field.fill(TYPED)
    panel.get_by_role("button", name=t("app.addr.place", NB), exact=True).click()
    expect(page.get_by_text(t("app.addr.placed_at", NB, match=FOUND,
                              quality=t("match.exact", NB)))).to_be_visible(timeout=TIMEOUT)
    row = plot_rows(page, FOUND)
    assert (row[t("app.col.match", NB)], row[t("app.col.quality", NB)]) == (
        FOUND, t("match.exact", NB))
    match = address_book(expected.study.osm).find(TYPED)
    lon, lat = number(row[t("app.col_lon", NB)]), number(row[t("app.col_lat", NB)])
    assert distance_m(lon, lat, match.lon, match.lat) < 0.1  # 6 decimals shown: < 0.1 m
    open_tab(page, "tab_map")
    map_ready(page, len(UPLOADED) + 3, "the map with the plot typed by address")
    no_error(page)


def step_download_xlsx(page: Any, panel: Any, folder: Path) -> None:
    """7. Download the Excel table and read it back: the ranking on the page, in order."""
    import openpyxl

    grid = panel.get_by_test_id("stDataFrame")
    ranking = [r[PLOT] for r in grid_rows(grid) or []]
    assert len(ranking) == len(UPLOADED) + 3, ranking
    tab = open_tab(page, "tab_download")
    with page.expect_download(timeout=TIMEOUT) as info:
        tab.get_by_role("button", name=t("app.dl.xlsx", NB)).click()
    download = info.value
    assert download.suggested_filename == f"{t('app.dl.stem', NB)}.xlsx"
    path = folder / download.suggested_filename
    download.save_as(path)
    sheet = openpyxl.load_workbook(path).worksheets[0]
    rows = [[c.value for c in r] for r in sheet.iter_rows()]
    assert sheet.title == t("xlsx.sheet", NB) and rows[0][:3] == ["Rangering", "Tomt", "Navn"]
    assert [r[1] for r in rows[1:]] == ranking  # the page's rank order
    assert sheet.freeze_panes == "D2"
    no_error(page)


@pytest.mark.shared
def test_one_language_at_a_time(app_url: str, browser: Any, folder: Path) -> None:
    """Every tab, in bokmål then in English, shows no text of the other language: none of
    the other language's catalogue entries, none of Streamlit's English widget texts and
    no decimal point in bokmål (sliders, tables, coordinates)."""
    context = browser.new_context(viewport=VIEWPORT)
    outside: list[str] = []
    guard_offline(context, outside)
    page = context.new_page()
    found: dict[str, list[str]] = {}
    try:
        page.goto(app_url)
        map_ready(page, 0, "the map")
        step_upload(page, folder, Expected(shared_file("oslo-center.osm.pbf")))
        for lang in ("nb", "en"):
            if lang == "en":
                page.get_by_test_id("stSidebar").get_by_text("English", exact=True).click()
                wait_idle(page)
            for key in TABS:
                page.get_by_role("tab", name=t(f"app.{key}", lang), exact=True).click()
                wait_idle(page)
                page.evaluate(OPEN_EXPANDERS)  # what folds away must be in the language too
                page.wait_for_timeout(1500)  # the grids draw after the script ends
                texts = page.evaluate(VISIBLE_TEXTS)
                if key == "tab_map":  # and the map's own: legend, buttons, attribution
                    texts += map_frame(page).evaluate(VISIBLE_TEXTS)
                bad = foreign_texts(texts, lang)
                if bad:
                    found[f"{lang}/{key}"] = bad
            shot(page, folder, f"language-{lang}.png")
    finally:
        context.close()
    assert not outside, outside
    assert not found, f"text of the other language: {found}"


def test_the_offline_guard_stops_and_records_other_hosts(browser: Any) -> None:
    """The guard the main test relies on: a tile from the internet is aborted and listed."""
    outside: list[str] = []
    context = browser.new_context()
    guard_offline(context, outside)
    page = context.new_page()
    try:
        tile = "https://tile.openstreetmap.org/0/0/0.png"
        with page.expect_event("requestfailed", timeout=TIMEOUT):
            page.set_content(f'<img src="{tile}">')
        assert outside == [tile]
    finally:
        context.close()


@pytest.mark.shared
def test_an_opened_scenario_shows_its_weights_and_keeps_its_results(
        app_url: str, browser: Any, oslo: Path, folder: Path) -> None:
    """Open a scenario after moving a weight slider: the sidebar shows the scenario's
    weight, and another tab ranks as the scenario did. (The browser keeps a keyed
    widget's value and sends it with the next run; the sidebar's widgets are renewed.)"""
    from siting.scenario import save_scenario, scenario_from_result

    expected = Expected(oslo)
    config = with_weights(expected.config, {**expected.weights, "gp": 1.0})
    table = read_plots(plots_geojson(UPLOADED), filename="plots.geojson")
    result = rank(expected.study, table, None, config)
    path = folder / "scenario-gp1.gpkg"
    save_scenario(scenario_from_result(result, table, None, osm_path=str(oslo),
                                       title="Fastlege 1"), path)
    want = [(str(r.plot_id), str(r.name), round(float(r.score), 1),
             status_label(str(r.status), NB)) for r in result.ranked.itertuples()]
    context = browser.new_context(viewport=VIEWPORT)
    outside: list[str] = []
    guard_offline(context, outside)
    page = context.new_page()
    try:
        page.goto(app_url)
        map_ready(page, 0, "the map")
        label = criterion_labels(config, NB)["gp"]
        text = re.escape(label)
        named = page.get_by_role("slider", name=re.compile(rf"^{text}( {text})?$"))
        box = page.get_by_test_id("stSidebar").get_by_test_id("stSlider").filter(has=named)
        thumb = box.get_by_test_id("stSliderThumbValue")
        box.get_by_role("slider").focus()
        box.get_by_role("slider").press("End")  # the user's own edit in this session
        expect(thumb).to_have_text("5,0", timeout=TIMEOUT)
        wait_idle(page)
        panel = open_tab(page, "tab_decide")
        uploader = panel.get_by_test_id("stFileUploader").filter(has_text=t("app.scn_open", NB))
        uploader.locator("input[type=file]").set_input_files(str(path))
        expect(page.get_by_text("Åpnet «Fastlege 1»").first).to_be_visible(timeout=TIMEOUT)
        wait_idle(page)
        box = page.get_by_test_id("stSidebar").get_by_test_id("stSlider").filter(has=named)
        expect(box.get_by_test_id("stSliderThumbValue")).to_have_text("1,0", timeout=TIMEOUT)
        grid = open_tab(page, "tab_ranking").get_by_test_id("stDataFrame")
        wait_until(page, lambda: shown(grid_rows(grid)), lambda s: same_ranking(s, want),
                   f"the scenario's ranking after another tab: expected {want}")
        no_error(page)
    finally:
        context.close()
    assert outside == []
