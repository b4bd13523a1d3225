"""The agenda's plan and countdown (with a fake clock, never sleeping), the good-work
survey, stakeholder quadrants and the links between exercises; counts checked against
the workbook."""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smp_tui.logic import agenda as clock
from smp_tui.logic import good_work, links, stakeholders
from smp_tui.logic.resilience import set_rating
from smp_tui.models import Agenda, AgendaItem, GoodWorkResult, Session, Stakeholder
from tests.conftest import make_session
from tests.snapshots_support import shipped_banks

WORKBOOK = Path("/work/shared/source/strengthening-the-organisation-workbook.txt")
T0 = datetime(2026, 3, 14, 9, 30, tzinfo=timezone.utc)


class FakeClock:
    """Time that moves only when the test says so."""

    def __init__(self, start: datetime = T0) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def tick(self, seconds: float) -> datetime:
        self.now += timedelta(seconds=seconds)
        return self.now


def workbook_lines(first: int, last: int) -> list[str]:
    if not WORKBOOK.exists():
        pytest.skip("the workbook is not on this machine")
    return WORKBOOK.read_text(encoding="utf-8").splitlines()[first - 1:last]


# --- counts against the workbook -----------------------------------------------------------


def test_the_default_day_matches_the_workbook_agenda(banks):
    printed = [line for line in workbook_lines(163, 216) if re.match(r"^\d{1,2}\.\d{2} - \d{1,2}\.\d{2} ", line)]
    assert len(printed) == 15 == len(banks.agenda.items)
    agenda = clock.from_bank(banks.agenda)
    for planned, line in zip(clock.plan(agenda, time(9, 30)), printed):
        start, end = re.match(r"^(\d{1,2}\.\d{2}) - (\d{1,2}\.\d{2})", line).groups()
        assert clock.show_time(planned.start) == clock.show_time(clock.parse_time(start)), line
        assert clock.show_time(planned.end) == clock.show_time(clock.parse_time(end)), line
    assert clock.show_time(clock.plan_end(agenda, time(0, 0))) == "16:30"
    assert {i.minutes for i in agenda.items} <= set(range(15, 41))
    assert min(i.minutes for i in agenda.items) == 15 and max(i.minutes for i in agenda.items) == 40
    # the printed day says "Session three" twice; ours numbers the talks once each
    names = [i.name for i in agenda.items]
    assert sum("Session three" in line for line in printed) == 2
    assert sum(name.startswith("Session three") for name in names) == 1
    assert [n.split(":")[0] for n in names if n.startswith("Session")] == [
        f"Session {n}" for n in ("one", "two", "three", "four", "five", "six", "seven")]


def test_good_work_counts_match_tool_1(banks):
    lines = workbook_lines(1875, 1924)
    counts, heading = {}, None
    for line in lines:
        text = line.split("\t")[0].strip()
        if text.endswith(".") and not text.endswith("?.") and "?" not in text and len(text) < 45:
            heading = text.rstrip(".")
            counts[heading] = 0
        elif heading and (text.endswith("?") or text.endswith("?.") or text.endswith("program).")
                          or text.endswith("organisation.")):
            counts[heading] += 1
    assert list(counts.values()) == [3, 4, 5, 4, 4, 5, 7]
    assert sum(counts.values()) == 32
    bank = banks.good_work
    assert [len(h.statements) for h in bank.headings] == [3, 4, 5, 4, 4, 5, 7]
    assert [h.name for h in bank.headings] == list(counts)


def test_stakeholder_quadrants_follow_tool_2(banks):
    text = " ".join(workbook_lines(1930, 1945))
    for wording in ("Low interest, low influence", "High interest, low influence",
                    "Low interest, high influence", "High interest, high influence"):
        assert wording in text
    bank = banks.stakeholders
    assert bank.quadrant("low", "low").name == "Keep informed"
    assert bank.quadrant("high", "low").name == "Involve and consult"
    assert bank.quadrant("low", "high").name == "Keep satisfied"
    assert bank.quadrant("high", "high").name == "Collaborate"


def test_valuing_staff_asks_for_five_ways(banks):
    assert "5 strategies" in " ".join(workbook_lines(289, 293))
    assert banks.valuing_staff.capture_target == 5


