"""Write the ranked result table: CSV, Excel, GeoPackage (opens in QGIS) or GeoJSON.

The format follows the file extension. Every input plot is one row, flagged
plots included. The CSV is for machines and scripts: comma-separated, decimal
point, UTF-8, English column names, unreachable as ``inf``; text cells that a
spreadsheet would read as a formula get an apostrophe in front (see
:mod:`siting._cells`). The Excel workbook (:mod:`siting.excel`) is for people:
headers in the user's language with units, "ikke nåbar" with its reason instead
of ``inf``, text stored as text. GeoPackage writes float infinity, GeoJSON
``Infinity`` (as GDAL and Python read it); ``reasons`` explains each.
"""

from __future__ import annotations

import io
import logging
from pathlib import Path
from typing import TYPE_CHECKING

import geopandas as gpd
import pandas as pd

from ._atomic import write_bytes
from ._cells import neutralise_cells
from .config import Config
from .errors import InputError
from .scoring import tied_ranks
from .text import said

if TYPE_CHECKING:
    from .config import Config

__all__ = ["FORMATS", "LOCATED_BY", "OWN", "own_columns_of", "result_bytes", "result_columns",
           "result_format", "result_frame", "unwritable", "write_result"]

log = logging.getLogger(__name__)
FORMATS = (".csv", ".xlsx", ".gpkg", ".geojson")
FIRST = ["rank", "plot_id", "name", "status", "score", "reasons"]
#: Columns of plots given by address or gnr/bnr, carried into the result after ``name``:
#: what was given, the address used and the match quality (see :mod:`siting.locate`).
LOCATED_BY = ["address", "parcel", "match", "match_quality"]
#: Prefix of the plots file's own columns (area, owner, notes), which follow them as text:
#: ``own:areal_m2`` (see :func:`siting.plots.own_columns`).
OWN = "own:"


def result_columns(ranked: pd.DataFrame) -> list[str]:
    """Return the result columns in reading order: identity, verdict, then figures."""
    figures = [c for c in ranked.columns if c.startswith("walk_m_")]
    figures += ["bus_departures_per_hour", "police_drive_min", "police_response_min",
                "patrol_detour_min", "snap_m", "drive_snap_m"]
    nearest = [c for c in ranked.columns if c.startswith("nearest_")]
    parts = [c for c in ranked.columns if c.startswith(("value_", "points_"))]
    extra = ["component_nodes", "flag", "note"]
    wanted = FIRST + figures + nearest + parts + extra
    return [c for c in wanted if c in ranked.columns]


def result_frame(ranked: pd.DataFrame, plots: gpd.GeoDataFrame, config: Config | None = None,
                 *, lang: str | None = None, exact: bool = False) -> gpd.GeoDataFrame:
    """Join the ranked table (rank order) to the plot geometries, in EPSG:4326.

    Plots placed by address or gnr/bnr bring their :data:`LOCATED_BY` columns, and the
    plots file's own columns (``own:<header>``, text) follow them.

    ``ranked`` keeps the positional index of the plots it was measured from, so
    each row is matched to its own geometry whatever order the ranking put it in.
    A table as scored (codes: ``failed``, flags) is put into words in ``lang``
    (default: the config's) with ``config``'s labels; a table already in words
    (:meth:`siting.pipeline.Result.texts`) is taken as it is. Metres are rounded
    to centimetres and minutes and scores to 0.001 for display, and where some
    scores are equal, ``tied_ranks`` (:func:`siting.scoring.tied_ranks`: "4–9" where
    plots 4 to 9 have exactly equal scores) follows ``score``; neither when ``exact``
    (a scenario keeps every float64 to the last bit and only the measured and scored
    columns).

    Raises
    ------
    TypeError
        If ``ranked`` holds codes and no ``config`` is given to put them into words.
    """
    if "failed" in ranked.columns:
        if config is None:
            raise TypeError("result_frame: the ranked table holds codes; pass its config")
        from .text.render import with_texts

        ranked = with_texts(ranked, config, lang)
    geometry = plots.geometry.to_crs("EPSG:4326").reset_index(drop=True)
    frame = ranked[result_columns(ranked)].copy()
    where = frame.columns.get_loc("name") + 1 if "name" in frame else len(frame.columns)
    given = [*(c for c in LOCATED_BY if c in plots), *own_columns_of(plots)]
    for column in reversed(given):
        frame.insert(where, column, plots[column].reset_index(drop=True).loc[frame.index]
                     .fillna("").astype(str).to_numpy())
    ties = tied_ranks(ranked) if not exact and "score" in frame else None
    if ties is not None and ties.ne("").any():  # judged on the unrounded scores
        frame.insert(frame.columns.get_loc("score") + 1, "tied_ranks", ties.loc[frame.index])
    out = gpd.GeoDataFrame(frame.reset_index(drop=True),
                           geometry=geometry.loc[frame.index].to_numpy(), crs="EPSG:4326")
    if not exact:
        _round_for_display(out)
    if "rank" in out:
        out["rank"] = out["rank"].astype("Int64")
    return out


