"""Tests for siting.robustness, each checked against a naive second implementation."""

from __future__ import annotations

import math
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from siting.compare import compare_scenarios
from siting.config import Config, Criterion, Curve, Rule, default_config, with_weights
from siting.demo import demo_plots
from siting.errors import ConfigError, InputError
from siting.pipeline import load_study, rank
from siting.robustness import (
    Method,
    draw_scores,
    draw_weights,
    pareto,
    swap_weights,
    weight_sensitivity,
)
from siting.scoring import score_table, value_column
from siting.text.robust import percent, sensitivity_summary, swap_sentences

INF = math.inf


# --------------------------------------------------------------------------- fixtures
def _random_table(seed: int, n: int = 10, flagged: int = 1) -> pd.DataFrame:
    """A distance table for the built-in profiles: random metres and minutes, some inf."""
    rng = np.random.default_rng(seed)
    walk = ["gp", "mental_health", "substance_abuse", "shop", "pharmacy", "school"]
    table = pd.DataFrame({"plot_id": [f"P{i:02d}" for i in range(n)]})
    for key in walk:
        table[f"walk_m_{key}"] = rng.uniform(100, 1500, n).round()
    table["walk_m_bus"] = rng.uniform(100, 700, n).round()
    table["police_drive_min"] = rng.uniform(2, 12, n).round(2)
    table["patrol_detour_min"] = rng.uniform(0, 5, n).round(2)
    table.loc[rng.integers(n), "walk_m_mental_health"] = INF
    table["flag"] = [""] * (n - flagged) + ["too far from a street"] * flagged
    return table


def _ranks_by_id(scored: pd.DataFrame) -> dict[str, int]:
    return {str(p): (0 if pd.isna(r) else int(r))
            for p, r in zip(scored["plot_id"], scored["rank"], strict=True)}


# --------------------------------------------------------------------------- Pareto
def _pareto_naive(ranked: pd.DataFrame, keys: list[str]) -> dict[str, list[str]]:
    rows = [r for _, r in ranked.iterrows() if r["status"] != "flagged"]
    out = {}
    for i in rows:
        beaten_by = []
        for j in rows:
            ge = all(j[value_column(k)] >= i[value_column(k)] for k in keys)
            gt = any(j[value_column(k)] > i[value_column(k)] for k in keys)
            behind = j["status"] == "fails_rules" and i["status"] == "ok"
            if ge and gt and not behind:
                beaten_by.append(j["plot_id"])
        out[i["plot_id"]] = beaten_by
    return out


@pytest.mark.parametrize("seed", range(8))
def test_pareto_matches_naive_loop(seed: int) -> None:
    rng = np.random.default_rng(seed)
    keys = [f"k{i}" for i in range(5)]
    weights = [1.0, 0.0, 2.0, 1.0, 3.0]  # k1 has weight 0: it counts, it could be raised
    config = Config("recovery", {k: Criterion(f"walk_m_{k}", w, Curve(0, 1))
                                 for k, w in zip(keys, weights, strict=True)}, [])
    n = 12
    ranked = pd.DataFrame({"plot_id": [f"T{i}" for i in range(n)], "rank": range(1, n + 1),
                           "status": rng.choice(["ok", "fails_rules", "flagged"], n,
                                                p=[0.6, 0.3, 0.1])})
    for k in keys:  # few levels, so ties and equal rows occur
        ranked[value_column(k)] = rng.choice([0.0, 0.25, 0.5, 1.0], n)
    ranked.loc[ranked["status"] == "flagged", [value_column(k) for k in keys]] = np.nan
    got = pareto(ranked, config)
    naive = _pareto_naive(ranked, keys)
    assert list(got["plot_id"]) == list(naive)
    assert dict(zip(got["plot_id"], got["dominated_by"], strict=True)) == naive
    assert list(got["dominated"]) == [bool(v) for v in naive.values()]
    for pid, beats in zip(got["plot_id"], got["dominates"], strict=True):
        assert beats == [q for q, by in naive.items() if pid in by]