def test_no_bank_sentence_copies_the_workbook(banks):
    """Our own words: no sentence of eight words or more appears in the workbook."""
    if not WORKBOOK.exists():
        pytest.skip("the workbook is not on this machine")
    book = " ".join(WORKBOOK.read_text(encoding="utf-8").split()).casefold()
    sentences = [s.text for h in banks.good_work.headings for s in h.statements]
    sentences += [q.approach for q in banks.stakeholders.quadrants] + banks.valuing_staff.value.definition
    sentences += [i.about for i in banks.agenda.items]
    for sentence in sentences:
        words = sentence.casefold().rstrip(".?").split()
        for n in range(len(words) - 7):
            assert " ".join(words[n:n + 8]) not in book, sentence


# --- the plan ------------------------------------------------------------------------------


def test_end_time_follows_edits():
    agenda = Agenda(start=time(9, 30), items=[AgendaItem(name="A", minutes=20), AgendaItem(name="B", minutes=40)])
    assert clock.show_time(clock.plan_end(agenda, time(9, 0))) == "10:30"
    agenda.items[0].minutes = 35
    assert clock.show_time(clock.plan_end(agenda, time(9, 0))) == "10:45"
    agenda.items.append(AgendaItem(name="C", minutes=15))
    clock.move(agenda, agenda.items[2].id, -2)
    assert [p.item.name for p in clock.plan(agenda, time(9, 0))] == ["C", "A", "B"]
    assert clock.show_time(clock.plan(agenda, time(9, 0))[1].start) == "09:45"
    clock.remove(agenda, agenda.items[0].id)
    agenda.start = time(13, 0)
    assert clock.show_time(clock.plan_end(agenda, time(9, 0))) == "14:15"


def test_plan_runs_past_midnight():
    agenda = Agenda(start=time(23, 30), items=[AgendaItem(name="A", minutes=45), AgendaItem(name="B", minutes=10)])
    planned = clock.plan(agenda, time(9, 0))
    assert clock.show_time(planned[1].start) == "00:15" and planned[1].day_offset == 1


@pytest.mark.parametrize("typed, expected", [("9:30", "09:30"), ("09.30", "09:30"), ("0930", "09:30"),
                                             ("14:05", "14:05"), (" 7:00 ", "07:00")])
def test_parse_time(typed, expected):
    assert clock.show_time(clock.parse_time(typed)) == expected


@pytest.mark.parametrize("typed", ["", "noon", "25:00", "9:60", "9:3", "-1:00"])
def test_parse_time_refuses_nonsense(typed):
    with pytest.raises(ValueError):
        clock.parse_time(typed)


# --- the countdown, with a fake clock --------------------------------------------------------


def _day() -> Agenda:
    return Agenda(start=time(9, 30), items=[AgendaItem(name="Intro", minutes=10, exercise="cynefin"),
                                            AgendaItem(name="Talk", minutes=5), AgendaItem(name="Close", minutes=5)])


def test_countdown_start_pause_extend_next_skip():
    fake = FakeClock()
    agenda = _day()
    assert clock.countdown(agenda, fake(), 120).state == "idle"
    first = clock.start(agenda, fake())
    assert first.name == "Intro" and first.started_at == T0
    fake.tick(60)
    shown = clock.countdown(agenda, fake(), 120)
    assert (shown.state, shown.remaining, shown.alert, shown.position) == ("running", 540, "none", 1)
    assert clock.show_remaining(shown.remaining) == "09:00"

    clock.pause(agenda, fake())
    fake.tick(300)  # paused time is not counted
    assert clock.countdown(agenda, fake(), 120).remaining == 540
    assert clock.countdown(agenda, fake(), 120).state == "paused"
    clock.start(agenda, fake())  # resume
    fake.tick(420)
    shown = clock.countdown(agenda, fake(), 120)
    assert (shown.remaining, shown.alert) == (120, "warning")
    fake.tick(120)
    assert clock.countdown(agenda, fake(), 120).alert == "zero"
    fake.tick(30)
    shown = clock.countdown(agenda, fake(), 120)
    assert shown.over and clock.show_remaining(shown.remaining) == "+00:30"

    assert clock.extend(agenda, 5)
    shown = clock.countdown(agenda, fake(), 120)
    assert (shown.remaining, shown.alert) == (270, "none")

    following = clock.advance(agenda, fake())
    assert following.name == "Talk" and agenda.items[0].ended_at == fake()
    fake.tick(10)
    following = clock.skip(agenda, fake())
    assert following.name == "Close" and agenda.items[1].skipped
    fake.tick(400)
    assert clock.advance(agenda, fake()) is None
    assert clock.countdown(agenda, fake(), 120).state == "finished"

    rows = clock.happened(agenda, time(9, 0), fake())
    assert rows[0].taken_minutes == pytest.approx(10.5) and rows[0].over_minutes == pytest.approx(0.5)
    assert rows[1].skipped and rows[2].over_minutes == pytest.approx(400 / 60 - 5)


