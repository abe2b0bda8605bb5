"""The map of the committee report, drawn offline with matplotlib (no map tiles).

:func:`map_png` draws the plots and services over the study's own street
network, with a scale bar, a north arrow and "© OpenStreetMap contributors",
and returns PNG bytes that read well when printed in black and white: plots
carry their number and a shape per status, services a shape per category, and
colour only repeats what shapes and labels already say. :func:`map_page` puts
it on its page with a key table.

For the public version :func:`generalise` moves every plot to the centre of the
500 m grid cell it lies in, and the sensitive service categories
(:data:`SENSITIVE`) are left off the map. Coordinates are metres in the
analysis CRS (EUREF89 UTM) throughout. The plot cards and their bar chart
(:func:`card_pages`, :func:`points_png`) are in :mod:`siting.report.cards`.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
from matplotlib import colormaps
from matplotlib.collections import LineCollection
from matplotlib.colors import Normalize
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from reportlab.platypus import Flowable, Image

from .. import settings
from ..analysis import Study, framed, is_outside
from ..network import Network
from ..public import cell_centres, shown_in_public
from ..services import DRIVE_CATEGORY
from ..text import separators
from ._figures import mpl_text, png
from ._labels import place_and_street_labels
from .cards import card_pages, points_png
from .context import SENSITIVE, Ctx, one_page, plot_xy

__all__ = ["CELL_M", "SENSITIVE", "card_pages", "generalise", "map_page", "map_png", "mpl_text",
           "points_png"]

#: Side of the grid cell (metres) plots are generalised to in the public version, by
#: default (the value in force is :data:`siting.settings.public_cell_m`).
CELL_M = 500.0
#: Height (inches) of the key below the map: two legends of three rows, the score bar
#: and the line styles, whatever the map's own height.
KEY_IN = 1.6
SCORE_CMAP = "viridis"  # lightness rises with the score: prints as an ordered grey ramp
# category: (marker, fill colour); black edges, so the shape carries the meaning in print
SYMBOLS: dict[str, tuple[str, str]] = {
    "gp": ("P", "#d62728"), "bus": ("^", "#1f77b4"), "shop": ("s", "#ff7f0e"),
    "pharmacy": ("X", "#2ca02c"), "mental_health": ("D", "#9467bd"),
    "substance_abuse": ("h", "#8c564b"), "school": ("*", "#e377c2"), "police": (">", "#111111"),
}
EXTRA = [("p", "#17becf"), ("<", "#bcbd22"), ("v", "#7f7f7f"), ("8", "#aec7e8"), ("d", "#ffbb78")]
PLOT_MARKERS = {"ok": "o", "fails_rules": "s", "flagged": "D"}
PATHS = frozenset({"footway", "path", "cycleway", "steps", "pedestrian", "track", "bridleway",
                   "corridor"})


def symbols(keys: Sequence[str]) -> dict[str, tuple[str, str]]:
    """Return (marker, colour) per category: fixed for the defaults, cycled for others."""
    extra = iter(EXTRA * (len(keys) // len(EXTRA) + 1))
    return {k: SYMBOLS.get(k) or next(extra) for k in keys}


def generalise(xy: np.ndarray, cell_m: float | None = None) -> np.ndarray:
    """Return the centre of the grid cell each point lies in (metres, same CRS); see
    :func:`siting.public.cell_centres`."""
    return cell_centres(xy, cell_m)


#: Area of a plot's marker (points squared, as matplotlib's ``scatter`` takes it).
PLOT_MARKER_PT2 = 430.0


def spread_out(xy: np.ndarray, apart_m: float, rounds: int = 500) -> np.ndarray:
    """Move markers ``apart_m`` wide that would cover each other until none does.

    Every pair nearer than ``apart_m`` is pushed apart along the line between them,
    each half the way (points on the very same spot -- the public map's plots that
    share a grid cell -- apart in a direction set by their order), again until no pair
    is nearer; markers that overlap nothing stay where they are. Deterministic.
    """
    out = np.asarray(xy, dtype=float).copy()
    n = len(out)
    need = 1.001 * apart_m  # a hair more, so that rounding leaves no pair just short
    for _ in range(rounds):
        pushed = False
        for i in range(n):
            for j in range(i + 1, n):
                step = out[j] - out[i]
                dist = float(np.hypot(*step))
                if dist >= apart_m:
                    continue
                if dist == 0.0:
                    angle = np.pi / 2 - 2 * np.pi * j / n
                    unit = np.array([np.cos(angle), np.sin(angle)])
                else:
                    unit = step / dist
                shift = (need - dist) / 2 * unit
                out[i] -= shift
                out[j] += shift
                pushed = True
        if not pushed:
            break
    return out


# --------------------------------------------------------------------------- map
def map_png(net: Network, plots: pd.DataFrame, services: gpd.GeoDataFrame,
            labels: Mapping[str, str], t: Mapping[str, str], *, public: bool,
            size_in: tuple[float, float], street_names: Mapping[int, str] | None = None,
            places: pd.DataFrame | None = None) -> bytes:
    """Draw the map page's figure.

    Parameters
    ----------
    net : Network
        Walk network (background), metres in the analysis CRS.
    plots : pandas.DataFrame
        ``x``, ``y`` (already generalised in the public version; NaN = no
        location), ``number`` (rank order), ``score`` (0-100, NaN if flagged),
        ``status``.
    services : geopandas.GeoDataFrame
        ``category``, ``name``, geometry in the analysis CRS (sensitive ones
        already removed in the public version).
    labels : Mapping
        Category key -> label for the legend.
    t : Mapping
        Legend texts: ``status_ok``, ``status_fails_rules``, ``status_flagged``,
        ``score_bar``, ``cell``, ``osm_credit``, ``police_off``.
    public : bool
        Draw the grid cells the plots were generalised to.
    size_in : tuple
        Figure width and height in inches.
    street_names : Mapping, optional
        OSM way id -> street name: the longest named streets are labelled.
    places : pandas.DataFrame, optional
        ``name``, ``kind``, ``x``, ``y`` (analysis CRS): named places are labelled.

    The OSM credit stands below the map, where no symbol can cover it.
    """
    fig = Figure(figsize=size_in)
    band = min(KEY_IN / size_in[1], 0.5)  # the legend's share of the height
    ax = fig.add_axes((0.0, band, 1.0, 1.0 - band))
    width_m = _set_extent(ax, plots, services, size_in[0] / ((1.0 - band) * size_in[1]), public)
    _streets(ax, net)
    place_and_street_labels(ax, net, street_names or {}, places if places is not None else
                            pd.DataFrame(columns=["name", "kind", "x", "y"]),
                            plots[["x", "y"]].to_numpy(dtype=float), width_m / (72 * size_in[0]))
    shown = _in_view(ax, services)
    service_keys = _services(ax, shown, labels)
    if public:
        _cells(ax, plots)
    plot_keys = _plots(ax, plots, t, width_m / (72 * size_in[0]))
    _off_map_police(ax, services, t)
    _scale_bar(ax, width_m, t.get("decimal", "."))
    _north_arrow(ax)
    fig.text(0.995, band - 0.003, t["osm_credit"], ha="right", va="top", fontsize=7)
    _legend(fig, plot_keys, service_keys, t, size_in[1], band)
    return png(fig)


def _set_extent(ax, plots: pd.DataFrame, services: gpd.GeoDataFrame,
                aspect: float, public: bool) -> float:
    """Frame the plots (their whole cells when public) and, for each, the straight-line
    nearest service of every kind. A plot outside the area the data cover (``outside``)
    is left out of the frame, unless every plot is: one typed kilometres off would
    shrink the whole study area to a corner."""
    have = plots.dropna(subset=["x", "y"])
    if "outside" in have:
        have = have[framed(have["outside"].to_numpy(dtype=bool))]
    xy = have[["x", "y"]].to_numpy(dtype=float)
    half = settings.public_cell_m / 2
    corners = [xy + half * np.array(c) for c in ((-1, -1), (1, 1))] if public else []
    pts = services[services["category"] != DRIVE_CATEGORY]
    pts = pts.geometry.representative_point()
    sxy = np.column_stack([pts.x, pts.y]) if len(pts) else np.empty((0, 2))
    cats = services.loc[pts.index, "category"].to_numpy()
    frame = [xy, *corners]
    for cat in set(cats):
        member = sxy[cats == cat]
        d = np.hypot(member[:, None, 0] - xy[None, :, 0], member[:, None, 1] - xy[None, :, 1])
        near = member[np.argmin(d, axis=0)] if d.size else np.empty((0, 2))
        frame.append(near[d.min(axis=0) < 3000] if d.size else near)
    allxy = np.vstack(frame) if sum(len(f) for f in frame) else sxy
    if not len(allxy):
        allxy = np.zeros((1, 2))
    lo, hi = allxy.min(axis=0), allxy.max(axis=0)
    span = np.maximum(hi - lo, 600.0) * 1.12 + 160.0
    w, h = max(span[0], span[1] * aspect), max(span[1], span[0] / aspect)
    mid = (lo + hi) / 2
    ax.set_xlim(mid[0] - w / 2, mid[0] + w / 2)
    ax.set_ylim(mid[1] - h / 2, mid[1] + h / 2)
    ax.set_aspect("equal")
    ax.set_axis_off()
    return float(w)


def _streets(ax, net: Network) -> None:
    if not len(net.u):
        return
    segs = np.stack([net.xy[net.u], net.xy[net.v]], axis=1)
    kind = np.asarray(net.highway).astype(str)
    main = np.isin(kind, [*settings.main_road_classes, "motorway"])
    path = np.isin(kind, list(PATHS))
    styles = [(path, "#b9b9b9", 0.6, (0, (2.5, 1.5))), (~main & ~path, "#a8a8a8", 0.9, "solid"),
              (main, "#555555", 2.0, "solid")]
    for mask, colour, width, dash in styles:
        if mask.any():
            ax.add_collection(LineCollection(segs[mask], colors=colour, linewidths=width,
                                             linestyles=dash, zorder=1, capstyle="round"))


def _in_view(ax, services: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    pts = services.geometry.representative_point()
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    inside = (pts.x >= x0) & (pts.x <= x1) & (pts.y >= y0) & (pts.y <= y1)
    return services.assign(x=pts.x, y=pts.y)[inside.to_numpy()]


def _services(ax, shown: pd.DataFrame, labels: Mapping[str, str]) -> list:
    handles = []
    for key, (marker, colour) in symbols(list(labels)).items():
        rows = shown[shown["category"] == key]
        size = 95 if marker == "*" else 55
        if len(rows):
            ax.scatter(rows["x"], rows["y"], marker=marker, s=size, c=colour, edgecolors="black",
                       linewidths=0.8, zorder=4)
        handles.append(Line2D([], [], linestyle="none", marker=marker, markersize=8,
                              markerfacecolor=colour, markeredgecolor="black",
                              label=mpl_text(labels[key])))
    return handles


def _cells(ax, plots: pd.DataFrame) -> None:
    for x, y in {(float(x), float(y)) for x, y in plots[["x", "y"]].dropna().to_numpy()}:
        cell = settings.public_cell_m
        corner = (x - cell / 2, y - cell / 2)
        ax.add_patch(Rectangle(corner, cell, cell, zorder=2, facecolor="#00000010",
                               edgecolor="none"))
        # the outline above the services' symbols, so that the square the key promises shows
        ax.add_patch(Rectangle(corner, cell, cell, zorder=5, facecolor="none",
                               edgecolor="black", linewidth=1.4, linestyle=(0, (4, 2))))


def _plots(ax, plots: pd.DataFrame, t: Mapping[str, str], m_per_pt: float) -> list:
    """Draw the plots' numbered markers; markers that would cover each other (plots close
    together, or sharing a public cell) are spread apart, each with a thin line to where it
    stands."""
    cmap, norm = colormaps[SCORE_CMAP], Normalize(0, 100)
    have = plots.dropna(subset=["x", "y"])
    where = have[["x", "y"]].to_numpy(dtype=float)
    xy = spread_out(where, 1.1 * np.sqrt(PLOT_MARKER_PT2) * m_per_pt)
    moved = np.flatnonzero((xy != where).any(axis=1))
    if len(moved):
        ax.add_collection(LineCollection([[where[i], xy[i]] for i in moved], colors="black",
                                         linewidths=0.9, zorder=5.5))
        ax.scatter(where[moved, 0], where[moved, 1], s=9, c="black", zorder=5.5)
    for (x, y), (_, row) in zip(xy, have.iterrows(), strict=True):
        flagged = row["status"] == "flagged" or not np.isfinite(row["score"])
        fill = "white" if flagged else cmap(norm(row["score"]))
        ax.scatter([x], [y], s=PLOT_MARKER_PT2, marker=PLOT_MARKERS.get(row["status"], "o"),
                   c=[fill], edgecolors="black", linewidths=1.6, zorder=6)
        dark = not flagged and row["score"] < 55
        ax.text(x, y, str(row["number"]), ha="center", va="center", fontsize=10,
                fontweight="bold", color="white" if dark else "black", zorder=7)
    return [Line2D([], [], linestyle="none", marker=m, markersize=10, markerfacecolor=f,
                   markeredgecolor="black", label=mpl_text(t[f"status_{s}"]))
            for s, m, f in (("ok", "o", "#b5de2b"), ("fails_rules", "s", "#b5de2b"),
                            ("flagged", "D", "white"))]


def _off_map_police(ax, services: gpd.GeoDataFrame, t: Mapping[str, str]) -> None:
    """Point to police stations outside the frame from the nearest edge, with the distance."""
    police = services[services["category"] == DRIVE_CATEGORY]
    if police.empty:
        return
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    mid = np.array([(x0 + x1) / 2, (y0 + y1) / 2])
    pts = police.geometry.representative_point()
    for x, y in zip(pts.x, pts.y, strict=True):
        if x0 <= x <= x1 and y0 <= y <= y1:
            continue
        vec = np.array([x, y]) - mid
        k = 0.44 / max(abs(vec[0]) / (x1 - x0), abs(vec[1]) / (y1 - y0))
        tip = mid + vec * k
        tail = mid + vec * (k * 0.78)
        km = f"{np.hypot(*vec) / 1000:.1f}".replace(".", "," if t.get("decimal") == "," else ".")
        ax.annotate(mpl_text(t["police_off"].format(km=km)), xy=tuple(tip), xytext=tuple(tail),
                    ha="center", va="center", fontsize=8, zorder=8,
                    bbox={"facecolor": "white", "edgecolor": "black", "pad": 2},
                    arrowprops={"arrowstyle": "-|>", "color": "black", "lw": 1.4})


def _nice_length(width_m: float) -> float:
    target = width_m / 5
    steps = [50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000, 20000]
    return float(min(steps, key=lambda s: abs(np.log(s / target))))


def _scale_bar(ax, width_m: float, decimal: str = ".") -> None:
    length = _nice_length(width_m)
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    left, base = x0 + 0.03 * (x1 - x0), y0 + 0.035 * (y1 - y0)
    height = 0.012 * (y1 - y0)
    ax.add_patch(Rectangle((left - 0.015 * (x1 - x0), base - 0.02 * (y1 - y0)),
                           length + 0.05 * (x1 - x0), 0.075 * (y1 - y0), facecolor="white",
                           edgecolor="none", alpha=0.85, zorder=8))
    for i in range(4):
        ax.add_patch(Rectangle((left + i * length / 4, base), length / 4, height, zorder=9,
                               facecolor="black" if i % 2 == 0 else "white", edgecolor="black",
                               linewidth=0.8))
    unit = (f"{length / 1000:g} km", 1000) if length >= 1000 else (f"{length:g} m", 1)
    for frac, text in ((0, "0"), (0.5, f"{length / 2 / unit[1]:g}"), (1, unit[0])):
        ax.text(left + frac * length, base + 1.6 * height, text.replace(".", decimal),
                ha="center", va="bottom", fontsize=7.5, zorder=9)  # "1,25 km" in bokmål


def _north_arrow(ax) -> None:
    ax.annotate("N", xy=(0.955, 0.97), xytext=(0.955, 0.865), xycoords="axes fraction",
                ha="center", va="center", fontsize=12, fontweight="bold", zorder=9,
                arrowprops={"facecolor": "black", "edgecolor": "black", "width": 3.5,
                            "headwidth": 11, "headlength": 11},
                bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.85, "pad": 1})


def _legend(fig: Figure, plot_keys: list, service_keys: list, t: Mapping[str, str],
            height_in: float, band: float) -> None:
    """The key below the map, laid out in inches (:data:`KEY_IN` high) so that it keeps its
    room however short the map is: the two legends side by side on top, the score bar and
    the line styles below them."""
    def y(inches: float) -> float:
        return inches / height_in

    style: dict[str, Any] = {"loc": "upper left", "fontsize": 8, "frameon": False,
                             "handletextpad": 0.4, "columnspacing": 1.0, "borderaxespad": 0.2,
                             "title_fontsize": 8.5, "alignment": "left"}
    top = band - y(0.2)
    fig.legend(handles=plot_keys, bbox_to_anchor=(0.0, top), ncol=1, labelspacing=0.7,
               title=mpl_text(t["plots_title"]), **style)
    fig.legend(handles=service_keys, bbox_to_anchor=(0.3, top), ncol=3, labelspacing=0.7,
               title=mpl_text(t["services_title"]), **style)
    cax = fig.add_axes((0.02, y(0.22), 0.36, y(0.1)))
    bar = fig.colorbar(_mappable(), cax=cax, orientation="horizontal")
    bar.set_ticks([0, 25, 50, 75, 100])
    bar.ax.tick_params(labelsize=7.5)
    cax.set_title(mpl_text(t["score_bar"]), fontsize=8, loc="left")
    fig.text(0.44, y(0.22), mpl_text(t["cell"]), fontsize=7.5, va="bottom", wrap=True)


def _mappable():
    from matplotlib.cm import ScalarMappable

    return ScalarMappable(norm=Normalize(0, 100), cmap=colormaps[SCORE_CMAP])


def _places_xy(study: Study) -> pd.DataFrame:
    """The study's named places with ``x``/``y`` in its analysis CRS (none if not read)."""
    places = getattr(study.osm, "places", None)  # a study cached before places were read
    if places is None or not len(places):
        return pd.DataFrame(columns=["name", "kind", "x", "y"])
    xy = gpd.GeoSeries(gpd.points_from_xy(places["lon"], places["lat"]), crs="EPSG:4326")
    xy = xy.to_crs(study.crs)
    return places.assign(x=xy.x.to_numpy(), y=xy.y.to_numpy())


