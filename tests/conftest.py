"""Shared test fixtures: the real OSM extracts in ../shared, and network hygiene.

Tests that need ``../shared/data/osm`` are marked ``shared``. In a user's clone the
folder is absent and they skip with the reason; with ``SITING_REQUIRE_SHARED=1``
(set by ``.ci/run``) a missing folder fails them instead.

The fast lane, ``pytest -m "not slow"``, runs the engine and the command line on
hand-made data in well under 30 s. ``slow`` is given here, in one place, to every
test that needs the real extracts or a browser (``shared``, ``browser``), starts the
Streamlit app (a module that imports ``AppTest``, or :data:`SLOW_FILES`), renders the
PDF report, kills or serves processes, talks to the fake OSM servers or runs the
linters (:data:`SLOW_FILES`), plus a few marked by hand. The full suite stays the
README's test command and CI's.

No test may send traffic anywhere but loopback: :func:`_loopback_only` refuses
every other socket connection, and OSMnx is told not to use DNS-over-HTTPS or
wait for Overpass rate limits.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

SHARED_OSM = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "osm"
REQUIRE_SHARED = os.environ.get("SITING_REQUIRE_SHARED") == "1"


def shared_file(name: str) -> Path:
    """Return a file of ``../shared/data/osm``, skipping (or failing in CI) if absent."""
    path = SHARED_OSM / name
    if not path.is_file():
        reason = f"{path} is absent: the real OSM extracts live beside the repository in CI"
        if REQUIRE_SHARED:
            pytest.fail(reason + " (SITING_REQUIRE_SHARED=1 makes them required)")
        pytest.skip(reason)
    return path


@pytest.fixture
def oslo_pbf() -> Path:
    """The central-Oslo extract (3 MB, about 63,000 walk nodes)."""
    return shared_file("oslo-center.osm.pbf")


@pytest.fixture
def opera_pbf() -> Path:
    """The tiny Bjørvika extract (461 nodes)."""
    return shared_file("oslo-opera.osm.pbf")


@pytest.fixture
def oslo_walk_xml() -> Path:
    """The cleaned walk-only OSM XML of central Oslo."""
    return shared_file("oslo-center-walk.osm.bz2")


@pytest.fixture(scope="module")
def astray():  # type: ignore[no-untyped-def]
    """The demo with two plots that have no place on the map: F, typed with latitude and
    longitude swapped (plot A's position: far outside the area, where the tool suggests
    the position meant), and G, whose address was not found; neither is measured."""
    import geopandas as gpd
    import pandas as pd
    import shapely

    from siting.config import default_config
    from siting.demo import demo_plots
    from siting.pipeline import load_study, rank

    plots = demo_plots()
    a = plots.geometry.iat[0]
    extra = gpd.GeoDataFrame(
        {"plot_id": ["F", "G"], "name": ["Byttet om", "Ukjent adresse"],
         "problem": ["", "address «Storgata 1» not found; nearest: «Storgata 2, 7000 X»"]},
        geometry=[shapely.Point(a.y, a.x), None], crs=plots.crs)
    plots = pd.concat([plots.assign(problem=""), extra], ignore_index=True)
    return rank(load_study(), plots, None, default_config())


@pytest.fixture(autouse=True)
def _loopback_only(monkeypatch: pytest.MonkeyPatch,
                   tmp_path_factory: pytest.TempPathFactory) -> None:
    """Refuse any connection that is not to loopback; keep caches out of $HOME."""
    real_connect = socket.socket.connect

    def guarded(self: socket.socket, address: object) -> object:
        host = address[0] if isinstance(address, tuple) else str(address)
        if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_loopback(str(host)):
            raise OSError(f"test tried to reach {host}: only loopback is allowed in tests")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)
    from siting import settings

    monkeypatch.setattr(settings, "cache_dir", tmp_path_factory.getbasetemp() / "siting-cache")
    try:
        import osmnx as ox
    except ImportError:
        return
    monkeypatch.setattr(ox.settings, "doh_url_template", None)
    monkeypatch.setattr(ox.settings, "overpass_rate_limit", False)


def _is_loopback(host: str) -> bool:
    return host in ("localhost", "::1") or host.startswith("127.")


#: Fixtures of the real extracts: a test that asks for one is slow (and needs ../shared).
REAL_DATA = frozenset({"oslo_pbf", "opera_pbf", "oslo_walk_xml"})
#: Test files that start the app, render PDFs, serve fake APIs or run the linters.
SLOW_FILES = frozenset({"test_app.py", "test_app_decide.py", "test_app_pair.py",
                        "test_app_safety.py", "test_browser.py", "test_crash.py", "test_lint.py",
                        "test_live.py", "test_report.py", "test_report_pair.py",
                        "test_serving.py"})


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark slow what the fast lane leaves out (see the module docstring)."""
    for item in items:
        real = REAL_DATA & set(getattr(item, "fixturenames", ()))
        app = hasattr(getattr(item, "module", None), "AppTest")  # starts the Streamlit app
        if item.path.name in SLOW_FILES or real or app or item.get_closest_marker("shared") \
                or item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.slow)
