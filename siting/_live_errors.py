"""Every failure of a live download as one NetworkError: the place, what happened, the fix.

:func:`guarded` runs one OSMnx call and turns network failures into
:class:`~siting.errors.NetworkError`; :func:`check_response` is the requests
hook that refuses HTTP errors and Overpass "gave up" remarks before OSMnx
retries them. The fixes suit both the app and the command line ("open a
local .osm.pbf extract instead (command line: --osm)").
"""

from __future__ import annotations

import errno
import socket
from collections.abc import Callable
from typing import Any
from urllib.parse import urlparse

import osmnx as ox
import requests
from shapely.geometry import MultiPolygon, Polygon
from urllib3.exceptions import NameResolutionError

from .errors import NetworkError

__all__ = ["LATER_FIX", "LOCAL_FIX", "NET_FIX", "SERVICES", "Target", "check_polygon",
           "check_response", "guarded", "no_place", "no_streets", "not_an_area"]

#: The place in a message, in English and bokmål: "'Melhus'", "«Melhus»".
Target = tuple[str, str]

LOCAL_FIX = ("open a local .osm.pbf extract instead (command line: --osm)",
             "åpne et lokalt .osm.pbf-utdrag i stedet (kommandolinje: --osm)")
NET_FIX = (f"Check the internet connection, or {LOCAL_FIX[0]}.",
           f"Sjekk internettforbindelsen, eller {LOCAL_FIX[1]}.")
LATER_FIX = (f"Try again later, or {LOCAL_FIX[0]}.", f"Prøv igjen senere, eller {LOCAL_FIX[1]}.")
SERVICES = {"nominatim": ("The OpenStreetMap place search (Nominatim)",
                          "OpenStreetMap-stedssøket (Nominatim)"),
            "overpass": ("The OpenStreetMap map-data server (Overpass)",
                         "OpenStreetMap-kartdatatjeneren (Overpass)")}


class _RefusedError(Exception):
    """An API answered with an HTTP error or an Overpass runtime-error remark."""

    def __init__(self, status: int, reason: str, remark: str = "") -> None:
        super().__init__(f"HTTP {status} {reason} {remark}".strip())
        self.status, self.reason, self.remark = status, reason, remark


def check_response(response: requests.Response, *args: Any, **kwargs: Any) -> None:
    """requests hook: refuse errors before OSMnx retries 429/504 forever (55 s each)."""
    path = urlparse(response.url).path
    if path.endswith("/status"):  # OSMnx's rate-limit probe handles its own failures
        return
    if response.status_code >= 400:
        response.close()
        raise _RefusedError(response.status_code, response.reason)
    if path.endswith("/interpreter") and b'"remark"' in response.content[-4096:]:
        remark = str(response.json().get("remark", ""))
        if "error" in remark:  # Overpass gave up (timeout, memory): the data is partial
            raise _RefusedError(response.status_code, response.reason, remark)


def guarded(call: Callable[[], Any], service: str, target: Target) -> Any:
    """Run an OSMnx call, turning every network failure into one NetworkError."""
    try:
        return call()
    except _RefusedError as exc:
        raise _refused_error(exc, service, target) from exc
    except requests.RequestException as exc:
        en, nb = _why_unreachable(exc)
        raise NetworkError(
            f"Could not reach the OpenStreetMap servers for {target[0]} ({en}). {NET_FIX[0]}",
            nb=f"Fikk ikke kontakt med OpenStreetMap-tjenerne for {target[1]} ({nb}). "
            f"{NET_FIX[1]}",
        ) from exc
    except (ValueError, KeyError) as exc:  # an answer OSMnx could not parse
        raise NetworkError(
            f"{SERVICES[service][0]} sent an answer for {target[0]} that could not be read "
            f"({exc}). {LATER_FIX[0]}",
            nb=f"{SERVICES[service][1]} sendte et svar for {target[1]} som ikke kunne leses "
            f"({exc}). {LATER_FIX[1]}",
        ) from exc


def _refused_error(exc: _RefusedError, service: str, target: Target) -> NetworkError:
    en, nb = SERVICES[service]
    if exc.remark:
        return NetworkError(
            f"{en} gave up on the download for {target[0]} ({exc.remark}). The area may be "
            f"too large: try a smaller area, or {LOCAL_FIX[0]}.",
            nb=f"{nb} ga opp nedlastingen for {target[1]} ({exc.remark}). Området kan være "
            f"for stort: prøv et mindre område, eller {LOCAL_FIX[1]}.",
        )
    status = f"HTTP {exc.status} {exc.reason}"
    if exc.status in (429, 503, 504):
        return NetworkError(
            f"{en} is busy and refused the download for {target[0]} ({status}). Wait a few "
            f"minutes and try again, or {LOCAL_FIX[0]}.",
            nb=f"{nb} er opptatt og avviste nedlastingen for {target[1]} ({status}). Vent "
            f"noen minutter og prøv igjen, eller {LOCAL_FIX[1]}.",
        )
    return NetworkError(f"{en} refused the download for {target[0]} ({status}). {LATER_FIX[0]}",
                        nb=f"{nb} avviste nedlastingen for {target[1]} ({status}). "
                        f"{LATER_FIX[1]}")