def test_countdown_is_the_same_in_every_process():
    """The countdown is worked out from stored times: a copy read back shows the same."""
    fake = FakeClock()
    session = make_session()
    session.agenda = _day()
    clock.start(session.agenda, fake())
    fake.tick(95)
    clock.pause(session.agenda, fake())
    elsewhere = Session.model_validate_json(session.model_dump_json())
    fake.tick(1000)
    assert clock.countdown(elsewhere.agenda, fake(), 120) == clock.countdown(session.agenda, fake(), 120)
    assert clock.countdown(elsewhere.agenda, fake(), 120).remaining == 505


def test_skip_with_the_clock_stopped_drops_the_next_item():
    agenda = _day()
    clock.skip(agenda, T0)
    assert agenda.items[0].skipped and agenda.current is None
    assert clock.start(agenda, T0).name == "Talk"


def test_removing_the_running_item_stops_the_clock():
    agenda = _day()
    clock.start(agenda, T0)
    clock.remove(agenda, agenda.items[0].id)
    assert clock.countdown(agenda, T0, 120).state == "idle"


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["toggle", "extend", "advance", "skip", "wait"]), max_size=30),
       st.lists(st.integers(min_value=0, max_value=900), min_size=30, max_size=30))
def test_any_use_of_the_clock_keeps_it_consistent(steps, waits):
    """Whatever is pressed, time never runs backwards and the record survives a round trip."""
    fake = FakeClock()
    session = make_session()
    session.agenda = _day()
    for step, wait in zip(steps, waits):
        agenda = session.agenda
        if step == "toggle":
            clock.toggle(agenda, fake())
        elif step == "extend":
            clock.extend(agenda, 5)
        elif step == "advance":
            clock.advance(agenda, fake())
        elif step == "skip":
            clock.skip(agenda, fake())
        fake.tick(wait)
        for entry in agenda.items:
            assert clock.elapsed(agenda, entry, fake()) >= 0
            if entry.ended_at is not None and entry.started_at is not None:
                assert entry.ended_at >= entry.started_at
        session = Session.model_validate_json(session.model_dump_json())
        assert sum(1 for e in session.agenda.items if e.id == session.agenda.current) <= 1


# --- good work ---------------------------------------------------------------------------------


def test_good_work_shares_and_most_no_first(banks):
    bank = banks.good_work
    result = GoodWorkResult()
    people = ["00000000-0000-4000-8000-0000000000%02d" % n for n in range(3)]
    for person in people:
        good_work.set_answer(result, "contracts_current", person, "no")
    good_work.set_answer(result, "fit_with_aims", people[0], "no")
    good_work.set_answer(result, "fit_with_aims", people[1], "yes")
    good_work.set_answer(result, "fit_with_aims", people[1], "not_sure")  # replaces
    good_work.set_answer(result, "paid_fairly", people[2], "yes")
    survey = good_work.results(result.answers, bank)
    heading = survey.headings["job_security"]
    assert heading.counts == {"yes": 0, "no": 4, "not_sure": 1} and heading.people == 3
    assert heading.share("no") == pytest.approx(0.8)
    assert survey.most_no(bank) == ["contracts_current", "fit_with_aims"]
    assert survey.no_heavy(bank) == ["job_security"]
    assert good_work.answered_by(result, bank, people[1]) == 2


