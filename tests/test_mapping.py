"""Tests for :mod:`siting.webmap.map`, :mod:`siting.webmap.layers` and :mod:`siting.webmap.assets`.

A 400 x 400 m grid town is built in code (no files): six streets, five services,
four plots -- two ranked (one named ``<script>alert(1)</script>``), one failing the
rules, one flagged (outside the network). The maps are checked as folium objects
and as rendered HTML; one is drawn by headless Chromium, offline.
"""

from __future__ import annotations

import itertools
import math
import os
import re
import shutil
import subprocess
from pathlib import Path

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import pyproj
import pytest
from shapely.geometry import Point

from siting.analysis import accessibility, study_from_osm
from siting.distances import route
from siting.osm import WAY_TAGS, OsmData, features_frame
from siting.text.render import codes_text
from siting.webmap.assets import asset_filename, asset_text, inline_assets, static_assets
from siting.webmap.layers import (
    ATTRIBUTION,
    UNREACHED,
    EncodedLines,
    decode_polyline,
    encode_polyline,
    esc,
    lonlat,
    score_color,
    segment_chains,
)
from siting.webmap.map import LAYERS, SHOWN, layer_name, map_from_analysis, save_map_html

CRS = "EPSG:25832"
ORIGIN = (597_000.0, 6_643_000.0)
TO_LONLAT = pyproj.Transformer.from_crs(CRS, "EPSG:4326", always_xy=True)
EVIL = "<script>alert(1)</script>"
CHROMIUM = Path("/usr/bin/chromium")
#: Anything a browser would fetch: script/img src, <link href>, CSS url() and @import.
FETCH = re.compile(
    r"""<(?:script|img|iframe|source|embed|audio|video)\b[^>]*?\bsrc\s*=\s*["']?\s*(?P<a>[^"'\s>]+)"""
    r"""|<link\b[^>]*?\bhref\s*=\s*["']?\s*(?P<b>[^"'\s>]+)"""
    r"""|url\(\s*["']?\s*(?P<c>[^"')\s]+)"""
    r"""|@import\s+["']?(?P<d>[^"';\s]+)""",
    re.IGNORECASE,
)


def external_fetches(page: str) -> list[str]:
    """Return every URL in ``page`` a browser would fetch from another host."""
    urls = [next(g for g in m.groups() if g) for m in FETCH.finditer(page)]
    return [u for u in urls if re.match(r"(?:https?:)?//", u.strip())]


def grid_osm() -> OsmData:
    """A 3 x 3 grid of nodes 200 m apart: rows y=0 (primary), 200, 400 (footway)."""
    ids = {(i, j): 100 + 3 * j + i for j in range(3) for i in range(3)}
    lon, lat = TO_LONLAT.transform([ORIGIN[0] + 200 * i for i, _ in ids],
                                   [ORIGIN[1] + 200 * j for _, j in ids])
    nodes = pd.DataFrame({"lon": lon, "lat": lat}, index=list(ids.values()))
    ways = [(1, [(0, 0), (1, 0), (2, 0)], "primary"), (2, [(0, 1), (1, 1), (2, 1)], "residential"),
            (3, [(0, 2), (1, 2), (2, 2)], "footway"), (4, [(0, 0), (0, 1), (0, 2)], "residential"),
            (5, [(1, 0), (1, 1), (1, 2)], "footway"), (6, [(2, 0), (2, 1), (2, 2)], "tertiary")]
    segments = pd.DataFrame([(ids[a], ids[b], w) for w, names, _ in ways
                             for a, b in itertools.pairwise(names)],
                            columns=["u", "v", "way"]).astype("int64")
    table = pd.DataFrame([{**dict.fromkeys(WAY_TAGS), "id": w, "highway": h} for w, _, h in ways],
                         columns=["id", *WAY_TAGS]).set_index("id")
    return OsmData(nodes, segments, table, features_frame([]), {"kind": "demo", "name": "grid"})


def points(*xy: tuple[float, float]) -> list[Point]:
    """Return points at local (x, y) metres from ORIGIN."""
    return [Point(ORIGIN[0] + x, ORIGIN[1] + y) for x, y in xy]


