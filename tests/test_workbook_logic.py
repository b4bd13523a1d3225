"""The personal workbook's scoring and results, checked against the workbook's counts,
bands and key, and against answer sheets scored by hand."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from smp_tui.logic.workbook import (
    band_of,
    by_theme,
    find_date,
    instrument_counts,
    lowest_areas,
    lowest_themes,
    missing,
    needs_change,
    new_plan,
    new_workbook_session,
    next_unanswered,
    plan_rows,
    shareable,
    shared_work,
    smarter_check,
    style_totals,
)
from smp_tui.logic.changes import set_plan_rows, share_work, tick_smarter
from smp_tui.models import InfluencingResult, InstrumentResult, LearningNeedsResult, NeedScore, PlanTarget, Session
from tests.snapshots_support import shipped_banks

# --- the banks carry the workbook's counts and facts ---


def test_learning_needs_has_eleven_statements_in_groups_of_five_and_six(banks):
    bank = banks.learning_needs
    assert len(bank.statements) == 11
    assert [sum(1 for s in bank.statements if s.group == g.id) for g in bank.groups] == [5, 6]
    assert [t.id for t in bank.themes] == ["reflection", "management", "development", "support", "mediation"]
    assert all(any(s.theme == t.id for s in bank.statements) for t in bank.themes)


def test_influencing_has_36_statements_odd_pull_even_push_and_five_bands(banks):
    bank = banks.influencing
    assert [s.number for s in bank.statements] == list(range(1, 37))
    assert all(s.style == ("pull" if s.number % 2 else "push") for s in bank.statements)
    assert {s.id: s.column for s in bank.styles} == {"pull": "A", "push": "B"}
    assert [(b.min, b.max) for b in bank.bands] == [(54, 72), (42, 53), (30, 41), (18, 29), (0, 17)]
    assert "odd" in bank.key.origin and "no key" in bank.key.origin
    assert len(bank.style("push").when) == 4 and len(bank.style("pull").when) == 7


def test_instrument_and_smarter_counts(banks):
    assert (len(banks.instrument.strengths), len(banks.instrument.difficulties), len(banks.instrument.questions)) \
        == (6, 3, 4)
    assert "Kahlmann" in banks.instrument.meta.source and "1991" in banks.instrument.meta.source
    assert "".join(c.letter for c in banks.improvement_plan.smarter) == "SMARTER"


# --- influencing: bands, totals, hand-scored sheets ---

BANDS = [("definite_use", 54, 72), ("tendency_use", 42, 53), ("neither", 30, 41),
         ("tendency_avoid", 18, 29), ("definite_avoid", 0, 17)]


@pytest.mark.parametrize("band_id,low,high", BANDS)
def test_every_boundary_of_every_band(banks, band_id, low, high):
    bank = banks.influencing
    assert band_of(low, bank).id == band_id
    assert band_of(high, bank).id == band_id
    if low > 0:
        assert band_of(low - 1, bank).id != band_id
    if high < 72:
        assert band_of(high + 1, bank).id != band_id


@pytest.mark.parametrize("total", [-1, 73])
def test_a_total_outside_0_to_72_has_no_band(banks, total):
    with pytest.raises(ValueError, match="outside every band"):
        band_of(total, banks.influencing)


def _sheet(pull: list[int], push: list[int]) -> InfluencingResult:
    """Answers in questionnaire order from the pull (odd) and push (even) columns."""
    answers = {}
    for index, score in enumerate(pull):
        answers[2 * index + 1] = score
    for index, score in enumerate(push):
        answers[2 * index + 2] = score
    return InfluencingResult(answers=answers)


def _totals(result, banks):
    return {t.style.id: (t.total, t.band.id if t.band else None) for t in style_totals(result, banks.influencing)}


def test_all_zero_and_all_four(banks):
    assert _totals(_sheet([0] * 18, [0] * 18), banks) == {"pull": (0, "definite_avoid"), "push": (0, "definite_avoid")}
    assert _totals(_sheet([4] * 18, [4] * 18), banks) == {"pull": (72, "definite_use"), "push": (72, "definite_use")}


# Scored by hand on paper, column A (odd statements) and column B (even statements).
HAND_SCORED = [
    # a listener: ten 4s and eight 3s in A = 64; B = 1+2+0+1+2+1+0+2+1+1+2+0+1+2+1+0+1+2 = 20
    ([4, 3, 4, 4, 3, 4, 4, 3, 3, 4, 3, 4, 4, 3, 4, 3, 4, 3],
     [1, 2, 0, 1, 2, 1, 0, 2, 1, 1, 2, 0, 1, 2, 1, 0, 1, 2],
     {"pull": (64, "definite_use"), "push": (20, "tendency_avoid")}),
    # either side of the 53/54 line: seventeen 3s and a 2 = 53; eighteen 3s = 54
    ([3] * 17 + [2], [3] * 18, {"pull": (53, "tendency_use"), "push": (54, "definite_use")}),
    # undecided throughout = 36 each
    ([2] * 18, [2] * 18, {"pull": (36, "neither"), "push": (36, "neither")}),
    # the 29/30 and 17/18 lines: A = six 1s and twelve 2s = 30; B = seventeen 1s and a 0 = 17
    ([1] * 6 + [2] * 12, [1] * 17 + [0], {"pull": (30, "neither"), "push": (17, "definite_avoid")}),
    # a pusher: A = 0+1+0+1+... (nine 0s, nine 1s) = 9; B = nine 4s, nine 3s = 63
    ([0, 1] * 9, [4, 3] * 9, {"pull": (9, "definite_avoid"), "push": (63, "definite_use")}),
]


@pytest.mark.parametrize("pull,push,expected", HAND_SCORED)
def test_hand_scored_sheets(banks, pull, push, expected):
    assert _totals(_sheet(pull, push), banks) == expected


def test_a_total_is_withheld_until_all_18_of_its_style_are_answered(banks):
    result = _sheet([4] * 17, [])
    totals = {t.style.id: t for t in style_totals(result, banks.influencing)}
    assert totals["pull"].total is None and totals["pull"].band is None and totals["pull"].left == 1
    assert totals["push"].total is None and totals["push"].left == 18
    result.answers[35] = 0
    totals = {t.style.id: t for t in style_totals(result, banks.influencing)}
    assert (totals["pull"].total, totals["pull"].left) == (68, 0)


def test_next_unanswered_wraps_round(banks):
    result = InfluencingResult(answers={n: 2 for n in range(1, 37) if n not in (3, 30)})
    assert next_unanswered(result, banks.influencing, after=3) == 30
    assert next_unanswered(result, banks.influencing, after=30) == 3
    result.answers.update({3: 1, 30: 1})
    assert next_unanswered(result, banks.influencing) is None


@given(st.dictionaries(st.integers(1, 36), st.integers(0, 4)))
def test_totals_are_straight_sums_of_their_style(answers):
    bank = shipped_banks().influencing
    for total in style_totals(InfluencingResult(answers=answers), bank):
        numbers = [s.number for s in bank.statements_of(total.style.id)]
        assert total.answered == sum(1 for n in numbers if n in answers)
        if total.left == 0:
            assert total.total == sum(answers[n] for n in numbers)
            assert total.band.min <= total.total <= total.band.max
        else:
            assert total.total is None


# --- learning needs ---


def _needs(**scores: int) -> LearningNeedsResult:
    return LearningNeedsResult(scores={k: NeedScore(score=v) for k, v in scores.items()})


def test_grouped_by_theme_with_means(banks):
    result = _needs(uncertainty=2, beyond_simple_fixes=3, reflective_culture=4, clear_expectations=5)
    themes = {t.theme.id: t for t in by_theme(result, banks.learning_needs)}
    assert themes["reflection"].mean == 3.0 and themes["reflection"].answered == 3
    assert themes["management"].mean == 5.0 and themes["management"].answered == 1
    assert themes["mediation"].mean is None
    assert sum(len(t.scores) for t in themes.values()) == 11


def test_lowest_areas_lowest_first_ties_in_bank_order_never_unscored(banks):
    bank = banks.learning_needs
    result = _needs(uncertainty=4, ask_why=1, no_blame=2, clear_expectations=2, explain_offer=5)
    assert [s.id for s in lowest_areas(result, bank)] == ["ask_why", "clear_expectations", "no_blame"]
    assert lowest_areas(LearningNeedsResult(), bank) == []
    assert [t.id for t in lowest_themes(result, bank)] == ["development"]


def test_change_against_the_earlier_answers(banks):
    before = _needs(uncertainty=2, ask_why=3)
    now = _needs(uncertainty=4, ask_why=3, no_blame=2)
    changes = {c.statement.id: c for c in needs_change(now, before, banks.learning_needs)}
    assert (changes["uncertainty"].before, changes["uncertainty"].now, changes["uncertainty"].delta) == (2, 4, 2)
    assert changes["ask_why"].delta == 0
    assert changes["no_blame"].delta is None  # not scored before


def test_the_store_finds_the_earlier_session_of_the_same_tool(store):
    first = new_workbook_session("ann", "learning_needs", datetime(2026, 1, 1, tzinfo=timezone.utc))
    checkin = Session(team=first.team, title="Check-in", mode="check-in")
    other = new_workbook_session("ann", "influencing", datetime(2026, 1, 2, tzinfo=timezone.utc))
    second = new_workbook_session("ann", "learning_needs", datetime(2026, 1, 3, tzinfo=timezone.utc))
    for number, session in enumerate((first, checkin, other, second), start=1):
        session.created_at = datetime(2026, 1, number, tzinfo=timezone.utc)
        store.save(session)
    assert store.previous(second).id == first.id
    assert store.previous(first) is None
    later_checkin = Session(team=first.team, title="Check-in 2", mode="check-in",
                            created_at=datetime(2026, 1, 9, tzinfo=timezone.utc))
    assert store.previous(later_checkin).id == checkin.id  # a check-in's previous is a check-in


# --- instrument of change ---


def test_instrument_counts(banks):
    result = InstrumentResult(answers={"knows_organisation": True, "familiar_face": True, "speaks_purpose": False,
                                       "no_time": True}, reflections={"support": "Ask Jo", "next_steps": " "})
    counts = instrument_counts(result, banks.instrument)
    assert (counts.strengths_yes, counts.strengths, counts.difficulties_yes, counts.difficulties) == (2, 6, 1, 3)
    assert counts.unanswered == 5 and (counts.reflections, counts.questions) == (1, 4)


# --- the plan: SMARTER and dates ---


@pytest.mark.parametrize("text,expected", [
    ("by 2026-03-31", date(2026, 3, 31)),
    ("done on 31/3/2026 at the team meeting", date(2026, 3, 31)),
    ("2026-02-30 then 2026-03-01", date(2026, 3, 1)),  # no 30 February
    ("next spring", None),
    ("", None),
])
def test_find_date(text, expected):
    assert find_date(text) == expected


def test_smarter_all_ticked_with_a_date_is_met(banks):
    bank = banks.improvement_plan
    target = PlanTarget(target="Three audits by 2026-06-30", smarter=[c.id for c in bank.smarter])
    assert missing(smarter_check(target, bank)) == []


def test_a_target_without_a_date_is_not_time_bound_and_says_so(banks):
    bank = banks.improvement_plan
    target = PlanTarget(target="Three audits soon", smarter=[c.id for c in bank.smarter])
    gaps = missing(smarter_check(target, bank))
    assert [c.criterion.id for c in gaps] == ["time_bound"]
    assert "No date" in gaps[0].note


def test_unticked_criteria_are_missing_in_order(banks):
    bank = banks.improvement_plan
    target = PlanTarget(target="by 2026-06-30", smarter=["specific", "time_bound"])
    assert "".join(c.criterion.letter for c in missing(smarter_check(target, bank))) == "MARER"


def test_plan_rows_become_the_persons_own_actions(banks):
    plan = new_workbook_session("ann", "plan")
    rows = [("Audit three files", "time", "Jo", "by 2026-06-30"), ("Ask for feedback", "", "", "soon")]
    plan = set_plan_rows(plan, rows, "ann")(plan)
    assert [(a.text, a.owner, a.due, a.status) for a in plan.actions] == [
        ("Audit three files", "ann", date(2026, 6, 30), "open"), ("Ask for feedback", "ann", None, "open")]
    assert plan_rows(plan)[0] == ("Audit three files", "time", "Jo", "by 2026-06-30")
    first = plan.actions[0].id
    plan = tick_smarter(first, ["specific"])(plan)
    rows = [("Ask for feedback", "", "", "by 1/7/2026"), ("Audit files weekly", "time", "Jo", "2026-06-30")]
    change = set_plan_rows(plan, rows, "ann", origins=[1, 0])  # moved, and the first one's text edited
    elsewhere = change(plan.model_copy(deep=True))
    plan = change(plan)  # the same change applied twice (on screen and in the store) gives the same actions
    assert [a.id for a in elsewhere.actions] == [a.id for a in plan.actions]
    assert plan.actions[1].id == first and plan.workbook.plan.targets[first].smarter == ["specific"]
    assert plan.actions[1].text == "Audit files weekly"
    assert plan.actions[0].due == date(2026, 7, 1)
    Session.model_validate(plan.model_dump())


CRITERIA = ["specific", "measurable", "achievable", "realistic", "time_bound", "ethical", "reviewed"]


@given(st.lists(st.sets(st.sampled_from(CRITERIA)), min_size=1, max_size=6), st.data())
def test_rows_edited_moved_or_removed_keep_their_own_actions_and_ticks(ticks, data):
    plan = new_workbook_session("ann", "plan")
    plan = set_plan_rows(plan, [(f"Action {n}", "", "", "") for n in range(len(ticks))], "ann")(plan)
    for action, ticked in zip(plan.actions, ticks):
        plan = tick_smarter(action.id, sorted(ticked))(plan)
    plan.actions[0].status = "carried"
    kept = data.draw(st.permutations(range(len(ticks))).flatmap(
        lambda order: st.integers(0, len(order)).map(lambda n: list(order[:n]))))
    added = data.draw(st.integers(0, 2))
    origins = [*kept, *[None] * added]
    rows = [(f"Edited {origin}" if origin is not None else "New", "b", "s", "by 2026-06-30") for origin in origins]
    after = set_plan_rows(plan, rows, "ann", origins)(plan)
    Session.model_validate(after.model_dump())
    assert [a.text for a in after.actions] == [row[0] for row in rows]
    for action, origin in zip(after.actions, origins):
        target = after.workbook.plan.targets[action.id]
        if origin is None:
            assert action.id not in {a.id for a in plan.actions} and target.smarter == []
        else:
            before = plan.actions[origin]
            assert (action.id, action.owner, action.status, action.created_at) == (
                before.id, before.owner, before.status, before.created_at)
            assert target.smarter == plan.workbook.plan.targets[before.id].smarter
        assert action.due == date(2026, 6, 30) and (target.barriers, target.support) == ("b", "s")
    assert set(after.workbook.plan.targets) == {a.id for a in after.actions}  # removed rows leave nothing


def test_a_new_plan_proposes_the_lowest_learning_areas(banks):
    needs = new_workbook_session("ann", "learning_needs")
    needs.workbook.learning_needs = _needs(no_blame=1, ask_why=2, uncertainty=2, explain_offer=4)
    plan = new_plan("ann", needs, banks.learning_needs)
    assert plan.workbook.plan.areas == ["no_blame", "uncertainty", "ask_why"]
    assert plan.actions == [] and plan.workbook.tool == "plan"


# --- sharing ---


def test_influencing_totals_are_shared_only_when_complete_and_replace_earlier_shares(banks):
    mine = new_workbook_session("ann", "influencing")
    mine.workbook.influencing = _sheet([4] * 18, [2] * 17)
    assert "Push: 1 statement left" in shareable(mine, banks)
    mine.workbook.influencing.answers[36] = 2
    assert shareable(mine, banks) is None
    team = Session(team="Blue", title="Away-day")
    once = share_work(shared_work(mine, banks))(team)
    twice = share_work(shared_work(mine, banks))(once)
    assert team.shared == [] and len(twice.shared) == 1
    assert twice.shared[0].totals == {"pull": 72, "push": 36} and twice.shared[0].person == "ann"
    assert twice.shared[0].actions == []


def test_a_plan_shares_its_goal_and_open_actions(banks):
    plan = new_workbook_session("ann", "plan")
    assert shareable(plan, banks) is not None
    plan.workbook.plan.goal = "Supervision that asks why"
    plan = set_plan_rows(plan, [("Audit three files", "", "", "by 2026-06-30"), ("Old idea", "", "", "")], "ann")(plan)
    plan.actions[1].status = "dropped"
    work = shared_work(plan, banks)
    assert work.goal == "Supervision that asks why" and [a.text for a in work.actions] == ["Audit three files"]
    assert work.totals == {}


# --- a malformed workbook bank names the file, the key and the fault ---

WORKBOOK_BREAKAGES = {
    "band gap": ("influencing.toml", "min = 42", "min = 43", "bands must cover every total from 0 to 72"),
    "unknown style": ("influencing.toml", 'number = 7\nstyle = "pull"', 'number = 7\nstyle = "pul"',
                      "statement 7 names unknown style 'pul'"),
    "uneven key": ("influencing.toml", 'number = 7\nstyle = "pull"', 'number = 7\nstyle = "push"',
                   "every style needs as many statements"),
    "numbering": ("influencing.toml", "number = 36", "number = 37", "numbered 1 to 36"),
    "unknown theme": ("learning_needs.toml", 'theme = "mediation"', 'theme = "meditation"',
                      "unknown theme 'meditation'"),
    "scale": ("learning_needs.toml", "5 = \"Very high\"", "6 = \"Very high\"", "scale"),
    "no time-bound": ("improvement_plan.toml", 'id = "time_bound"', 'id = "timely"', "time_bound"),
    "missing prompt": ("improvement_plan.toml", "no_date = ", "no_dates = ", "prompts.no_date"),
    "misspelt table": ("instrument.toml", "[[difficulties]]", "[[difficultie]]", "difficultie: Extra inputs"),
}


@pytest.mark.parametrize("case", sorted(WORKBOOK_BREAKAGES))
def test_malformed_workbook_bank_is_named(tmp_path, case):
    import shutil

    from smp_tui.banks import BankError, load_banks, shipped_folder

    name, old, new, words = WORKBOOK_BREAKAGES[case]
    folder = tmp_path / "banks"
    shutil.copytree(shipped_folder(), folder)
    path = folder / name
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    with pytest.raises(BankError) as caught:
        load_banks(folder)
    assert str(path) in str(caught.value) and words in str(caught.value)


def test_sharing_into_an_anonymous_session_names_nobody(banks):
    plan = new_workbook_session("ann", "plan")
    plan.workbook.plan.goal = "Supervision that asks why"
    plan = set_plan_rows(plan, [("Audit three files", "", "", "by 2026-06-30")], "ann")(plan)
    team = Session(team="Blue", title="Remote review", anonymous=True)
    [shared] = share_work(shared_work(plan, banks))(team).shared
    assert shared.person == "Someone in the team" and [a.owner for a in shared.actions] == [""]
    assert "ann" not in shared.model_dump_json()
    # Nothing leads back to ann's own plan, or says when or in what order people shared;
    # sharing again still replaces what she shared.
    assert plan.id not in shared.model_dump_json()
    assert shared.shared_at == team.created_at and shared.actions[0].created_at == team.created_at
    theirs = new_workbook_session("bob", "influencing")
    theirs.workbook.influencing.answers = {n: 1 for n in range(1, 37)}
    team = share_work(shared_work(plan, banks))(team)
    team = share_work(shared_work(theirs, banks))(team)
    team = share_work(shared_work(plan, banks))(team)
    assert len(team.shared) == 2 and [w.id for w in team.shared] == sorted(w.id for w in team.shared)


@given(st.dictionaries(st.integers(1, 36), st.integers(0, 4)),
       st.dictionaries(st.sampled_from(["uncertainty", "ask_why", "no_blame"]),
                       st.tuples(st.none() | st.integers(1, 5), st.text(max_size=40))),
       st.dictionaries(st.sampled_from(["knows_organisation", "no_time"]), st.booleans()))
def test_workbook_records_round_trip_through_the_store(answers, needs, instrument):
    import tempfile

    from smp_tui.store import Store

    session = new_workbook_session("ann", "influencing")
    session.workbook.influencing = InfluencingResult(answers=answers)
    session.workbook.learning_needs = LearningNeedsResult(
        scores={k: NeedScore(score=score, comment=comment) for k, (score, comment) in needs.items()})
    session.workbook.instrument = InstrumentResult(answers=instrument)
    with tempfile.TemporaryDirectory() as folder:
        store = Store(folder)
        store.save(session)
        assert store.get(session.id).workbook == Session.model_validate(session.model_dump()).workbook


def test_a_date_typed_on_its_own_is_read_year_first_or_day_first():
    from datetime import date

    from smp_tui.logic.workbook import looks_like_a_date, read_date

    for typed in ("2027-01-31", "31/01/2027", " 31-01-2027 ", "31.01.2027", "2027-1-31", "31/1/2027"):
        assert read_date(typed) == date(2027, 1, 31), typed
    assert read_date("01/02/2027") == date(2027, 2, 1)  # day first, as written in the UK
    for typed in ("31/02/2027", "2027-02-30", "00/01/2027"):
        assert read_date(typed) is None and looks_like_a_date(typed), typed
    for typed in ("", "next week", "31/01/27", "31/01-2027", "2027/01/31", "31/01/2027 or so"):
        assert read_date(typed) is None and not looks_like_a_date(typed), typed
