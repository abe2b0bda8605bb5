"""Constants and small display helpers shared by the app's tabs."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import streamlit as st

from siting.errors import SitingError
from siting.plots import FORMATS
from siting.services import CATEGORIES
from siting.text import number, pick, separators, t

from .markup import md

ROOT = Path(__file__).resolve().parents[1]
STATIC = ROOT / "static" / "vendor"  # served at /app/static/vendor (enableStaticServing)
STATIC_URL = "/app/static/vendor"
DEMO_AREA = {"kind": "demo", "name": "Demoby (demo)"}
TABS = ("tab_map", "tab_ranking", "tab_plots", "tab_services", "tab_download", "tab_decide")
PLOT_TYPES = sorted({ext.lstrip(".") for ext in FORMATS})
#: App limits (README, "Security and privacy"). Uploads of plots, registers and scenarios:
#: at most this many MB; OSM extracts at most ``OSM_UPLOAD_MB``. The server refuses any
#: upload over ``server.maxUploadSize`` (.streamlit/config.toml), whatever a widget says,
#: so the two are equal (tests/test_app.py checks it).
SMALL_UPLOAD_MB = 50
OSM_UPLOAD_MB = 300
#: Plots one session may hold: a committee compares a handful, a screening a few thousand.
#: The command line has no such limit.
MAX_APP_PLOTS = 5000
#: Rows of a table shown at once; longer tables are paged (one page styled at a time).
PAGE_ROWS = 200
OSM_TYPES = ["pbf", "osm", "bz2", "gz", "xml"]
LAYER_KEYS = ("network", "services", "routes", "police", "surface")
#: Widgets whose option labels are translated. The browser keeps a choice as its label,
#: so on a language switch their values are set again to be sent with the new labels.
TRANSLATED = ("profile", "area_how", "click_mode", "layers", "new_service_cat", "svc_cat",
              "table_group", "pair_objective")


def why(item: Any, lang: str) -> str | None:
    """The reason given for a weight or rule (it may come from a config file): for ``help=``."""
    text = pick(lang, item.why_nb, item.why_en)
    return md(text) if text else None


def category_label(key: str, lang: str) -> str:
    return CATEGORIES[key].label(lang) if key in CATEGORIES else key


def unit_of(column: str) -> str:
    return "min" if column.endswith("_min") else "m"


def styled(view: pd.DataFrame, lang: str) -> Any:
    """Numbers with their decimals (from :func:`ui.views.ranking_view`) in ``lang``;
    "ikke nåbar" where unreachable (``inf``), "–" where unknown (the reasons say why).

    Streamlit draws a missing value as "None" whatever the style says, so an unknown
    figure is shown from a stand-in, ``-inf`` (no distance, time or score is
    negative), that sorts before every number.
    """
    unreachable = t("app.table.unreachable", lang)

    def shown(digits: int) -> Callable[[Any], str]:
        def text(value: Any) -> str:
            if value is None or pd.isna(value):
                return "–"
            if not isinstance(value, int | float | np.number) or isinstance(value, bool):
                return str(value)  # a text in a first column (a scenario's name)
            if math.isinf(float(value)):
                return unreachable if float(value) > 0 else "–"
            return number(value, lang, digits)
        return text

    decimals = {c: d for c, d in view.attrs.get("decimals", {}).items() if c in view.columns}
    first = view.columns[0]  # rank: "–" when not ranked
    numeric = [c for c in [*decimals, first] if pd.api.types.is_numeric_dtype(view[c])
               and not pd.api.types.is_bool_dtype(view[c])]
    view = view.assign(**{c: view[c].astype(float).fillna(-math.inf) for c in numeric})
    style = view.style
    for column, digits in decimals.items():
        style = style.format(shown(digits), subset=[column])
    return style.format(shown(0), subset=[first])


def number_slider(where: Any, label: str, value: float, scale: tuple[float, float, float],
                  lang: str, *, key: str, decimals: int, help: str | None = None,
                  disabled: bool = False) -> float:
    """A slider over ``scale`` = (low, high, step) whose numbers read as ``lang`` writes them
    ("3,0" in bokmål): Streamlit's own slider formats with a decimal point only.

    ``value`` is always one of the choices, also when it is off the scale's steps
    (a config file may say 8.25 min); ``high`` grows to hold it.
    """
    low, high, step = scale
    high = max(high, float(value))
    steps = np.round(np.arange(low, high + step / 2, step), 6).tolist()
    options = sorted({*steps, float(value)})
    chosen = where.select_slider(label, options, value=float(value), key=key, help=help,
                                 disabled=disabled,
                                 format_func=lambda v: number(v, lang, decimals))
    return float(chosen)


def widget_prefix(group: str) -> str:
    """The key prefix of a group of widgets ("recovery", "police"): ``group:`` until
    :func:`forget_widgets` renews it (``group~1:``, ``group~2:`` ...).

    The browser keeps a keyed widget's value under its key and sends it back with
    the next run, whatever the session state says; deleting the state is not enough
    for a slider to show a newly opened scenario's weight. Widgets under a new key
    start from the values they are given.
    """
    generation = st.session_state.get("widget_generation", {}).get(group, 0)
    return f"{group}:" if not generation else f"{group}~{generation}:"


def forget_widgets(group: str) -> None:
    """Renew the key prefix of a group of widgets (:func:`widget_prefix`) and drop their
    old state: on the next run they show the values the app gives them."""
    generations = dict(st.session_state.get("widget_generation", {}))
    generations[group] = generations.get(group, 0) + 1
    st.session_state["widget_generation"] = generations
    for key in [k for k in st.session_state if str(k).startswith((f"{group}:", f"{group}~"))]:
        del st.session_state[key]


def localise_streamlit(lang: str) -> None:
    """Say Streamlit's own fixed English in ``lang`` where CSS can: the file uploader's
    "Upload" button and its "200MB per file • CSV" line (Streamlit 1.67 has no setting
    for either; :func:`upload_limit` writes the limit in ``lang`` instead)."""
    button = json.dumps(t("app.upload.button", lang), ensure_ascii=False)
    st.html(f"""<style>
