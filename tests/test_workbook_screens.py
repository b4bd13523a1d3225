"""The personal workbook as a person uses it: keys pressed, then what was stored and
what the screen shows."""

from __future__ import annotations

from contextlib import asynccontextmanager
from datetime import date

import pytest
from textual.widgets import Static, TabbedContent

from smp_tui.app import SmpApp
from smp_tui.logic.workbook import new_workbook_session, of_tool, personal_team
from smp_tui.screens.workbook import WorkbookScreen
from tests.snapshots_support import notices, paste, paste_into, settled


def _app(store, banks, user="ann"):
    return SmpApp(store=store, banks=banks, cursor_blink=False, first_screen=WorkbookScreen(user))


def _mine(store, tool, user="ann"):
    return of_tool(store.sessions(personal_team(user)), tool)


async def _result(pilot) -> str:
    await pilot.press("f6")
    await settled(pilot)
    assert pilot.app.screen.query_one(TabbedContent).active == "result"
    return pilot.app.screen.query_one("#result-text", Static).content.markup  # the Markdown on screen


async def test_learning_needs_scored_with_single_keys(store, banks):
    app = _app(store, banks)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        await pilot.press("enter")  # not started: starts it
        await settled(pilot)
        await pilot.press(*"32451234234")
        await settled(pilot)
        [session] = _mine(store, "learning_needs")
        scores = {k: v.score for k, v in session.workbook.learning_needs.scores.items()}
        assert [scores[s.id] for s in banks.learning_needs.statements] == [3, 2, 4, 5, 1, 2, 3, 4, 2, 3, 4]
        shown = await _result(pilot)
        assert "11 of 11 areas scored" in shown
        assert "## Lowest areas" in shown
        low = shown.split("## Lowest areas")[1]
        assert low.index("quality assurance") < low.index("quick, over-simple") < low.index("knee-jerk")
        assert "Lowest theme: Development" in shown


LISTENER_PULL = [4, 3, 4, 4, 3, 4, 4, 3, 3, 4, 3, 4, 4, 3, 4, 3, 4, 3]  # 64, scored by hand
LISTENER_PUSH = [1, 2, 0, 1, 2, 1, 0, 2, 1, 1, 2, 0, 1, 2, 1, 0, 1, 2]  # 20


def _interleaved(pull, push) -> list[str]:
    return [str(score) for pair in zip(pull, push) for score in pair]


@pytest.mark.long
async def test_influencing_questionnaire_totals_shown_only_when_each_style_is_complete(store, banks):
    app = _app(store, banks)
    keys = _interleaved(LISTENER_PULL, LISTENER_PUSH)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        await pilot.press("down", "enter")
        await settled(pilot)
        await pilot.press(*keys[:35])  # every pull statement, all but the last push one
        await settled(pilot)
        line = str(app.screen.query_one("#totals", Static).render())
        assert "Pull (A): 64 Definite use" in line and "Push (B): 1 of 18 left to answer" in line
        await pilot.press(keys[35])
        await settled(pilot)
        line = str(app.screen.query_one("#totals", Static).render())
        assert "Pull (A): 64 Definite use" in line and "Push (B): 20 Tendency to avoid" in line
        [session] = _mine(store, "influencing")
        assert session.workbook.influencing.answers == {n: int(k) for n, k in enumerate(keys, start=1)}
        shown = await _result(pilot)
        assert "**Pull** (column A): **64** of 72, **Definite use**" in shown
        assert "**Push** (column B): **20** of 72, **Tendency to avoid**" in shown
        assert "odd numbers pull" in shown
        await pilot.press("f5")
        await settled(pilot)
        await pilot.press("up", "backspace")  # clear statement 36 again: the push total goes
        await settled(pilot)
        line = str(app.screen.query_one("#totals", Static).render())
        assert "Push (B): 1 of 18 left to answer" in line
        assert 36 not in _mine(store, "influencing")[0].workbook.influencing.answers


