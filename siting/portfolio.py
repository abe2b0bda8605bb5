"""Choose one plot per resident group, together: the portfolio decision.

A municipality does not pick one best plot: it sites several groups at once
(in Melhus, residents who want change and residents in active use), each with
its own profile, and keeps the sites apart. This module solves that choice
exactly, as a pure function of numbers the engine has already measured:

* each group's score of every plot (0-100, from :func:`siting.scoring.score_table`
  with that group's config) and whether the plot passes every hard rule of the
  group's profile;
* the walking distance between every two plots (metres, over the network,
  between their access points; see :func:`siting.decision.plot_walk_matrix`);
* the constraints: a minimum walking separation between any two chosen plots,
  optional polygon districts of which at most one chosen plot may lie in each
  ("not in the same school district"), and plots reserved for one group.

A *portfolio* gives each group a different plot. The objective is either
``"sum"`` (the sum of the groups' scores) or ``"maxmin"`` (the worst-off group's
score, a fair deal for every group). Ties are broken by the other measure
(``maxmin`` for ``sum`` and the reverse), then by plot ids, so the answer is
always one definite portfolio. Scores equal to
:data:`~siting.scoring.RANK_DECIMALS` decimals count as equal, as in ranking.

Solving is exact: every feasible portfolio is enumerated (vectorised) when the
candidates are few -- a municipality has a handful -- and an integer program
(HiGHS through :func:`scipy.optimize.milp`) is solved otherwise; see
:mod:`siting._portfolio_solvers`. The runner-up portfolios come with their gap
to the best.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from . import settings
from .errors import ConfigError
from .scoring import RANK_DECIMALS

__all__ = [
    "OBJECTIVES", "Objective", "Portfolio", "Problem", "Solution", "allowed_plots",
    "compatible_plots", "objective_values", "solve",
]

Objective = Literal["sum", "maxmin"]
OBJECTIVES: tuple[str, ...] = ("sum", "maxmin")
Method = Literal["auto", "enumerate", "milp"]


@dataclass(frozen=True)
class Problem:
    """One portfolio decision, as numbers.

    Attributes
    ----------
    plot_ids : tuple of str
        The n candidate plots (unique ids).
    groups : tuple of str
        The k resident groups (unique names, e.g. profile names).
    scores : numpy.ndarray
        Shape (k, n): each group's score of each plot, 0-100 (NaN = not scored).
    eligible : numpy.ndarray
        Shape (k, n), bool: the plot passes every hard rule of the group's profile
        (and is not flagged).
    walk_m : numpy.ndarray
        Shape (n, n): walking distance in metres between the plots' access points
        over the network (``inf`` = not connected, NaN = unknown).
    min_separation_m : float
        Any two chosen plots must be at least this far apart on foot (metres);
        0 switches the separation off. A pair whose distance is unknown (NaN)
        never counts as far enough apart.
    objective : {"sum", "maxmin"}
    districts : numpy.ndarray, optional
        Shape (n, d), bool: plot i lies in district j. At most one chosen plot
        may lie in each district; a plot in no district conflicts with none.
    reserved : Mapping[str, str]
        Plot id -> the only group that may be given that plot.
    """

    plot_ids: tuple[str, ...]
    groups: tuple[str, ...]
    scores: np.ndarray
    eligible: np.ndarray
    walk_m: np.ndarray
    min_separation_m: float = 500.0
    objective: Objective = "sum"
    districts: np.ndarray | None = None
    reserved: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        _validate(self)

    @property
    def k(self) -> int:
        """Number of groups."""
        return len(self.groups)

    @property
    def n(self) -> int:
        """Number of candidate plots."""
        return len(self.plot_ids)

    def replace(self, **changes: object) -> Problem:
        """Return a copy with some fields changed (validated again)."""
        return dataclasses.replace(self, **changes)  # type: ignore[arg-type]


def _validate(p: Problem) -> None:
    k, n = len(p.groups), len(p.plot_ids)
    problems: list[tuple[str, str]] = []
    if len(set(p.groups)) != k or k == 0:
        problems.append((f"groups {list(p.groups)} must be one or more distinct names",
                         f"gruppene {list(p.groups)} må være ett eller flere ulike navn"))
    if len(set(p.plot_ids)) != n:
        problems.append(("plot ids must be unique", "tomte-id-ene må være unike"))
    for name, arr, shape in (("scores", p.scores, (k, n)), ("eligible", p.eligible, (k, n)),
                             ("walk_m", p.walk_m, (n, n))):
        if np.shape(arr) != shape:
            problems.append((f"{name} has shape {np.shape(arr)}, expected {shape}",
                             f"{name} har form {np.shape(arr)}, ventet {shape}"))
    if p.districts is not None and np.shape(p.districts)[:1] != (n,):
        problems.append((f"districts has {np.shape(p.districts)[0]} rows for {n} plots",
                         f"districts har {np.shape(p.districts)[0]} rader for {n} tomter"))
    if p.objective not in OBJECTIVES:
        problems.append((f"objective is {p.objective!r}; use 'sum' or 'maxmin'",
                         f"objective er {p.objective!r}; bruk 'sum' eller 'maxmin'"))
    if not (isinstance(p.min_separation_m, int | float) and p.min_separation_m >= 0
            and math.isfinite(p.min_separation_m)):
        problems.append((f"minimum separation is {p.min_separation_m!r}; give metres >= 0",
                         f"minsteavstanden er {p.min_separation_m!r}; gi meter >= 0"))
    problems += _reserved_problems(p)
    if problems:
        raise ConfigError("\n".join(f"portfolio: {en}" for en, _ in problems),
                          nb="\n".join(f"portefølje: {nb}" for _, nb in problems))


def _reserved_problems(p: Problem) -> list[tuple[str, str]]:
    out = []
    for plot, group in p.reserved.items():
        if plot not in p.plot_ids:
            out.append((f"reserved plot '{plot}' is not a candidate; choose one of "
                        f"{', '.join(p.plot_ids)}", f"reservert tomt «{plot}» er ikke en "
                        f"kandidat; velg en av {', '.join(p.plot_ids)}"))
        if group not in p.groups:
            out.append((f"plot '{plot}' is reserved for '{group}', which is not a group; use "
                        f"one of {', '.join(p.groups)}", f"tomt «{plot}» er reservert for "
                        f"«{group}», som ikke er en gruppe; bruk en av {', '.join(p.groups)}"))
    return out


@dataclass(frozen=True)
class Portfolio:
    """One plot per group and what it scores.

    Attributes
    ----------
    plots : tuple of str
        The plot id given to each group, in the order of ``Problem.groups``.
    index : tuple of int
        The same plots as positions in ``Problem.plot_ids``.
    scores : tuple of float
        Each group's score (0-100) of its plot.
    objective : float
        The sum of the scores (``sum``) or the lowest score (``maxmin``).
    secondary : float
        The tie-breaker: the lowest score (``sum``) or the sum (``maxmin``).
    min_walk_m : float
        Shortest walking distance in metres between two of its plots (``inf``
        with one group).
    """

    plots: tuple[str, ...]
    index: tuple[int, ...]
    scores: tuple[float, ...]
    objective: float
    secondary: float
    min_walk_m: float


@dataclass
class Solution:
    """The best portfolio and the runner-ups, or why there is none.

    Attributes
    ----------
    problem : Problem
    portfolios : list of Portfolio
        Best first, then the runner-ups in order (at most ``n_best`` in all);
        empty when no portfolio meets every constraint.
    method : str
        ``"enumerate"`` or ``"milp"``: how the optimum was found.
    n_feasible : int or None
        How many portfolios meet every constraint (known when enumerated).
    blockers : list of str
        When infeasible, the codes of the constraints that make it so:
        ``"rules:<group>"`` (no plot left for that group), ``"plots"`` (fewer
        usable plots than groups), ``"separation"``, ``"districts"``,
        ``"reserved"``; a code is listed when dropping that constraint alone
        (or, for ``rules``, nothing) would leave a feasible portfolio, else
        ``"combined"``.
    """

    problem: Problem
    portfolios: list[Portfolio]
    method: str
    n_feasible: int | None = None
    blockers: list[str] = field(default_factory=list)

    @property
    def best(self) -> Portfolio | None:
        """The chosen portfolio (None when infeasible)."""
        return self.portfolios[0] if self.portfolios else None

    def gap(self, portfolio: Portfolio) -> float:
        """How far ``portfolio`` is behind the best, in objective points (≥ 0)."""
        best = self.best
        return 0.0 if best is None else best.objective - portfolio.objective


# --------------------------------------------------------------------------- building blocks
def allowed_plots(problem: Problem) -> np.ndarray:
    """(k, n) bool: group g may be given plot i (rules, scored, reservation)."""
    ok = np.asarray(problem.eligible, dtype=bool) & np.isfinite(problem.scores)
    index = {p: i for i, p in enumerate(problem.plot_ids)}
    for plot, group in problem.reserved.items():
        others = [g for g, name in enumerate(problem.groups) if name != group]
        ok[others, index[plot]] = False
    return ok


def separation_ok(problem: Problem) -> np.ndarray:
    """(n, n) bool: two different plots far enough apart (NaN = unknown = not)."""
    with np.errstate(invalid="ignore"):
        ok = np.asarray(problem.walk_m, dtype=float) >= problem.min_separation_m
    np.fill_diagonal(ok, False)
    return ok


def district_ok(problem: Problem) -> np.ndarray:
    """(n, n) bool: two different plots share no district."""
    n = problem.n
    ok = ~np.eye(n, dtype=bool)
    if problem.districts is not None and np.size(problem.districts):
        member = np.asarray(problem.districts, dtype=np.int64)
        ok &= (member @ member.T) == 0
    return ok


def compatible_plots(problem: Problem) -> np.ndarray:
    """(n, n) bool: plots i and j may both be chosen (different, apart, other districts)."""
    return separation_ok(problem) & district_ok(problem)


def objective_values(scores: np.ndarray, objective: str) -> tuple[np.ndarray, np.ndarray]:
    """Primary and secondary value of portfolios from their scores (..., k).

    ``sum``: (sum, min); ``maxmin``: (min, sum). The sum adds the groups in
    order, so every caller gets the same bits.
    """
    total = scores[..., 0].copy()
    for g in range(1, scores.shape[-1]):
        total = total + scores[..., g]
    low = scores.min(axis=-1)
    return (total, low) if objective == "sum" else (low, total)


def canonical_order(primary: np.ndarray, secondary: np.ndarray, combos: np.ndarray,
                    id_rank: np.ndarray) -> np.ndarray:
    """Order portfolios best first: primary, then secondary (both rounded to
    :data:`~siting.scoring.RANK_DECIMALS`), then plot ids group by group."""
    keys = [id_rank[combos[:, g]] for g in range(combos.shape[1] - 1, -1, -1)]
    keys += [-np.round(secondary, RANK_DECIMALS), -np.round(primary, RANK_DECIMALS)]
    order: np.ndarray = np.lexsort(keys)
    return order


def id_ranks(plot_ids: tuple[str, ...]) -> np.ndarray:
    """Position of each plot id in sorted order (ties of the objective go to lower ids)."""
    _, rank = np.unique(np.array(plot_ids, dtype=str), return_inverse=True)
    return np.asarray(rank, dtype=np.int64)


def portfolio_from(problem: Problem, combo: np.ndarray | tuple[int, ...]) -> Portfolio:
    """The :class:`Portfolio` of one assignment (plot position per group)."""
    index = tuple(int(i) for i in combo)
    scores = np.array([problem.scores[g, i] for g, i in enumerate(index)], dtype=float)
    primary, secondary = objective_values(scores[None, :], problem.objective)
    walks = [float(problem.walk_m[a, b]) for a in index for b in index if a != b]
    return Portfolio(tuple(problem.plot_ids[i] for i in index), index,
                     tuple(float(s) for s in scores), float(primary[0]), float(secondary[0]),
                     min(walks) if walks else math.inf)


# --------------------------------------------------------------------------- solving
def solve(problem: Problem, n_best: int = 5, method: Method = "auto") -> Solution:
    """Find the best portfolio and the ``n_best - 1`` runner-ups, exactly.

    Parameters
    ----------
    problem : Problem
    n_best : int
        How many portfolios to return, best first (≥ 1).
    method : {"auto", "enumerate", "milp"}
        ``auto`` enumerates when the groups' candidate counts multiply to at most
        :data:`siting.settings.portfolio_enumeration_limit`, else solves an
        integer program.

    Returns
    -------
    Solution
    """
    from ._portfolio_solvers import enumerate_feasible, milp_best

    if method not in ("auto", "enumerate", "milp"):
        raise ConfigError(f"portfolio: method is {method!r}; use 'auto', 'enumerate' or 'milp'",
                          nb=f"portefølje: method er {method!r}; bruk 'auto', 'enumerate' "
                          "eller 'milp'")
    allowed = allowed_plots(problem)
    size = math.prod(int(c) for c in allowed.sum(axis=1))
    if method == "enumerate" or (method == "auto" and size <= settings.portfolio_enumeration_limit):
        combos = enumerate_feasible(allowed, compatible_plots(problem))
        solution = _ranked(problem, combos, n_best)
    else:
        found = milp_best(problem, allowed, n_best)
        solution = Solution(problem, [portfolio_from(problem, c) for c in found], "milp")
    if not solution.portfolios:
        solution.blockers = blockers(problem, allowed)
    return solution


def _ranked(problem: Problem, combos: np.ndarray, n_best: int) -> Solution:
    scores = np.stack([problem.scores[g, combos[:, g]] for g in range(problem.k)], axis=-1)
    primary, secondary = objective_values(scores, problem.objective)
    order = canonical_order(primary, secondary, combos, id_ranks(problem.plot_ids))
    chosen = [portfolio_from(problem, combos[i]) for i in order[:n_best]]
    return Solution(problem, chosen, "enumerate", n_feasible=len(combos))


def blockers(problem: Problem, allowed: np.ndarray | None = None) -> list[str]:
    """Why no portfolio is feasible: the codes described in :class:`Solution`."""
    from ._portfolio_solvers import any_feasible

    allowed = allowed_plots(problem) if allowed is None else allowed
    empty = [f"rules:{g}" for g, row in zip(problem.groups, allowed, strict=True) if not row.any()]
    if empty:
        return empty
    if not any_feasible(allowed, ~np.eye(problem.n, dtype=bool)):
        return ["plots"]
    found = []
    if any_feasible(allowed, district_ok(problem)):
        found.append("separation")
    if any_feasible(allowed, separation_ok(problem)):
        found.append("districts")
    if problem.reserved and any_feasible(allowed_plots(problem.replace(reserved={})),
                                         compatible_plots(problem)):
        found.append("reserved")
    return found or ["combined"]
