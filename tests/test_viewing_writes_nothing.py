"""Looking is not changing: opening screens and leaving them without an edit writes
nothing, so the store's backups keep the real history (issue 10)."""

from __future__ import annotations

import pytest

from smp_tui.app import SmpApp
from smp_tui.models import Activity, CynefinResult
from smp_tui.screens.exercises import EXERCISES
from smp_tui.store import Store, _backups_of
from tests.conftest import make_session
from tests.snapshots_support import open_row, settled


def test_a_change_that_changes_nothing_writes_nothing(store):
    session = make_session()
    store.save(session)
    path = store.path_of(session.id)
    before, backups = path.read_bytes(), _backups_of(path, store._backups_for(path))
    same = store.update(session.id, lambda s: s.model_copy(deep=True))
    assert same == session and same.updated_at == session.updated_at
    assert path.read_bytes() == before and _backups_of(path, store._backups_for(path)) == backups
    changed = store.update(session.id, lambda s: s.model_copy(update={"title": "New"}))
    assert changed.updated_at > session.updated_at and path.read_bytes() != before


@pytest.mark.long
async def test_five_views_keep_every_earlier_backup(store, banks):
    session = make_session(cynefin=CynefinResult(activities=[Activity(name="Duty desk", methods=["Rota"])]))
    store.save(session)
    for title in ("Second", "Third"):  # a real history of changes, kept as backups
        store.update(session.id, lambda s, title=title: s.model_copy(update={"title": title}))
    path = store.path_of(session.id)
    history = [p.read_bytes() for p in _backups_of(path, store._backups_for(path))]
    stored = path.read_bytes()
    app = SmpApp(store=store, banks=banks, cursor_blink=False)
    async with app.run_test(size=(100, 40)) as pilot:
        await settled(pilot)
        await pilot.press("enter")  # the session
        await settled(pilot)
        for _ in range(5):
            await open_row(pilot, "#exercises", 0)  # the activity map
            await open_row(pilot, "#activities", 0)  # the activity
            assert app.screen.query_one("#activity-name").value == "Duty desk"
            await pilot.press("escape")
            await settled(pilot)
            await pilot.press("escape")
            await settled(pilot)
        for index in range(1, len(EXERCISES)):  # every other exercise (the agenda too), looked at and left
            await open_row(pilot, "#exercises", index)
            await pilot.press("escape")
            await settled(pilot)
    assert path.read_bytes() == stored
    assert [p.read_bytes() for p in _backups_of(path, store._backups_for(path))] == history
    assert Store(store.folder).get(session.id).title == "Third"
