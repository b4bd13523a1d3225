"""Issue 10, "Nothing typed is lost": quitting right after typing, continuous typing, saves
that fail (a full disk, a read-only store) kept and retried, and quitting with unsaved work
asks first. The store is made to fail by a stand-in for Store.update that raises what a
full disk raises, since root (which runs CI) ignores read-only permissions."""

from __future__ import annotations

import errno

from textual.widgets import TextArea

from smp_tui.app import SmpApp
from smp_tui.models import Participant
from smp_tui.screens.confirm import UnsavedScreen
from smp_tui.screens.resilience import ResilienceScreen
from smp_tui.store import Store
from tests.conftest import make_session
from tests.snapshots_support import notices, settled


async def open_notes(app, pilot, store, session):
    app.push_screen(ResilienceScreen(store.get(session.id)))
    await settled(pilot)
    await pilot.press("f7")
    await settled(pilot)
    area = app.screen.query_one("#note-worries", TextArea)
    area.focus()
    await pilot.pause()
    return area


async def test_quitting_just_after_typing_keeps_the_note(store, banks):
    session = make_session()
    store.save(session)
    app = SmpApp(store=store, banks=banks, cursor_blink=False)
    async with app.run_test(size=(100, 40)) as pilot:
        await settled(pilot)
        await open_notes(app, pilot, store, session)
        await pilot.press(*"Rota gaps")
        await pilot.press("ctrl+q")  # well within the one-second pause
        await pilot.pause(0.5)
    app.workspace.finish()  # what `smp` does after the app ends
    note = Store(store.folder).get(session.id).resilience.notes["leadership"]
    assert note.worries == "Rota gaps"


async def test_continuous_typing_is_saved_every_few_seconds(store, banks, monkeypatch):
    monkeypatch.setattr(ResilienceScreen, "LONGEST_WAIT_SECONDS", 1.0)
    session = make_session()
    store.save(session)
    app = SmpApp(store=store, banks=banks, cursor_blink=False)
    async with app.run_test(size=(100, 40)) as pilot:
        await settled(pilot)
        await open_notes(app, pilot, store, session)
        for _ in range(8):  # a key every 0.3 s: never a one-second pause
            await pilot.press("x")
            await pilot.pause(0.3)
        app.workspace.finish()
        stored = Store(store.folder).get(session.id).resilience.notes.get("leadership")
        assert stored is not None and stored.worries.startswith("xxx")  # saved while typing went on


def failing_updates(monkeypatch, failures: list[int]):
    """Store.update raises 'No space left on device' while failures[0] > 0."""
    real = Store.update

    def update(self, *args, **kwargs):
        if failures[0] > 0:
            failures[0] -= 1
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Store, "update", update)


async def test_a_failed_save_is_kept_shown_and_retried_until_it_succeeds(store, banks, monkeypatch):
    session = make_session()
    store.save(session)
    failures = [2]
    failing_updates(monkeypatch, failures)
    app = SmpApp(store=store, banks=banks, cursor_blink=False)
    async with app.run_test(size=(100, 40)) as pilot:
        await settled(pilot)
        app.push_screen(ResilienceScreen(store.get(session.id)))
        await settled(pilot)
        await pilot.press("4")  # Leadership, for Ann
        await settled(pilot)
        assert app.workspace.unsaved == ["the rating"]
        assert any("Not saved yet" in (n.title or "") for n in app._notifications)
        # what is read back keeps the unsaved rating on screen, never the old value
        app.screen.reload()
        await settled(pilot)
        assert app.screen.session.resilience.ratings[0].score == 4
        app.workspace.retry()  # the app does this every few seconds
        await settled(pilot)
        app.workspace.retry()
        await settled(pilot)
        assert app.workspace.unsaved == []
    assert Store(store.folder).get(session.id).resilience.ratings[0].score == 4


async def test_quitting_with_unsaved_changes_asks_and_says_what(store, banks, monkeypatch):
    session = make_session()
    store.save(session)
    failing_updates(monkeypatch, [1000])
    app = SmpApp(store=store, banks=banks, cursor_blink=False)
    async with app.run_test(size=(100, 40)) as pilot:
        await settled(pilot)
        app.push_screen(ResilienceScreen(store.get(session.id)))
        await settled(pilot)
        await pilot.press("3")
        await settled(pilot)
        await pilot.press("ctrl+q")
        await settled(pilot)
        assert isinstance(app.screen, UnsavedScreen)
        assert "the rating" in str(app.screen.query_one("Static").render())
        await pilot.press("w")  # keep waiting: back to work, nothing lost
        await settled(pilot)
        assert isinstance(app.screen, ResilienceScreen) and app.is_running
        await pilot.press("ctrl+q")
        await settled(pilot)
        await pilot.press("l")  # quit and lose it, having been told exactly what
        await pilot.pause()
    assert app.return_code == 0


async def test_viewing_without_an_edit_writes_nothing(store, banks):
    session = make_session()
    store.save(session)
    before = Store(store.folder).get(session.id).updated_at
    app = SmpApp(store=store, banks=banks, cursor_blink=False)
    async with app.run_test(size=(100, 40)) as pilot:
        await settled(pilot)
        for _ in range(3):
            app.push_screen(ResilienceScreen(store.get(session.id)))
            await settled(pilot)
            await pilot.press("escape")
            await settled(pilot)
    assert Store(store.folder).get(session.id).updated_at == before


async def test_a_change_that_cannot_be_saved_never_says_it_will_be_tried_again(store, banks):
    """An attack found it: a change the store refuses as not valid is not kept for a retry,
    yet the notice said 'It is kept and will be tried again', with pydantic's own words."""
    from smp_tui.logic.changes import _edit

    session = make_session()
    store.save(session)

    def too_long(s) -> None:
        s.participants.extend(Participant(name=f"P{n}") for n in range(200))

    app = SmpApp(store=store, banks=banks, cursor_blink=False)
    async with app.run_test(size=(100, 40)) as pilot:
        await settled(pilot)
        app.workspace.update(session, _edit(too_long), "adding 200 people")
        await settled(pilot)
        said = notices(app)
    assert "Could not save adding 200 people: participants: " in said and "cannot be saved as it is" in said
    assert "tried again" not in said and "pydantic" not in said and "type=" not in said
    assert len(store.get(session.id).participants) == len(session.participants)
