"""Tests for :mod:`siting.plots` (reading and validating candidate plots)."""

from __future__ import annotations

import io
import json
import logging
import zipfile
from pathlib import Path

import geopandas as gpd
import pyproj
import pytest
import shapely
from geopandas.testing import assert_geodataframe_equal

from siting.errors import InputError
from siting.plots import MAX_NAME_CHARS, looks_swapped, read_plots

DATA = Path(__file__).parent / "data" / "plots"
TO_WGS84 = pyproj.Transformer.from_crs("EPSG:25832", "EPSG:4326", always_xy=True)
CRS_HINT = ("give the CRS, e.g. EPSG:25832 (UTM 32N, used in Trøndelag) or EPSG:25833 "
            "(command line: --crs; app: the CRS field)")
TYPES_FIX = ("plots must be points or polygons; draw the plot as a polygon or give its centre "
             "point.")


def feature(props: dict, geom: dict | None, **extra: object) -> dict:
    """Return a GeoJSON feature."""
    return {"type": "Feature", **extra, "properties": props, "geometry": geom}


def point(x: float, y: float) -> dict:
    """Return a GeoJSON point."""
    return {"type": "Point", "coordinates": [x, y]}


def collection(*features: dict, **extra: object) -> bytes:
    """Return a GeoJSON FeatureCollection as UTF-8 bytes."""
    doc = {"type": "FeatureCollection", **extra, "features": list(features)}
    return json.dumps(doc).encode()


def refusal(source: str | Path | bytes, **kwargs: object) -> InputError:
    """Read ``source`` expecting a refusal; return the error."""
    with pytest.raises(InputError) as info:
        read_plots(source, **kwargs)  # type: ignore[arg-type]
    return info.value


def xy(plots: gpd.GeoDataFrame) -> list[tuple[float, float]]:
    """Return the (lon, lat) of each point geometry."""
    return [(g.x, g.y) for g in plots.geometry]


# --- output shape and good inputs -------------------------------------------------------------


def test_geojson_points_polygon_and_missing_geometry() -> None:
    plots = read_plots(DATA / "points_polygon.geojson")
    assert list(plots.columns) == ["plot_id", "name", "problem", "geometry"]
    assert plots.crs == "EPSG:4326"
    assert list(plots.index) == [0, 1, 2]
    assert list(plots["plot_id"]) == ["T1", "T2", "T3"]
    assert list(plots["name"]) == ["Tomt ved skolen", "Ila", "T3"]
    assert list(plots["problem"]) == ["", "", "missing coordinates"]
    assert (plots.geometry[0].x, plots.geometry[0].y) == (10.27, 63.28)
    assert plots.geometry[1].equals(shapely.box(10.37, 63.43, 10.38, 63.44))
    assert plots.geometry[2] is None


def test_semicolon_decimal_comma_csv() -> None:
    plots = read_plots(DATA / "semicolon_decimal_comma.csv")
    assert list(plots["plot_id"]) == ["A1", "A2"]
    assert list(plots["name"]) == ["Sentrum", "Lade"]
    assert xy(plots) == [(10.27, 63.28), (10.4452, 63.4441)]
    assert list(plots["problem"]) == ["", ""]


def test_cp1252_csv_keeps_norwegian_letters() -> None:
    assert "Høyenhall".encode("cp1252") in (DATA / "cp1252.csv").read_bytes()
    plots = read_plots(DATA / "cp1252.csv")
    assert list(plots["plot_id"]) == ["1", "2", "3"]
    assert list(plots["name"]) == ["Høyenhall", "Ærø gård", "Åsen skole"]
    assert xy(plots) == [(10.8056, 59.9139), (10.39, 63.43), (11.05, 63.6)]


def test_bom_utf8_csv_with_capitalised_headers() -> None:
    plots = read_plots(DATA / "bom_utf8.csv")
    assert list(plots["plot_id"]) == ["Øvre Mølle", "Tomt B"]
    assert list(plots["name"]) == ["Øvre Mølle", "Tomt B"]
    assert xy(plots) == [(10.27, 63.28), (10.3, 63.3)]


def test_tab_csv_rows_with_missing_coordinates_are_kept() -> None:
    plots = read_plots(DATA / "missing_coords.csv")
    assert list(plots["plot_id"]) == ["Nord", "Sør", "Vest"]
    assert list(plots["problem"]) == ["", "missing coordinates", "missing coordinates"]
    assert (plots.geometry[0].x, plots.geometry[0].y) == (10.5, 63.5)
    assert plots.geometry[1] is None and plots.geometry[2] is None


