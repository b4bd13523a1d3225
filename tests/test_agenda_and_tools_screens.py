"""The agenda, Tool 1, Tool 2 and Exercise 4 driven by keys as a facilitator would, with
a fake clock for the countdown; what was stored and what the screen shows."""

from __future__ import annotations

from contextlib import asynccontextmanager
from datetime import datetime, timedelta, timezone

from textual.widgets import Input, OptionList, Static

from smp_tui.app import SmpApp
from smp_tui.models import Participant, Session
from smp_tui.report import to_markdown
from smp_tui.screens.activity_map import ActivityMapScreen
from smp_tui.screens.agenda import AgendaScreen
from smp_tui.screens.good_work import GoodWorkScreen
from smp_tui.screens.session import EXERCISES, SessionScreen
from smp_tui.screens.stakeholders import StakeholdersScreen
from smp_tui.screens.valuing_staff import ValuingStaffScreen
from smp_tui.widgets.board import QuadrantBoard
from smp_tui.widgets.countdown import CountdownBadge
from tests.conftest import make_session
from tests.snapshots_support import burst, drawn, notices, on_exercise, open_row, paste, paste_into, settled, type_into

T0 = datetime(2026, 3, 14, 9, 30, tzinfo=timezone.utc)
INDEX = {entry.id: n for n, entry in enumerate(EXERCISES)}


