"""Tests for GTFS timetables (:mod:`siting.transit`, :mod:`siting.transit_match`).

The timetables are written by the tests into tmp dirs: a hand-made one, and one
made from the central-Oslo extract's own bus stops (their ``ref:nsrq`` ids as
``NSR:Quay:<id>``, the others as stops 5 m from the mapped ones), in which the
stop nearest to a plot has two departures a day and every other stop one every
10 minutes.
"""

from __future__ import annotations

import logging
import zipfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from siting.analysis import accessibility
from siting.cli import main
from siting.config import Transit, config_from_dict, default_config
from siting.errors import InputError
from siting.pipeline import load_study, rank, review_for, walk_categories
from siting.review import in_force
from siting.transit import nsr_quay, timetable_from_gtfs
from siting.transit_match import match_quality, quality_text

FREQUENT = [f"{h:02d}:{m:02d}:00" for h in range(6, 21) for m in range(0, 60, 10)]
TWICE = ["08:00:00", "16:00:00"]


def write_gtfs(path: Path, stops: list[tuple[str, str, float, float]],
               departures: dict[str, list[str]]) -> Path:
    """A GTFS zip: each departure is a trip from its stop to a terminal "END" (Mon-Fri,
    June 2025)."""
    trips, times = ["route_id,service_id,trip_id"], [
        "trip_id,arrival_time,departure_time,stop_id,stop_sequence"]
    for stop_id, when in departures.items():
        for k, t in enumerate(when):
            trip = f"{stop_id}-{k}"
            trips.append(f"R1,WD,{trip}")
            times.append(f"{trip},{t},{t},{stop_id},1")
            end = f"{int(t[:2]) :02d}:{t[3:5]}:30"
            times.append(f"{trip},{end},{end},END,2")
    rows = ["stop_id,stop_name,stop_lat,stop_lon"]
    rows += [f"{i},\"{n}\",{lat:.7f},{lon:.7f}" for i, n, lat, lon in stops]
    rows.append("END,Endestasjon,59.0,10.0")
    files = {
        "agency.txt": "agency_id,agency_name,agency_url,agency_timezone\n"
                      "A,Test,http://localhost/,Europe/Oslo",
        "routes.txt": "route_id,agency_id,route_short_name,route_type\nR1,A,1,3",
        "calendar.txt": "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,"
                        "start_date,end_date\nWD,1,1,1,1,1,0,0,20250602,20250630",
        "trips.txt": "\n".join(trips), "stop_times.txt": "\n".join(times),
        "stops.txt": "\n".join(rows)}
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text + "\n")
    return path


def test_departures_per_hour_in_the_window(tmp_path: Path) -> None:
    gtfs = write_gtfs(tmp_path / "t.zip", [("NSR:Quay:1", "A", 59.91, 10.75),
                                           ("B", "B", 59.92, 10.76)],
                      {"NSR:Quay:1": [*TWICE, "06:59:59", "19:00:00"], "B": FREQUENT})
    table = timetable_from_gtfs(gtfs)
    assert table.date == "20250604"  # all weekdays alike: the middle one (Wednesday)
    stops = table.per_stop(Transit()).set_index("stop_id")
    # 07-19: 08:00 and 16:00 count; 06:59:59 and 19:00:00 are outside; the terminal never counts
    assert stops.loc["NSR:Quay:1", "departures"] == 2
    assert stops.loc["NSR:Quay:1", "per_hour"] == pytest.approx(2 / 12)
    assert stops.loc["B", "departures"] == 72  # 12 hours x 6
    assert stops.loc["B", "per_hour"] == 6.0
    assert stops.loc["END", "departures"] == 0
    assert stops.loc["NSR:Quay:1", "nsr"] == "1" and stops.loc["B", "nsr"] == ""
    wide = table.per_stop(Transit(2.0, 6.0, 20.0)).set_index("stop_id")
    assert wide.loc["NSR:Quay:1", "departures"] == 4  # 06:59:59 and 19:00:00 now inside


@pytest.mark.parametrize(("stop_id", "nsr"), [("NSR:Quay:7193", "7193"), ("7193", ""),
                                              ("NSR:StopPlace:58366", "")])
def test_nsr_quay(stop_id: str, nsr: str) -> None:
    assert nsr_quay(stop_id) == nsr


