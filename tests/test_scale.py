"""A store of years: the team indexes behind every list, locks per session that name
their holder, and other teams usable while one is stuck. Correctness only; the speed
of all this is measured by bench/run.py."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smp_tui.cli import main
from smp_tui.store import (
    INDEX_NAME, LockBusy, Store, StoreError, lock_path_of, write_atomically,
)
from tests.conftest import make_session

ROOT = Path(__file__).resolve().parent.parent


def listed(store: Store, team: str | None = None) -> list[tuple[str, str, str, int]]:
    return sorted((e.id, e.team, e.title, e.people) for e in store.listing(team).entries)


def from_files(store: Store, team: str | None = None) -> list[tuple[str, str, str, int]]:
    return sorted((s.id, s.team, s.title, len(s.participants)) for s in store.survey(team).sessions)


def index_of(store: Store, team: str) -> Path:
    return store.team_folder(team) / INDEX_NAME


def age_index(path: Path) -> None:
    """Make the index look written long after its files: its entries are then trusted
    as long as their files' stat is unchanged (no file is read again)."""
    data = json.loads(path.read_bytes())
    data["scanned_at_ns"] += 10**12
    path.write_text(json.dumps(data))


# -- the index -------------------------------------------------------------------------------


def test_listing_is_light_entries_newest_first_and_writes_an_index(store):
    old = make_session(title="Old")
    new = make_session(title="New", participants=[])
    store.save(old)
    store.save(new)
    store.save(make_session(team="Red team", title="Red"))
    entries = store.listing().entries
    assert [e.title for e in entries] == ["Red", "New", "Old"]
    assert (entries[1].team, entries[1].mode, entries[1].people) == ("Blue team", "away-day", 0)
    assert entries[2].file == store.path_of(old.id)
    index = json.loads(index_of(store, "Blue team").read_bytes())
    assert sorted(entry[5] for entry in index["files"].values()) == ["New", "Old"]
    assert listed(store, "Blue team") == from_files(store, "Blue team")


def test_an_up_to_date_index_is_read_instead_of_the_files(store):
    session = make_session(title="True title")
    store.save(session)
    store.listing()
    index = index_of(store, "Blue team")
    age_index(index)
    data = json.loads(index.read_bytes())
    (entry,) = data["files"].values()
    entry[5] = "Title only the index knows"
    index.write_text(json.dumps(data))
    assert [e.title for e in store.listing().entries] == ["Title only the index knows"]
    path = store.path_of(session.id)
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 1))  # the file is newer now
    assert [e.title for e in store.listing().entries] == ["True title"]


def test_a_stale_index_is_brought_up_to_date(store):
    kept, renamed, removed = (make_session(title=t) for t in ("Kept", "Before", "Removed"))
    for session in (kept, renamed, removed):
        store.save(session)
    store.listing()
    age_index(index_of(store, "Blue team"))
    other = Store(store.folder)  # another process saves, adds and removes
    other.save(renamed.model_copy(update={"title": "After"}))
    other.save(make_session(title="Added"))
    store.path_of(removed.id).unlink()  # a name it has whose file is gone
    assert sorted(e.title for e in store.listing().entries) == ["Added", "After", "Kept"]
    assert listed(store) == from_files(store)
    files = json.loads(index_of(store, "Blue team").read_bytes())["files"]
    assert sorted(entry[5] for entry in files.values()) == ["Added", "After", "Kept"]


@pytest.mark.parametrize("damage", [b"", b"\x00\x00", b"{not json", b"[]", b'{"kind": "smp-team-index"}',
                                    b'{"kind": "smp-team-index", "format": 1, "scanned_at_ns": 0, '
                                    b'"files": {"session-x.json": {"title": 5}}}'])
def test_a_broken_index_is_rebuilt_and_never_stops_a_list(store, damage, capsys):
    sessions = [make_session(title=f"S{n}") for n in range(3)]
    for session in sessions:
        store.save(session)
    store.listing()
    index_of(store, "Blue team").write_bytes(damage)
    assert listed(store) == from_files(store)
    assert json.loads(index_of(store, "Blue team").read_bytes())["kind"] == "smp-team-index"
    index_of(store, "Blue team").write_bytes(damage)
    assert main(["--db", str(store.folder), "list"]) == 0
    assert sorted(line.split(" | ")[1] for line in capsys.readouterr().out.splitlines()) == ["S0", "S1", "S2"]