async def test_instrument_of_change_yes_no_and_reflections(store, banks):
    app = _app(store, banks)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        await pilot.press("down", "down", "enter")
        await settled(pilot)
        await pilot.press(*"yynyyn" "nyy")  # six strengths, three difficulties
        await settled(pilot)
        assert app.screen.focused.id == "reflect-implications"
        await paste(pilot, "Ask [b]Jo[/b] to co-lead")
        await pilot.press("tab")
        await settled(pilot)
        [session] = _mine(store, "instrument")
        answers = session.workbook.instrument.answers
        assert sum(answers[i.id] for i in banks.instrument.strengths) == 4
        assert [answers[i.id] for i in banks.instrument.difficulties] == [False, True, True]
        assert session.workbook.instrument.reflections["implications"] == "Ask [b]Jo[/b] to co-lead"
        tally = str(app.screen.query_one("#tally", Static).render())
        assert "4 of 6 strengths, 2 of 3 difficulties" in tally
        shown = await _result(pilot)
        assert "Ask \\[b\\]Jo\\[/b\\] to co-lead" in shown  # literal, never markup


def _needs_session(banks, user="ann", **scores):
    from smp_tui.models import NeedScore

    session = new_workbook_session(user, "learning_needs")
    session.workbook.learning_needs.scores = {k: NeedScore(score=v) for k, v in scores.items()}
    return session


async def _add_action(pilot, *fields: str) -> None:
    for number, text in enumerate(fields):
        await paste_into(pilot, f"#actions .field-{number}", text)
    await settled(pilot)


@pytest.mark.long
async def test_plan_from_lowest_areas_with_smarter_targets(store, banks):
    from smp_tui.widgets.choices import ChoiceList

    store.save(_needs_session(banks, quality_assurance=1, beyond_simple_fixes=2, no_kneejerk=2, ask_why=5))
    app = _app(store, banks)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        await pilot.press("down", "down", "down", "enter")
        await settled(pilot)
        assert app.screen.query_one("#areas", ChoiceList).chosen == ["beyond_simple_fixes", "quality_assurance",
                                                                     "no_kneejerk"]
        await paste_into(pilot, "#goal", "Supervision that asks why")
        await _add_action(pilot, "Audit three files", "Time", "Jo", "Soon")
        gaps = str(app.screen.query_one("#gaps", Static).render())
        assert "T Time-bound: No date" in gaps
        smarter = app.screen.query_one("#smarter", ChoiceList)
        smarter.focus()
        smarter.highlighted = 0
        await pilot.press("enter", "down", "enter", "down", "down", "down", "enter")  # S, M, T
        await settled(pilot)
        gaps = str(app.screen.query_one("#gaps", Static).render())
        assert "S Specific" not in gaps and "M Measurable" not in gaps
        assert "T Time-bound: No date" in gaps  # ticked, but a target without a date is not time-bound
        await _add_action(pilot, "Ask for feedback", "", "", "by 30/6/2026")
        await settled(pilot)
        [plan] = _mine(store, "plan")
        assert plan.workbook.plan.goal == "Supervision that asks why"
        assert [(a.text, a.owner, a.due) for a in plan.actions] == [
            ("Audit three files", "ann", None), ("Ask for feedback", "ann", date(2026, 6, 30))]
        first = plan.actions[0].id
        assert plan.workbook.plan.targets[first].smarter == ["specific", "measurable", "time_bound"]
        shown = await _result(pilot)
        assert "Audit three files: Achievable; Realistic; Time-bound (No date" in shown
        assert "| Ask for feedback | – | – | by 30/6/2026 | 2026-06-30 |" in shown


