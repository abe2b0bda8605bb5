"""Bad input that used to slip through: each gives one short line naming the file and the fix."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from siting._readers import MAX_DEPTH, MAX_ENTRIES, MAX_UNZIPPED
from siting.errors import InputError
from siting.plots import read_plots

ROOT = Path(__file__).resolve().parents[1]
POINT = {"type": "Feature", "properties": {"plot_id": "A"},
         "geometry": {"type": "Point", "coordinates": [10.4, 63.3]}}


def refusal(data: bytes, filename: str, **options: object) -> InputError:
    with pytest.raises(InputError) as info:
        read_plots(data, filename=filename, **options)  # type: ignore[arg-type]
    return info.value


def test_deeply_nested_geojson_is_one_line_not_a_recursion_error() -> None:
    deep = b'{"type": "FeatureCollection", "features": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    err = refusal(deep, "dyp.geojson")
    assert str(err) == (f"dyp.geojson: the file is nested more than {MAX_DEPTH} levels deep; "
                        "export the plots again as plain GeoJSON from your GIS.")
    assert err.text("nb").startswith(f"dyp.geojson: fila er nøstet mer enn {MAX_DEPTH} nivåer")
    holes = {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]}
    ok = {"type": "FeatureCollection", "features": [
        POINT, {**POINT, "properties": {"plot_id": "B"}, "geometry": holes}]}
    assert len(read_plots(json.dumps(ok).encode(), filename="ok.geojson")) == 2


@pytest.mark.parametrize("member", [{"properties": [1]}, {"properties": {"name": 5}},
                                    [1], "EPSG:4326x"])
def test_a_crs_member_of_the_wrong_shape_is_named(member: object) -> None:
    doc = {"type": "FeatureCollection", "crs": member, "features": [POINT]}
    err = refusal(json.dumps(doc).encode(), "crs.geojson")
    assert str(err) == (f"crs.geojson: not GeoJSON (its 'crs' member {json.dumps(member)} is not "
                        "understood; remove it); save the plots as GeoJSON from your GIS, e.g. "
                        "QGIS: Export > Save Features As > GeoJSON.")


def zipped(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_a_zip_of_ten_thousand_entries_gives_a_short_message() -> None:
    data = zipped({f"lag{i}.shp": b"" for i in range(10_000)})
    err = refusal(data, "mange.zip")
    assert str(err) == (f"mange.zip: the archive holds 10\u00a0000 files, more than the "
                        f"{MAX_ENTRIES} allowed; a zipped shapefile holds a handful: zip only "
                        "the plots shapefile.")
    few = zipped({f"lag{i}.shp": b"" for i in range(30)})
    assert len(str(refusal(few, "flere.zip"))) < 400  # the names are cut after ten


def test_a_zip_that_unpacks_beyond_the_limit_is_refused_before_unpacking(
        tmp_path: Path) -> None:
    bomb = zipped({"tomter.shp": bytes(MAX_UNZIPPED // 2 + 1), "tomter.shx": b"",
                   "tomter.dbf": bytes(MAX_UNZIPPED // 2 + 1)})
    assert len(bomb) < 1_000_000  # zeros pack tightly: 200 MB in well under 1 MB
    err = refusal(bomb, "bombe.zip")
    assert str(err) == ("bombe.zip: the archive unpacks to more than 200 MB (the limit); zip "
                        "only the plots shapefile.")


def test_too_many_plots_for_the_app_are_refused_before_the_csv_is_parsed() -> None:
    rows = "".join(f"P{i},63.{i % 10000:04d},10.4\n" for i in range(200_000))
    data = ("plot_id,lat,lon\n" + rows).encode()
    err = refusal(data, "alle.csv", max_rows=5000)
    assert str(err) == ("alle.csv: 200\u00a0000 plots, more than the 5\u00a0000 the app takes per "
                        "session; split the file, or rank them all with the command line "
                        "(python -m siting rank).")
    ok = ("plot_id,lat,lon\n" + "".join(rows.splitlines(keepends=True)[:5000])).encode()
    assert len(read_plots(ok, filename="nok.csv", max_rows=5000)) == 5000
    geo = {"type": "FeatureCollection", "features": [
        {**POINT, "properties": {"plot_id": f"P{i}"}} for i in range(6)]}
    err = refusal(json.dumps(geo).encode(), "seks.geojson", max_rows=5)
    assert str(err).startswith("seks.geojson: 6 plots, more than the 5 the app takes")


def test_weights_of_1e308_are_refused_on_the_command_line(tmp_path: Path) -> None:
    config = tmp_path / "vekter.toml"
    config.write_text("[criteria.gp]\nweight = 1e308\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "siting", "rank", "--demo", "--out",
                           str(tmp_path / "r.csv"), "--config", str(config), "--lang", "en"],
                          cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 2
    assert done.stderr == ("error: vekter.toml: criteria.gp.weight is 1e+308; weights must be "
                           "numbers from 0 to 1 000 000\n")
    assert not (tmp_path / "r.csv").exists()
