"""Every screen shown with hostile strings in every field, from the session and from the
banks: nothing crashes, the text is shown literally, and no control character of it
reaches the terminal (issue 10)."""

from __future__ import annotations

import re
from datetime import date

import pytest
from pydantic import ValidationError
from textual import events
from textual.widgets import Input, TabbedContent, TextArea

from smp_tui.app import SmpApp
from smp_tui.banks import Banks
from smp_tui.models import Action, Participant, Session, new_join_code
from tests.snapshots_support import drawn, settled, shipped_banks

ATTACK = "\x1b[2J\x1b]0;TT\x07\x1b]52;c;SGk=\x07"
HOSTILE = f"Eve [/] [bold]x {ATTACK}"
SHOWN = "Eve [/] [bold]x ␛[2J␛]0;TT␇"  # how the start of HOSTILE looks on screen
BANK_MARK = "Bk [/][b]"


def hostile_banks() -> Banks:
    """The shipped banks with markup and control characters added to every sentence (every
    text the schema lets be free: ids, letters and the like keep their patterns)."""
    def spoil(value):
        if isinstance(value, dict):
            return {k: spoil(v) for k, v in value.items()}
        if isinstance(value, list):
            return [spoil(v) for v in value]
        if isinstance(value, str):
            return f"{BANK_MARK}{value[:400]}\x1b[2J\x07"
        return value

    def at(data, loc):
        for part in loc[:-1]:
            data = data[part]
        return data, loc[-1]

    original = shipped_banks().model_dump(mode="json")
    data = {**spoil(original), "folder": original["folder"]}
    for _ in range(5):
        try:
            return Banks.model_validate(data)
        except ValidationError as error:
            for item in error.errors():  # a field with a pattern (an id, a letter): put it back
                if item["type"] == "string_pattern_mismatch":
                    spoiled, key = at(data, item["loc"])
                    kept, _ = at(original, item["loc"])
                    spoiled[key] = kept[key]
    return Banks.model_validate(data)


def hostile_session(banks: Banks, **fields) -> Session:
    people = [Participant(name=f"{HOSTILE} {n}") for n in range(3)]
    indicators = [i.id for i in banks.resilience.indicators]
    stages = [s.id for s in banks.good_job.stages]
    quadrants = [q.id for q in banks.good_job.quadrants]
    return Session(
        team=HOSTILE, title=HOSTILE, mode="remote", join_code=new_join_code(), note=HOSTILE,
        participants=people,
        cynefin={"activities": [{"name": HOSTILE, "placed": "complex", "placed_reason": HOSTILE,
                                 "methods": [HOSTILE], "risks": [{"what": HOSTILE, "correction": HOSTILE}]}]},
        change={"description": f"{HOSTILE}\n{HOSTILE}", "chosen_mode": banks.change.modes[0].id,
                "choice_reason": HOSTILE, "drivers": [banks.change.driver_families[0].id],
                "resistance": [{"id": banks.change.resistance[0].id, "mitigation": HOSTILE}],
                "lewin": {step.id: HOSTILE for step in banks.change.lewin}},
        resilience={"revealed": True,
                    "ratings": [{"indicator": i, "participant": p.id, "score": 1 + (n % 5)}
                                for n, (i, p) in enumerate((i, p) for i in indicators for p in people)],
                    "notes": {indicators[0]: {"working_well": HOSTILE, "worries": HOSTILE, "addressing": HOSTILE}}},
        good_job={"stages": {stages[0]: {"happening": [HOSTILE], "could_do": [HOSTILE]}},
                  "measures": {quadrants[0]: [HOSTILE]}},
        actions=[Action(text=HOSTILE, owner=HOSTILE, due=date(2026, 5, 1))],
        **fields,
    )


def terminal_output(app) -> tuple[str, str]:
    """What the app would write to the terminal for the whole screen, and its plain text."""
    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    written = update.render_segments(app.console)
    plain = "\n".join(drawn(app))
    return written, plain


def assert_safe(app, *expected: str) -> str:
    written, plain = terminal_output(app)
    assert "\x07" not in written and "\x1b[2J" not in written and "\x1b]" not in written
    assert not any(ord(ch) < 0x20 and ch != "\n" for ch in plain)
    for text in expected:
        for part in re.split(r" (?=␛)", text):  # a narrow column may wrap the text there
            assert part in plain, f"{part!r} not shown on {type(app.screen).__name__}"
    return plain


