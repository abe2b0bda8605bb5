"""The text catalogue: every word the product shows, in bokmål and English side by side.

The engine measures and scores in numbers and codes (a flag is
``("island", {"n": 12})``, a failed rule a :class:`~siting.scoring.Failure`
record); this package turns them into words wherever text is shown: the
command line, exports, the web map, the report and the app.

- :func:`t` fills the entry ``key`` in one language; numbers in ``values`` are
  formatted by :func:`number`, the one number formatter per language (bokmål
  ``1 234,5`` with U+00A0 between thousands, English ``1,234.5``).
- Entries are ``key: (bokmål, English)`` in the tables of this package
  (``_engine`` for measuring and scoring, ...); a key is namespaced by where it
  is shown (``flag.``, ``rule.``, ``report.``, ``map.``, ``app.``).
  ``tests/test_text.py`` fails when a language is missing or the two disagree
  on their ``{placeholders}``.
- :mod:`siting.text.render` renders the engine's codes (flags, failed rules,
  statuses, column labels) with these entries.

No other module compares a language code: they call :func:`t`, :func:`pick`
or :func:`number` (a lint test enforces it).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, TypeVar

from ._app import TEXTS as _APP
from ._decide import TEXTS as _DECIDE
from ._decision import TEXTS as _DECISION
from ._engine import TEXTS as _ENGINE
from ._exports import TEXTS as _EXPORTS
from ._numbers import LANGS, NBSP, Lang, factor, fill, lang_index, number, separators
from ._office import TEXTS as _OFFICE
from ._plots import TEXTS as _PLOTS
from ._police import TEXTS as _POLICE
from ._report import TEXTS as _REPORT
from ._report_more import TEXTS as _REPORT_MORE
from ._robust import TEXTS as _ROBUST
from ._safety import TEXTS as _SAFETY
from ._services import TEXTS as _SERVICES
from ._webmap import TEXTS as _WEBMAP

__all__ = ["CATALOGUE", "LANGS", "NBSP", "Lang", "as_date", "factor", "format_date", "number",
           "pick", "said", "section", "separators", "t", "tn"]

_T = TypeVar("_T")


def _merged(*tables: dict[str, tuple[str, str]]) -> dict[str, tuple[str, str]]:
    out: dict[str, tuple[str, str]] = {}
    for table in tables:
        twice = out.keys() & table.keys()
        if twice:
            raise ValueError(f"text keys defined twice: {', '.join(sorted(twice))}")
        out |= table
    return out


#: Every entry: key -> (bokmål, English).
CATALOGUE: dict[str, tuple[str, str]] = _merged(
    _ENGINE, _PLOTS, _ROBUST, _DECIDE, _DECISION, _EXPORTS, _WEBMAP, _REPORT, _REPORT_MORE, _APP,
    _OFFICE, _SAFETY, _SERVICES, _POLICE)


def said(key: str, **values: Any) -> dict[str, Any]:
    """The ``extra`` of a log line a user reads: the catalogue entry ``key`` and its
    values. The engine logs its English message with it; a front end that shows log
    lines (the command line) says the entry in its user's language instead
    (``log.info("wrote %d plots", n, extra=said("log.wrote", n=n))``)."""
    return {"text_key": key, "text_values": values}


def t(key: str, lang: str = "nb", **values: Any) -> str:
    """Return the text ``key`` in ``lang``, ``{placeholders}`` filled from ``values``.

    Parameters
    ----------
    key : str
        A catalogue key, e.g. ``"flag.island"``.
    lang : str
        "nb" (bokmål) or "en".
    **values
        Placeholder values; numbers are formatted for ``lang`` (``{m:.0f}``
        rounds to whole units, ``{n}`` shows an int as it is).

    Raises
    ------
    KeyError
        If ``key`` is not in the catalogue.
    ValueError
        If ``lang`` is not a known language.
    """
    return fill(CATALOGUE[key][lang_index(lang)], lang, values)


def format_date(value: object, lang: str) -> str:
    """A date (or ISO 8601 text) as the language writes it (the entry ``date``): 01.05.2024
    in bokmål, 2024-05-01 in English; "" if none; text that is no date as it is."""
    day = as_date(value)
    if day is None:
        return str(value or "").strip()
    return t("date", lang, d=day)


def as_date(value: object) -> dt.date | None:
    """Return the day of a date, datetime or ISO 8601 text (``Z`` for UTC allowed).

    Parameters
    ----------
    value : object
        A :class:`datetime.date`, :class:`datetime.datetime` or text such as
        ``"2025-06-16T11:52:05+00:00"``.

    Returns
    -------
    datetime.date or None
        The day as written (the time and its zone are dropped); None for anything
        that is no date (empty, None, other text).
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.datetime.fromisoformat(str(value or "").strip().replace("Z", "+00:00")).date()
    except ValueError:
        return None


def section(prefix: str, lang: str) -> dict[str, str]:
    """Return every entry under ``prefix.`` in ``lang``, keyed without the prefix (unfilled).

    For code that looks texts up by a short key, e.g. the report's
    ``t["rec_ok"].format(...)`` with values it has formatted itself.
    """
    i, start = lang_index(lang), prefix + "."
    return {k[len(start):]: v[i] for k, v in CATALOGUE.items() if k.startswith(start)}


def tn(key: str, n: int, lang: str = "nb", **values: Any) -> str:
    """Return ``key.one`` when ``n`` is 1, else ``key.many`` (both languages agree on when
    a noun is plural: "1 tomt", "0 tomter", "3 tomter"), with ``n`` filled in."""
    return t(f"{key}.{'one' if n == 1 else 'many'}", lang, n=n, **values)


def pick(lang: str, nb: _T, en: _T) -> _T:
    """Return ``nb`` or ``en`` by ``lang``: for bilingual data kept outside the
    catalogue, such as a config's ``label_nb``/``label_en``."""
    return (nb, en)[lang_index(lang)]