@pytest.mark.long
async def test_editing_a_plan_row_in_place_keeps_its_smarter_ticks(store, banks):
    from smp_tui.widgets.choices import ChoiceList
    from smp_tui.widgets.lines import AddLine, LineList
    from tests.snapshots_support import open_row

    plan = new_workbook_session("ann", "plan")
    store.save(plan)
    app = _app(store, banks)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        await pilot.press("down", "down", "down", "enter")  # the plan begun above
        await settled(pilot)
        await _add_action(pilot, "Audit three files", "Time", "Jo", "Soon")
        await _add_action(pilot, "Ask for feedback", "", "", "by 30/6/2026")
        [before] = _mine(store, "plan")
        first = before.actions[0]
        smarter = app.screen.query_one("#smarter", ChoiceList)
        smarter.focus()
        smarter.highlighted = 0
        await pilot.press(*["enter", "down"] * 7)  # every letter of SMARTER
        await settled(pilot)
        every = [c.id for c in banks.improvement_plan.smarter]
        assert _mine(store, "plan")[0].workbook.plan.targets[first.id].smarter == every
        await open_row(pilot, "#actions .lines", 0)  # Enter on the row: back in the boxes
        boxes = list(app.screen.query_one("#actions", LineList).query(AddLine))
        assert [box.value for box in boxes] == ["Audit three files", "Time", "Jo", "Soon"]
        assert app.screen.focused is boxes[0]
        await paste(pilot, " each week")  # after the text, where the cursor is
        await pilot.press("enter", "enter", "ctrl+u")
        await paste(pilot, "Team lead")
        await pilot.press("enter", "ctrl+u")
        await paste(pilot, "by 2026-05-01")
        await pilot.press("enter")
        await settled(pilot)
        [after] = _mine(store, "plan")
        edited = after.actions[0]
        assert (edited.id, edited.owner, edited.status, edited.created_at) == (
            first.id, first.owner, first.status, first.created_at)
        assert (edited.text, edited.due) == ("Audit three files each week", date(2026, 5, 1))
        assert [a.text for a in after.actions] == ["Audit three files each week", "Ask for feedback"]
        target = after.workbook.plan.targets[first.id]
        assert (target.barriers, target.support, target.target, target.smarter) == (
            "Time", "Team lead", "by 2026-05-01", every)
        assert [box.value for box in boxes] == ["", "", "", ""]
        lines = str(app.screen.query_one("#actions .lines").get_option_at_index(0).prompt)
        assert lines == "• Audit three files each week  → Time  → Team lead  → by 2026-05-01"
        assert app.screen.query_one("#smarter", ChoiceList).chosen == every
        gaps = str(app.screen.query_one("#gaps", Static).render())
        assert gaps == "This target is SMARTER, due 2026-05-01."
        await open_row(pilot, "#actions .lines", 1)  # Escape leaves a row as it was
        await pilot.press("ctrl+u", *"Something else", "escape")
        await settled(pilot)
        assert [a.text for a in _mine(store, "plan")[0].actions] == [
            "Audit three files each week", "Ask for feedback"]
        assert [box.value for box in boxes] == ["", "", "", ""]


async def test_a_new_plan_first_reviews_the_earlier_plans_actions(store, banks):
    from datetime import datetime, timezone

    from smp_tui.logic.changes import set_plan_rows

    earlier = new_workbook_session("ann", "plan", datetime(2026, 1, 5, tzinfo=timezone.utc))
    earlier.created_at = datetime(2026, 1, 5, tzinfo=timezone.utc)
    rows = [("Audit three files", "", "", "2026-02-01"), ("Shadow a panel", "", "", "2026-03-01")]
    earlier = set_plan_rows(earlier, rows, "ann")(earlier)
    store.save(earlier)
    app = _app(store, banks)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        await pilot.press("down", "down", "down", "n")
        await settled(pilot)
        assert app.screen.__class__.__name__ == "ReviewScreen"
        await pilot.press("d", "c", "ctrl+s")
        await settled(pilot)
        assert app.screen.__class__.__name__ == "PlanScreen"
        before, after = _mine(store, "plan")
        assert [a.status for a in before.actions] == ["done", "carried"]
        assert [(a.text, a.status, a.carried_from) for a in after.actions] == [
            ("Shadow a panel", "open", before.actions[1].id)]
        assert app.screen.session.actions[0].text == "Shadow a panel"


