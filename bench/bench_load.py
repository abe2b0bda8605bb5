"""Load benchmark: 1, 5, 10 and 20 people open the app at the same moment.

Run from the repository root (needs ../shared/data/osm/oslo-center.osm.pbf):

    .venv/bin/python bench/bench_load.py [--sessions 1 5 10 20] [--repeat 2]

A committee meeting is the realistic peak: everyone opens the link together.
The app runs for real (``streamlit run app.py -- --osm oslo-center.osm.pbf`` on
a loopback port, its own cache folder). Each simulated person is a protocol-level
client on this machine: it loads the page (``GET /``), opens the app's websocket,
asks for the first script run as a browser does, and counts the page usable when
the server says the run is finished (every element, the map included, has been
sent). Browsers are left out on purpose: each person's browser paints on their own
laptop, while the server is the one machine everybody shares.

Printed per number of simultaneous sessions: the median and slowest time to a
usable page, the ratio of the median to one session alone (measured in the same
run, after a warm-up that prepares the study), the slowest answer of the health
endpoint meanwhile, the server CPU seconds per session and the megabytes sent
per session over the websocket.

With ``--browser`` one real Chromium page load is timed too (until the map's
streets are drawn and the app is idle); the part of it that is the browser's own
work (its time minus the server's time for one session) happens on each person's
own machine, so the last columns add it to the server times: what each person
waits, and its ratio to one person alone.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import statistics
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from browser_helpers import streamlit_app  # noqa: E402

OSLO = ROOT.parent / "shared" / "data" / "osm" / "oslo-center.osm.pbf"


def _get(url: str, timeout: float = 120.0) -> bytes:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(url, timeout=timeout) as response:
        return bytes(response.read())


async def one_session(url: str) -> tuple[float, int]:
    """Seconds to a usable page and bytes received over the websocket, for one person."""
    start = time.perf_counter()
    await asyncio.to_thread(_get, url + "/")
    ws_url = url.replace("http://", "ws://") + "/_stcore/stream"
    received = 0
    async with websockets.connect(ws_url, subprotocols=["streamlit"], max_size=None,
                                  open_timeout=120, ping_interval=None) as ws:
        msg = BackMsg()
        msg.rerun_script.query_string = ""
        msg.rerun_script.page_script_hash = ""
        await ws.send(msg.SerializeToString())
        while True:
            data = await asyncio.wait_for(ws.recv(), timeout=300)
            received += len(data)
            forward = ForwardMsg()
            forward.ParseFromString(data)
            if forward.WhichOneof("type") == "script_finished":
                break
    return time.perf_counter() - start, received


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of process ``pid`` and its threads (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@contextlib.contextmanager
def health_watch(url: str) -> Iterator[list[float]]:
    """Sample ``/_stcore/health`` every 0.2 s; yield the list of answer times."""
    times: list[float] = []
    stop = threading.Event()

    def watch() -> None:
        while not stop.is_set():
            start = time.perf_counter()
            with contextlib.suppress(OSError):
                _get(url + "/_stcore/health", timeout=60)
            times.append(time.perf_counter() - start)
            stop.wait(0.2)

    thread = threading.Thread(target=watch, daemon=True)
    thread.start()
    try:
        yield times
    finally:
        stop.set()
        thread.join()


async def crowd(url: str, n: int) -> list[tuple[float, int]]:
    return list(await asyncio.gather(*(one_session(url) for _ in range(n))))


def server_pid(port: int) -> int:
    """The pid of the process listening on ``port`` (the Streamlit server)."""
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        with contextlib.suppress(OSError):
            cmd = (proc / "cmdline").read_bytes().split(b"\0")
            if b"streamlit" in b" ".join(cmd) and str(port).encode() in cmd:
                return int(proc.name)
    raise RuntimeError(f"no streamlit process on port {port}")


def browser_seconds(url: str) -> float:
    """One real page load in Chromium: seconds until the streets are drawn and the app idles."""
    from browser_helpers import CHROMIUM, CHROMIUM_ARGS
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        start = time.perf_counter()
        page.goto(url)
        frame = page.frame_locator('iframe[title="streamlit_folium.st_folium"]')
        frame.locator("canvas.leaflet-zoom-animated").first.wait_for(timeout=120_000)
        page.wait_for_function("""() => {
            const app = document.querySelector('[data-testid="stApp"]');
            return app && app.getAttribute('data-test-script-state') !== 'running';
        }""", timeout=120_000)
        seconds = time.perf_counter() - start
        browser.close()
    return seconds


def run(sessions: list[int], repeat: int, browser: bool) -> None:
    with tempfile.TemporaryDirectory() as tmp, streamlit_app(OSLO, Path(tmp)) as url:
        pid = server_pid(int(url.rsplit(":", 1)[1]))
        asyncio.run(crowd(url, 1))  # warm-up: the study is prepared and cached
        own = 0.0
        if browser:
            own = max(browser_seconds(url) - asyncio.run(crowd(url, 1))[0][0], 0.0)
        rows = []
        base = None
        for n in sessions:
            times, sizes, health, cpu = [], [], [], 0.0
            for _ in range(repeat):
                before = cpu_seconds(pid)
                with health_watch(url) as answers:
                    done = asyncio.run(crowd(url, n))
                cpu += cpu_seconds(pid) - before
                times += [t for t, _ in done]
                sizes += [s for _, s in done]
                health += answers
            median = statistics.median(times)
            base = base or median
            rows.append((n, median, max(times), median / base, max(health, default=0.0),
                         cpu / (n * repeat), statistics.median(sizes) / 1e6))
        print(f"{'sessions':>8} {'median s':>9} {'slowest s':>10} {'ratio':>6} "
              f"{'health max s':>13} {'CPU s/session':>14} {'MB/session':>11}"
              + (f" {'with browser s':>15} {'ratio':>6}" if browser else ""))
        for n, med, slow, ratio, hmax, cpu, mb in rows:
            person = (f" {med + own:>15.2f} {(med + own) / (rows[0][1] + own):>6.1f}"
                      if browser else "")
            print(f"{n:>8} {med:>9.2f} {slow:>10.2f} {ratio:>6.1f} {hmax:>13.2f} {cpu:>14.2f} "
                  f"{mb:>11.2f}{person}")
        if browser:
            print(f"browser's own work per page load (on each person's machine): {own:.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, nargs="+", default=[1, 5, 10, 20])
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--browser", action="store_true",
                        help="also time one real Chromium page load (see the docstring)")
    args = parser.parse_args()
    if not OSLO.is_file():
        sys.exit(f"{OSLO} is missing: the benchmark needs the central-Oslo extract")
    print(f"{os.cpu_count()} CPUs, Python {sys.version.split()[0]}, central Oslo, "
          f"repeat {args.repeat}")
    run(args.sessions, args.repeat, args.browser)


if __name__ == "__main__":
    main()
