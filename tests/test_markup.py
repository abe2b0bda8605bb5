"""The one Markdown escape: hostile user text renders as its own characters."""

from __future__ import annotations

import re
import string

import pytest

from ui.markup import JOINER, md

INERT = "/,;?'\"%=()"  # no Markdown construct starts or ends with these on one line
HOSTILE = [
    "![x](http://127.0.0.1:9/beacon.png) **Offisielt område**.osm.pbf",
    "[klikk](javascript:alert(1))",
    "<img src=x onerror=alert(1)>",
    ":red[Tomt 1] :material/warning: :smile:",
    "$\\frac{1}{0}$ `kode` ~~borte~~ # Overskrift",
    "1. liste\n- punkt\r\n> sitat",
    "www.example.com https://example.com a@b.no",
    "&lt;b&gt; &amp; \\*",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_markdown_punctuation_is_escaped_and_lines_joined(text: str) -> None:
    out = md(text)
    assert "\n" not in out and "\r" not in out
    unescaped = re.sub(r"\\.", "", out)
    assert not set(unescaped) & (set(string.punctuation) - set(INERT))
    assert re.sub(r"\\(.)", r"\1", out).replace(JOINER, "") == re.sub(r"[\r\n]+", " ", text)


def test_plain_words_pass_unchanged() -> None:
    assert md("Tomt 12 på Øvre Ålen") == "Tomt 12 på Øvre Ålen"
    assert md("Skole/barnehage (m), «x»; 5 % = ok?") == "Skole/barnehage (m), «x»; 5 % = ok?"
    assert md(12.5) == "12\\.5"


def test_no_link_is_made_of_addresses() -> None:
    assert md("http://h/x") == f"http{JOINER}\\://h/x"
    assert md("se www.melhus.kommune.no") == f"se www{JOINER}\\.melhus\\.kommune\\.no"
    assert md("post@melhus.kommune.no") == f"post{JOINER}\\@melhus\\.kommune\\.no"