@pytest.fixture(scope="module")
def toy() -> tuple:
    """Return (study, acc, ranked) of the grid town."""
    study = study_from_osm(grid_osm(), CRS)
    services = gpd.GeoDataFrame(
        {"category": ["gp", "bus", "shop", "police", "shop"],
         "name": ["Legesenteret", "Torget", "<b>Bold</b> shop", "Politiet", "Joker {{ 7*7 }}"]},
        geometry=points((405, 390), (195, 5), (10, 210), (0, -15), (390, 10)), crs=CRS)
    plots = gpd.GeoDataFrame(
        {"plot_id": ["A", "B", "C", "D"], "name": ["Tomt A", EVIL, "Tomt C", "Tomt D"]},
        geometry=points((100, 200), (300, 195), (50, 390), (700, 200)), crs=CRS)
    acc = accessibility(study, plots, services, ["gp", "bus", "shop"])
    assert acc.table["flag"].iat[3] and not acc.table["flag"].iat[0]  # D lies outside
    ranked = acc.table.assign(
        score=[82.0, 55.0, 30.0, np.nan], rank=pd.array([1, 2, pd.NA, pd.NA], dtype="Int64"),
        status=["ok", "ok", "fails_rules", "flagged"],
        reasons=["", "", "for langt til bussholdeplass", codes_text(acc.table["flag"].iat[3])])
    return study, acc, ranked


def walk(element: object) -> list:
    """Return ``element`` and all its descendants."""
    out = [element]
    for child in getattr(element, "_children", {}).values():
        out += walk(child)
    return out


def layers_of(m: folium.Map) -> dict[str, object]:
    """Return the map's layer-control layers by name."""
    return {e.layer_name: e for e in m._children.values()
            if isinstance(e, folium.map.Layer) and e.control}


def plot_markers(m: folium.Map, lang: str = "nb") -> list[folium.CircleMarker]:
    """Return the circle markers of the plots layer."""
    group = layers_of(m)[layer_name("plots", lang)]
    return [e for e in walk(group) if isinstance(e, folium.CircleMarker)]


# --- layers and markers -------------------------------------------------------------------------


def test_layer_names(toy: tuple) -> None:
    study, acc, ranked = toy
    m = map_from_analysis(study, acc, ranked, surface_score=np.full(len(acc.surface), 50.0))
    names = layers_of(m)
    assert set(names) == {
        "Gatenett (OpenStreetMap)", "Tomter", "Politiets responstid",
        "Egnethet langs gatenettet", "Tjeneste: Fastlege", "Tjeneste: Bussholdeplass",
        "Tjeneste: Dagligvare", "Tjeneste: Politistasjon", "Gangruter: 1. Tomt A",
        "Gangruter: 2. &lt;script&gt;alert(1)&lt;/script&gt;",
        "Politiets kjørerute og patruljesløyfe: 1. Tomt A",
        "Politiets kjørerute og patruljesløyfe: 2. &lt;script&gt;alert(1)&lt;/script&gt;",
    }
    shown = {n for n, layer in names.items() if layer.show}
    assert "Politiets responstid" not in shown and "Egnethet langs gatenettet" not in shown
    assert "Gangruter: 1. Tomt A" in shown and "Gangruter: 2. &lt;script&gt;" not in str(shown)
    en = layers_of(map_from_analysis(study, acc, ranked, lang="en", layers={"plots", "police"}))
    assert set(en) == {"Plots", "Police response time", "Police drive route and patrol loop: 1. "
                       "Tomt A", "Police drive route and patrol loop: 2. &lt;script&gt;alert(1)"
                       "&lt;/script&gt;"}
    assert set(LAYERS) == {"network", "plots", "services", "routes", "police", "surface"}


def test_shown_picks_the_layers_visible_at_first(toy: tuple) -> None:
    study, acc, ranked = toy
    score = np.full(len(acc.surface), 50.0)

    def visible(**options: object) -> set[str]:
        m = map_from_analysis(study, acc, ranked, surface_score=score, **options)
        return {name for name, layer in layers_of(m).items() if layer.show}

    assert visible(shown=set(SHOWN)) == visible()  # the default
    assert visible(shown={"police", "surface", "routes"}) == {
        "Politiets responstid", "Egnethet langs gatenettet", "Gangruter: 1. Tomt A",
        "Politiets kjørerute og patruljesløyfe: 1. Tomt A"}
    assert visible(shown=set()) == set()
    with pytest.raises(ValueError, match=r"unknown map layers in shown \['roads'\]"):
        map_from_analysis(study, acc, ranked, shown={"roads"})


