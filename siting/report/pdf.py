"""The committee report: one PDF in plain Norwegian (or English) from a finished analysis.

:func:`report_pdf` turns a :class:`~siting.pipeline.Result` into a PDF for the
health and care committee: a one-page summary (recommendation, why, how robust,
which plots fail and why), a map drawn offline from the same OSM data, the
ranking table, one card per plot, the criteria, weights and rules with their
reasons, the data sources and their dates, and the method in a short appendix.
``public=True`` leaves out plot names and exact positions (plots are shown in
their 500 m grid cell) and the locations and names of the mental-health and
substance-abuse services.

The robustness results come in as plain tables, so this module does not depend
on how they were computed:

``sensitivity``
    One row per plot: ``plot_id``, ``share_first`` and ``share_top3`` (0-1,
    share of weight draws where the plot ranks first / in the top three) and
    ``mean_rank``. Optional ``attrs``: ``draws`` (number of draws) and
    ``spread`` (each weight varied by up to ± this share, e.g. 0.5).
``pareto``
    One row per plot: ``plot_id``, ``dominated`` (bool) and ``dominated_by``
    (plot ids, as a list or a comma-separated string).
``swaps``
    One row per criterion: ``criterion`` (key) and ``multiplier`` (the factor on
    that weight alone at which plots 1 and 2 swap; ``inf``/NaN = never), as
    from :func:`siting.robustness.swap_weights`; optional ``first`` and
    ``second`` (plot ids). The report writes its own sentence (with the plot
    labels of the version), so ``sentence_nb``/``sentence_en`` are not needed.

:class:`siting.robustness.Sensitivity` is accepted for ``sensitivity`` too
(its ``table``, with ``n`` and ``spread`` as ``draws`` and ``spread``).

This module lays the pages out; they are built in :mod:`siting.report.pages`
(summary, ranking, criteria, sources, method), :mod:`siting.report.map` (map)
and :mod:`siting.report.cards` (plot cards) from the shared context in
:mod:`siting.report.context`, with the texts of :mod:`siting.report.texts`.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, NextPageTemplate, PageBreak, PageTemplate

from .._atomic import write_bytes
from ..decision import Decision
from ..errors import InputError
from ..pipeline import Result
from ..text import LANGS, format_date, section
from .cards import card_pages
from .context import Ctx
from .map import map_page
from .pages import criteria_page, method_page, ranking_page, sources_page, summary_page
from .pair import pair_page

__all__ = ["FIXED_PAGES", "FONT_DIR", "report_meta", "report_pdf", "write_report"]

log = logging.getLogger(__name__)

#: Folder of the DejaVu Sans TTF files (æøå); Helvetica with a warning if absent.
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
#: Pages besides the plot cards: summary, map, ranking, criteria, sources, method.
FIXED_PAGES = 6
MARGIN = 17 * mm
FOOTER = 11 * mm
_REQUIRED = {
    "sensitivity": ("plot_id", "share_first", "share_top3", "mean_rank"),
    "pareto": ("plot_id", "dominated", "dominated_by"),
    "swaps": ("criterion", "multiplier"),
}


# --------------------------------------------------------------------------- public API
def report_pdf(result: Result, *, meta: Mapping[str, Any] | None = None,
               sensitivity: pd.DataFrame | None = None, pareto: pd.DataFrame | None = None,
               swaps: pd.DataFrame | None = None, public: bool = False,
               lang: str = "nb", decision: Decision | None = None) -> bytes:
    """Return the committee report of ``result`` as PDF bytes.

    Parameters
    ----------
    result : Result
        A finished analysis (:func:`siting.pipeline.rank`).
    meta : Mapping, optional
        ``title``, ``created`` (date of the analysis), ``osm_name``,
        ``osm_sha256``, ``osm_timestamp`` (ISO 8601), ``scenario_file`` and
        ``notes``; missing keys come from :func:`report_meta`.
    sensitivity, pareto, swaps : pandas.DataFrame, optional
        Robustness results; columns in the module docstring. Left out of the
        report (with a sentence saying so) when None.
    public : bool
        Public version: no plot names or exact positions, no sensitive services, no
        weight changes that swap plots (``swaps`` is not used).
    lang : str
        "nb" (Norwegian bokmål) or "en".
    decision : Decision, optional
        The sites chosen for both groups (:mod:`siting.decision`): adds the page
        "Tomter for begge grupper" after the summary.

    Raises
    ------
    InputError
        If ``lang`` is unknown, or a robustness table lacks a column or names a
        plot the result does not have.
    """
    if lang not in LANGS:
        raise InputError(f"lang is '{lang}'; use 'nb' or 'en'",
                         nb=f"lang er '{lang}'; bruk 'nb' eller 'en'")
    ids = set(result.ranked["plot_id"].astype(str))
    sensitivity = _sensitivity_frame(sensitivity)
    tables = {name: _checked(name, frame, ids) for name, frame in
              (("sensitivity", sensitivity), ("pareto", pareto), ("swaps", swaps))}
    if public:  # the weight that swaps two plots gives their points' difference: a distance
        tables["swaps"] = None
    full = _meta(result, meta or {}, lang, public)
    t = section("report", lang)
    regular, bold = fonts()
    portrait_w, portrait_h = A4[0] - 2 * MARGIN, A4[1] - 2 * MARGIN - FOOTER
    ctx = Ctx(result, full, t, lang, public, _styles(regular, bold), portrait_w, portrait_h,
              landscape(A4)[0] - 2 * MARGIN, tables["sensitivity"], tables["pareto"],
              tables["swaps"])
    buffer = io.BytesIO()
    doc = _document(buffer, full["title"], t)
    footer = _footer_text(ctx)
    doc.build(_story(ctx, decision), canvasmaker=_numbered_canvas(footer, regular, t["page"]))
    log.debug("report: %d plots, %s, %s version, %d bytes", len(ctx.ranked), lang,
             "public" if public else "internal", buffer.tell())
    return buffer.getvalue()


def write_report(path: str | Path, result: Result, **options: Any) -> Path:
    """Write :func:`report_pdf` of ``result`` to ``path`` (options as for it); return the path."""
    path = write_bytes(path, report_pdf(result, **options))
    log.info("wrote the report to %s", path)
    return path


def report_meta(result: Result, **overrides: Any) -> dict[str, Any]:
    """Default report metadata from the result's OSM source and today's date."""
    source = result.study.osm.source
    meta: dict[str, Any] = {
        "title": "", "created": dt.date.today().isoformat(),
        "osm_name": str(source.get("name", "")), "osm_sha256": str(source.get("sha256", "")),
        "osm_timestamp": str(source.get("timestamp", "") or ""), "scenario_file": "", "notes": "",
    }
    meta.update({k: v for k, v in overrides.items() if v is not None})
    return meta


# --------------------------------------------------------------------------- inputs
def _sensitivity_frame(sensitivity: Any) -> pd.DataFrame | None:
    """The table of a :class:`~siting.robustness.Sensitivity`, or the frame as given."""
    table = getattr(sensitivity, "table", None)
    if not isinstance(table, pd.DataFrame):
        return sensitivity
    out = table.copy()
    out.attrs.update(draws=getattr(sensitivity, "n", None),
                     spread=getattr(sensitivity, "spread", None))
    return out


def _checked(name: str, frame: pd.DataFrame | None, ids: set[str]) -> pd.DataFrame | None:
    """Check a robustness table's columns and plot ids; return it with ``plot_id`` as text."""
    if frame is None:
        return None
    missing = [c for c in _REQUIRED[name] if c not in frame.columns]
    if missing:
        have = ", ".join(map(str, frame.columns))
        raise InputError(f"{name}: column(s) {', '.join(missing)} missing (columns: {have}); "
                         f"pass the table from siting.robustness",
                         nb=f"{name}: kolonne(r) {', '.join(missing)} mangler (kolonner: {have}); "
                         "bruk tabellen fra siting.robustness")
    if "plot_id" not in frame.columns:
        return frame
    out = frame.assign(plot_id=frame["plot_id"].astype(str))
    out.attrs = dict(frame.attrs)
    unknown = sorted(set(out["plot_id"]) - ids)
    if unknown:
        raise InputError(f"{name}: plot_id {', '.join(unknown)} not in the result; compute it "
                         "from the same analysis",
                         nb=f"{name}: plot_id {', '.join(unknown)} finnes ikke i resultatet; "
                         "beregn den fra samme analyse")
    return out