class FakeClock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now

    def tick(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


def rendered(app, selector: str) -> str:
    """The plain text of a Static holding a Rich table, as a person would read it."""
    wide = app.console.options.update(width=160)
    return "".join(segment.text for segment in app.console.render(app.screen.query_one(selector).content, wide))


def text_of(screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def open_exercise(pilot, exercise_id: str) -> None:
    await pilot.press("enter")  # the session, from the home screen
    await settled(pilot)
    assert isinstance(pilot.app.screen, SessionScreen)
    await open_row(pilot, "#exercises", INDEX[exercise_id])


def stored(store, session: Session) -> Session:
    return store.get(session.id)


async def show_clock(pilot) -> str:
    pilot.app.show_countdown()
    await pilot.pause()
    badges = pilot.app.screen.query(CountdownBadge)
    return str(badges.first().render()) if badges and badges.first().display else ""


@asynccontextmanager
async def on_agenda(store, banks, session: Session, fake: FakeClock, size=(80, 24)):
    """The app on the session's agenda, its clock the fake one."""
    app = SmpApp(store=store, banks=banks, cursor_blink=False)
    app.clock = fake
    async with app.run_test(size=size) as pilot:
        await settled(pilot)
        await open_exercise(pilot, "agenda")
        assert isinstance(app.screen, AgendaScreen)
        yield pilot


@asynccontextmanager
async def on_new_agenda(store, banks):
    """A new session's agenda (the workbook's day), on a stopped clock."""
    session = make_session()
    store.save(session)
    async with on_agenda(store, banks, session, FakeClock()) as pilot:
        await settled(pilot)
        yield pilot, session


async def test_changing_an_agenda_item_says_so_and_escape_leaves_it(store, banks):
    """Seen in a walk: e, then Tab away and back, a new name and Enter replaced the item
    with nothing on screen saying the boxes were changing it, not adding one; and Escape
    left the whole agenda."""
    from smp_tui.screens.agenda import ADDING, AgendaScreen

    async with on_new_agenda(store, banks) as (pilot, session):
        screen = pilot.app.screen
        second = screen.session.agenda.items[1]
        assert text_of(screen, "#agenda-editing") == ADDING
        await pilot.press("down", "e")
        assert text_of(screen, "#agenda-editing").startswith(f"Changing {second.name} : Enter on the minutes saves")
        await pilot.press("shift+tab", "tab", "ctrl+u", *"Coffee", "escape")  # thought better of it
        await settled(pilot)
        assert isinstance(pilot.app.screen, AgendaScreen)  # Escape left the change, not the screen
        assert text_of(screen, "#agenda-editing") == ADDING and screen.query_one("#agenda-items").has_focus
        await paste_into(pilot, "#item-name", "Coffee")
        await pilot.press(*"10", "enter")
        await settled(pilot)
    agenda = stored(store, session).agenda
    assert len(agenda.items) == 16 and agenda.items[1] == second and agenda.items[-1].name == "Coffee"


async def test_a_new_agenda_item_typed_but_not_added_is_not_dropped_without_a_word(store, banks):
    from smp_tui.screens.agenda import AgendaScreen

    async with on_new_agenda(store, banks) as (pilot, session):
        screen = pilot.app.screen
        await paste_into(pilot, "#item-name", "Team photo", submit=False)
        screen.query_one("#agenda-items").focus()
        await pilot.press("e")  # would put an item over what was typed
        await settled(pilot)
        assert screen.query_one("#item-name", Input).value == "Team photo" and screen.editing is None
        await pilot.press("escape")  # warned once (by e): Escape now leaves without it
        await settled(pilot)
        assert not isinstance(pilot.app.screen, AgendaScreen)
        assert "'Team photo' is not in the plan yet" in notices(pilot.app)


async def test_escape_with_a_new_item_typed_warns_once_then_leaves(store, banks):
    from smp_tui.screens.agenda import AgendaScreen

    async with on_new_agenda(store, banks) as (pilot, session):
        await paste_into(pilot, "#item-name", "Team photo", submit=False)
        await pilot.press("escape")
        await settled(pilot)
        assert isinstance(pilot.app.screen, AgendaScreen) and "not in the plan yet" in notices(pilot.app)
        await pilot.press("escape")
        await settled(pilot)
        assert not isinstance(pilot.app.screen, AgendaScreen)


async def test_removing_the_agenda_item_being_changed_says_what_became_of_the_change(store, banks):
    from smp_tui.screens.agenda import ADDING

    async with on_new_agenda(store, banks) as (pilot, session):
        screen = pilot.app.screen
        first = screen.session.agenda.items[0]
        await pilot.press("e", *" and coffee", "shift+tab", "delete", "y")
        await settled(pilot)
        assert text_of(screen, "#agenda-editing") == ADDING and screen.editing is None
        assert f"'{first.name}', which you were changing, is removed" in notices(pilot.app)
        await paste_into(pilot, "#item-name", "Welcome")  # the boxes add again
        await pilot.press(*"10", "enter")
        await settled(pilot)
    names = [item.name for item in stored(store, session).agenda.items]
    assert first.name not in names and names[-1] == "Welcome" and len(names) == 15


async def test_agenda_edit_and_run_the_day(store, banks):
    session = make_session()
    store.save(session)
    fake = FakeClock()
    async with on_agenda(store, banks, session, fake) as pilot:
        app = pilot.app
        screen = app.screen
        await settled(pilot)
        assert len(screen.session.agenda.items) == 15  # the workbook's day, shown...
        assert stored(store, session).agenda.items == []  # ...and kept only once changed
        assert "09:30 to 16:30" in text_of(screen, "#agenda-status")

        # edit: the introduction 5 minutes longer, a new item at the end, a later start
        await pilot.press("right")
        await paste_into(pilot, "#item-name", "Thank-yous")
        await pilot.press(*"10", "enter")
        await paste_into(pilot, "#start-time", "10:00")
        await settled(pilot)
        agenda = stored(store, session).agenda
        assert agenda.items[0].minutes == 25 and agenda.items[-1].name == "Thank-yous"
        assert agenda.start.strftime("%H:%M") == "10:00"
        assert "10:00 to 17:15" in text_of(screen, "#agenda-status")
        await paste_into(pilot, "#start-time", "25:99")
        assert app.screen.query_one("#start-time", Input).has_focus  # refused, still there to fix

        # run: start, two minutes before the end a warning, then over time
        screen.query_one("#agenda-items").focus()
        await pilot.press("space")
        await settled(pilot)
        assert "Introduction 25:00" in await show_clock(pilot)
        fake.tick(23 * 60)
        assert "02:00" in await show_clock(pilot)
        assert screen.query_one(CountdownBadge).has_class("-warning")
        fake.tick(150)
        assert "+00:30" in await show_clock(pilot)
        assert screen.query_one(CountdownBadge).has_class("-zero")
        await pilot.press("plus")
        await settled(pilot)
        assert "04:30" in await show_clock(pilot)
        # pause: time stands still
        await pilot.press("space")
        fake.tick(600)
        assert "04:30" in await show_clock(pilot)
        assert screen.query_one(CountdownBadge).has_class("-paused")
        await pilot.press("space")
        await settled(pilot)

        # next, next, skip ... the activity map item opens the activity map
        await pilot.press("n")
        fake.tick(60)
        await pilot.press("n")
        fake.tick(60)
        await pilot.press("k")  # skip Session two
        fake.tick(60)
        await pilot.press("n")  # the break ends: the activity map starts and opens
        await settled(pilot)
        assert isinstance(app.screen, ActivityMapScreen)
        assert "the activit… 30:00" in await show_clock(pilot)  # on every screen of the session
        await pilot.press("escape")
        await settled(pilot)
        assert isinstance(app.screen, AgendaScreen)

    agenda = stored(store, session).agenda
    assert agenda.items[0].extra_minutes == 5 and agenda.items[0].ended_at is not None
    assert agenda.items[2].skipped
    assert agenda.current == agenda.items[4].id
    report = to_markdown(stored(store, session), banks, now=fake())
    assert "## The day: plan and what happened" in report
    # 23 minutes, 2.5 more, 10 paused (not counted): 25.5 of the 25 planned
    assert "| Planned | Minutes | Item | Started | Ended | Took | Over or short |" in report
    assert "| 10:00–10:25 | 25 | Introduction | 09:30 | 10:05 | 26 | on time (+5 given) |" in report
    assert "| 10:25–11:05 | 40 | Session one: Purpose | 10:05 | 10:06 | 1 | 39 short |" in report  # not "-39"
    assert "| 11:05–11:45 | 40 | Session two: Reflection | 10:06 | 10:07 | 1 | skipped |" in report
    assert "| 12:05–12:35 | 30 | Group exercise: the activity map | 10:08 | – | 0 | running |" in report


async def test_the_running_clock_leaves_the_list_as_it_is_until_a_line_changes(store, banks):
    """The list is redrawn when what it says changes, not every second the clock runs:
    rebuilding it each tick moved it back to the top under a person scrolling it."""
    session = make_session()
    store.save(session)
    fake = FakeClock()
    async with on_agenda(store, banks, session, fake, size=(80, 20)) as pilot:  # the list scrolls
        screen = pilot.app.screen
        items = screen.query_one("#agenda-items", OptionList)
        await pilot.press("space")  # the clock runs
        await settled(pilot)
        items.scroll_end(animate=False)  # a person reading the end of the day
        await settled(pilot)
        scrolled = items.scroll_y
        assert scrolled > 0
        first = items.get_option_at_index(0)
        for _ in range(3):
            fake.tick(1)
            screen._tick()
            await pilot.pause()
        assert items.get_option_at_index(0) is first and items.scroll_y == scrolled
        fake.tick(30 * 60)  # the introduction runs over: the lines after it move
        await pilot.press("n")
        await settled(pilot)
        assert items.get_option_at_index(0) is not first
        assert "✔" in str(items.get_option_at_index(0).prompt)


async def test_a_plan_past_midnight_says_the_next_day_and_a_finished_item_says_over_or_short(store, banks):
    """"09:30 to 02:30" read as a short day; "-20′" beside a finished item said nothing."""
    session = make_session()
    store.save(session)
    fake = FakeClock()
    async with on_agenda(store, banks, session, fake) as pilot:
        screen = pilot.app.screen
        await paste_into(pilot, "#start-time", "20:00")
        await settled(pilot)
        assert "the next day" in text_of(screen, "#agenda-status")
        screen.query_one("#agenda-items").focus()
        await pilot.press("space")  # the introduction starts...
        await settled(pilot)
        fake.tick(5 * 60)
        await pilot.press("n")  # ...and ends after 5 of its 20 minutes
        await settled(pilot)
        first = str(screen.query_one("#agenda-items", OptionList).get_option_at_index(0).prompt)
        assert "15′ short" in first and "-15" not in first


async def test_countdown_survives_a_restart(store, banks):
    """The times are stored: a new app (another process, a participant) shows the same."""
    session = make_session()
    store.save(session)
    fake = FakeClock()
    app = SmpApp(store=store, banks=banks, cursor_blink=False)
    app.clock = fake
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        await open_exercise(pilot, "agenda")
        await settled(pilot)
        await pilot.press("space")
        await settled(pilot)
    fake.tick(5 * 60 + 1)
    again = SmpApp(store=store, banks=banks, cursor_blink=False)
    again.clock = fake
    async with again.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        await pilot.press("enter")
        await settled(pilot)
        assert isinstance(again.screen, SessionScreen)
        assert "Introduction 14:59" in await show_clock(pilot)


async def test_good_work_survey_by_keys(store, banks):
    session = make_session()
    store.save(session)
    app = SmpApp(store=store, banks=banks, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        await open_exercise(pilot, "good_work")
        assert isinstance(app.screen, GoodWorkScreen)
        await pilot.press("n", "n", "y")  # Ann: job security
        app.screen.query_one("#good-work-rater").value = session.participants[1].id
        await settled(pilot)
        app.screen.query_one("#statements").focus()
        app.screen.query_one("#statements").highlighted = 1
        await pilot.press("n", "s", "up", "backspace")  # Bob, who takes back his "not sure"
        await settled(pilot)
        await pilot.press("f6")
        await settled(pilot)
        results = text_of(app.screen, "#good-work-most-no")
        assert results.index("2 no of 2") < results.index("1 no of 1")
        proposals = app.screen.query_one("#good-work-proposals", OptionList)
        assert str(proposals.get_option_at_index(0).prompt).startswith("Job security")
        proposals.focus()
        proposals.highlighted = 0
        await pilot.press("enter")  # the proposal becomes an action
        await settled(pilot)
        await pilot.press("ctrl+s")
        await settled(pilot)
    answers = stored(store, session).good_work.answers
    assert sorted((a.statement, a.answer) for a in answers if a.participant == session.participants[1].id) == [
        ("expectations_clear", "no")]
    assert len(answers) == 4
    assert [a.text for a in stored(store, session).actions] == ["Job security"]


async def test_good_work_anonymous_and_remote(store, banks):
    """Anonymous: raters are numbered, never named, and a statement answered by fewer than
    the smallest group is hidden. Remote: the facilitator records the room's answers."""
    people = [Participant(name=n) for n in ("Ann", "Bob", "Cy")]
    session = make_session(anonymous=True, participants=people)
    store.save(session)
    app = SmpApp(store=store, banks=banks, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        await open_exercise(pilot, "good_work")
        rater = app.screen.query_one("#good-work-rater")
        labels = [str(option[0]) for option in rater._options]
        assert "Rater 1" in labels and not any(p.name in " ".join(labels) for p in people)
        await pilot.press("n", "n")  # Rater 1 alone
        await settled(pilot)
        await pilot.press("f6")
        shown = rendered(app, "#good-work-results")
        job_security = next(line for line in shown.splitlines() if "Job security" in line)
        assert "(2 hidden)" in job_security and "%" not in job_security
        assert "fewer than 3 people" in shown
    answers = stored(store, session).good_work.answers
    assert len(answers) == 2 and not {a.participant for a in answers} & {p.id for p in people}

    remote = make_session(mode="remote", join_code="ABCDEF", title="Remote day")
    store.save(remote)
    app = SmpApp(store=store, banks=banks, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        await pilot.press("up")  # the remote session is the newest: first on the list
        await open_exercise(pilot, "good_work")
        rater = app.screen.query_one("#good-work-rater")
        assert [str(option[0]) for option in rater._options] == ["The room: one agreed answer"]


def placed(board: QuadrantBoard, quadrant: str) -> list[str]:
    """The names on a quadrant of the board (its first line says how to engage them)."""
    cell = board.query_one(f"#cell-{quadrant}", OptionList)
    return [str(o.prompt) for o in (cell.get_option_at_index(n) for n in range(cell.option_count)) if not o.disabled]


async def test_the_board_says_in_full_how_to_engage_each_quadrant(store, banks):
    """The engagement approaches were border subtitles, cut mid-sentence at any width."""
    session = make_session()
    store.save(session)
    async with on_exercise(store, banks, INDEX["stakeholders"], size=(80, 24)) as pilot:
        board = pilot.app.screen.query_one(QuadrantBoard)
        board.scroll_visible(animate=False)
        await settled(pilot)
        seen = " ".join(part.strip() for line in drawn(pilot.app) for part in line.split("▎") if part.strip())
        for quadrant in banks.stakeholders.quadrants:
            first = board.query_one(f"#cell-{quadrant.id}", OptionList).get_option_at_index(0)
            assert first.disabled and str(first.prompt) == quadrant.approach
            assert quadrant.approach.split()[-1] in seen  # its last word is drawn


async def test_stakeholder_map_by_keys(store, banks):
    session = make_session()
    store.save(session)
    app = SmpApp(store=store, banks=banks, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        await open_exercise(pilot, "stakeholders")
        screen = app.screen
        assert isinstance(screen, StakeholdersScreen)
        for name in ("Local authority", "Inspectorate [b]x[/b]", "Families"):
            await paste_into(pilot, "#new-stakeholder", name)
        await settled(pilot)
        await pilot.press("up")  # from the box back to the list, on the one just added
        assert screen.query_one("#stakeholder-list", OptionList).has_focus
        await pilot.press("shift+right")  # families: more interest
        await pilot.press("up", "shift+up")  # the inspectorate: more influence
        await pilot.press("up", "4")  # the local authority: collaborate
        await pilot.press("down", "enter")  # step 2 for the inspectorate
        await paste(pilot, "Annual inspection")
        await pilot.press("enter")
        await paste(pilot, "Scramble for files")
        await pilot.press("enter")
        await settled(pilot)
        board = screen.query_one(QuadrantBoard)
        assert placed(board, "keep_satisfied") == ["Inspectorate [b]x[/b]"]
        assert placed(board, "collaborate") == ["Local authority"]
    people = {p.name: p for p in stored(store, session).stakeholders.stakeholders}
    assert (people["Local authority"].interest, people["Local authority"].influence) == ("high", "high")
    assert (people["Inspectorate [b]x[/b]"].interest, people["Inspectorate [b]x[/b]"].influence) == ("low", "high")
    assert (people["Families"].interest, people["Families"].influence) == ("high", "low")
    assert people["Inspectorate [b]x[/b]"].current_demands == "Annual inspection"
    assert people["Inspectorate [b]x[/b]"].current_response == "Scramble for files"
    report = to_markdown(stored(store, session), banks)
    assert "**Keep satisfied**" in report and "Inspectorate \\[b\\]x\\[/b\\]" in report


async def test_a_new_stakeholder_is_not_placed_until_the_team_places_it(store, banks):
    """A stakeholder just added used to sit in "Keep informed" (low interest, low influence)
    before anyone chose: the list, the board and the export all said so."""
    session = make_session()
    store.save(session)
    async with on_exercise(store, banks, INDEX["stakeholders"], size=(80, 24)) as pilot:
        screen = pilot.app.screen
        await paste_into(pilot, "#new-stakeholder", "Local press")
        await settled(pilot)
        board = screen.query_one(QuadrantBoard)
        assert [placed(board, q.id) for q in banks.stakeholders.quadrants] == [[], [], [], []]
        board.scroll_visible(animate=False)  # below the list at 80x24
        await settled(pilot)
        assert any(line.strip(" ▔▁").endswith("(1 not placed yet)") for line in drawn(pilot.app))  # as seen
        listed = screen.query_one("#stakeholder-list", OptionList)
        assert str(listed.get_option_at_index(0).prompt) == "Local press  (not placed yet)"
        report = to_markdown(stored(store, session), banks)
        assert "- **Not placed yet**: Local press" in report
        assert "**Keep informed** (" in report and report.count("Local press") == 1
        await pilot.press("up", "shift+right")  # from not placed: more interest, influence still low
        await settled(pilot)
        assert placed(board, "involve_consult") == ["Local press"]
        assert "not placed" not in str(board.query_one("#board-centre").render())
        assert str(listed.get_option_at_index(0).prompt) == "Local press  (2. Involve and consult)"
    [person] = stored(store, session).stakeholders.stakeholders
    assert (person.interest, person.influence) == ("high", "low")
    assert "Not placed yet" not in to_markdown(stored(store, session), banks)


async def test_a_quadrant_key_typed_straight_after_adding_places_the_one_just_added(store, banks):
    """Enter added the stakeholder only once the screen caught up: Up and 4 typed straight
    after placed the stakeholder highlighted before (or nobody)."""
    from smp_tui.models import Stakeholder

    session = make_session()
    session.stakeholders.stakeholders.append(Stakeholder(name="Families"))
    store.save(session)
    async with on_exercise(store, banks, INDEX["stakeholders"], size=(80, 24)) as pilot:
        pilot.app.screen.query_one("#new-stakeholder", Input).focus()
        await burst(pilot, *"Police", "enter", "up", "4")
    people = {p.name: (p.interest, p.influence) for p in stored(store, session).stakeholders.stakeholders}
    assert people == {"Families": (None, None), "Police": ("high", "high")}  # 4: collaborate


async def test_coming_back_to_a_saved_note_and_typing_adds_to_it(store, banks):
    """Textual selects a box's text when it gets focus, so the first letter typed replaced
    a saved note: every box of smp keeps its text and puts the cursor at the end."""
    from smp_tui.models import Stakeholder

    session = make_session()
    session.stakeholders.stakeholders.append(Stakeholder(name="Ofsted", current_demands="Inspection evidence"))
    store.save(session)
    async with on_exercise(store, banks, INDEX["stakeholders"], size=(80, 24)) as pilot:
        pilot.app.screen.query_one("#stakeholder-list", OptionList).focus()
        await pilot.press("enter")  # step 2 for Ofsted: the first note
        await settled(pilot)
        note = pilot.app.focused
        assert isinstance(note, Input) and note.value == "Inspection evidence"
        await pilot.press(*" and files", "enter")
        await settled(pilot)
    assert stored(store, session).stakeholders.stakeholders[0].current_demands == "Inspection evidence and files"


async def test_valuing_staff_lists_and_value(store, banks):
    session = make_session()
    store.save(session)
    app = SmpApp(store=store, banks=banks, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        await open_exercise(pilot, "valuing_staff")
        screen = app.screen
        assert isinstance(screen, ValuingStaffScreen)
        for line in ("Shout-outs at team meeting", "Compliments folder"):
            await paste_into(pilot, "#valuing-capture Input", line)
        await paste_into(pilot, "#valuing-reward Input", "Thank-you cards")
        assert screen.query_one("#valuing-capture").border_subtitle == "2 of 5"
        # Ctrl+N: an action from what is being typed
        await paste_into(pilot, "#valuing-sharing Input", "Newsletter item monthly", submit=False)
        await pilot.press("ctrl+n")
        await settled(pilot)
        await pilot.press("ctrl+s")
        await settled(pilot)
        await paste_into(pilot, "#value-statement", "We keep families together safely", submit=False)
        await pilot.press("escape")
        await settled(pilot)
    result = stored(store, session).valuing_staff
    assert result.capture == ["Shout-outs at team meeting", "Compliments folder"]
    assert result.reward == ["Thank-you cards"]
    assert result.value_statement == "We keep families together safely"
    assert [a.text for a in stored(store, session).actions] == ["Newsletter item monthly"]
    assert "We keep families together safely" in to_markdown(stored(store, session), banks)


async def test_participants_see_the_same_countdown(store, banks):
    """A participant in their own terminal sees the facilitator's clock: the same item and
    the same time left, worked out from the stored times."""
    from smp_tui.logic import agenda as clock
    from smp_tui.models import new_join_code
    from smp_tui.participant import ParticipantWorkspace
    from smp_tui.participant_app import ParticipantApp
    from smp_tui.screens.participant import AnswersScreen

    session = make_session(mode="remote", anonymous=True, participants=[], join_code=new_join_code(),
                           created_at=T0)
    session.agenda = clock.from_bank(banks.agenda)
    clock.start(session.agenda, T0)
    store.save(session)
    fake = FakeClock()
    fake.tick(7 * 60 + 30)
    app = ParticipantApp(ParticipantWorkspace(store, banks, clock=fake), session.join_code, cursor_blink=False)
    app.clock = fake
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        await type_into(pilot, "#name", "Cy")
        await settled(pilot)
        await pilot.press("enter")  # past the rejoin code
        await settled(pilot)
        assert isinstance(app.screen, AnswersScreen)
        app.show_countdown()
        await pilot.pause()
        assert str(app.screen.query_one(CountdownBadge).render()).strip() == "▶ Introduction 12:30"
        await pilot.press("f6")  # the good-work statements carry the same clock
        await settled(pilot)
        app.show_countdown()
        await pilot.pause()
        assert str(app.screen.query_one(CountdownBadge).render()).strip() == "▶ Introduction 12:30"
