"""Tests for siting.scoring: exact curve values, hand-computed scores, rules, ranking.

Scoring gives numbers and codes (failed rules as :class:`Failure` records); the
reasons in words are checked through :func:`siting.text.render.reasons`.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pandas as pd
import pytest

from siting.config import (
    PROFILES,
    Config,
    Criterion,
    Curve,
    Lang,
    Police,
    Rule,
    Shape,
    config_from_dict,
)
from siting.errors import ConfigError, InputError
from siting.scoring import EXPONENTIAL_RATE, Failure, TieGroup, curve_fn, score_table, tie_groups
from siting.text import pick
from siting.text.render import failure_text, reasons

INF, NAN = math.inf, math.nan
ISLAND = "45 m fra gatenettet: på en øy med 12 noder"


# --------------------------------------------------------------------------- curves
def _values(curve: Curve, xs: list[float]) -> list[float]:
    values: list[float] = curve_fn(curve)(np.array(xs)).tolist()
    return values


def test_linear_nearer_is_better() -> None:
    assert _values(Curve(400, 1200), [0, 400, 600, 800, 1000, 1200, 5000, INF, NAN]) == [
        1.0, 1.0, 0.75, 0.5, 0.25, 0.0, 0.0, 0.0, 0.0]


def test_linear_farther_is_better() -> None:
    assert _values(Curve(300, 50), [0, 50, 112.5, 175, 300, 1000, INF, NAN]) == [
        0.0, 0.0, 0.25, 0.5, 1.0, 1.0, 1.0, 0.0]


def test_step() -> None:
    assert _values(Curve(500, 1000, "step"), [0, 500, 500.001, 900, 2000, INF]) == [
        1.0, 1.0, 0.0, 0.0, 0.0, 0.0]
    assert _values(Curve(150, 100, "step"), [0, 149.9, 150, INF]) == [0.0, 0.0, 1.0, 1.0]


def test_smooth() -> None:
    # 1 - (3t² - 2t³) at t = 0, 1/4, 1/2, 3/4, 1
    assert _values(Curve(400, 1200, "smooth"), [400, 600, 800, 1000, 1200, INF]) == [
        1.0, 0.84375, 0.5, 0.15625, 0.0, 0.0]
    assert _values(Curve(5, 1, "smooth"), [0, 2, 3, 4, 6]) == [0.0, 0.15625, 0.5, 0.84375, 1.0]


def test_exponential() -> None:
    def expected(t: float) -> float:
        k = EXPONENTIAL_RATE
        return (math.exp(-k * t) - math.exp(-k)) / (1 - math.exp(-k))

    got = _values(Curve(1, 5, "exponential"), [0, 1, 2, 3, 5, 9, INF])
    assert got[:2] == [1.0, 1.0] and got[4:] == [0.0, 0.0, 0.0]
    assert got[2] == pytest.approx(expected(0.25), abs=1e-15)
    assert got[3] == pytest.approx(expected(0.5), abs=1e-15)
    assert got[3] == pytest.approx(0.1824255238, abs=1e-9)  # fast early drop, below linear


def rule_reason(rule: Rule, value: float, lang: str) -> str:
    """Why ``value`` fails ``rule``, with the rule's own label (else its column)."""
    label = pick(lang, rule.label_nb, rule.label_en) or rule.column
    return failure_text(Failure(rule.column, rule.op, rule.value, value), lang, label)


def said(table: pd.DataFrame, config: Config) -> pd.DataFrame:
    """``score_table`` with the reasons in words, in the config's language."""
    out = score_table(table, config)
    return out.assign(reasons=reasons(out, config))


# --------------------------------------------------------------------------- hand table
def _config(lang: Lang = "nb", **rule_changes: float | bool) -> Config:
    """GP weight 3 (400-1200 m), bus weight 1 (200-600 m); rule: bus at most 500 m."""
    bus = Rule("walk_m_bus", "max", 500.0, label_en="Bus", label_nb="Buss")
    return Config(
        profile="recovery",
        criteria={"gp": Criterion("walk_m_gp", 3.0, Curve(400, 1200), "GP", "Fastlege"),
                  "bus": Criterion("walk_m_bus", 1.0, Curve(200, 600), "Bus", "Buss")},
        rules=[dataclasses.replace(bus, **rule_changes)], lang=lang)  # type: ignore[arg-type]


def _table() -> pd.DataFrame:
    return pd.DataFrame({
        "plot_id": ["A", "B", "C", "D", "E"],
        "walk_m_gp": [800.0, 400.0, 400.0, 300.0, 1200.0],
        "walk_m_bus": [200.0, 400.0, 620.0, 100.0, INF],
        "flag": ["", "", "", ISLAND, ""],
    })


