"""Clicks to map 6 units, 2 citizen groups (3 serving units each) and 1 principle (6 adopters).

Drives the app in Debian's chromium with Playwright on a fresh SQLite database
holding one empty map, the way a leader with a mouse would: a click on a field
before typing, a click to open a select box and one on the option, a click on
each button. Typing a new goal and pressing Enter is not a click. Two ways of
entering the same map are counted on the same app:

- ``one pair at a time``: a group, then each unit-group link in the "Hvem
  betjener hvem" form, then each adoption in the "Tilslutninger" form;
- ``fast entry``: the group form with its serving units, goals and paradigms,
  and the principle form with its adopters.

    python bench/bench_entry_clicks.py

Prints the clicks of each way and checks that both produced the same map.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from playwright.sync_api import sync_playwright  # noqa: E402

from mapping import storage  # noqa: E402
from mapping.model import Map  # noqa: E402
from tests.browser_helpers import Clicker  # noqa: E402
from tests.conftest import CHROMIUM, CHROMIUM_ARGS, streamlit_server  # noqa: E402

UNITS = [  # name, sector, parent
    ("Direktionen", "Stab", None),
    ("Børn og Unge", "Børn og familie", "Direktionen"),
    ("Skolen", "Skole og SFO", "Børn og Unge"),
    ("PPR", "Skole og SFO", "Børn og Unge"),
    ("Sundhedsplejen", "Sundhed", "Direktionen"),
    ("Jobcentret", "Beskæftigelse", "Direktionen"),
]
GROUPS = {
    "Udsatte børn": ["Skolen", "PPR", "Sundhedsplejen"],
    "Unge uden job": ["Børn og Unge", "Jobcentret", "PPR"],
}
PRINCIPLE = "Én plan med familien"
ADOPTERS = ["Skolen", "PPR", "Sundhedsplejen", "Børn og Unge", "Jobcentret", "Direktionen"]


class Leader(Clicker):
    """The shared click counter (tests/browser_helpers.py) plus this map's steps."""

    def create(self, what: str) -> None:
        """Click "Opret" and wait for the note that ``what`` was saved."""
        self.button("Opret")
        self.page.get_by_text(f"{what}« er gemt.", exact=False).first.wait_for()

    def units(self) -> None:
        self.table("Enheder")
        for name, sector, parent in UNITS:
            self.fill("Navn", name)
            self.pick("Sektor", sector)
            if parent:
                self.pick("Enheden ovenover i ledelseskæden", parent)
            self.create(name)

    def principle(self, with_adopters: bool) -> None:
        self.table("Fælles principper")
        self.fill("Navn", PRINCIPLE)
        self.pick("Type", "Fælles metode og proces")
        self.pick_many("Borgergrupper, princippet dækker", list(GROUPS))
        if with_adopters:
            self.pick_many("Enheder, der har tilsluttet sig princippet", ADOPTERS)
        self.create(PRINCIPLE)


def one_pair_at_a_time(me: Leader, suffix: str) -> None:
    me.units()
    me.table("Borgergrupper")
    for group in GROUPS:
        me.fill("Navn", group + suffix)
        me.create(group + suffix)
    me.table("Hvem betjener hvem")
    for group, units in GROUPS.items():
        for unit in units:
            me.pick("Enhed", unit)
            me.pick("Borgergruppe", group + suffix)
            me.type_option("Enhedens mål for gruppen", "Trivsel")
            me.type_option("Faglig tilgang (paradigme)", "Helhedsorienteret")
            me.create(f"{unit} → {group}{suffix}")
    me.principle(with_adopters=False)
    me.table("Tilslutninger")
    for unit in ADOPTERS:
        me.pick("Princip", PRINCIPLE)
        me.pick("Enhed", unit)
        me.create(f"{unit} ✓ {PRINCIPLE}")


def fast_entry(me: Leader, suffix: str) -> None:
    me.units()
    me.table("Borgergrupper")
    for group, units in GROUPS.items():
        me.fill("Navn", group + suffix)
        me.pick_many("Enheder, der arbejder med gruppen", units)
        for unit in units:
            me.type_option(f"Mål for {unit}", "Trivsel")
            me.type_option(f"Faglig tilgang for {unit}", "Helhedsorienteret")
        me.create(group + suffix)
    me.principle(with_adopters=True)


def run(way: Any, browser: Any, base: str, map_id: int) -> int:
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.set_default_timeout(60_000)
    page.goto(f"{base}/registrer?kort={map_id}")
    page.get_by_role("heading", name="Registrér og redigér", exact=True).wait_for()
    me = Leader(page)
    me.settle()
    try:
        way(me, "")
    except Exception:
        shot = Path(tempfile.gettempdir()) / f"bench-clicks-{way.__name__}.png"
        page.screenshot(path=shot)
        print(f"failed after {me.clicks} clicks; screenshot {shot}", file=sys.stderr)
        raise
    page.close()
    print(f"{way.__name__}: {me.clicks} clicks ({me.scrolls} scrolls)", flush=True)
    return me.clicks


def summary(m: Map) -> tuple[int, int, int, int, int]:
    return (
        len(m.units),
        len(m.citizen_groups),
        len(m.services),
        len(m.principles),
        len(m.adoptions),
    )


def main() -> None:
    results = {}
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        url = f"sqlite:///{Path(tmp) / 'clicks.sqlite3'}"
        engine = storage.get_engine(url)
        storage.upgrade(engine)
        ids = {w: storage.create_map(engine, w, Map(name=w)) for w in ("pairs", "fast")}
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        with streamlit_server(url, Path(tmp)) as base:
            for name, way in (("pairs", one_pair_at_a_time), ("fast", fast_entry)):
                results[name] = run(way, browser, base, ids[name])
        browser.close()
        maps = {w: storage.load_map(engine, i).map for w, i in ids.items()}
        storage.dispose_engines()
    print(f"map: {summary(maps['fast'])} (units, groups, services, principles, adoptions)")
    assert summary(maps["pairs"]) == summary(maps["fast"]) == (6, 2, 6, 1, 6), maps
    print(f"one pair at a time: {results['pairs']} clicks")
    print(f"fast entry:         {results['fast']} clicks")
    print(f"ratio:              {results['fast'] / results['pairs']:.2f}")


if __name__ == "__main__":
    main()