def test_pareto_counts_a_criterion_weighted_zero() -> None:
    """B is worse than A on k0 and level on k2, the criteria weighted now, but better on
    k1, weighted 0: raising k1 to 3 puts B first, so A does not dominate B. C is no
    better than A or B anywhere. D is at least as good as all three everywhere but fails a
    rule they pass, so it ranks after them whatever the weights: it dominates none."""
    config = Config("recovery", {k: Criterion(f"walk_m_{k}", w, Curve(0, 1))
                                 for k, w in (("k0", 1.0), ("k1", 0.0), ("k2", 1.0))},
                    [Rule("walk_m_x", "max", 100.0)])
    table = pd.DataFrame({"plot_id": ["A", "B", "C", "D"], "walk_m_k0": [0.0, 0.5, 0.5, 0.0],
                          "walk_m_k1": [1.0, 0.0, 1.0, 0.0], "walk_m_k2": [0.5, 0.5, 0.5, 0.5],
                          "walk_m_x": [0.0, 0.0, 0.0, 200.0]})
    got = pareto(score_table(table, config), config).set_index("plot_id")
    assert got["dominated_by"].to_dict() == {"A": [], "B": [], "C": ["A", "B"], "D": []}
    assert got["dominates"].to_dict() == {"A": ["C"], "B": ["C"], "C": [], "D": []}
    raised = score_table(table, with_weights(config, {"k1": 3.0}))
    assert raised["plot_id"].tolist() == ["B", "A", "C", "D"]
    assert raised["score"].round(6).tolist() == [80.0, 30.0, 20.0, 90.0]


def test_pareto_on_the_demo() -> None:
    config = default_config()
    result = rank(load_study(), demo_plots(), None, config)
    got = pareto(result.ranked, config)
    assert got[["plot_id", "dominated"]].values.tolist() == [
        ["A", False], ["C", True], ["B", True], ["D", True]]  # E is flagged: left out
    assert got["dominated_by"].tolist() == [[], ["A"], ["A"], ["A"]]
    assert got["dominates"].iloc[0] == ["C", "B", "D"]


def test_pareto_needs_value_columns() -> None:
    with pytest.raises(InputError, match=r"^ranked table: column\(s\) value_gp, .* missing"):
        pareto(_random_table(0), default_config())


# --------------------------------------------------------------------------- Monte Carlo
@pytest.mark.slow
@pytest.mark.parametrize(("profile", "method"), [("recovery", "uniform"),
                                                 ("active-use", "uniform"),
                                                 ("recovery", "dirichlet")])
def test_sensitivity_matches_score_table_loop(profile: str, method: Method) -> None:
    table, config = _random_table(6), default_config(profile)
    table.iloc[2, 1:] = table.iloc[1, 1:]  # P01 and P02 tie exactly in every draw
    sens = weight_sensitivity(table, config, n=200, spread=0.6, seed=11, method=method)
    scored = score_table(table, config)
    values = scored[[value_column(k) for k in sens.keys]].to_numpy(dtype=float)
    per_plot: dict[str, list[int]] = {str(p): [] for p in sens.table["plot_id"]}
    level: dict[str, int] = {str(p): 0 for p in sens.table["plot_id"]}
    for d in range(200):
        drawn = score_table(table, with_weights(config, dict(zip(sens.keys, sens.weights[d],
                                                                 strict=True))))
        mine = drawn.set_index("plot_id").loc[scored["plot_id"], "score"].to_numpy()
        assert np.array_equal(mine, draw_scores(values, sens.weights)[d], equal_nan=True)
        for pid, r in _ranks_by_id(drawn).items():
            per_plot[pid].append(r)
        # level with the first: its score (to the ranking's decimals) and its status
        top = drawn[drawn["rank"] == 1].iloc[0]
        same = drawn[(drawn["status"] == top["status"])
                     & (drawn["score"].round(9) == round(top["score"], 9))]
        if len(same) > 1:
            for pid in same["plot_id"]:
                level[str(pid)] += 1
    ranks = np.array([per_plot[str(p)] for p in sens.table["plot_id"]]).T
    assert np.array_equal(ranks, sens.ranks)
    for i, pid in enumerate(sens.table["plot_id"]):
        row, mine = sens.table.iloc[i], per_plot[str(pid)]
        assert row["share_first"] == sum(r == 1 for r in mine) / 200
        assert row["share_level"] == level[str(pid)] / 200
        assert row["share_top3"] == sum(1 <= r <= 3 for r in mine) / 200
        if row["status"] == "flagged":
            assert math.isnan(row["mean_rank"]) and math.isnan(row["rank_p05"])
            continue
        assert row["mean_rank"] == sum(mine) / 200
        assert row["rank_p05"] == sorted(mine)[math.ceil(0.05 * 200) - 1]
        assert row["rank_p95"] == sorted(mine)[math.ceil(0.95 * 200) - 1]
    assert 0 < sens.table["share_first"].iloc[0] < 1  # the case is not trivial


