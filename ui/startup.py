"""What the app opens at start: files and data folders from the command line.

No Streamlit here. The recently used areas are one session's (see :mod:`ui.access`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

__all__ = ["STARTUP_KEYS", "startup_options"]

STARTUP_KEYS = ("osm", "plots", "services", "data_dir")


def startup_options(argv: Sequence[str], env: Mapping[str, str]) -> dict[str, str | None]:
    """Return the files the app opens at start (``osm``, ``plots``, ``services``) and the
    data folders whose extracts every session may open (``data_dir``).

    Read from the arguments after ``--`` (``streamlit run app.py -- --osm FILE``;
    Streamlit passes them as ``sys.argv[1:]``), as ``--key VALUE`` or ``--key=VALUE``
    (``--data-dir`` for ``data_dir``); an argument missing there is taken from the
    environment variable ``SITING_APP_<KEY>``. Unknown arguments are ignored.
    """
    args = list(argv[argv.index("--") + 1:] if "--" in argv else argv[1:])
    found: dict[str, str | None] = dict.fromkeys(STARTUP_KEYS)
    for i, arg in enumerate(args):
        name, eq, value = arg.partition("=")
        key = name.removeprefix("--").replace("-", "_")
        if not name.startswith("--") or key not in found:
            continue
        if not eq:
            value = args[i + 1] if i + 1 < len(args) and not args[i + 1].startswith("--") else ""
        found[key] = value or None
    return {k: v or env.get(f"SITING_APP_{k.upper()}") or None for k, v in found.items()}
