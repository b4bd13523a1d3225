"""Issue 12, the away-day walk: nothing lost, nothing misleading, everything readable.
Each test drives the app with keys as a facilitator would."""

from __future__ import annotations

from textual.widgets import OptionList, Static

from smp_tui.app import SmpApp
from smp_tui.report import export
from smp_tui.screens.activity import ActivityScreen
from smp_tui.screens.activity_map import ActivityMapScreen
from smp_tui.widgets.board import CynefinBoard
from tests.conftest import make_session
from tests.snapshots_support import on_exercise, open_row, settled, type_into


async def test_a_new_activity_is_not_placed_yet_rather_than_in_disorder(store, banks):
    session = make_session()
    store.save(session)
    async with on_exercise(store, banks, 0) as pilot:
        app = pilot.app
        assert isinstance(app.screen, ActivityMapScreen)
        await type_into(pilot, "#new-activity", "Duty rota")
        await settled(pilot)
        label = str(app.screen.query_one("#activities", OptionList).get_option_at_index(0).prompt)
        assert label == "Duty rota  (not placed yet)"
        board = app.screen.query_one(CynefinBoard)
        assert board.query_one("#board-disorder", OptionList).option_count == 0
        assert board.query_one("#board-disorder", OptionList).border_subtitle == "1 not placed yet"
        await open_row(pilot, "#activities", 0)
        assert isinstance(app.screen, ActivityScreen)
        assert "not placed yet" in str(app.screen.query_one("#guidance", Static).render())
    saved = store.get(session.id)
    report = export(saved, banks, "md")
    assert "| not placed yet | Duty rota |" in report
    assert "### Duty rota: not placed yet" in report
    assert "Disorder (from the answers" not in report
