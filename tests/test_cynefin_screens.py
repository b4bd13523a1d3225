"""Exercise 2 (activity map) and the change chooser, driven by keys as a team would."""

from __future__ import annotations

import pytest
from textual.widgets import Input, OptionList, Select, Static

from smp_tui.app import SmpApp
from smp_tui.models import Activity
from smp_tui.screens.activity import ActivityScreen
from smp_tui.screens.activity_map import ActivityMapScreen
from smp_tui.screens.change import ChangeScreen
from smp_tui.screens.session import SessionScreen
from smp_tui.store import Store
from smp_tui.widgets.board import CynefinBoard
from tests.conftest import make_session
from tests.snapshots_support import choose, notices, open_row, paste, paste_into, settled


async def open_exercise(pilot, index: int):
    await pilot.press("enter")  # the session, from the home screen
    await settled(pilot)
    assert isinstance(pilot.app.screen, SessionScreen)
    await pilot.press(*(["down"] * index), "enter")
    await settled(pilot)


def text_of(screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


@pytest.mark.long
async def test_activity_map_end_to_end(store, banks):
    session = make_session()
    store.save(session)
    app = SmpApp(store=store, banks=banks, cursor_blink=False)
    async with app.run_test(size=(100, 40)) as pilot:
        await settled(pilot)
        await open_exercise(pilot, 0)
        assert isinstance(app.screen, ActivityMapScreen)
        for name in ("Duty rota", "Child protection conference", "Restructure [of] the service"):
            await paste_into(pilot, "#new-activity", name)
        await settled(pilot)
        assert app.screen.query_one("#activities", OptionList).option_count == 3

        # 1: simple, by answering three questions
        await open_row(pilot, "#activities", 0)
        assert isinstance(app.screen, ActivityScreen)
        await choose(pilot, "#q-right_answer_known", 1)
        await choose(pilot, "#q-expert_analysis", 1)
        await choose(pilot, "#q-cause_and_effect", 1)
        verdict = text_of(app.screen, "#verdict")
        assert "Simple" in verdict and "3 of 6 questions" in verdict
        assert "Sense – categorise – respond" in text_of(app.screen, "#guidance")
        await paste_into(pilot, "#methods .field-0", "Written procedure")
        await paste_into(pilot, "#methods .field-0", "Weekly check")
        await paste_into(pilot, "#risks .field-0", "Cover falls through")
        await paste(pilot, "Escalate to the manager on call")
        await pilot.press("enter")
        await pilot.press("escape")
        await settled(pilot)

        # 2: complex, by answering
        await open_row(pilot, "#activities", 1)
        await choose(pilot, "#q-expert_analysis", 3)
        await choose(pilot, "#q-cause_and_effect", 3)
        await choose(pilot, "#q-experts_disagree", 3)
        assert "Complex" in text_of(app.screen, "#verdict")
        # a method becomes an action
        await paste_into(pilot, "#methods .field-0", "Try a reflective case review")
        methods = app.screen.query_one("#methods OptionList", OptionList)
        methods.focus()
        methods.highlighted = 0
        await pilot.press("ctrl+t")
        await pilot.pause()
        await paste_into(pilot, "#action-owner", "Ann", submit=False)
        await paste_into(pilot, "#action-due", "2026-06-30", submit=False)
        await pilot.press("ctrl+s")
        await pilot.press("escape")
        await settled(pilot)

        # 3: placed by hand, against the (empty) answers, with a reason
        await open_row(pilot, "#activities", 2)
        app.screen.query_one("#placed", Select).value = "chaotic"
        await pilot.pause()
        reason = app.screen.query_one("#placed-reason", Input)
        assert reason.display
        await paste_into(pilot, "#placed-reason", "Budget cut announced with two weeks' notice")
        assert "placed by the team" in text_of(app.screen, "#guidance")
        await pilot.press("escape")
        await settled(pilot)

        board = app.screen.query_one(CynefinBoard)
        assert board.query_one("#board-simple", OptionList).option_count == 1
        assert board.query_one("#board-complex", OptionList).option_count == 1
        assert board.query_one("#board-chaotic", OptionList).option_count == 1
        await pilot.press("escape")  # to the session
        await settled(pilot)
        await pilot.press("escape")  # to the list of sessions
        await settled(pilot)

    stored = Store(store.folder).get(session.id)
    rota, conference, restructure = stored.cynefin.activities
    assert rota.name == "Duty rota" and rota.answers == {
        "right_answer_known": "yes", "expert_analysis": "not_needed", "cause_and_effect": "before_everyone"}
    assert rota.methods == ["Written procedure", "Weekly check"]
    assert [(r.what, r.correction) for r in rota.risks] == [
        ("Cover falls through", "Escalate to the manager on call")]
    assert conference.answers["experts_disagree"] == "strongly"
    assert restructure.name == "Restructure [of] the service"
    assert (restructure.placed, restructure.placed_reason) == (
        "chaotic", "Budget cut announced with two weeks' notice")
    (action,) = stored.actions
    assert action.text == "Child protection conference: Try a reflective case review"
    assert (action.owner, str(action.due), action.exercise) == ("Ann", "2026-06-30", "cynefin")

    # reopened: everything is there, on the list and the board
    app = SmpApp(store=Store(store.folder), banks=banks, cursor_blink=False)
    async with app.run_test(size=(100, 40)) as pilot:
        await settled(pilot)
        await open_exercise(pilot, 0)
        labels = [str(o.prompt) for o in app.screen.query_one("#activities", OptionList).options]
        assert labels == ["Duty rota  (Simple)", "Child protection conference  (Complex)",
                          "Restructure [of] the service  (Chaotic)"]


async def test_placing_against_the_answers_needs_a_reason(store, banks):
    session = make_session()
    store.save(session)
    app = SmpApp(store=store, banks=banks, cursor_blink=False)
    async with app.run_test(size=(100, 40)) as pilot:
        await settled(pilot)
        await open_exercise(pilot, 0)
        await paste_into(pilot, "#new-activity", "Rota")
        app.screen.query_one("#activities").focus()
        await pilot.press("enter")
        await settled(pilot)
        await choose(pilot, "#q-right_answer_known", 1)
        app.screen.query_one("#placed", Select).value = "complex"
        await settled(pilot)
        assert Store(store.folder).get(session.id).cynefin.activities[0].placed is None
        app.screen.query_one("#placed", Select).value = "simple"  # agrees with the answers
        await settled(pilot)
        assert Store(store.folder).get(session.id).cynefin.activities[0].placed == "simple"


async def test_a_place_chosen_by_hand_with_its_reason_is_kept_on_leaving_without_enter(store, banks):
    """Leaving with Escape lost the place chosen and the reason typed (only Enter saved them);
    a place chosen without a reason is not kept, and leaving says so."""
    session = make_session()
    session.cynefin.activities.extend([Activity(name="Rota"), Activity(name="Audit")])
    store.save(session)
    app = SmpApp(store=store, banks=banks, cursor_blink=False)
    async with app.run_test(size=(100, 40)) as pilot:
        await settled(pilot)
        await open_exercise(pilot, 0)
        await open_row(pilot, "#activities", 0)
        app.screen.query_one("#placed", Select).value = "complex"
        await settled(pilot)
        await paste_into(pilot, "#placed-reason", "Nobody knows the new system yet", submit=False)
        await pilot.press("escape")
        await settled(pilot)
        await open_row(pilot, "#activities", 1)
        app.screen.query_one("#placed", Select).value = "chaotic"
        await settled(pilot)
        await pilot.press("escape")
        await settled(pilot)
        assert "needs a reason" in notices(app)
    rota, audit = Store(store.folder).get(session.id).cynefin.activities
    assert (rota.placed, rota.placed_reason) == ("complex", "Nobody knows the new system yet")
    assert audit.placed is None


async def test_remove_and_reorder_activities(store, banks):
    session = make_session()
    store.save(session)
    app = SmpApp(store=store, banks=banks, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        await open_exercise(pilot, 0)
        for name in ("A", "B", "C"):
            await paste_into(pilot, "#new-activity", name)
        options = app.screen.query_one("#activities", OptionList)
        options.focus()
        options.highlighted = 2
        await pilot.press("ctrl+up")
        await pilot.press("delete", "y")
        await settled(pilot)
    assert [a.name for a in Store(store.folder).get(session.id).cynefin.activities] == ["A", "B"]


@pytest.mark.long
async def test_change_chooser_end_to_end(store, banks):
    session = make_session()
    store.save(session)
    app = SmpApp(store=store, banks=banks, cursor_blink=False)
    async with app.run_test(size=(100, 40)) as pilot:
        await settled(pilot)
        await open_exercise(pilot, 1)
        assert isinstance(app.screen, ChangeScreen)
        await paste_into(pilot, "#description", "Merging two duty teams", submit=False)
        await choose(pilot, "#drivers", 0)
        await choose(pilot, "#kinds", 2)
        await choose(pilot, "#q-urgency", 3)
        await choose(pilot, "#q-disruption", 3)
        await choose(pilot, "#q-goal_clarity", 3)
        recommendation = text_of(app.screen, "#recommendation")
        assert "Recommended: Revolution" in recommendation
        assert "Now: the service is failing" in recommendation
        await choose(pilot, "#chosen", 2)  # planned change, against the recommendation
        assert app.screen.query_one("#choice-reason", Input).display
        await paste_into(pilot, "#choice-reason", "Staff must own it")
        await choose(pilot, "#conditions", 0)
        await choose(pilot, "#conditions", 6)
        await choose(pilot, "#resistance .ticks", 8)  # job security
        await paste_into(pilot, "#mitigation-job_security", "Say early what is not at risk")
        await choose(pilot, "#pitfalls .ticks", 2)  # too short
        await paste_into(pilot, "#lewin-unfreeze", "Share the inspection findings", submit=False)
        await paste_into(pilot, "#lewin-refreeze", "New rota in the handbook", submit=False)
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert app.screen.query_one("#action-text", Input).value == "New rota in the handbook"
        await paste_into(pilot, "#action-owner", "Bob", submit=False)
        await pilot.press("ctrl+s")
        await pilot.press("escape")
        await settled(pilot)
    change = Store(store.folder).get(session.id).change
    assert change.description == "Merging two duty teams"
    assert change.drivers == ["environment"] and change.kinds == ["membership"]
    assert change.answers == {"urgency": "now", "disruption": "a_lot", "goal_clarity": "break"}
    assert (change.chosen_mode, change.choice_reason) == ("planned", "Staff must own it")
    assert change.conditions == ["involved", "purpose_known"]
    assert [(t.id, t.mitigation) for t in change.resistance] == [("job_security", "Say early what is not at risk")]
    assert [t.id for t in change.pitfalls] == ["too_short"]
    assert change.lewin == {"unfreeze": "Share the inspection findings", "refreeze": "New rota in the handbook"}
    (action,) = Store(store.folder).get(session.id).actions
    assert (action.text, action.owner, action.exercise) == ("New rota in the handbook", "Bob", "change")