def test_good_work_hidden_below_the_smallest_group(banks):
    """Anonymous: a statement answered by fewer people than the minimum is left out of every
    figure, so its heading's shares cannot be worked back to it."""
    from smp_tui.models import Participant
    from smp_tui.interchange import to_json
    from smp_tui.report import to_markdown

    people = [Participant(name=n) for n in ("Ann", "Bob", "Cy")]
    session = make_session(anonymous=True, min_group=3, participants=people)
    good_work.set_answer(session.good_work, "thanked", people[0].id, "no")
    for person in people:
        good_work.set_answer(session.good_work, "paid_fairly", person.id, "yes")
    found = good_work.survey(session, banks.good_work)
    assert found.hidden == {"thanked"}
    assert found.people.headings["reward_effort"].counts == {"yes": 3, "no": 0, "not_sure": 0}
    assert found.heading_hidden(banks.good_work, "reward_effort") == 1
    exported = to_json([session], banks)
    assert "thanked" not in exported and people[0].id not in exported
    assert "Balance between reward and effort (1 hidden" in to_markdown(session, banks)
    session.anonymous = False
    assert good_work.survey(session, banks.good_work).people.headings["reward_effort"].counts["no"] == 1


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 31), st.integers(0, 4), st.sampled_from(["yes", "no", "not_sure"])),
                max_size=80))
def test_good_work_shares_add_up(answers):
    bank = shipped_banks().good_work
    ids = [s.id for h in bank.headings for s in h.statements]
    result = GoodWorkResult()
    for statement, person, answer in answers:
        good_work.set_answer(result, ids[statement], f"00000000-0000-4000-8000-0000000000{person:02d}", answer)
    survey = good_work.results(result.answers, bank)
    assert survey.overall.answered == len({(s, p) for s, p, _ in answers})
    for tally in survey.headings.values():
        if tally.answered:
            assert sum(tally.share(a) for a in ("yes", "no", "not_sure")) == pytest.approx(1)
    nos = [survey.statements[s].counts["no"] for s in survey.most_no(bank)]
    assert nos == sorted(nos, reverse=True) and all(nos)
    assert GoodWorkResult.model_validate_json(result.model_dump_json()) == result


# --- stakeholders and links --------------------------------------------------------------------


def test_stakeholder_quadrant_from_interest_and_influence(banks):
    bank = banks.stakeholders
    person = Stakeholder(name="Regulator")
    assert stakeholders.quadrant_of(person, bank) is None  # not placed until the team says
    person = person.model_copy(update=stakeholders.moved(person, "up"))  # from low and low
    assert stakeholders.quadrant_of(person, bank).id == "keep_satisfied"
    person = person.model_copy(update=stakeholders.moved(person, "right"))
    assert stakeholders.quadrant_of(person, bank).id == "collaborate"
    person = person.model_copy(update=stakeholders.placed_in("involve_consult", bank))
    assert (person.interest, person.influence) == ("high", "low")
    press, council = Stakeholder(name="Press"), Stakeholder(name="Council", interest="low", influence="low")
    grouped = stakeholders.by_quadrant([person, press, council], bank)
    assert [s.name for s in grouped["involve_consult"]] == ["Regulator"]
    assert [s.name for s in grouped["keep_informed"]] == ["Council"]
    assert [s.name for s in stakeholders.not_placed([person, press, council])] == ["Press"]
    # One axis given (as files from before kept a default of low): the other is low.
    assert (Stakeholder(name="Union", influence="high").interest, Stakeholder(name="Union").interest) == ("low", None)


def test_domain_proposes_the_kind_of_action(banks):
    kinds = {d: links.action_for_domain(d, banks).kind for d in ("simple", "complicated", "complex", "chaotic")}
    assert "checklist" in kinds["simple"] and "expert" in kinds["complicated"]
    assert "safe-to-fail" in kinds["complex"] and "review afterwards" in kinds["chaotic"]
    assert links.action_for_domain("disorder", banks) is None


def test_low_indicators_and_no_heavy_headings_are_proposed(banks):
    session = make_session()
    for person in session.participants:
        set_rating(session.resilience, "stress_testing_plans", person.id, 2)
        set_rating(session.resilience, "leadership", person.id, 4)
        good_work.set_answer(session.good_work, "paid_fairly", person.id, "no")
    proposals = links.improvement_areas(session, banks)
    assert [(p.source, p.name) for p in proposals] == [
        ("resilience", "Stress testing plans"), ("good_work", "Balance between reward and effort")]
    remote = session.model_copy(update={"mode": "remote"})
    assert links.improvement_areas(remote, banks) == []  # neither ratings nor good-work answers revealed
    from smp_tui.logic.changes import reveal_good_work

    revealed = reveal_good_work(datetime.now(timezone.utc))(remote)
    assert [p.source for p in links.improvement_areas(revealed, banks)] == ["good_work"]


