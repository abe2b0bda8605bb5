"""Which police objects the response time is measured from.

Not every ``amenity=police`` object is a station patrols drive out from: in
central Oslo the immigration office "Seksjon for utlendingsforvaltning" is tagged
``amenity=police`` too. Each police service gets a ``station`` status:

* ``station``: used. A ``police=station`` tag, a name (or ``official_name``,
  ``alt_name``, ``short_name``) that says *politistasjon*, *lensmannskontor*,
  *lensmann* or *politiets tjenestested* / *tjenestested*, or a row of the
  municipality's register or one added on the map (the user said so).
* ``excluded``: left out, because a ``police=*`` tag says what else it is. Under
  the scheme OSM approved in 2019 (wiki page *Key:police*), ``police=*`` marks
  police facilities *other than* stations: ``offices``, ``detention``,
  ``barracks``, ``car_pound``, ``checkpoint``, ``naval_base``, ``range``,
  ``storage``, ``training_area``, and in use ``academy``, ``car_repair``,
  ``helicopter_unit``, ``dog_unit``, ``horse``. No other value is documented; an
  unknown value is marked for review instead. (Offline, there is no taginfo to
  count which values Norway uses; the central-Oslo extract has none.)
* ``review``: the tags say nothing either way -- the immigration office has only
  ``amenity=police``, a name and a phone number -- so it is listed with why.
  A review object is left out when the data hold at least one confirmed station,
  and used otherwise (a small town's only object may be named just "Politiet"),
  saying so.

The user overrides any of it: the config's ``police.include`` and
``police.exclude`` list station references (the OSM id such as ``n5503861779``,
``register:3``, ``clicked:2``; a row without one by its name). Nothing is dropped
silently: every
object is kept with its status, reason and ``use``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import geopandas as gpd
import numpy as np

from .osm import OsmData, tags_by_id
from .text import t

__all__ = ["NOT_A_STATION", "STATION_WORDS", "choose_stations", "classify_station",
           "judge_stations", "station_key", "station_reason"]

#: Words in a name that make an untagged police object a station (lower case).
STATION_WORDS: tuple[str, ...] = (
    "politistasjon", "lensmannskontor", "lensmann", "politiets tjenestested", "tjenestested",
)
#: ``police=*`` values of facilities that are not response stations (OSM wiki, Key:police).
NOT_A_STATION: frozenset[str] = frozenset({
    "offices", "detention", "barracks", "car_pound", "checkpoint", "naval_base", "range",
    "storage", "training_area", "academy", "car_repair", "helicopter_unit", "dog_unit", "horse",
})
_NAME_KEYS = ("name", "official_name", "alt_name", "short_name")

def classify_station(tags: dict[str, Any] | None, name: object = "") -> tuple[str, str, str]:
    """Judge one OSM police object: a station patrols drive from, or not.

    Parameters
    ----------
    tags : dict, optional
        Its OSM tags.
    name : object
        Its name (also read from the tags' name keys).

    Returns
    -------
    tuple of str
        (status, reason code, ``police=*`` value); status is ``station``,
        ``excluded`` or ``review`` (see the module docstring), the code a
        ``station.<code>`` entry of :mod:`siting.text`.
    """
    tags = dict(tags or {})
    value = str(tags.get("police", "") or "").strip().lower()
    if value in ("station", "police_station"):
        return "station", "tagged", value
    if value in NOT_A_STATION:
        return "excluded", "tag_other", value
    if value:
        return "review", "tag_unknown", value
    names = [str(tags.get(k) or "") for k in _NAME_KEYS] + [str(name or "")]
    text = " ".join(names).casefold()
    if any(re.search(rf"\b{re.escape(w)}", text) for w in STATION_WORDS):
        return "station", "named", ""
    return "review", ("unclear" if text.strip() else "no_name"), ""


def station_key(ref: object, name: object) -> str:
    """The key a config names a station by.

    Parameters
    ----------
    ref, name : object
        The station's ref and name.

    Returns
    -------
    str
        Its ref (e.g. ``n123``), else its name.
    """
    ref = str(ref or "").strip()
    return ref if ref else str(name or "").strip()


def station_reason(code: str, lang: str = "nb", tag: str = "") -> str:
    """Say a station reason in words.

    Parameters
    ----------
    code : str
        A reason code (``station.<code>`` in :mod:`siting.text`).
    lang : str
        "nb" or "en".
    tag : str
        The object's ``police=*`` value, where the reason quotes it.

    Returns
    -------
    str
    """
    return t(f"station.{code}", lang, tag=tag)


def judge_stations(services: gpd.GeoDataFrame,
                   features: gpd.GeoDataFrame | OsmData | None = None) -> gpd.GeoDataFrame:
    """Judge every OSM police object among ``services`` (:func:`classify_station`).

    Parameters
    ----------
    services : geopandas.GeoDataFrame
        Services with ``category``, ``name``, ``ref`` and ``source``.
    features : geopandas.GeoDataFrame or OsmData, optional
        The OSM features (``osm_id``, ``tags``) the objects' tags are read from, or
        the OSM data they belong to (:meth:`OsmData.feature_tags`, which reads the
        few stations' tags without making every feature's); without them an
        object is judged by its name alone (or keeps the judgement a ``station``
        column already holds).

    Returns
    -------
    geopandas.GeoDataFrame
        A copy with ``station``, ``station_why`` and ``station_tag`` ("" for
        anything but an OSM police object).
    """
    n = len(services)
    out = services.copy()
    status = _column(out, "station", "").astype(object)
    why, tag = _column(out, "station_why", ""), _column(out, "station_tag", "")
    source = _column(out, "source", "osm")
    tags_of = {} if features is None else _police_tags(out, features)
    category = out["category"].to_numpy()
    for i in range(n):
        if category[i] != "police" or source[i] != "osm":
            continue
        ref = str(out["ref"].iat[i]) if "ref" in out else ""
        if ref in tags_of or not status[i]:
            status[i], why[i], tag[i] = classify_station(tags_of.get(ref), out["name"].iat[i])
    return out.assign(station=status, station_why=why, station_tag=tag)


def _police_tags(services: gpd.GeoDataFrame,
                 features: gpd.GeoDataFrame | OsmData) -> dict[str, Any]:
    """Tags of the features that are OSM police objects among ``services``, by ref."""
    if "ref" not in services:
        return {}
    police = services["category"].eq("police").to_numpy()
    refs = set(services["ref"].astype(str).to_numpy()[police])
    if isinstance(features, OsmData):
        return features.feature_tags(refs)
    return tags_by_id(features, refs)


def choose_stations(services: gpd.GeoDataFrame, include: Iterable[str] = (),
                    exclude: Iterable[str] = ()) -> gpd.GeoDataFrame:
    """Decide which police services are used; every row is kept.

    Parameters
    ----------
    services : geopandas.GeoDataFrame
        Services with ``category``, ``name``, ``ref`` and optionally ``source``
        (``osm``/``register``/``clicked``) and ``station``/``station_why``/
        ``station_tag`` (from :func:`judge_stations`).
    include, exclude : iterable of str
        Station keys (:func:`station_key`) the user switched on or off; off wins.

    Returns
    -------
    geopandas.GeoDataFrame
        A copy with ``station``, ``station_why``, ``station_tag``, ``use`` (bool;
        True for every other category) and ``use_why`` (reason code of ``use``).
    """
    out = services.copy()
    n = len(out)
    police = (out["category"] == "police").to_numpy() if n else np.zeros(0, bool)
    source = out["source"].astype(str).to_numpy() if "source" in out else np.full(n, "osm")
    status = _column(out, "station", "").astype(object)
    why = _column(out, "station_why", "").astype(object)
    user = police & np.isin(source, ["register", "added", "clicked"])
    status[user] = "station"
    why[user] = np.where(source[user] == "register", "register", "added")
    unknown = police & (status == "")
    status[unknown], why[unknown] = "review", "no_name"
    status[~police], why[~police] = "", ""
    keys = np.array([station_key(r, m) for r, m in zip(_column(out, "ref", ""), out["name"],
                                                      strict=True)], dtype=object)
    use, use_why = _use(status, police, keys, set(include), set(exclude))
    return out.assign(station=status, station_why=why, station_tag=_column(out, "station_tag", ""),
                      use=use, use_why=use_why)


def _column(frame: gpd.GeoDataFrame, name: str, default: str) -> np.ndarray:
    if name not in frame:
        return np.full(len(frame), default, dtype=object)
    return frame[name].fillna(default).astype(str).to_numpy(dtype=object)


def _use(status: np.ndarray, police: np.ndarray, keys: np.ndarray, include: set[str],
         exclude: set[str]) -> tuple[np.ndarray, np.ndarray]:
    """Default use by status, then the user's switches (``exclude`` wins)."""
    confirmed = bool((police & (status == "station")).any())
    use = ~police | (status == "station") | ((status == "review") & (not confirmed))
    use_why = np.where(status == "review", "left_unclear" if confirmed else "used_unclear",
                       "").astype(object)
    switched_on = police & np.isin(keys, list(include)) & ~use
    use = use | switched_on
    switched_off = police & np.isin(keys, list(exclude)) & use
    use = use & ~switched_off
    use_why[switched_on], use_why[switched_off] = "by_user_in", "by_user_out"
    use_why[~police] = ""
    return use.astype(bool), use_why
