"""Report parts about the services: thin categories and the user's corrections.

The summary page says which categories are thin (so the committee reads the
figures with that in mind); the data page says it again and lists every
service the user switched off or on. The public version names no service:
it gives the category and how many.
"""

from __future__ import annotations

from reportlab.platypus import Flowable

from ..pipeline import categories_for
from ..public import shown_in_public
from ..text import t
from ..text.render import service_name
from ..thin import thin_advice, thin_text
from .context import Ctx, esc

__all__ = ["edits_section", "thin_section"]

def _t(ctx: Ctx, key: str) -> str:
    return t(f"report.svc.{key}", ctx.lang)


def thin_section(ctx: Ctx) -> list[Flowable]:
    """A heading and one bullet per thin category; nothing when none is thin."""
    thin = ctx.result.thin
    if not thin:
        return []
    cats = categories_for(ctx.result.config)
    bullets: list[Flowable] = []
    for item in thin:
        cat = cats.get(item.category)
        label = cat.label(ctx.lang) if cat else item.category
        text = thin_text(item, ctx.lang, label, names=not ctx.public, advice=False,
                         far=not (ctx.public and not shown_in_public(item.category)))
        if text:
            bullets.append(ctx.p(esc(text), "bullet"))
    if not bullets:
        return []
    return [ctx.p(_t(ctx, "h_thin"), "h2"), *bullets,
            ctx.p(esc(thin_advice(ctx.lang, "report")))]


def edits_section(ctx: Ctx) -> list[Flowable]:
    """The user's exclusions and inclusions: by name (internal) or by count (public)."""
    review = ctx.result.review
    out: list[Flowable] = [ctx.p(_t(ctx, "h_edits"), "h2")]
    if review is None:
        return [*out, ctx.p(_t(ctx, "no_edits"))]
    touched = review[review["why_code"].isin(["excluded", "included"])]
    if touched.empty:
        return [*out, ctx.p(_t(ctx, "no_edits"))]
    if ctx.public:
        for (cat, code), part in touched.groupby(["category", "why_code"], sort=False):
            out.append(ctx.p(esc(_t(ctx, "count").format(
                cat=ctx.cat_label(str(cat)), n=len(part), what=_t(ctx, str(code)))), "bullet"))
        return out
    for row in touched.itertuples():
        what = _t(ctx, str(row.why_code))
        name, cat = service_name(row.name, ctx.lang), ctx.cat_label(str(row.category))
        out.append(ctx.p(f"<b>{esc(name)}</b> ({esc(cat)}, {esc(row.ref)}): {esc(what)}",
                         "bullet"))
    return out