def test_a_missing_index_is_rebuilt(store):
    store.save(make_session())
    store.listing()
    index_of(store, "Blue team").unlink()
    assert listed(store) == from_files(store)
    assert index_of(store, "Blue team").exists()


def test_doctor_reports_and_rebuilds_a_broken_index(store, capsys):
    store.save(make_session())
    store.listing()
    index_of(store, "Blue team").write_bytes(b"{half an ind")
    assert main(["--db", str(store.folder), "doctor"]) == 0
    out = capsys.readouterr().out
    folder = store.team_folder("Blue team").name
    assert f"fixed   {folder}/index.json: the index is damaged" in out
    assert "rebuilt from the session files" in out
    assert main(["--db", str(store.folder), "doctor"]) == 0
    assert f"ok      {folder}/index.json  (1 sessions listed)" in capsys.readouterr().out


def test_a_broken_session_file_is_a_fault_in_the_listing_and_stays_one(store):
    good, bad = make_session(title="Good"), make_session(title="Bad")
    store.save(good)
    store.save(bad)
    store.path_of(bad.id).write_bytes(b"\x00")
    for _ in range(2):  # the fault is kept in the index, not forgotten
        listing = store.listing()
        assert [e.title for e in listing.entries] == ["Good"]
        assert [f.path for f in listing.faults] == [store.path_of(bad.id)]
        assert "NUL" in listing.faults[0].fault


def test_find_by_code_and_teams_use_the_listing(store):
    remote = make_session(team="Red team", mode="remote", join_code="KXP47R")
    store.save(remote)
    store.save(make_session())
    assert store.find_by_code("KXP47R") == remote
    assert store.teams() == ["Blue team", "Red team"]
    with pytest.raises(StoreError, match="no session has the join code"):
        store.find_by_code("AAA222")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(["save", "retitle", "delete", "unlink", "list"]),
                          st.integers(0, 4), st.sampled_from(["Blue team", "Red team"])), max_size=25))
def test_listing_always_equals_the_files(tmp_path_factory, steps):
    store = Store(tmp_path_factory.mktemp("store"))
    other = Store(store.folder)  # a second process changing the files behind the index's back
    sessions: dict[int, object] = {}
    for action, slot, team in steps:
        session = sessions.get(slot)
        if action == "save" and session is None:
            sessions[slot] = make_session(team=team, title=f"S{slot}")
            store.save(sessions[slot])
        elif action == "retitle" and session is not None:
            other.update(session.id, lambda s: s.model_copy(update={"title": s.title + "+"}))
        elif action == "delete" and session is not None:
            other.delete(sessions.pop(slot).id)
        elif action == "unlink" and session is not None:
            store.path_of(sessions.pop(slot).id).unlink()
        elif action == "list":
            for folder in store.folder.glob("team-*"):
                if (folder / INDEX_NAME).exists():
                    age_index(folder / INDEX_NAME)  # trust it as far as the stat allows
            assert listed(store) == from_files(store)
    assert listed(store) == from_files(store)
    for team in ("Blue team", "Red team"):
        assert listed(store, team) == from_files(store, team)


# -- locks -------------------------------------------------------------------------------------


HOLDER = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from smp_tui.store import file_lock
    with file_lock(Path(sys.argv[1])):
        print("held", flush=True)
        sys.stdin.readline()  # hold until told (or killed)