def test_comma_csv_quoted_names_and_unreadable_coordinate(tmp_path: Path) -> None:
    path = tmp_path / "plots.txt"
    path.write_text('navn,LAT,Lon\n"Moholt, nord",63.41,10.43\nFeil,63.4x,10.4\n')
    plots = read_plots(path)
    assert list(plots["plot_id"]) == ["Moholt, nord", "Feil"]
    assert list(plots["problem"]) == ["", "unreadable coordinates (LAT '63.4x', Lon '10.4')"]
    assert (plots.geometry[0].x, plots.geometry[0].y) == (10.43, 63.41)


def test_blank_ids_are_numbered_without_collisions() -> None:
    data = "plot_id;name;lat;lon\n;Første;63,1;10,1\n1;Andre;63,2;10,2\n  ;;63,3;10,3\n".encode()
    plots = read_plots(data, filename="tomter.csv")
    assert list(plots["plot_id"]) == ["2", "1", "3"]
    assert list(plots["name"]) == ["Første", "Andre", "3"]


def test_geojson_feature_ids_are_used_when_properties_have_none() -> None:
    data = collection(feature({"navn": "A"}, point(10.1, 63.1), id=7),
                      feature({"navn": "B"}, point(10.2, 63.2), id="x9"))
    plots = read_plots(data, filename="plots.geojson")
    assert list(plots["plot_id"]) == ["7", "x9"]
    assert list(plots["name"]) == ["A", "B"]


def test_names_keep_html_verbatim_but_lose_control_characters() -> None:
    long_name = "Å" * 250
    data = collection(
        feature({"plot_id": "h", "name": "<script>alert(1)</script>"}, point(10.1, 63.1)),
        feature({"plot_id": "c", "name": "  Tomt\x00 ved\nelva\x1b  "}, point(10.2, 63.2)),
        feature({"plot_id": "l", "name": long_name}, point(10.3, 63.3)))
    plots = read_plots(data, filename="plots.geojson")
    assert plots["name"][0] == "<script>alert(1)</script>"
    assert plots["name"][1] == "Tomt ved elva"
    assert plots["name"][2] == "Å" * (MAX_NAME_CHARS - 1) + "…"
    assert len(plots["name"][2]) == MAX_NAME_CHARS


def test_bytes_input_uses_filename_for_format_and_messages() -> None:
    data = (DATA / "semicolon_decimal_comma.csv").read_bytes()
    plots = read_plots(data, filename="C:\\Users\\kari\\Tomter Lade.CSV")
    assert xy(plots) == [(10.27, 63.28), (10.4452, 63.4441)]
    err = refusal(b"", filename="uploads/tomter.csv")
    assert str(err) == ("tomter.csv: the file is empty; export the plots again and upload the "
                        "saved file.")


def test_info_log_line_with_counts(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="siting.plots"):
        read_plots(DATA / "points_polygon.geojson")
    assert caplog.messages == [
        "points_polygon.geojson: read 3 plots (1 points, 1 polygons, 0 by address or gnr/bnr, 1 "
        "with problems)"]


def test_read_line_counts_rows_by_address_or_gnr_bnr_apart_from_problems(
        caplog: pytest.LogCaptureFixture) -> None:
    """A user trial read "read 17 plots (8 points, 0 polygons, 9 with problems)" for a file
    naming 9 plots by address or gnr/bnr, which are no problem: they are placed later."""
    from siting.text import t

    data = (b"plot_id;adresse;gnr/bnr;lat;lon\nA;Storgata 1;;;\nB;;208/100;;\n"
            b"C;;;59,91;10,75\nD;;;x;10,75\nE;;;;\n")
    with caplog.at_level(logging.INFO, logger="siting.plots"):
        read_plots(data, filename="tomter.csv")
    [line] = [r for r in caplog.records if r.name == "siting.plots"]
    assert line.getMessage() == ("tomter.csv: read 5 plots (1 points, 0 polygons, 2 by address "
                                 "or gnr/bnr, 2 with problems)")
    assert t(line.text_key, "nb", **line.text_values) == (  # type: ignore[attr-defined]
        "tomter.csv: leste 5 tomter (1 punkter, 0 polygoner, 2 ved adresse eller gnr/bnr, "
        "2 med problemer)")


def test_multipoint_with_one_point_becomes_a_point() -> None:
    data = collection(feature({"id": "m"}, {"type": "MultiPoint", "coordinates": [[10.1, 63.1]]}))
    plots = read_plots(data, filename="m.geojson")
    assert plots.geometry[0].equals(shapely.Point(10.1, 63.1))
    assert plots["problem"][0] == ""


