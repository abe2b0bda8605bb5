"""Place and street names on the report map, so a reader can tell where it is.

Named places (suburbs, quarters, squares: :mod:`siting.places`) are written in
italics, then the longest named streets in view along their longest segment.
A label that would overlap one already placed, or a plot, is left out; labels
lie under the plot and service symbols, with a white halo over the streets.
Coordinates are metres in the analysis CRS.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
from matplotlib import patheffects

from ..network import Network
from ._figures import mpl_text

__all__ = ["place_and_street_labels"]

_STREET_CLASSES = frozenset({"trunk", "primary", "secondary", "tertiary", "unclassified",
                             "residential", "pedestrian", "living_street"})
_HALO = [patheffects.withStroke(linewidth=2.4, foreground="white")]
_CHAR_W, _LINE_H = 0.56, 1.25  # label size in font sizes (a rough width per character)


class _Free:
    """Boxes already taken on the map (metres); a new label must not overlap them."""

    def __init__(self, pt_m: float) -> None:
        self.pt_m = pt_m  # metres per typographic point at the map's scale
        self.boxes: list[tuple[float, float, float, float]] = []

    def take(self, x: float, y: float, text: str, size: float, angle: float = 0.0) -> bool:
        """Claim the box of ``text`` centred at (x, y); False if it overlaps one taken."""
        w, h = len(text) * _CHAR_W * size * self.pt_m, _LINE_H * size * self.pt_m
        c, s = abs(np.cos(np.radians(angle))), abs(np.sin(np.radians(angle)))
        half_w, half_h = (w * c + h * s) / 2, (w * s + h * c) / 2
        box = (x - half_w, y - half_h, x + half_w, y + half_h)
        if any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3]
               for b in self.boxes):
            return False
        self.boxes.append(box)
        return True


def place_and_street_labels(ax, net: Network, street_names: Mapping[int, str],
                            places: pd.DataFrame, plots_xy: np.ndarray, pt_m: float,
                            max_places: int = 12, max_streets: int = 14) -> list[str]:
    """Write place names and street names on ``ax``; return the labels written.

    Parameters
    ----------
    net : Network
        The walk network drawn as background (segments, ``way`` and ``highway``).
    street_names : Mapping
        OSM way id -> street name (``osm.ways["name"]``).
    places : pandas.DataFrame
        ``name``, ``kind``, ``x``, ``y`` (analysis CRS), largest kinds first.
    plots_xy : numpy.ndarray
        Plot positions (no label is written over one).
    pt_m : float
        Metres per typographic point at the map's scale.
    """
    free = _Free(pt_m)
    for x, y in plots_xy[np.isfinite(plots_xy).all(axis=1)]:
        free.take(float(x), float(y), "00", 12.0)  # keep the plot markers readable
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    written: list[str] = []
    for row in places.itertuples():
        if len(written) >= max_places:
            break
        if x0 < row.x < x1 and y0 < row.y < y1 and free.take(row.x, row.y, row.name, 8.5):
            ax.text(row.x, row.y, mpl_text(row.name), fontsize=8.5, style="italic",
                    color="#222222", ha="center", va="center", zorder=3, path_effects=_HALO)
            written.append(str(row.name))
    return written + _streets(ax, net, street_names, free, max_streets)


def _streets(ax, net: Network, names: Mapping[int, str], free: _Free, limit: int) -> list[str]:
    """Label the longest named streets in view along their longest segment in view."""
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    a, b = net.xy[net.u], net.xy[net.v]
    mid = (a + b) / 2
    inside = (mid[:, 0] > x0) & (mid[:, 0] < x1) & (mid[:, 1] > y0) & (mid[:, 1] < y1)
    kind = np.isin(np.asarray(net.highway).astype(str), list(_STREET_CLASSES))
    name = np.array([names.get(int(w)) or "" for w in net.way], dtype=object)
    use = inside & kind & (name != "")
    if not use.any():
        return []
    length = np.hypot(*(b - a).T)
    frame = pd.DataFrame({"name": name[use], "length": length[use], "seg": np.flatnonzero(use)})
    totals = frame.groupby("name")["length"].sum().sort_values(ascending=False)
    longest = frame.loc[frame.groupby("name")["length"].idxmax()].set_index("name")["seg"]
    written: list[str] = []
    for street in totals.index:
        if len(written) >= limit:
            break
        k = int(longest[street])
        dx, dy = b[k] - a[k]
        angle = float(np.degrees(np.arctan2(dy, dx)))
        angle = angle - 180 if angle > 90 else angle + 180 if angle < -90 else angle
        if free.take(float(mid[k, 0]), float(mid[k, 1]), street, 6.5, angle):
            ax.text(mid[k, 0], mid[k, 1], mpl_text(street), fontsize=6.5, color="#333333",
                    rotation=angle, rotation_mode="anchor", ha="center", va="center",
                    zorder=3, path_effects=_HALO)
            written.append(street)
    return written
