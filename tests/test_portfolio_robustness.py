"""Robustness of the chosen portfolio: a hand-computed case, and random instances
re-solved independently (score_table with the changed weights, then the solver)."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pandas as pd
import pytest
from test_portfolio import _random_config, _random_table

from siting.config import Config, config_from_dict, with_weights
from siting.decision import Decision, DecisionSettings, decide, with_robustness
from siting.portfolio import solve
from siting.robustness import draw_weights
from siting.scoring import score_table
from siting.text.robust import percent, percent_points

_KEYS = ("gp", "mental_health", "substance_abuse", "bus", "shop", "pharmacy", "police",
         "patrol", "school")


def only(profile: str, weights: dict[str, float]) -> Config:
    """A profile with just these weights (others 0) and every rule off."""
    rules = [{"column": c, "op": op, "enabled": False} for c, op in
             (("police_drive_min", "max"), ("walk_m_school", "min"))]
    rules.append({"column": "walk_m_bus", "op": "max", "enabled": False} if profile == "recovery"
                 else {"column": "patrol_detour_min", "op": "max", "enabled": False})
    criteria = {k: {"weight": float(weights.get(k, 0.0))} for k in _KEYS}
    return config_from_dict({"profile": profile, "criteria": criteria, "rules": rules,
                             "lang": "en"})


def hand_decision(active_p2: tuple[float, float] = (5.0, 1.0)) -> Decision:
    """Recovery weighs GP and bus equally (1 + 1); active-use police and patrol (1 + 1).

    Curve values (linear): recovery P1 gp 1, bus 0.5 -> 75; P2 gp 0.5, bus 0.95 -> 72.5;
    P3 0, 0 -> 0. Active-use: P1 police 0.2, patrol 0.2 -> 20; P2 1, 1 -> 100;
    P3 0.9, 0.9 -> 90. P1-P2 200 m apart, P1-P3 800 m, P2-P3 1000 m; separation 500 m.
    """
    table = pd.DataFrame({
        "plot_id": ["P1", "P2", "P3"], "name": ["Nord", "Sør", "Øst"],
        "walk_m_gp": [400.0, 800.0, 1200.0], "walk_m_bus": [550.0, 325.0, 800.0],
        "police_drive_min": [13.0, active_p2[0], 6.0],
        "patrol_detour_min": [4.2, active_p2[1], 1.4], "flag": ""})
    for c in ("mental_health", "substance_abuse", "shop", "pharmacy", "school"):
        table[f"walk_m_{c}"] = 100.0
    configs = {"recovery": only("recovery", {"gp": 1, "bus": 1}),
               "active-use": only("active-use", {"police": 1, "patrol": 1})}
    walk = np.array([[0, 200, 800], [200, 0, 1000], [800, 1000, 0]], dtype=float)
    return decide(table, configs, DecisionSettings(), walk)


def test_hand_case() -> None:
    d = with_robustness(hand_decision(), n=400)
    assert d.problem.scores.ravel().tolist() == pytest.approx([75, 72.5, 0, 20, 100, 90])
    # own bests P1 (recovery) and P2 (active-use) are 200 m apart: P1 + P3 = 165 wins
    assert d.own_best() == {"recovery": "P1", "active-use": "P2"}
    assert d.chosen == {"recovery": "P1", "active-use": "P3"}
    r = d.robustness
    assert r is not None and r.chosen == ("P1", "P3")
    # recovery's GP weight ×m: P1 = 100 (0.5 + m) / (1 + m), P2 = 100 (0.95 + 0.5 m) / (1 + m):
    # equal at m = 0.9; its bus weight: 100 (1 + 0.5 m) vs 100 (0.5 + 0.95 m): m = 1/0.9
    swaps = r.swaps.set_index(["group", "criterion"])
    assert swaps.loc[("recovery", "gp"), "multiplier"] == pytest.approx(0.9, rel=1e-12)
    assert swaps.loc[("recovery", "bus"), "multiplier"] == pytest.approx(1 / 0.9, rel=1e-12)
    assert swaps.loc[("recovery", "gp"), "direction"] == "down"
    assert swaps.loc[("recovery", "gp"), "new"] == ("P2", "P3")
    # P3 beats P1 for active-use on both criteria: no weight of theirs changes anything
    assert swaps.loc[[("active-use", "police"), ("active-use", "patrol")],
                     "multiplier"].isna().all()
    assert r.smallest_swap is not None and r.smallest_swap["criterion"] in ("gp", "bus")
    assert r.separation == {"raise_above_m": 800.0, "raise_to": ("P2", "P3"),
                            "lower_to_m": 200.0, "lower_to": ("P1", "P2")}
    assert r.share_kept["active-use"] == 1.0
    assert r.winners["share"].sum() == pytest.approx(1.0)
    assert set(map(tuple, r.winners[["recovery", "active-use"]].to_numpy())) <= {
        ("P1", "P3"), ("P2", "P3")}
    assert r.takeover is not None and r.takeover[0] == ("P2", "P3")
    assert r.share_same + r.takeover[1] == pytest.approx(1.0)


# --------------------------------------------------------------------------- independent checks
def _resolve(d: Decision, weights: dict[str, np.ndarray],
             min_sep: float | None = None) -> tuple[str, ...] | None:
    """Solve again from scratch: score_table with the given weights, then the solver."""
    scores = d.problem.scores.copy()
    for k, g in enumerate(d.groups):
        if g in weights:
            config = with_weights(d.configs[g], dict(zip(d.configs[g].criteria, weights[g],
                                                         strict=True)))
            scores[k] = score_table(d.table, config).loc[d.table.index, "score"].to_numpy()
    sep = d.problem.min_separation_m if min_sep is None else min_sep
    best = solve(d.problem.replace(scores=scores, min_separation_m=sep)).best
    return None if best is None else best.plots


def random_decision(seed: int) -> Decision:
    """A random instance with at least one feasible portfolio (the first of its seeds)."""
    for attempt in range(50):
        d = _random_decision(seed * 100 + attempt)
        if d.solution.best is not None:
            return d
    raise AssertionError("no feasible random instance")


def _random_decision(seed: int) -> Decision:
    rng = np.random.default_rng(1000 + seed)
    n = int(rng.integers(3, 10))
    table = _random_table(rng, n).assign(name="")
    configs = {"recovery": _random_config(rng, "recovery"),
               "active-use": _random_config(rng, "active-use")}
    xy = rng.uniform(0, 1500, (n, 2))
    walk = np.hypot(*(xy[:, None, :] - xy[None, :, :]).transpose(2, 0, 1)) * 1.3
    sep = float(rng.choice([0.0, 300.0, 600.0]))
    settings = DecisionSettings(objective=str(rng.choice(["sum", "maxmin"])),  # type: ignore[arg-type]
                                min_separation_m=sep)
    return decide(table, configs, settings, walk)


@pytest.mark.parametrize("seed", range(12))
def test_draws_match_independent_solves(seed: int) -> None:
    d = random_decision(seed)
    assert d.solution.best is not None
    r = with_robustness(d, n=30, seed=seed).robustness
    assert r is not None and r.chosen == d.solution.best.plots
    draws = {g: draw_weights(d.configs[g], 30, 0.5, seed + k) for k, g in enumerate(d.groups)}
    counts: dict[tuple[str, ...], int] = {}
    for i in range(30):
        won = _resolve(d, {g: w[i] for g, w in draws.items()})
        assert won is not None
        counts[won] = counts.get(won, 0) + 1
    got = {tuple(row[list(d.groups)]): row["share"] for _, row in r.winners.iterrows()}
    assert got == pytest.approx({k: v / 30 for k, v in counts.items()})


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(6))
def test_swap_points_are_where_the_decision_changes(seed: int) -> None:
    d = random_decision(seed)
    assert d.solution.best is not None
    r = with_robustness(d, n=10).robustness
    assert r is not None
    base = d.solution.best.plots
    for _, row in r.swaps.iterrows():
        config = d.configs[row["group"]]
        w = np.array([c.weight for c in config.criteria.values()])
        c = list(config.criteria).index(row["criterion"])

        def at(m: float, w: np.ndarray = w, c: int = c, g: str = row["group"]) -> object:
            changed = w.copy()
            changed[c] *= m
            return _resolve(d, {g: changed})

        m_star = row["multiplier"]
        if math.isnan(m_star):
            grid = np.geomspace(1e-3, 1e3, 13)
            assert all(at(m) == base for m in grid)
            continue
        inside = np.geomspace(1.0, m_star, 9)[1:-1]
        assert all(at(m) == base for m in inside)
        past = m_star * (1 + 1e-5) if row["direction"] == "up" else m_star * (1 - 1e-5)
        assert at(past) != base
        # nothing nearer changes it in the other direction either
        other = np.geomspace(1.0, 1 / m_star, 9)[1:-1]
        assert all(at(m) == base for m in other)


@pytest.mark.parametrize("seed", range(12))
def test_separation_thresholds(seed: int) -> None:
    d = random_decision(seed)
    assert d.solution.best is not None
    r = with_robustness(d, n=10).robustness
    assert r is not None
    sep = r.separation
    assert sep["raise_above_m"] == d.solution.best.min_walk_m
    if math.isfinite(sep["raise_above_m"]):
        assert _resolve(d, {}, sep["raise_above_m"]) == d.solution.best.plots
        assert _resolve(d, {}, sep["raise_above_m"] + 0.01) == sep["raise_to"]
    if not math.isnan(sep["lower_to_m"]):
        assert _resolve(d, {}, sep["lower_to_m"]) == sep["lower_to"] != d.solution.best.plots
        assert _resolve(d, {}, sep["lower_to_m"] + 0.01) == d.solution.best.plots
    elif d.settings.min_separation_m > 0:
        assert _resolve(d, {}, 0.0) == d.solution.best.plots


def test_no_feasible_portfolio_gives_none() -> None:
    d = hand_decision()
    d = dataclasses.replace(d, problem=d.problem.replace(min_separation_m=5000.0))
    assert with_robustness(d).robustness is None
    assert solve(d.problem).blockers == ["separation"]


def test_a_share_near_all_or_none_is_not_rounded_to_it() -> None:
    """1 999 of 2 000 draws keep the choice: "over 99 %", not "100 %" beside a takeover
    of "0 %"; the app's table shows 99.9 and 0.1, not 100.0 and 0.0."""
    from siting.text.decision import robustness_lines

    d = with_robustness(hand_decision())
    r = d.robustness
    assert r is not None
    winners = pd.DataFrame({"recovery": ["P1", "P2"], "active-use": ["P3", "P3"],
                            "share": [0.9995, 0.0005], "chosen": [True, False]})
    near = dataclasses.replace(d, robustness=dataclasses.replace(
        r, share_same=0.9995, winners=winners))
    assert robustness_lines(near, "nb")[:2] == [
        "Når vektene i begge profilene endres tilfeldig (±50\u00a0%, 2\u00a0000 trekninger), "
        "velges den samme kombinasjonen i over 99\u00a0% av trekningene.",
        "Oftest tar P2 for Endring og P3 for Aktiv rus over (under 1\u00a0%)."]
    assert robustness_lines(near, "en")[:2] == [
        "When both profiles' weights are changed at random (±50%, 2,000 draws), the same "
        "combination is chosen in over 99% of the draws.",
        "Most often P2 for Recovery and P3 for Active use takes over (under 1%)."]
    assert percent_points([0.0, 0.0005, 0.5, 0.9995, 1.0], 1).tolist() == [
        0.0, 0.1, 50.0, 99.9, 100.0]
    assert [percent(x, "nb") for x in (0.0, 0.004, 0.005, 0.994, 0.995, 1.0)] == [
        "0\u00a0%", "under 1\u00a0%", "under 1\u00a0%", "99\u00a0%", "over 99\u00a0%",
        "100\u00a0%"]


