"""The banner above every tab that names the thin service categories (see :mod:`siting.thin`).

Kept apart from the services tab so the app can draw it without loading that tab.
"""

from __future__ import annotations

import streamlit as st

from siting.pipeline import categories_for
from siting.text import t
from siting.thin import thin_advice, thin_text

from .markup import md
from .state import Now


def thin_banner(now: Now) -> None:
    """One warning above every tab about thin categories (before anyone reads the ranking)."""
    cats = categories_for(now.config)
    lines = []
    for item in now.thin():
        cat = cats.get(item.category)
        label = cat.label(now.lang) if cat else item.category
        lines.append(f"- {md(thin_text(item, now.lang, label, advice=False))}")
    if lines:
        st.warning(f"**{t('app.svc.thin', now.lang)}**\n\n" + "\n".join(lines) + "\n\n"
                   + md(thin_advice(now.lang, "app")), icon="⚠️")