# --------------------------------------------------------------------------- page
def map_page(ctx: Ctx) -> list[Flowable]:
    """The map of plots and services, its key table and what the public version leaves out."""
    t, w = ctx.t, ctx.width
    xy = plot_xy(ctx)
    if ctx.public:
        xy = generalise(xy)
    plots = pd.DataFrame({"x": xy[:, 0], "y": xy[:, 1], "number": list(ctx.number.values()),
                          "score": ctx.ranked["score"].to_numpy(dtype=float),
                          "status": ctx.ranked["status"].to_numpy(),
                          "outside": [is_outside(f) for f in ctx.ranked.get(
                              "flag", pd.Series([()] * len(ctx.ranked)))]})
    services = ctx.result.acc.services
    if ctx.public:
        services = services[services["category"].map(shown_in_public).astype(bool)]
    cats = list(dict.fromkeys(services["category"]))
    texts = {f"status_{s}": ctx.status(s) for s in ("ok", "fails_rules", "flagged")}
    texts |= {k: t[f"map_{k}"] for k in ("score_bar", "osm_credit", "police_off",
                                          "plots_title", "services_title")}
    texts |= {"cell": t["map_cell" if ctx.public else "map_streets"],
              "decimal": separators(ctx.lang)[0]}
    rows_h = 15 * (len(plots) + 1)
    height = float(np.clip(ctx.height - 110 - rows_h, 300, 560))
    study = ctx.result.study
    png = map_png(study.walk, plots, services, {c: ctx.cat_label(c) for c in cats},
                  texts, public=ctx.public, size_in=(w / 72, height / 72),
                  street_names=study.osm.ways["name"].dropna().to_dict(),
                  places=_places_xy(study))
    key: list[list[Any]] = [[t["number"], t["plot_col"], t["score"], t["status"]]]
    key += [[str(ctx.number[row["plot_id"]]), ctx.label[row["plot_id"]],
             ctx.num(s) if np.isfinite(s) else "–", ctx.row_status(row)]
            for (_, row), s in zip(ctx.ranked.iterrows(), plots["score"], strict=True)]
    note = t["map_public_note"] if ctx.public else t["map_internal_note"]
    return [one_page(ctx, [ctx.p(t["h_map"], "h1"), ctx.p(note, "small"),
                           Image(io.BytesIO(png), width=w, height=height),
                           ctx.table(key, [0.08 * w, 0.5 * w, 0.12 * w, 0.3 * w])])]