def test_summary_in_both_languages() -> None:
    from siting.text.decision import summary_lines

    d = with_robustness(hand_decision())
    share = round(100 * d.robustness.share_same)  # type: ignore[union-attr]
    assert summary_lines(d, "nb") == [
        "Anbefalt: tomt P1 «Nord» for Endring (75,0 poeng) og tomt P3 «Øst» for Aktiv rus "
        "(90,0 poeng).",
        "Gangavstand mellom tomtene: 800 m (om lag 10 min å gå); kravet er minst 500 m.",
        "Gruppenes beste tomter hver for seg er P1 for Endring og P2 for Aktiv rus, men P1 og "
        "P2 ligger bare 200 m fra hverandre til fots.",
        "Valgt etter summen av gruppenes poeng: 165,0 poeng.",
        "Nest beste kombinasjon: P2 for Endring og P3 for Aktiv rus, 2,5 poeng bak.",
        "Når vektene i begge profilene endres tilfeldig (±50\u00a0%, 2\u00a0000 trekninger), "
        f"velges den samme kombinasjonen i {share}\u00a0% av trekningene.",
        f"Oftest tar P2 for Endring og P3 for Aktiv rus over ({100 - share}\u00a0%).",
        "Minste enkeltendring på skalaen (0–5) som endrer valget: hvis vekten på Fastlege for "
        "Endring synker fra 1 til 0,9 (×0,90), velges P2 for Endring og P3 for Aktiv rus.",
        "Settes minsteavstanden over 800 m, velges P2 for Endring og P3 for Aktiv rus.",
        "Senkes den til 200 m, velges P1 for Endring og P2 for Aktiv rus.",
    ]
    # a change the sliders (0-5) cannot make says so, as the single ranking's does
    from siting.text.decision import swap_sentence

    assert d.robustness is not None and d.robustness.smallest_swap is not None
    swaps = d.robustness.swaps.copy()
    found = swaps.index[swaps["multiplier"].notna()]
    swaps.loc[found, ["weight", "new_weight", "multiplier", "direction"]] = [
        [2.0, 5.19 + i, (5.19 + i) / 2, "up"] for i in range(len(found))]
    beyond = dataclasses.replace(d.robustness, swaps=swaps)
    assert swap_sentence(dataclasses.replace(d, robustness=beyond), "nb") == (
        "Ingen enkeltendring på skalaen (0–5) endrer valget. Den minste utenfor: hvis vekten på "
        "Fastlege for Endring øker fra 2 til 5,19 (×2,60), over skalaens største verdi 5, "
        "velges P2 for Endring og P3 for Aktiv rus.")
    english = summary_lines(d, "en")
    # the public report leaves out the weight change that swaps the choice, and only that
    from siting.text.decision import robustness_lines

    for lang in ("nb", "en"):
        lines = robustness_lines(d, lang)
        assert lines[2] == swap_sentence(d, lang)
        assert robustness_lines(d, lang, public=True) == [*lines[:2], *lines[3:]]
    assert english[0] == ("Recommended: plot P1 “Nord” for Recovery (score 75.0) and plot P3 "
                          "“Øst” for Active use (score 90.0).")  # English quotes, bokmål «»
    assert english[5].startswith("When both profiles' weights are changed at random (±50%, "
                                 "2,000 draws)")


