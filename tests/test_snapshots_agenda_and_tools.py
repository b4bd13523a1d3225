"""The agenda, Tool 1, Tool 2 and Exercise 4 at 80x24, with the countdown at a fixed
moment, in the normal and the high-contrast theme."""

from __future__ import annotations

from datetime import timedelta

from smp_tui.logic import agenda as clock
from smp_tui.logic.good_work import set_answer
from smp_tui.models import Stakeholder, Ticked, ValuingStaffResult
from smp_tui.screens.session import EXERCISES
from tests.snapshots_support import FIXED, app_with, fixed_session, settled, shipped_banks

INDEX = {entry.id: n for n, entry in enumerate(EXERCISES)}
SIZE = (80, 24)


def _session():
    session = fixed_session(1, "Blue team", "Spring away-day")
    agenda = clock.from_bank(shipped_banks().agenda)
    for number, item in enumerate(agenda.items):
        item.id = f"00000000-0000-4000-8000-0000000a{number:04d}"
    clock.start(agenda, FIXED)
    agenda.items[0].extra_minutes = 5
    clock.advance(agenda, FIXED + timedelta(minutes=24))
    session.agenda = agenda
    people = [p.id for p in session.participants]
    for person, answers in zip(people, (("no", "no", "yes", "not_sure"), ("no", "yes", "yes", "no"),
                                        ("no", "not_sure", "no", "yes"))):
        for statement, answer in zip(("expectations_clear", "fit_with_aims", "contracts_current", "thanked"),
                                     answers):
            set_answer(session.good_work, statement, person, answer)
    session.stakeholders.stakeholders = [
        Stakeholder(id="00000000-0000-4000-8000-00000000b001", name="Local authority", interest="high",
                    influence="high", current_demands="Monthly figures", current_response="Late, by hand"),
        Stakeholder(id="00000000-0000-4000-8000-00000000b002", name="Inspectorate", influence="high",
                    resistance=["poor_communication"]),
        Stakeholder(id="00000000-0000-4000-8000-00000000b003", name="Families [b]we serve[/b]", interest="high"),
        Stakeholder(id="00000000-0000-4000-8000-00000000b004", name="Local press"),
    ]
    session.change.resistance = [Ticked(id="poor_communication")]
    session.valuing_staff = ValuingStaffResult(capture=["Shout-outs at team meeting", "Compliments folder"],
                                               sharing=["Monthly newsletter item"], reward=["Thank-you cards"],
                                               value_statement="We help families stay together safely.")
    return session


def _app(tmp_path, contrast: bool = False):
    app = app_with(tmp_path, _session())
    app.clock = lambda: FIXED + timedelta(minutes=24 + 38, seconds=30)  # 1:30 left of the second item
    if contrast:
        app.theme = "smp-high-contrast"
    return app


async def _settled_with_clock(pilot) -> None:
    await settled(pilot)
    pilot.app.show_countdown()
    await pilot.pause()


def _open(exercise_id: str) -> list[str]:
    return ["enter", *["down"] * INDEX[exercise_id], "enter"]


def test_agenda(snap_compare, tmp_path):
    assert snap_compare(_app(tmp_path), terminal_size=SIZE, press=_open("agenda"), run_before=_settled_with_clock)


def test_agenda_high_contrast(snap_compare, tmp_path):
    assert snap_compare(_app(tmp_path), terminal_size=SIZE, press=[*_open("agenda"), "f2"],
                        run_before=_settled_with_clock)


def test_good_work_answer(snap_compare, tmp_path):
    assert snap_compare(_app(tmp_path), terminal_size=SIZE, press=_open("good_work"), run_before=_settled_with_clock)


def test_good_work_results(snap_compare, tmp_path):
    assert snap_compare(_app(tmp_path), terminal_size=SIZE, press=[*_open("good_work"), "f6"],
                        run_before=_settled_with_clock)


def test_stakeholders(snap_compare, tmp_path):
    assert snap_compare(_app(tmp_path), terminal_size=SIZE, press=_open("stakeholders"),
                        run_before=_settled_with_clock)


def test_valuing_staff(snap_compare, tmp_path):
    assert snap_compare(_app(tmp_path), terminal_size=SIZE, press=_open("valuing_staff"),
                        run_before=_settled_with_clock)
