"""Matplotlib plumbing of the report figures: safe text and print-ready PNG bytes."""

from __future__ import annotations

import io

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image as PILImage

__all__ = ["DPI", "mpl_text", "png"]

DPI = 200


def mpl_text(text: object) -> str:
    """Return ``text`` safe for matplotlib (a ``$`` would start mathematical notation)."""
    return str(text).replace("$", r"\$")


def png(fig: Figure) -> bytes:
    """Render ``fig`` as an RGB PNG (no alpha channel: smaller, and prints the same)."""
    buffer = io.BytesIO()
    FigureCanvasAgg(fig)
    fig.savefig(buffer, format="png", dpi=DPI, facecolor="white")
    out = io.BytesIO()
    PILImage.open(buffer).convert("RGB").save(out, format="PNG", optimize=True)
    return out.getvalue()