def test_out_of_range_row_is_flagged_not_dropped() -> None:
    data = b"id,lat,lon\na,63.1,10.1\nb,163.1,10.2\n"
    plots = read_plots(data, filename="typo.csv")
    assert list(plots["problem"]) == [
        "", "coordinates outside longitude -180..180 / latitude -90..90"]
    assert plots.geometry[1] is None


# --- polygons -------------------------------------------------------------------------------


def test_bowtie_polygon_is_repaired() -> None:
    plots = read_plots(DATA / "bowtie.geojson")
    assert list(plots["plot_id"]) == ["B1"]
    assert list(plots["name"]) == ["Sløyfe"]
    assert plots["problem"][0] == "invalid polygon repaired"
    geom = plots.geometry[0]
    assert geom.geom_type == "MultiPolygon" and geom.is_valid
    assert geom.area == pytest.approx(0.005, abs=1e-12)  # two triangles of 0.0025 deg²


def test_polygon_without_area_becomes_missing_with_problem() -> None:
    flat = {"type": "Polygon", "coordinates": [[[10, 63], [10.1, 63], [10.2, 63], [10, 63]]]}
    plots = read_plots(collection(feature({"id": "f"}, flat)), filename="flat.geojson")
    assert plots.geometry[0] is None
    assert plots["problem"][0] == ("invalid polygon without area (cannot be repaired); "
                                   "redraw it")


# --- CRS --------------------------------------------------------------------------------------


def test_projected_metres_without_crs_are_refused() -> None:
    err = refusal(DATA / "utm32_no_crs.geojson")
    assert str(err) == ("utm32_no_crs.geojson: coordinates look like projected metres (e.g. "
                        f"569000, 7025000) but the file has no CRS; {CRS_HINT}.")
    assert err.nb == ("utm32_no_crs.geojson: koordinatene ser ut som projiserte meter (f.eks. "
                      "569000, 7025000), men fila har ingen CRS; oppgi CRS, f.eks. EPSG:25832 "
                      "(UTM 32N, brukt i Trøndelag) eller EPSG:25833 (kommandolinje: --crs; "
                      "appen: CRS-feltet).")


def test_projected_metres_with_crs_are_reprojected() -> None:
    plots = read_plots(DATA / "utm32_no_crs.geojson", crs="EPSG:25832")
    expected = [TO_WGS84.transform(569000, 7025000), TO_WGS84.transform(570000, 7026000)]
    for (lon, lat), (elon, elat) in zip(xy(plots), expected, strict=True):
        assert lon == pytest.approx(elon, abs=1e-6) and lat == pytest.approx(elat, abs=1e-6)
    assert list(plots["plot_id"]) == ["U1", "U2"]


def test_csv_east_north_needs_crs() -> None:
    err = refusal(DATA / "xy_utm32.csv")
    assert str(err) == ("xy_utm32.csv: coordinates are east/north in columns 'øst' and 'nord' "
                        f"but no CRS was given; {CRS_HINT} (or EPSG:4326 if they are "
                        "longitude/latitude).")
    plots = read_plots(DATA / "xy_utm32.csv", crs="EPSG:25832")
    lon, lat = TO_WGS84.transform(569000, 7025000)
    assert xy(plots)[0] == (pytest.approx(lon, abs=1e-6), pytest.approx(lat, abs=1e-6))


def test_csv_rows_in_degrees_and_in_east_north_are_each_read(
        caplog: pytest.LogCaptureFixture) -> None:
    # an office's list put together from two sources: some rows lat/lon, some UTM east/north;
    # the east/north rows were read as "missing coordinates" and lost
    data = ("tomt;breddegrad;lengdegrad;øst;nord\nA;63,29;10,28;;\nB;;;569000;7025000\n"
            "C;;;;\nD;63,30;10,29;570000;7026000\n").encode()
    err = refusal(data, filename="blandet.csv")
    assert str(err) == ("blandet.csv: row 2 gives east/north (columns 'øst' and 'nord') and the "
                        "other rows latitude/longitude, but no CRS was given for east/north; "
                        f"{CRS_HINT} to read both kinds.")
    assert err.nb == ("blandet.csv: rad 2 oppgir øst/nord (kolonnene 'øst' og 'nord') og de andre "
                      "radene bredde-/lengdegrad, men ingen CRS er oppgitt for øst/nord; oppgi "
                      "CRS, f.eks. EPSG:25832 (UTM 32N, brukt i Trøndelag) eller EPSG:25833 "
                      "(kommandolinje: --crs; appen: CRS-feltet) for å lese begge slags rader.")
    with caplog.at_level(logging.WARNING, logger="siting.plots"):
        plots = read_plots(data, filename="blandet.csv", crs="EPSG:25832")
    assert caplog.messages == []  # the CRS was used (for row B), not ignored
    lon, lat = TO_WGS84.transform(569000, 7025000)
    assert plots.geometry.iat[0].equals(shapely.Point(10.28, 63.29))
    assert xy(plots.iloc[[1]]) == [(pytest.approx(lon, abs=1e-9), pytest.approx(lat, abs=1e-9))]
    assert plots.geometry.iat[2] is None
    assert plots.geometry.iat[3].equals(shapely.Point(10.29, 63.30))  # lat/lon win in a row
    assert list(plots["problem"]) == ["", "", "missing coordinates", ""]
    # a file whose lat/lon columns are all empty is an east/north file, as before
    only = read_plots(b"tomt;lat;lon;x;y\nB;;;569000;7025000\n", filename="xy.csv",
                      crs="EPSG:25832")
    assert xy(only) == [(pytest.approx(lon, abs=1e-9), pytest.approx(lat, abs=1e-9))]