def _meta(result: Result, meta: Mapping[str, Any], lang: str, public: bool) -> dict[str, Any]:
    """The report's metadata filled in; in the public version without any text the user
    chose (title, notes, scenario and extract file names): each may name a plot."""
    full = report_meta(result, **dict(meta))
    t = section("report", lang)
    if public:  # said in the public appendix (public.w_user)
        full.update(title="", notes="", scenario_file="", osm_name=t["public_osm_name"])
    full["title"] = str(full["title"] or t["default_title"])
    full["osm_name"] = str(full["osm_name"] or "–")
    full["created_date"] = format_date(full["created"], lang) or "–"
    full["osm_date"] = format_date(full["osm_timestamp"], lang) or t["no_date"]
    return full


# --------------------------------------------------------------------------- layout
_FONTS: dict[str, tuple[str, str]] = {}


def fonts() -> tuple[str, str]:
    """Register DejaVu Sans (regular, bold) from :data:`FONT_DIR`; return the font names.

    Falls back to Helvetica (no æøå beyond Latin-1) with a logged warning.
    """
    key = str(FONT_DIR)
    if key not in _FONTS:
        try:
            pdfmetrics.registerFont(TTFont("DejaVuSans", str(FONT_DIR / "DejaVuSans.ttf")))
            bold = TTFont("DejaVuSans-Bold", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
            pdfmetrics.registerFont(bold)
            pdfmetrics.registerFontFamily("DejaVuSans", normal="DejaVuSans", bold="DejaVuSans-Bold",
                                          italic="DejaVuSans", boldItalic="DejaVuSans-Bold")
            _FONTS[key] = ("DejaVuSans", "DejaVuSans-Bold")
        except Exception as err:
            log.warning("report: DejaVu Sans not found in %s (%s); using Helvetica. Install "
                        "fonts-dejavu-core for full Norwegian letters.", FONT_DIR, err)
            _FONTS[key] = ("Helvetica", "Helvetica-Bold")
    return _FONTS[key]


def _styles(regular: str, bold: str) -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName=regular, fontSize=10, leading=13.6, spaceAfter=4)

    def style(name: str, **kw: Any) -> ParagraphStyle:
        return ParagraphStyle(name, parent=base, **kw)

    out = {
        "body": base,
        "title": style("title", fontName=bold, fontSize=19, leading=23, spaceAfter=2),
        "subtitle": style("subtitle", fontSize=11.5, leading=15, spaceAfter=10,
                          textColor="#333333"),
        "h1": style("h1", fontName=bold, fontSize=16, leading=20, spaceAfter=6),
        "h2": style("h2", fontName=bold, fontSize=12, leading=15, spaceBefore=9, spaceAfter=3),
        "h3": style("h3", fontName=bold, fontSize=10.5, leading=13.5, spaceBefore=6,
                    spaceAfter=1),
        "lead": style("lead", fontSize=11, leading=14.5, spaceAfter=3),
        "rec": style("rec", fontSize=12, leading=16, spaceAfter=5),
        "bullet": style("bullet", leftIndent=12, bulletIndent=2, bulletText="•"),
        "small": style("small", fontSize=8.5, leading=11, textColor="#222222"),
        "cell": style("cell", fontSize=8.5, leading=10.6, spaceAfter=0),
        "num": style("num", fontSize=8.5, leading=10.6, spaceAfter=0, alignment=TA_RIGHT),
        "head": style("head", fontName=bold, fontSize=8.5, leading=10.6, spaceAfter=0,
                      embeddedHyphenation=1),
    }
    for name in ("cell", "num", "head"):  # for wide tables: 8 pt
        out[name + "_s"] = ParagraphStyle(name + "_s", parent=out[name], fontSize=8, leading=9.8)
    return out


