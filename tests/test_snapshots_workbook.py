"""The personal workbook's screens at 80x24."""

from __future__ import annotations

from smp_tui.app import SmpApp
from smp_tui.logic.changes import set_plan_rows, tick_smarter
from smp_tui.logic.workbook import personal_team
from smp_tui.models import InfluencingResult, NeedScore, Participant, WorkbookResult
from smp_tui.screens.workbook import WorkbookScreen
from smp_tui.store import Store
from tests.snapshots_support import fixed_session, settled, shipped_banks

ANN = [Participant(id="00000000-0000-4000-8000-0000000000aa", name="ann")]


def _mine(number: int, tool: str, **fields):
    return fixed_session(number, personal_team("ann"), tool, mode="check-in", participants=ANN,
                         workbook=WorkbookResult(tool=tool, **fields))


def _app(tmp_path) -> SmpApp:
    needs = _mine(1, "learning_needs", learning_needs={"scores": {
        "uncertainty": NeedScore(score=3), "beyond_simple_fixes": NeedScore(score=2, comment="Ask [b]Jo[/b]"),
        "quality_assurance": NeedScore(score=1), "no_kneejerk": NeedScore(score=2),
        "explain_offer": NeedScore(score=5)}})
    influencing = _mine(2, "influencing",
                        influencing=InfluencingResult(answers={n: (4 if n % 2 else 1) for n in range(1, 36)}))
    instrument = _mine(3, "instrument", instrument={"answers": {"knows_organisation": True, "no_time": True},
                                                    "reflections": {"implications": "Find a co-lead"}})
    plan = _mine(4, "plan", plan={"areas": ["quality_assurance", "beyond_simple_fixes"],
                                  "goal": "Supervision that asks why"})
    plan = set_plan_rows(plan, [("Audit three files", "Time", "Jo", "Soon")], "ann")(plan)
    plan.actions[0].id = "00000000-0000-4000-8000-00000000b001"
    plan.workbook.plan.targets = {plan.actions[0].id: list(plan.workbook.plan.targets.values())[0]}
    plan = tick_smarter(plan.actions[0].id, ["specific", "measurable"])(plan)
    store = Store(tmp_path)
    for session in (needs, influencing, instrument, plan):
        store.save(session)
    return SmpApp(store=store, banks=shipped_banks(), cursor_blink=False, first_screen=WorkbookScreen("ann"))


def test_workbook(snap_compare, tmp_path):
    assert snap_compare(_app(tmp_path), terminal_size=(80, 24), run_before=settled)


def test_learning_needs(snap_compare, tmp_path):
    assert snap_compare(_app(tmp_path), terminal_size=(80, 24), press=["enter"], run_before=settled)


def test_influencing(snap_compare, tmp_path):
    assert snap_compare(_app(tmp_path), terminal_size=(80, 24), press=["down", "enter"], run_before=settled)


def test_influencing_result(snap_compare, tmp_path):
    assert snap_compare(_app(tmp_path), terminal_size=(80, 24), press=["down", "enter", "f6"], run_before=settled)


def test_instrument(snap_compare, tmp_path):
    assert snap_compare(_app(tmp_path), terminal_size=(80, 24), press=["down", "down", "enter"], run_before=settled)


def test_plan(snap_compare, tmp_path):
    assert snap_compare(_app(tmp_path), terminal_size=(80, 24), press=["down", "down", "down", "enter"],
                        run_before=settled)


def test_share_as_which_person(snap_compare, tmp_path):
    app = _app(tmp_path)
    team = fixed_session(9, "Blue team", "Spring away-day",  # "ann", the login, is none of them
                         participants=[Participant(id=f"00000000-0000-4000-8000-0000000000c{n}", name=name)
                                       for n, name in enumerate(["Ann Smith", "Bob", "Cy"])])

    async def share_the_plan(pilot) -> None:
        app.workspace.store.save(team)
        await settled(pilot)
        await pilot.press("down", "down", "down", "s")
        await settled(pilot)
        await pilot.press("enter")
        await settled(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=share_the_plan)