def test_hand_computed_scores() -> None:
    out = said(_table(), _config())
    assert out["plot_id"].tolist() == ["B", "A", "C", "E", "D"]
    assert out.index.tolist() == [1, 0, 2, 4, 3]  # index kept
    expected = pd.DataFrame({
        "value_gp": [1.0, 0.5, 1.0, 0.0, NAN],
        "value_bus": [0.5, 1.0, 0.0, 0.0, NAN],
        "points_gp": [75.0, 37.5, 75.0, 0.0, NAN],
        "points_bus": [12.5, 25.0, 0.0, 0.0, NAN],
        "score": [87.5, 62.5, 75.0, 0.0, NAN],  # 100 × (3·v_gp + 1·v_bus) / 4
        "status": ["ok", "ok", "fails_rules", "fails_rules", "flagged"],
        "reasons": ["", "", "Buss: 620 m til nærmeste holdeplass, grensen er 500 m",
                    "Buss: ingen holdeplass kan nås til fots", ISLAND],
        "rank": pd.array([1, 2, 3, 4, None], dtype="Int64"),
    }, index=[1, 0, 2, 4, 3])
    pd.testing.assert_frame_equal(out[expected.columns], expected, check_dtype=False)
    assert out["rank"].dtype == "Int64"
    assert list(out.columns) == ["plot_id", "walk_m_gp", "walk_m_bus", "flag", "value_gp",
                                 "value_bus", "points_gp", "points_bus", "score", "status",
                                 "failed", "rank", "reasons"]
    assert out["failed"].tolist() == [(), (), (Failure("walk_m_bus", "max", 500.0, 620.0),),
                                      (Failure("walk_m_bus", "max", 500.0, INF),), ()]


def test_scores_and_codes_do_not_depend_on_the_language() -> None:
    pd.testing.assert_frame_equal(score_table(_table(), _config("nb")),
                                  score_table(_table(), _config("en")))


def test_reasons_in_english() -> None:
    out = said(_table(), _config("en")).set_index("plot_id")
    assert out.loc["C", "reasons"] == "Bus: 620 m to the nearest bus stop, limit 500 m"
    assert out.loc["E", "reasons"] == "Bus: no bus stop reachable on foot"


def test_disabled_rule_is_ignored() -> None:
    out = score_table(_table(), _config(enabled=False))
    assert out["plot_id"].tolist() == ["B", "C", "A", "E", "D"]
    assert out["status"].tolist() == ["ok", "ok", "ok", "ok", "flagged"]


def test_min_rule_and_reasons_joined() -> None:
    config = _config("en")
    school = Rule("walk_m_school", "min", 150.0, label_en="School/kindergarten")
    config = dataclasses.replace(config, rules=[*config.rules, school])
    table = _table().assign(walk_m_school=[80.0, INF, 1234.5, 40.0, 150.0])
    out = said(table, config).set_index("plot_id")
    assert out.loc["A", "reasons"] == ("School/kindergarten: 80 m to the nearest school or "
                                       "kindergarten, at least 150 m required")
    assert out.loc["B", "status"] == "ok"  # inf passes a 'min' rule: no school within reach
    assert out.loc["C", "reasons"] == "Bus: 620 m to the nearest bus stop, limit 500 m"
    # a flagged plot states only why it is not assessed: its figures may be meaningless
    assert out.loc["D", "reasons"] == ISLAND
    assert out.loc["E", "reasons"] == "Bus: no bus stop reachable on foot"  # 150 m passes


def test_a_measured_plots_note_leads_its_reasons() -> None:
    # a repaired polygon is still ranked, and says so before any failed rule
    notes = ["invalid polygon repaired", "", "invalid polygon repaired", "", "x"]
    notes = [(("problem", {"text": n}),) if n else () for n in notes]
    out = said(_table().assign(note=notes), _config("en")).set_index("plot_id")
    assert out.loc["A", "reasons"] == "invalid polygon repaired"
    assert out.loc["A", "status"] == "ok"
    assert out.loc["C", "reasons"] == ("invalid polygon repaired; Bus: 620 m to the nearest "
                                       "bus stop, limit 500 m")
    assert out.loc["D", "reasons"] == ISLAND  # flagged: only the flag


def test_nan_fails_a_rule_unless_flagged() -> None:
    table = _table()
    table.loc[0, "walk_m_bus"] = NAN
    table.loc[3, "walk_m_bus"] = NAN
    out = said(table, _config()).set_index("plot_id")
    assert out.loc["A", "reasons"] == "Buss: mangler verdi"
    assert out.loc["A", "status"] == "fails_rules"
    assert out.loc["A", "value_bus"] == 0.0
    assert out.loc["D", "reasons"] == ISLAND


