"""Exports of a person's own workbook (for their supervision notes) and of a team session
holding what people shared."""

from __future__ import annotations

import csv
import io
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smp_tui.cli import main
from smp_tui.logic.changes import set_plan_rows, tick_smarter
from smp_tui.logic.workbook import new_workbook_session
from smp_tui.models import InfluencingResult, NeedScore
from smp_tui.interchange import from_json
from smp_tui.report import FORMATS, export


def _sessions():
    needs = new_workbook_session("ann", "learning_needs")
    needs.workbook.learning_needs.scores = {"no_blame": NeedScore(score=1, comment="=SUM(A1) *bold*"),
                                            "ask_why": NeedScore(score=4)}
    influencing = new_workbook_session("ann", "influencing")
    influencing.workbook.influencing = InfluencingResult(answers={n: 2 for n in range(1, 37)})
    instrument = new_workbook_session("ann", "instrument")
    instrument.workbook.instrument.answers = {"knows_organisation": True, "no_time": False}
    plan = new_workbook_session("ann", "plan")
    plan.workbook.plan.goal = "Supervision that asks why"
    rows = [("Audit three files", "time", "Jo", "by 2026-06-30"), ("Ask for feedback", "", "", "soon")]
    plan = set_plan_rows(plan, rows, "ann")(plan)
    plan = tick_smarter(plan.actions[0].id, ["specific", "time_bound"])(plan)
    return {"learning_needs": needs, "influencing": influencing, "instrument": instrument, "plan": plan}


EXPECTED_MD = {
    "learning_needs": ["# Learning needs analysis: ann", "2 of 11 areas scored", "| **Support** | **1.0** |",
                       "\\=SUM(A1) \\*bold\\*", "## Lowest areas"],
    "influencing": ["**Pull** (column A): **36** of 72, **Neither use nor avoidance**", "It works best when:"],
    "instrument": ["Strengths broadly true of you: 1 of 6", "- yes: You know how the organisation works",
                   "- no: Your other work leaves you"],
    "plan": ["**My practice goal:** Supervision that asks why",
             "| Audit three files | time | Jo | by 2026-06-30 | 2026-06-30 | S · · · T · · | open |",
             "Ask for feedback: Specific; Measurable; Achievable; Realistic; Time-bound (No date"],
}


@pytest.mark.parametrize("tool", sorted(EXPECTED_MD))
def test_markdown_and_html_hold_the_owners_results(banks, tool):
    session = _sessions()[tool]
    text = export(session, banks, "md")
    for expected in EXPECTED_MD[tool]:
        assert expected in text
    assert "Source:" in text
    page = export(session, banks, "html")
    assert page.startswith("<!DOCTYPE html>") and "<h1>" in page and "ann" in page


@pytest.mark.parametrize("tool", sorted(EXPECTED_MD))
def test_json_round_trips_the_workbook(banks, tool):
    session = _sessions()[tool]
    [back] = from_json(export(session, banks, "json"), banks)
    assert back.workbook == session.workbook and back.actions == session.actions


def test_csv_one_row_per_answer_and_no_formulas(banks):
    sessions = _sessions()
    rows = list(csv.reader(io.StringIO(export(sessions["learning_needs"], banks, "csv"))))
    assert rows[0] == ["session_id", "owner", "date", "tool", "item", "answer", "note"]
    assert len(rows) == 1 + 11
    blame = next(r for r in rows if "blaming" in r[4] or "blame" in r[4])
    assert blame[5] == "1" and blame[6] == "'=SUM(A1) *bold*"
    rows = list(csv.reader(io.StringIO(export(sessions["influencing"], banks, "csv"))))
    assert len(rows) == 1 + 36 + 2 and rows[-2][4:6] == ["Pull total", "36"]
    rows = list(csv.reader(io.StringIO(export(sessions["plan"], banks, "csv"))))
    assert [r[4:6] for r in rows[1:]] == [["Audit three files", "2026-06-30"], ["Ask for feedback", ""]]


def test_smp_export_writes_a_workbook_session(store, banks, tmp_path, capsys):
    session = _sessions()["influencing"]
    store.save(session)
    for fmt in FORMATS:
        target = tmp_path / f"mine.{fmt}"
        assert main(["--db", str(store.folder), "export", session.id, "--format", fmt, "-o", str(target)]) == 0
        assert target.stat().st_size > 0
    assert "Neither use nor avoidance" in (tmp_path / "mine.md").read_text()


def test_the_whole_workbook_in_one_file(banks):
    from smp_tui.workbook_report import whole_workbook

    sessions = list(_sessions().values())
    text = whole_workbook(sessions, banks, "md")
    for heading in ("# Learning needs analysis: ann", "# Influencing styles: ann", "# Instrument of change: ann",
                    "# Practice improvement plan: ann"):
        assert heading in text
    assert len(from_json(whole_workbook(sessions, banks, "json"), banks)) == 4
    rows = list(csv.reader(io.StringIO(whole_workbook(sessions, banks, "csv"))))
    assert rows.count(rows[0]) == 1 and {r[3] for r in rows[1:]} == {"learning_needs", "influencing", "instrument",
                                                                      "plan"}
    assert whole_workbook(sessions, banks, "html").count("<h1>") == 4
    with pytest.raises(ValueError, match="the workbook is empty"):
        whole_workbook([], banks, "md")


