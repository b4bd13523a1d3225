"""Hostile or unlucky input on the command line: printable output, imports all or none,
limits, deep or odd files, bad banks (issue 10)."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from smp_tui.banks import BankError, load_banks, shipped_folder
from smp_tui.cli import main
from smp_tui.models import Participant
from smp_tui.interchange import IMPORT_MAX_BYTES, to_json
from smp_tui.report import to_csv, to_html, to_markdown
from smp_tui.store import Store
from tests.snapshots_support import shipped_banks
from tests.conftest import make_session

ATTACK = "\x1b[2J\x1b]0;TT\x07\x1b]52;c;ZWNobyBoaQ==\x07\x00\r"
ROOT = Path(__file__).resolve().parent.parent


def smp(*args, env=None, timeout=60):
    return subprocess.run([sys.executable, "-m", "smp_tui", *args], capture_output=True, text=True,
                          timeout=timeout, env=os.environ | {"PYTHONPATH": str(ROOT)} | (env or {}))


def _raw_controls(text: str) -> list[str]:
    return [ch for ch in text if (ord(ch) < 0x20 and ch not in "\n\t") or 0x7F <= ord(ch) < 0xA0]


def _plant(store: Store, session, **raw_fields) -> None:
    """Write fields into a session's file as an old smp or another tool might have."""
    store.save(session)
    path = store.path_of(session.id)
    data = json.loads(path.read_text())
    (record,) = data["sessions"].values()
    record.update(raw_fields)
    path.write_text(json.dumps(data))


# --- command-line output -------------------------------------------------------------------


def test_list_prints_one_printable_line_per_session(store_dir):
    store = Store(store_dir)
    _plant(store, make_session(team="Blue"), team=f"Blue\nFORGED 00000000  line{ATTACK}",
           title=f"Spring\r\n{ATTACK}")
    _plant(store, make_session(team="Red"), team="Red")
    result = smp("--db", str(store_dir), "list")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 2 and not any(line.startswith("FORGED") for line in lines)
    assert _raw_controls(result.stdout) == []
    assert "Blue FORGED 00000000  line␛[2J␛]0;TT␇" in result.stdout


@pytest.mark.long
def test_export_to_the_screen_and_its_message_are_printable(store_dir, tmp_path):
    store = Store(store_dir)
    session = make_session(team="Blue")
    _plant(store, session, team=f"Blue\n{ATTACK}", title=f"Spring{ATTACK}")
    for fmt in ("md", "csv", "html", "json"):
        result = smp("--db", str(store_dir), "export", session.id, "--format", fmt)
        assert result.returncode == 0 and _raw_controls(result.stdout) == [], fmt
    result = smp("--db", str(store_dir), "export", session.id, "-o", str(tmp_path / "out.md"))
    assert len(result.stdout.splitlines()) == 1 and _raw_controls(result.stdout) == []
    assert "Spring␛[2J" in result.stdout


def test_csv_cells_never_start_a_formula(banks):
    people = [Participant(name=name) for name in ("=HYPERLINK(\"http://x\",\"y\")", "+cmd|' /C calc'!A0",
                                                   "-2+3", "@SUM(A1)", "Ann")]
    session = make_session(team="=1+1", participants=people, resilience={"ratings": [
        {"indicator": banks.resilience.indicators[0].id, "participant": p.id, "score": 3} for p in people]})
    rows = list(csv.reader(io.StringIO(to_csv(session, banks))))
    cells = [cell for row in rows[1:] for cell in row]
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in cells)
    assert "'=HYPERLINK(\"http://x\",\"y\")" in cells and "'=1+1" in cells and "'-2+3" in cells
    assert "Ann" in cells and "3" in cells


def test_no_raw_control_bytes_in_any_export(banks):
    session = make_session(team=f"Blue{ATTACK}", title=f"Spring{ATTACK}",
                           participants=[Participant(name=f"Eve{ATTACK}")],
                           change={"description": f"a\n{ATTACK}"},
                           actions=[{"text": f"Ring{ATTACK}", "owner": f"Eve{ATTACK}"}])
    for text in (to_markdown(session, banks), to_html(session, banks), to_csv(session, banks),
                 to_json([session], banks)):
        assert _raw_controls(text) == []


# --- imports: all or nothing -----------------------------------------------------------------


def _export_file(tmp_path: Path, *sessions) -> Path:
    path = tmp_path / "in.json"
    path.write_text(to_json(list(sessions), shipped_banks()))
    return path


def _store_unchanged(store: Store, kept) -> None:
    assert [s.id for s in Store(store.folder).sessions()] == [kept.id]
    assert not list(store.folder.glob(".import-*"))


@pytest.fixture
def two_to_import(tmp_path):
    store = Store(tmp_path / "store")
    kept = make_session(team="Kept team")
    store.save(kept)
    first, second = make_session(team="Alpha"), make_session(team="Beta")
    return store, kept, first, second, _export_file(tmp_path, first, second)