def test_no_surface_layer_without_scores(toy: tuple) -> None:
    study, acc, ranked = toy
    assert "Egnethet langs gatenettet" not in layers_of(map_from_analysis(study, acc, ranked))


def test_one_marker_per_plot_with_score_colours_and_styles(toy: tuple) -> None:
    study, acc, ranked = toy
    markers = plot_markers(map_from_analysis(study, acc, ranked, layers={"plots"}))
    assert len(markers) == len(acc.plots) == 4  # flagged and failing plots included
    fills = [mk.options["fillColor"] for mk in markers]
    assert fills == [score_color(82.0), score_color(55.0), score_color(30.0), UNREACHED]
    assert [mk.options.get("dashArray") for mk in markers] == [None, None, "5 4", None]
    assert all(mk.options["pane"] == "sitingPlots" for mk in markers)


def test_score_colours_are_viridis() -> None:
    assert score_color(0.0) == "#440154"
    assert score_color(50.0) == "#21918c"
    assert score_color(100.0) == "#fde725"
    assert score_color(150.0) == "#fde725" and score_color(-3.0) == "#440154"
    assert score_color(45.0) == "#26848d"  # halfway between #2a788e and #21918c
    assert score_color(float("nan")) == UNREACHED


def test_rank_labels_and_flag_marks(toy: tuple) -> None:
    study, acc, ranked = toy
    m = map_from_analysis(study, acc, ranked, layers={"plots"})
    labels = [re.sub(r"<[^>]+>", "", e.options["html"]) for e in walk(m)
              if isinstance(e, folium.DivIcon)]
    assert labels == ["1", "2", "×", "!"]
    html = m.get_root().render()
    assert "Kan ikke rangeres" in html and "utenfor området OSM-dataene dekker" in html
    assert "Oppfyller ikke kravene</b>: for langt til bussholdeplass" in html


def test_popup_lists_distances_and_police_times(toy: tuple) -> None:
    study, acc, ranked = toy
    m = map_from_analysis(study, acc, ranked, layers={"plots"}, lang="en")
    popup = next(e for e in walk(m) if isinstance(e, folium.Popup))
    text = next(iter(popup.html._children.values())).data
    row = ranked.iloc[0]
    for label in ("GP", "Bus stop", "Grocery shop", "Police drive time", "Patrol detour"):
        assert f"<th>{label}</th>" in text
    assert f"<td>{row['walk_m_shop']:.0f}\u00a0m</td><td>&lt;b&gt;Bold&lt;/b&gt; shop</td>" in text
    assert f"{row['police_drive_min']:.1f} min</td><td>{row['nearest_police']}</td>" in text
    assert f"{row['police_drive_min']:.1f} min" in text


# --- escaping -----------------------------------------------------------------------------------


def test_user_text_is_escaped_everywhere(toy: tuple) -> None:
    study, acc, ranked = toy
    html = map_from_analysis(study, acc, ranked).get_root().render()
    assert EVIL not in html and "alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>Bold</b> shop" not in html and "&lt;b&gt;Bold&lt;/b&gt; shop" in html
    assert "Joker 49" not in html  # branca re-parses scripts as Jinja: braces must not survive
    assert "Joker &#123;&#123; 7*7 &#125;&#125;" in html


def test_esc_neutralises_html_js_templates_and_jinja() -> None:
    assert esc(EVIL) == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert esc("a`${x}`\\") == "a&#96;&#36;&#123;x&#125;&#96;&#92;"
    assert esc(None) == "" and esc("Ærlig & \"redelig\"") == "Ærlig &amp; &quot;redelig&quot;"


# --- attribution, offline assets, size ----------------------------------------------------------


def test_self_contained_html_has_no_external_urls(toy: tuple, tmp_path: Path) -> None:
    study, acc, ranked = toy
    m = map_from_analysis(study, acc, ranked, surface_score=np.linspace(0, 100, len(acc.surface)))
    path = save_map_html(m, tmp_path / "map.html")
    page = path.read_text(encoding="utf-8")
    assert ATTRIBUTION == "© OpenStreetMap contributors" and ATTRIBUTION in page
    assert external_fetches(page) == []
    assert "{z}" not in page  # no tile layer
    assert "leaflet.awesome-markers" not in page  # lean: no folium.Icon, no awesome markers
    assert 150_000 < path.stat().st_size < 400_000


def test_scanner_finds_cdn_links() -> None:
    cdn = folium.Map(tiles=None).get_root().render()
    assert any("cdn.jsdelivr.net" in u for u in external_fetches(cdn))
    assert external_fetches('<a href="https://leafletjs.com">Leaflet</a>') == []


