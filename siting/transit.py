"""Bus stops with real service: departures per hour from a GTFS timetable.

Melhus has bus stops served twice a day; for a resident without a car such a
stop is not public transport. Given a GTFS zip (Entur's national file or any
other), a mapped bus stop counts for the ``bus`` criterion only when it has at
least :attr:`Transit.min_departures_per_hour` departures per hour on a weekday
between ``from_hour`` and ``to_hour`` (default 2 per hour, 07-19).

* The timetable is read with gtfs-kit (MIT). The day is a weekday (Monday to
  Friday) of the feed's first week: the one with the median number of
  departures, so one holiday in that week does not decide.
* A departure is a stop time in the window that is not the last stop of its
  trip and allows boarding (``pickup_type`` other than 1).
* GTFS stops are matched to mapped stops by NSR quay id (``NSR:Quay:7193`` and
  the OSM tag ``ref:nsrq=7193`` or ``nsrq=7193``), else by distance (at most
  :data:`siting.settings.gtfs_match_m` metres). The review says how each stop
  was matched; a mapped stop with no timetable does not count.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ._config_types import Transit
from .errors import InputError

__all__ = ["Timetable", "nsr_quay", "timetable_again", "timetable_from_gtfs"]

log = logging.getLogger(__name__)

_NSR = re.compile(r"NSR:Quay:(\d+)\Z")


@dataclass
class Timetable:
    """The departures of one weekday, per stop.

    Attributes
    ----------
    stops : pandas.DataFrame
        ``stop_id``, ``stop_name``, ``nsr`` (quay number or ""), ``lon``,
        ``lat`` (degrees): the boarding stops of the feed.
    departures : pandas.DataFrame
        ``stop_id`` and ``seconds`` (after midnight) of every departure that day.
    date : str
        The day counted, ``YYYYMMDD``.
    source : dict
        ``name`` and ``sha256`` of the GTFS file.
    """

    stops: pd.DataFrame
    departures: pd.DataFrame
    date: str
    source: dict[str, Any] = field(default_factory=dict)

    def per_stop(self, rule: Transit) -> pd.DataFrame:
        """:attr:`stops` with ``departures`` (in ``rule``'s window) and ``per_hour``."""
        sec = self.departures["seconds"].to_numpy()
        inside = (sec >= rule.from_hour * 3600) & (sec < rule.to_hour * 3600)
        counts = self.departures.loc[inside, "stop_id"].value_counts()
        table = self.stops.copy()
        table["departures"] = table["stop_id"].map(counts).fillna(0).astype(int)
        table["per_hour"] = table["departures"] / (rule.to_hour - rule.from_hour)
        return table


def nsr_quay(stop_id: str) -> str:
    """``"NSR:Quay:7193"`` -> ``"7193"``; "" for any other id."""
    found = _NSR.match(str(stop_id).strip())
    return found.group(1) if found else ""


def _refuse(name: str, en: str, nb: str) -> InputError:
    return InputError(f"{name}: {en}", nb=f"{name}: {nb}")


def _read(path: Path) -> Any:
    import gtfs_kit as gk

    if not path.is_file():
        raise _refuse(path.name, f"file not found at {path}; check the path given to --gtfs",
                      f"finner ikke filen {path}; sjekk stien som er gitt til --gtfs")
    try:
        feed = gk.read_feed(path, dist_units="km")
    except Exception as err:  # gtfs-kit raises many kinds for a file that is not GTFS
        raise _refuse(path.name, f"cannot be read as a GTFS timetable ({err}); give a GTFS zip "
                      "such as Entur's national file", f"kan ikke leses som en GTFS-rutetabell "
                      f"({err}); gi en GTFS-zip, f.eks. Enturs nasjonale fil") from None
    if feed.stops is None or feed.stop_times is None or feed.trips is None:
        raise _refuse(path.name, "lacks stops.txt, trips.txt or stop_times.txt; give a "
                      "complete GTFS zip", "mangler stops.txt, trips.txt eller stop_times.txt; "
                      "gi en komplett GTFS-zip")
    return feed


def _weekday(feed: Any, name: str) -> str:
    """The weekday of the feed's first week with the median number of departures."""
    import gtfs_kit as gk

    days = [d for d in gk.get_first_week(feed) if pd.Timestamp(d).weekday() < 5]
    if not days:
        raise _refuse(name, "has no weekday with service in its calendar; give a timetable "
                      "that runs Monday to Friday", "har ingen ukedag med avganger i "
                      "kalenderen; gi en rutetabell som går mandag til fredag")
    counts = [len(gk.get_stop_times(feed, d)) for d in days]
    order = np.argsort(counts, kind="stable")
    return str(days[int(order[(len(order) - 1) // 2])])


def _seconds(times: pd.Series) -> np.ndarray:
    parts = times.fillna("").astype(str).str.extract(r"^\s*(\d+):(\d\d):(\d\d)")
    values = parts.astype(float).to_numpy()
    return values[:, 0] * 3600 + values[:, 1] * 60 + values[:, 2]


def _departures(feed: Any, date: str) -> pd.DataFrame:
    """Every boarding departure of ``date``: ``stop_id`` and ``seconds`` after midnight."""
    import gtfs_kit as gk

    times = gk.get_stop_times(feed, date)
    if times.empty:
        return pd.DataFrame({"stop_id": pd.Series(dtype=str), "seconds": pd.Series(dtype=float)})
    last = times.groupby("trip_id")["stop_sequence"].transform("max")
    board = times["pickup_type"].fillna(0).astype(str) != "1" if "pickup_type" in times \
        else pd.Series(True, index=times.index)
    when = _seconds(times["departure_time"].where(times["departure_time"].notna(),
                                                   times.get("arrival_time")))
    keep = (times["stop_sequence"] != last).to_numpy() & board.to_numpy() & ~np.isnan(when)
    return pd.DataFrame({"stop_id": times.loc[keep, "stop_id"].astype(str).to_numpy(),
                         "seconds": when[keep]})


def timetable_from_gtfs(path: str | Path, date: str | None = None) -> Timetable:
    """Read a GTFS zip: the departures of one weekday at each stop.

    Parameters
    ----------
    path : str or pathlib.Path
        A GTFS zip.
    date : str, optional
        ``YYYYMMDD``; default a weekday of the feed's first week (see module docstring).

    Raises
    ------
    InputError
        If the file is missing, not GTFS, or has no weekday with service.
    """
    from .osm import file_sha256

    path = Path(path)
    feed = _read(path)
    day = date or _weekday(feed, path.name)
    departures = _departures(feed, day)
    stops = feed.stops
    if "location_type" in stops:
        stops = stops[stops["location_type"].fillna(0).astype(int) == 0]
    table = pd.DataFrame({
        "stop_id": stops["stop_id"].astype(str).to_numpy(),
        "stop_name": stops["stop_name"].fillna("").astype(str).to_numpy(),
        "lon": stops["stop_lon"].astype(float).to_numpy(),
        "lat": stops["stop_lat"].astype(float).to_numpy()})
    table["nsr"] = [nsr_quay(s) for s in table["stop_id"]]
    log.info("GTFS %s: %d stops, %d departures on %s", path.name, len(table), len(departures),
             day)
    return Timetable(table, departures, day, {"name": path.name, "sha256": file_sha256(path),
                                              "path": str(path.resolve()), "date": day})


def timetable_again(source: dict[str, Any], scenario: str) -> Timetable:
    """Read the timetable a saved analysis used (``Timetable.source``), the same day.

    Raises
    ------
    InputError
        If the file is not at its saved path any more, or has changed since.
    """
    from .osm import file_sha256

    path, name = Path(str(source.get("path", ""))), str(source.get("name", "GTFS"))
    if not source.get("path") or not path.is_file():
        raise _refuse(scenario, f"was ranked with the GTFS timetable {name}, which is not found "
                      f"at {path}; put it back there to rerun it",
                      f"ble rangert med GTFS-rutetabellen {name}, som ikke finnes på {path}; "
                      "legg den tilbake der for å kjøre på nytt")
    if file_sha256(path) != source.get("sha256"):
        raise _refuse(scenario, f"the GTFS timetable {path} has changed since the scenario was "
                      "saved; put the original back to rerun it", f"GTFS-rutetabellen {path} "
                      "er endret siden scenarioet ble lagret; legg den opprinnelige tilbake for "
                      "å kjøre på nytt")
    return timetable_from_gtfs(path, date=str(source.get("date") or "") or None)
