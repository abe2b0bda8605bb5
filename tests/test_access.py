"""What a session may open and what sessions share (:mod:`ui.access`)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from siting import settings
from ui import access


def test_recent_areas_are_a_list_of_one_session() -> None:
    entries: list[dict] = []
    entries = access.remember(entries, {"kind": "demo", "name": "Demoby"})
    assert entries == []
    entries = access.remember(entries, {"kind": "file", "path": "/x/a.osm.pbf", "name": "a"})
    entries = access.remember(entries, {"kind": "place", "query": "Melhus", "name": "Melhus"})
    entries = access.remember(entries, {"kind": "file", "path": "/x/a.osm.pbf", "name": "a2"})
    assert [e["name"] for e in entries] == ["a2", "Melhus"]
    for i in range(8):
        entries = access.remember(entries, {"kind": "place", "query": f"q{i}", "name": f"q{i}"},
                                  limit=3)
    assert [e["name"] for e in entries] == ["q7", "q6", "q5"]


def test_data_folders_list_only_extracts(tmp_path: Path) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    for path in (one / "a.osm.pbf", one / "sub" / "b.OSM.BZ2", one / ".hidden" / "c.osm",
                 one / ".d.osm.pbf", one / "e.txt", two / "f.osm"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x")
    folders = access.data_folders(os.pathsep.join([str(one), str(tmp_path / "missing"),
                                                   str(two), str(one)]))
    assert folders == [one.resolve(), two.resolve()]
    names = [p.relative_to(tmp_path.resolve()).as_posix() for p in access.extracts(folders)]
    assert names == ["one/a.osm.pbf", "one/sub/b.OSM.BZ2", "two/f.osm"]
    assert access.data_folders(None) == [] and access.data_folders("") == []


def test_only_the_servers_choices_and_own_uploads_may_be_opened(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings, "cache_dir", tmp_path / "cache")
    data = tmp_path / "data"
    data.mkdir()
    (data / "area.osm.pbf").write_bytes(b"x")
    secret = tmp_path / "hemmelig-tomtevalg-A.osm.pbf"
    secret.write_bytes(b"x")
    options = {"osm": str(tmp_path / "server.osm.pbf"), "data_dir": str(data)}
    upload = access.save_upload(b"uploaded bytes", "![x](http://h/b.png) **navn**.OSM.PBF")
    assert upload.parent == tmp_path / "cache" / "uploads"
    assert upload.name.endswith(".osm.pbf") and "navn" not in upload.name
    assert access.allowed_file(upload, options)
    assert access.allowed_file(data / "area.osm.pbf", options)
    assert access.allowed_file(data / "sub" / ".." / "area.osm.pbf", options)
    assert access.allowed_file(tmp_path / "server.osm.pbf", options)
    assert not access.allowed_file(secret, options)
    assert not access.allowed_file(data / ".." / secret.name, options)
    assert not access.allowed_file("/etc/passwd", options)
    assert not access.allowed_file(secret, {"osm": None, "data_dir": None})
