"""What a remote participant sees at 80x24 (`smp join`): the join screen, the rejoin code
shown once, their answers, and the round's results once revealed. Plain `def` tests:
snap_compare runs its own event loop (textual issue 5788)."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from smp_tui.logic.changes import reveal_round
from smp_tui.models import utc_now
from smp_tui.participant import ParticipantWorkspace
from smp_tui.participant_app import ParticipantApp
from smp_tui.store import Store
from smp_tui.workspace import Fault
from tests.snapshots_support import fixed_session, settled, shipped_banks, type_into

JOIN_CODE = "KXPQ47"
SIZE = (80, 24)


@pytest.fixture(autouse=True)
def fixed_rejoin_code(monkeypatch):
    """The code shown once is random; the picture needs the same one each run."""
    codes = iter(f"ABCDEFG{n}" for n in "23456789")
    monkeypatch.setattr("smp_tui.participant.new_rejoin_code", lambda: next(codes))


def _session(folder, others: dict[str, dict[str, int]] | None = None):
    """An anonymous remote session (smallest group 1), with people who have already rated."""
    store = Store(folder)
    session = fixed_session(7, "Remote team", "Thursday", mode="remote", anonymous=True, min_group=1,
                            join_code=JOIN_CODE, join_expires_at=datetime(2100, 1, 1, tzinfo=timezone.utc),
                            participants=[])
    store.save(session)
    for name, scores in (others or {}).items():
        person = ParticipantWorkspace(Store(folder), shipped_banks())
        assert not isinstance(person.join(JOIN_CODE, name), Fault)
        for indicator, score in scores.items():
            assert person.rate(indicator, score) is None
    return store, session


def _app(folder, code: str = JOIN_CODE) -> ParticipantApp:
    return ParticipantApp(ParticipantWorkspace(Store(folder), shipped_banks()), code, cursor_blink=False)


async def _joined_as_cy(pilot, *scores: str) -> None:
    """Cy joins by keys, writes the code down (Enter) and gives these scores in list order."""
    await settled(pilot)
    await type_into(pilot, "#name", "Cy")
    await settled(pilot)
    await pilot.press("enter")
    await settled(pilot)
    await pilot.press(*scores)
    await settled(pilot)


def test_join_screen_asks_for_a_name_or_a_rejoin_code_80x24(snap_compare, tmp_path):
    _session(tmp_path)
    assert snap_compare(_app(tmp_path), terminal_size=SIZE, run_before=settled)


def test_join_screen_with_a_wrong_code_says_so_80x24(snap_compare, tmp_path):
    _session(tmp_path)
    assert snap_compare(_app(tmp_path, "ZZZZ99"), terminal_size=SIZE, run_before=settled)


def test_the_rejoin_code_is_shown_once_80x24(snap_compare, tmp_path):
    _session(tmp_path)

    async def joined(pilot) -> None:
        await settled(pilot)
        await type_into(pilot, "#name", "Cy")
        await settled(pilot)

    assert snap_compare(_app(tmp_path), terminal_size=SIZE, run_before=joined)


def test_rating_my_own_answers_80x24(snap_compare, tmp_path):
    _session(tmp_path)

    async def rated(pilot) -> None:
        await _joined_as_cy(pilot, "4", "3", "0")

    assert snap_compare(_app(tmp_path), terminal_size=SIZE, run_before=rated)


def test_the_revealed_round_without_names_80x24(snap_compare, tmp_path):
    store, session = _session(tmp_path, {"Ann": {"leadership": 2, "staff_engagement": 4},
                                         "Bob": {"leadership": 4, "staff_engagement": 5}})

    async def revealed(pilot) -> None:
        await _joined_as_cy(pilot, "3", "4")
        store.update(session.id, reveal_round(utc_now()), team=session.team)
        pilot.app.screen.reload()
        await settled(pilot)

    assert snap_compare(_app(tmp_path), terminal_size=SIZE, run_before=revealed)