def test_latlon_csv_holding_metres() -> None:
    data = b"navn;lat;lon\nA;7025000;569000\n"
    assert "projected metres (e.g. 569000, 7025000)" in str(refusal(data, filename="m.csv"))
    plots = read_plots(data, filename="m.csv", crs="EPSG:25832")
    lon, lat = TO_WGS84.transform(569000, 7025000)
    assert xy(plots)[0] == (pytest.approx(lon, abs=1e-6), pytest.approx(lat, abs=1e-6))


def test_metres_given_as_degrees_are_refused_with_the_fix() -> None:
    # x/y in UTM 32N with --crs EPSG:4326: every plot would be "out of range"
    data = b"navn;x;y\nA;597500;6643500\nB;597800;6643200\n"
    err = refusal(data, filename="tomter.csv", crs="EPSG:4326")
    assert str(err) == ("tomter.csv: coordinates look like projected metres (e.g. 597500, "
                        "6643500), but the CRS given, EPSG:4326, is in degrees; give the CRS "
                        "they are in, e.g. EPSG:25832 (UTM 32N, used in Trøndelag) or "
                        "EPSG:25833.")
    assert err.nb == ("tomter.csv: koordinatene ser ut som projiserte meter (f.eks. 597500, "
                      "6643500), men CRS-en som er oppgitt, EPSG:4326, er i grader; oppgi "
                      "CRS-en de er i, f.eks. EPSG:25832 (UTM 32N, brukt i Trøndelag) eller "
                      "EPSG:25833.")
    plots = read_plots(data, filename="tomter.csv", crs="EPSG:25832")  # the fix works
    assert (plots["problem"] == "").all() and plots.geometry.notna().all()


def test_geojson_with_declared_crs_is_reprojected() -> None:
    crs = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::25833"}}
    data = collection(feature({"id": "a"}, point(270000, 7040000)), crs=crs)
    plots = read_plots(data, filename="a.geojson", crs="EPSG:25832")  # file's CRS wins
    lon, lat = pyproj.Transformer.from_crs(25833, 4326, always_xy=True).transform(270000, 7040000)
    assert xy(plots)[0] == (pytest.approx(lon, abs=1e-6), pytest.approx(lat, abs=1e-6))


def test_unknown_crs_text() -> None:
    err = refusal(DATA / "xy_utm32.csv", crs="EPSG:99999999")
    assert str(err) == ("xy_utm32.csv: the CRS 'EPSG:99999999' is not known; pass an EPSG code "
                        "such as EPSG:25832.")


# --- swapped coordinates --------------------------------------------------------------------


def test_looks_swapped() -> None:
    assert looks_swapped([63.28, 63.4], [10.27, 10.4])  # Norway heuristic
    assert looks_swapped([40.0], [116.4])  # latitude impossible, longitude fits
    assert not looks_swapped([10.27, 63.4], [63.28, 10.4])
    assert not looks_swapped([10.27], [63.28])
    assert not looks_swapped([569000], [7025000])
    assert not looks_swapped([], [])


def test_swapped_csv_columns() -> None:
    err = refusal(DATA / "swapped.csv")
    assert str(err) == ("swapped.csv: the latitude and longitude columns look swapped ('lat' = "
                        "10.27, 'lon' = 63.28; Norway lies at latitude 57–72, longitude 4–32); "
                        "swap the column names 'lat' and 'lon'.")


def test_swapped_csv_impossible_latitude() -> None:
    err = refusal(b"id,Latitude,Longitude\na,116.4,40.0\n", filename="beijing.csv")
    assert "swap the column names 'Latitude' and 'Longitude'." in str(err)