def test_uniform_draws_follow_the_stated_method() -> None:
    config = default_config()  # school has weight 0
    w = np.array([c.weight for c in config.criteria.values()])
    drawn = draw_weights(config, n=500, spread=0.25, seed=4)
    factors = drawn[:, w > 0] / w[w > 0]
    assert factors.min() >= 0.75 and factors.max() <= 1.25
    assert (drawn[:, w == 0] == 0).all()
    assert abs(factors.mean() - 1) < 0.01
    assert np.array_equal(drawn, draw_weights(config, n=500, spread=0.25, seed=4))
    dirichlet = draw_weights(config, n=4000, spread=0.5, seed=4, method="dirichlet")
    assert np.allclose(dirichlet.sum(axis=1), w.sum())
    assert np.allclose(dirichlet.mean(axis=0), w, atol=0.05)


def test_sensitivity_on_the_demo_and_its_summary() -> None:
    result = rank(load_study(), demo_plots(), None, default_config())
    sens = weight_sensitivity(result.acc.table, result.config)
    assert sens.table["plot_id"].tolist() == ["A", "C", "B", "D", "E"]
    assert sens.table["share_first"].tolist() == [1.0, 0.0, 0.0, 0.0, 0.0]
    assert sens.table["share_top3"].tolist() == [1.0, 1.0, 1.0, 0.0, 0.0]
    assert (sens.ranks[:, 4] == 0).all()  # E is flagged: never ranked
    assert sensitivity_summary(sens, "en") == (
        "When each weight is multiplied by a random factor between 0.50 and 1.50 (±50%) in "
        "2,000 draws, plot A ranks first in 100% of them and in the top three in 100%.")
    assert sensitivity_summary(sens, "nb") == (
        "Når hver vekt ganges med en tilfeldig faktor mellom 0,50 og 1,50 (±50\u00a0%) i "
        "2\u00a0000 trekninger, er tomt A best i 100\u00a0% av trekningene og blant de tre "
        "beste i 100\u00a0%.")


def test_sensitivity_is_fast_for_ten_plots() -> None:
    table, config = _random_table(5, n=10, flagged=0), default_config()
    weight_sensitivity(table, config, n=50)  # warm up
    start = time.perf_counter()
    weight_sensitivity(table, config, n=2000)
    assert time.perf_counter() - start < 1.0  # about 0.01 s on a laptop


def test_sensitivity_settings_are_checked() -> None:
    with pytest.raises(ConfigError) as err:
        weight_sensitivity(_random_table(0), default_config(), n=0, spread=1.5,
                           method="normal")  # type: ignore[arg-type]
    assert str(err.value).splitlines() == [
        "weight_sensitivity: n is 0; give the number of draws, a whole number ≥ 1",
        "weight_sensitivity: spread is 1.5; give a share between 0 and 1 (0.5 = ±50 %)",
        "weight_sensitivity: method is 'normal'; use 'uniform' or 'dirichlet'"]


def _equal_but_dominated() -> tuple[pd.DataFrame, Config]:
    """T1 and T14 equal on GP and bus, T14 nearer a school (weight 0); T7 behind on GP."""
    config = Config("recovery", {
        "gp": Criterion("walk_m_gp", 3.0, Curve(0, 1000), "GP", "Fastlege"),
        "bus": Criterion("walk_m_bus", 2.0, Curve(0, 1000), "Bus", "Buss"),
        "school": Criterion("walk_m_school", 0.0, Curve(0, 1000), "School", "Skole"),
    }, [], lang="en")
    table = pd.DataFrame({"plot_id": ["T1", "T14", "T7"], "walk_m_gp": [0.0, 0.0, 500.0],
                          "walk_m_bus": [500.0, 500.0, 0.0],
                          "walk_m_school": [1000.0, 250.0, 0.0]})
    return table, config


