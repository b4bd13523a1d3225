"""The personal workbook as a person uses it: keys pressed, then what was stored and
what the screen shows."""

from __future__ import annotations

from datetime import date

from textual.widgets import Markdown, Static, TabbedContent

from smp_tui.app import SmpApp
from smp_tui.logic.workbook import new_workbook_session, of_tool, personal_team
from smp_tui.screens.workbook import WorkbookScreen
from tests.snapshots_support import settled


def _app(store, banks, user="ann"):
    return SmpApp(store=store, banks=banks, cursor_blink=False, first_screen=WorkbookScreen(user))


def _mine(store, tool, user="ann"):
    return of_tool(store.sessions(personal_team(user)), tool)


async def _result(pilot) -> str:
    await pilot.press("f6")
    await settled(pilot)
    assert pilot.app.screen.query_one(TabbedContent).active == "result"
    return pilot.app.screen.query_one("#result-text", Markdown).source


async def test_learning_needs_scored_with_single_keys(store, banks):
    app = _app(store, banks)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        await pilot.press("enter")  # not started: starts it
        await settled(pilot)
        await pilot.press(*"32451234234")
        await settled(pilot)
        [session] = _mine(store, "learning_needs")
        scores = {k: v.score for k, v in session.workbook.learning_needs.scores.items()}
        assert [scores[s.id] for s in banks.learning_needs.statements] == [3, 2, 4, 5, 1, 2, 3, 4, 2, 3, 4]
        shown = await _result(pilot)
        assert "11 of 11 areas scored" in shown
        assert "## Lowest areas" in shown
        low = shown.split("## Lowest areas")[1]
        assert low.index("quality assurance") < low.index("quick, over-simple") < low.index("knee-jerk")
        assert "Lowest theme: Development" in shown
