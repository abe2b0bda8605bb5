"""Checks for the ``[services]`` and ``[transit]`` parts of a config.

Kept apart from :mod:`siting._validate` (criteria, rules, categories) so each
module stays small; both report into the same :class:`~siting._validate.Problems`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from ._config_types import ServiceEdits, Transit
from ._validate import Problems, check_number

__all__ = ["REF_RE", "service_edits", "transit_rule"]

#: A service reference, optionally behind a category key: ``n123``, ``w4``, ``r5``,
#: ``register:3``, ``clicked:2``, ``gtfs:NSR:Quay:7193``, ``mental_health:n123``.
REF_RE = re.compile(r"(?:[a-z][a-z0-9_]*:)?(?:[nwr][0-9]+|register:[0-9]+|clicked:[0-9]+|"
                    r"gtfs:\S+)\Z")
_REF_REQ = ("give a list of service references such as \"n123\", \"w45\", \"register:3\" or "
            "\"mental_health:n123\" (the 'ref' column of `python -m siting services`)",
            "gi en liste med tjenestereferanser som \"n123\", \"w45\", \"register:3\" eller "
            "\"mental_health:n123\" (kolonnen 'ref' fra `python -m siting services`)")
_HOUR_REQ = ("give an hour of the day, 0 to 24", "gi en time på døgnet, 0 til 24")
_RATE_REQ = ("give departures per hour, a number ≥ 0", "gi avganger per time, et tall ≥ 0")


def service_edits(raw: Any, p: Problems) -> ServiceEdits:
    """Return the ``[services]`` table as :class:`ServiceEdits`; report what is wrong."""
    if isinstance(raw, ServiceEdits):
        return raw
    if not isinstance(raw, Mapping):
        p.bad("services", raw, ("give a table with exclude and include lists",
                                "gi en tabell med listene exclude og include"))
        return ServiceEdits()
    p.unknown_keys(raw, ("exclude", "include"), "services.")
    lists: dict[str, list[str]] = {}
    for key in ("exclude", "include"):
        refs = raw.get(key, [])
        if isinstance(refs, list) and all(isinstance(r, str) and REF_RE.match(r.strip())
                                          for r in refs):
            lists[key] = list(dict.fromkeys(r.strip() for r in refs))
        else:
            bad = [r for r in refs if not isinstance(r, str) or not REF_RE.match(r.strip())] \
                if isinstance(refs, list) else refs
            p.bad(f"services.{key}", bad, _REF_REQ)
            lists[key] = []
    both = sorted(set(lists["exclude"]) & set(lists["include"]))
    if both:
        p.add(f"services: {', '.join(both)} is both excluded and included; keep one",
              f"services: {', '.join(both)} er både utelatt og tatt med; behold én")
    return ServiceEdits(lists["exclude"], lists["include"])


def transit_rule(raw: Any, p: Problems) -> Transit:
    """Return the ``[transit]`` table as :class:`Transit`; report what is wrong."""
    if isinstance(raw, Transit):
        return raw
    if not isinstance(raw, Mapping):
        p.bad("transit", raw, ("give a table with min_departures_per_hour, from_hour and "
                               "to_hour", "gi en tabell med min_departures_per_hour, "
                               "from_hour og to_hour"))
        return Transit()
    default = Transit()
    keys = tuple(default.__dataclass_fields__)
    p.unknown_keys(raw, keys, "transit.")
    check_number(p, raw, "min_departures_per_hour", "transit", _RATE_REQ)
    for key in ("from_hour", "to_hour"):
        check_number(p, raw, key, "transit", _HOUR_REQ)
        if key in raw and isinstance(raw[key], int | float) and raw[key] > 24:
            p.bad(f"transit.{key}", raw[key], _HOUR_REQ)
    values = {k: raw.get(k, getattr(default, k)) for k in keys}
    start, end = values["from_hour"], values["to_hour"]
    if isinstance(start, int | float) and isinstance(end, int | float) and start >= end:
        p.add(f"transit: from_hour {start:g} is not before to_hour {end:g}; give a window "
              "such as 7 to 19", f"transit: from_hour {start:g} er ikke før to_hour {end:g}; "
              "gi et tidsrom som 7 til 19")
    for key in ("why_en", "why_nb"):
        if not isinstance(values[key], str):
            p.bad(f"transit.{key}", values[key], ("reasons must be text",
                                                  "begrunnelser må være tekst"))
    try:
        return Transit(float(values["min_departures_per_hour"]), float(values["from_hour"]),
                       float(values["to_hour"]), str(values["why_en"]), str(values["why_nb"]))
    except (TypeError, ValueError):
        return default
