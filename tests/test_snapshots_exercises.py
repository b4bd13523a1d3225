"""The decision-context and change screens at 80x24 and 120x40."""

from __future__ import annotations

from pathlib import Path

import pytest

from smp_tui.models import Activity, ChangeResult, CynefinResult, Risk, Ticked
from tests.snapshots_support import FIXED, app_with, fixed_session, settled, shipped_banks

SIZES = {"80x24": (80, 24), "120x40": (120, 40)}


def _session():
    activities = [
        Activity(id="00000000-0000-4000-8000-00000000a001", name="Duty rota",
                 answers={"right_answer_known": "yes", "expert_analysis": "not_needed"},
                 methods=["Written procedure"], risks=[Risk(what="Cover falls through", correction="Manager on call")]),
        Activity(id="00000000-0000-4000-8000-00000000a002", name="Child protection [b]conference[/b]",
                 answers={"expert_analysis": "no", "cause_and_effect": "afterwards"}),
        Activity(id="00000000-0000-4000-8000-00000000a003", name="Restructure", placed="chaotic",
                 placed_reason="Two weeks' notice"),
        Activity(id="00000000-0000-4000-8000-00000000a004", name="Recording", answers={}),
    ]
    change = ChangeResult(description="Merging two duty teams", drivers=["environment"],
                          answers={"urgency": "timetable", "goal_clarity": "clear"}, chosen_mode="planned",
                          resistance=[Ticked(id="job_security", mitigation="Say early what is not at risk")])
    return fixed_session(1, "Blue team", "Spring away-day", cynefin=CynefinResult(activities=activities),
                         change=change)


@pytest.mark.parametrize("size", sorted(SIZES))
def test_activity_map(snap_compare, tmp_path, size):
    app = app_with(tmp_path, _session())
    assert snap_compare(app, terminal_size=SIZES[size], press=["enter", "enter"], run_before=settled)


@pytest.mark.parametrize("size", sorted(SIZES))
def test_activity(snap_compare, tmp_path, size):
    app = app_with(tmp_path, _session())
    assert snap_compare(app, terminal_size=SIZES[size], press=["enter", "enter", "enter"], run_before=settled)


@pytest.mark.parametrize("size", sorted(SIZES))
def test_change_chooser(snap_compare, tmp_path, size):
    app = app_with(tmp_path, _session())
    assert snap_compare(app, terminal_size=SIZES[size], press=["enter", "down", "enter"], run_before=settled)


def test_action_dialog(snap_compare, tmp_path, monkeypatch):
    from datetime import date

    monkeypatch.setattr("smp_tui.screens.action_dialog.example_due", lambda: date(2026, 4, 30))  # a fixed picture
    app = app_with(tmp_path, _session())
    assert snap_compare(app, terminal_size=(80, 24), press=["enter", "enter", "ctrl+n"], run_before=settled)


def _demo_app(tmp_path):
    from smp_tui.demo import seed
    from smp_tui.store import Store

    store = Store(tmp_path)
    seed(store, shipped_banks(), start=FIXED)
    return app_with(tmp_path)


DEMO_SCREENS = {
    "resilience_rate": ["enter", "down", "down", "enter"],
    "resilience_results": ["enter", "down", "down", "enter", "f6"],
    "resilience_notes": ["enter", "down", "down", "enter", "f7"],
    "good_job": ["enter", "down", "down", "down", "enter"],
    "actions": ["enter", "down", "down", "down", "down", "enter"],
    "summary": ["enter", "down", "down", "down", "down", "down", "enter"],
    "export_dialog": ["enter", "down", "down", "down", "down", "down", "enter", "e"],
    "review": ["enter", "down", "down", "down", "down", "enter", "r"],
}


@pytest.mark.parametrize("size", sorted(SIZES))
@pytest.mark.parametrize("screen", sorted(DEMO_SCREENS))
def test_demo_screens(snap_compare, tmp_path, monkeypatch, screen, size):
    home = Path("/tmp/smp-snapshot-home")  # the export dialog proposes a file in the home folder
    home.mkdir(exist_ok=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    assert snap_compare(_demo_app(tmp_path), terminal_size=SIZES[size], press=DEMO_SCREENS[screen],
                        run_before=settled)
