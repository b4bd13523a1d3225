"""Issue 12's screens at 80x24 (and 160x45 where the layout changes): plain def tests."""

from __future__ import annotations

import pytest

from smp_tui.models import Activity, CynefinResult, Participant
from tests.snapshots_support import app_with, fixed_session, settled, shipped_banks

SIZES = {"80x24": (80, 24), "160x45": (160, 45)}


def _known_team():
    people = [Participant(id=f"00000000-0000-4000-8000-0000000000{n:02d}", name=name)
              for n, name in enumerate(["Ann", "Bob", "Dee"])]
    return fixed_session(1, "Blue team", "Autumn day", participants=people)


def test_new_session_offers_known_teams(snap_compare, tmp_path):
    app = app_with(tmp_path, _known_team(), fixed_session(2, "Red team", "Check-in", mode="check-in"))
    assert snap_compare(app, terminal_size=(80, 24), press=["n"], run_before=settled)


def test_new_session_did_you_mean(snap_compare, tmp_path):
    app = app_with(tmp_path, _known_team())
    keys = ["n", *"blue  team", "enter", *"Spring day", "ctrl+s"]
    assert snap_compare(app, terminal_size=(80, 24), press=keys, run_before=settled)


@pytest.mark.parametrize("size", sorted(SIZES))
@pytest.mark.parametrize("stages", [4, 6])
def test_good_job_with_other_numbers_of_stages(snap_compare, tmp_path, stages, size):
    from smp_tui.app import SmpApp
    from smp_tui.store import Store
    from tests.test_away_day import banks_with_stages

    Store(tmp_path).save(fixed_session(1, "Blue team", "Spring away-day"))
    app = SmpApp(store=Store(tmp_path), banks=banks_with_stages(shipped_banks(), stages), cursor_blink=False)
    keys = ["enter", "down", "down", "down", "enter"]
    assert snap_compare(app, terminal_size=SIZES[size], press=keys, run_before=settled)


def test_activity_map_not_placed_yet(snap_compare, tmp_path):
    activities = [Activity(id="00000000-0000-4000-8000-00000000a001", name="Duty rota",
                           answers={"right_answer_known": "yes"}),
                  Activity(id="00000000-0000-4000-8000-00000000a002", name="Recording")]
    app = app_with(tmp_path, fixed_session(1, "Blue team", "Spring away-day",
                                           cynefin=CynefinResult(activities=activities)))
    assert snap_compare(app, terminal_size=(80, 24), press=["enter", "enter"], run_before=settled)


def test_high_contrast_new_session_form(snap_compare, tmp_path):
    app = app_with(tmp_path, _known_team())
    assert snap_compare(app, terminal_size=(80, 24), press=["f2", "n"], run_before=settled)


def test_people_of_an_away_day(snap_compare, tmp_path):
    app = app_with(tmp_path, _known_team())
    assert snap_compare(app, terminal_size=(80, 24), press=["enter", "p"], run_before=settled)