# --------------------------------------------------------------------------- ranking
def test_ties_broken_by_plot_id_and_flagged_last() -> None:
    table = pd.DataFrame({
        "plot_id": ["z", "b", "a", "f2", "f1", "c"],
        "walk_m_gp": [800.0, 800.0, 800.0, 100.0, 100.0, 900.0],
        "walk_m_bus": [200.0, 200.0, 200.0, 100.0, 100.0, 700.0],
        "flag": ["", "", "", "far", "far", ""],
    })
    out = score_table(table, _config())
    assert out["plot_id"].tolist() == ["a", "b", "z", "c", "f1", "f2"]
    assert out["rank"].tolist() == [1, 2, 3, 4, pd.NA, pd.NA]
    assert out["score"].isna().tolist() == [False] * 4 + [True] * 2


def test_equal_scores_rank_a_plot_above_the_ones_it_dominates() -> None:
    """A, B and C score 100 (school weighs 0), but B is nearer a school: it is as good
    as A and C everywhere and better on one criterion, so it ranks above them though
    its id sorts after A's. A and C are equal in every value: the ids decide."""
    school = Criterion("walk_m_school", 0.0, Curve(200, 1000), "School", "Skole")
    config = dataclasses.replace(_config(), criteria={**_config().criteria, "school": school})
    table = pd.DataFrame({"plot_id": ["C", "A", "B", "D"],
                          "walk_m_gp": [400.0, 400.0, 400.0, 1200.0],
                          "walk_m_bus": [200.0, 200.0, 200.0, 200.0],
                          "walk_m_school": [1000.0, 1000.0, 600.0, 200.0]})
    out = score_table(table, config)
    assert out["plot_id"].tolist() == ["B", "A", "C", "D"]
    assert out["score"].tolist() == [100.0, 100.0, 100.0, 25.0]
    assert out["value_school"].tolist() == [0.5, 0.0, 0.0, 1.0]
    assert tie_groups(out) == [TieGroup(1, 3, 100.0, ("B", "A", "C"))]
    # equal scores but different statuses are no tie: B fails the bus rule
    rule = score_table(table.assign(walk_m_bus=[200.0, 200.0, 700.0, 200.0]),
                       dataclasses.replace(config, criteria={**config.criteria, "bus": dataclasses
                                           .replace(config.criteria["bus"], weight=0.0)}))
    assert rule["plot_id"].tolist() == ["A", "C", "D", "B"]
    assert tie_groups(rule) == [TieGroup(1, 2, 100.0, ("A", "C"))]


def test_fails_rules_ranked_after_ok_even_with_higher_score() -> None:
    out = score_table(_table(), _config()).set_index("plot_id")
    assert out.loc["C", "score"] > out.loc["A", "score"]
    assert out.loc["C", "rank"] > out.loc["A", "rank"]