def test_swapped_geojson() -> None:
    err = refusal(DATA / "swapped.geojson")
    assert str(err) == ("swapped.geojson: the coordinates look like (lat, lon), e.g. (63.28, "
                        "10.27), instead of GeoJSON's (lon, lat) order (Norway lies at longitude "
                        "4–32, latitude 57–72); export the plots again with longitude (east) "
                        "first.")


# --- refusals -------------------------------------------------------------------------------


def test_lines_and_duplicates_are_reported_together() -> None:
    err = refusal(DATA / "lines_and_dups.geojson")
    assert str(err) == (
        "lines_and_dups.geojson has 2 problems: (1) row 2 (id 'B') is a line (LineString), "
        f"row 4 (id 'C') is a multipoint with 2 points; {TYPES_FIX} (2) duplicate plot ids in "
        "column 'plot_id': 'A' (rows 1, 3); give each plot a unique id in column plot_id.")
    assert err.nb is not None and err.nb.startswith("lines_and_dups.geojson har 2 problemer: (1)")
    assert "'A' (rad 1, 3); gi hver tomt en unik id i kolonnen plot_id." in err.nb


def test_duplicate_ids_in_csv() -> None:
    data = b"id,lat,lon\n7,63.1,10.1\n7,63.2,10.2\n8,63.3,10.3\n8,63.4,10.4\n"
    assert str(refusal(data, filename="d.csv")) == (
        "d.csv: duplicate plot ids in column 'id': '7' (rows 1, 2), '8' (rows 3, 4); give each "
        "plot a unique id in column plot_id.")


def test_empty_file() -> None:
    assert str(refusal(DATA / "empty.geojson")) == (
        "empty.geojson: the file is empty; export the plots again and upload the saved file.")


def test_non_geojson_content() -> None:
    err = refusal(DATA / "not_geojson.geojson")
    assert str(err) == (
        "not_geojson.geojson: not GeoJSON (invalid JSON at line 1, column 1); save the plots as "
        "GeoJSON from your GIS, e.g. QGIS: Export > Save Features As > GeoJSON.")
    err = refusal(b'{"plots": []}', filename="x.json")
    assert str(err).startswith("x.json: not GeoJSON (JSON without a GeoJSON 'type');")


def test_empty_feature_collection() -> None:
    assert str(refusal(DATA / "empty_collection.geojson")) == (
        "empty_collection.geojson: the file contains no plots (0 features); add at least one "
        "plot.")


def test_csv_without_rows_or_coordinate_columns() -> None:
    assert "h.csv: the file contains no plots (0 rows)" in str(refusal(b"id;lat;lon\n",
                                                                     filename="h.csv"))
    assert str(refusal(b"id;beskrivelse\n1;Storgata 1\n", filename="adr.csv")) == (
        "adr.csv: no coordinate or address columns found (columns: 'id', 'beskrivelse'); name "
        "them lat and lon, or x and y and give the CRS, or give the address in a column adresse "
        "(or gnr and bnr).")


def test_unknown_extension_and_missing_file(tmp_path: Path) -> None:
    assert str(refusal(b"data", filename="tomter.xls")) == (
        "tomter.xls: unknown file type '.xls'. Supported formats: GeoJSON (.geojson, .json), "
        "GeoPackage (.gpkg), zipped Shapefile (.zip), CSV (.csv, .txt), Excel (.xlsx); save the "
        "plots in one of these.")
    assert str(refusal(b"data")).startswith("upload: unknown file type '(none)'.")
    missing = tmp_path / "borte.csv"
    assert str(refusal(missing)) == (
        f"borte.csv: cannot be read (No such file or directory: {missing}); check the path.")


def test_unreadable_geopackage() -> None:
    err = refusal(b"this is not a database", filename="tomter.gpkg")
    assert str(err).startswith("tomter.gpkg: cannot be read as GeoPackage (")
    assert "/tmp" not in str(err)


# --- GeoPackage and zipped Shapefile ---------------------------------------------------------


def _plots_frame(crs: str = "EPSG:25832") -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"Plot_ID": ["G1", "G2"], "navn": ["Østre", None]},
                            geometry=[shapely.Point(569000, 7025000), None], crs=crs)


def test_geopackage_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "tomter.gpkg"
    _plots_frame().to_file(path, layer="plots")
    gpd.GeoDataFrame({"plot_id": ["z"]}, geometry=[shapely.Point(1, 1)], crs=4326).to_file(
        path, layer="other")
    plots = read_plots(path)
    assert list(plots["plot_id"]) == ["G1", "G2"]
    assert list(plots["name"]) == ["Østre", "G2"]
    assert list(plots["problem"]) == ["", "missing coordinates"]
    lon, lat = TO_WGS84.transform(569000, 7025000)
    assert plots.geometry[0].x == pytest.approx(lon, abs=1e-6)
    assert plots.geometry[0].y == pytest.approx(lat, abs=1e-6)
    same = read_plots(path.read_bytes(), filename="tomter.gpkg")
    assert same.geometry.geom_equals(plots.geometry).tolist() == [True, False]


