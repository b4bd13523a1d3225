"""Every screen at 80x24 (plain def tests: snap_compare runs its own event loop)."""

from __future__ import annotations

from tests.snapshots_support import app_with, fixed_session, settled

SIZE = (80, 24)


def test_home_empty(snap_compare, tmp_path):
    assert snap_compare(app_with(tmp_path), terminal_size=SIZE, run_before=settled)


def test_home_with_sessions(snap_compare, tmp_path):
    app = app_with(tmp_path, fixed_session(1, "Blue team", "Spring away-day"),
                   fixed_session(2, "Red [b]team[/b]", "Check-in", mode="check-in"))
    assert snap_compare(app, terminal_size=SIZE, run_before=settled)


def test_new_session_form(snap_compare, tmp_path):
    assert snap_compare(app_with(tmp_path), terminal_size=SIZE, press=["n"], run_before=settled)


def test_session_hub(snap_compare, tmp_path):
    app = app_with(tmp_path, fixed_session(1, "Blue team", "Spring away-day"))
    assert snap_compare(app, terminal_size=SIZE, press=["enter"], run_before=settled)


def test_help(snap_compare, tmp_path):
    assert snap_compare(app_with(tmp_path), terminal_size=SIZE, press=["f1"], run_before=settled)
