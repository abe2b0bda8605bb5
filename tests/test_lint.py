"""One command runs lint, types and tests: ruff and mypy run here as tests."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True,
                          text=True, check=False)


def test_ruff_finds_nothing() -> None:
    done = _run("ruff", "check", "--no-cache", ".")
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_finds_nothing_in_the_package_and_the_app() -> None:
    done = _run("mypy", "siting", "ui", "app.py")
    assert done.returncode == 0, done.stdout + done.stderr


# a comparison with a language code ("lang == 'nb'", "'en' != lang") or a table keyed
# by language ({"nb": ..., "en": ...}): both belong in the text catalogue, siting/text/
LANGUAGE_CODE = re.compile(r"""[!=]=\s*(['"])(nb|en)\1"""
                           r"""|(['"])(nb|en)\3\s*[!=]="""
                           r"""|(['"])(nb|en)\5\s*:""")


def test_no_language_checks_outside_the_text_catalogue() -> None:
    catalogue = ROOT / "siting" / "text"
    files = [ROOT / "app.py", *(ROOT / "siting").rglob("*.py"), *(ROOT / "ui").rglob("*.py")]
    found = [f"{path.relative_to(ROOT)}:{n}: {line.strip()}"
             for path in files if catalogue not in path.parents
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if LANGUAGE_CODE.search(line)]
    assert found == [], "use siting.text (t, pick, number) instead:\n" + "\n".join(found)


def test_the_language_check_finds_what_it_should() -> None:
    assert all(LANGUAGE_CODE.search(s) for s in (
        'x = a if lang == "nb" else b', "if 'en' != lang:", 'TEXTS = {"nb": {}}'))
    assert not any(LANGUAGE_CODE.search(s) for s in (
        'LANGS = ("nb", "en")', 'pick(lang, "Buss", "Bus")', 'default="nb"'))
