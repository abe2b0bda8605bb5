"""The app's map fetches the street layer from a served file instead of carrying it."""

from __future__ import annotations

import json
import re
from pathlib import Path

from siting.config import default_config
from siting.demo import demo_plots
from siting.pipeline import load_study, rank
from siting.webmap import map_from_analysis
from siting.webmap.map import map_html


def test_street_layer_is_written_once_and_fetched(tmp_path: Path) -> None:
    result = rank(load_study(), demo_plots(), None, default_config())
    args = (result.study, result.acc, result.ranked)
    inline = map_html(map_from_analysis(*args))
    served = map_from_analysis(*args, assets="/app/static/vendor", static_folder=tmp_path)
    page = served.get_root().render()
    (file,) = tmp_path.glob("streets-*.json")
    assert f'fetch("/app/static/vendor/{file.name}")' in page
    sets = json.loads(file.read_text(encoding="utf-8"))
    assert [s["style"]["color"] for s in sets] and all(s["lines"] for s in sets)
    drawn = re.search(r"draw\((\[\{.*?\}\])\);", inline, flags=re.S)
    assert drawn is not None and json.loads(drawn.group(1)) == sets  # the same lines
    assert len(page) < len(inline)
    again = map_from_analysis(*args, assets="/app/static/vendor", static_folder=tmp_path)
    assert file.name in again.get_root().render()
    assert list(tmp_path.iterdir()) == [file]  # written once, atomically, no leftovers
