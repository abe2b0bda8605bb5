"""What every page of the committee report shares: the context and its formatting.

:class:`Ctx` holds the result, the report options and derived lookups (plot
numbers and labels), and formats numbers in the report language (``1 470`` and
``3,0`` in bokmål). Every text that comes from the user (plot and service
names, labels and reasons in the config, notes) goes through :func:`esc`, so
reportlab's mini-HTML prints it literally. The public version hides the
services in :data:`SENSITIVE`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape

import numpy as np
import pandas as pd
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, KeepInFrame, Paragraph, Table, TableStyle

from ..config import Rule
from ..pipeline import Result, categories_for
from ..public import (
    SENSITIVE,
    detour_band,
    drive_band,
    failed_rule_labels,
    public_status,
    say,
    unplaced,
    walk_band,
)
from ..scoring import Failure
from ..text import number
from ..text.render import (
    codes_text,
    criterion_labels,
    failure_text,
    rule_label,
    status_label,
    unplaced_reason,
)
from ..text.robust import percent

__all__ = ["SENSITIVE", "Ctx", "esc", "finite", "ids_of", "located", "one_page", "plot_xy",
           "rule_ok"]



def esc(text: object) -> str:
    """Escape ``text`` for reportlab's mini-HTML (``<``, ``>``, ``&`` print as such)."""
    return escape(str(text))