def test_smp_me_export_writes_the_workbook_of_the_person_running_it(store, tmp_path, capsys):
    import getpass

    from smp_tui.logic.workbook import personal_team

    for session in _sessions().values():
        store.save(session.model_copy(update={"team": personal_team(getpass.getuser())}))
    target = tmp_path / "workbook.md"
    assert main(["--db", str(store.folder), "me", "--export", "md", "-o", str(target)]) == 0
    assert "# Practice improvement plan: ann" in target.read_text()
    assert main(["--db", str(tmp_path / "empty"), "me", "--export", "md"]) == 1
    assert "the workbook is empty" in capsys.readouterr().err


def test_the_demo_workbook_is_complete_and_exports(store, banks):
    from smp_tui.demo import seed_workbook
    from smp_tui.workbook_report import whole_workbook

    sessions = seed_workbook(store, banks, "demo-user")
    text = whole_workbook(store.sessions(sessions[0].team), banks, "md")
    assert "## Since" in text and "▲ up 1 → 3" in text  # after the day, against before it
    assert "**Pull** (column A): **" in text and "**Push** (column B): **" in text
    assert "# Practice improvement plan: demo-user" in text and "Time-bound (No date" in text


HOSTILE = '=HYPERLINK("http://evil.example","click")\x1b[31m\x07'


@pytest.mark.parametrize("anonymous", [False, True])
def test_a_team_csv_carries_only_what_was_shared(store, banks, tmp_path, anonymous):
    from smp_tui.logic.changes import share_work
    from smp_tui.logic.workbook import shared_work
    from smp_tui.models import Participant, Rating, Session

    mine = _sessions()
    influencing = mine["influencing"].model_copy(update={"participants": [Participant(name=HOSTILE)]})
    plan = mine["plan"]
    plan.workbook.plan.goal = "+cmd|' /C calc'!A0"
    team = Session(team="Blue", title="Away-day", anonymous=anonymous, min_group=1,
                   participants=[Participant(name="Cy")])
    team.resilience.ratings = [Rating(indicator=banks.resilience.indicators[0].id,
                                      participant=team.participants[0].id, score=4)]
    for work in (influencing, plan):
        team = share_work(shared_work(work, banks))(team)
    store.save(team)
    target = tmp_path / "team.csv"
    assert main(["--db", str(store.folder), "export", team.id, "--format", "csv", "-o", str(target)]) == 0
    text = target.read_text()
    ratings, shared = text.split("\n\n")
    assert len(list(csv.reader(io.StringIO(ratings)))) == 2  # the ratings table is as it was
    rows = list(csv.reader(io.StringIO(shared)))
    assert rows[0] == ["session_id", "team", "date", "person", "tool", "item", "value", "note"]
    got = sorted(tuple(r[3:]) for r in rows[1:])
    influencing_who, plan_who = (("Someone in the team",) * 2 if anonymous else
                                 ("'=HYPERLINK(\"http://evil.example\",\"click\")␛[31m␇", "ann"))
    assert got == sorted([
        (influencing_who, "Influencing styles", "Pull total", "36", "Neither use nor avoidance"),
        (influencing_who, "Influencing styles", "Push total", "36", "Neither use nor avoidance"),
        (plan_who, "Practice improvement plan", "Goal", "'+cmd|' /C calc'!A0", ""),
        (plan_who, "Practice improvement plan", "Action", "Audit three files", "due 2026-06-30"),
        (plan_who, "Practice improvement plan", "Action", "Ask for feedback", "no date"),
    ])
    assert "\x1b" not in text and "\x07" not in text
    # Only what was shared: none of the answers behind the totals or the plan.
    assert "Jo" not in text and "learning" not in text.lower()
    if anonymous:
        assert "ann" not in text and "HYPERLINK" not in text and "Cy" not in text


@given(st.text(min_size=1, max_size=60).filter(lambda name: name.strip()), st.text(max_size=60))
@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_no_shared_cell_of_a_team_csv_starts_a_formula_or_holds_a_control(banks, name, goal):
    from smp_tui.logic.changes import share_work
    from smp_tui.logic.workbook import shared_work
    from smp_tui.models import Participant, Session

    plan = _sessions()["plan"].model_copy(update={"participants": [Participant(name=name)]})
    plan.workbook.plan.goal = " ".join(goal.split())[:500]
    team = share_work(shared_work(plan, banks))(Session(team="Blue", title="Day"))
    text = export(team, banks, "csv")
    for row in list(csv.reader(io.StringIO(text.split("\n\n", 1)[1])))[1:]:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@")), cell
            assert not any(unicodedata.category(ch) == "Cc" for ch in cell), cell  # no control character


def test_themes_that_tie_for_lowest_are_named_as_several(banks):
    from smp_tui.logic.workbook import new_workbook_session
    from smp_tui.models import NeedScore
    from smp_tui.workbook_report import workbook_markdown

    needs = new_workbook_session("ann", "learning_needs")
    needs.workbook.learning_needs.scores = {s.id: NeedScore(score=2) for s in banks.learning_needs.statements}
    shown = workbook_markdown(needs, banks)
    assert "Lowest themes (equal): " in shown and "Lowest theme:" not in shown  # every theme at 2
    needs.workbook.learning_needs.scores[banks.learning_needs.statements[0].id] = NeedScore(score=1)
    assert "Lowest theme: " in workbook_markdown(needs, banks)


def test_the_demo_workbooks_titles_carry_the_dates_they_were_made(tmp_path, banks):
    """The list showed '16 Mar 2025' and the review the same plan as made today."""
    from datetime import datetime, timezone

    from smp_tui.demo import seed_workbook
    from smp_tui.store import Store

    for session in seed_workbook(Store(tmp_path), banks, "ann", start=datetime(2025, 3, 1, 9, tzinfo=timezone.utc)):
        assert session.created_at.astimezone().strftime("%d %b %Y") in session.title, session.title
