"""Helpers of the real-browser test (:mod:`tests.test_browser`): the app process, the
offline guard, reading Streamlit's data grids and Leaflet's map from the page.

Kept apart from the test so the steps there read as what a user does and sees.
"""

from __future__ import annotations

import contextlib
import math
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path(os.environ.get("SITING_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
    "--no-proxy-server",  # an http_proxy in the environment must not route loopback away
]
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
T = TypeVar("T")


# --------------------------------------------------------------------------- the app
def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _health(url: str) -> str:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never a proxy
    with opener.open(url, timeout=2) as response:
        return str(response.read().decode().strip())


def log_tail(log: Path, chars: int = 3000) -> str:
    text = log.read_text(errors="replace") if log.is_file() else ""
    return text[-chars:]


@contextlib.contextmanager
def streamlit_app(osm: Path | None, folder: Path, timeout: float = 60.0, *,
                  address: Sequence[str] = ("--server.address", "127.0.0.1"),
                  env_extra: Mapping[str, str] | None = None) -> Iterator[str]:
    """Run ``streamlit run app.py -- --osm OSM`` on a free loopback port; yield its URL.

    The app gets its own cache folder and HOME under ``folder``, its output goes
    to ``folder/app.log``; the process group is always ended afterwards.
    ``address`` are the listening options (empty: the defaults of
    ``.streamlit/config.toml``); ``env_extra`` more environment variables.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith("SITING_APP_")}
    env.update(SITING_CACHE_DIR=str(folder / "cache"), HOME=str(folder / "home"),
               PYTHONUNBUFFERED="1", **(env_extra or {}))
    (folder / "home").mkdir(parents=True, exist_ok=True)
    log = folder / "app.log"
    deadline = time.monotonic() + timeout
    for attempt in range(3):  # another process may take the free port before the app
        port = free_port()
        cmd = [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
               "--server.headless", "true", "--server.port", str(port), *address,
               "--browser.gatherUsageStats", "false",
               *(["--", "--osm", str(osm)] if osm is not None else [])]
        with log.open("wb") as out:
            proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out,
                                    stderr=subprocess.STDOUT,
                                    start_new_session=True)  # own group: children end with it
        try:
            url = f"http://127.0.0.1:{port}"
            if _healthy(proc, url, log, deadline, last=attempt == 2):
                yield url
                return
        finally:
            _end(proc)


def _healthy(proc: subprocess.Popen[bytes], url: str, log: Path, deadline: float,
             last: bool) -> bool:
    """Wait for ``/_stcore/health``; False if the port was taken (and tries remain)."""
    while True:
        if proc.poll() is not None:
            text = log_tail(log)
            if "already in use" in text.lower() and not last:
                return False
            raise AssertionError(f"the app exited with {proc.returncode}:\n{text}")
        try:
            if _health(f"{url}/_stcore/health") == "ok":
                return True
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise AssertionError(f"the app did not answer {url}/_stcore/health in time:\n"
                                 f"{log_tail(log)}")
        time.sleep(0.3)


def _end(proc: subprocess.Popen[bytes]) -> None:
    """End the app's process group: SIGTERM, then SIGKILL after 10 s."""
    for sig, wait in ((signal.SIGTERM, 10.0), (signal.SIGKILL, 5.0)):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, sig)
        try:
            proc.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


# --------------------------------------------------------------------------- offline guard
def is_local(url: str) -> bool:
    """True for loopback http(s)/ws(s) URLs and for in-page data (data:, blob: of loopback)."""
    scheme = url.split(":", 1)[0].lower()
    if scheme in ("data", "about"):
        return True
    if scheme == "blob":
        return is_local(url[len("blob:"):])
    return urlsplit(url).hostname in LOCAL_HOSTS


def guard_offline(context: Any, outside: list[str]) -> None:
    """Abort (and record in ``outside``) every request not to 127.0.0.1/localhost."""

    def route(r: Any) -> None:
        url = r.request.url
        if is_local(url):
            r.continue_()
        else:
            outside.append(url)
            r.abort()

    def websocket(ws: Any) -> None:
        if not is_local(ws.url):
            outside.append(ws.url)

    context.route("**/*", route)
    context.on("page", lambda page: page.on("websocket", websocket))


# --------------------------------------------------------------------------- waiting
def wait_until(page: Any, read: Callable[[], T | None], ok: Callable[[T], bool], what: str,
               timeout: float = 30.0) -> T:
    """Poll ``read()`` until it gives a value ``ok`` accepts (None: not there yet).

    Waits with ``page.wait_for_timeout`` so Playwright keeps serving routes meanwhile.
    """
    deadline = time.monotonic() + timeout
    while True:
        value = read()
        if value is not None and ok(value):
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not seen within {timeout:.0f} s; last: {value!r}")
        page.wait_for_timeout(200)