def test_online_tiles_only_when_asked(toy: tuple) -> None:
    study, acc, ranked = toy
    page = map_from_analysis(study, acc, ranked, layers={"plots"}, online=True).get_root().render()
    assert "cache.kartverket.no" in page and "tile.openstreetmap.org" in page


def test_inline_assets_keep_icons_when_used(tmp_path: Path) -> None:
    m = folium.Map(tiles=None)
    folium.Marker([59.9, 10.7], icon=folium.Icon(color="red")).add_to(m)
    page = save_map_html(m, tmp_path / "icons.html").read_text(encoding="utf-8")
    assert "AwesomeMarkers" in page and external_fetches(page) == []
    assert "../webfonts/" not in page  # unembedded font files replaced by empty data URLs


def test_static_assets_point_at_hashed_local_files(toy: tuple, tmp_path: Path) -> None:
    study, acc, ranked = toy
    m = map_from_analysis(study, acc, ranked, assets="/app/static/vendor")
    static_assets(m, "/app/static/vendor", folder=tmp_path / "vendor")
    page = m.get_root().render()
    assert external_fetches(page) == []
    srcs = re.findall(r'<script src="([^"]+)"', page)
    hrefs = re.findall(r'<link rel="stylesheet" href="([^"]+)"', page)
    assert srcs and hrefs and all(u.startswith("/app/static/vendor/") for u in srcs + hrefs)
    css = [Path(h).name for h in hrefs]
    assert any(re.fullmatch(r"leaflet\.[0-9a-f]{10}\.css", n) for n in css)
    assert "leaflet.css" not in css  # Leaflet would look for marker images beside it
    for url in srcs + hrefs:
        assert (tmp_path / "vendor" / Path(url).name).is_file()
    # the same map can still be saved self-contained
    saved = save_map_html(m, tmp_path / "m.html").read_text(encoding="utf-8")
    assert external_fetches(saved) == [] and "/app/static/vendor" not in saved


def test_asset_files_are_cleaned() -> None:
    url = "https://cdn.jsdelivr.net/npm/@fortawesome/fontawesome-free@6.2.0/css/all.min.css"
    text = asset_text(url)
    assert "url(../webfonts" not in text and "url(data:font/woff2;base64," in text
    assert "sourceMappingURL" not in asset_text("https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js")
    assert re.fullmatch(r"all\.[0-9a-f]{10}\.css", asset_filename(url))


def test_inline_assets_is_idempotent() -> None:
    m = folium.Map(tiles=None)
    once = inline_assets(m).get_root().render()
    assert inline_assets(m).get_root().render().count("<script>") == once.count("<script>")


# --- routes -------------------------------------------------------------------------------------


def test_route_polylines_follow_the_node_paths(toy: tuple) -> None:
    study, acc, ranked = toy
    m = map_from_analysis(study, acc, ranked, selected="B", layers={"routes"})
    (group,) = layers_of(m).values()
    assert group.layer_name == "Gangruter: 2. &lt;script&gt;alert(1)&lt;/script&gt;" and group.show
    lines = [e for e in walk(group) if isinstance(e, folium.PolyLine)]
    node = int(acc.plot_walk_nodes[1])
    paths = [route(acc.walk_trees, k, node) for k in range(len(acc.categories))]
    assert len(lines) == len(acc.categories) == 3 and all(len(p) >= 2 for p in paths)
    for line, path in zip(lines, paths, strict=True):
        expected = lonlat(acc.walk_graph.xy[path], acc.plots.crs)
        assert np.allclose(np.asarray(line.locations)[:, ::-1], expected, atol=1e-6)
        assert np.allclose(np.asarray(line.locations)[-1, ::-1],
                           lonlat(acc.walk_graph.xy[[node]], CRS)[0], atol=1e-6)
    tips = [next(c for c in line._children.values() if isinstance(c, folium.Tooltip)).text
            for line in lines]
    shop_m = ranked["walk_m_shop"].iat[1]
    assert tips[2] == f"Dagligvare: {shop_m:.0f}\u00a0m – Joker &#123;&#123; 7*7 &#125;&#125;"


def test_unknown_selected_plot_draws_no_routes(toy: tuple,
                                               caplog: pytest.LogCaptureFixture) -> None:
    study, acc, ranked = toy
    m = map_from_analysis(study, acc, ranked, selected="nope", layers={"routes"})
    assert layers_of(m) == {} and "not among the plots" in caplog.text


