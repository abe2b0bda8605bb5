"""A kill while the command line writes its outputs loses nothing.

``python -m siting`` runs in a subprocess whose atomic writer stops, and says so,
just before it would move a finished temporary file over the chosen output; the
test then SIGKILLs it. Each output file was there before with other content, and
must be exactly that afterwards (the issue saw a 53 MB GeoPackage, a CSV, the HTML
map and the PDF all at 0 bytes). The next run cleans the leftover up.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from siting._atomic import TEMP_PREFIX

ROOT = Path(__file__).resolve().parents[1]

STOPPING = textwrap.dedent("""
    import sys, time
    import siting._atomic as atomic

    real, stop_at = atomic._commit, sys.argv[1]

    def commit(tmp, final):
        if final.name == stop_at:
            print("writing", final.name, flush=True)
            time.sleep(600)
        real(tmp, final)

    atomic._commit = commit
    from siting.cli import main
    sys.exit(main(sys.argv[2:]))
""")


def leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.startswith(TEMP_PREFIX)]


def killed_while_writing(target: Path, args: list[str], env: dict[str, str]) -> None:
    """Run ``python -m siting *args``; SIGKILL it when it is about to replace ``target``."""
    proc = subprocess.Popen([sys.executable, "-c", STOPPING, target.name, *args], cwd=ROOT,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == f"writing {target.name}"
        assert leftovers(target.parent), "the new content is being written beside the target"
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)


@pytest.mark.parametrize("output", ["out.csv", "out.gpkg", "out.xlsx", "map.html", "s.gpkg",
                                    "rapport.pdf"])
def test_sigkill_while_writing_keeps_the_previous_file(output: str, tmp_path: Path) -> None:
    env = {**os.environ, "SITING_CACHE_DIR": str(tmp_path / "cache")}
    out = tmp_path / "resultater"
    out.mkdir()
    rank = ["rank", "--demo", "--out", str(out / "out.csv"), "--map", str(out / "map.html"),
            "--scenario-out", str(out / "s.gpkg")]
    if output in ("out.gpkg", "out.xlsx"):
        rank[3] = str(out / output)
    if output == "rapport.pdf":  # the report needs the scenario written first
        assert subprocess.run([sys.executable, "-m", "siting", *rank, "-q"], cwd=ROOT, env=env,
                              check=False).returncode == 0
        args = ["report", "--scenario", str(out / "s.gpkg"), "--out", str(out / output)]
    else:
        args = rank
    target = out / output
    target.write_bytes(b"the previous version, whole " * 1000)
    before = target.read_bytes()
    killed_while_writing(target, args, env)
    assert target.read_bytes() == before
    done = subprocess.run([sys.executable, "-m", "siting", *args, "-q"], cwd=ROOT, env=env,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert target.read_bytes() != before and target.stat().st_size > 1000
    assert leftovers(out) == []  # the killed run's temporary is gone