[data-testid="stFileUploaderDropzoneInstructions"] {{display: none;}}
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"]
  {{display: none;}}
[data-testid="stFileUploaderDropzone"] button span[data-has-shortcut]::after
  {{content: {button};}}
</style>""")


def upload_limit(where: Any, lang: str, mb: int, types: list[str]) -> None:
    """The size limit and file types of the uploader just above, in ``lang``."""
    where.caption(t("app.upload.limit", lang, mb=mb, types=", ".join(types).upper()))


def localised(chart: Any, lang: str) -> Any:
    """An Altair chart whose axes and tooltips write numbers as ``lang`` does ("0,5",
    "90 %" with a no-break space in bokmål)."""
    decimal, thousands = separators(lang)
    percent = t("percent", lang, v=0).removeprefix("0")  # the sign after a number
    return chart.configure(locale={"number": {"decimal": decimal, "thousands": thousands,
                                              "grouping": [3], "currency": ["", ""],
                                              "percent": percent}})


def paged(view: pd.DataFrame, key: str, lang: str) -> pd.DataFrame:
    """One page of ``view`` (:data:`PAGE_ROWS` rows) with a page picker when it is longer.

    Styling a whole table of thousands of plots hits pandas' Styler cell limit and
    stalls the browser; the page keeps ``view.attrs`` (the decimals of
    :func:`styled`).
    """
    if len(view) <= PAGE_ROWS:
        return view
    pages = -(-len(view) // PAGE_ROWS)
    page = int(st.number_input(t("app.page.page", lang), 1, pages, 1, key=f"{key}:page"))
    first, last = (page - 1) * PAGE_ROWS, min(page * PAGE_ROWS, len(view))
    st.caption(t("app.page.rows", lang, a=first + 1, b=last, n=len(view)))
    out = view.iloc[first:last]
    out.attrs = dict(view.attrs)
    return out


def table_columns(view: pd.DataFrame, reasons: str | None = None) -> dict[str, Any]:
    """Rank, plot and name stay in view when scrolling sideways; the reasons column
    (default: the sixth) gets room."""
    reasons = reasons if reasons is not None else str(view.columns[5])
    config = {c: st.column_config.Column(pinned=True) for c in view.columns[:3]}
    if reasons in view.columns:
        config[reasons] = st.column_config.TextColumn(width="large")
    return config


def upload_once(kind: str, upload: Any, crs: str | None,
                read: Callable[..., gpd.GeoDataFrame], context: str = "") -> tuple[Any, bool]:
    """Read an upload once per (file, CRS, ``context``): (table or SitingError, read just now).

    ``context`` names what else the reading depends on (the address book).
    """
    seen = st.session_state.seen
    tag = (kind, upload.file_id, crs, context)
    if tag in seen:
        return seen[tag], False
    try:
        result: Any = read(upload.getvalue(), filename=upload.name, crs=crs)
    except SitingError as err:
        result = err
    while len(seen) >= 8:
        seen.pop(next(iter(seen)))
    seen[tag] = result
    return result, True