# --- network drawing ----------------------------------------------------------------------------


def test_polyline_encoding_round_trips() -> None:
    assert encode_polyline(np.array([[-120.2, 38.5], [-120.95, 40.7], [-126.453, 43.252]]), 5) \
        == "_p~iF~ps|U_ulLnnqC_mqNvxq`@"  # Google's documented example
    line = np.array([[10.7512345, 59.9123456], [10.7512, 59.9124], [10.75, 59.91]])
    assert np.allclose(decode_polyline(encode_polyline(line)), np.round(line, 6), atol=1e-9)


def test_segment_chains_merge_consecutive_segments() -> None:
    u, v = np.array([0, 1, 2, 5, 6]), np.array([1, 2, 3, 6, 7])
    key = np.array([1, 1, 2, 2, 2])
    chains = [c.tolist() for c in segment_chains(u, v, key)]
    assert chains == [[0, 1, 2], [2, 3], [5, 6, 7]]


def test_network_layer_draws_every_segment_once(toy: tuple) -> None:
    study, acc, ranked = toy
    m = map_from_analysis(study, acc, ranked, layers={"network"})
    (layer,) = layers_of(m).values()
    assert isinstance(layer, EncodedLines) and layer.show
    drawn = sum(len(decode_polyline(s)) - 1 for part in layer.sets for s in part["lines"])
    assert drawn == len(study.walk.u) == 12
    assert [part["style"]["weight"] for part in layer.sets] == [1.1, 1.8, 3.0]  # path < main


# --- in a browser, offline ----------------------------------------------------------------------


@pytest.mark.slow
def test_chromium_draws_the_map_offline(toy: tuple, tmp_path: Path) -> None:
    if not CHROMIUM.exists() or shutil.which("chromium") is None:
        if os.environ.get("SITING_REQUIRE_BROWSER") == "1":
            pytest.fail("/usr/bin/chromium is missing (SITING_REQUIRE_BROWSER=1)")
        pytest.skip("/usr/bin/chromium is not installed")
    image = pytest.importorskip("PIL.Image")
    study, acc, ranked = toy
    page = save_map_html(map_from_analysis(study, acc, ranked), tmp_path / "map.html")
    png = tmp_path / "map.png"
    subprocess.run(
        [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
         "--virtual-time-budget=2000", f"--screenshot={png}", "--window-size=1200,800",
         page.as_uri()],
        check=True, capture_output=True, timeout=60,
    )
    pixels = np.asarray(image.open(png).convert("RGB")).reshape(-1, 3).astype(int)

    def count(hex_color: str, tol: int = 6) -> int:
        rgb = np.array([int(hex_color[i:i + 2], 16) for i in (1, 3, 5)])
        return int((np.abs(pixels - rgb).max(axis=1) <= tol).sum())

    assert count(score_color(82.0)) > 40  # plot A's disc (r = 11 px, minus border and "1")
    assert count(UNREACHED) > 100  # the flagged plot
    assert count("#9c9c9c") > 100  # the main road of the street network
    assert count("#ffffff", 2) > 5_000  # the legend box


@pytest.mark.browser
def test_map_works_offline_in_a_browser(toy: tuple, tmp_path: Path) -> None:
    """Load the saved map in Chromium: one request (the file), no script errors, and
    the popups and tooltips show user text literally (escaped, not executed)."""
    if not CHROMIUM.exists():
        if os.environ.get("SITING_REQUIRE_BROWSER") == "1":
            pytest.fail("/usr/bin/chromium is missing (SITING_REQUIRE_BROWSER=1)")
        pytest.skip("/usr/bin/chromium is not installed")
    sync_api = pytest.importorskip("playwright.sync_api")
    study, acc, ranked = toy
    page_file = save_map_html(map_from_analysis(study, acc, ranked), tmp_path / "map.html")
    requests, errors = [], []
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 800})
            page.on("request", lambda r: requests.append(r.url))
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("dialog", lambda d: errors.append(f"dialog {d.message}"))
            page.goto(page_file.as_uri())
            labels = page.locator(".siting-label")
            assert labels.count() == 4
            box = labels.nth(1).bounding_box()  # plot B, through its click-through label
            page.mouse.click(box["x"] + 11, box["y"] + 11)
            popup = page.locator(".leaflet-popup-content").inner_text()
            badge = page.locator(".siting-svc").nth(2).bounding_box()  # "<b>Bold</b> shop"
            page.mouse.move(badge["x"] + 8, badge["y"] + 30)
            page.mouse.move(badge["x"] + 8, badge["y"] + 8, steps=4)
            page.wait_for_timeout(100)
            tooltip = page.locator(".leaflet-tooltip").all_inner_texts()
            overlays = page.locator(".leaflet-control-layers-overlays label").all_inner_texts()
        finally:
            browser.close()
    assert requests == [page_file.as_uri()] and errors == []
    assert popup.startswith(EVIL) and "Rangering: 2" in popup
    assert "<b>Bold</b> shop\nDagligvare" in tooltip
    assert " Gangruter: 2. " + EVIL in overlays and " Tomter" in overlays


