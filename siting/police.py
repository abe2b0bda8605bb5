"""Police reach: driving time from the nearest station to each plot, and the patrol detour.

Plots and stations meet the drive network only where a car can both arrive and
leave (the largest strongly connected piece; see :mod:`siting.network`), so a
plot a car gets near is never ``inf`` because its nearest street is a one-way
car-park exit, a service road that only leads out or a street cut off at the
edge of the extract. Both searches run on the drive graph split at every access
point (:mod:`siting.distances`):

* **police** ``police_drive_min``: one multi-source search from all chosen
  stations along the arcs (the patrol car drives station -> plot);
* **patrol detour** ``patrol_detour_min``: main road -> plot (a forward search
  from every main-road node) plus plot -> main road (a search against the
  arcs). A "main road" is a trunk, primary, secondary or tertiary road
  (:data:`siting.settings.main_road_classes`) in the strongly connected piece,
  so a one-way main road that leaves the map counts only where a car can come
  back. Where the piece has no such road, the highest road class it has is
  used instead, and every plot says so.

Both are ``inf`` only with a note saying why (no station, no street a car can
use); the straight gap from the plot to its access point is ``drive_snap_m``.
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import numpy as np

from . import settings
from .distances import Graph, SourceSet, Trees, graph_from_network, nearest, tree_origin
from .network import Network
from .snap import snap

__all__ = [
    "ON_FOOT_SHOWN_M", "PATROL_FALLBACK", "Note", "PoliceReach", "patrol_classes",
    "police_reach", "station_label",
]

#: A note on a plot's police figures: a code of :data:`siting.texts.FLAGS` and its values.
Note = tuple[str, dict[str, float | str]]

#: A plot at least this far from the nearest drivable road (metres: more than a minute on
#: foot) has the police's walk from the car shown beside its police figures (card, map
#: popup): the drive time and the patrol detour end at the road.
ON_FOOT_SHOWN_M = 100.0

#: Road classes tried in turn for the patrol detour when no main road is in reach.
PATROL_FALLBACK: tuple[str, ...] = (
    "motorway", "trunk_link", "primary_link", "secondary_link", "tertiary_link",
    "unclassified", "residential", "road", "living_street", "service",
)


@dataclass
class PoliceReach:
    """Police figures per plot and the drive searches behind them.

    Attributes
    ----------
    drive_min, detour_min : numpy.ndarray
        Station -> plot and main road -> plot -> main road, minutes (``inf``
        with a note where not measurable, NaN where the plot has no location).
    snap_m : numpy.ndarray
        Straight metres from the plot to its access point on the drive network.
    nearest_m : numpy.ndarray
        Straight metres to the nearest drivable street of any kind.
    station : numpy.ndarray
        Label of the station each plot's time is measured from ("" if none).
    notes : list of list of str
        Codes (with values) of what each plot's police figures should be read with.
    graph : Graph
        The drive graph split at plots and stations.
    trees : Trees
        Forward searches: set 0 from the stations, set 1 from the main-road nodes.
    back : Trees
        Search against the arcs from the main-road nodes (plot -> main road).
    plot_nodes, station_nodes : numpy.ndarray
        Access node of each plot and station in ``graph`` (-1 where none).
    main_classes : tuple of str
        Road classes the patrol detour counts as main roads.
    """

    drive_min: np.ndarray
    detour_min: np.ndarray
    snap_m: np.ndarray
    nearest_m: np.ndarray
    station: np.ndarray
    notes: list[list[Note]]
    graph: Graph
    trees: Trees
    back: Trees
    plot_nodes: np.ndarray
    station_nodes: np.ndarray
    main_classes: tuple[str, ...]


def patrol_classes(net: Network) -> tuple[str, ...]:
    """Road classes that count as main roads for the patrol detour on ``net``.

    Parameters
    ----------
    net : Network
        The drive network.

    Returns
    -------
    tuple of str
        :data:`siting.settings.main_road_classes` where the strongly connected
        piece has any of them; otherwise the first class of :data:`PATROL_FALLBACK`
        it has (a village of residential streets is patrolled from its largest road).
    """
    inner = net.core[net.u] & net.core[net.v]
    present = {str(h) for h in set(net.highway[inner].tolist())}  # str of each distinct class
    main = tuple(c for c in settings.main_road_classes if c in present)
    if main or not present:
        return tuple(settings.main_road_classes)
    fallback = next((c for c in PATROL_FALLBACK if c in present), sorted(present)[0])
    return (fallback,)


def station_label(name: object, ref: object) -> str:
    """How a station is named in tables: "Grønland politistasjon (OSM n123)".

    Parameters
    ----------
    name, ref : object
        The station's name and ref (an OSM id such as ``n123``, or a register's own).

    Returns
    -------
    str
        Name and ref; an OSM ref is marked "OSM", an empty part left out.
    """
    name, ref = str(name or "").strip(), str(ref or "").strip()
    if ref.startswith(("register:", "clicked:")) and name:  # the user's own: by its name
        return name
    if ref and ref[0] in "nwr" and ref[1:].isdigit():
        return f"{name} (OSM {ref})" if name else f"OSM {ref}"
    return f"{name} ({ref})" if name and ref else name or ref


def police_reach(drive: Network, plots: gpd.GeoDataFrame,
                 stations: gpd.GeoDataFrame) -> PoliceReach:
    """Measure police response and patrol detour for every plot.

    Parameters
    ----------
    drive : Network
        The drive network.
    plots, stations : geopandas.GeoDataFrame
        In the network's CRS; ``stations`` with ``name`` and ``ref``.

    Returns
    -------
    PoliceReach
        Minutes per plot, access gaps, station names, notes and the searches.
    """
    plot_snap = snap(drive, plots.geometry.to_numpy())
    st_snap = snap(drive, stations.geometry.to_numpy())
    classes = patrol_classes(drive)
    graph = graph_from_network(drive, [plot_snap, st_snap], classes)
    plot_nodes, st_nodes = graph.access
    main = np.flatnonzero(graph.main)
    sets = [SourceSet(st_nodes[st_nodes >= 0], np.zeros(int((st_nodes >= 0).sum()))),
            SourceSet(main, np.zeros(len(main)))]
    fwd = nearest(graph, sets)
    back = nearest(graph, sets[1:], reverse=True)
    ok = plot_nodes >= 0
    drive_s = np.full(len(plot_nodes), np.inf)
    detour_s = np.full(len(plot_nodes), np.inf)
    drive_s[ok] = fwd.dist[0, plot_nodes[ok]]
    detour_s[ok] = fwd.dist[1, plot_nodes[ok]] + back.dist[0, plot_nodes[ok]]
    any_snap = snap(drive, plots.geometry.to_numpy(), any_segment=True)
    gap = np.where(ok, plot_snap.snap_m, np.inf)
    labels = [station_label(n, r) for n, r in zip(stations["name"], stations["ref"],
                                                  strict=True)]
    names = _station_names(fwd, plot_nodes, st_nodes, st_snap.snap_m, labels)
    notes = _notes(gap, any_snap.snap_m, len(labels) > 0, classes)
    return PoliceReach(drive_s / 60.0, detour_s / 60.0, gap, any_snap.snap_m, names, notes,
                       graph, fwd, back, plot_nodes, st_nodes, classes)


def _station_names(trees: Trees, plot_nodes: np.ndarray, st_nodes: np.ndarray,
                   st_legs: np.ndarray, labels: list[str]) -> np.ndarray:
    """Label of the station whose access node roots each plot's drive path.

    Stations sharing an access node: the one nearest the street is named (the
    first listed among equals).
    """
    members = np.flatnonzero(st_nodes >= 0)
    members = members[np.lexsort((-members, -st_legs[members]))]  # nearest last: wins
    by_node = {int(st_nodes[i]): labels[i] for i in members}
    out = np.full(len(plot_nodes), "", dtype=object)
    ok = plot_nodes >= 0
    reached = np.zeros(len(plot_nodes), dtype=bool)
    reached[ok] = np.isfinite(trees.dist[0, plot_nodes[ok]])
    out[reached] = [by_node.get(int(o), "") for o in tree_origin(trees, 0, plot_nodes[reached])]
    return out


def _notes(gap: np.ndarray, any_gap: np.ndarray, has_stations: bool,
           classes: tuple[str, ...]) -> list[list[Note]]:
    """Codes of what each plot's police figures should be read with (see ``texts``)."""
    fallback = tuple(classes) != tuple(settings.main_road_classes)
    out: list[list[Note]] = []
    for m, plain in zip(gap, any_gap, strict=True):
        notes: list[Note] = []
        if np.isnan(plain):  # no location: its figures are unknown, not unreachable
            out.append(notes)
            continue
        if np.isinf(m):
            notes.append(("drive_none", {}))
        elif not has_stations:
            notes.append(("police_none", {}))
        elif m - plain > settings.drive_access_note_m:
            notes.append(("drive_stub", {"near": plain, "m": m}))
        if np.isfinite(m) and fallback:
            notes.append(("patrol_class", {"cls": classes[0]}))
        out.append(notes)
    return out
