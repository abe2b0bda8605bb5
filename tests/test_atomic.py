"""Atomic writes: the old file survives a failure or a kill, names never clash, leftovers go."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import geopandas as gpd
import pytest
from shapely.geometry import Point

from siting import _atomic
from siting._atomic import TEMP_PREFIX, atomic_file, atomic_path, clean_leftovers, write_bytes

ROOT = Path(__file__).resolve().parents[1]


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(TEMP_PREFIX))


def test_write_bytes_and_text_replace_the_target(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "out.csv"
    write_bytes(target, b"first")
    _atomic.write_text(target, "andre æøå\r\n")
    assert target.read_bytes() == "andre æøå\r\n".encode()
    assert leftovers(target.parent) == []


def test_new_files_get_the_usual_permissions(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        write_bytes(tmp_path / "a.txt", b"x")
        with atomic_path(tmp_path / "b.txt") as tmp:
            tmp.write_bytes(b"y")
    finally:
        os.umask(old)
    assert (tmp_path / "a.txt").stat().st_mode & 0o777 == 0o644
    assert (tmp_path / "b.txt").stat().st_mode & 0o777 == 0o644


def test_a_failing_writer_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "result.csv"
    target.write_text("old")
    with pytest.raises(RuntimeError), atomic_file(target, "w") as handle:
        handle.write("half a new fi")
        raise RuntimeError("writer died")
    with pytest.raises(RuntimeError), atomic_path(target) as path:
        path.write_text("half")
        (path.parent / "result.csv-journal").write_text("side file")
        raise RuntimeError("writer died")
    assert target.read_text() == "old"
    assert os.listdir(tmp_path) == ["result.csv"]


def test_atomic_path_serves_a_path_writer_and_removes_its_side_files(tmp_path: Path) -> None:
    target = tmp_path / "plots.gpkg"
    frame = gpd.GeoDataFrame({"plot_id": ["A"]}, geometry=[Point(10.4, 63.3)], crs="EPSG:4326")
    for _ in range(2):  # the second run replaces the first
        with atomic_path(target) as path:
            assert path.name == "plots.gpkg" and not path.exists()
            frame.to_file(path, driver="GPKG", layer="plots")
    assert gpd.read_file(target)["plot_id"].tolist() == ["A"]
    assert os.listdir(tmp_path) == ["plots.gpkg"]


def test_a_writer_that_wrote_nothing_changes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "map.html"
    target.write_text("old")
    with pytest.raises(FileNotFoundError), atomic_path(target):
        pass
    assert target.read_text() == "old"


def test_leftovers_of_dead_or_old_writers_are_removed_live_ones_kept(tmp_path: Path) -> None:
    host = _atomic._HOST
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()
    names = {
        "dead": f"{TEMP_PREFIX}{host}-{dead}-0123456789abcdef-out.csv",
        "live": f"{TEMP_PREFIX}{host}-{os.getpid()}-0123456789abcdef-out.csv",
        "other_host": f"{TEMP_PREFIX}zzzzzz-{dead}-0123456789abcdef-out.csv",
        "old_dir": f"{TEMP_PREFIX}zzzzzz-1-0123456789abcdef-out.gpkg",
    }
    for key, name in names.items():
        path = tmp_path / name
        if key == "old_dir":
            path.mkdir()
            (path / "out.gpkg").write_bytes(b"x")
            os.utime(path, (time.time() - 7 * 3600,) * 2)
        else:
            path.write_bytes(b"partial")
    (tmp_path / "mine.csv").write_text("not ours")
    assert clean_leftovers(tmp_path) == 2
    assert leftovers(tmp_path) == sorted([names["live"], names["other_host"]])
    assert (tmp_path / "mine.csv").exists()


def test_threads_writing_one_target_never_clash(tmp_path: Path) -> None:
    target = tmp_path / "recent.json"
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            for _ in range(20):
                write_bytes(target, str(n).encode() * 1000)
        except BaseException as err:  # pragma: no cover - the failure being tested
            errors.append(err)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    content = target.read_bytes()
    assert len(set(content)) == 1 and len(content) == 1000
    assert leftovers(tmp_path) == []


SLOW_WRITER = textwrap.dedent("""
    import sys, time
    from siting._atomic import atomic_file
    with atomic_file(sys.argv[1], "wb") as handle:
        handle.write(b"new " * 1000)
        handle.flush()
        print("writing", flush=True)
        time.sleep(60)
""")


def test_sigkill_mid_write_keeps_the_old_file_and_the_next_write_cleans_up(
        tmp_path: Path) -> None:
    target = tmp_path / "result.csv"
    target.write_bytes(b"old result")
    proc = subprocess.Popen([sys.executable, "-c", SLOW_WRITER, str(target)], cwd=ROOT,
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "writing"
    assert len(leftovers(tmp_path)) == 1
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert target.read_bytes() == b"old result"
    write_bytes(tmp_path / "other.csv", b"x")
    assert leftovers(tmp_path) == []
