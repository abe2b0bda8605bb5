"""One number formatter per language, and the template filler that uses it.

Bokmål writes ``1 234,5``: a decimal comma and, between thousands, U+00A0
NO-BREAK SPACE (the normal-width one, not U+202F NARROW NO-BREAK SPACE: the
report's fallback font Helvetica and many spreadsheet fonts lack U+202F, while
U+00A0 prints everywhere and keeps a number on one line). English writes
``1,234.5``. Groups start at 1 000 in both. Nothing else in the package formats
a number for people to read.
"""

from __future__ import annotations

import math
import re
import string
from collections.abc import Mapping
from typing import Any

import numpy as np

__all__ = ["LANGS", "NBSP", "Lang", "factor", "fill", "lang_index", "number", "separators"]

#: The languages, in catalogue order: each entry is ``(bokmål, English)``.
LANGS: tuple[str, ...] = ("nb", "en")
Lang = str
#: U+00A0 NO-BREAK SPACE: bokmål's thousands separator and the space before a unit.
NBSP = "\u00a0"
# (decimal mark, thousands separator) per language, in LANGS order
_SEPARATORS: tuple[tuple[str, str], ...] = ((",", NBSP), (".", ","))
_SPEC = re.compile(r"\.(\d+)f")


def lang_index(lang: str) -> int:
    """Return the position of ``lang`` in :data:`LANGS` (0 bokmål, 1 English).

    Raises
    ------
    ValueError
        If ``lang`` is not one of :data:`LANGS`.
    """
    try:
        return LANGS.index(lang)
    except ValueError:
        raise ValueError(f"unknown language {lang!r}; use one of {', '.join(LANGS)}") from None


def separators(lang: str) -> tuple[str, str]:
    """Return ``(decimal mark, thousands separator)`` of ``lang`` (bokmål: comma, U+00A0)."""
    return _SEPARATORS[lang_index(lang)]


def number(x: object, lang: str, decimals: int | None = 0, *, trim: bool = False) -> str:
    """Format a number for people in ``lang``: ``1 234,5`` in bokmål, ``1,234.5`` in English.

    Parameters
    ----------
    x : float or int
        The number; NaN, ``inf`` and ``None`` give "–" (say why elsewhere).
    lang : str
        "nb" or "en".
    decimals : int or None
        Decimals to round to (half to even on the binary value, as Python's
        ``format``); ``None`` shows up to six, trailing zeros dropped.
    trim : bool
        Drop trailing zeros after the decimal mark ("1,50" -> "1,5", "3,00" -> "3").
    """
    decimal, thousands = separators(lang)
    if x is None or isinstance(x, str):
        return "–"
    value = float(x)  # type: ignore[arg-type]
    if not math.isfinite(value):
        return "–"
    text = f"{value:,.{6 if decimals is None else decimals}f}"
    if (trim or decimals is None) and "." in text:
        text = text.rstrip("0").rstrip(".")
    if text in ("-0", "-0.0") or re.fullmatch(r"-0\.0*", text):
        text = text[1:]
    return text.translate({ord(","): thousands, ord("."): decimal})


def factor(x: float, lang: str) -> str:
    """A multiplier with two decimals, or two significant digits below 0,1 ("0,35",
    "0,0033"): a weight cut to a three-hundredth is never "× 0"."""
    value = float(x)
    if not math.isfinite(value) or value <= 0 or value >= 0.1:
        return number(value, lang, 2)
    return number(value, lang, 1 - math.floor(math.log10(value)), trim=True)


class _Filler(string.Formatter):
    """``str.format`` whose numbers go through :func:`number` in one language."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def format_field(self, value: Any, format_spec: str) -> str:
        if isinstance(value, bool) or not isinstance(value, int | float | np.number):
            return format(value, format_spec)
        if format_spec in ("", "d"):
            whole = isinstance(value, int | np.integer)
            return number(value, self.lang, 0 if whole else None)
        spec = _SPEC.fullmatch(format_spec)
        if spec is None:
            raise ValueError(f"number format {format_spec!r} is not supported in texts; "
                             "use '', 'd' or '.Nf'")
        return number(value, self.lang, int(spec.group(1)))


def fill(template: str, lang: str, values: Mapping[str, Any]) -> str:
    """Fill ``{placeholders}`` of ``template``; numbers are formatted for ``lang``."""
    return _Filler(lang).vformat(template, (), values) if values else template
