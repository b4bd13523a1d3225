"""The home screen with many sessions: pages, search, a team chosen, check-ins apart."""

from __future__ import annotations

import getpass
from datetime import datetime, timedelta, timezone

from textual.widgets import DataTable, Input, Select, Static

from smp_tui.app import SmpApp
from smp_tui.logic.workbook import personal_team as checkin_team
from smp_tui.screens.home import PAGE_ROWS
from smp_tui.screens.participant import JoinScreen
from tests.conftest import make_session
from tests.snapshots_support import settled

START = datetime(2025, 1, 6, 9, tzinfo=timezone.utc)


def fill(store, count: int) -> None:
    for n in range(count):
        when = START + timedelta(hours=n)
        store.save(make_session(team=f"Team {n % 3}", title=f"Meeting {n:03d}", created_at=when, updated_at=when))


def titles(app) -> list[str]:
    table = app.screen.query_one(DataTable)
    return [str(table.get_row_at(n)[2]) for n in range(table.row_count)] if table.display else []


def status(app) -> str:
    widget = app.screen.query_one("#home-page", Static)
    return str(widget.render()) if widget.display else ""


async def test_many_sessions_are_shown_a_page_at_a_time_newest_first(store, banks):
    fill(store, PAGE_ROWS + 30)
    app = SmpApp(store=store, banks=banks, cursor_blink=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settled(pilot)
        assert titles(app) == [f"Meeting {n:03d}" for n in range(PAGE_ROWS + 29, 29, -1)]
        assert f"Showing 1–{PAGE_ROWS} of {PAGE_ROWS + 30} sessions" in status(app)
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert titles(app) == [f"Meeting {n:03d}" for n in range(29, -1, -1)]
        assert f"Showing {PAGE_ROWS + 1}–{PAGE_ROWS + 30} of {PAGE_ROWS + 30}" in status(app)
        await pilot.press("right_square_bracket")  # no page after the last
        await pilot.pause()
        assert titles(app)[0] == "Meeting 029"
        await pilot.press("left_square_bracket", "enter")
        await settled(pilot)
        assert app.screen.session.title == f"Meeting {PAGE_ROWS + 29:03d}"  # the newest, opened


async def test_typing_in_the_search_box_filters_and_keys_still_work(store, banks):
    fill(store, 12)
    app = SmpApp(store=store, banks=banks, cursor_blink=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settled(pilot)
        await pilot.press("slash", *"011")
        await pilot.pause()
        assert app.screen.query_one("#home-search", Input).value == "011"
        assert titles(app) == ["Meeting 011"]
        await pilot.press("backspace")
        await pilot.pause()
        assert titles(app) == ["Meeting 011", "Meeting 010", "Meeting 001"]
        await pilot.press(*" TEAM 2")  # every word, found in the team or the title
        await pilot.pause()
        assert titles(app) == ["Meeting 011"]
        await pilot.press(*"zzz")
        await pilot.pause()
        assert titles(app) == []
        assert "No session matches" in str(app.screen.query_one("#home-empty", Static).render())
        await pilot.press("ctrl+a", "ctrl+k", "down")  # clear, back to the list
        await pilot.pause()
        assert isinstance(app.focused, DataTable) and len(titles(app)) == 12
        await pilot.press("j")
        await pilot.pause()
        assert isinstance(app.screen, JoinScreen)


async def test_choosing_a_team_shows_only_its_sessions(store, banks):
    fill(store, 9)
    app = SmpApp(store=store, banks=banks, cursor_blink=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settled(pilot)
        app.screen.query_one("#home-team", Select).value = "Team 2"
        await pilot.pause()
        assert titles(app) == ["Meeting 008", "Meeting 005", "Meeting 002"]


async def test_check_ins_are_kept_apart_and_only_your_own_are_shown(store, banks):
    fill(store, 2)
    mine = make_session(team=checkin_team(getpass.getuser()), title="My check-in", mode="check-in")
    theirs = make_session(team=checkin_team("someone-else"), title="Their check-in", mode="check-in")
    store.save(mine)
    store.save(theirs)
    app = SmpApp(store=store, banks=banks, cursor_blink=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settled(pilot)
        assert titles(app) == ["Meeting 001", "Meeting 000"]
        select = app.screen.query_one("#home-team", Select)
        assert "someone-else" not in " ".join(str(prompt) for prompt, _ in select._options)
        select.value = "checkins"
        await pilot.pause()
        assert titles(app) == ["My check-in"]


async def test_on_an_empty_store_help_then_escape_leaves_the_keys_working(store, banks):
    """A walk: F1, Escape, n did nothing: focus had gone to the hidden search box, which
    took 'n' (and every key after) as a search, and the first session then looked lost."""
    from smp_tui.screens.new_session import NewSessionScreen

    app = SmpApp(store=store, banks=banks, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        for key in ("f1", "escape", "n"):  # help, closed, then a new session
            await settled(pilot)
            await pilot.press(key)
        await settled(pilot)
        assert isinstance(app.screen, NewSessionScreen)


async def test_open_and_delete_are_offered_only_with_a_session_listed(store, banks):
    from tests.snapshots_support import drawn

    app = SmpApp(store=store, banks=banks, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        footer = drawn(app)[-1]
        assert "New session" in footer and "Open" not in footer and "Delete" not in footer
        fill(store, 1)
        app.screen.action_refresh()
        await settled(pilot)
        footer = drawn(app)[-1]
        assert "Open" in footer and "Delete" in footer