def _random_table(n: int, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    cols = {f"walk_m_{k}": rng.uniform(0, 3000, n) for k in
            ("gp", "bus", "shop", "mental_health", "substance_abuse", "pharmacy", "school")}
    table = pd.DataFrame({"plot_id": [f"p{i:03d}" for i in rng.permutation(n)], **cols,
                          "police_drive_min": rng.uniform(0, 20, n),
                          "patrol_detour_min": rng.uniform(0, 8, n)})
    for col in ("walk_m_bus", "walk_m_gp", "walk_m_school", "police_drive_min"):
        table.loc[rng.random(n) < 0.05, col] = INF
    table.loc[rng.random(n) < 0.2, "walk_m_gp"] = 100.0  # exact ties in some criteria
    table["flag"] = np.where(rng.random(n) < 0.05, "on an island", "")
    return table


@pytest.mark.parametrize("factor", [3.0, 0.1, 1e6])
def test_scaled_weights_give_identical_ranks(factor: float) -> None:
    table = _random_table(200, seed=1)
    config = PROFILES["active-use"]
    scaled = dataclasses.replace(config, criteria={
        k: dataclasses.replace(c, weight=c.weight * factor) for k, c in config.criteria.items()})
    a, b = score_table(table, config), score_table(table, scaled)
    assert a["plot_id"].tolist() == b["plot_id"].tolist()
    assert a["rank"].tolist() == b["rank"].tolist()
    np.testing.assert_allclose(a["score"], b["score"], rtol=1e-12)


# --------------------------------------------------------------------------- naive oracle
def _naive_value(curve: Curve, x: float) -> float:
    if math.isnan(x):
        return 0.0
    t = min(1.0, max(0.0, (x - curve.full) / (curve.zero - curve.full)))
    k = EXPONENTIAL_RATE
    return {"linear": 1 - t, "step": 1.0 if t == 0 else 0.0, "smooth": 1 - 3 * t**2 + 2 * t**3,
            "exponential": (math.exp(-k * t) - math.exp(-k)) / (1 - math.exp(-k))}[curve.shape]


def _naive(table: pd.DataFrame, config: Config) -> list[tuple[str, float, str, str, int | None]]:
    """Plain-loop scoring: (plot_id, score, status, reasons, rank), in rank order."""
    rows = []
    for rec in table.to_dict("records"):
        rec["police_response_min"] = rec["police_drive_min"] + config.police.dispatch_min
        flagged = rec["flag"] != ""
        total = sum(c.weight for c in config.criteria.values())
        score = sum(c.weight * _naive_value(c.curve, rec[c.column])
                    for c in config.criteria.values()) * 100 / total
        texts = [rec["flag"]] if flagged else []
        for rule in config.rules:
            x = rec[rule.column]
            ok = x <= rule.value if rule.op == "max" else x >= rule.value
            if rule.enabled and not ok and not flagged:
                texts.append(rule_reason(rule, x, config.lang))
        status = "flagged" if flagged else "fails_rules" if texts else "ok"
        total_value = sum(_naive_value(c.curve, rec[c.column]) for c in config.criteria.values())
        rows.append([rec["plot_id"], NAN if flagged else score, status, "; ".join(texts),
                     total_value])
    ranked = sorted((r for r in rows if r[2] != "flagged"),  # equal: value sum, then id
                    key=lambda r: (r[2] == "fails_rules", -round(r[1], 9), -round(r[4], 9), r[0]))
    ranked = [r[:4] for r in ranked]
    flagged_rows = sorted((r[:4] for r in rows if r[2] == "flagged"), key=lambda r: r[0])
    return [(*r, i + 1) for i, r in enumerate(ranked)] + [(*r, None) for r in flagged_rows]


@pytest.mark.parametrize("profile", ["recovery", "active-use"])
@pytest.mark.parametrize("lang", ["nb", "en"])
def test_matches_naive_implementation(profile: str, lang: Lang) -> None:
    shapes: list[Shape] = ["linear", "step", "smooth", "exponential"]
    base = dataclasses.replace(PROFILES[profile], lang=lang)
    config = dataclasses.replace(base, criteria={  # every shape in use
        k: dataclasses.replace(c, curve=dataclasses.replace(c.curve, shape=shapes[i % 4]))
        for i, (k, c) in enumerate(base.criteria.items())},
        rules=[dataclasses.replace(r, enabled=True) for r in base.rules],
        police=Police(dispatch_min=1.5))  # the police rule and curve read drive + 1.5 min
    table = _random_table(200, seed=7)
    out = said(table, config)
    expected = _naive(table, config)
    assert out["plot_id"].tolist() == [r[0] for r in expected]
    np.testing.assert_allclose(out["score"].to_numpy(), [r[1] for r in expected], rtol=1e-12)
    assert out["status"].tolist() == [r[2] for r in expected]
    assert out["reasons"].tolist() == [r[3] for r in expected]
    assert out["rank"].tolist() == [pd.NA if r[4] is None else r[4] for r in expected]
    assert set(out["status"]) == {"ok", "fails_rules", "flagged"}


# --------------------------------------------------------------------------- misc
def test_rescoring_replaces_old_result_columns() -> None:
    once = score_table(_table(), _config())
    config = config_from_dict({"profile": "recovery"})
    table = _table().assign(**{c: 500.0 for c in (
        "walk_m_shop", "walk_m_mental_health", "walk_m_substance_abuse", "walk_m_pharmacy",
        "walk_m_school", "police_drive_min", "patrol_detour_min")})
    again = score_table(score_table(table, config), _config())
    pd.testing.assert_frame_equal(again[once.columns], once)
    assert "value_shop" not in again.columns


def test_missing_columns_and_zero_weights() -> None:
    config = dataclasses.replace(_config("en"), criteria={
        **_config().criteria, "nav": Criterion("walk_m_nav", 1.0, Curve(800, 2400))})
    with pytest.raises(ConfigError) as err:
        score_table(_table(), config)
    assert str(err.value) == (
        "config: criteria.nav.column is 'walk_m_nav', which the distance table lacks; add that "
        "service category or fix the column name (columns: plot_id, walk_m_gp, walk_m_bus, "
        "flag)")
    with pytest.raises(InputError, match="'plot_id' is missing"):
        score_table(_table().drop(columns="plot_id"), _config())
    zero = dataclasses.replace(_config(), criteria={
        k: dataclasses.replace(c, weight=0.0) for k, c in _config().criteria.items()})
    with pytest.raises(ConfigError, match="all criterion weights are 0"):
        score_table(_table(), zero)


def test_no_flag_column_means_no_flags() -> None:
    out = score_table(_table().drop(columns="flag"), _config())
    assert "flagged" not in set(out["status"])
