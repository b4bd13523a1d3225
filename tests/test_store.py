"""The store as a user of it sees it: sessions kept, faults named, nothing lost."""

from __future__ import annotations

import hashlib
import json
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smp_tui.models import SCHEMA_VERSION, Session
from smp_tui.store import SessionNotFound, Store, StoreError, _backups_of, team_folder_name
from tests.conftest import make_session


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_save_get_list_delete(store):
    first = make_session(title="First")
    second = make_session(title="Second")
    other = make_session(team="Red team", title="Other")
    for session in (first, second, other):
        store.save(session)
    assert store.get(first.id) == first
    assert {s.id for s in store.sessions("Blue team")} == {first.id, second.id}
    assert store.teams() == ["Blue team", "Red team"]
    store.save(first.model_copy(update={"title": "First, renamed"}))
    assert store.get(first.id).title == "First, renamed"
    assert len(store.sessions()) == 3
    store.delete(second.id)
    with pytest.raises(SessionNotFound) as caught:
        store.get(second.id)
    assert second.id in str(caught.value)


def test_sessions_newest_first(store):
    sessions = [make_session(title=f"S{n}") for n in range(3)]
    for session in sessions:
        store.save(session)
    store.save(sessions[0].touched())
    assert [s.title for s in store.sessions()] == ["S0", "S2", "S1"]


def test_previous_is_the_teams_latest_earlier_session(store):
    from datetime import datetime, timedelta, timezone

    start = datetime(2026, 1, 5, 9, tzinfo=timezone.utc)
    made = [make_session(title=f"S{n}", created_at=start + timedelta(days=30 * n)) for n in range(4)]
    for session in reversed(made):
        store.save(session)
    store.save(make_session(team="Red team", created_at=start + timedelta(days=45)))
    store.save(make_session(title="check", mode="check-in", created_at=start + timedelta(days=80)))
    assert store.previous(made[3]).title == "S2"
    assert store.previous(made[1]).title == "S0"
    assert store.previous(made[0]) is None
    moved = made[2].model_copy(update={"created_at": start - timedelta(days=1)})
    store.save(moved)  # its start time changed: it is now the earliest, in one file only
    assert store.previous(made[3]).title == "S1"
    assert len(list(store.folder.glob(f"*/*{moved.id}.json"))) == 1


def test_update_applies_change_to_fresh_record(store):
    session = make_session()
    store.save(session)
    other_handle = Store(store.folder)  # another process's view of the same store
    other_handle.update(session.id, lambda s: s.model_copy(update={"title": "Changed elsewhere"}))
    updated = store.update(session.id, lambda s: s.model_copy(update={"mode": "remote"}))
    assert (updated.title, updated.mode) == ("Changed elsewhere", "remote")
    assert store.get(session.id) == updated


def test_a_save_rewrites_only_its_own_session_file(store):
    red = make_session(team="Red team")
    store.save(red)
    blue = make_session(team="Blue team")
    store.save(blue)
    others = [store.path_of(red.id)]
    second_blue = make_session(team="Blue team")
    store.save(second_blue)
    others.append(store.path_of(second_blue.id))
    before = [(sha(p), p.stat().st_mtime_ns) for p in others]
    store.update(blue.id, lambda s: s.model_copy(update={"title": "Changed"}))
    assert [(sha(p), p.stat().st_mtime_ns) for p in others] == before


def test_new_store_is_private(store_dir):
    store = Store(store_dir)
    store.save(make_session())
    assert stat.S_IMODE(store_dir.stat().st_mode) == 0o700
    for path in store_dir.rglob("*"):
        if path.is_file():
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
        else:
            assert stat.S_IMODE(path.stat().st_mode) == 0o700, path


def test_file_holds_schema_version_and_team(store):
    session = make_session()
    store.save(session)
    data = json.loads(store.path_of(session.id).read_text())
    assert data["meta"] == {"1": {"schema_version": SCHEMA_VERSION, "team": "Blue team"}}
    assert [doc["id"] for doc in data["sessions"].values()] == [session.id]


# --- files that do not load ---------------------------------------------------------

GOOD = None  # filled per test from a real save