# --- malformed banks ------------------------------------------------------------------------


@pytest.mark.parametrize("name, old, new, expected", [
    ("agenda", 'start = "09:30"', 'start = "9.30am"', "start: String should match pattern"),
    ("agenda", "minutes = 40", "minutes = 0", "items.1.minutes: Input should be greater than or equal to 1"),
    ("good_work", 'id = "thanked"', 'id = "paid_fairly"', "duplicate id 'paid_fairly' in statements"),
    ("stakeholders", 'interest = "high"\ninfluence = "high"', 'interest = "low"\ninfluence = "low"',
     "quadrants must cover each pair"),
    ("valuing_staff", "capture_target = 5", "capture_target = 0", "capture_target: Input should be greater"),
    ("links", 'domain = "chaotic"', 'domain = "chaos"', "domain_actions must name exactly"),
])
def test_malformed_new_banks_name_file_key_and_fault(tmp_path, name, old, new, expected):
    import shutil

    from smp_tui.banks import BankError, load_banks, shipped_folder

    folder = tmp_path / "banks"
    shutil.copytree(shipped_folder(), folder)
    path = folder / f"{name}.toml"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    with pytest.raises(BankError) as raised:
        load_banks(folder)
    assert f"{name}.toml" in str(raised.value) and expected in str(raised.value)


# --- the store keeps the new records ----------------------------------------------------------

_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40).filter(str.strip)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(_text, st.sampled_from(["low", "high"]), st.sampled_from(["low", "high"]), _text),
                max_size=6),
       st.lists(_text, max_size=6), st.integers(min_value=1, max_value=600))
def test_new_records_survive_the_store(tmp_path_factory, people, lines, minutes):
    from smp_tui.store import Store

    store = Store(tmp_path_factory.mktemp("store"))
    session = make_session()
    session.stakeholders.stakeholders = [Stakeholder(name=n, interest=i, influence=f, future_demands=d)
                                         for n, i, f, d in people]
    session.valuing_staff.capture = [line.strip() for line in lines]
    session.agenda = Agenda(start=time(9, 30), items=[AgendaItem(name="Item", minutes=minutes, exercise="cynefin")])
    clock.start(session.agenda, T0)
    good_work.set_answer(session.good_work, "thanked", session.participants[0].id, "not_sure")
    store.save(session)
    assert store.get(session.id) == Session.model_validate(session.model_dump())


def test_an_old_session_file_loads_with_empty_new_records():
    """Sessions saved before these records existed load, with nothing in them."""
    old = make_session().model_dump(mode="json")
    for field in ("agenda", "good_work", "stakeholders", "valuing_staff"):
        old.pop(field)
    loaded = Session.model_validate(old)
    assert loaded.agenda.items == [] and loaded.good_work.answers == []
    assert loaded.stakeholders.stakeholders == [] and loaded.valuing_staff.value_statement == ""


def test_a_persons_newer_result_of_a_tool_replaces_their_earlier_share():
    """Shared again from a later record (a new questionnaire), Bob's influencing styles
    showed twice in the team's summary; in an anonymous session nothing can say whose."""
    from smp_tui.logic.changes import share_work
    from smp_tui.models import SharedWork

    session = make_session()
    first = SharedWork(source="00000000-0000-4000-8000-00000000a001", person="Bob", tool="influencing",
                       totals={"pull": 50, "push": 20})
    later = first.model_copy(update={"source": "00000000-0000-4000-8000-00000000a002", "totals": {"pull": 60}})
    ann = first.model_copy(update={"source": "00000000-0000-4000-8000-00000000a003", "person": "Ann"})
    shared = share_work(later)(share_work(ann)(share_work(first)(session))).shared
    assert sorted((w.person, w.totals["pull"]) for w in shared) == [("Ann", 50), ("Bob", 60)]