async def test_plan_actions_come_up_at_the_next_checkin(store, banks):
    from smp_tui.logic.changes import set_plan_rows
    from smp_tui.screens.checkin import CheckinScreen, new_checkin

    plan = new_workbook_session("ann", "plan")
    plan = set_plan_rows(plan, [("Audit three files", "", "", "2026-02-01")], "ann")(plan)
    store.save(plan)
    app = SmpApp(store=store, banks=banks, cursor_blink=False, first_screen=CheckinScreen(new_checkin("ann")))
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        assert app.screen.__class__.__name__ == "ReviewScreen"
        intro = str(app.screen.query_one(".intro", Static).render())
        assert "1 open action from your earlier plans and check-ins" in intro  # the person's own, not a team's
        await pilot.press("x", "ctrl+s")
        await settled(pilot)
        assert app.screen.__class__.__name__ == "CheckinScreen"
    assert _mine(store, "plan")[0].actions[0].status == "dropped"


def _complete_influencing(user="ann"):
    from smp_tui.models import InfluencingResult

    session = new_workbook_session(user, "influencing")
    keys = _interleaved(LISTENER_PULL, LISTENER_PUSH)
    session.workbook.influencing = InfluencingResult(answers={n: int(k) for n, k in enumerate(keys, start=1)})
    return session


async def test_sharing_influencing_totals_into_a_team_session_only_when_chosen(store, banks):
    from smp_tui.models import Session
    from smp_tui.report import export

    team = Session(team="Blue team", title="Spring away-day")
    store.save(team)
    mine = _complete_influencing()
    store.save(mine)
    app = _app(store, banks)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        assert store.get(team.id).shared == []  # nothing reaches the team unless shared
        await pilot.press("down", "s")
        await settled(pilot)
        assert app.screen.__class__.__name__ == "ShareDialog"
        await pilot.press("enter")
        await settled(pilot)
    [shared] = store.get(team.id).shared
    assert (shared.person, shared.tool, shared.totals) == ("ann", "influencing", {"pull": 64, "push": 20})
    summary = export(store.get(team.id), banks, "md")
    assert "## Shared from people's own workbooks" in summary
    assert "- Pull total: 64 (Definite use)" in summary and "- Push total: 20 (Tendency to avoid)" in summary
    assert "I press hard" not in summary  # the answers stay private; only the totals were shared
    from smp_tui.interchange import from_json

    [exported] = from_json(export(store.get(team.id), banks, "json"), banks)
    assert exported.shared[0].totals == {"pull": 64, "push": 20} and exported.workbook.influencing.answers == {}


async def test_a_result_is_shared_under_the_name_the_team_knows_its_author_by(store, banks):
    from smp_tui.models import Participant, Session
    from smp_tui.screens.checkin import ShareAsDialog

    team = Session(team="Blue team", title="Spring away-day",
                   participants=[Participant(name="Ann Smith"), Participant(name="Bob")])
    store.save(team)
    store.save(_complete_influencing(user="asmith"))
    app = _app(store, banks, user="asmith")
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        await pilot.press("down", "s")
        await settled(pilot)
        await pilot.press("enter")
        await settled(pilot)
        assert isinstance(app.screen, ShareAsDialog)
        await pilot.press("enter")  # Ann Smith, first on the list
        await settled(pilot)
    [shared] = store.get(team.id).shared
    assert shared.person == "Ann Smith"
    assert [p.name for p in store.get(team.id).participants] == ["Ann Smith", "Bob"]


