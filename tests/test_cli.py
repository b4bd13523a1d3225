"""The sub-commands, as a person at a terminal uses them."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from smp_tui import __version__
from smp_tui.cli import main
from smp_tui.store import Store
from tests.conftest import make_session


def smp(*args, db=None):
    command = [sys.executable, "-m", "smp_tui", *args]
    if db is not None:
        command[3:3] = ["--db", str(db)]
    return subprocess.run(command, capture_output=True, text=True, timeout=60)


def test_version_and_help():
    assert smp("--version").stdout.strip() == f"smp {__version__}"
    help_text = smp("--help").stdout
    for command in ("list", "doctor", "export", "import"):
        assert command in help_text


def test_list_empty_and_with_sessions(store_dir, capsys):
    assert main(["--db", str(store_dir), "list"]) == 0
    assert "No sessions yet" in capsys.readouterr().out
    store = Store(store_dir)
    blue, red = make_session(title="[bold]Blue day"), make_session(team="Red team", title="Red day")
    store.save(blue)
    store.save(red)
    assert main(["--db", str(store_dir), "list", "--team", "Red team"]) == 0
    out = capsys.readouterr().out
    assert red.id in out and blue.id not in out
    assert main(["list", "--db", str(store_dir)]) == 0
    assert "[bold]Blue day" in capsys.readouterr().out


def test_smp_db_environment_variable(store_dir, monkeypatch, capsys):
    Store(store_dir).save(make_session(title="From env"))
    monkeypatch.setenv("SMP_DB", str(store_dir))
    assert main(["list"]) == 0
    assert "From env" in capsys.readouterr().out


def test_export_then_import_into_an_empty_store(tmp_path, capsys):
    source, target = Store(tmp_path / "a"), tmp_path / "b"
    session = make_session(actions=[{"text": "Ring the duty team", "owner": "Ann"}])
    source.save(session)
    out = tmp_path / "session.json"
    assert main(["--db", str(source.folder), "export", session.id, "--format", "json", "-o", str(out)]) == 0
    assert main(["--db", str(target), "import", str(out)]) == 0
    assert Store(target).get(session.id) == session
    capsys.readouterr()
    assert main(["--db", str(target), "import", str(out)]) == 0  # the same file again: nothing to do
    assert "Already in the store, the same: 'Spring away-day'" in capsys.readouterr().out
    Store(target).save(session.model_copy(update={"title": "Renamed since"}))
    assert main(["--db", str(target), "import", str(out)]) == 1  # the store's copy changed since
    assert "already in the store (Blue team | Renamed since), and differs" in capsys.readouterr().err
    assert Store(target).get(session.id).title == "Renamed since"


def test_import_that_fails_validation_changes_nothing(tmp_path, capsys):
    store = Store(tmp_path / "store")
    kept = make_session(title="Kept")
    store.save(kept)
    before = store.path_of(kept.id).read_bytes()
    good, bad = make_session(team="New team"), make_session(team="New team")
    payload = {"kind": "smp-sessions", "version": 1,
               "sessions": [good.model_dump(mode="json"), bad.model_dump(mode="json")]}
    payload["sessions"][1]["participants"][1]["name"] = ""
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(payload))
    assert main(["--db", str(store.folder), "import", str(path)]) == 1
    err = capsys.readouterr().err
    assert "session 2" in err and "participants.1.name" in err and "Nothing was imported" in err
    assert [s.id for s in store.sessions()] == [kept.id]
    assert store.path_of(kept.id).read_bytes() == before


@pytest.mark.parametrize("content,words", [
    (b"not json", "not valid JSON"),
    (b'{"sessions": []}', "not an smp export"),
    (b"\xff\xfe", "not UTF-8"),
])
def test_bad_import_files_are_explained(tmp_path, capsys, content, words):
    path = tmp_path / "in.json"
    path.write_bytes(content)
    assert main(["--db", str(tmp_path / "store"), "import", str(path)]) == 1
    assert words in capsys.readouterr().err


def test_export_of_unknown_session_is_a_clear_error(store_dir):
    result = smp("export", "00000000-0000-4000-8000-000000000000", db=store_dir)
    assert result.returncode == 1
    assert "no session with id" in result.stderr and "Traceback" not in result.stderr


def test_doctor_and_restore_from_the_command_line(store_dir):
    store = Store(store_dir)
    session = make_session()
    store.save(session)
    store.save(session.model_copy(update={"title": "Second version"}))
    path = store.path_of(session.id)
    path.write_bytes(path.read_bytes()[:50])
    result = smp("doctor", db=store_dir)
    assert result.returncode == 1 and "BROKEN" in result.stdout and path.name in result.stdout
    result = smp("doctor", "--restore", db=store_dir)
    assert result.returncode == 0 and "restored from" in result.stdout
    assert Store(store_dir).get(session.id).title == "Second version"
    assert smp("doctor", db=store_dir).returncode == 0