@dataclass
class Ctx:
    """Everything a page needs: the result, the report options and derived lookups.

    ``number`` is each plot's place in the ranked table (1..n; flagged plots
    last) and ``label`` what the report calls it: its name, or "Tomt 3" in the
    public version.
    """

    result: Result
    meta: Mapping[str, Any]
    t: Mapping[str, str]
    lang: str
    public: bool
    styles: Mapping[str, ParagraphStyle]
    width: float
    height: float
    wide: float
    sens: pd.DataFrame | None = None
    pareto: pd.DataFrame | None = None
    swaps: pd.DataFrame | None = None
    ranked: pd.DataFrame = field(init=False)
    number: dict[str, int] = field(init=False)
    label: dict[str, str] = field(init=False)

    def __post_init__(self) -> None:
        self.ranked = self.result.ranked.copy()
        self.ranked["plot_id"] = self.ranked["plot_id"].astype(str)
        ids = self.ranked["plot_id"].tolist()
        names = self.ranked["name"].fillna("").astype(str).tolist()
        self.number = {pid: i + 1 for i, pid in enumerate(ids)}
        self.label = {pid: (f"{self.t['plot']} {i + 1}" if self.public else (name or pid))
                      for i, (pid, name) in enumerate(zip(ids, names, strict=True))}

    # ---------------------------------------------------------------- formatting
    def num(self, x: float, decimals: int = 0) -> str:
        """Format a number in the report language ("1 470", "3,0"); "–" if not finite."""
        return number(x, self.lang, decimals) if finite(x) else "–"

    def short(self, x: float) -> str:
        """A number with at most two decimals, trailing zeros dropped ("1,05", "3")."""
        return number(x, self.lang, 2, trim=True) if finite(x) else "–"

    def metres(self, x: float) -> str:
        """Walking metres rounded to 10 m; "–" when unreachable or missing."""
        return self.num(round(x / 10) * 10) if finite(x) else "–"

    def minutes(self, x: float) -> str:
        """Minutes to a tenth; "–" when unreachable or missing."""
        return self.num(x, 1) if finite(x) else "–"

    def walk(self, x: float) -> str:
        """A walking distance with its unit ("1 470 m"); its band in the public version."""
        if self.public:
            return walk_band(x, self.lang)
        return self.metres(x) + " m" if finite(x) else "–"

    def drive(self, x: float) -> str:
        """A police response time ("3,0 min"); its band in the public version."""
        if self.public:
            return drive_band(x, self.lang)
        return self.minutes(x) + " min" if finite(x) else "–"

    def detour(self, x: float) -> str:
        """A patrol detour ("1,2 min"); its band in the public version."""
        if self.public:
            return detour_band(x, self.lang)
        return self.minutes(x) + " min" if finite(x) else "–"

    def pct(self, share: float) -> str:
        """A share 0-1 as a whole percentage ("87 %")."""
        return percent(share, self.lang) if finite(share) else "–"

    def p(self, text: str, style: str = "body") -> Paragraph:
        """A paragraph of (already escaped) mini-HTML; a number keeps its unit on its line."""
        return Paragraph(_UNIT.sub("\\1\xa0\\2", text), self.styles[style])

    def table(self, rows: list[list[Any]], widths: list[float], header: int = 1,
              right: int | None = None, small: bool = False) -> Table:
        """A grey-ruled table; strings become escaped paragraphs, the header row bold,
        body cells from column ``right`` on right-aligned (numbers); ``small`` type for
        wide tables."""
        def style(r: int, c: int) -> str:
            name = "head" if r < header else "num" if right is not None and c >= right \
                else "cell"
            return name + "_s" if small else name

        cells = [[x if isinstance(x, Flowable) else self.p(esc(x), style(r, c))
                  for c, x in enumerate(row)] for r, row in enumerate(rows)]
        out = Table(cells, colWidths=widths, repeatRows=header, hAlign="LEFT")
        out.setStyle(TableStyle([
            ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#8a8a8a")),
            *([("BACKGROUND", (0, 0), (-1, header - 1), colors.HexColor("#dedede"))]
              if header else []),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), 2.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
            ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ]))
        return out

    def join(self, items: list[str]) -> str:
        """Join "a, b and c" in the report language."""
        if len(items) < 2:
            return "".join(items)
        return f"{', '.join(items[:-1])} {self.t['and']} {items[-1]}"

    # ---------------------------------------------------------------- lookups
    def status(self, status: str) -> str:
        return status_label(status, self.lang)

    def row_status(self, row: pd.Series) -> str:
        """A plot's status in words; in the public version with why a plot has no place on
        the map ("flagget, ikke vurdert: utenfor kartområdet; ikke på kartet")."""
        if self.public:
            return public_status(str(row["status"]), row.get("flag"), self.lang)
        return self.status(str(row["status"]))

    def crit_labels(self) -> dict[str, str]:
        return criterion_labels(self.result.config, self.lang)

    def cat_label(self, cat: str, short: bool = False) -> str:
        """Label of a service category: the config's criterion label where it has one,
        else the category's; with ``short``, the shorter of the two (for table heads)."""
        known = categories_for(self.result.config).get(cat)
        own = known.label(self.lang) if known else \
            cat.upper() if len(cat) <= 3 else cat.replace("_", " ").capitalize()  # nav -> NAV
        names = [self.crit_labels()[k] for k, c in self.result.config.criteria.items()
                 if c.column == f"walk_m_{cat}"] + [own]
        return min(names, key=len) if short else names[0]

    def rule_label(self, rule: Rule) -> str:
        return rule_label(rule, self.result.config, self.lang)

    def value_text(self, column: str, value: float) -> str:
        """A measured value with its unit and mode ("140 m å gå", "3,0 min med bil")."""
        public = {"walk_m_": ("walk_fmt", self.walk), "police_drive_min": ("drive_fmt", self.drive),
                  "patrol_detour_min": ("detour_fmt", self.detour)}
        kind = "walk_m_" if column.startswith("walk_m_") else column
        if self.public and kind in public:
            key, fmt = public[kind]
            return say(key, self.lang, v=fmt(value))
        if column.startswith("walk_m_"):
            return self.t["walk_m"].format(v=self.metres(value))
        if column == "police_drive_min":
            return self.t["drive_min"].format(v=self.minutes(value))
        if column == "police_response_min":
            from .police import value_text

            return value_text(self, value)
        if column == "patrol_detour_min":
            return self.t["detour_min"].format(v=self.minutes(value))
        unit = " min" if column.endswith("_min") else ""
        return f"{self.num(value, 1)}{unit}" if finite(value) else "–"

    def failures(self, row: pd.Series) -> list[str]:
        """Why a plot cannot be recommended: its flag alone (as in the ranking: a flagged
        plot's figures may be meaningless), else every enabled rule it breaks. The
        public version names the rules only (the figures could locate the plot), and for
        a plot with no place on the map why, in words that locate nothing."""
        if self.public:
            reason = unplaced_reason(row.get("flag"), self.lang)
            return [reason] if reason else failed_rule_labels(row, self.result.config,
                                                              self.lang)
        flag = self.flag_text(row)
        if flag or not located(row):
            return [flag] if flag else []
        out: list[str] = []
        for rule in (r for r in self.result.config.rules if r.enabled):
            x = float(row.get(rule.column, np.nan))
            if not rule_ok(rule, x):
                failure = Failure(rule.column, rule.op, float(rule.value), x)
                out.append(failure_text(failure, self.lang, self.rule_label(rule)))
        return out

    def flag_text(self, row: pd.Series) -> str:
        """Why a plot is flagged, in the report language ("" when it is not)."""
        return codes_text(row.get("flag"), self.lang)

    def sens_row(self, pid: str) -> pd.Series | None:
        """The plot's row of the weight sensitivity; None for a plot in no draw (flagged:
        its average rank is NaN, and its shares of 0 would read as a result)."""
        row = _row(self.sens, pid)
        return None if row is None or not finite(row["mean_rank"]) else row

    def pareto_row(self, pid: str) -> pd.Series | None:
        return _row(self.pareto, pid)

    def dominated_by(self, pid: str, numbers: bool = False) -> list[str]:
        """Labels (or "nr. 3") of the plots that dominate ``pid`` (Pareto): ``pid`` scores
        no higher than them on any criterion, so no weighting scores it above them."""
        row = self.pareto_row(pid)
        if row is None or not bool(row["dominated"]):
            return []
        ids = ids_of(row["dominated_by"])
        if numbers:
            return [f"{self.t['number']} {self.number[b]}" for b in ids if b in self.number]
        return [self.label.get(b, b) for b in ids]