def test_draws_give_an_equal_score_to_the_plot_that_dominates() -> None:
    """The committee's central Oslo case in small: T1 and T14 score the same in every
    draw (only the GP and bus weights vary), T14 is better on the school weighted 0.
    Ordered by id alone, T1 came first in every draw and T14 never did, though T14
    dominates T1; now T14 takes the share, and the summary says why it is first."""
    table, config = _equal_but_dominated()
    scored = score_table(table, config)
    assert scored["plot_id"].tolist() == ["T14", "T1", "T7"]
    assert scored["score"].tolist() == [80.0, 80.0, 70.0]
    assert pareto(scored, config)["dominated_by"].tolist() == [[], ["T14"], []]
    sens = weight_sensitivity(table, config, n=300, seed=3)
    by_id = sens.table.set_index("plot_id")
    assert 0 < by_id.loc["T7", "share_first"] < 1  # the weights matter against T7
    assert by_id.loc["T1", "share_first"] == 0.0
    assert by_id.loc["T14", "share_first"] == 1 - by_id.loc["T7", "share_first"]
    assert (sens.ranks[:, 1] == sens.ranks[:, 0] + 1).all()  # T1 right after T14, always
    assert by_id.loc["T14", "share_level"] == by_id.loc["T14", "share_first"]
    level = percent(by_id.loc["T14", "share_level"], "en")
    assert sensitivity_summary(sens, "en").endswith(
        f"In {level} of the draws T1 score the same as T14; T14 is then first only because "
        "equal scores are ordered by the sum of all criterion values, then by plot id.")
    assert sensitivity_summary(sens, "nb").endswith(
        f"I {percent(by_id.loc['T14', 'share_level'], 'nb')} av trekningene har T1 like mange "
        "poeng som T14; da er T14 først bare fordi like poengsummer ordnes etter summen av "
        "alle kriterieverdiene og deretter tomte-id.")


# --------------------------------------------------------------------------- swap points
def _two_criteria(rule: bool = False) -> tuple[pd.DataFrame, Config]:
    """A (GP 1, bus 0), B (GP 0, bus 1), C (0, 0); weights GP 3, bus 2, school 0."""
    config = Config("recovery", {
        "gp": Criterion("walk_m_gp", 3.0, Curve(0, 1000), "GP", "Fastlege"),
        "bus": Criterion("walk_m_bus", 2.0, Curve(0, 1000), "Bus", "Buss"),
        "school": Criterion("walk_m_school", 0.0, Curve(300, 50), "School", "Skole"),
    }, [Rule("walk_m_gp", "max", 500.0, enabled=rule)], lang="en")
    table = pd.DataFrame({"plot_id": ["A", "B", "C"], "walk_m_gp": [0.0, 1000.0, 1000.0],
                          "walk_m_bus": [1000.0, 0.0, 1000.0], "walk_m_school": [INF] * 3})
    return table, config


def test_swap_sentences_on_a_hand_made_case() -> None:
    table, config = _two_criteria()
    got = swap_weights(table, config)
    assert got["criterion"].tolist() == ["gp", "bus", "school"]
    assert got["multiplier"].iloc[0] == pytest.approx(2 / 3, abs=1e-15)
    assert got["multiplier"].iloc[1] == 1.5
    assert math.isnan(got["multiplier"].iloc[2])
    assert got["direction"].tolist() == ["down", "up", ""]
    assert swap_sentences(got, config, "en") == [
        "If the weight on GP falls from 3 to 2 (×0.67), plot B overtakes plot A.",
        "If the weight on Bus rises from 2 to 3 (×1.50), plot B overtakes plot A.",
        # weight 0 cannot be multiplied up: said, not claimed to be tried
        "The weight on School is 0, so it was not varied here; given a weight, the criterion "
        "may change the order of plot A and plot B."]
    assert swap_sentences(got, config, "nb") == [
        "Hvis vekten på Fastlege synker fra 3 til 2 (×0,67), går tomt B forbi tomt A.",
        "Hvis vekten på Buss øker fra 2 til 3 (×1,50), går tomt B forbi tomt A.",
        "Vekten på Skole er 0 og er derfor ikke endret her; får kriteriet en vekt, kan "
        "rekkefølgen mellom tomt A og tomt B endre seg."]


