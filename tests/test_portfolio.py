"""The portfolio solver against a naive brute force, and hand-made cases with known answers.

The brute force here is written independently of :mod:`siting.portfolio`: it
walks every ordered choice of k distinct plots with ``itertools.permutations``,
checks each constraint in plain Python and sorts by the documented key.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pandas as pd
import pytest

from siting.config import config_from_dict
from siting.errors import ConfigError
from siting.portfolio import Problem, solve
from siting.scoring import score_table

PROFILES = ("recovery", "active-use")
CATS = ("gp", "mental_health", "substance_abuse", "bus", "shop", "pharmacy", "school")


# --------------------------------------------------------------------------- brute force
def brute_force(p: Problem) -> list[tuple[tuple[str, ...], float, float]]:
    """Every feasible portfolio as (plot ids, primary, secondary), best first."""
    found = []
    for combo in itertools.permutations(range(p.n), p.k):
        if not all(_allowed(p, g, i) for g, i in enumerate(combo)):
            continue
        if not all(_apart(p, a, b) for a, b in itertools.combinations(combo, 2)):
            continue
        scores = [float(p.scores[g, i]) for g, i in enumerate(combo)]
        total = 0.0
        for s in scores:
            total += s
        primary, secondary = (total, min(scores)) if p.objective == "sum" else (min(scores),
                                                                                 total)
        found.append((tuple(p.plot_ids[i] for i in combo), primary, secondary))
    return sorted(found, key=lambda f: (-round(f[1], 9), -round(f[2], 9), f[0]))


def _allowed(p: Problem, g: int, i: int) -> bool:
    owner = p.reserved.get(p.plot_ids[i])
    return bool(p.eligible[g, i]) and math.isfinite(p.scores[g, i]) and owner in (None,
                                                                                 p.groups[g])


def _apart(p: Problem, a: int, b: int) -> bool:
    d = float(p.walk_m[a, b])
    if not d >= p.min_separation_m:  # NaN: unknown, never far enough
        return False
    if p.districts is None:
        return True
    return not any(p.districts[a, j] and p.districts[b, j] for j in range(p.districts.shape[1]))


# --------------------------------------------------------------------------- random instances
def _random_table(rng: np.random.Generator, n: int) -> pd.DataFrame:
    table = pd.DataFrame({"plot_id": [f"T{i:02d}" for i in rng.permutation(n)]})
    for cat in CATS:
        table[f"walk_m_{cat}"] = rng.uniform(50, 2500, n).round(rng.integers(0, 2) * 3)
    table["police_drive_min"] = rng.uniform(1, 14, n)
    table["patrol_detour_min"] = rng.uniform(0, 6, n)
    table["flag"] = np.where(rng.random(n) < 0.1, "far from the street", "")
    return table


def _random_config(rng: np.random.Generator, profile: str) -> object:
    weights = {key: float(rng.choice([0, 0.5, 1, 2, 3])) for key in
               ("gp", "bus", "shop", "police", "patrol")}
    weights["gp"] = max(weights["gp"], 0.5)
    rules = [{"column": "police_drive_min", "op": "max", "value": float(rng.uniform(6, 14)),
              "enabled": bool(rng.random() < 0.8)},
             {"column": "walk_m_bus", "op": "max", "value": float(rng.uniform(400, 2500)),
              "enabled": bool(rng.random() < 0.6)},
             {"column": "walk_m_school", "op": "min", "value": float(rng.uniform(0, 600)),
              "enabled": bool(rng.random() < 0.4)}]
    return config_from_dict({"profile": profile, "rules": rules,
                             "criteria": {k: {"weight": w} for k, w in weights.items()}})


def random_problem(seed: int) -> Problem:
    """n ≤ 12 plots, k ≤ 3 groups, scored by random configs with random rules."""
    rng = np.random.default_rng(seed)
    n, k = int(rng.integers(2, 13)), int(rng.integers(1, 4))
    table = _random_table(rng, n)
    ranked = [score_table(table, _random_config(rng, PROFILES[g % 2])).loc[table.index]
              for g in range(k)]
    scores = np.array([r["score"].to_numpy(dtype=float) for r in ranked])
    if rng.random() < 0.3:  # exact ties between plots and groups
        scores = np.round(scores / 10) * 10
    eligible = np.array([(r["status"] == "ok").to_numpy() for r in ranked])
    xy = rng.uniform(0, 2000, (n, 2))
    walk = np.hypot(*(xy[:, None, :] - xy[None, :, :]).transpose(2, 0, 1))
    walk = walk * rng.uniform(1.0, 1.6, (n, n))
    walk = np.minimum(walk, walk.T)
    np.fill_diagonal(walk, 0.0)
    if rng.random() < 0.3:
        i, j = rng.choice(n, 2, replace=False)
        walk[i, j] = walk[j, i] = rng.choice([np.inf, np.nan])
    off = walk[~np.eye(n, dtype=bool)]
    off = off[np.isfinite(off)]
    quantile = float(np.quantile(off, rng.uniform(0, 0.6))) if len(off) else 0.0
    min_sep = float(rng.choice([0.0, round(quantile, 1)]))
    districts = rng.random((n, int(rng.integers(1, 4)))) < 0.35 if rng.random() < 0.5 else None
    groups = tuple(f"{PROFILES[g % 2]}-{g}" for g in range(k))
    reserved = {}
    if rng.random() < 0.4:
        reserved = {str(table["plot_id"].iat[int(i)]): str(rng.choice(groups))
                    for i in rng.choice(n, int(rng.integers(1, 3)), replace=False)}
    objective = str(rng.choice(["sum", "maxmin"]))
    return Problem(tuple(table["plot_id"]), groups, scores, eligible, walk, min_sep,
                   objective, districts, reserved)  # type: ignore[arg-type]


@pytest.mark.parametrize("seed", range(150))
def test_enumeration_equals_brute_force(seed: int) -> None:
    p = random_problem(seed)
    expected = brute_force(p)
    got = solve(p, n_best=6, method="enumerate")
    assert got.n_feasible == len(expected)
    assert [(q.plots, q.objective, q.secondary) for q in got.portfolios] == expected[:6]
    for q in got.portfolios:
        assert q.min_walk_m == min((float(p.walk_m[a, b]) for a in q.index for b in q.index
                                    if a != b), default=math.inf)


@pytest.mark.parametrize("seed", range(0, 150, 3))
def test_integer_program_equals_brute_force(seed: int) -> None:
    p = random_problem(seed)
    expected = brute_force(p)
    got = solve(p, n_best=4, method="milp")
    assert got.method == "milp"
    assert len(got.portfolios) == min(4, len(expected))
    values = [v for q in got.portfolios for v in (q.objective, q.secondary)]
    assert values == pytest.approx([v for e in expected[:4] for v in e[1:]], abs=1e-6)
    seen = {e[0] for e in expected}
    assert all(q.plots in seen for q in got.portfolios)  # every one is feasible


def test_integer_program_on_a_larger_instance() -> None:
    """60 plots, 3 groups: beyond brute force, the two exact methods still agree."""
    rng = np.random.default_rng(7)
    n = 60
    xy = rng.uniform(0, 4000, (n, 2))
    walk = np.hypot(*(xy[:, None, :] - xy[None, :, :]).transpose(2, 0, 1)) * 1.3
    for objective in ("sum", "maxmin"):
        p = Problem(tuple(f"P{i}" for i in range(n)), ("a", "b", "c"),
                    rng.uniform(0, 100, (3, n)), rng.random((3, n)) < 0.8, walk, 900.0,
                    objective, rng.random((n, 5)) < 0.15, {"P3": "b"})
        a, b = solve(p, 3, "enumerate"), solve(p, 3, "milp")
        assert [q.objective for q in a.portfolios] == pytest.approx(
            [q.objective for q in b.portfolios], abs=1e-6)
        assert a.portfolios[0].plots == b.portfolios[0].plots


# --------------------------------------------------------------------------- hand-made cases
def _hand(scores: list[list[float]], walk: list[list[float]], objective: str = "sum",
          min_sep: float = 500.0) -> Problem:
    n = len(scores[0])
    return Problem(tuple(f"P{i + 1}" for i in range(n)), ("recovery", "active-use"),
                   np.array(scores, dtype=float), np.ones((2, n), dtype=bool),
                   np.array(walk, dtype=float), min_sep, objective)  # type: ignore[arg-type]


#: P1 and P2 are 300 m apart; P3 is 900 m from P1 and 700 m from P2.
WALK3 = [[0, 300, 900], [300, 0, 700], [900, 700, 0]]


def test_each_groups_best_alone_is_too_close() -> None:
    """Recovery's best is P1 (90), active-use's best is P2 (85), but they are 300 m
    apart (P1 + P2 would score 175). Feasible: P1 + P3 = 90 + 70 = 160,
    P2 + P3 = 80 + 70 = 150, P3 + P2 = 60 + 85 = 145, P3 + P1 = 60 + 50 = 110."""
    p = _hand([[90, 80, 60], [50, 85, 70]], WALK3)
    single = [p.plot_ids[int(np.argmax(row))] for row in p.scores]
    assert single == ["P1", "P2"]
    assert p.walk_m[0, 1] < p.min_separation_m
    got = solve(p)
    assert got.best is not None
    assert got.best.plots == ("P1", "P3")
    assert got.best.objective == 160.0
    assert [(q.plots, q.objective) for q in got.portfolios] == [
        (("P1", "P3"), 160.0), (("P2", "P3"), 150.0), (("P3", "P2"), 145.0),
        (("P3", "P1"), 110.0)]
    assert [got.gap(q) for q in got.portfolios] == [0.0, 10.0, 15.0, 50.0]
    assert got.best.min_walk_m == 900.0
    assert solve(p.replace(min_separation_m=0.0)).best.plots == ("P1", "P2")  # type: ignore[union-attr]


def test_maxmin_and_sum_choose_differently() -> None:
    """P1 suits recovery (100) far better than P2 (55); active-use scores P1 55 and
    P2 20. Sum: P1 + P2 = 100 + 20 = 120 > P2 + P1 = 55 + 55 = 110. Max-min: the
    worst group gets 55 with P2 + P1, only 20 with P1 + P2."""
    scores, far = [[100, 55], [55, 20]], [[0, 1000], [1000, 0]]
    by_sum = solve(_hand(scores, far, "sum")).best
    by_maxmin = solve(_hand(scores, far, "maxmin")).best
    assert by_sum is not None and by_maxmin is not None
    assert (by_sum.plots, by_sum.objective, by_sum.secondary) == (("P1", "P2"), 120.0, 20.0)
    assert (by_maxmin.plots, by_maxmin.objective, by_maxmin.secondary) == (
        ("P2", "P1"), 55.0, 110.0)


def test_ties_go_to_the_tie_breaker_then_to_plot_ids() -> None:
    far = [[0, 1000], [1000, 0]]
    # equal sums (100): the fairer portfolio (worst group 50, not 30) comes first
    fair = solve(_hand([[70, 50], [50, 30]], far))
    assert [(q.plots, q.objective, q.secondary) for q in fair.portfolios] == [
        (("P2", "P1"), 100.0, 50.0), (("P1", "P2"), 100.0, 30.0)]
    # equal worst groups (40): the larger sum comes first
    fair = solve(_hand([[40, 90], [40, 40]], far, "maxmin"))
    assert [q.plots for q in fair.portfolios] == [("P2", "P1"), ("P1", "P2")]
    # identical in both measures: plot ids decide
    same = solve(_hand([[50, 50], [50, 50]], far))
    assert [q.plots for q in same.portfolios] == [("P1", "P2"), ("P2", "P1")]


def test_reserved_plot_goes_only_to_its_group() -> None:
    p = _hand([[90, 80, 60], [50, 85, 70]], WALK3, min_sep=0.0)
    assert solve(p).best.plots == ("P1", "P2")  # type: ignore[union-attr]
    reserved = solve(p.replace(reserved={"P1": "active-use"}))
    assert reserved.best.plots == ("P2", "P3")  # type: ignore[union-attr]  # 80 + 70 > 60 + 85


def test_not_in_the_same_district() -> None:
    p = _hand([[90, 80, 60], [50, 85, 70]], WALK3, min_sep=0.0)
    same = np.array([[True], [True], [False]])  # P1 and P2 in one district
    assert solve(p.replace(districts=same)).best.plots == ("P1", "P3")  # type: ignore[union-attr]


def test_infeasible_says_which_constraint_blocks() -> None:
    p = _hand([[90, 80, 60], [50, 85, 70]], WALK3, min_sep=1000.0)
    got = solve(p)
    assert got.best is None and got.portfolios == [] and got.blockers == ["separation"]
    rules = p.replace(eligible=np.array([[True, True, True], [False, False, False]]))
    assert solve(rules).blockers == ["rules:active-use"]
    one = p.replace(eligible=np.array([[True, False, False], [True, False, False]]))
    assert solve(one).blockers == ["plots"]
    # P1-P3 is the only pair 800 m apart, and it shares a district: either rule alone blocks
    either = p.replace(min_separation_m=800.0, districts=np.array([[True], [False], [True]]))
    assert solve(either).blockers == ["separation", "districts"]
    both = p.replace(districts=np.ones((3, 1), dtype=bool))  # one district holds all three
    assert solve(both).blockers == ["combined"]


def test_bad_problem_names_every_problem() -> None:
    with pytest.raises(ConfigError) as err:
        Problem(("P1", "P1"), ("a", "a"), np.zeros((2, 2)), np.ones((2, 2), bool),
                np.zeros((3, 3)), -1.0, "best", None, {"P9": "x"})  # type: ignore[arg-type]
    assert str(err.value).splitlines() == [
        "portfolio: groups ['a', 'a'] must be one or more distinct names",
        "portfolio: plot ids must be unique",
        "portfolio: walk_m has shape (3, 3), expected (2, 2)",
        "portfolio: objective is 'best'; use 'sum' or 'maxmin'",
        "portfolio: minimum separation is -1.0; give metres >= 0",
        "portfolio: reserved plot 'P9' is not a candidate; choose one of P1, P1",
        "portfolio: plot 'P9' is reserved for 'x', which is not a group; use one of a, a",
    ]
