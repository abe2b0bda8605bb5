"""``python -m siting choose`` on the made-up demo town (in-process), and from a scenario.

The expected decision is computed in-process from the same library calls
(measure, walk matrix, decide), so the command is checked for wiring, files
and messages; the solver itself is checked against brute force in
``test_portfolio.py``.
"""

from __future__ import annotations

import logging
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest
import shapely

from siting.cli import main
from siting.decision import DecisionSettings, configs_for
from siting.decision_network import decide_from_analysis
from siting.demo import demo_plots
from siting.pipeline import load_study, rank
from siting.scenario import load_scenario


@pytest.fixture(autouse=True)
def _info(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="siting")


def choose(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str]:
    """Run ``choose`` in-process; return the exit status and stderr plus the log."""
    code = main(["choose", *(str(a) for a in args)])
    err = capsys.readouterr().err
    return code, err + "".join(f"{r.getMessage()}\n" for r in _LOG.records)


class _Records(logging.Handler):
    """Keeps the records of the running test (cleared per test by the fixture below)."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


_LOG = _Records()
logging.getLogger("siting").addHandler(_LOG)


@pytest.fixture(autouse=True)
def _fresh_log() -> None:
    _LOG.records.clear()


def refused(capsys: pytest.CaptureFixture[str], *args: object) -> str:
    code = main(["choose", *(str(a) for a in args)])
    err = capsys.readouterr().err
    assert code == 2 and "Traceback" not in err, err
    assert err.startswith("feil: ") and err.count("\n") == 1, err  # a bokmål run
    return err.removeprefix("feil: ").strip()


def expected(settings: DecisionSettings | None = None, districts: object = None) -> object:
    configs = configs_for(["recovery", "active-use"])
    result = rank(load_study(), demo_plots(), None, configs["recovery"])
    return decide_from_analysis(result.acc, configs, settings or DecisionSettings(),
                                districts)  # type: ignore[arg-type]


def test_demo_pair_csv(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "pair.csv"
    code, err = choose(capsys, "--demo", "--out", out, "--draws", 200)
    assert code == 0, err
    table = pd.read_csv(out)
    assert list(table.columns) == [
        "rank", "plot_recovery", "name_recovery", "score_recovery", "plot_active-use",
        "name_active-use", "score_active-use", "objective", "gap", "walk_m_between",
        "share_draws"]
    want = expected()
    assert len(table) == len(want.solution.portfolios) == 5
    for (_, row), p in zip(table.iterrows(), want.solution.portfolios, strict=True):
        assert (row["plot_recovery"], row["plot_active-use"]) == p.plots
        assert row["objective"] == pytest.approx(p.objective, abs=1e-3)
        assert row["walk_m_between"] == pytest.approx(p.min_walk_m, abs=0.01)
        assert row["gap"] == pytest.approx(want.solution.gap(p), abs=1e-3)
    assert table["share_draws"].sum() <= 1.0
    assert "Anbefalt: tomt A «Tomt A – sentrum (demo)» for Endring" in err
    assert "Gangavstand mellom tomtene: 684 m (om lag 9 min å gå); kravet er minst 500 m." in err


def test_options_reach_the_decision(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "pair.csv"
    code, err = choose(capsys, "--demo", "--out", out, "--objective", "maxmin",
                       "--min-separation-m", 800, "--reserve", "A=active-use",
                       "--runner-ups", 2, "--draws", 0, "--lang", "en")
    assert code == 0, err
    settings = DecisionSettings(objective="maxmin", min_separation_m=800.0, n_best=3,
                                reserved={"A": "active-use"})
    want = expected(settings)
    table = pd.read_csv(out)
    assert [tuple(r) for r in table[["plot_recovery", "plot_active-use"]].to_numpy()] == [
        p.plots for p in want.solution.portfolios]
    assert len(table) == 2 and "share_draws" not in table  # only two pairs are 800 m apart
    assert (table["plot_recovery"] != "A").all()
    assert (table["walk_m_between"] >= 800).all()
    assert "Chosen by the score of the worst-off group (max-min): 76.3 points." in err
    assert ("Runner-up: C for Recovery and D for Active use, equal by the objective, "
            "behind on the tie-breaker (the sum of the scores)") in err


def test_districts_keep_the_pair_apart(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """One district holding the whole demo town but plot C: the pair must include C."""
    plots = demo_plots().to_crs("EPSG:25832")
    town = shapely.box(*plots.total_bounds).buffer(2000)
    c = plots.geometry[plots["plot_id"] == "C"].iloc[0].buffer(50)
    layer = gpd.GeoDataFrame({"skolekrets": ["Sentrum", "Øst"]},
                             geometry=[town.difference(c), c], crs="EPSG:25832")
    path = tmp_path / "kretser.geojson"
    layer.to_crs("EPSG:4326").to_file(path, driver="GeoJSON")
    out, saved = tmp_path / "pair.csv", tmp_path / "s.gpkg"
    code, err = choose(capsys, "--demo", "--out", out, "--districts", path, "--draws", 0,
                       "--scenario-out", saved)
    assert code == 0, err
    table = pd.read_csv(out)
    assert ((table["plot_recovery"] == "C") | (table["plot_active-use"] == "C")).all()
    assert "districts" in {str(r[0]) for r in pyogrio.list_layers(saved)}
    assert load_scenario(saved).decision["settings"]["districts"] is True


def test_scenario_stores_and_reproduces_the_decision(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    saved = tmp_path / "s.gpkg"
    code, err = choose(capsys, "--demo", "--out", tmp_path / "a.csv", "--scenario-out", saved,
                       "--min-separation-m", 600, "--draws", 100, "--title", "Par 2026")
    assert code == 0, err
    scenario = load_scenario(saved)
    assert scenario.title == "Par 2026"
    record = scenario.decision
    assert record is not None and record["settings"]["min_separation_m"] == 600.0
    assert record["portfolios"][0]["plots"] == ["A", "C"]
    assert record["robustness"]["n"] == 100
    assert scenario.decision_table is not None and len(scenario.decision_table) == 5
    code, err = choose(capsys, "--scenario", saved, "--out", tmp_path / "b.csv", "--draws", 0)
    assert code == 0, err
    assert "s.gpkg: samme beslutning som den lagrede" in err  # the run's language
    assert pd.read_csv(tmp_path / "a.csv").drop(columns="share_draws").equals(
        pd.read_csv(tmp_path / "b.csv"))
    code, err = choose(capsys, "--scenario", saved, "--out", tmp_path / "c.csv",
                       "--objective", "maxmin", "--draws", 0)
    assert code == 0 and ("s.gpkg: ikke sammenlignet med den lagrede beslutningen (endret: hva "
                          "som skal være best)") in err
    code, err = choose(capsys, "--scenario", saved, "--out", tmp_path / "c.csv", "--lang", "en",
                       "--min-separation-m", 700, "--draws", 0)
    assert code == 0 and ("s.gpkg: not compared with the saved decision (changed: the minimum "
                          "distance between the plots)") in err.splitlines()
    assert refused(capsys, "--scenario", saved, "--demo", "--out", tmp_path / "d.csv") == (
        "--scenario har egne tomter og register; fjern --demo.")


def test_no_feasible_pair_is_said_not_hidden(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "pair.csv"
    code, err = choose(capsys, "--demo", "--out", out, "--min-separation-m", 5000, "--lang", "en")
    assert code == 0, err
    assert pd.read_csv(out).empty
    assert ("No combination of plots meets every requirement: the minimum separation rules "
            "out every combination (a lower one leaves a choice).") in err


@pytest.mark.parametrize(("args", "message"), [
    (["--out", "pair.txt"], "pair.txt: porteføljene skrives som CSV; kall filen f.eks. par.csv"),
    (["--reserve", "A"], "--reserve A: skriv TOMT=GRUPPE, f.eks. --reserve T3=active-use"),
    (["--groups", "recovery,family"],
     "gruppen «family» er ikke en profil; bruk recovery eller active-use, eller gi "
     "konfigurasjonen"),
    (["--min-separation-m", "-3"],
     "choose: min_separation_m er -3.0; gi meter, 0 eller mer (f.eks. 500)"),
    (["--addresses", "nope.txt"], "nope.txt: kan ikke leses (No such file or directory: "
     "{tmp}/nope.txt); sjekk stien."),
    (["--reserve", "A=family"],
     "choose: reserved nevner gruppe(r) family, som ikke er blant recovery, active-use"),
])
def test_refusals(args: list[str], message: str, tmp_path: Path,
                  capsys: pytest.CaptureFixture[str]) -> None:
    out = ["--out", tmp_path / "pair.csv"] if "--out" not in args else []
    got = refused(capsys, "--demo", *out, *[tmp_path / a if a.endswith(".txt") else a
                                           for a in args])
    assert got == message.format(tmp=tmp_path)