# --------------------------------------------------------------------------- data grids
#: Rows of a Streamlit data grid, read from the accessible table Glide keeps beside its
#: canvas: [{column header: cell text}]; None while the grid is not drawn.
GRID_ROWS = """el => {
  const table = el.querySelector('table[role="grid"]');
  if (!table) return null;
  const heads = {};
  table.querySelectorAll('thead th').forEach(
    th => { heads[th.getAttribute('aria-colindex')] = th.textContent.trim(); });
  return [...table.querySelectorAll('tbody tr')].map(tr => {
    const row = {};
    tr.querySelectorAll('td').forEach(
      td => { row[heads[td.getAttribute('aria-colindex')]] = td.textContent.trim(); });
    return row;
  });
}"""


def grid_rows(grid: Any) -> list[dict[str, str]] | None:
    try:
        rows = grid.evaluate(GRID_ROWS, timeout=5000)
    except Exception:  # the grid is being replaced by a rerun
        return None
    return list(rows) if rows is not None else None


def number(text: str) -> float:
    """A number as a grid shows it ("61.3", "61,3", "1 741", "–" for none)."""
    clean = text.replace("\u00a0", "").replace(" ", "").replace(",", ".")
    return float(clean) if clean not in ("", "–", "None", "nan") else math.nan


# --------------------------------------------------------------------------- first paint
#: What the page shows so far: the title, a progress bar or spinner, and the map (Leaflet
#: with its street canvas drawn and service badges placed).
FIRST_PAINT = """() => {
  const seen = el => el !== null && el.getBoundingClientRect().height > 0;
  const frame = document.querySelector('iframe[title="streamlit_folium.st_folium"]');
  let map = false;
  try {
    const d = frame && frame.contentDocument;
    map = !!(d && d.querySelector('.leaflet-sitingStreets-pane canvas')
             && d.querySelector('.siting-svc'));
  } catch (e) {}
  return {title: seen(document.querySelector('h1')),
          progress: seen(document.querySelector(
            '[data-testid="stProgress"], [data-testid="stSpinner"]')),
          map: map};
}"""


# --------------------------------------------------------------------------- language
#: Every text a person can see: visible text nodes (icon ligatures left out) and the
#: placeholder of each visible empty field. A data grid draws its cells on a canvas from
#: the Styler's display values ("57,8"); the table Streamlit keeps beside it for screen
#: readers holds the raw numbers ("57.8") and is not read here.
VISIBLE_TEXTS = """() => {
  const shown = el => {
    const r = el.getBoundingClientRect(), s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && r.right > 0 && r.bottom > 0
      && s.visibility !== 'hidden' && s.display !== 'none' && s.opacity !== '0';
  };
  const out = [];
  const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walk.nextNode()) {
    const node = walk.currentNode, el = node.parentElement, text = node.textContent.trim();
    if (!text || !el || el.closest('script, style, table[role="grid"], '
                                   + '[data-testid="stIconMaterial"]')) continue;
    if (shown(el)) out.push(text);
  }
  document.querySelectorAll('input[placeholder], textarea[placeholder]').forEach(i => {
    if (shown(i) && !i.value) out.push(i.getAttribute('placeholder'));
  });
  return out;
}"""
#: Streamlit's own English widget texts that must not show in bokmål.
STREAMLIT_ENGLISH = ("Choose an option", "Select all", "Upload", "Browse files", "Drag and drop",
                     "per file", "No options", "No results", "None", "nan", "empty")
#: Texts Streamlit 1.67 writes in English whatever we do (none visible on our pages).
STREAMLIT_FIXED = ("Skip to main content",)
DECIMAL_POINT = re.compile(r"(?<![\w.])\d+\.\d+(?![\w.])")


def foreign_texts(texts: list[str], lang: str) -> list[str]:
    """The texts on a page in ``lang`` that belong to the other language: the other
    language's catalogue entries, Streamlit's English (in bokmål) and decimal points."""
    from siting.text import CATALOGUE

    own, other = (0, 1) if lang == "nb" else (1, 0)
    foreign = {entry[other] for entry in CATALOGUE.values()
               if "{" not in entry[other] and len(entry[other]) >= 3
               and entry[other] not in entry[own] and entry[own] not in entry[other]}
    found = [x for x in texts if x in foreign]
    if lang == "nb":
        words = re.compile(r"\b(" + "|".join(re.escape(w) for w in STREAMLIT_ENGLISH) + r")\b")
        found += [x for x in texts if words.search(x) and x not in STREAMLIT_FIXED]
        found += [x for x in texts if DECIMAL_POINT.search(x)]
    return sorted(set(found))