async def test_an_unfinished_questionnaire_cannot_be_shared(store, banks):
    from smp_tui.models import Session

    team = Session(team="Blue team", title="Spring away-day")
    store.save(team)
    mine = _complete_influencing()
    del mine.workbook.influencing.answers[2]
    store.save(mine)
    app = _app(store, banks)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        await pilot.press("down", "s")
        await settled(pilot)
        assert app.screen.__class__.__name__ == "WorkbookScreen"
        assert any("Push: 1 statement left" in str(n.message) for n in app._notifications)
    assert store.get(team.id).shared == []


async def test_home_m_opens_my_workbook_and_the_list_leaves_workbooks_out(store, banks):
    import getpass

    from textual.widgets import DataTable

    from smp_tui.models import Session

    store.save(Session(team="Blue team", title="Spring away-day"))
    store.save(_complete_influencing(getpass.getuser()))
    app = SmpApp(store=store, banks=banks, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        assert app.screen.query_one(DataTable).row_count == 1
        await pilot.press("m")
        await settled(pilot)
        assert isinstance(app.screen, WorkbookScreen)
        tools = app.screen.query_one("#tools")
        assert "Pull 64 Definite use · Push 20 Tendency to avoid" in str(tools.get_option_at_index(1).prompt)
        await pilot.press("escape")
        await settled(pilot)
        assert app.screen.__class__.__name__ == "HomeScreen"


async def test_a_damaged_workbook_file_is_named_and_the_rest_of_the_workbook_shows(store, banks):
    """One file of the workbook that does not load hid every tool's progress."""
    from smp_tui.models import Session

    store.save(_complete_influencing("ann"))
    damaged = Session(team=personal_team("ann"), title="A check-in", mode="check-in")
    store.save(damaged)
    broken = store.path_of(damaged.id)
    broken.write_bytes(b"{not json")
    async with _app(store, banks).run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        tools = pilot.app.screen.query_one("#tools")
        assert "Pull 64 Definite use" in str(tools.get_option_at_index(1).prompt)
        told = notices(pilot.app)
        assert str(broken) in told and "is not shown here" in told
    assert broken.read_bytes() == b"{not json"


def test_smp_me_opens_the_workbook_of_the_person_running_it():
    import getpass

    from smp_tui.cli import _first_screen, _parser

    screen = _first_screen("me", _parser().parse_args(["me"]))
    assert isinstance(screen, WorkbookScreen) and screen.user == getpass.getuser()


async def test_learning_needs_again_after_the_day_shows_what_moved_and_keeps_comments(store, banks):
    from datetime import datetime, timezone

    from smp_tui.widgets.answers import OneToFive

    before = _needs_session(banks, uncertainty=2, beyond_simple_fixes=4)
    before.created_at = datetime(2026, 1, 5, tzinfo=timezone.utc)
    store.save(before)
    app = _app(store, banks)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        await pilot.press("n")  # afresh, after the day
        await settled(pilot)
        await pilot.press("4", "3")
        await settled(pilot)
        await paste_into(pilot, "#comment", "Shadow a [red]panel[/red]")
        await settled(pilot)
        assert app.screen.focused is app.screen.query_one(OneToFive)
        shown = await _result(pilot)
    now = _mine(store, "learning_needs")[-1]
    assert now.id != before.id
    assert now.workbook.learning_needs.scores["reflective_culture"].comment == "Shadow a [red]panel[/red]"
    assert "## Since 05 January 2026" in shown
    assert "- ▲ up 2 → 4: I see how uncertainty" in shown and "- ▼ down 4 → 3: I speak up" in shown


async def test_export_all_from_my_workbook(store, banks, tmp_path):
    from pathlib import Path

    from textual.widgets import Input

    store.save(_complete_influencing())
    app = _app(store, banks)
    target = tmp_path / "mine.md"
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        await pilot.press("e")
        await settled(pilot)
        assert str(app.screen.query_one(".dialog-title").render()) == "Export the latest result of every tool"
        assert Path(app.screen.query_one("#path", Input).value).name.startswith("smp-my-workbook-")  # not check-ins
        app.screen.query_one("#path", Input).value = str(target)
        await pilot.press("ctrl+s")
        await settled(pilot)
    assert "**Push** (column B): **20** of 72, **Tendency to avoid**" in target.read_text()


@asynccontextmanager
async def _on_plan(store, banks):
    """My workbook's practice improvement plan, opened with the keys."""
    async with _app(store, banks).run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        await pilot.press("down", "down", "down", "enter")
        await settled(pilot)
        yield pilot


async def test_plan_stop_start_differently_and_a_review_date(store, banks):
    async with _on_plan(store, banks) as pilot:
        app = pilot.app
        await paste_into(pilot, "#stop .field-0", "Rewriting every report myself")
        await paste_into(pilot, "#start .field-0", "Asking why in supervision")
        await paste_into(pilot, "#differently .field-0", "Share audits with the team")
        await paste_into(pilot, "#review", "next month")
        await settled(pilot)
        assert any("'next month' is not a date" in str(n.message) for n in app._notifications)
        assert _mine(store, "plan")[0].workbook.plan.review_on is None
        app.screen.query_one("#review").value = ""
        await paste_into(pilot, "#review", "2026-09-01")
        await settled(pilot)
        shown = await _result(pilot)
    plan = _mine(store, "plan")[0].workbook.plan
    assert (plan.stop, plan.start, plan.differently) == (
        ["Rewriting every report myself"], ["Asking why in supervision"], ["Share audits with the team"])
    assert plan.review_on == date(2026, 9, 1)
    assert "**Review on:** 2026-09-01" in shown and "**Stop:** Rewriting every report myself" in shown


async def test_a_review_date_typed_then_left_with_escape_is_kept(store, banks):
    async with _on_plan(store, banks) as pilot:
        await paste_into(pilot, "#review", "2026-06-30", submit=False)
        await pilot.press("escape")
        await settled(pilot)
    assert _mine(store, "plan")[0].workbook.plan.review_on == date(2026, 6, 30)


async def test_a_statement_that_wraps_beside_the_scrollbar_keeps_its_second_line(store, banks):
    """At 80x24 the learning needs list has a scrollbar, and one statement wraps only
    because of it: refilled after a score, it kept the height measured without the
    scrollbar and lost "reflects." (seen in a walk; any refilled list could do it)."""
    from tests.snapshots_support import drawn

    app = _app(store, banks)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        await pilot.press("enter")  # learning needs
        await settled(pilot)
        assert any(line.strip(" ▊▎").startswith("reflects.") for line in drawn(app))
        await pilot.press("5")  # a score refills the list
        await settled(pilot)
        assert any(line.strip(" ▊▎").startswith("reflects.") for line in drawn(app)), "\n".join(drawn(app))


async def test_removing_a_plan_action_asks_first(store, banks):
    """Delete on the plan's actions took an action and its SMARTER ticks at once (a walk
    found it; removing a stakeholder or an agenda item asks). Ctrl+T 'Make action' is not
    offered there: they are actions already."""
    from smp_tui.screens.confirm import ConfirmScreen
    from tests.snapshots_support import drawn

    store.save(new_workbook_session("ann", "plan"))
    app = _app(store, banks)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        await pilot.press("down", "down", "down", "enter")
        await settled(pilot)
        await _add_action(pilot, "Audit three files", "Time", "Jo", "Soon")
        actions = app.screen.query_one("#actions .lines")
        actions.focus()
        await settled(pilot)
        footer = drawn(app)[-1]
        assert "Remove line" in footer and "Make action" not in footer
        await pilot.press("delete")
        await settled(pilot)
        assert isinstance(app.screen, ConfirmScreen) and "Audit three files" in app.screen.question
        await pilot.press("n")
        await settled(pilot)
        assert [a.text for a in _mine(store, "plan")[0].actions] == ["Audit three files"]
        await pilot.press("delete", "y")
        await settled(pilot)
    assert _mine(store, "plan")[0].actions == []