def test_geopackage_with_two_unnamed_layers(tmp_path: Path) -> None:
    path = tmp_path / "to.gpkg"
    _plots_frame().to_file(path, layer="a")
    _plots_frame().to_file(path, layer="b")
    assert str(refusal(path)) == (
        "to.gpkg: expected one layer with geometry, found 2 ('a', 'b'); keep only the plots "
        "layer or name it 'plots'.")


def _zip(path: Path, files: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return path


def _shapefile_parts(tmp_path: Path) -> dict[str, bytes]:
    folder = tmp_path / "shp"
    folder.mkdir()
    _plots_frame().to_file(folder / "tomter.shp")
    return {f"data/{p.name}": p.read_bytes() for p in sorted(folder.iterdir())}


def test_zipped_shapefile(tmp_path: Path) -> None:
    parts = _shapefile_parts(tmp_path)
    archive = _zip(tmp_path / "tomter.zip", {**parts, "__MACOSX/data/._tomter.shp": b"x"})
    plots = read_plots(archive)
    assert list(plots["plot_id"]) == ["G1", "G2"]
    assert list(plots["name"]) == ["Østre", "G2"]
    lon, lat = TO_WGS84.transform(569000, 7025000)
    assert xy(plots.iloc[:1]) == [(pytest.approx(lon, abs=1e-6), pytest.approx(lat, abs=1e-6))]


def test_zip_slip_is_refused(tmp_path: Path) -> None:
    archive = _zip(tmp_path / "evil.zip", {"plots.shp": b"", "../evil.shp": b"x",
                                           "/etc/cron.d/x": b"x"})
    err = refusal(archive)
    assert str(err) == (
        "evil.zip: entry '../evil.shp' tries to escape its folder, entry '/etc/cron.d/x' tries to "
        "escape its folder; the archive is unsafe; zip the shapefile's .shp, .shx, .dbf and .prj "
        "files only.")
    assert not (tmp_path / "evil.shp").exists()


def test_zip_without_or_with_two_shapefiles(tmp_path: Path) -> None:
    none = _zip(tmp_path / "none.zip", {"readme.txt": b"hei"})
    assert str(refusal(none)) == (
        "none.zip: the archive must contain exactly one shapefile (.shp), found 0 (-); keep only "
        "the one holding the plots and zip it again.")
    two = _zip(tmp_path / "two.zip", {"a.shp": b"", "b/c.SHP": b""})
    assert str(refusal(two)).startswith("two.zip: the archive must contain exactly one shapefile "
                                        "(.shp), found 2 (a.shp, b/c.SHP);")
    assert str(refusal(b"PK not really", filename="bad.zip")).startswith(
        "bad.zip: not a valid zip archive;")


def test_zip_missing_shapefile_parts(tmp_path: Path) -> None:
    parts = _shapefile_parts(tmp_path)
    del parts["data/tomter.dbf"]
    err = refusal(_zip(tmp_path / "part.zip", parts))
    assert str(err) == ("part.zip: data/tomter.shp lacks data/tomter.dbf; zip the shapefile's "
                        ".shp, .shx, .dbf and .prj files together.")


# --- smaller edge cases ----------------------------------------------------------------------


def test_unreadable_geojson_geometry_and_collection() -> None:
    circle = {"type": "Circle", "coordinates": [10, 63]}
    plots = read_plots(collection(feature({}, circle), feature({}, point(10.1, 63.1))),
                       filename="c.geojson")
    assert list(plots["problem"]) == ["unreadable geometry", ""]
    gc = {"type": "GeometryCollection", "geometries": [point(10, 63)]}
    assert str(refusal(collection(feature({"id": "g"}, gc)), filename="gc.geojson")) == (
        f"gc.geojson: row 1 (id 'g') is a GeometryCollection; {TYPES_FIX}")


def test_excel_sep_hint_utf16_and_thousand_spaces() -> None:
    plots = read_plots(b"sep=;\nid;lat;lon\n1;63,1;10,1\n;;\n", filename="s.csv")
    assert xy(plots) == [(10.1, 63.1)]  # the all-blank Excel line is not a plot
    text = "navn\tlat\tlon\nHøyenhall\t59,91\t10,80\n"
    plots = read_plots(text.encode("utf-16"), filename="unicode.txt")
    assert list(plots["name"]) == ["Høyenhall"] and xy(plots) == [(10.8, 59.91)]
    plots = read_plots("id;øst;nord\n1;569 000;7 025 000\n".encode(), filename="t.csv",
                       crs="EPSG:25832")
    lon, lat = TO_WGS84.transform(569000, 7025000)
    assert xy(plots)[0] == (pytest.approx(lon, abs=1e-6), pytest.approx(lat, abs=1e-6))


def test_given_crs_is_ignored_for_degrees(caplog: pytest.LogCaptureFixture) -> None:
    plots = read_plots(DATA / "semicolon_decimal_comma.csv", crs="EPSG:25833")
    assert xy(plots)[0] == (10.27, 63.28)
    assert ("semicolon_decimal_comma.csv: coordinates are in EPSG:4326; ignoring the given CRS "
            "EPSG:25833") in caplog.messages


def test_corrupt_zip_member(tmp_path: Path) -> None:
    parts = _shapefile_parts(tmp_path)
    with zipfile.ZipFile(tmp_path / "ok.zip", "w", zipfile.ZIP_STORED) as archive:
        for entry, content in parts.items():
            archive.writestr(entry, content)
    broken = bytearray((tmp_path / "ok.zip").read_bytes())
    at = broken.index(parts["data/tomter.dbf"][:32]) + 40  # inside the stored .dbf
    broken[at] ^= 0xFF
    assert str(refusal(bytes(broken), filename="crc.zip")) == (
        "crc.zip: not a valid zip archive; zip the shapefile's .shp, .shx, .dbf and .prj files "
        "again.")


def test_tomt_code_is_the_id_and_navn_the_name() -> None:
    data = "tomt;navn;breddegrad;lengdegrad\nT1;Tomt Grünerløkka;59,9235;10,759\n".encode()
    plots = read_plots(data, filename="tomter.csv")
    assert plots["plot_id"].tolist() == ["T1"]
    assert plots["name"].tolist() == ["Tomt Grünerløkka"]
    assert (plots.geometry.x.iloc[0], plots.geometry.y.iloc[0]) == (10.759, 59.9235)


# --- Excel workbooks ------------------------------------------------------------------------


def workbook(*rows: list[object], second_sheet: bool = True) -> bytes:
    """An .xlsx file whose first sheet ("Tomter") holds ``rows``; a second sheet of notes."""
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "Tomter"
    for row in rows:
        book.active.append(row)
    if second_sheet:
        book.create_sheet("Notater").append(["id", "lat", "lon"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def office_workbook() -> bytes:
    """A workbook as an office keeps it: a merged title, a blank row, the header, numbers
    as numbers and as text with decimal commas, a blank row and a total row."""
    from openpyxl import load_workbook

    data = workbook(["Kandidattomter 2025, Melhus"], [],
                    ["id", "navn", "lat", "lon", "areal"],
                    ["T1", "Bakken", 63.2851, 10.2779, 1200],
                    [], [2, "Haugen", "63,2866", "10,276", "800"],
                    ["T3", "Uten sted", None, None, 400],
                    ["Sum", None, None, None, 2400])
    book = load_workbook(io.BytesIO(data))
    book.active.merge_cells("A1:E1")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


OFFICE_CSV = (b"id;navn;lat;lon;areal\nT1;Bakken;63,2851;10,2779;1200\n"
              b"2;Haugen;63,2866;10,276;800\nT3;Uten sted;;;400\n")


def test_excel_reads_as_the_same_table_saved_as_csv(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="siting"):
        plots = read_plots(office_workbook(), filename="tomter.xlsx")
    said = list(caplog.messages)  # (the CSV's own line may be caught too, by suite order)
    assert_geodataframe_equal(plots, read_plots(OFFICE_CSV, filename="tomter.csv"))
    assert plots[["plot_id", "name", "problem"]].values.tolist() == [
        ["T1", "Bakken", ""], ["2", "Haugen", ""], ["T3", "Uten sted", "missing coordinates"]]
    assert xy(plots[:2]) == [(10.2779, 63.2851), (10.276, 63.2866)]
    assert said == [
        "tomter.xlsx: read the sheet “Tomter” (the first of 2) from its header in row 3; "
        "1 total row at the bottom left out",
        "tomter.xlsx: read 3 plots (2 points, 0 polygons, 0 by address or gnr/bnr, 1 with "
        "problems)",
        "tomter.xlsx: carrying the file's own columns along: areal"]
    assert plots["own:areal"].tolist() == ["1200", "800", "400"]  # as the CSV gives them


def test_excel_east_north_needs_the_crs_as_a_csv_does() -> None:
    rows = [["tomt", "øst", "nord"], ["A", 569000, 7025000], ["B", "569100,5", "7025200"]]
    data = workbook(*rows)
    text = "\n".join(";".join(str(c) for c in r) for r in rows).encode()
    plots = read_plots(data, filename="utm.xlsx", crs="EPSG:25832")
    assert_geodataframe_equal(plots, read_plots(text, filename="utm.csv", crs="EPSG:25832"))
    assert xy(plots) == [TO_WGS84.transform(569000, 7025000),
                         TO_WGS84.transform(569100.5, 7025200)]
    assert str(refusal(data, filename="utm.xlsx")) == (
        "utm.xlsx: coordinates are east/north in columns 'øst' and 'nord' but no CRS was given; "
        f"{CRS_HINT} (or EPSG:4326 if they are longitude/latitude).")


def test_excel_plots_by_address_or_gnr_bnr() -> None:
    data = workbook(["Tomter etter adresse"], ["navn", "adresse", "postnummer", "gnr", "bnr"],
                    ["Skolen", "Storgata 5", 155, None, None], ["Jordet", None, None, 21, 5])
    plots = read_plots(data, filename="adr.xlsx")
    assert plots[["name", "address", "parcel"]].values.tolist() == [
        ["Skolen", "Storgata 5, 155", ""], ["Jordet", "", "21/5"]]
    csv = b"navn;adresse;postnummer;gnr;bnr\nSkolen;Storgata 5;155;;\nJordet;;;21;5\n"
    assert_geodataframe_equal(plots, read_plots(csv, filename="adr.csv"))


def test_excel_that_cannot_be_read_says_why_and_the_fix() -> None:
    assert str(refusal(b"PK not really", filename="tomter.xlsx")) == (
        "tomter.xlsx: cannot be read as an Excel workbook (File is not a zip file); open it in "
        "Excel and save it again as an Excel workbook (.xlsx), or save the sheet as CSV.")
    err = refusal(workbook(), filename="tomter.xlsx")
    assert str(err) == ("tomter.xlsx: the first sheet ('Tomter') is empty; put the table on the "
                        "first sheet (drag its tab to the left), or save the sheet as CSV.")
    assert err.text("nb") == (
        "tomter.xlsx: det første arket ('Tomter') er tomt; legg tabellen på det første arket "
        "(dra fanen til venstre), eller lagre arket som CSV.")
    assert str(refusal(workbook(["id", "lat", "lon"], ["Sum"]), filename="t.xlsx")) == (
        "t.xlsx: the file contains no plots (0 rows); add at least one plot.")


def test_excel_without_a_known_header_gets_the_csv_message() -> None:
    data = workbook(["Tomt", "Bredde", "Lengde"], ["A", 63.28, 10.27], second_sheet=False)
    assert str(refusal(data, filename="t.xlsx")) == str(
        refusal(b"Tomt;Bredde;Lengde\nA;63,28;10,27\n", filename="t.xlsx.csv")).replace(
        "t.xlsx.csv", "t.xlsx")
    assert str(refusal(data, filename="t.xlsx")).startswith(
        "t.xlsx: no coordinate or address columns found (columns: 'Tomt', 'Bredde', 'Lengde');")


def test_a_plots_files_own_columns_go_along_as_text(caplog: pytest.LogCaptureFixture) -> None:
    # an office's list: its own area, owner and notes, a GIS export's housekeeping column,
    # an empty column, a repeated header and a second name-like column the reader knows
    data = ("OBJECTID;tomt;navn;lat;lon;Areal m²;Eier;merknad;tom;Eier;adresse\n"
            "7;T1;Bakken;63,2851;10,2779;1 200;Melhus kommune;=HYPERLINK(\"x\");;A;\n"
            "8;T2;Haugen;63,2866;10,276;800;;Regulert til bolig;;B;\n").encode()
    with caplog.at_level(logging.INFO, logger="siting"):
        plots = read_plots(data, filename="tomter.csv")
    own = [c for c in plots.columns if c.startswith("own:")]
    assert own == ["own:Areal m²", "own:Eier", "own:merknad"]
    assert plots[own].values.tolist() == [["1 200", "Melhus kommune", '=HYPERLINK("x")'],
                                          ["800", "", "Regulert til bolig"]]
    assert "tomter.csv: carrying the file's own columns along: Areal m², Eier, merknad" in (
        caplog.messages)


def test_own_columns_stop_at_thirty() -> None:
    header = ";".join(["lat", "lon", *(f"k{i}" for i in range(40))])
    row = ";".join(["63,2851", "10,2779", *(str(i) for i in range(40))])
    plots = read_plots(f"{header}\n{row}\n".encode(), filename="gis.csv")
    assert [c for c in plots.columns if c.startswith("own:")] == [f"own:k{i}" for i in range(30)]