@pytest.fixture
def banks_spoiled():
    return hostile_banks()


@pytest.mark.long
async def test_every_screen_shows_hostile_text_literally(store, banks_spoiled):
    from smp_tui.screens.action_dialog import ActionDialog
    from smp_tui.screens.actions import ActionsScreen
    from smp_tui.screens.activity import ActivityScreen
    from smp_tui.screens.activity_map import ActivityMapScreen
    from smp_tui.screens.change import ChangeScreen
    from smp_tui.screens.checkin import CheckinScreen, ShareAsDialog, ShareDialog, TrendScreen, new_checkin
    from smp_tui.screens.confirm import ConfirmScreen
    from smp_tui.screens.good_job import GoodJobScreen
    from smp_tui.screens.help import HelpScreen
    from smp_tui.screens.new_session import NewSessionScreen
    from smp_tui.screens.people import PeopleScreen
    from smp_tui.screens.resilience import ResilienceScreen
    from smp_tui.screens.review import ReviewScreen
    from smp_tui.screens.session import SessionScreen
    from smp_tui.screens.summary import ExportDialog, SummaryScreen

    banks = banks_spoiled
    earlier = hostile_session(banks, created_at="2026-01-01T09:00:00Z", updated_at="2026-01-01T09:00:00Z")
    session = hostile_session(banks)
    checkin = new_checkin(HOSTILE)
    checkin.resilience.ratings = [{"indicator": banks.resilience.indicators[0].id,
                                   "participant": checkin.participants[0].id, "score": 3}]
    for stored in (earlier, session, checkin):
        store.save(stored)
    app = SmpApp(store=store, banks=banks, cursor_blink=False)
    async with app.run_test(size=(120, 50)) as pilot:
        await settled(pilot)
        assert_safe(app, SHOWN)  # home

        async def show(screen, *expected, then=None):
            await app.push_screen(screen)
            await settled(pilot)
            if then is not None:
                await then(screen)
                await settled(pilot)
            plain = assert_safe(app, *expected)
            app.pop_screen()
            await settled(pilot)
            return plain

        async def type_hostile(screen):
            for field in [*screen.query(Input), *screen.query(TextArea)]:
                field.focus()
                await pilot.pause()
                app.post_message(events.Paste(HOSTILE))  # as a terminal delivers a paste
                await pilot.pause()

        await show(NewSessionScreen(), SHOWN, then=type_hostile)
        await show(SessionScreen(session.id), SHOWN)
        await show(ActivityMapScreen(session), SHOWN, BANK_MARK)
        await show(ActivityScreen(session, session.cynefin.activities[0].id), SHOWN, BANK_MARK)
        await show(ChangeScreen(session), SHOWN, BANK_MARK)
        for tab in ("rate", "results", "notes"):
            async def on_tab(screen, tab=tab):
                screen.query_one(TabbedContent).active = tab
            shown = [SHOWN] if tab == "rate" else [BANK_MARK]  # remote: who has answered; else bank text
            await show(ResilienceScreen(session), *shown, then=on_tab)
        away_day = session.model_copy(update={"mode": "away-day", "join_code": None})
        await show(ResilienceScreen(away_day), SHOWN, BANK_MARK)  # whose ratings, and the list to rate
        await show(GoodJobScreen(session), SHOWN, BANK_MARK)
        await show(ActionsScreen(session), SHOWN)
        await show(ActionDialog(HOSTILE, "session", [p.name for p in session.participants], session.actions[0]),
                   SHOWN)
        await show(ReviewScreen(session, [(earlier, earlier.actions[0])]), SHOWN)
        await show(SummaryScreen(session), SHOWN, BANK_MARK)
        await show(ExportDialog(session))
        await show(CheckinScreen(checkin), BANK_MARK)
        await show(TrendScreen(checkin))
        await show(ShareDialog([session], "Share into which session?"), SHOWN)
        await show(ConfirmScreen(f"Remove {HOSTILE}?"), SHOWN)
        await show(PeopleScreen(session, lambda change, what: change(session)), SHOWN, then=type_hostile)
        await show(ShareAsDialog(HOSTILE, [(p.name, p.name) for p in session.participants]), SHOWN)
        await show(HelpScreen(app.screen))
        app.notify(HOSTILE, markup=False)
        await settled(pilot)
        assert_safe(app)