def test_the_apps_chart_says_the_shares_as_the_texts_do() -> None:
    """The winners chart's tooltip: "over 99 %" in bokmål, not Vega's "100.0%"."""
    from ui.pair_ui import winners_chart

    d = with_robustness(hand_decision())
    r = d.robustness
    assert r is not None
    winners = pd.DataFrame({"recovery": ["P1", "P2"], "active-use": ["P3", "P3"],
                            "share": [0.9995, 0.0005], "chosen": [True, False]})
    near = dataclasses.replace(d, robustness=dataclasses.replace(r, winners=winners))
    spec = winners_chart(near, "nb").to_dict()
    rows = next(iter(spec["datasets"].values()))
    assert [row["said"] for row in rows] == ["over 99\u00a0%", "under 1\u00a0%"]
    tips = spec["encoding"]["tooltip"]
    assert tips[1] == {"field": "said", "title": "Andel av trekningene", "type": "nominal"}


def test_a_change_the_sliders_can_make_is_named_before_a_nearer_one_beyond_them() -> None:
    # a committee trial: "weight 3 -> 5.18 (x1.73), beyond the scale" was named while a
    # fall from 3 to 1.70 (x0.57, on the scale) swaps the decision too
    from siting.text.decision import swap_sentence

    d = with_robustness(hand_decision())
    assert d.robustness is not None
    swaps = d.robustness.swaps.copy()
    gp, bus = (swaps.index[(swaps["group"] == "recovery") & (swaps["criterion"] == k)][0]
               for k in ("gp", "bus"))
    swaps.loc[gp, ["weight", "new_weight", "multiplier", "direction"]] = [3.0, 5.18, 5.18 / 3,
                                                                          "up"]
    swaps.loc[bus, ["weight", "new_weight", "multiplier", "direction"]] = [3.0, 1.7, 1.7 / 3,
                                                                           "down"]
    swaps = swaps.loc[[gp, bus, *(i for i in swaps.index if i not in (gp, bus))]]
    firm = dataclasses.replace(d.robustness, swaps=swaps.reset_index(drop=True))
    assert firm.smallest_swap is not None and firm.smallest_swap["criterion"] == "bus"
    assert swap_sentence(dataclasses.replace(d, robustness=firm), "en") == (
        "Smallest single change on the scale (0–5) that swaps the decision: if the weight on "
        "Bus for Recovery falls from 3 to 1.7 (×0.57), P2 for Recovery and P3 for Active use "
        "is chosen.")
