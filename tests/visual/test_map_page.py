"""The map page's logic through Streamlit's AppTest: captions count what is shown."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from mapping.gaps import find_findings

APP = Path(__file__).resolve().parents[2] / "streamlit_app.py"


@pytest.fixture
def app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from mapping.storage import dispose_engines

    monkeypatch.setenv("HELHEDSKORT_DATABASE_URL", f"sqlite:///{tmp_path / 'kort.sqlite3'}")
    st.cache_resource.clear()
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.run()
    assert not at.exception
    yield at
    st.cache_resource.clear()
    dispose_engines()


def shown(at: Any) -> dict[str, Any]:
    """The diagram's data as the component receives it."""
    (el,) = at.get("component_instance")
    return json.loads(next(a.bytes for a in el.proto.special_args if a.key == "data"))


def test_the_caption_counts_what_the_diagram_shows(app: Any, example_map: Any) -> None:
    data = shown(app)
    assert app.caption[0].value.startswith("Viser 74 knuder: 50 enheder · 11 borgergrupper")
    assert len(data["nodes"]) == 74
    app.multiselect(key="ov_sectors").set_value(["Skole og SFO"]).run()
    data = shown(app)
    nodes = data["nodes"]
    units = sum(1 for n in nodes if n["kind"] == "unit")
    groups = sum(1 for n in nodes if n["kind"] == "group")
    principles = sum(1 for n in nodes if n["kind"] == "principle")
    caption = app.caption[0].value
    assert caption.startswith(
        f"Viser {len(nodes)} knuder: {units} enheder · {groups} borgergrupper"
        f" · {principles} principper · {data['counts']['gaps']} huller"
    )
    assert units < 50 and len(nodes) < 74
    total = len(find_findings(example_map))  # the app counts today's findings of the whole map
    assert caption.endswith(
        f"Hele kortet: 50 enheder · 11 borgergrupper · 13 principper · {total} huller."
    )
    # the table under the map lists the same nodes
    table = [e for e in app.expander if e.label.startswith("Kortet som tabel")]
    assert table and table[0].label == f"Kortet som tabel ({len(nodes)} knuder)"


def test_a_chosen_node_opens_the_panel_and_a_filter_that_hides_it_closes_it(app: Any) -> None:
    app.session_state["ov_selected"] = "unit:sundhedspleje"
    app.run()
    assert "Sundhedsplejen" in [h.value for h in app.header]
    args = json.loads(app.get("component_instance")[0].proto.json_args)
    assert args["selected"] == "unit:sundhedspleje"
    app.multiselect(key="ov_sectors").set_value(["Skole og SFO"]).run()
    assert "Sundhedsplejen" not in [h.value for h in app.header]
    assert json.loads(app.get("component_instance")[0].proto.json_args)["selected"] is None
