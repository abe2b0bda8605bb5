"""Validation of a config's ``[police]`` table (see :class:`siting.config.Police`)."""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Mapping
from typing import Any

from ._config_types import Police
from ._validate import Problems, _is_number, check_number

__all__ = ["POLICE_KEYS", "merge_police", "police_from_dict"]

POLICE_KEYS = tuple(f.name for f in dataclasses.fields(Police))
_DISPATCH_REQ = ("give the minutes from the call until the car leaves, a number ≥ 0",
                 "gi minuttene fra anropet til bilen kjører, et tall ≥ 0")
_BANDS_REQ = ("give 1 to 8 increasing times in minutes, e.g. [1, 2, 3, 5, 10]",
              "gi 1 til 8 stigende tider i minutter, f.eks. [1, 2, 3, 5, 10]")
_KEYS_REQ = ("give a list of station refs or names, e.g. ['n5503861779']",
             "gi en liste med stasjonsreferanser eller navn, f.eks. ['n5503861779']")


def merge_police(raw: Any, base: Mapping[str, Any], p: Problems) -> dict[str, Any]:
    """Overlay the user's ``[police]`` table on the profile's; report every problem."""
    merged = {**base}
    if raw is None:
        return merged
    if not isinstance(raw, Mapping):
        p.bad("police", raw, ("give a table, e.g. [police] dispatch_min = 2",
                              "gi en tabell, f.eks. [police] dispatch_min = 2"))
        return merged
    p.unknown_keys(raw, POLICE_KEYS, "police.")
    check_number(p, raw, "dispatch_min", "police", _DISPATCH_REQ)
    if "bands_min" in raw and not _good_bands(raw["bands_min"]):
        p.bad("police.bands_min", raw["bands_min"], _BANDS_REQ)
    for key in ("include", "exclude"):
        value = raw.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip()
                                                  for v in value):
            p.bad(f"police.{key}", value, _KEYS_REQ)
    merged.update({k: v for k, v in raw.items() if k in POLICE_KEYS})
    return merged


def _good_bands(value: Any) -> bool:
    if not isinstance(value, list) or not 1 <= len(value) <= 8:
        return False
    if not all(_is_number(v) and v > 0 for v in value):
        return False
    return all(a < b for a, b in itertools.pairwise(value))


def police_from_dict(d: Mapping[str, Any]) -> Police:
    """Build :class:`Police` from a merged, checked table."""
    return Police(float(d["dispatch_min"]), [float(v) for v in d["bands_min"]],
                  [str(v).strip() for v in d["include"]], [str(v).strip() for v in d["exclude"]])
