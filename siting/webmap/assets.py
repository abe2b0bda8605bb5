"""Leaflet, jQuery and friends without a CDN: inline or from the app's static folder.

folium points its ``default_js``/``default_css`` at CDNs; offline the map frame
stays blank without an error. The ``folium-offline`` package
(``offlinefolium``) carries the same files, keyed by those CDN URLs, in
``offlinefolium.elements._res``; its patched ``leaflet.js`` also embeds the
default marker images as data URIs. This module takes the files from there
and either

* inlines them into the page (:func:`inline_assets`, used by
  :func:`siting.webmap.map.save_map_html` for a self-contained HTML file), or
* points the map at copies in a static folder (:func:`static_assets` and
  :func:`write_static_assets`), which is what works inside ``streamlit-folium``
  (its inline header scripts do not run there). File names carry a content
  hash: cache-safe, and Leaflet's fallback that looks for marker images beside
  a file named ``leaflet.css`` never triggers (the patched script embeds them).

Relative ``url(...)`` references in the CSS (Font Awesome and glyphicon font
files that are not embedded) are replaced by an empty ``data:`` URL so the
browser never requests a missing file; the embedded solid Font Awesome font is
kept. Source-map comments are dropped.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

import folium
from branca.element import Element, Figure, Link
from folium.elements import JSCSSMixin

from .._atomic import write_text
from ..errors import SitingError

__all__ = [
    "asset_filename", "asset_text", "inline_assets", "map_asset_urls", "static_assets",
    "write_static_assets",
]

log = logging.getLogger(__name__)

#: Files a map needs only when it uses ``folium.Icon`` (awesome markers).
ICON_ONLY = frozenset({
    "bootstrap", "awesome_markers", "bootstrap_css", "glyphicons_css",
    "awesome_markers_font_css", "awesome_markers_css", "awesome_rotate_css",
})
_EXTERNAL_URL = re.compile(r"url\(\s*(?![\"']?\s*(?:data:|#))[^)]*\)")
_SOURCE_MAP = re.compile(r"/[*/]# sourceMappingURL=[^\n*]*(?:\*/)?")
_SOURCE_ATTR = "_siting_asset_source"
_INLINE_KEY = "siting_inline_"


@lru_cache(maxsize=1)
def _offline_files() -> dict[str, str]:
    try:
        from offlinefolium.elements import _res
    except ImportError as exc:  # pragma: no cover - dependency missing
        raise SitingError(
            "The offline map files are missing: install the folium-offline package.",
            nb="Kartfilene for bruk uten nett mangler: installer pakken folium-offline.",
        ) from exc
    return dict(_res)


@lru_cache(maxsize=128)
def asset_text(url: str) -> str:
    """Return the cleaned offline copy of the file folium would load from ``url``.

    Raises
    ------
    SitingError
        When no offline copy exists (a plugin folium-offline does not carry).
    """
    files = _offline_files()
    if url not in files:
        raise SitingError(
            f"No offline copy of {url}: the map uses a component that needs the internet.",
            nb=f"Ingen lokal kopi av {url}: kartet bruker en del som krever internett.",
        )
    text = _SOURCE_MAP.sub("", files[url])
    if _kind(url) == "css":
        return _EXTERNAL_URL.sub("url(data:,)", text)
    return text.replace("</script", "<\\/script")


def asset_filename(url: str) -> str:
    """Return the static file name for ``url``: ``<stem>.<content hash>.<js|css>``."""
    digest = hashlib.sha256(asset_text(url).encode()).hexdigest()[:10]
    stem = Path(url.split("?")[0]).name
    for suffix in (".min.js", ".min.css", ".js", ".css"):
        if stem.endswith(suffix):
            stem = stem[: -len(suffix)]
            break
    return f"{stem}.{digest}.{_kind(url)}"


def _kind(url: str) -> str:
    return "css" if url.split("?")[0].endswith(".css") else "js"


class RawElement(Element):
    """An element whose text is written as is (branca's ``Element`` would parse
    it as a Jinja template: slow for 150 kB of JavaScript, and wrong where the
    code contains ``{{`` or ``{%``)."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def render(self, **kwargs: Any) -> str:
        """Return the text unchanged."""
        return self.text


def _figure(m: folium.Map) -> Figure:
    root = m.get_root()
    if not isinstance(root, Figure):  # pragma: no cover - folium always makes one
        raise TypeError("the map is not part of a branca Figure")
    return root


def _walk(element: Any) -> Iterator[Any]:
    yield element
    for child in getattr(element, "_children", {}).values():
        yield from _walk(child)


def _sources(element: JSCSSMixin) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """Return the element's original (CDN) js and css lists, remembered on first use."""
    if _SOURCE_ATTR not in element.__dict__:
        setattr(element, _SOURCE_ATTR, (list(element.default_js), list(element.default_css)))
    return getattr(element, _SOURCE_ATTR)


def _needed(m: folium.Map, lean: bool) -> Iterator[tuple[JSCSSMixin, str, str, str]]:
    """Yield (element, kind, name, url) for every asset the map's elements need."""
    uses_icons = any(isinstance(e, folium.Icon) for e in _walk(m))
    for element in _walk(m):
        if not isinstance(element, JSCSSMixin):
            continue
        js, css = _sources(element)
        for kind, pairs in (("js", js), ("css", css)):
            for name, url in pairs:
                if lean and not uses_icons and isinstance(element, folium.Map) \
                        and name in ICON_ONLY:
                    continue
                yield element, kind, name, url


def map_asset_urls(m: folium.Map, *, lean: bool = False) -> list[str]:
    """Return the CDN URLs of all files the map's elements load (deduplicated)."""
    return list(dict.fromkeys(url for _, _, _, url in _needed(m, lean)))


def inline_assets(m: folium.Map, *, lean: bool = True) -> folium.Map:
    """Inline every JS/CSS file the map needs into its page header.

    Idempotent; call again after adding elements (``save_map_html`` does).

    Parameters
    ----------
    m : folium.Map
    lean : bool
        Leave out bootstrap and the awesome-marker files when no ``folium.Icon``
        is used (saves about 1.2 MB; popups, tooltips and DivIcons do not need them).
    """
    header = _figure(m).header
    for element in (e for e in _walk(m) if isinstance(e, JSCSSMixin)):
        for name, _ in [*element.default_js, *element.default_css]:  # links of a past render
            if isinstance(header._children.get(name), Link):
                del header._children[name]
    for element, kind, _, url in _needed(m, lean):
        text = asset_text(url)
        tag = "script" if kind == "js" else "style"
        key = _INLINE_KEY + hashlib.sha256(url.encode()).hexdigest()[:12]
        header.add_child(RawElement(f"<{tag}>{text}</{tag}>"), name=key)
        element.default_js, element.default_css = [], []
    return m


def static_assets(m: folium.Map, prefix: str = "/app/static/vendor",
                  folder: str | Path | None = None) -> folium.Map:
    """Point the map's JS/CSS at hashed copies served under ``prefix``.

    Parameters
    ----------
    m : folium.Map
    prefix : str
        URL path the static folder is served at (Streamlit serves ``static/``
        at ``/app/static/`` with ``server.enableStaticServing = true``).
    folder : str or pathlib.Path, optional
        When given, the files this map needs are written there as well.
    """
    prefix = prefix.rstrip("/")
    header = _figure(m).header
    for key in [k for k in header._children if k.startswith(_INLINE_KEY)]:
        del header._children[key]  # inlined by an earlier inline_assets
    for element in (e for e in _walk(m) if isinstance(e, JSCSSMixin)):
        js, css = _sources(element)
        element.default_js = [(n, f"{prefix}/{asset_filename(u)}") for n, u in js]
        element.default_css = [(n, f"{prefix}/{asset_filename(u)}") for n, u in css]
    if folder is not None:
        write_static_assets(folder, map_asset_urls(m))
    return m


def default_urls() -> list[str]:
    """Return the CDN URLs of the files a plain ``folium.Map`` loads."""
    return [url for _, url in [*folium.Map.default_js, *folium.Map.default_css]]


def write_static_assets(folder: str | Path, urls: Iterable[str] | None = None) -> list[Path]:
    """Write the offline copies of ``urls`` (default: a map's files) into ``folder``.

    Existing files are left alone: a name's hash pins its content.

    Returns
    -------
    list of pathlib.Path
        The files, in the order of ``urls``.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for url in default_urls() if urls is None else urls:
        path = folder / asset_filename(url)
        if not path.exists():
            write_text(path, asset_text(url))
            log.debug("wrote %s", path)
        paths.append(path)
    return paths