def _why_unreachable(exc: requests.RequestException) -> tuple[str, str]:
    """Name the cause of a failed connection in English and bokmål."""
    causes = _causes(exc)
    host = urlparse(str(exc.request.url) if exc.request is not None else "").hostname or "?"
    if any(isinstance(c, NameResolutionError | socket.gaierror) for c in causes):
        return (f"the name {host} could not be looked up (DNS)",
                f"navnet {host} kunne ikke slås opp (DNS)")
    if any(isinstance(c, ConnectionRefusedError) for c in causes):
        return "connection refused", "tilkoblingen ble avvist"
    if any(isinstance(c, OSError) and c.errno in (errno.ENETUNREACH, errno.EHOSTUNREACH)
           for c in causes):
        return "no network connection", "ingen nettverksforbindelse"
    if isinstance(exc, requests.Timeout):
        seconds = f"{ox.settings.requests_timeout:g} s"
        return f"no answer within {seconds}", f"ikke svar innen {seconds}"
    return f"connection failed: {type(exc).__name__}", f"tilkoblingen feilet: {type(exc).__name__}"


def _causes(exc: BaseException) -> list[BaseException]:
    """The exception, its causes, contexts, ``reason`` and exception args, recursively."""
    seen: list[BaseException] = []
    todo: list[Any] = [exc]
    while todo:
        item = todo.pop()
        if isinstance(item, BaseException) and not any(item is s for s in seen):
            seen.append(item)
            todo += [item.__cause__, item.__context__, getattr(item, "reason", None), *item.args]
    return seen


def no_place(target: Target) -> NetworkError:
    """Nominatim knows no place by that name."""
    return NetworkError(
        f"No place called {target[0]} was found in OpenStreetMap (Nominatim returned "
        "no results). Check the spelling, or name the municipality and country, "
        "e.g. 'Melhus kommune, Norway'.",
        nb=f"Fant ikke noe sted som heter {target[1]} i OpenStreetMap (Nominatim ga "
        "ingen treff). Sjekk stavingen, eller oppgi kommune og land, "
        "f.eks. «Melhus kommune, Norway».",
    )


def not_an_area(target: Target) -> NetworkError:
    """Nominatim found the place only as a point, without a boundary."""
    return NetworkError(
        f"{_cap(target[0])} was found in OpenStreetMap only as a point, not as an area with "
        "a boundary. Name an area such as a municipality, e.g. 'Melhus kommune, Norway'.",
        nb=f"{_cap(target[1])} finnes i OpenStreetMap bare som et punkt, ikke som et område "
        "med grense. Oppgi et område, f.eks. en kommune: «Melhus kommune, Norway».",
    )


def no_streets(target: Target) -> NetworkError:
    """The area holds no street ways."""
    return NetworkError(
        f"OpenStreetMap has no streets (highway=* ways) inside {target[0]}. Check that this "
        f"is the intended area, or {LOCAL_FIX[0]}.",
        nb=f"OpenStreetMap har ingen gater (highway=*-veier) innenfor {target[1]}. Sjekk at "
        f"dette er riktig område, eller {LOCAL_FIX[1]}.",
    )


def check_polygon(polygon: Any, target: Target) -> None:
    """Refuse a boundary that is not a valid (Multi)Polygon in longitude/latitude."""
    ok = isinstance(polygon, Polygon | MultiPolygon) and not polygon.is_empty
    ok = ok and polygon.is_valid and -180 <= polygon.bounds[0] <= polygon.bounds[2] <= 180
    ok = ok and -90 <= polygon.bounds[1] <= polygon.bounds[3] <= 90
    if not ok:
        found = getattr(polygon, "geom_type", type(polygon).__name__)
        raise NetworkError(
            f"{_cap(target[0])} is not a usable boundary (found an empty, invalid or projected "
            f"{found}). Give a valid Polygon or MultiPolygon in longitude/latitude (EPSG:4326).",
            nb=f"{_cap(target[1])} er ikke en brukbar grense (fant en tom, ugyldig eller projisert "
            f"{found}). Oppgi et gyldig Polygon eller MultiPolygon i lengde-/breddegrad "
            "(EPSG:4326).",
        )


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]
