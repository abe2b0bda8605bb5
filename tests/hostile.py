"""The battery of hostile strings every text surface is tested with.

Each string is something a plot name, a file name, a scenario title or an OSM
service name could carry: Markdown that fetches an image or styles the page,
HTML and script, template syntax, and spreadsheet formulas. ``BEACON`` is a
loopback URL prefix; a browser test serves it and counts every request.
"""

from __future__ import annotations

BEACON = "http://127.0.0.1:{port}/beacon"


def battery(port: int = 9) -> list[str]:
    """The hostile strings, with image and link targets under ``BEACON`` on ``port``."""
    beacon = BEACON.format(port=port)
    return [
        f"![x]({beacon}-md.png) **Offisielt område**",
        f"<img src={beacon}-html.png onerror=alert(1)>",
        "<script>alert('skript')</script>",
        "[klikk her](javascript:alert(1))",
        ":red[Rød tomt] :material/warning: $x^2$ `kode`",
        "{{7*7}} ${7*7} `${alert(2)}`",
        "</div><svg onload=alert(3)>",
        f"<a href={beacon}-link>lenke</a> & &amp; &lt;b&gt;",
        '=HYPERLINK("http://127.0.0.1:9/?"&A1,"klikk")',
        "=cmd|' /C calc'!A0",
        "+1+1",
        "-2+3",
        "@SUM(A1:A9)",
    ]


#: Markdown or HTML constructs that must never reach a Markdown surface unescaped.
CONSTRUCTS = ("![", "](", "<img", "<script", "<svg", "<a ", "</div", "javascript:", ":red[",
              ":material/", "$x^2$", "`kode`", "**Offisielt")

#: First characters of a cell that a spreadsheet would run as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
