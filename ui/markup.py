"""One escape for user- and data-supplied text that Streamlit renders as Markdown.

``st.markdown``, ``st.error``, ``st.warning``, ``st.info``, ``st.success``,
``st.toast``, ``st.caption``, tab and expander labels, widget labels, ``help=``
tooltips and radio options all render Markdown: an image in a plot name or a
file name (``![x](http://host/beacon.png)``) is fetched by every viewer's
browser, a link is offered as ours, ``:red[...]`` or ``$...$`` restyle the page.
Every string that comes from a user, a file or OSM goes through :func:`md`
before it meets one of them; our own catalogue texts do not need it.

This module does not import Streamlit, so the package side and tests can use it.
"""

from __future__ import annotations

import re

import pandas as pd

__all__ = ["JOINER", "as_markdown", "md"]

#: ASCII punctuation that can open or close a Markdown construct (emphasis, code, link,
#: image, autolink, HTML, entity, list, heading, quote, table, maths, Streamlit's colour
#: directives and emoji or icon codes). CommonMark makes each literal behind a backslash.
#: Left alone, because on one line they are inert once the others are escaped (and
#: Streamlit reads a widget label's raw text aloud): / , ; ? ' " % = ( )
_PUNCTUATION = re.compile(r"""([!#$&*+\-.:<>@\[\\\]^_`{|}~])""")
#: Line breaks and other control characters would start new Markdown blocks.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")
#: GFM turns bare "http://...", "www...." and e-mail addresses into links *after* escapes
#: are read (seen in Chromium: "http\://host" was still a link), so a WORD JOINER (U+2060,
#: invisible) goes inside each: the text looks the same and is no link.
_AUTOLINK = re.compile(r"(?i)(?<=[a-z])(?=\\:/)|(?<=www)(?=\\\.)|(?=\\@)")
JOINER = "\u2060"


def md(text: object) -> str:
    r"""Return ``text`` as Markdown that renders as exactly these characters, on one line.

    Parameters
    ----------
    text : object
        A plot id or name, a file name, a scenario title, an OSM service name...
        (anything; ``str()`` is applied). Control characters and line breaks
        become one space each; "://", "www." and "@" get an invisible word
        joiner so that no link is made of them.

    Examples
    --------
    >>> print(md("![x](h) **Tomt 1**"))
    \!\[x\](h) \*\*Tomt 1\*\*
    """
    escaped = _PUNCTUATION.sub(r"\\\1", _CONTROL.sub(" ", str(text)))
    return _AUTOLINK.sub(JOINER, escaped)


def as_markdown(frame: pd.DataFrame) -> pd.DataFrame:
    """Return ``frame`` with every cell, column name and index label passed through :func:`md`.

    For ``st.table``, which renders its cells, headers and index as Markdown.
    Missing values stay missing.
    """
    out = frame.map(lambda v: v if v is None or (isinstance(v, float) and v != v) else md(v))
    out.columns = [md(c) for c in frame.columns]
    out.index = pd.Index([md(i) for i in frame.index],
                         name=None if frame.index.name is None else md(frame.index.name))
    return out
