"""The data types of a config: value curves, criteria, rules and the config itself.

Plain frozen dataclasses with no behaviour, so the built-in profiles
(:mod:`siting.profiles`), the validation (:mod:`siting._validate`) and the
config API (:mod:`siting.config`, which re-exports all of these) can all build
on them without importing each other in a circle.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, Literal

from . import settings

__all__ = ["DEFAULT_BANDS_MIN", "LANGS", "OPS", "SHAPES", "Config", "Criterion", "Curve", "Lang",
           "Op", "Police", "Rule", "ServiceEdits", "Shape", "Transit"]

Shape = Literal["linear", "step", "smooth", "exponential"]
Op = Literal["max", "min"]
Lang = Literal["nb", "en"]
SHAPES: tuple[str, ...] = ("linear", "step", "smooth", "exponential")
OPS: tuple[str, ...] = ("max", "min")
LANGS: tuple[str, ...] = ("nb", "en")



@dataclass(frozen=True)
class Curve:
    """A value curve: 1 at ``full``, 0 at ``zero`` (units of the column).

    ``full < zero`` means nearer is better (1 up to ``full``, 0 from ``zero``);
    ``full > zero`` means farther is better (0 up to ``zero``, 1 from ``full``).
    ``shape`` is ``linear``, ``step``, ``smooth`` or ``exponential``; see
    :func:`siting.scoring.curve_fn`.
    """

    full: float
    zero: float
    shape: Shape = "linear"


@dataclass(frozen=True)
class Criterion:
    """One weighted criterion: a distance column turned into 0-1 by a curve.

    ``weight`` is relative (≥ 0); only ratios between weights matter.
    """

    column: str
    weight: float
    curve: Curve
    label_en: str = ""
    label_nb: str = ""
    why_en: str = ""
    why_nb: str = ""


@dataclass(frozen=True)
class Rule:
    """A pass/fail rule: ``column`` must be at most (``max``) or at least (``min``) ``value``.

    ``value`` is in the column's unit (metres or minutes).
    """

    column: str
    op: Op
    value: float
    enabled: bool = True
    label_en: str = ""
    label_nb: str = ""
    why_en: str = ""
    why_nb: str = ""


#: Default police map bands (minutes): they tell plots apart in a town centre.
DEFAULT_BANDS_MIN: tuple[float, ...] = (1.0, 2.0, 3.0, 5.0, 10.0)


@dataclass(frozen=True)
class Police:
    """What the police decide: dispatch delay, map bands, which stations count.

    ``dispatch_min`` (minutes, default 0) is added to the drive time to give
    ``police_response_min``; ``police_drive_min`` stays the pure network figure.
    ``bands_min`` are the upper ends (minutes) of the response bands on the map.
    ``include`` / ``exclude`` list stations by reference (OSM id such as
    ``n123``, ``register:3`` for row 3 of the register, ``clicked:2`` for the
    second service added on the map) to use or leave out against the
    defaults of :mod:`siting.stations`; leaving out wins.
    """

    dispatch_min: float = 0.0
    bands_min: list[float] = field(default_factory=lambda: list(DEFAULT_BANDS_MIN))
    include: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ServiceEdits:
    """The user's corrections to the list of services, by reference.

    A reference is an OSM id (``n123``, ``w45``, ``r6``), a register row
    (``register:3``, counted from 1) or a service added on the map
    (``clicked:2``), optionally preceded by a category key and ``:``
    (``mental_health:n123``) to touch that category only.

    ``exclude`` switches services off; ``include`` switches on a candidate the
    review lists but does not count, or (with a category) puts any OSM object
    of the data into that category.
    """

    exclude: list[str] = field(default_factory=list)
    include: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Transit:
    """When a bus stop counts for the ``bus`` criterion, given a GTFS timetable.

    A stop counts when it has at least ``min_departures_per_hour`` departures
    per hour on a weekday between ``from_hour`` and ``to_hour`` (hours, local
    time, e.g. 7 and 19). Without a timetable every mapped stop counts.
    """

    min_departures_per_hour: float = 2.0
    from_hour: float = 7.0
    to_hour: float = 19.0
    why_en: str = ("A resident without a car needs a bus at least every half hour in the "
                   "working day: a stop served twice a day is not public transport for them.")
    why_nb: str = ("En beboer uten bil trenger buss minst hver halvtime på dagtid: en "
                   "holdeplass med to avganger om dagen er ikke offentlig transport for dem.")


@dataclass(frozen=True)
class Config:
    """Everything the user decides: profile, criteria, rules, language.

    ``replace_categories`` lists service categories whose user register
    replaces (instead of adds to) what OpenStreetMap gives. ``categories``
    edits or adds service categories: ``{key: {"patterns": [{tag: value or
    [values]}, ...], "label_nb": ..., "label_en": ...}}``; a feature matches
    when all tags of one pattern match ("*" = any value, "" = key absent);
    given patterns replace the built-in ones of that key, and ``candidates``
    (same form) are listed for review but not counted. ``max_snap_m`` is the
    largest plot-to-street distance (metres) before a plot is flagged; ``None``
    (the default) means the engineering default :data:`siting.settings.max_snap_m`,
    read when measuring (see :meth:`snap_limit_m`). ``services`` holds the user's
    exclusions and inclusions (:class:`ServiceEdits`), ``transit`` the bus
    frequency rule (:class:`Transit`), ``police`` the police's settings
    (:class:`Police`).
    """

    profile: str
    criteria: dict[str, Criterion]
    rules: list[Rule]
    replace_categories: list[str] = field(default_factory=list)
    max_snap_m: float | None = None
    lang: Lang = "nb"
    categories: dict[str, dict[str, Any]] = field(default_factory=dict)
    services: ServiceEdits = field(default_factory=ServiceEdits)
    transit: Transit = field(default_factory=Transit)
    police: Police = field(default_factory=Police)

    def to_dict(self) -> dict[str, Any]:
        """Return the config as plain dicts, lists, str, float, bool (and ``None``)."""
        return dataclasses.asdict(self)

    def snap_limit_m(self) -> float:
        """The snap limit in force, in metres: the config's, else the engineering default."""
        return settings.max_snap_m if self.max_snap_m is None else float(self.max_snap_m)
