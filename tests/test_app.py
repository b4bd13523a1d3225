"""The app as a person uses it: keys pressed, then what is stored and what is shown."""

from __future__ import annotations

from textual.widgets import DataTable, Static

from smp_tui.app import SmpApp
from smp_tui.screens.home import HomeScreen
from smp_tui.screens.session import SessionScreen
from smp_tui.store import Store
from tests.conftest import make_session
from tests.snapshots_support import notices, on_new_session_form, settled


async def test_start_a_session_with_the_keyboard(store, banks):
    app = SmpApp(store=store, banks=banks)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        assert "No sessions yet" in str(app.screen.query_one("#home-empty", Static).render())
        await pilot.press("n")
        await pilot.press(*"Blue [red]team")
        await pilot.press("tab", *"Spring away-day", "tab", "tab", "tab", "tab")
        await pilot.press(*"Ann", "enter", *"Bob")
        await pilot.press("ctrl+s")
        await settled(pilot)
        assert isinstance(app.screen, SessionScreen)
        head = str(app.screen.query_one("#session-head", Static).render())
        assert "Blue [red]team" in head and "Ann, Bob" in head
        await pilot.press("escape")
        await settled(pilot)
        table = app.screen.query_one(DataTable)
        assert table.row_count == 1
        assert str(table.get_row_at(0)[1]) == "Blue [red]team"
    (saved,) = Store(store.folder).sessions()
    assert (saved.team, saved.title) == ("Blue [red]team", "Spring away-day")
    assert [p.name for p in saved.participants] == ["Ann", "Bob"]


async def test_empty_title_is_explained_and_nothing_saved(store, banks):
    app = SmpApp(store=store, banks=banks)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        await pilot.press("n", *"Blue", "ctrl+s")
        await pilot.pause()
        errors = app.screen.query_one("#new-errors", Static)
        assert "Session title cannot be empty" in str(errors.render())
        # at 80x24 the form is taller than the window: what to fix is in view all the same
        assert "Session title cannot be empty" in notices(app)
        await settled(pilot)
        assert errors.region.area > 0  # on screen: scrolled into view
        await pilot.press("escape")
        await settled(pilot)
        assert isinstance(app.screen, HomeScreen)
    assert store.sessions() == []


async def test_broken_file_is_named_and_other_sessions_shown(store, banks):
    store.save(make_session(team="Red team", title="Red day"))
    blue = make_session(team="Blue team")
    store.save(blue)
    broken = store.path_of(blue.id)
    broken.write_bytes(b"\x00\x00")
    app = SmpApp(store=store, banks=banks)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        faults = str(app.screen.query_one("#home-faults", Static).render())
        assert "smp doctor" in faults and "NUL" in faults
        assert app.screen.query_one(DataTable).row_count == 1
    assert broken.read_bytes() == b"\x00\x00"


async def test_delete_asks_first(store, banks):
    store.save(make_session(title="Keep me"))
    app = SmpApp(store=store, banks=banks)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        await pilot.press("delete", "n")
        await settled(pilot)
        assert len(store.sessions()) == 1
        await pilot.press("delete", "y")
        await settled(pilot)
    assert store.sessions() == []


async def test_help_lists_the_keys(store, banks):
    app = SmpApp(store=store, banks=banks)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        await pilot.press("f1")
        await pilot.pause()
        text = " ".join(str(w.render()) for w in app.screen.query(Static))
        assert "New session" in text and "Every session your teams have run" in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_f1_explains_a_dialog_and_every_dialog_has_its_help(store, banks):
    import importlib
    import pkgutil

    from textual.screen import ModalScreen

    import smp_tui.screens
    from smp_tui.screens.base import HelpfulDialog
    from smp_tui.screens.help import HelpScreen
    from smp_tui.screens.new_session import NewSessionScreen

    async with on_new_session_form(store, banks) as pilot:
        app = pilot.app
        await pilot.press("f1")
        await settled(pilot)
        assert isinstance(app.screen, HelpScreen)
        text = " ".join(str(w.render()) for w in app.screen.query(Static))
        assert NewSessionScreen.HELP_TITLE in text and "Start session" in text
        await pilot.press("escape")
        await settled(pilot)
        assert isinstance(app.screen, NewSessionScreen)

    for module in pkgutil.iter_modules(smp_tui.screens.__path__):
        importlib.import_module(f"smp_tui.screens.{module.name}")
    dialogs = [cls for cls in _subclasses(ModalScreen) if cls.__module__.startswith("smp_tui.")]
    unexplained = [cls.__name__ for cls in dialogs if getattr(cls, "HELP", "") and not issubclass(cls, HelpfulDialog)]
    assert unexplained == []
    assert {"NewSessionScreen", "ActionDialog", "ExportDialog", "ShareDialog"} <= \
        {cls.__name__ for cls in dialogs if issubclass(cls, HelpfulDialog)}


def _subclasses(cls: type) -> list[type]:
    found = []
    for sub in cls.__subclasses__():
        found += [sub, *_subclasses(sub)]
    return found


async def test_the_demo_says_so_in_full_at_80_columns(store, banks):
    from tests.snapshots_support import drawn

    app = SmpApp(store=store, banks=banks, cursor_blink=False, demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        assert "smp — DEMO: nothing is kept" in drawn(app)[0]  # the header's line, nothing cut


async def test_timers_that_fire_while_the_app_closes_do_nothing(store, banks, tmp_path):
    """Seen in a CI run: the store watcher fired after the app's screens were gone, and
    quitting ended in a traceback (ScreenStackError). The countdown and the participant's
    watcher ask for the screen the same way."""
    from smp_tui.participant import ParticipantWorkspace
    from smp_tui.participant_app import ParticipantApp

    store.save(make_session())
    app = SmpApp(store=store, banks=banks, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
    assert app.screen_stack == []
    app._watch_store()
    app.show_countdown()
    participant = ParticipantApp(ParticipantWorkspace(Store(tmp_path / "p"), banks), "KXPQ47", cursor_blink=False)
    async with participant.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
    participant.show_countdown()
    participant._watch()