def test_import_is_undone_when_a_file_stands_where_a_team_folder_goes(two_to_import, capsys):
    store, kept, first, second, path = two_to_import
    store.team_folder("Beta").write_text("in the way")
    assert main(["--db", str(store.folder), "import", str(path)]) == 1
    err = capsys.readouterr().err
    assert "Nothing was imported" in err and "Traceback" not in err and len(err.splitlines()) == 2
    _store_unchanged(store, kept)
    assert not store.team_folder("Alpha").exists()
    store.team_folder("Beta").unlink()
    assert main(["--db", str(store.folder), "import", str(path)]) == 0  # the retry is not refused
    assert {s.id for s in Store(store.folder).sessions()} == {kept.id, first.id, second.id}


def test_import_is_undone_when_a_backup_cannot_be_written(two_to_import, capsys):
    store, kept, first, second, path = two_to_import
    store.backups.mkdir(exist_ok=True)
    (store.backups / store.team_folder("Beta").name).write_text("in the way")
    assert main(["--db", str(store.folder), "import", str(path)]) == 1
    assert "Nothing was imported" in capsys.readouterr().err
    _store_unchanged(store, kept)
    assert not list(store.backups.glob(f"{store.team_folder('Alpha').name}/*"))


def test_import_is_undone_when_another_process_holds_a_lock(two_to_import, capsys, monkeypatch):
    import smp_tui.store

    store, kept, first, second, path = two_to_import
    monkeypatch.setattr(smp_tui.store, "LOCK_TIMEOUT_SECONDS", 0.5)
    folder = store.team_folder("Beta")
    folder.mkdir(mode=0o700)
    # another process holds the lock of the very file the second session would become
    lock = smp_tui.store.lock_path_of(store.session_path(second))
    holder = subprocess.Popen([sys.executable, "-c", (
        "import fcntl, os, sys, time; fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o600);"
        "fcntl.flock(fd, fcntl.LOCK_EX); print('held', flush=True); time.sleep(60)"), str(lock)],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        assert main(["--db", str(store.folder), "import", str(path)]) == 1
    finally:
        holder.kill()
        holder.wait()
    err = capsys.readouterr().err
    assert "lock" in err and "Nothing was imported" in err
    _store_unchanged(store, kept)


def _import_then_die_after_placing_one(folder: Path, path: Path) -> None:
    """In a child process: an import killed (os._exit, as by SIGKILL) just after its first
    session was linked into place, before its backup or the next session."""
    from smp_tui.interchange import from_json, read_import

    real_link = os.link

    def link_then_die(source, target, *args, **kwargs):
        real_link(source, target, *args, **kwargs)
        os._exit(9)

    os.link = link_then_die
    Store(folder).import_sessions(from_json(read_import(path), shipped_banks()))


def test_an_import_killed_half_way_can_be_run_again_to_finish_it(two_to_import, capsys):
    import multiprocessing

    store, kept, first, second, path = two_to_import
    child = multiprocessing.get_context("fork").Process(target=_import_then_die_after_placing_one,
                                                        args=(store.folder, path))
    child.start()
    child.join(timeout=60)
    assert child.exitcode == 9
    assert {s.id for s in Store(store.folder).sessions()} == {kept.id, first.id}  # half done
    assert main(["--db", str(store.folder), "import", str(path)]) == 0  # run again: finished
    out = capsys.readouterr().out
    assert "Already in the store, the same: 'Spring away-day' (Alpha)" in out
    assert "Imported 'Spring away-day' (Beta)" in out
    assert {s.id for s in Store(store.folder).sessions()} == {kept.id, first.id, second.id}


# --- limits, references, deep and odd input ------------------------------------------------


def _import_says(tmp_path: Path, path: Path, *words: str, timeout: float = 30) -> str:
    result = smp("--db", str(tmp_path / "store"), "import", str(path), timeout=timeout)
    assert result.returncode == 1, result
    assert "Traceback" not in result.stderr and len(result.stderr) < 2000
    for word in words:
        assert word in result.stderr
    assert not (tmp_path / "store").exists() or not Store(tmp_path / "store").sessions()
    return result.stderr


def test_import_refuses_unknown_indicators_and_strangers(tmp_path, banks):
    ann = Participant(name="Ann")
    session = make_session(participants=[ann])
    record = session.model_dump(mode="json")
    record["resilience"]["ratings"] = [{"indicator": "made_up", "participant": ann.id, "score": 3}]
    path = tmp_path / "in.json"
    path.write_text(json.dumps({"kind": "smp-sessions", "version": 1, "sessions": [record]}))
    _import_says(tmp_path, path, "unknown indicator 'made_up'")
    record["resilience"]["ratings"] = [{"indicator": "leadership", "participant": Participant(name="x").id}]
    path.write_text(json.dumps({"kind": "smp-sessions", "version": 1, "sessions": [record]}))
    _import_says(tmp_path, path, "who is not in the session")


def test_import_refuses_dates_out_of_range_and_list_never_overflows(tmp_path, store_dir):
    session = make_session()
    record = session.model_dump(mode="json") | {"updated_at": "9999-12-31T23:59:59Z"}
    path = tmp_path / "in.json"
    path.write_text(json.dumps({"kind": "smp-sessions", "version": 1, "sessions": [record]}))
    _import_says(tmp_path, path, "updated_at", "outside 2000-2100")
    store = Store(store_dir)  # a file written before the limit, by hand or by another tool
    _plant(store, make_session(title="Edge"), updated_at="9999-12-31T23:59:59Z", created_at="0001-01-01T00:00:00Z")
    for zone in ("Asia/Tokyo", "America/Los_Angeles"):
        result = smp("--db", str(store_dir), "list", env={"TZ": zone})
        assert result.returncode == 1 and "Traceback" not in result.stderr
        assert "outside 2000-2100" in result.stderr
    result = smp("--db", str(store_dir), "doctor")
    assert result.returncode == 1 and "BROKEN" in result.stdout and "outside 2000-2100" in result.stdout


def test_deep_json_is_one_line_not_a_traceback(tmp_path):
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000)
    _import_says(tmp_path, path, "nested too deeply")


