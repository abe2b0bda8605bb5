"""Plots by address: the address book of the area, Kartverket's file, typing an address.

The address book of a study area (its OSM address points, and Kartverket's file if
the user gave one) is shared read-only between sessions and keyed by content;
the Kartverket file itself is open data. Typing an address places a plot where
:meth:`siting.geocode.AddressBook.find` puts it; an address that is not found
offers its three nearest addresses instead of guessing.
"""

from __future__ import annotations

import hashlib

import pandas as pd
import streamlit as st

from siting.addresses import read_address_file
from siting.analysis import Study
from siting.errors import SitingError
from siting.geocode import AddressBook, Match
from siting.locate import address_book
from siting.text import t, tn
from siting.text.render import match_text

from . import edits
from .common import upload_limit
from .markup import md

KV_MB = 200  # Kartverket's file for a large municipality is tens of megabytes


@st.cache_resource(show_spinner=False, max_entries=4)
def cached_book(token: str, kv_digest: str, _study: Study,
                _kartverket: pd.DataFrame | None) -> AddressBook:
    """The address book of a study area (and Kartverket's file), keyed by their content."""
    return address_book(_study.osm, _kartverket)


def current_book(study: Study, token: str) -> AddressBook:
    """The address book for this session: the area's addresses and its Kartverket file."""
    kv = st.session_state.get("kartverket")
    return cached_book(token, st.session_state.get("kartverket_digest", ""), _study=study,
                       _kartverket=kv)


def kartverket_upload(lang: str) -> None:
    """The field for Kartverket's address file (needed for gnr/bnr)."""
    upload = st.file_uploader(t("app.kv.upload", lang), type=["csv"], key="kv_file",
                              max_upload_size=KV_MB, help=t("app.kv.help", lang))
    upload_limit(st, lang, KV_MB, ["csv"])
    if upload is None:
        return
    digest = hashlib.sha256(upload.getvalue()).hexdigest()
    if st.session_state.get("kartverket_digest") != digest:
        try:
            table = read_address_file(upload.getvalue(), filename=upload.name)
        except SitingError as err:
            st.error(md(err.text(lang)))
            return
        st.session_state.update(kartverket=table, kartverket_digest=digest)
    table = st.session_state.kartverket
    st.caption(tn("app.kv.read", len(table), lang, name=md(upload.name),
                  parcels=int((table["gnr"] > 0).sum())))


def place_by_address(book: AddressBook, lang: str, key: str) -> None:
    """A field to type an address and place a plot there (``key`` names the widgets)."""
    with st.form(f"{key}:form", clear_on_submit=False, border=False):
        left, right = st.columns([4, 1], vertical_alignment="bottom")
        text = left.text_input(t("app.addr.label", lang), key=f"{key}:text",
                               placeholder=t("app.addr.placeholder", lang))
        go = right.form_submit_button(t("app.addr.place", lang), type="primary")
    if go and text.strip():
        st.session_state[f"{key}:match"] = book.find(text)
    match: Match | None = st.session_state.get(f"{key}:match")
    if match is None:
        return
    if match.found:
        add_located(match, lang, key)
        return
    if not len(book):
        st.warning(t("app.addr.no_book", lang))
        return
    why = "app.addr.ambiguous" if match.reason == "ambiguous" else "app.addr.missing"
    st.warning(t(why, lang, given=md(match.given)))
    for n, suggestion in enumerate(match.suggestions):
        if st.button(suggestion, key=f"{key}:pick{n}"):
            st.session_state[f"{key}:match"] = book.find(suggestion)
            st.rerun()


def add_located(match: Match, lang: str, key: str) -> None:
    """Add a plot at a found address, named by the name field (else by the address)."""
    name = st.session_state.get("new_plot_name", "").strip() or match.label
    located = {"address": match.given, "match": match.label, "match_quality": match.quality}
    plots, _ = edits.add_plot(st.session_state.plots, match.lon, match.lat, name,
                              t("app.new_plot", lang), located=located)
    st.session_state.update(plots=plots, plots_origin="user", clear_names=True)
    st.session_state.pop(f"{key}:match", None)
    quality = match_text(match.quality, lang)
    if name != match.label:
        toast = t("app.addr.placed", lang, name=md(name), match=md(match.label), quality=quality)
    else:
        toast = t("app.addr.placed_at", lang, match=md(match.label), quality=quality)
    st.session_state.toast = toast
    st.rerun()