def test_a_file_that_is_not_gtfs_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "ruter.zip"
    with zipfile.ZipFile(bad, "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(InputError) as info:
        timetable_from_gtfs(bad)
    assert str(info.value).startswith("ruter.zip: lacks stops.txt, trips.txt or stop_times.txt")
    with pytest.raises(InputError, match=r"ingen\.zip: file not found"):
        timetable_from_gtfs(tmp_path / "ingen.zip")


# --- central Oslo -----------------------------------------------------------------------------
def _oslo_gtfs(path: Path, review: gpd.GeoDataFrame, features: gpd.GeoDataFrame,
               rare_nsr: str) -> Path:
    tags = dict(zip(features["osm_id"], features["tags"], strict=True))
    bus = review[(review["category"] == "bus") & (review["source"] == "osm")]
    points = bus.geometry.to_crs("EPSG:25832").representative_point()
    stops, departures = [], {}
    for ref, name, point in zip(bus["ref"], bus["name"], points, strict=True):
        nsr = str(tags[ref].get("ref:nsrq", ""))
        if nsr.isdigit():
            stop_id, where = f"NSR:Quay:{nsr}", point
        else:  # no NSR id: a stop 5 m north of the mapped one
            stop_id, where = f"X{ref}", shapely.Point(point.x, point.y + 5)
        if stop_id in departures:
            continue
        lonlat = gpd.GeoSeries([where], crs="EPSG:25832").to_crs("EPSG:4326").iloc[0]
        stops.append((stop_id, name, lonlat.y, lonlat.x))
        departures[stop_id] = TWICE if nsr == rare_nsr else FREQUENT
    return write_gtfs(path, stops, departures)


@pytest.mark.shared
def test_a_stop_with_two_departures_a_day_gives_way_to_a_frequent_one(
        oslo_pbf: Path, tmp_path: Path) -> None:
    study = load_study(oslo_pbf)
    config = default_config(lang="en")
    review = review_for(study, config)
    features = study.osm.features
    rare = features[features["osm_id"] == "n441346629"]  # Jernbanetorget (G), ref:nsrq=7193
    assert rare["tags"].iloc[0]["ref:nsrq"] == "7193"
    at = rare.geometry.iloc[0]
    plots = gpd.GeoDataFrame({"plot_id": ["P1"], "name": ["Ved holdeplassen"]},
                             geometry=[shapely.Point(at.x, at.y + 0.0003)], crs="EPSG:4326")
    before = rank(study, plots, None, config).ranked.iloc[0]
    assert before["nearest_bus"] == "Jernbanetorget (G)"
    timetable = timetable_from_gtfs(_oslo_gtfs(tmp_path / "oslo.zip", review, features, "7193"))
    result = rank(study, plots, None, config, timetable=timetable)
    after = result.ranked.iloc[0]
    assert after["nearest_bus"] != "Jernbanetorget (G)"
    assert after["walk_m_bus"] > before["walk_m_bus"]
    assert after["bus_departures_per_hour"] == 6.0
    # the oracle: the same search over the mapped stops without those of quay 7193
    tags = dict(zip(features["osm_id"], features["tags"], strict=True))
    plain = in_force(review)
    keep = [not (c == "bus" and tags.get(r, {}).get("ref:nsrq") == "7193")
            for c, r in zip(plain["category"], plain["ref"], strict=True)]
    oracle = accessibility(study, plots, plain[keep], [*walk_categories(config, plain),
                                                       "police"]).table.iloc[0]
    assert after["walk_m_bus"] == oracle["walk_m_bus"]
    assert after["nearest_bus"] == oracle["nearest_bus"]
    rows = result.review[result.review["gtfs_stop"] == "NSR:Quay:7193"]
    assert not rows["included"].any()
    assert set(rows["why"]) == {"not counted: only 0.17 departures per hour 07–19 (2 in the "
                                "window), fewer than 2 (GTFS, matched by NSR id)"}
    quality = match_quality(result.review)
    assert quality is not None
    n_nsr = sum(str(tags[r].get("ref:nsrq", "")).isdigit()
                for r in review.loc[review["category"] == "bus", "ref"])
    assert (quality.nsr, quality.distance, quality.none, quality.added) == (
        n_nsr, 538 - n_nsr, 0, 0)
    assert quality_text(quality, "en").startswith(
        f"GTFS: of 538 mapped bus stops, {n_nsr} matched by NSR id, {538 - n_nsr} by distance")


@pytest.mark.shared
def test_gtfs_on_the_command_line(oslo_pbf: Path, tmp_path: Path,
                                  caplog: pytest.LogCaptureFixture,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    study = load_study(oslo_pbf)
    config = config_from_dict({"transit": {"min_departures_per_hour": 8}})
    review = review_for(study, default_config())
    gtfs = _oslo_gtfs(tmp_path / "oslo.zip", review, study.osm.features, "7193")
    features = study.osm.features
    at = features.loc[features["osm_id"] == "n441346629"].geometry.iloc[0]
    plots = tmp_path / "p.csv"
    plots.write_text(f"id;navn;lat;lon\nP1;Jernbanetorget;{at.y + 0.0003};{at.x}\n",
                     encoding="utf-8")
    out, saved = tmp_path / "r.csv", tmp_path / "s.gpkg"
    assert main(["rank", "--osm", str(oslo_pbf), "--plots", str(plots), "--gtfs", str(gtfs),
                 "--out", str(out), "-q", "--scenario-out", str(saved)]) == 0
    assert pd.read_csv(out)["bus_departures_per_hour"].iloc[0] == 6.0
    # the scenario keeps the timetable: a rerun counts the same day again
    caplog.set_level(logging.INFO, logger="siting")
    assert main(["rank", "--scenario", str(saved), "--out", str(tmp_path / "again.csv")]) == 0
    assert "kjørte s.gpkg på nytt: samme resultater som lagret" in caplog.text
    gtfs.rename(tmp_path / "moved.zip")
    assert main(["rank", "--scenario", str(saved), "--out", str(tmp_path / "x.csv"),
                 "--lang", "en"]) == 2
    assert capsys.readouterr().err == (
        f"error: s.gpkg: was ranked with the GTFS timetable oslo.zip, which is not found at "
        f"{gtfs.resolve()}; put it back there to rerun it\n")
    (tmp_path / "moved.zip").rename(gtfs)
    # 6 an hour is too few when the config asks for 8: no stop counts
    strict = rank(study, gpd.GeoDataFrame(geometry=[], crs="EPSG:4326").assign(
        plot_id=[], name=[]), None, config, timetable=timetable_from_gtfs(gtfs))
    assert not strict.review.loc[strict.review["category"] == "bus", "included"].any()
    listing = tmp_path / "s.csv"
    assert main(["services", "--osm", str(oslo_pbf), "--gtfs", str(gtfs), "--out",
                 str(listing), "-q"]) == 0
    table = pd.read_csv(listing, keep_default_na=False)
    bus = table[table["category"] == "bus"]
    assert set(bus["gtfs_match"]) == {"nsr", "distance"}
    assert np.isclose(bus["departures_per_hour"].astype(float), 6.0).sum() > 400