def _bad_files(good: bytes) -> dict[str, bytes]:
    newer = json.loads(good)
    newer["meta"]["1"]["schema_version"] = SCHEMA_VERSION + 1
    invalid = json.loads(good)
    next(iter(invalid["sessions"].values()))["mode"] = "party"
    return {
        "truncated": good[: len(good) // 2],
        "trailing garbage": good + b"}{garbage",
        "NUL bytes": good[:20] + b"\x00" * 16 + good[36:],
        "empty": b"",
        "not UTF-8": good.replace(b"Blue team", b"Blue \xff\xfe team"),
        "not an object": b"[1, 2, 3]",
        "invalid record": json.dumps(invalid).encode(),
        "newer schema": json.dumps(newer).encode(),
    }


FAULT_WORDS = {
    "truncated": "not valid JSON",
    "trailing garbage": "not valid JSON",
    "NUL bytes": "NUL",
    "empty": "empty",
    "not UTF-8": "UTF-8",
    "not an object": "not an object",
    "invalid record": "mode",
    "newer schema": "newer smp",
}


@pytest.mark.parametrize("case", sorted(FAULT_WORDS))
def test_bad_file_is_named_left_alone_and_others_stay_usable(store, case):
    blue, red = make_session(team="Blue team"), make_session(team="Red team", title="Red day")
    store.save(blue)
    store.save(red)
    path = store.path_of(blue.id)
    path.write_bytes(_bad_files(path.read_bytes())[case])
    before = sha(path)
    fresh = Store(store.folder)
    for attempt in (
        lambda: fresh.sessions("Blue team"),
        lambda: fresh.get(blue.id),
        lambda: fresh.save(blue),
        lambda: fresh.update(blue.id, lambda s: s),
        lambda: fresh.sessions(),
    ):
        with pytest.raises(StoreError) as caught:
            attempt()
        assert str(path) in str(caught.value)
        assert FAULT_WORDS[case] in str(caught.value)
        assert sha(path) == before
    survey = fresh.survey()
    assert [s.id for s in survey.sessions] == [red.id]
    assert [f.path for f in survey.faults] == [path]
    assert fresh.get(red.id) == red
    result = subprocess.run(
        [sys.executable, "-m", "smp_tui", "--db", str(store.folder), "list"],
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 1
    assert red.id in result.stdout and "Red day" in result.stdout
    assert str(path) in result.stderr and "Traceback" not in result.stderr
    assert sha(path) == before


def test_doctor_reports_and_restores(store):
    session = make_session()
    store.save(session)
    store.update(session.id, lambda s: s.model_copy(update={"title": "Latest title"}))
    path = store.path_of(session.id)
    path.write_bytes(b'{"sessions": {"1": ')
    checks = store.doctor()
    assert checks[0].fault and "not valid JSON" in checks[0].fault and checks[0].restored_from is None
    checks = store.doctor(restore=True)
    assert checks[0].restored_from is not None
    assert checks[0].kept_broken_as.read_bytes() == b'{"sessions": {"1": '
    assert store.get(session.id).title == "Latest title"
    assert store.doctor()[0].fault is None


def test_backups_rotate(store):
    session = make_session()
    for n in range(12):
        store.save(session.model_copy(update={"title": f"Version {n}"}))
    backups = [path for path in store.backups.rglob("*") if path.is_file()]
    assert 1 < len(backups) <= 5


def test_a_save_lists_only_its_own_sessions_backups(store, monkeypatch):
    """A team of years has thousands of backups: keeping one must not list them all."""
    import smp_tui.store

    session = make_session()
    for n in range(4):
        store.save(make_session(title=f"Other {n}"))
    store.save(session)
    listed: list[Path] = []
    real_listdir = smp_tui.store.os.listdir
    monkeypatch.setattr(smp_tui.store.os, "listdir", lambda folder: listed.append(Path(folder)) or real_listdir(folder))
    store.update(session.id, lambda s: s.model_copy(update={"title": "Changed"}))
    path = store.path_of(session.id)
    own = store.backups / path.parent.name / path.stem
    assert {folder for folder in listed if folder.is_relative_to(store.backups)} == {own}


def test_backups_kept_the_earlier_way_still_restore_and_go_with_their_session(store):
    """Stores from before 2026-11-30 kept every backup of a team in one folder, named
    <session file>.<stamp>: restore still finds them, and delete removes them."""
    session = make_session(title="Good")
    store.save(session)
    path = store.path_of(session.id)
    team_backups = store.backups / path.parent.name
    for backup in (team_backups / path.stem).iterdir():  # made the earlier way instead
        backup.unlink()
    (team_backups / path.stem).rmdir()
    (team_backups / f"{path.name}.20251201T090000000000Z").write_bytes(path.read_bytes())
    path.write_bytes(b"not json")
    checks = store.doctor(restore=True)
    assert checks[0].restored_from == team_backups / f"{path.name}.20251201T090000000000Z"
    assert store.get(session.id).title == "Good"
    store.update(session.id, lambda s: s.model_copy(update={"title": "Better"}))  # a backup kept the new way too
    backups = _backups_of(path, team_backups)  # oldest first: the earlier way's, then its own folder's
    assert [p.name for p in backups[:2]] == [f"{path.name}.20251201T090000000000Z", "0.json"] and len(backups) == 3
    assert b'"Good"' in backups[1].read_bytes() and b'"Better"' in backups[2].read_bytes()
    store.delete(session.id)
    assert list(team_backups.iterdir()) == []


def test_leftover_temporary_files_are_removed_by_listing_and_doctor(store):
    session = make_session()
    store.save(session)
    leftover = store.path_of(session.id).parent / f".{store.path_of(session.id).name}.abc123.tmp"
    leftover.write_bytes(b'{"half": ')
    Store(store.folder).listing()
    assert not leftover.exists()
    leftover.write_bytes(b'{"half": ')
    Store(store.folder).doctor()
    assert not leftover.exists()


def test_doctor_removes_the_staging_folder_of_a_killed_import_but_not_one_in_progress(store):
    import os
    import time

    session = make_session()
    store.save(session)
    before = store.path_of(session.id).read_bytes()
    killed, running = store.folder / ".import-killed", store.folder / ".import-running"
    for staging in (killed, running):
        staging.mkdir(mode=0o700)
        (staging / "0.json").write_text('{"half": ')
    hours_ago = time.time() - 2 * 3600
    os.utime(killed, (hours_ago, hours_ago))
    Store(store.folder).doctor()
    assert not killed.exists()
    assert (running / "0.json").exists()  # an import may be writing it now
    assert store.path_of(session.id).read_bytes() == before
    assert Store(store.folder).get(session.id) == session


def test_older_file_is_migrated_forward(store):
    session = make_session()
    store.save(session)
    path = store.path_of(session.id)
    data = json.loads(path.read_text())
    del data["meta"]  # files from before the schema version was written count as 0
    path.write_text(json.dumps(data))
    assert store.get(session.id) == session
    store.save(session.model_copy(update={"title": "Moved forward"}))
    assert json.loads(path.read_text())["meta"]["1"]["schema_version"] == SCHEMA_VERSION


def test_store_folder_that_is_a_file_is_a_clear_error(tmp_path):
    target = tmp_path / "file"
    target.write_text("x")
    with pytest.raises(StoreError) as caught:
        Store(target)
    assert str(target) in str(caught.value)


# --- properties -------------------------------------------------------------------------

text = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40).filter(str.strip)


@st.composite
def sessions(draw):
    return Session(
        team=draw(text),
        title=draw(text),
        mode=draw(st.sampled_from(["away-day", "remote", "check-in"])),
        participants=[{"name": name} for name in draw(st.lists(text, max_size=4))],
        actions=[{"text": t, "owner": o} for t, o in draw(st.lists(st.tuples(text, text), max_size=3))],
        resilience={"ratings": [
            {"indicator": "leadership", "score": draw(st.one_of(st.none(), st.integers(1, 5)))}
        ]},
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(session=sessions())
def test_any_session_round_trips(store, session):
    store.save(session)
    assert store.get(session.id) == session
    assert Store(store.folder).get(session.id) == session


@settings(max_examples=300, deadline=None)
@given(team=st.text(min_size=1, max_size=200))
def test_any_team_name_maps_to_a_file_inside_the_store(team, tmp_path_factory):
    name = team_folder_name(team)
    assert "/" not in name and "\\" not in name and name not in (".", "..")
    assert name.startswith("team-") and len(name) < 80
    folder = Path("/srv/store")
    assert (folder / name).resolve().parent == folder
    assert name.isascii() and name.isprintable()