def test_dev_zero_and_a_fifo_are_refused_at_once(tmp_path):
    _import_says(tmp_path, Path("/dev/zero"), "not a regular file")
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    began = time.monotonic()
    _import_says(tmp_path, fifo, "not a regular file", timeout=20)
    assert time.monotonic() - began < 20


def test_a_huge_file_is_refused_before_reading(tmp_path):
    path = tmp_path / "big.json"
    with path.open("wb") as handle:
        handle.truncate(IMPORT_MAX_BYTES + 1)
    _import_says(tmp_path, path, "imports are at most 20 MB")


def test_a_10_mb_title_is_refused_without_echoing_it(tmp_path):
    record = make_session().model_dump(mode="json") | {"title": "T" * 10_000_000}
    path = tmp_path / "in.json"
    path.write_text(json.dumps({"kind": "smp-sessions", "version": 1, "sessions": [record]}))
    err = _import_says(tmp_path, path, "title: String should have at most 120 characters")
    assert err.count("T" * 41) == 0


def test_too_many_sessions_in_one_import_are_refused(tmp_path):
    from smp_tui.interchange import IMPORT_MAX_SESSIONS

    record = make_session().model_dump(mode="json")
    path = tmp_path / "in.json"
    too_many = [record] * (IMPORT_MAX_SESSIONS + 1)
    path.write_text(json.dumps({"kind": "smp-sessions", "version": 1, "sessions": too_many}))
    _import_says(tmp_path, path, f"one import takes at most {IMPORT_MAX_SESSIONS}")


def test_500_copies_of_one_rating_are_refused(tmp_path):
    ann = Participant(name="Ann")
    record = make_session(participants=[ann]).model_dump(mode="json")
    record["resilience"]["ratings"] = [{"indicator": "leadership", "participant": ann.id, "score": 5}] * 500
    path = tmp_path / "in.json"
    path.write_text(json.dumps({"kind": "smp-sessions", "version": 1, "sessions": [record]}))
    _import_says(tmp_path, path, "one rating per person per indicator")


# --- banks -----------------------------------------------------------------------------------


def _banks_copy(tmp_path: Path) -> Path:
    target = tmp_path / "banks"
    shutil.copytree(shipped_folder(), target)
    return target


@pytest.mark.parametrize("command", [["list"], ["doctor"], ["import", "missing.json"]])
def test_every_command_checks_the_banks(tmp_path, command):
    result = smp("--db", str(tmp_path / "store"), "--banks", str(tmp_path / "no-such-banks"), *command)
    assert result.returncode == 2 and "banks folder not found" in result.stderr


def test_deeply_nested_bank_is_a_message(tmp_path):
    folder = _banks_copy(tmp_path)
    (folder / "cynefin.toml").write_text("x = " + "[" * 100_000 + "]" * 100_000 + "\n")
    with pytest.raises(BankError, match="nested too deeply"):
        load_banks(folder)


def test_duplicate_id_is_reported_under_its_list(tmp_path):
    folder = _banks_copy(tmp_path)
    path = folder / "change.toml"
    path.write_text(path.read_text().replace('id = "fear_of_failure"', 'id = "overloaded"', 1))
    with pytest.raises(BankError) as caught:
        load_banks(folder)
    assert "resistance: duplicate id 'overloaded'" in str(caught.value)
    assert "(record)" not in str(caught.value)


def test_bank_hints_have_a_length_limit(tmp_path):
    folder = _banks_copy(tmp_path)
    path = folder / "change.toml"
    text = path.read_text()
    path.write_text(text.replace('hint = "State the purpose', f'hint = "{"x" * 600}State the purpose', 1))
    with pytest.raises(BankError, match=r"hint: String should have at most 600 characters"):
        load_banks(folder)


def test_an_export_saved_with_a_byte_order_mark_imports(tmp_path):
    """Windows Notepad saves UTF-8 with a byte-order mark: it was refused as not JSON."""
    session = make_session(team="Notepad team")
    path = _export_file(tmp_path, session)
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert main(["--db", str(tmp_path / "store"), "import", str(path)]) == 0
    assert Store(tmp_path / "store").get(session.id).team == "Notepad team"