""")


class HeldLock:
    """Another process holding the lock on `path` until stopped."""

    def __init__(self, path: Path) -> None:
        self.process = subprocess.Popen([sys.executable, "-c", HOLDER, str(path)], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, text=True, env=os.environ | {"PYTHONPATH": str(ROOT)})
        assert self.process.stdout.readline() == "held\n"

    def release(self) -> None:
        self.process.stdin.write("\n")
        self.process.stdin.flush()
        self.process.wait(timeout=60)

    def kill(self) -> None:
        self.process.kill()
        self.process.wait(timeout=60)


def test_a_waiting_save_is_told_who_holds_the_lock_and_goes_through_after(store):
    session = make_session()
    store.save(session)
    path = store.path_of(session.id)
    held = HeldLock(path)
    told: list[tuple[Path, str]] = []

    def on_wait(waiting_on: Path, holder: str) -> None:
        told.append((waiting_on, holder))
        held.release()

    store.on_wait = on_wait
    saved = store.update(session.id, lambda s: s.model_copy(update={"title": "After the wait"}))
    assert saved.title == "After the wait" and store.get(session.id).title == "After the wait"
    ((waiting_on, holder),) = told
    assert waiting_on == path
    assert f"process {held.process.pid} (-c) on " in holder and "holding it since" in holder


def test_a_save_gives_up_after_the_timeout_naming_the_holder(store):
    session = make_session(title="Untouched")
    store.save(session)
    held = HeldLock(store.path_of(session.id))
    try:
        store.lock_timeout = 1.5
        with pytest.raises(LockBusy) as caught:
            store.update(session.id, lambda s: s.model_copy(update={"title": "Changed"}))
        assert f"process {held.process.pid}" in str(caught.value) and "held for over 2s" in str(caught.value)
    finally:
        held.kill()
    assert store.get(session.id).title == "Untouched"
    store.update(session.id, lambda s: s.model_copy(update={"title": "Changed"}))  # the lock was let go
    assert store.get(session.id).title == "Changed"


def test_saves_into_other_sessions_of_the_team_do_not_wait(store):
    locked, free = make_session(title="Locked"), make_session(title="Free")
    store.save(locked)
    store.save(free)
    held = HeldLock(store.path_of(locked.id))
    try:
        store.lock_timeout = 0  # any wait at all would fail
        store.update(free.id, lambda s: s.model_copy(update={"title": "Saved"}))
        store.save(make_session(title="New in the same team"))
        with pytest.raises(LockBusy):
            store.update(locked.id, lambda s: s)
    finally:
        held.kill()
    assert sorted(e.title for e in store.listing().entries) == ["Locked", "New in the same team", "Saved"]


def test_a_lock_left_by_a_killed_writer_is_taken_over_and_its_temporary_file_removed(store):
    session = make_session()
    store.save(session)
    path = store.path_of(session.id)
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    lock_path_of(path).write_text(json.dumps({"pid": int(dead.stdout), "host": os.uname().nodename,
                                              "since": "2026-01-01T00:00:00Z", "program": "smp"}))
    leftover = path.with_name(f".{path.name}.k1ll3d00.tmp")
    leftover.write_bytes(b'{"half": ')
    store.lock_timeout = 0  # nothing holds it: no wait
    store.update(session.id, lambda s: s.model_copy(update={"title": "Taken over"}))
    assert store.get(session.id).title == "Taken over"
    assert not leftover.exists()
    assert lock_path_of(path).read_bytes() == b""  # let go cleanly


def test_a_stuck_lock_and_a_leftover_in_one_team_leave_other_teams_usable(store, banks):
    stuck, other = make_session(team="Stuck team", title="Stuck day"), make_session(team="Other team", title="Other day")
    store.save(stuck)
    store.save(other)
    path = store.path_of(stuck.id)
    leftover = path.with_name(f".{path.name}.abcd1234.tmp")
    held = HeldLock(path)
    try:
        leftover.write_bytes(b'{"half": ')
        result = subprocess.run([sys.executable, "-m", "smp_tui", "--db", str(store.folder), "list", "--team", "Other team"],
                                capture_output=True, text=True, timeout=120, env=os.environ | {"PYTHONPATH": str(ROOT)})
        assert result.returncode == 0, result.stderr
        assert "Other team | Other day" in result.stdout
        opened = Store(store.folder)
        assert sorted(e.title for e in opened.listing().entries) == ["Other day", "Stuck day"]  # no wait
        assert leftover.exists()  # a write may be in progress: left alone
        opened.lock_timeout = 0
        opened.update(other.id, lambda s: s.model_copy(update={"title": "Saved meanwhile"}))
        shown = _home_rows(opened, banks)
        assert sorted(shown) == ["Saved meanwhile", "Stuck day"]
    finally:
        held.kill()
    Store(store.folder).listing()  # the lock is free now: the leftover goes
    assert not leftover.exists()


def _home_rows(store: Store, banks) -> list[str]:
    import asyncio

    from textual.widgets import DataTable

    from smp_tui.app import SmpApp
    from tests.snapshots_support import settled

    async def run() -> list[str]:
        app = SmpApp(store=store, banks=banks)
        async with app.run_test(size=(100, 30)) as pilot:
            await settled(pilot)
            table = app.screen.query_one(DataTable)
            return [str(table.get_row_at(n)[2]) for n in range(table.row_count)]

    return asyncio.run(run())


def test_the_app_says_a_save_is_waiting_and_who_holds_the_lock(store, banks):
    import asyncio

    from smp_tui.app import SmpApp
    from tests.snapshots_support import settled

    session = make_session(title="Before")
    store.save(session)
    held = HeldLock(store.path_of(session.id))

    async def run() -> list[str]:
        app = SmpApp(store=store, banks=banks)
        async with app.run_test(size=(100, 30)) as pilot:
            await settled(pilot)
            app.workspace.update(session, lambda s: s.model_copy(update={"title": "After"}), "the title")
            for _ in range(100):
                await pilot.pause(0.1)
                if app._notifications:
                    break
            messages = [n.message for n in app._notifications]
            held.release()
            await asyncio.get_running_loop().run_in_executor(None, app.workspace.saves.wait)
            return messages

    try:
        messages = asyncio.run(run())
    finally:
        held.kill()
    assert any("A save is waiting" in m and f"process {held.process.pid}" in m for m in messages), messages
    assert store.get(session.id).title == "After"


def test_a_session_signature_changes_with_its_own_saves_only(store):
    watched, neighbour = make_session(), make_session()
    store.save(watched)
    store.save(neighbour)
    before = store.session_signature(watched.id, "Blue team")
    Store(store.folder).update(neighbour.id, lambda s: s.model_copy(update={"title": "x"}))
    assert store.session_signature(watched.id, "Blue team") == before
    Store(store.folder).update(watched.id, lambda s: s.model_copy(update={"title": "y"}))
    assert store.session_signature(watched.id, "Blue team") != before


def test_locks_serialise_threads_of_one_process(store):
    session = make_session(participants=[])
    store.save(session)

    def add(n: int) -> None:
        from smp_tui.models import Participant

        for k in range(5):
            store.update(session.id, lambda s: s.model_copy(
                update={"participants": [*s.participants, Participant(name=f"P{n}-{k}")]}))

    threads = [threading.Thread(target=add, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(store.get(session.id).participants) == 20


def test_a_damaged_entry_in_a_current_index_is_read_again_from_its_file(store):
    session = make_session(title="Real")
    store.save(session)
    store.listing()
    index = index_of(store, "Blue team")
    age_index(index)
    data = json.loads(index.read_bytes())
    (entry,) = data["files"].values()
    entry[9] = "two"  # people: not a number
    index.write_text(json.dumps(data))
    assert listed(store) == from_files(store)
    (entry,) = json.loads(index.read_bytes())["files"].values()
    assert entry[9] == 2


@pytest.mark.parametrize("zone", ["Europe/London", "America/New_York", "Australia/Lord_Howe", "Asia/Tokyo"])
def test_smp_list_times_are_local_across_daylight_saving_changes(zone, monkeypatch):
    import time
    from datetime import datetime, timedelta, timezone

    from smp_tui.cli import _LocalMinutes

    monkeypatch.setenv("TZ", zone)
    time.tzset()
    try:
        local = _LocalMinutes()
        start = datetime(2026, 3, 1, tzinfo=timezone.utc)
        for minutes in range(0, 60 * 24 * 300, 37):  # every 37 minutes through most of a year
            when = start + timedelta(minutes=minutes)
            assert local(when) == when.astimezone().strftime("%Y-%m-%d %H:%M"), when
    finally:
        monkeypatch.undo()
        time.tzset()