def test_police_bands_tell_town_centre_plots_apart() -> None:
    from siting.webmap.layers import BAND_RAMP, band_color, police_bands

    default = police_bands([1, 2, 3, 5, 10])  # the config's default
    assert [limit for limit, _ in default] == [1, 2, 3, 5, 10, math.inf]
    assert [color for _, color in default] == list(BAND_RAMP)  # its six anchors
    assert police_bands([5.0]) == ((5.0, BAND_RAMP[0]), (math.inf, BAND_RAMP[-1]))
    assert len({c for _, c in police_bands(range(1, 9))}) == 9  # eight bands, all distinct
    assert band_color(0.4, default) == BAND_RAMP[0] and band_color(2.5, default) == BAND_RAMP[2]
    assert band_color(12.0, default) == BAND_RAMP[-1] and band_color(math.inf) == UNREACHED


def test_streets_then_shading_then_routes(toy: tuple) -> None:
    # the streets may arrive after the rest (fetched from a served file): each kind of line
    # has its own pane, so the police shading stays above them and the routes above both
    from siting.webmap.layers import BANDS_PANE, PANE_Z, STREETS_PANE, EncodedLines

    study, acc, ranked = toy
    m = map_from_analysis(study, acc, ranked, layers={"network", "police", "routes", "plots"})
    panes = {layer.layer_name: layer.pane for layer in walk(m) if isinstance(layer, EncodedLines)}
    assert panes == {layer_name("network", "nb"): STREETS_PANE,
                     layer_name("police", "nb"): BANDS_PANE}
    assert PANE_Z[STREETS_PANE] < PANE_Z[BANDS_PANE] < 400  # Leaflet's overlay pane: routes
    html = m.get_root().render()
    assert f'pane.style.zIndex = {PANE_Z[BANDS_PANE]}' in html


def test_scale_bar_is_metric_only(toy: tuple) -> None:
    """The scale bar reads "500 m", without "3000 ft" under it."""
    study, acc, ranked = toy
    html = map_from_analysis(study, acc, ranked, layers={"plots"}).get_root().render()
    assert "L.control.scale({imperial: false, metric: true})" in html
    assert "L.control.scale()" not in html


def test_comparison_map_frames_the_plots_in_the_area_as_the_report_does() -> None:
    from siting.analysis import framed
    from siting.text import t
    from siting.webmap.compare import frame_bounds, positions

    # a saved scenario's results: the flags are text, in the scenario's language
    saved = gpd.GeoDataFrame(
        {"plot_id": ["A", "B", "C", "D"],
         "flag": ["", t("flag.outside", "nb"), t("flag.swapped", "en", lat=59.9, lon=10.7),
                  t("flag.far", "nb", m=300.0, limit=250.0)]},
        geometry=gpd.points_from_xy([10.75, 5.32, 59.9, 10.76], [59.91, 60.39, 10.7, 59.92]),
        crs="EPSG:4326")
    where = positions(saved)
    assert where["outside"].tolist() == [False, True, True, False]
    # saved with its flag codes beside the words (siting.scenario.FLAG_CODES): read from them
    coded = saved.assign(flag="", flag_codes=["", "outside", "swapped;island", "far"])
    assert positions(coded)["outside"].tolist() == [False, True, True, False]
    assert frame_bounds(where) == [[59.91, 10.75], [59.92, 10.76]]  # far from a street: framed
    assert framed([True, True]).tolist() == [True, True]  # none inside: frame them all
    assert frame_bounds(where.assign(outside=True)) == [[10.7, 5.32], [60.39, 59.9]]