def own_columns_of(frame: pd.DataFrame) -> list[str]:
    """The plots file's own columns (``own:<header>``, text carried along) in ``frame``."""
    return [c for c in frame.columns if isinstance(c, str) and c.startswith(OWN)]


def _round_for_display(out: gpd.GeoDataFrame) -> None:
    """Round metres to centimetres, minutes, values, points and scores to 0.001, in place."""
    for column in out.columns:
        if column.startswith(OWN):  # the office's own text, whatever its name
            continue
        if column.endswith("_m") or column.startswith("walk_m_"):
            out[column] = out[column].round(2)  # centimetres: exact enough to check
        elif column.endswith("_min") or column == "score" or column.startswith(
                ("value_", "points_")):
            out[column] = out[column].round(3)  # minutes to 0.06 s; scores to 0.001


def result_format(path: str | Path) -> str:
    """Return the result format (``.csv``, ``.xlsx``, ``.gpkg`` or ``.geojson``) of ``path``.

    Raises
    ------
    InputError
        If the extension is none of these (checked before any work is done).
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise InputError(
            f"{path.name}: unknown result format '{suffix}'. Use .csv, .xlsx, .gpkg or .geojson.",
            nb=f"{path.name}: ukjent resultatformat '{suffix}'. Bruk .csv, .xlsx, .gpkg eller "
            ".geojson.",
        )
    return suffix


def write_result(frame: gpd.GeoDataFrame, path: str | Path,
                 config: Config | None = None) -> Path:
    """Write ``frame`` to ``path``; the extension picks CSV, Excel, GeoPackage or GeoJSON.

    ``config`` gives an Excel file its language and criterion labels (default:
    the default profile in bokmål).

    Raises
    ------
    InputError
        If the extension is unknown or the file cannot be written (naming it).
    """
    path = Path(path)
    data = result_bytes(frame, result_format(path), config)
    try:
        write_bytes(path, data)
    except OSError as err:
        raise unwritable(path, err) from err
    log.info("wrote %d plots to %s", len(frame), path,
             extra=said("log.wrote", n=len(frame), path=str(path)))
    return path


def unwritable(path: Path, err: OSError, *, name_hint: bool = True) -> InputError:
    """The error for an output file that cannot be written: its name, the reason, the fix.

    ``name_hint`` adds that the name must not be an open or read-only file.
    """
    why = err.strerror or str(err)
    en, nb = ("", "")
    if name_hint:
        en, nb = (" and a name that is not an open or read-only file",
                  " og et navn som ikke er en åpen eller skrivebeskyttet fil")
    return InputError(
        f"{path.name}: cannot be written ({why}: {path}); choose a folder you can write to{en}.",
        nb=f"{path.name}: kan ikke skrives ({why}: {path}); velg en mappe du kan skrive til{nb}.",
    )


def result_bytes(frame: gpd.GeoDataFrame, suffix: str, config: Config | None = None) -> bytes:
    """Return ``frame`` encoded as ``.csv``, ``.xlsx``, ``.gpkg`` or ``.geojson`` bytes."""
    if suffix in (".csv", ".xlsx"):
        table = pd.DataFrame(frame.drop(columns="geometry"))
        points = frame.geometry.representative_point()
        table["lon"] = points.x.round(7)
        table["lat"] = points.y.round(7)
        if suffix == ".xlsx":  # text cells are stored as text there: never a formula
            from .config import default_config
            from .excel import xlsx_bytes

            return xlsx_bytes(table, config or default_config())
        # CRLF rows as RFC 4180 and Excel: a CR inside a name is then quoted, not a new row
        return neutralise_cells(table).to_csv(index=False, lineterminator="\r\n").encode("utf-8")
    buffer = io.BytesIO()
    if suffix == ".gpkg":
        frame.to_file(buffer, driver="GPKG", layer="ranked_plots")
    else:
        frame.to_file(buffer, driver="GeoJSON", layer="ranked_plots",
                      WRITE_NON_FINITE_VALUES="YES")
    return buffer.getvalue()
