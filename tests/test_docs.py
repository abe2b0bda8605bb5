"""Public functions of the engine's core carry numpydoc sections, as OSMnx's do."""

from __future__ import annotations

import importlib
import inspect
import sys
import types

import pytest

#: The pipeline, measuring, scoring and the readers.
MODULES = ("siting.pipeline", "siting.analysis", "siting.distances", "siting.scoring",
           "siting.plots", "siting.osm", "siting.services", "siting.police", "siting.stations")


def _missing(name: str) -> list[str]:
    module = importlib.import_module(name)
    out = []
    for attr in module.__all__:
        func = getattr(module, attr)
        if not inspect.isfunction(func) or func.__module__ != name:
            continue
        doc, sig = inspect.getdoc(func) or "", inspect.signature(func)
        if sig.parameters and "Parameters\n----------" not in doc:
            out.append(f"{name}.{attr}: Parameters")
        if sig.return_annotation not in (None, "None", inspect.Signature.empty) \
                and "Returns\n-------" not in doc:
            out.append(f"{name}.{attr}: Returns")
    return out


@pytest.mark.parametrize("name", MODULES)
def test_public_functions_have_parameters_and_returns(name: str) -> None:
    assert _missing(name) == []


def test_the_check_finds_a_bare_docstring() -> None:
    fake = types.ModuleType("fake")

    def bare(x: int) -> int:
        """Just a line."""
        return x

    bare.__module__ = "fake"
    fake.__all__ = ["bare"]  # type: ignore[attr-defined]
    fake.bare = bare  # type: ignore[attr-defined]
    sys.modules["fake"] = fake
    try:
        assert _missing("fake") == ["fake.bare: Parameters", "fake.bare: Returns"]
    finally:
        del sys.modules["fake"]