# --------------------------------------------------------------------------- the map
#: Where the map stands: its zoom, the plot and service markers, what the street
#: network canvas painted, and the number of street vertices Leaflet holds.
MAP_STATE = """() => {
  const map = Object.values(window).find(v => { try { return v instanceof L.Map; }
                                                catch (e) { return false; } });
  if (!map) return null;
  let vertices = 0;
  map.eachLayer(l => {
    if (l instanceof L.Polyline && l.options.renderer instanceof L.Canvas) {
      const lines = L.LineUtil.isFlat(l.getLatLngs()) ? [l.getLatLngs()] : l.getLatLngs();
      lines.forEach(line => { vertices += line.length; });
    }
  });
  // the streets draw in their own pane, below the police and surface shading
  const painted = [...document.querySelectorAll(
      '.leaflet-sitingStreets-pane canvas, .leaflet-overlay-pane canvas')].map(c => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
    return n / (c.width * c.height);
  });
  return {zoom: map.getZoom(), vertices: vertices, painted: painted,
          plots: document.querySelectorAll(
            '.leaflet-sitingPlots-pane path.leaflet-interactive').length,
          services: document.querySelectorAll('.siting-svc').length};
}"""

#: A street-network vertex near the middle of the map where a click reaches the map
#: itself (no marker, control, legend or plot within 14 px): {x, y} in the map frame's
#: CSS pixels, its lat/lng and the zoom.
STREET_POINT = """() => {
  const map = Object.values(window).find(v => { try { return v instanceof L.Map; }
                                                catch (e) { return false; } });
  const size = map.getSize(), rect = map.getContainer().getBoundingClientRect();
  const blocked = (x, y) => {
    const el = document.elementFromPoint(rect.left + x, rect.top + y);
    return !el || el.closest('.leaflet-marker-icon, .leaflet-control, .leaflet-interactive, '
                             + '.leaflet-popup') !== null;
  };
  const found = [];
  map.eachLayer(l => {
    if (!(l instanceof L.Polyline) || !(l.options.renderer instanceof L.Canvas)) return;
    const lines = L.LineUtil.isFlat(l.getLatLngs()) ? [l.getLatLngs()] : l.getLatLngs();
    lines.forEach(line => line.forEach(ll => {
      const p = map.latLngToContainerPoint(ll);
      const dx = p.x - size.x / 2, dy = p.y - size.y / 2;
      if (Math.abs(dx) < size.x * 0.3 && Math.abs(dy) < size.y * 0.3)
        found.push({ll: ll, p: p, d: dx * dx + dy * dy});
    }));
  });
  found.sort((a, b) => a.d - b.d);
  const R = 14, around = [[0, 0], [R, 0], [-R, 0], [0, R], [0, -R], [R, R], [-R, -R]];
  for (const c of found) {
    if (around.some(([ox, oy]) => blocked(c.p.x + ox, c.p.y + oy))) continue;
    return {x: rect.left + c.p.x, y: rect.top + c.p.y, lat: c.ll.lat, lng: c.ll.lng,
            zoom: map.getZoom()};
  }
  return null;
}"""


#: A service badge well inside the map with no control or popup over it:
#: {x, y} in the map frame's CSS pixels, the badge's lat/lng, and the zoom.
SERVICE_POINT = """() => {
  const map = Object.values(window).find(v => { try { return v instanceof L.Map; }
                                                catch (e) { return false; } });
  const size = map.getSize(), rect = map.getContainer().getBoundingClientRect();
  let best = null;
  map.eachLayer(l => {
    if (!(l instanceof L.Marker) || !l._icon || !l._icon.classList.contains('siting-svc'))
      return;
    const p = map.latLngToContainerPoint(l.getLatLng());
    const dx = p.x - size.x / 2, dy = p.y - size.y / 2;
    if (Math.abs(dx) > size.x * 0.3 || Math.abs(dy) > size.y * 0.3) return;
    const el = document.elementFromPoint(rect.left + p.x, rect.top + p.y);
    // no control or popup over it (in placing mode the badge itself lets clicks through)
    if (!el || el.closest('.leaflet-control, .leaflet-popup')) return;
    const d = dx * dx + dy * dy;
    if (!best || d < best.d) best = {d: d, x: rect.left + p.x, y: rect.top + p.y,
                                     lat: l.getLatLng().lat, lng: l.getLatLng().lng};
  });
  return best && {x: best.x, y: best.y, lat: best.lat, lng: best.lng, zoom: map.getZoom()};
}"""

#: The map's view: zoom and centre.
MAP_VIEW = """() => {
  const map = Object.values(window).find(v => { try { return v instanceof L.Map; }
                                                catch (e) { return false; } });
  const c = map.getCenter();
  return {zoom: map.getZoom(), lat: c.lat, lng: c.lng};
}"""


def metres_per_pixel(lat: float, zoom: float) -> float:
    return 156543.03392 * math.cos(math.radians(lat)) / 2**zoom


def distance_m(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Great-circle distance (metres) between two lon/lat points."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 2 * 6371008.8 * math.asin(math.sqrt(a))
