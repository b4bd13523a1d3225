"""Issue 12, the away-day walk: nothing lost, nothing misleading, everything readable.
Each test drives the app with keys as a facilitator would."""

from __future__ import annotations

from contextlib import asynccontextmanager

import pytest

from textual.widgets import Input, OptionList, Static, TextArea

from smp_tui.app import SmpApp
from smp_tui.report import export
from smp_tui.screens.activity import ActivityScreen
from smp_tui.screens.activity_map import ActivityMapScreen
from smp_tui.widgets.board import CynefinBoard
from tests.conftest import make_session
from tests.snapshots_support import (burst, notices, on_exercise, on_new_session_form, open_row, paste, paste_into,
                                     settled, type_into)


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


# -- worker errors never end the app --

async def test_review_on_actions_with_a_damaged_file_names_it_and_keeps_working(store, banks):
    from datetime import timedelta

    from smp_tui.models import Action
    from smp_tui.screens.actions import ActionsScreen
    from smp_tui.screens.review import ReviewScreen

    first = make_session(title="Autumn day", actions=[Action(text="Fix the rota", exercise="session")])
    store.save(first)
    damaged = make_session(title="Winter day", created_at=first.created_at + timedelta(days=1))
    store.save(damaged)
    later = make_session(title="Spring day", created_at=first.created_at + timedelta(days=2))
    store.save(later)
    broken = store.path_of(damaged.id)
    broken.write_bytes(b"{not json")
    app = SmpApp(store=store, banks=banks, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        await pilot.press("enter")  # the newest session: Spring day
        await settled(pilot)
        await open_row(pilot, "#exercises", 4)
        assert isinstance(app.screen, ActionsScreen)
        await pilot.press("r")
        await settled(pilot)
        assert app.is_running
        assert str(broken) in notices(app)
        assert isinstance(app.screen, ReviewScreen)  # what the readable files hold is reviewed
        assert [str(row[0]) for row in rows(app.screen)] == ["Fix the rota"]
        await pilot.press("escape")
        await settled(pilot)
        assert isinstance(app.screen, ActionsScreen)
        await pilot.press("n")  # still working: a new action can be added
        await settled(pilot)
        assert app.screen.__class__.__name__ == "ActionDialog"
    assert broken.read_bytes() == b"{not json"


@asynccontextmanager
async def on_review_of(store, banks, session):
    """The app on a new session's review of the team's earlier open actions."""
    from smp_tui.screens.review import ReviewScreen

    app = SmpApp(store=store, banks=banks, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        app.workspace.create(session, "the new session")
        app.open_session(session.id, session, review=True)
        await settled(pilot)
        assert isinstance(app.screen, ReviewScreen)
        yield pilot


def rows(screen) -> list[list[object]]:
    from textual.widgets import DataTable

    table = screen.query_one(DataTable)
    return [table.get_row_at(n) for n in range(table.row_count)]


async def test_a_new_session_opens_and_reviews_what_loads_when_an_earlier_file_is_damaged(store, banks):
    """One damaged earlier file of the team stopped the new session opening at all."""
    from datetime import timedelta

    from smp_tui.models import Action
    from smp_tui.screens.session import SessionScreen

    first = make_session(title="Autumn day", actions=[Action(text="Fix the rota", exercise="session")])
    store.save(first)
    damaged = make_session(title="Winter day", created_at=first.created_at + timedelta(days=1),
                           actions=[Action(text="Lost in the damage", exercise="session")])
    store.save(damaged)
    broken = store.path_of(damaged.id)
    broken.write_bytes(b"{not json")
    second = make_session(title="Spring day", created_at=first.created_at + timedelta(days=90))
    async with on_review_of(store, banks, second) as pilot:
        app = pilot.app
        assert [str(row[0]) for row in rows(app.screen)] == ["Fix the rota"]
        told = notices(app)
        assert str(broken) in told and "not in this review" in told and "smp doctor --restore" in told
        await pilot.press("c", "ctrl+s")
        await settled(pilot)
        assert isinstance(app.screen, SessionScreen)
        assert "Spring day" in str(app.screen.query_one("#session-head").render())
    assert [(d.text, d.decision) for d in store.get(second.id).reviewed] == [("Fix the rota", "carried")]
    assert broken.read_bytes() == b"{not json"


async def test_a_failing_delete_is_told_and_the_app_goes_on(store, banks, monkeypatch):
    from smp_tui.screens.home import HomeScreen

    session = make_session(title="Keep me")
    store.save(session)

    def refuse(session_id: str) -> None:
        raise PermissionError(13, "Permission denied", str(store.path_of(session_id)))

    monkeypatch.setattr(store, "delete", refuse)
    app = SmpApp(store=store, banks=banks, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        await pilot.press("delete", "y")
        await settled(pilot)
        assert app.is_running and isinstance(app.screen, HomeScreen)
        told = notices(app)
        assert "Permission denied" in told and str(store.path_of(session.id)) in told
        await pilot.press("n")  # still answering keys
        await settled(pilot)
        assert app.screen.__class__.__name__ == "NewSessionScreen"
    assert store.get(session.id).title == "Keep me"


def test_no_worker_can_end_the_app():
    """A worker without exit_on_error=False ends the app on any exception."""
    import re
    from pathlib import Path

    package = Path(__file__).parent.parent / "smp_tui"
    for path in sorted(package.rglob("*.py")):
        text = path.read_text()
        assert "@work" not in text, path.name  # workers start through SmpScreen.fetch
        for call in re.findall(r"run_worker\((.*?)\)\n", text, flags=re.S):
            assert "exit_on_error=False" in call, path.name


# -- typing into lists loses nothing --

def keys_of(*lines: str) -> list[str]:
    keys = []
    for line in lines:
        keys += [*line, "enter"]
    return keys


def entries(screen, selector: str) -> list[tuple[str, ...]]:
    from smp_tui.widgets.lines import LineList

    return screen.query_one(selector, LineList).lines


async def test_a_burst_of_four_lines_makes_four_lines(store, banks):
    session = make_session()
    store.save(session)
    async with on_exercise(store, banks, 3, size=(80, 24)) as pilot:
        screen = pilot.app.screen
        screen.query_one("#happening AddLine").focus()
        await settled(pilot)
        await burst(pilot, *keys_of("Weekly supervision", "Case audits", "Team meeting", "Rota review"))
        assert entries(screen, "#happening") == [("Weekly supervision",), ("Case audits",), ("Team meeting",),
                                                 ("Rota review",)]
        assert screen.query_one("#happening AddLine").value == ""
    stage = store.get(session.id).good_job.stages[banks.good_job.stages[0].id]
    assert stage.happening == ["Weekly supervision", "Case audits", "Team meeting", "Rota review"]


async def test_an_exercise_opened_again_from_the_palette_keeps_the_line_just_added(store, banks):
    """A walk: a line added to the good-job cycle, then 'Go to: good job' from the palette
    opened the session screen's older copy, and the next line added saved the list without
    the first one (lists are saved whole)."""
    from smp_tui.screens.session import SessionScreen

    session = make_session()
    store.save(session)
    async with on_exercise(store, banks, 3, size=(80, 24)) as pilot:
        app = pilot.app
        await paste_into(pilot, "#happening AddLine", "First note A1")
        await settled(pilot)
        hub = next(s for s in app.screen_stack if isinstance(s, SessionScreen))
        hub.go_to("good_job")  # what the palette's "Go to: ..." does
        await settled(pilot)
        assert entries(app.screen, "#happening") == [("First note A1",)]
        await paste_into(pilot, "#happening AddLine", "Second note A2")
        await settled(pilot)
    stage = store.get(session.id).good_job.stages[banks.good_job.stages[0].id]
    assert stage.happening == ["First note A1", "Second note A2"]


async def test_a_burst_across_the_two_risk_fields_keeps_each_word_in_its_field(store, banks):
    from smp_tui.models import Activity

    session = make_session()
    session.cynefin.activities.append(Activity(name="Duty rota"))
    store.save(session)
    async with on_exercise(store, banks, 0, size=(80, 24)) as pilot:
        await open_row(pilot, "#activities", 0)
        screen = pilot.app.screen
        screen.query_one("#risks .field-0").focus()
        await settled(pilot)
        await burst(pilot, *keys_of("Cover falls through", "Call the agency", "Nobody answers", "Ring the manager"))
        assert entries(screen, "#risks") == [("Cover falls through", "Call the agency"),
                                             ("Nobody answers", "Ring the manager")]
    risks = store.get(session.id).cynefin.activities[0].risks
    assert [(r.what, r.correction) for r in risks] == [("Cover falls through", "Call the agency"),
                                                       ("Nobody answers", "Ring the manager")]


async def test_a_line_typed_without_enter_is_kept_on_leaving(store, banks):
    """A line typed in an add box and left with Escape (or Ctrl+Q) vanished without a word."""
    session = make_session()
    store.save(session)
    async with on_exercise(store, banks, 3, size=(80, 24)) as pilot:
        screen = pilot.app.screen
        await paste_into(pilot, "#happening AddLine", "Audits")  # added with Enter
        await paste_into(pilot, "#happening AddLine", "Monthly team talk", submit=False)  # not yet
        await pilot.press("escape")
        await settled(pilot)
        assert pilot.app.screen is not screen
    stage = store.get(session.id).good_job.stages[banks.good_job.stages[0].id]
    assert stage.happening == ["Audits", "Monthly team talk"]


async def test_pasting_three_lines_adds_three_lines(store, banks):
    from textual import events

    session = make_session()
    store.save(session)
    async with on_exercise(store, banks, 3, size=(80, 24)) as pilot:
        screen = pilot.app.screen
        box = screen.query_one("#could-do AddLine")
        box.focus()
        await settled(pilot)
        box.post_message(events.Paste("Ask families\n\nShare the results\r\nVisit another team\n"))
        await settled(pilot)
        assert entries(screen, "#could-do") == [("Ask families",), ("Share the results",), ("Visit another team",)]
        assert "Pasted 3 lines" in notices(pilot.app)
        box.post_message(events.Paste("one line only"))
        await settled(pilot)
        assert box.value == "one line only"  # a single line is pasted into the box as usual
    stage = store.get(session.id).good_job.stages[banks.good_job.stages[0].id]
    assert stage.could_do == ["Ask families", "Share the results", "Visit another team"]


async def test_typing_on_a_list_goes_to_its_add_box_and_t_makes_no_action(store, banks):
    from smp_tui.screens.good_job import GoodJobScreen
    from smp_tui.widgets.lines import Lines

    session = make_session()
    store.save(session)
    async with on_exercise(store, banks, 3, size=(80, 24)) as pilot:
        screen = pilot.app.screen
        await type_into(pilot, "#happening AddLine", "Audits")
        screen.query_one("#happening Lines", Lines).focus()  # Tab lands here: it looks like a list
        await settled(pilot)
        await pilot.press(*"Monthly team talk", "enter")
        await settled(pilot)
        assert pilot.app.screen is screen and isinstance(screen, GoodJobScreen)  # no "New action" dialog
        assert entries(screen, "#happening") == [("Audits",), ("Monthly team talk",)]
    assert store.get(session.id).good_job.stages[banks.good_job.stages[0].id].happening == \
        ["Audits", "Monthly team talk"]


async def test_delete_ctrl_t_and_ctrl_up_work_without_an_arrow_first(store, banks):
    from smp_tui.screens.action_dialog import ActionDialog
    from smp_tui.widgets.lines import Lines

    session = make_session()
    store.save(session)
    async with on_exercise(store, banks, 3, size=(80, 24)) as pilot:
        screen = pilot.app.screen
        for line in ("One", "Two", "Three"):
            await paste_into(pilot, "#happening AddLine", line)
        screen.query_one("#happening Lines", Lines).focus()
        await settled(pilot)
        await pilot.press("delete")  # the first line, highlighted on arriving
        await settled(pilot)
        assert entries(screen, "#happening") == [("Two",), ("Three",)]
        await pilot.press("down", "ctrl+up")
        await settled(pilot)
        assert entries(screen, "#happening") == [("Three",), ("Two",)]
        await pilot.press("ctrl+t")
        await settled(pilot)
        assert isinstance(pilot.app.screen, ActionDialog)
        assert pilot.app.screen.query_one("#action-text").value == "Three"


# -- screens lay out what the bank has --

def banks_with_stages(banks, count: int):
    from smp_tui.banks import GoodJobBank

    stages = list(banks.good_job.stages)
    while len(stages) < count:  # more stages than shipped: copies under new ids
        extra = stages[len(stages) % 5]
        stages.append(extra.model_copy(update={"id": f"extra_{len(stages)}", "name": f"Extra stage {len(stages) + 1}"}))
    good_job = GoodJobBank.model_validate(banks.good_job.model_dump()
                                          | {"stages": [s.model_dump() for s in stages[:count]]})
    return banks.model_copy(update={"good_job": good_job})


@pytest.mark.long
async def test_a_bank_with_four_or_six_or_two_stages_lays_out_and_opens_every_stage(store, banks):
    from smp_tui.screens.good_job import GoodJobScreen, StageBox

    for count in (4, 6, 2, 7):
        bank_set = banks_with_stages(banks, count)
        session = make_session(title=f"{count} stages")
        store.save(session)
        async with on_exercise(store, bank_set, 3, size=(80, 24)) as pilot:
            screen = pilot.app.screen
            assert isinstance(screen, GoodJobScreen)
            boxes = list(screen.query(StageBox))
            assert [b.stage_id for b in sorted(boxes, key=lambda b: int(str(b.render()).split()[0]))] == \
                [s.id for s in bank_set.good_job.stages]
            last = next(b for b in boxes if b.stage_id == bank_set.good_job.stages[-1].id)
            last.focus()
            await pilot.press("enter")
            await settled(pilot)
            title = str(screen.query_one("#stage-title").render())
            assert title.startswith(f"Stage {count}: ")
            await pilot.press(*"Noted", "enter")
            await settled(pilot)
            await pilot.press("escape")
            await settled(pilot)
        assert store.get(session.id).good_job.stages[bank_set.good_job.stages[-1].id].happening == ["Noted"]
        store.delete(session.id)


async def test_typing_on_a_stage_opens_it_and_keeps_every_word(store, banks):
    """A walk: Tab to stage 3 and type 'Count visits': 'Count ' was lost (the stage box
    took no text, and Space opened it), and lines landed under the stage open before."""
    from smp_tui.screens.good_job import StageBox

    session = make_session()
    store.save(session)
    third = banks.good_job.stages[2]
    async with on_exercise(store, banks, 3, size=(80, 24)) as pilot:
        box = next(b for b in pilot.app.screen.query(StageBox) if b.stage_id == third.id)
        box.focus()
        await settled(pilot)
        await burst(pilot, *keys_of("Count visits"))
    assert store.get(session.id).good_job.stages[third.id].happening == ["Count visits"]
    assert banks.good_job.stages[0].id not in store.get(session.id).good_job.stages


async def test_the_indicator_count_in_the_blurb_comes_from_the_bank(store, banks):
    from textual.widgets import OptionList

    fewer = banks.model_copy(update={"resilience": banks.resilience.model_copy(
        update={"indicators": banks.resilience.indicators[:9]})})
    store.save(make_session())
    for bank_set, count in ((banks, len(banks.resilience.indicators)), (fewer, 9)):
        app = SmpApp(store=store, banks=bank_set, cursor_blink=False)
        async with app.run_test(size=(80, 24)) as pilot:
            await settled(pilot)
            await pilot.press("enter")
            await settled(pilot)
            blurb = str(app.screen.query_one("#exercises", OptionList).get_option("resilience").prompt)
            assert f"Everyone rates the {count} indicators" in blurb


# -- the second session finds the team --

def test_a_close_name_is_the_same_team_and_the_last_people_are_proposed():
    from datetime import datetime, timedelta, timezone

    from hypothesis import given
    from hypothesis import strategies as st

    from smp_tui.logic.sessions import close_team, last_people
    from smp_tui.models import Participant

    @given(st.text(alphabet="abcXYZ ", min_size=1, max_size=12).filter(str.strip),
           st.lists(st.sampled_from([" ", "  ", "\t"]), min_size=1, max_size=3), st.booleans())
    def spaced_or_cased(team, gaps, upper):
        typed = gaps[0] + (team.upper() if upper else team.lower()).replace(" ", gaps[-1]) + gaps[-1]
        if typed == team:
            assert close_team(typed, [team, "Other"]) is None
        else:
            assert close_team(typed, [team]) == (team if " ".join(team.split()).casefold() ==
                                                 " ".join(typed.split()).casefold() else None)

    spaced_or_cased()
    assert close_team("Blue team", ["Blue team"]) is None
    assert close_team("Green team", ["Blue team"]) is None
    start = datetime(2026, 1, 1, tzinfo=timezone.utc)
    sessions = [make_session(team="Blue team", created_at=start, participants=[Participant(name="Ann")]),
                make_session(team="Blue team", created_at=start + timedelta(days=9),
                             participants=[Participant(name="Ann"), Participant(name="Cy")]),
                make_session(team="Blue team", created_at=start + timedelta(days=20), mode="check-in",
                             participants=[Participant(name="Ann")])]
    assert last_people(sessions) == {"Blue team": ["Ann", "Cy"]}


async def test_second_session_asks_did_you_mean_and_proposes_last_people(store, banks):
    from textual.widgets import TextArea

    from smp_tui.models import Participant
    from smp_tui.screens.confirm import ConfirmScreen
    from smp_tui.screens.new_session import NewSessionScreen

    store.save(make_session(team="Blue team", title="Autumn day",
                            participants=[Participant(name="Ann"), Participant(name="Bob"), Participant(name="Dee")]))
    async with on_new_session_form(store, banks) as pilot:
        app = pilot.app
        await burst(pilot, *"blue  Team", "enter", *"Spring day")  # fast: each word stays in its field
        assert app.screen.query_one("#title").value == "Spring day"
        await pilot.press("ctrl+s")
        await settled(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        assert "Did you mean the team 'Blue team'?" in str(app.screen.query_one(Static).render())
        await pilot.press("y")
        await settled(pilot)
        assert isinstance(app.screen, NewSessionScreen)
        assert app.screen.query_one("#team").value == "Blue team"
        assert app.screen.query_one("#participants", TextArea).text == "Ann\nBob\nDee"
        await pilot.press("down", "down", "end", "backspace", "backspace", "backspace", *"Eve", "ctrl+s")  # editable
        await settled(pilot)
    sessions = store.sessions("Blue team")
    assert [s.title for s in sessions] == ["Spring day", "Autumn day"]
    assert [p.name for p in sessions[0].participants] == ["Ann", "Bob", "Eve"]


async def test_picking_a_known_team_fills_its_name_and_people(store, banks):
    from textual.widgets import TextArea

    from smp_tui.models import Participant

    store.save(make_session(team="Blue team", participants=[Participant(name="Ann")]))
    store.save(make_session(team="Red team", participants=[Participant(name="Raj"), Participant(name="Sue")]))
    app = SmpApp(store=store, banks=banks, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        await pilot.press("n", "down")  # from the team box to the list of known teams
        await settled(pilot)
        assert app.focused.id == "known-teams"
        await pilot.press("down", "enter")
        await settled(pilot)
        assert app.screen.query_one("#team").value == "Red team"
        assert app.screen.query_one("#participants", TextArea).text == "Raj\nSue"
        assert app.focused.id == "title"
        await pilot.press(*"Summer day", "ctrl+s")
        await settled(pilot)
    assert [p.name for p in store.sessions("Red team")[0].participants] == ["Raj", "Sue"]


# -- export --

async def test_export_focuses_the_path_proposes_documents_and_asks_before_replacing(store, banks, tmp_path,
                                                                                     monkeypatch):
    from smp_tui.screens.confirm import ConfirmScreen
    from smp_tui.screens.summary import ExportDialog, SummaryScreen

    home = tmp_path / "home"
    (home / "Documents").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.chdir(tmp_path)
    session = make_session(team="Blue team")
    store.save(session)
    async with on_exercise(store, banks, 5, size=(80, 24)) as pilot:
        app = pilot.app
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("e")
        await settled(pilot)
        assert isinstance(app.screen, ExportDialog)
        assert app.focused.id == "path"
        target = home / "Documents" / f"smp-blue-team-{session.created_at.date().isoformat()}.md"
        assert app.focused.value == str(target)
        target.write_text("the board's copy")
        await pilot.press("enter")
        await settled(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await settled(pilot)
        assert isinstance(app.screen, ExportDialog)
        assert "left as it is" in str(app.screen.query_one("#export-errors").render())
        assert target.read_text() == "the board's copy"
        await pilot.press("enter", "y")
        await settled(pilot)
        assert isinstance(app.screen, SummaryScreen)
    assert target.read_text().startswith("# ")
    assert not list(tmp_path.glob("smp-*"))  # nothing written where smp was started


# -- command palette --

async def test_palette_goes_to_any_exercise_and_exports(store, banks, tmp_path, monkeypatch):
    from smp_tui.screens.actions import ActionsScreen
    from smp_tui.screens.good_job import GoodJobScreen
    from smp_tui.screens.session import SessionScreen
    from smp_tui.screens.summary import ExportDialog

    monkeypatch.setenv("HOME", str(tmp_path))
    session = make_session()
    store.save(session)
    async with on_exercise(store, banks, 3, size=(80, 24)) as pilot:
        app = pilot.app
        assert isinstance(app.screen, GoodJobScreen)
        await pilot.press("ctrl+p")
        await paste(pilot, "Go to: Actions")
        await settled(pilot)
        await pilot.press("enter")
        await settled(pilot)
        assert isinstance(app.screen, ActionsScreen)
        assert isinstance(app.screen_stack[-2], SessionScreen)
        await pilot.press("ctrl+p")
        await paste(pilot, "Export the summary")
        await settled(pilot)
        await pilot.press("enter")
        await settled(pilot)
        assert isinstance(app.screen, ExportDialog)


# -- readable at a projector --

def _luminance(color) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(color.r) + 0.7152 * channel(color.g) + 0.0722 * channel(color.b)


def contrast(foreground, background) -> float:
    lighter, darker = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _resolve(value: str, variables: dict[str, str], background):
    """A tcss colour value ($variable, #hex, 'auto 87%', '<colour> 30%') as seen on `background`."""
    from textual.color import Color

    value = value.strip()
    alpha = 1.0
    parts = value.split()
    if len(parts) == 2 and parts[1].endswith("%"):
        value, alpha = parts[0], float(parts[1][:-1]) / 100
    if value.startswith("$"):
        resolved = variables[value[1:]]
        if resolved.startswith("auto") or len(resolved.split()) == 2:
            return _resolve(resolved, variables, background)
        value = resolved
    if value == "auto":
        value = "#FFFFFF" if _luminance(background) < 0.18 else "#000000"
    color = Color.parse(value)
    color = color.with_alpha(color.a * alpha)
    return background + color  # laid over the background, as the terminal shows it


def test_high_contrast_theme_text_is_4_5_to_1_and_input_outlines_show():
    import re
    from pathlib import Path

    from textual.color import Color

    from smp_tui.app import HIGH_CONTRAST

    variables = HIGH_CONTRAST.to_color_system().generate()
    backgrounds = {name: Color.parse(variables[name]) for name in ("background", "surface", "panel")}
    tcss = (Path(__file__).parent.parent / "smp_tui" / "smp.tcss").read_text()
    # Each rule's text colour against the background that rule sets, or else against every
    # background a widget may have.
    pairs = []
    for body in re.findall(r"\{([^}]*)\}", tcss):
        own = re.search(r"^\s*background:\s*([^;]+);", body, flags=re.M)
        for value in re.findall(r"^\s*(?:color|border-title-color):\s*([^;]+);", body, flags=re.M):
            pairs.append((value, own.group(1).strip() if own else None))
    assert len(pairs) >= 5
    # Textual's own: text, placeholders, muted and disabled text, footer keys
    pairs += [(value, None) for value in ("$foreground", "$text", "$text-muted", "$text-disabled",
                                          "$foreground-muted", "$footer-key-foreground",
                                          "$footer-description-foreground")]
    low = []
    for value, own_background in pairs:
        grounds = backgrounds.items() if own_background is None else [
            (own_background, Color.parse(variables[own_background.lstrip("$")]))]
        for where, background in grounds:
            ratio = contrast(_resolve(value, variables, background), background)
            if ratio < 4.5:
                low.append(f"{value} on {where}: {ratio:.1f}:1")
    footer = Color.parse(variables["footer-background"])
    for value in ("$footer-key-foreground", "$footer-description-foreground"):
        if contrast(_resolve(value, variables, footer), footer) < 4.5:
            low.append(f"{value} on the footer")
    dim = backgrounds["background"].blend(Color.parse(variables["foreground"]), 0.5)  # Rich's dim
    if contrast(dim, backgrounds["background"]) < 4.5:
        low.append("dim text")
    assert not low, low
    outline = _resolve("$border-blurred", variables, backgrounds["surface"])
    assert contrast(outline, backgrounds["surface"]) >= 3.0  # a visible edge (WCAG non-text 3:1)


async def test_the_theme_is_remembered_and_a_bad_settings_file_is_left_alone(store, banks, settings_file):
    from smp_tui import settings

    app = SmpApp(store=store, banks=banks, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        await pilot.press("f2")
        await settled(pilot)
        assert app.theme == "smp-high-contrast"
    assert settings.load(settings_file).theme == "smp-high-contrast"
    app = SmpApp(store=store, banks=banks, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        assert app.theme == "smp-high-contrast"

    settings_file.write_text('theme = "smp-high-contrast"\n[keys]\n"app.help" = "f1,f9"\n')
    app = SmpApp(store=store, banks=banks, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        await pilot.press("f9")  # the keymap from the settings file
        await settled(pilot)
        assert app.screen.__class__.__name__ == "HelpScreen"
        await pilot.press("escape", "f2")  # switching keeps the keymap in the file
        await settled(pilot)
    assert settings.load(settings_file) == settings.Settings(theme="textual-dark", keys={"app.help": "f1,f9"})

    broken = b'theme = "smp-high-contrast\n'
    settings_file.write_bytes(broken)
    app = SmpApp(store=store, banks=banks, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        assert app.theme == "textual-dark"
        told = notices(app)
        assert str(settings_file) in told and "not valid TOML" in told and "left the file as it is" in told
        await pilot.press("f2")
        await settled(pilot)
        assert app.theme == "smp-high-contrast"  # switching still works for this run
        assert "not remembered" in notices(app)
    assert settings_file.read_bytes() == broken


def test_settings_round_trip():
    from hypothesis import given
    from hypothesis import strategies as st

    from smp_tui.settings import Settings, dumps, load

    import tempfile
    from pathlib import Path

    folder = Path(tempfile.mkdtemp())
    text = st.text(min_size=1, max_size=20).filter(lambda t: t.strip() and "\x00" not in t)

    @given(st.none() | text, st.dictionaries(text, text, max_size=4))
    def round_trip(theme, keys):
        path = folder / "settings.toml"
        path.write_text(dumps(Settings(theme=theme, keys=keys)), encoding="utf-8")
        assert load(path) == Settings(theme=theme, keys=keys)

    round_trip()


def adds_keys(app, widget) -> bool:
    """The widget, or a container of it below the screen, shows keys in the footer."""
    return any(binding.show for node in widget.ancestors_with_self if node not in (app.screen, app)
               for keys in node._bindings.key_to_bindings.values() for binding in keys)


FOOTER_WALKS = {
    "home": [], "map": ["enter", "enter"], "resilience": ["enter", "down", "down", "enter"],
    "actions": ["enter"] + ["down"] * 4 + ["enter"], "summary": ["enter"] + ["down"] * 5 + ["enter"],
    "review": ["enter"] + ["down"] * 4 + ["enter", "r"], "activity": ["enter", "enter", "enter"],
    **{name: ["enter"] + ["down"] * n + ["enter"]
       for n, name in ((3, "good_job"), (6, "agenda"), (7, "good_work"), (8, "stakeholders"), (9, "valuing_staff"))},
    **{name: ["m"] + ["down"] * n + ["enter"]
       for n, name in ((0, "learning_needs"), (1, "influencing"), (2, "instrument"), (3, "plan"))}}


@pytest.mark.parametrize("name", list(FOOTER_WALKS))
async def test_every_footer_fits_80_columns(tmp_path, name):
    """Each screen's footer, with each kind of widget on it focused in turn (a list of lines,
    a list of answers, a box: each brings its own keys), fits 80 columns. (One test a
    screen, so that the sixteen run side by side.)"""
    import getpass

    from textual.widgets import Footer

    from smp_tui.demo import seed, seed_workbook
    from smp_tui.store import Store
    from tests.snapshots_support import FIXED, app_with, footer_cut_off, shipped_banks

    too_wide: list[str] = []
    seed(Store(tmp_path), shipped_banks(), start=FIXED)
    seed_workbook(Store(tmp_path), shipped_banks(), getpass.getuser(), start=FIXED)
    app = app_with(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        for key in FOOTER_WALKS[name]:
            await pilot.press(key)
            await settled(pilot)
        kinds = {type(widget): widget for widget in reversed(app.screen.focus_chain) if adds_keys(app, widget)}
        for widget in [app.focused, *kinds.values()]:  # one of each kind that adds keys to the footer
            if widget is not None:
                widget.focus()
                await settled(pilot)
            where = f"{name} ({app.screen.__class__.__name__}, {type(widget).__name__} focused)"
            footer = app.screen.query_one(Footer)
            width = sum(key.outer_size.width for key in footer.children)
            too_wide.extend([f"{where}: the footer needs {width} columns"] if width > 80 else [])
            too_wide.extend(f"{where}: {key!r} is not in view" for key in footer_cut_off(app))
    assert too_wide == [], "\n".join(too_wide)


# -- the second away-day picks up the first --

async def test_second_session_records_review_decisions_and_says_where_carried_actions_came_from(store, banks):
    from datetime import timedelta

    from textual.widgets import DataTable

    from smp_tui.models import Action
    from smp_tui.screens.actions import ActionsScreen

    first = make_session(title="Autumn day", actions=[
        Action(text="Fix the rota", owner="Ann", exercise="session"),
        Action(text="Ask families", owner="Bob", exercise="good_job"),
        Action(text="Old idea", exercise="change")])
    store.save(first)
    second = make_session(title="Spring day", created_at=first.created_at + timedelta(days=90))
    async with on_review_of(store, banks, second) as pilot:
        app = pilot.app
        await pilot.press("d", "c", "x", "ctrl+s")
        await settled(pilot)
        await open_row(pilot, "#exercises", 4)
        assert isinstance(app.screen, ActionsScreen)
        row = app.screen.query_one(DataTable).get_row_at(0)
        assert str(row[0]) == "Ask families" and str(row[-1]) == "↪ Autumn day"
    saved = store.get(second.id)
    assert [(d.text, d.from_session, d.decision) for d in saved.reviewed] == [
        ("Fix the rota", "Autumn day", "done"), ("Ask families", "Autumn day", "carried"),
        ("Old idea", "Autumn day", "dropped")]
    report = export(saved, banks, "md")
    assert "## Earlier actions reviewed" in report
    assert "| Fix the rota | Ann | Autumn day | done |" in report
    assert "| Ask families | Bob | Autumn day | carried forward into this session |" in report
    assert "| Old idea | – | Autumn day | dropped |" in report


async def test_a_burst_with_tab_and_shift_tab_keeps_each_word_in_its_field(store, banks):
    """Tab moves on only after the keys typed before it (Textual resolves Tab after the
    keys behind it have reached the box it leaves)."""
    from smp_tui.screens.action_dialog import ActionDialog

    session = make_session()
    store.save(session)
    async with on_exercise(store, banks, 4, size=(80, 24)) as pilot:
        await pilot.press("n")
        await settled(pilot)
        dialog = pilot.app.screen
        assert isinstance(dialog, ActionDialog)
        await burst(pilot, *"Book the", "tab", *"Ann", "shift+tab", "end", *" trainingg", "backspace", "tab",
                    "end", *"ie", "tab", *"2031-01-31", "enter")
        assert pilot.app.screen is not dialog
    (action,) = store.get(session.id).actions
    assert (action.text, action.owner, action.due.isoformat()) == ("Book the training", "Annie", "2031-01-31")


async def test_editing_keys_in_a_burst_act_where_they_were_typed(store, banks):
    """Backspace, Home and the arrows are bindings of a text box: in a burst they must act
    between the letters typed around them, in a one-line box and in a many-line one."""
    async with on_new_session_form(store, banks) as pilot:
        screen = pilot.app.screen
        await burst(pilot, *"Blue teamm", "backspace", "home", *"The ", "end", *"!", "left", "backspace")
        assert screen.query_one("#team", Input).value == "The Blue tea!"
        people = screen.query_one("#participants", TextArea)
        people.focus()
        await settled(pilot)
        await burst(pilot, *"Anx", "backspace", *"n", "enter", *"Bob", "up", "home", *"Dr ", "down", "end", *"by")
        assert people.text == "Dr Ann\nBobby"


def test_the_example_due_date_is_always_ahead():
    from datetime import date, timedelta

    from hypothesis import given
    from hypothesis import strategies as st

    from smp_tui.screens.action_dialog import example_due

    @given(st.dates(min_value=date(2000, 1, 1), max_value=date(2200, 1, 1)))
    def ahead(today):
        due = example_due(today)
        assert today < due <= today + timedelta(days=62)
        assert (due + timedelta(days=1)).day == 1  # the last day of a month

    ahead()
    assert example_due(date(2026, 12, 15)) == date(2027, 1, 31)
    assert example_due(date(2026, 11, 29)) == date(2026, 12, 31)


@pytest.mark.long
async def test_no_invisible_tab_stops(store, banks):
    """Tab lands only on things a person can see and use, never on a bare scroll area."""
    from textual.containers import ScrollableContainer

    from smp_tui.models import Activity

    session = make_session()
    session.cynefin.activities.append(Activity(name="Duty rota"))
    store.save(session)
    for index, extra in ((0, []), (0, ["open"]), (1, []), (3, []), (4, ["ctrl+n"])):
        async with on_exercise(store, banks, index, size=(80, 24)) as pilot:
            if extra == ["open"]:
                await open_row(pilot, "#activities", 0)
            elif extra:
                await pilot.press(*extra)
                await settled(pilot)
            bare = [w for w in pilot.app.screen.focus_chain
                    if isinstance(w, ScrollableContainer) and type(w).__module__ == "textual.containers"]
            assert not bare, f"{pilot.app.screen.__class__.__name__}: {bare}"


async def test_the_summary_wraps_long_lines_at_80_columns(store, banks):
    from textual.widgets import Static

    from smp_tui.models import Activity

    reason = "A new case system arrives in May and nobody yet knows the right way to record in it"
    session = make_session()
    session.cynefin.activities.append(Activity(name="Recording practice", placed="complicated",
                                                placed_reason=reason))
    store.save(session)
    async with on_exercise(store, banks, 5, size=(80, 24)) as pilot:
        await settled(pilot)
        summary = pilot.app.screen.query_one("#summary", Static)
        assert summary.region.right <= 80
        lines = [strip.text.rstrip() for strip in summary.render_lines(summary.region.reset_offset)]
        shown = " ".join(" ".join(lines).split())
        assert "nobody yet knows the right way to record in it" in shown  # wrapped, not cut
        assert max(len(line) for line in lines) <= summary.size.width


async def test_the_demo_session_list_fits_80_columns(tmp_path):
    from textual.widgets import DataTable

    from smp_tui.demo import seed
    from smp_tui.store import Store
    from tests.snapshots_support import FIXED, app_with, shipped_banks

    seed(Store(tmp_path), shipped_banks(), start=FIXED)
    app = app_with(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        table = app.screen.query_one("#sessions", DataTable)
        assert table.row_count == 3
        assert table.virtual_size.width <= table.scrollable_content_region.width
        assert "Support (demo)" in str(table.get_row_at(0)[1])


async def test_enter_on_an_empty_stage_box_says_what_to_type(store, banks):
    store.save(make_session())
    async with on_exercise(store, banks, 3, size=(80, 24)) as pilot:
        box = pilot.app.screen.query_one("#happening AddLine")
        box.focus()
        await settled(pilot)
        await pilot.press("enter")
        await settled(pilot)
        told = notices(pilot.app)
        assert "Nothing to add yet" in told and banks.good_job.stages[0].happening in told
        assert "''" not in told


async def test_tab_from_the_team_goes_to_the_title_and_down_to_the_teams_run_before(store, banks):
    """Tab from the team box landed on the list of known teams, where typing goes back into
    the team box: a title typed after Tab was added to the team's name."""
    store.save(make_session(team="Blue team", title="Autumn day"))
    async with on_new_session_form(store, banks) as pilot:
        screen = pilot.app.screen
        await burst(pilot, *"Northside adults team", "tab", *"Spring check")
        assert screen.query_one("#team", Input).value == "Northside adults team"
        assert screen.query_one("#title", Input).value == "Spring check"
        screen.query_one("#team", Input).focus()
        await burst(pilot, "down")
        assert pilot.app.focused is screen.query_one("#known-teams")
        await burst(pilot, "enter")  # picks Blue team and goes on to the title
        assert screen.query_one("#team", Input).value == "Blue team"
        assert pilot.app.focused is screen.query_one("#title")


async def test_a_burst_through_the_action_dialog_keeps_each_field(store, banks):
    from smp_tui.screens.action_dialog import ActionDialog

    session = make_session()
    store.save(session)
    async with on_exercise(store, banks, 4, size=(80, 24)) as pilot:
        await pilot.press("n")
        await settled(pilot)
        assert isinstance(pilot.app.screen, ActionDialog)
        await burst(pilot, *keys_of("Book the training", "Ann", "2031-01-31"))
    (action,) = store.get(session.id).actions
    assert (action.text, action.owner, action.due.isoformat()) == ("Book the training", "Ann", "2031-01-31")


async def test_help_lists_the_keys_the_footer_leaves_out(store, banks):
    """F1 is where the keys kept out of the footer are found: it dropped Ctrl+Up and
    Ctrl+Down on a list, as their 'Up' and 'Down' were taken by the arrow keys."""
    from smp_tui.screens.help import HelpScreen

    store.save(make_session())
    async with on_exercise(store, banks, 3, size=(80, 24)) as pilot:
        pilot.app.screen.query_one("#happening .lines").focus()
        await settled(pilot)
        await pilot.press("f1")
        await settled(pilot)
        assert isinstance(pilot.app.screen, HelpScreen)
        keys = "\n".join(str(s.render()) for s in pilot.app.screen.query("Static"))
    for described in ("Move up", "Move down", "Remove line", "Make action"):
        assert described in keys, keys


async def test_a_due_date_typed_day_first_is_understood(store, banks):
    """Managers in the UK write 31/01/2027: it is that date, as 2027-01-31 is; a day the
    calendar lacks and words that are no date are each explained, and nothing is saved."""
    from datetime import date

    from smp_tui.screens.action_dialog import ActionDialog

    app = SmpApp(store=store, banks=banks, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        results: list = []
        app.push_screen(ActionDialog("Ring the duty team", "session", []), results.append)
        await settled(pilot)
        for typed, fault in (("31/02/2027", "31/02/2027 is not in the calendar"),
                             ("next week", "'next week' is not a date like")):
            app.screen.query_one("#action-due", Input).value = ""
            await paste_into(pilot, "#action-due", typed, submit=False)
            await pilot.press("ctrl+s")
            await settled(pilot)
            assert fault in str(app.screen.query_one("#action-errors", Static).render()) and results == []
        app.screen.query_one("#action-due", Input).value = ""
        await paste_into(pilot, "#action-due", "31/01/2027", submit=False)
        await pilot.press("ctrl+s")
        await settled(pilot)
    assert [(action.text, action.due) for action in results] == [("Ring the duty team", date(2027, 1, 31))]
