"""Who takes part in an away-day, after it has started: someone arrives late, a name is
misspelt, someone was added by mistake. Ratings stay with their person throughout."""

from __future__ import annotations

from textual.widgets import Input, OptionList, Static

from smp_tui.app import SmpApp
from smp_tui.logic.resilience import set_rating
from smp_tui.models import Participant, Session
from smp_tui.screens.confirm import ConfirmScreen
from smp_tui.screens.people import PeopleScreen
from smp_tui.screens.session import SessionScreen
from tests.snapshots_support import on_new_session_form, paste_into, settled


async def _on_people(pilot) -> PeopleScreen:
    await settled(pilot)
    await pilot.press("enter")  # the only session
    await settled(pilot)
    assert isinstance(pilot.app.screen, SessionScreen)
    await pilot.press("p")
    await settled(pilot)
    assert isinstance(pilot.app.screen, PeopleScreen)
    return pilot.app.screen


def _listed(screen: PeopleScreen) -> list[str]:
    people = screen.query_one("#people", OptionList)
    return [str(people.get_option_at_index(n).prompt) for n in range(people.option_count)]


async def test_someone_late_is_added_a_name_put_right_and_a_mistake_taken_out(store, banks):
    ann, bob = Participant(name="Ann"), Participant(name="Bbo")
    session = Session(team="Blue team", title="Away-day", participants=[ann, bob])
    indicator = banks.resilience.indicators[0].id
    set_rating(session.resilience, indicator, bob.id, 4)
    store.save(session)
    app = SmpApp(store=store, banks=banks, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _on_people(pilot)
        assert screen.query_one("#new-person", Input).has_focus  # ready to type a late arrival
        await paste_into(pilot, "#new-person", "Cy [b]late[/b]")
        await settled(pilot)
        assert _listed(screen) == ["Ann", "Bbo", "Cy [b]late[/b]"]
        await paste_into(pilot, "#new-person", "ann")  # Ann again, in other capitals: refused
        await settled(pilot)
        assert "Ann is already in this session." in str(screen.query_one("#people-status", Static).render())
        assert len(store.get(session.id).participants) == 3
        box = screen.query_one("#new-person", Input)
        box.value = ""
        await pilot.press("up", "home", "down", "enter")  # to the list; Bbo: put the name right
        await settled(pilot)
        assert box.has_focus and box.value == "Bbo"
        await pilot.press("backspace", "backspace", *"ob", "enter")
        await settled(pilot)
        assert _listed(screen) == ["Ann", "Bob", "Cy [b]late[/b]"]
        screen.query_one("#people", OptionList).focus()
        await pilot.press("end", "delete")  # Cy was added by mistake
        await settled(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settled(pilot)
        assert _listed(screen) == ["Ann", "Bob"]
        await pilot.press("escape")
        await settled(pilot)
        assert isinstance(app.screen, SessionScreen)
        assert "Ann, Bob" in str(app.screen.query_one("#session-head", Static).render())
    stored = store.get(session.id)
    assert [(p.id, p.name) for p in stored.participants] == [(ann.id, "Ann"), (bob.id, "Bob")]
    assert [(r.participant, r.score) for r in stored.resilience.ratings] == [(bob.id, 4)]  # still Bob's


async def test_escape_while_putting_a_name_right_leaves_it_and_empty_names_are_refused(store, banks):
    session = Session(team="Blue team", title="Away-day", participants=[Participant(name="Ann")])
    store.save(session)
    app = SmpApp(store=store, banks=banks, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _on_people(pilot)
        await pilot.press("enter")  # nothing typed
        await settled(pilot)
        assert "Type a name first." in str(screen.query_one("#people-status", Static).render())
        screen.query_one("#people", OptionList).focus()
        await pilot.press("enter", *"nne", "escape")
        await settled(pilot)
        assert isinstance(app.screen, PeopleScreen)  # Escape left the name, not the dialog
        assert screen.query_one("#new-person", Input).value == ""
        assert _listed(screen) == ["Ann"]
    assert [p.name for p in store.get(session.id).participants] == ["Ann"]


async def test_people_are_not_listed_by_hand_in_a_remote_session(store, banks):
    store.save(Session(team="Blue team", title="Remote", mode="remote"))
    app = SmpApp(store=store, banks=banks, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        await pilot.press("enter")
        await settled(pilot)
        assert "session.people" not in {b.binding.id for b in app.screen.active_bindings.values()
                                        if app.screen.check_action(b.binding.action, ()) is not False}
        await pilot.press("p")
        await settled(pilot)
        assert isinstance(app.screen, SessionScreen)


async def test_a_new_session_keeps_one_person_for_names_in_other_capitals(store, banks):
    async with on_new_session_form(store, banks) as pilot:
        await paste_into(pilot, "#team", "Blue team")
        await paste_into(pilot, "#title", "Away-day")
        pilot.app.screen.query_one("#participants").text = "Ann Smith\nBob\nann smith\n\nBob\nCy"
        await pilot.press("ctrl+s")
        await settled(pilot)
    [session] = store.sessions()
    assert [p.name for p in session.participants] == ["Ann Smith", "Bob", "Cy"]


def test_names_that_look_the_same_are_one_person_and_a_session_holds_at_most_100():
    from smp_tui.logic.changes import add_participant, name_fault, rename_participant
    from smp_tui.models import PEOPLE_MAX, Action

    bob = Participant(name="Bob")
    session = Session(team="Blue team", title="Away-day", participants=[Participant(name="Ann"), bob],
                      actions=[Action(text="Ring the duty team", owner="Bob")])
    for lookalike in ("bob", "Bob\u200b", "ＢＯＢ", "  bob ", "\u200b"):
        assert name_fault(session, lookalike) is not None, repr(lookalike)
    assert name_fault(session, "Bob", renaming=bob.id) is None  # his own name
    # Another process added "bob" since this one looked: applied to the stored session, nothing doubles.
    assert [p.name for p in add_participant(Participant(name="bob"))(session).participants] == ["Ann", "Bob"]
    assert [p.name for p in rename_participant(bob.id, "ann")(session).participants] == ["Ann", "Bob"]
    renamed = rename_participant(bob.id, "Robert")(session)
    assert [p.name for p in renamed.participants] == ["Ann", "Robert"]
    assert renamed.actions[0].owner == "Robert"  # his action follows his name
    full = Session(team="Blue team", title="Big day",
                   participants=[Participant(name=f"P{n}") for n in range(PEOPLE_MAX)])
    assert name_fault(full, "Late Larry") == f"A session holds at most {PEOPLE_MAX} people."


async def test_in_an_anonymous_session_nobody_is_taken_out_and_a_removed_name_is_not_renamed(store, banks):
    session = Session(team="Blue team", title="Anon day", anonymous=True,
                      participants=[Participant(name="Ann"), Participant(name="Bob")])
    store.save(session)
    app = SmpApp(store=store, banks=banks, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _on_people(pilot)
        await pilot.press("up", "home", "delete")
        await settled(pilot)
        assert isinstance(app.screen, PeopleScreen)  # no confirm: it is refused
        assert "nobody can be taken out" in str(screen.query_one("#people-status", Static).render())
        await pilot.press("enter")  # Ann: put the name right...
        await settled(pilot)
        await pilot.press("enter")  # ...to the same name
        await settled(pilot)
        assert "left as it was" in str(screen.query_one("#people-status", Static).render())
    assert [p.name for p in store.get(session.id).participants] == ["Ann", "Bob"]


async def test_renaming_someone_taken_out_meanwhile_says_so(store, banks):
    session = Session(team="Blue team", title="Away-day", participants=[Participant(name="Ann"),
                                                                        Participant(name="Eve")])
    store.save(session)
    app = SmpApp(store=store, banks=banks, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _on_people(pilot)
        await pilot.press("up", "end", "enter", *"lyn")  # Eve -> Evelyn, not saved yet
        screen.query_one("#people", OptionList).focus()
        await pilot.press("end", "delete", "y")  # Eve taken out meanwhile
        await settled(pilot)
        assert screen.query_one("#new-person", Input).value == ""  # the rename stopped with her
        assert screen.renaming is None
    assert [p.name for p in store.get(session.id).participants] == ["Ann"]