def test_a_swap_beyond_the_sliders_says_so() -> None:
    table, config = _two_criteria()
    got = swap_weights(table, config)
    far = got.assign(multiplier=[np.nan, 4.0, np.nan], new_weight=[np.nan, 8.0, np.nan])
    assert swap_sentences(far, config, "nb")[1] == (
        "Først hvis vekten på Buss øker fra 2 til 8 (×4,00), over skalaens største verdi 5, går "
        "tomt B forbi tomt A: innenfor skalaen holder rekkefølgen.")
    assert swap_sentences(far, config, "en")[1].startswith(
        "Only if the weight on Bus rises from 2 to 8 (×4.00), beyond the scale's largest value 5")


def test_swap_across_a_rule_is_impossible() -> None:
    table, config = _two_criteria(rule=True)  # B fails the GP rule, A passes
    got = swap_weights(table, config)
    assert got["multiplier"].isna().all() and got["blocked"].all()
    assert swap_sentences(got, config, "en")[0] == ("Plot B fails a rule that plot A passes, so no "
                                          "weight change puts B ahead of A.")


def test_swap_pair_choice() -> None:
    table, config = _two_criteria()
    assert swap_weights(table, config, "C", "A")[["first", "second"]].iloc[0].tolist() == \
        ["A", "C"]  # the better-ranked one is "first"
    assert swap_weights(table, config, second="C")["second"].iloc[0] == "C"
    with pytest.raises(InputError, match=r"^swap_weights: plot 'X' is not a ranked plot; "
                       r"choose one of A, B, C$"):
        swap_weights(table, config, "X")
    assert swap_weights(table.iloc[:1], config).empty


def _b_ahead(table: pd.DataFrame, config: Config, key: str, m: float, a: str, b: str) -> bool:
    weight = config.criteria[key].weight * m
    ranks = _ranks_by_id(score_table(table, with_weights(config, {key: weight})))
    return ranks[b] < ranks[a]


def _bisect(table: pd.DataFrame, config: Config, key: str, a: str, b: str) -> float:
    """Naive swap point: scan a geometric grid from 1 both ways, then bisect."""
    grid = [1.5**i for i in range(1, 36)]  # ×1.5 up to ×1.4e6 and down to /1.4e6
    for step in (grid, [1 / g for g in grid]):
        prev = 1.0
        for m in step:
            if _b_ahead(table, config, key, m, a, b):
                lo, hi = prev, m  # B behind at lo, ahead at hi
                while abs(hi - lo) > 1e-9:
                    mid = (lo + hi) / 2
                    lo, hi = (lo, mid) if _b_ahead(table, config, key, mid, a, b) else (mid, hi)
                return (lo + hi) / 2
            prev = m
    return math.nan


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(3))
def test_swap_matches_bisection(seed: int) -> None:
    table = _random_table(seed, n=6, flagged=0)
    config = default_config("active-use")
    got = swap_weights(table, config)
    a, b = got["first"].iloc[0], got["second"].iloc[0]
    found = 0
    for row in got.itertuples():
        naive = _bisect(table, config, row.criterion, a, b)
        if math.isnan(row.multiplier):
            assert math.isnan(naive)
        else:
            found += 1
            assert abs(row.multiplier - naive) < 1e-6
            assert row.new_weight == pytest.approx(row.weight * row.multiplier)
    assert found >= 2  # some criteria do swap the two


# --------------------------------------------------------------------------- comparison
def _ranked(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["plot_id", "name", "rank", "score", "status",
                                       "points_gp", "points_bus"]).astype({"rank": "Int64"})