def _document(buffer: io.BytesIO, title: str, t: Mapping[str, str]) -> BaseDocTemplate:
    doc = BaseDocTemplate(buffer, pagesize=A4, title=title, author=t["author"],
                          subject=t["default_title"], creator="siting", invariant=1,
                          leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                          bottomMargin=MARGIN + FOOTER)
    templates = []
    for name, size in (("portrait", A4), ("landscape", landscape(A4))):
        frame = Frame(MARGIN, MARGIN + FOOTER, size[0] - 2 * MARGIN, size[1] - 2 * MARGIN - FOOTER,
                      id=name, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        templates.append(PageTemplate(id=name, frames=[frame], pagesize=size))
    doc.addPageTemplates(templates)
    return doc


def _story(ctx: Ctx, decision: Decision | None = None) -> list:
    pair = [] if decision is None else [*pair_page(ctx, decision), PageBreak()]
    story = [*summary_page(ctx), PageBreak(), *pair, *map_page(ctx),
             NextPageTemplate("landscape"), PageBreak(), *ranking_page(ctx),
             NextPageTemplate("portrait"), PageBreak(), *card_pages(ctx), PageBreak(),
             *criteria_page(ctx), PageBreak(), *sources_page(ctx), PageBreak(),
             *method_page(ctx)]
    return story


def _footer_text(ctx: Ctx) -> tuple[str, str]:
    version = ctx.t["public_version"] if ctx.public else ctx.t["internal_version"]
    data = ctx.t["footer_data"].format(date=ctx.meta["osm_date"])
    return str(ctx.meta["title"]), f"  ·  {data}  ·  {version}"


def _numbered_canvas(footer: tuple[str, str], font: str, page: str) -> Callable[..., Canvas]:
    """A canvas class that writes the footer and "page n of N" once the page count is known."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 -- reportlab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            for state in self._pages:
                self.__dict__.update(state)
                self._footer(len(self._pages))
                super().showPage()
            super().save()

        def _footer(self, total: int) -> None:
            width = self._pagesize[0]
            self.saveState()
            self.setStrokeColorRGB(0.45, 0.45, 0.45)
            self.setLineWidth(0.5)
            self.line(MARGIN, MARGIN + 4 * mm, width - MARGIN, MARGIN + 4 * mm)
            self.setFont(font, 8)
            number = page.format(n=self._pageNumber, total=total)
            self.drawRightString(width - MARGIN, MARGIN, number)
            title, rest = footer
            room = width - 2 * MARGIN - self.stringWidth(number + rest, font, 8) - 12
            while self.stringWidth(title, font, 8) > room and len(title) > 4:
                title = title[:-4] + "…"  # shorten the title, never the version
            self.drawString(MARGIN, MARGIN, title + rest)
            self.restoreState()

    return NumberedCanvas
