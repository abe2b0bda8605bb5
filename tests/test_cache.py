"""The disk caches: checksums verified on read, safe for processes started together."""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from siting import _pickles, cache, settings
from siting._atomic import TEMP_PREFIX
from siting._pickles import MAGIC, MAGIC_V1, read_pickle, write_pickle
from siting.osm import file_sha256

ROOT = Path(__file__).resolve().parents[1]
TINY = ROOT / "tests" / "data" / "toy" / "tiny.osm"


def entries(folder: Path) -> list[Path]:
    return sorted((folder / "studies").glob("*.pickle"))


def flip(path: Path, at: int, n: int = 64) -> None:
    """Invert ``n`` bytes of ``path`` from offset ``at`` (as a failing disk or copy might)."""
    data = bytearray(path.read_bytes())
    data[at:at + n] = bytes(b ^ 0xFF for b in data[at:at + n])
    path.write_bytes(bytes(data))


def test_checksum_is_checked_before_unpickling(tmp_path: Path,
                                               caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "x.pickle"
    write_pickle({"walk_m": [120.0, 60.0]}, path)
    data = path.read_bytes()
    assert data.startswith(MAGIC)
    assert data[len(MAGIC):len(MAGIC) + 32] == hashlib.sha256(data[len(MAGIC) + 32:]).digest()
    log = logging.getLogger("test")
    assert read_pickle(path, log, "x unreadable") == {"walk_m": [120.0, 60.0]}
    flip(path, len(data) - 10, 1)  # one byte of a float: unpickles fine, but wrong
    assert read_pickle(path, log, "x unreadable") is None
    path.write_bytes(data[: len(data) // 2])  # cut short
    assert read_pickle(path, log, "x unreadable") is None
    path.write_bytes(data[len(MAGIC) + 32:])  # a bare pickle, as older versions wrote
    assert read_pickle(path, log, "x unreadable") is None
    assert read_pickle(tmp_path / "absent.pickle", log, "never said") is None
    assert [r.getMessage() for r in caplog.records] == [
        "x unreadable (checksum mismatch: the file was damaged on disk)",
        "x unreadable (checksum mismatch: the file was damaged on disk)",
        "x unreadable (not a checksummed cache file)"]


@pytest.mark.parametrize("mapped", [True, False], ids=["mapped", "read (Windows)"])
def test_arrays_come_back_equal_writable_and_without_touching_the_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mapped: bool) -> None:
    monkeypatch.setattr(_pickles, "MAP_FILES", mapped)
    path = tmp_path / "x.pickle"
    legs = np.array([12.5, 0.0, 7.25])
    table = np.arange(12, dtype=np.int32).reshape(3, 4)
    value = {"legs": legs, "every_other": table[:, ::2], "fortran": np.asfortranarray(table),
             "names": np.array(["Legesenter", None], dtype=object), "note": "ingen"}
    write_pickle(value, path)
    before = path.read_bytes()
    assert before.startswith(MAGIC)
    assert before[len(MAGIC):len(MAGIC) + 32] == hashlib.sha256(before[len(MAGIC) + 32:]).digest()
    # the trailer: k (offset, size) pairs, the pickle's size and k; buffers on 64-byte bounds
    count = int.from_bytes(before[-8:], "little")
    pairs = np.frombuffer(before[-16 - 16 * count:-16], dtype="<u8").reshape(-1, 2)
    assert count == 2 and (pairs[:, 0] % 64 == 0).all()
    # legs and the Fortran table; a strided view and object arrays stay in the pickle
    assert sorted(pairs[:, 1].tolist()) == [24, 48]
    got = read_pickle(path, logging.getLogger("test"), "x unreadable")
    assert isinstance(got, dict) and got["note"] == "ingen"
    np.testing.assert_array_equal(got["legs"], legs)
    np.testing.assert_array_equal(got["every_other"], table[:, ::2])
    np.testing.assert_array_equal(got["fortran"], table)
    assert got["fortran"].flags.f_contiguous
    assert got["names"].tolist() == ["Legesenter", None]
    got["legs"][0] = -1.0  # the caller may change its arrays...
    assert path.read_bytes() == before  # ...and the file stays as written
    again = read_pickle(path, logging.getLogger("test"), "x unreadable")
    assert isinstance(again, dict) and again["legs"][0] == 12.5


def test_files_of_the_first_layout_are_still_read(tmp_path: Path) -> None:
    """A stored download written before the arrays moved out of the pickle is not lost."""
    path = tmp_path / "old.pickle"
    body = pickle.dumps({"walk_m": np.array([120.0, 60.0])}, protocol=4)
    path.write_bytes(MAGIC_V1 + hashlib.sha256(body).digest() + body)
    got = read_pickle(path, logging.getLogger("test"), "x unreadable")
    assert isinstance(got, dict) and got["walk_m"].tolist() == [120.0, 60.0]


def test_a_table_that_does_not_fit_is_reported_not_followed(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "x.pickle"
    write_pickle({"legs": np.arange(4.0)}, path)
    data = bytearray(path.read_bytes())
    data[-16:-8] = (10**9).to_bytes(8, "little")  # the pickle's size, far past the end
    body = bytes(data[len(MAGIC) + 32:])
    path.write_bytes(MAGIC + hashlib.sha256(body).digest() + body)  # the checksum agrees
    assert read_pickle(path, logging.getLogger("test"), "x unreadable") is None
    assert [r.getMessage() for r in caplog.records] == [
        "x unreadable (its table of contents does not fit the file)"]


def test_damaged_study_entry_is_rebuilt_with_a_warning_never_used(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setattr(settings, "cache_dir", tmp_path / "cache")
    first = cache.study_from_file(TINY)
    (entry,) = entries(tmp_path / "cache")
    good = entry.read_bytes()
    flip(entry, len(good) // 2)
    with caplog.at_level(logging.WARNING, logger="siting"):
        again = cache.study_from_file(TINY)
    assert [r.getMessage() for r in caplog.records] == [
        f"cache entry {entry} is damaged and not used; rebuilding "
        "(checksum mismatch: the file was damaged on disk)"]
    np.testing.assert_array_equal(again.walk.length_m, first.walk.length_m)
    assert read_pickle(entry, logging.getLogger("test"), "") is not None  # a good copy again
    assert entries(tmp_path / "cache") == [entry]


def _forks_allowed(monkeypatch: pytest.MonkeyPatch) -> None:
    """Let this process fork whatever threads earlier tests left running."""
    from siting import _parallel

    monkeypatch.setattr(settings, "parallel_workers", 2)
    monkeypatch.setattr(settings, "parallel_min_file_mb", 0.0)  # even the tiny file
    monkeypatch.setattr(_parallel.threading, "active_count", lambda: 1)


def test_a_worker_writes_the_entry_and_holds_the_lock_until_it_is_whole(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import fcntl
    import time

    from siting import _parallel

    monkeypatch.setattr(settings, "cache_dir", tmp_path / "cache")
    _forks_allowed(monkeypatch)
    parent = os.getpid()

    def slow_write(value: object, path: Path) -> None:
        assert os.getpid() != parent  # written by the worker, not here
        time.sleep(1.0)  # long enough for the test to find the lock held
        write_pickle(value, path)

    monkeypatch.setattr(cache, "write_pickle", slow_write)
    study = cache.study_from_file(TINY)
    (lock_file,) = (tmp_path / "cache" / "studies").glob("*.lock")
    with open(lock_file, "ab") as lock:
        with pytest.raises(BlockingIOError):  # the worker still writes: the lock is its
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        assert entries(tmp_path / "cache") == []
        _parallel.wait_behind()
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)  # free once the worker is done
        fcntl.flock(lock, fcntl.LOCK_UN)
    (entry,) = entries(tmp_path / "cache")
    stored = cache.load_study(entry)
    assert stored is not None
    np.testing.assert_array_equal(stored.walk.length_m, study.walk.length_m)


def test_a_failed_cache_writer_is_said_and_the_next_run_builds_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from siting import _parallel

    monkeypatch.setattr(settings, "cache_dir", tmp_path / "cache")
    _forks_allowed(monkeypatch)

    def full_disk(value: object, path: Path) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(cache, "write_pickle", full_disk)
    said = logging.FileHandler(tmp_path / "log.txt", encoding="utf-8")  # the worker's log
    logging.getLogger("siting").addHandler(said)
    try:
        study = cache.study_from_file(TINY)
        _parallel.wait_behind()
    finally:
        logging.getLogger("siting").removeHandler(said)
        said.close()
    assert len(study.walk.length_m) > 0  # the analysis went on
    entry = cache.entry_for(file_sha256(TINY))
    assert (tmp_path / "log.txt").read_text(encoding="utf-8") == (
        f"storing the prepared study in cache entry {entry} failed "
        "([Errno 28] No space left on device)\n")
    monkeypatch.undo()
    monkeypatch.setattr(settings, "cache_dir", tmp_path / "cache")
    monkeypatch.setattr(settings, "parallel_workers", 1)  # written here this time
    again = cache.study_from_file(TINY)
    assert entries(tmp_path / "cache") == [entry]
    np.testing.assert_array_equal(again.walk.length_m, study.walk.length_m)


@pytest.mark.shared
def test_processes_started_together_on_an_empty_cache_all_succeed(
        oslo_pbf: Path, tmp_path: Path) -> None:
    plots = tmp_path / "plots.csv"
    plots.write_text("plot_id,lat,lon\nA,59.9112,10.7522\nB,59.9150,10.7490\n", encoding="utf-8")
    env = {**os.environ, "SITING_CACHE_DIR": str(tmp_path / "cache")}
    runs = [subprocess.Popen(
        [sys.executable, "-m", "siting", "rank", "--osm", str(oslo_pbf), "--plots", str(plots),
         "--out", str(tmp_path / f"out{i}.csv"), "--lang", "en"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for i in range(4)]
    done = [(run.wait(timeout=300), run.communicate()[1]) for run in runs]
    assert [code for code, _ in done] == [0] * 4, [err for _, err in done]
    outputs = {(tmp_path / f"out{i}.csv").read_bytes() for i in range(4)}
    assert len(outputs) == 1
    assert len(pd.read_csv(tmp_path / "out0.csv")) == 2
    # one process built the networks; the others waited for it and read its entry
    built = [err for _, err in done if "read from cache" not in err]
    assert len(built) == 1, [err for _, err in done]
    assert len(entries(tmp_path / "cache")) == 1
    leftovers = [p for p in (tmp_path / "cache" / "studies").iterdir()
                 if p.name.startswith(TEMP_PREFIX)]
    assert leftovers == []


@pytest.mark.shared
def test_flipped_bytes_in_the_cache_change_no_figure(opera_pbf: Path, tmp_path: Path) -> None:
    """The issue's case: a damaged entry used to give other distances with exit 0."""
    plots = tmp_path / "plots.csv"
    plots.write_text("plot_id,lat,lon\nA,59.9075,10.7530\nB,59.9068,10.7565\n",
                     encoding="utf-8")
    env = {**os.environ, "SITING_CACHE_DIR": str(tmp_path / "cache")}

    def run(out: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "siting", "rank", "--osm", str(opera_pbf),
                               "--plots", str(plots), "--out", str(tmp_path / out),
                               "--lang", "en"], cwd=ROOT, env=env, capture_output=True,
                              text=True, timeout=120, check=False)

    assert run("clean.csv").returncode == 0
    (entry,) = entries(tmp_path / "cache")
    for at in (len(MAGIC) + 40, entry.stat().st_size // 2, entry.stat().st_size - 100):
        flip(entry, at)
        damaged = run("again.csv")
        assert damaged.returncode == 0, damaged.stderr
        assert f"cache entry {entry} is damaged and not used; rebuilding" in damaged.stderr
        assert (tmp_path / "again.csv").read_bytes() == (tmp_path / "clean.csv").read_bytes()