_UNIT = re.compile(r"(\d) (m|min|km|%)(?=\W|$)")


def located(row: pd.Series) -> bool:
    """Whether the plot was placed on the walk network (measured at all)."""
    return finite(row.get("snap_m", np.nan))


def rule_ok(rule: Rule, x: float) -> bool:
    """Whether ``x`` passes ``rule`` (NaN passes neither kind, like the scoring)."""
    return bool(x <= rule.value) if rule.op == "max" else bool(x >= rule.value)


def ids_of(value: object) -> list[str]:
    """Plot ids from a list, tuple or a comma-separated string."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return []
    if isinstance(value, list | tuple | set | np.ndarray | pd.Series):
        return [str(v) for v in value]
    return [s.strip() for s in str(value).split(",") if s.strip()]


def _row(frame: pd.DataFrame | None, pid: str) -> pd.Series | None:
    if frame is None:
        return None
    hit = frame[frame["plot_id"] == pid]
    return None if hit.empty else hit.iloc[0]


def finite(x: object) -> bool:
    """Whether ``x`` is a finite number (False for NaN, inf, None and text)."""
    try:
        return math.isfinite(float(x))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False


def one_page(ctx: Ctx, content: list[Flowable]) -> KeepInFrame:
    """Keep a section on one portrait page, shrinking it only if it would not fit."""
    return KeepInFrame(ctx.width, ctx.height, content, mode="shrink")


def plot_xy(ctx: Ctx) -> np.ndarray:
    """Plot positions (analysis CRS) in ranked order; NaN where a plot has no location, and
    in the public version where it has no place on the map (:func:`siting.public.unplaced`:
    outside the area, whose position may be far off or the one its flag suggests)."""
    geom = ctx.result.acc.plots.geometry.reset_index(drop=True).iloc[ctx.ranked.index]
    ok = (geom.notna() & ~geom.is_empty).to_numpy()
    if ctx.public and "flag" in ctx.ranked:
        ok = ok & ~unplaced(ctx.ranked["flag"].tolist())
    xy = np.full((len(geom), 2), np.nan)
    if ok.any():
        pts = geom[ok].representative_point()
        xy[ok] = np.column_stack([pts.x, pts.y])
    return xy
