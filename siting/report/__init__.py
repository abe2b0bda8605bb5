"""The committee report: a PDF in bokmål or English from a finished analysis.

:func:`committee_report` measures robustness and writes the report in one call;
:func:`report_pdf` and :func:`write_report` lay it out from given robustness
tables. Inside: :mod:`~siting.report.pdf` (document and page flow),
:mod:`~siting.report.pages` (summary, ranking, criteria, sources, method),
:mod:`~siting.report.map` (the map, drawn offline with matplotlib),
:mod:`~siting.report.cards` (one card per plot), :mod:`~siting.report.context`
(what every page shares) and :mod:`~siting.report.texts` (the report's words).
"""

from .committee import committee_report, with_language
from .pdf import FIXED_PAGES, report_meta, report_pdf, write_report

__all__ = ["FIXED_PAGES", "committee_report", "report_meta", "report_pdf", "with_language",
           "write_report"]