async def test_a_due_date_out_of_range_is_explained_not_stored(store, banks):
    from textual.widgets import Static

    from smp_tui.screens.action_dialog import ActionDialog

    app = SmpApp(store=store, banks=banks, cursor_blink=False)
    async with app.run_test(size=(100, 40)) as pilot:
        await settled(pilot)
        results = []
        app.push_screen(ActionDialog("Ring the duty team", "session", []), results.append)
        await settled(pilot)
        app.screen.query_one("#action-due", Input).value = "9999-12-31"
        await pilot.press("ctrl+s")
        await settled(pilot)
        shown = str(app.screen.query_one("#action-errors", Static).render())
        assert "- due: year 9999 is outside 2000-2100" in shown and "Value error" not in shown
        assert "input_value" not in shown and results == []
        app.screen.query_one("#action-due", Input).value = "2020-02-30"  # the right shape, no such day
        await pilot.press("ctrl+s")
        await settled(pilot)
        shown = str(app.screen.query_one("#action-errors", Static).render())
        assert "2020-02-30 is not in the calendar" in shown and results == []


async def test_participant_screens_show_hostile_text_literally(store, banks_spoiled):
    from smp_tui.participant import ParticipantWorkspace
    from smp_tui.participant_app import ParticipantApp
    from smp_tui.screens.participant import AnswersScreen

    session = hostile_session(banks_spoiled)
    session.resilience.revealed = False  # a round still open to joiners
    store.save(session)
    app = ParticipantApp(ParticipantWorkspace(store, banks_spoiled), session.join_code, cursor_blink=False)

    async def settle(pilot):
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()

    async with app.run_test(size=(120, 50)) as pilot:
        await settle(pilot)
        assert_safe(app, f"Found: {SHOWN}")  # the join screen
        app.screen.query_one("#name", Input).focus()
        await pilot.pause()
        app.post_message(events.Paste(f"Mallory [/]{ATTACK}"))  # a name pasted with escapes in it
        await pilot.pause()
        assert_safe(app, "Mallory [/]␛[2J␛]0;TT␇")
        await pilot.press("enter")
        await settle(pilot)
        while not isinstance(app.screen, AnswersScreen):  # the rejoin code is shown first
            assert_safe(app)
            app.pop_screen()
            await settle(pilot)
        assert_safe(app, SHOWN, BANK_MARK, "Mallory [/]␛[2J␛]0;TT␇")
    joined = store.get(session.id).participants[-1]
    assert joined.name.startswith("Mallory [/]␛[2J␛]0;TT␇")


@pytest.mark.long
async def test_every_exercise_and_workbook_tool_is_safe_with_hostile_text(store, banks_spoiled):
    """Every exercise a session lists (agenda, good work, stakeholders, valuing staff...) and
    every personal workbook tool, opened on hostile records with hostile banks."""
    from smp_tui.logic.workbook import TOOL_TITLES, new_workbook_session
    from smp_tui.screens.exercises import EXERCISES
    from smp_tui.screens.influencing import InfluencingScreen
    from smp_tui.screens.instrument import InstrumentScreen
    from smp_tui.screens.learning_needs import LearningNeedsScreen
    from smp_tui.screens.plan import PlanScreen
    from smp_tui.screens.workbook import WorkbookScreen

    session = hostile_session(banks_spoiled)
    store.save(session)
    tools = {"learning_needs": LearningNeedsScreen, "influencing": InfluencingScreen,
             "instrument": InstrumentScreen, "plan": PlanScreen}
    assert set(tools) == set(TOOL_TITLES)
    workbooks = {tool: new_workbook_session(HOSTILE, tool) for tool in tools}
    workbooks["plan"].actions = [Action(text=HOSTILE, owner=HOSTILE)]
    for workbook in workbooks.values():
        store.save(workbook)
    app = SmpApp(store=store, banks=banks_spoiled, cursor_blink=False)
    async with app.run_test(size=(120, 50)) as pilot:
        await settled(pilot)
        screens = [(entry.title, entry.screen()(session)) for entry in EXERCISES]
        screens += [(tool, screen(workbooks[tool])) for tool, screen in tools.items()]
        screens.append(("workbook", WorkbookScreen(HOSTILE)))
        for name, screen in screens:
            await app.push_screen(screen)
            await settled(pilot)
            plain = assert_safe(app)
            assert BANK_MARK in plain or "Eve [/] [bold]x" in plain, f"{name}: no hostile text shown"
            app.pop_screen()
            await settled(pilot)