def test_compare_hand_made_tables() -> None:
    a = _ranked([("P1", "En", 1, 80.0, "ok", 50.0, 30.0),
                 ("P2", "To", 2, 70.0, "ok", 40.0, 30.0),
                 ("P3", "Tre", 3, 60.0, "fails_rules", 30.0, 30.0),
                 ("P5", "Fem", pd.NA, np.nan, "flagged", np.nan, np.nan)])
    b = _ranked([("P2", "To", 1, 75.0, "ok", 40.0, 35.0),
                 ("P3", "Tre", 2, 60.0, "ok", 30.0, 30.0),
                 ("P1", "En", 3, 55.0, "ok", 25.0, 30.0),
                 ("P4", "Fire", 4, 10.0, "ok", 10.0, 0.0),
                 ("P5", "Fem", pd.NA, np.nan, "flagged", np.nan, np.nan)])
    b["points_nav"] = [0.0, 0.0, 0.0, 0.0, np.nan]  # a criterion only B has
    got = compare_scenarios(a, b, labels=("today", "new GP office"))
    assert got.attrs["labels"] == ("today", "new GP office")
    expected = pd.DataFrame({
        "plot_id": ["P1", "P2", "P3", "P4", "P5"],
        "name": ["En", "To", "Tre", "Fire", "Fem"],
        "rank_a": pd.array([1, 2, 3, None, None], dtype="Int64"),
        "rank_b": pd.array([3, 1, 2, 4, None], dtype="Int64"),
        "rank_change": pd.array([2, -1, -1, None, None], dtype="Int64"),
        "score_a": [80.0, 70.0, 60.0, np.nan, np.nan],
        "score_b": [55.0, 75.0, 60.0, 10.0, np.nan],
        "score_change": [-25.0, 5.0, 0.0, np.nan, np.nan],
        "status_a": ["ok", "ok", "fails_rules", None, "flagged"],
        "status_b": ["ok", "ok", "ok", "ok", "flagged"],
        "criterion": ["gp", "bus", None, None, None],
        "criterion_change": [-25.0, 5.0, 0.0, np.nan, np.nan]})
    pd.testing.assert_frame_equal(got.astype({"status_a": object, "criterion": object}),
                                  expected.astype({"status_a": object}), check_exact=True,
                                  check_dtype=False)
    assert got["rank_change"].dtype == "Int64"


def test_compare_recovery_with_active_use_on_the_demo() -> None:
    result = rank(load_study(), demo_plots(), None, default_config())
    active = score_table(result.acc.table, default_config("active-use"))
    got = compare_scenarios(result, active, ("recovery", "active-use")).set_index("plot_id")
    rec, act = result.ranked.set_index("plot_id"), active.set_index("plot_id")
    for pid in "ABCD":
        assert got.loc[pid, "rank_change"] == act.loc[pid, "rank"] - rec.loc[pid, "rank"]
        assert got.loc[pid, "score_change"] == act.loc[pid, "score"] - rec.loc[pid, "score"]
        change = {k: act.loc[pid, f"points_{k}"] - rec.loc[pid, f"points_{k}"]
                  for k in result.config.criteria}
        top = max(change, key=lambda k: abs(change[k]))
        assert (got.loc[pid, "criterion"], got.loc[pid, "criterion_change"]) == (top, change[top])
    assert got.loc["B", ["status_a", "status_b"]].tolist() == ["fails_rules", "ok"]
    assert got.loc["C", "score_change"] == pytest.approx(100 - 76.27795698924731)
    assert got.loc["E", "status_b"] == "flagged" and pd.isna(got.loc["E", "rank_change"])


def test_compare_accepts_a_saved_scenario(tmp_path: Path) -> None:
    from siting.scenario import load_scenario, save_scenario, scenario_from_result

    result = rank(load_study(), demo_plots(), None, default_config())
    path = save_scenario(scenario_from_result(result, demo_plots()), tmp_path / "s.gpkg")
    got = compare_scenarios(load_scenario(path), result)
    assert (got["rank_change"].fillna(0) == 0).all()
    assert got["criterion"].isna().all() and got["criterion_change"].fillna(0).eq(0).all()
