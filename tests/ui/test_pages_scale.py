"""Pages at the scale of a large municipality: cut lists, parts of the map, lazy downloads.

The large map is the benchmark's synthetic municipality (about 306 units, a
few hundred findings): big enough that the pages cut their lists, small
enough to load in a second or two.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

from mapping import storage

REPO = Path(__file__).resolve().parents[2]
APP = REPO / "streamlit_app.py"
sys.path.insert(0, str(REPO / "bench"))

from synthetic import generate_map  # noqa: E402


def page(at: Any, name: str) -> Any:
    at.switch_page(f"mapping/ui/pages/{name}").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.fixture
def large(db_url: str) -> tuple[Any, Any]:
    """(AppTest, map) on a database holding one synthetic municipality."""
    from streamlit.testing.v1 import AppTest

    m = generate_map(1, seed=1)
    engine = storage.get_engine(db_url)
    storage.upgrade(engine)
    storage.create_map(engine, "Stor kommune", m, author="test")
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at, m


def _sections(at: Any) -> list[Any]:
    return [e for e in at.expander if " — " in e.label]


def test_gap_page_lists_the_busiest_leaders_and_shows_more_on_request(large: Any) -> None:
    from mapping.gaps import find_findings
    from mapping.ui.pages.gaps import SECTIONS

    at, m = large
    found = find_findings(m)
    points = {(g.escalate_to, g.escalation_level) for g in found}
    assert len(points) > 2 * SECTIONS, "the map must have more leaders than one page shows"
    page(at, "gaps.py")
    first = _sections(at)
    assert len(first) == SECTIONS
    # The busiest leaders come first: no hidden leader has more gaps than a shown one.
    sizes = sorted((sum(1 for g in found if (g.escalate_to, g.escalation_level) == p)
                    for p in points), reverse=True)  # fmt: skip
    shown_sizes = [int(e.label.rsplit(" — ", 1)[-1].split()[0]) for e in first]
    assert min(shown_sizes) >= sizes[SECTIONS]
    assert any("ikke vist endnu" in c.value for c in at.caption)
    at.button(key="gp_more_sections").click().run()
    assert len(_sections(at)) == 2 * SECTIONS
    # The table of every gap is not built or sent while its section is closed.
    assert len(at.dataframe) == 1  # the counts by rule only


def test_large_map_opens_on_one_branch_and_the_whole_is_a_choice(large: Any) -> None:
    at, m = large
    page(at, "overview.py")

    def nodes() -> int:
        (el,) = at.get("component_instance")
        raw = next(a.bytes for a in el.proto.special_args if a.key == "data")
        return len(json.loads(raw)["nodes"])

    total = len(m.units) + len(m.citizen_groups) + len(m.principles)
    part = [s for s in at.selectbox if s.label == "Del af kortet"]
    assert part and part[0].value, "a large map opens on a part of it"
    assert 0 < nodes() < total / 2
    # A chosen group is shown wherever its units sit, not only inside the part.
    group = max(m.citizen_groups, key=lambda g: sum(s.group_id == g.id for s in m.services))
    outside = {s.unit_id for s in m.services if s.group_id == group.id}
    at.multiselect(key="ov_groups").set_value([group.id]).run()
    (el,) = at.get("component_instance")
    raw = next(a.bytes for a in el.proto.special_args if a.key == "data")
    shown = {n["id"] for n in json.loads(raw)["nodes"]}
    assert {f"unit:{u}" for u in outside} <= shown
    at.multiselect(key="ov_groups").set_value([]).run()
    at.selectbox(key=part[0].key).set_value("").run()
    assert nodes() == total


def test_example_map_opens_whole(app: Any) -> None:
    page(app, "overview.py")
    assert not [s for s in app.selectbox if s.label == "Del af kortet"]


def test_matrices_are_pairs_and_the_workbook_is_built_only_on_click(
    app: Any, engine: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import mapping.visual.report as report

    calls: list[int] = []
    real = report.report_workbook_bytes
    monkeypatch.setattr(
        report, "report_workbook_bytes", lambda *a, **k: calls.append(1) or real(*a, **k)
    )
    m = storage.load_map(engine, storage.list_maps(engine)[0].id).map
    page(app, "matrices.py")
    ug, pu = app.dataframe[0].value, app.dataframe[2].value
    assert len(ug) == len(m.services) and len(pu) == len(m.adoptions)
    # A small map also gets the cross tables: a row per serving unit, a column per group.
    grid = app.dataframe[1].value
    assert len(grid) == len({s.unit_id for s in m.services})
    assert grid.shape[1] == len({s.group_id for s in m.services})
    assert "●" in " ".join(str(v) for v in grid.to_numpy().ravel())
    (dl,) = app.get("download_button")
    assert dl.proto.label == "Hent matricerne (Excel)"
    assert dl.proto.HasField("deferred_file_id") and not dl.proto.url
    assert calls == []
    # A filter narrows the pairs.
    sector = sorted(
        {u.sector for u in m.units if u.sector and u.id in {s.unit_id for s in m.services}}
    )[0]
    app.multiselect(key="mx_ug_sectors").set_value([sector]).run()
    want = sum(1 for s in m.services if m.units_by_id[s.unit_id].sector == sector)
    assert len(app.dataframe[0].value) == want < len(m.services)


def test_large_matrices_show_no_cross_table_until_filtered(large: Any) -> None:
    at, _ = large
    page(at, "matrices.py")
    assert len(at.dataframe) == 2  # the two pair tables, no grid of 300 units
    assert any("Krydstabellen vises" in c.value for c in at.caption)


def test_no_page_builds_a_download_before_it_is_clicked(app: Any) -> None:
    from mapping.ui.navigation import PAGES

    seen = 0
    for name, *_ in PAGES:
        page(app, name)
        for dl in app.get("download_button"):
            seen += 1
            lazy = dl.proto.HasField("deferred_file_id") and not dl.proto.url
            assert lazy, (name, dl.proto.label)
    assert seen >= 15  # Kortet's nine, Matricer, Handlingsplan's two, Import og eksport's four


def test_the_part_of_a_large_map_stays_chosen_when_the_language_changes(large: Any) -> None:
    at, m = large
    page(at, "overview.py")
    (part,) = [s for s in at.selectbox if s.label == "Del af kortet"]
    at.selectbox(key=part.key).set_value("").run()
    at.radio(key="lang").set_value("en").run()
    assert not at.exception, [e.value for e in at.exception]
    (shown,) = [s for s in at.selectbox if s.label == "Part of the map"]
    assert shown.key != part.key  # drawn anew, so the browser shows the English label
    assert shown.value == ""
    assert f"The whole map ({len(m.units)} units)" in shown.options
