"""Issue 15, Tool 1 (what is good work?) in remote sessions: each person answers privately
in their own app, with the resilience ratings' anonymity, smallest-group and reveal rules;
and everywhere the room's agreed answer is kept apart from people's shares."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from smp_tui.app import SmpApp
from smp_tui.interchange import to_json
from smp_tui.logic import good_work
from smp_tui.logic.links import improvement_areas
from smp_tui.logic.changes import remove_participant, reopen_good_work, reveal_good_work
from smp_tui.logic.privacy import answer_key, for_export
from smp_tui.models import Participant, Session, new_join_code, utc_now
from smp_tui.participant import ParticipantWorkspace
from smp_tui.participant_app import ParticipantApp
from smp_tui.report import to_markdown
from smp_tui.screens.good_work import GoodWorkScreen
from smp_tui.screens.participant import AnswersScreen, RejoinCodeScreen
from smp_tui.screens.participant_good_work import GoodWorkAnswersScreen
from smp_tui.store import Store
from smp_tui.workspace import Fault
from tests.snapshots_support import fixed_session, settled, shipped_banks, type_into

HOSTILE = "[b]Eve[/b] \x1b[31m[link=x]"


def remote(store, anonymous: bool = True, **fields) -> Session:
    session = Session(team="Remote team", title="Thursday", mode="remote", anonymous=anonymous,
                      join_code=new_join_code(), **fields)
    store.save(session)
    return session


def joined(store, banks, session: Session, names: list[str]) -> list[ParticipantWorkspace]:
    """People joining `session`, each in their own process (one service and store each)."""
    people = []
    for name in names:
        person = ParticipantWorkspace(Store(store.folder), banks)
        assert not isinstance(person.join(str(session.join_code), name), Fault)
        people.append(person)
    return people


def answer(person: ParticipantWorkspace, answers: dict[str, str]) -> None:
    for statement, value in answers.items():
        assert person.answer_good_work(statement, value) is None


def plain(app, selector: str) -> str:
    """What a Static shows, as a person reads it (tables drawn 160 wide)."""
    wide = app.console.options.update(width=160)
    content = app.screen.query_one(selector).content
    return "".join(segment.text for segment in app.console.render(content, wide))


async def join_by_keys(pilot, name: str) -> str:
    """Type a name on the join screen, note the rejoin code, go to the good-work statements."""
    await settled(pilot)
    await type_into(pilot, "#name", name)
    await settled(pilot)
    assert isinstance(pilot.app.screen, RejoinCodeScreen)
    code = pilot.app.screen.code
    await pilot.press("enter")
    await settled(pilot)
    assert isinstance(pilot.app.screen, AnswersScreen)
    await pilot.press("f6")
    await settled(pilot)
    assert isinstance(pilot.app.screen, GoodWorkAnswersScreen)
    return code


# --- answering remotely -----------------------------------------------------------------------


async def test_a_participant_answers_good_work_privately_in_their_own_app(store, banks):
    session = remote(store)
    app = ParticipantApp(ParticipantWorkspace(Store(store.folder), banks), session.join_code, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        code = await join_by_keys(pilot, "Cy")
        await pilot.press("y", "n", "s", "n")  # the cursor moves on by itself, over the next heading
        await settled(pilot)
        status = str(app.screen.query_one("#good-work-status").render())
        assert "4 of 32 answered" in status and "private until the facilitator reveals" in status
        listing = app.screen.query_one("#my-statements")
        shown = " ".join(str(listing.get_option_at_index(n).prompt) for n in range(listing.option_count))
        assert " Y  People know what is expected" in shown and " N  People can see how" in shown
        assert not app.screen.query_one("#good-work-revealed").display
        await pilot.press("f5")  # back to the resilience ratings, and again
        await settled(pilot)
        assert isinstance(app.screen, AnswersScreen)
    stored = store.get(session.id)
    key = answer_key(session.id, code)
    mine = {a.statement: a.answer for a in stored.good_work.answers if a.participant == key}
    assert mine == {"expectations_clear": "yes", "fit_with_aims": "no", "contracts_current": "not_sure",
                    "develop_skills": "no"}
    cy = next(p for p in stored.participants if p.name == "Cy")
    assert cy.good_work_answered == 0 and cy.answered == 0  # no count beside the name: it would be a link
    assert key not in {p.id for p in stored.participants}


def test_the_anonymous_store_keeps_no_name_beside_good_work_answers_and_no_order(store, banks):
    session = remote(store)
    ann, bob, cy = joined(store, banks, session, ["Ann", "Bob", "Cy"])
    answer(cy, {"thanked": "no", "paid_fairly": "yes"})  # Cy answers first, then Ann, then Bob
    answer(ann, {"thanked": "yes"})
    answer(bob, {"paid_fairly": "no", "thanked": "not_sure"})
    stored = store.get(session.id)
    keys = {a.participant for a in stored.good_work.answers}
    assert keys == {p.seat.key for p in (ann, bob, cy)}
    assert not keys & {p.id for p in stored.participants}
    # stored in key order, whoever answered when
    assert stored.good_work.answers == sorted(stored.good_work.answers, key=lambda a: (a.participant, a.statement))
    raw = (store.folder).rglob("session-*.json")
    text = next(raw).read_text()
    for person in json.loads(text)["sessions"].values():
        for record in person["participants"]:
            assert set(record) == {"id", "name", "rejoin_hash", "answered", "good_work_answered"}
            assert record["rejoin_hash"] is None


def test_named_sessions_keep_answers_per_person(store, banks):
    session = remote(store, anonymous=False)
    (ann,) = joined(store, banks, session, ["Ann"])
    answer(ann, {"thanked": "no"})
    stored = store.get(session.id)
    assert [(a.participant, a.statement) for a in stored.good_work.answers] == [(stored.participants[0].id, "thanked")]
    assert isinstance(ann.answer_good_work("no_such_statement", "yes"), Fault)
    assert isinstance(ann.answer_good_work("thanked", "maybe"), Fault)


# --- the facilitator sees who has answered, then reveals --------------------------------------


async def test_the_facilitator_sees_counts_only_until_the_reveal_then_shares_and_most_no_first(store, banks):
    session = remote(store, min_group=2)
    ann, bob, eve = joined(store, banks, session, ["Ann", "Bob", HOSTILE])
    answer(ann, {"thanked": "no", "paid_fairly": "no", "expectations_clear": "yes"})
    answer(bob, {"thanked": "no", "paid_fairly": "yes", "expectations_clear": "yes"})
    answer(eve, {"thanked": "no"})
    summary = to_markdown(store.get(session.id), banks)  # the summary screen shows this too
    assert "People's answers are not revealed yet." in summary and "Most often answered no" not in summary
    app = SmpApp(store=store, banks=banks, cursor_blink=False)
    async with app.run_test(size=(100, 40)) as pilot:
        await settled(pilot)
        app.push_screen(GoodWorkScreen(store.get(session.id)))
        await settled(pilot)
        answered = plain(app, "#good-work-answered")
        joined_line = next(line for line in answered.splitlines() if "Joined:" in line)
        assert all(name in joined_line for name in ("Ann", "Bob", "[b]Eve[/b]"))  # who joined; no count beside them
        assert "2 people: 3 of 32" in answered and "1 person: 1 of 32" in answered and "Ann:" not in answered
        assert "Results are hidden" in answered
        await pilot.press("f6")
        results = plain(app, "#good-work-results")
        assert "hidden until you reveal" in results and "%" not in results
        assert plain(app, "#good-work-most-no").strip() == ""
        await pilot.press("ctrl+r")
        await settled(pilot)
        results = plain(app, "#good-work-results")
        reward = next(line for line in results.splitlines() if "Balance between reward" in line)
        # thanked: 3 no; paid_fairly: 1 yes 1 no -> 1 yes, 4 no of 5 answers
        assert "20%" in reward and "80%" in reward and reward.rstrip("│ ").endswith("3")
        most_no = plain(app, "#good-work-most-no").splitlines()
        assert most_no[0] == "Most often answered no"
        assert most_no[1] == f" 3 no of 3: {banks.good_work.statement('thanked').text}"
        assert most_no[2] == f" 1 no of 2: {banks.good_work.statement('paid_fairly').text}"
        assert len(most_no) == 3  # nobody answered no to anything else
    stored = store.get(session.id)
    assert stored.good_work.revealed and len(stored.good_work.revealed_answers) == 7
    assert "| Balance between reward and effort | 20% | 80% | 0% | 3 |" in to_markdown(stored, banks)
    # answering is closed for everyone until the facilitator opens it again
    refused = ann.answer_good_work("thanked", "yes")
    assert isinstance(refused, Fault) and "revealed" in str(refused)
    reopened = reopen_good_work()(store.get(session.id))
    assert not reopened.good_work.revealed and reopened.good_work.revealed_answers == []


async def test_the_participant_sees_the_reveal_without_names(store, banks):
    session = remote(store, min_group=1)
    (ann, bob) = joined(store, banks, session, ["Ann", "Bob"])
    answer(ann, {"thanked": "no"})
    answer(bob, {"thanked": "no", "paid_fairly": "yes"})
    app = ParticipantApp(ParticipantWorkspace(Store(store.folder), banks), session.join_code, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await join_by_keys(pilot, "Cy")
        await pilot.press("y")
        await settled(pilot)
        store.update(session.id, reveal_good_work(utc_now()), team=session.team)  # the facilitator, elsewhere
        app.screen.reload()
        await settled(pilot)
        assert app.screen.query_one("#good-work-revealed").display
        assert not app.screen.query_one("#my-statements").display  # answering is closed
        results = plain(app, "#good-work-results")
        assert "Balance between reward and effort" in results and "Ann" not in results and "Bob" not in results
        most_no = plain(app, "#good-work-most-no")
        assert most_no.startswith("Most often answered no") and "2 no of 2" in most_no
        await pilot.press("ctrl+w")
        await settled(pilot)
        await pilot.press("y")  # yes, withdraw: refused, the answers are revealed
        await settled(pilot)
    assert len(store.get(session.id).good_work.answers) == 4  # nothing withdrawn after the reveal


# --- the smallest group ----------------------------------------------------------------------


def test_the_smallest_group_hides_statements_from_every_figure_and_export(store, banks):
    session = remote(store, min_group=3)
    people = joined(store, banks, session, ["Ann", "Bob", "Cy"])
    for person in people:
        answer(person, {"paid_fairly": "yes"})
    answer(people[0], {"thanked": "no"})  # one person alone: hidden
    store.update(session.id, reveal_good_work(utc_now()), team=session.team)
    revealed = store.get(session.id)
    found = good_work.survey(revealed, banks.good_work)
    assert found.hidden == {"thanked"}
    assert found.people.headings["reward_effort"].counts == {"yes": 3, "no": 0, "not_sure": 0}
    view = people[1].good_work_view()
    assert not isinstance(view, Fault) and view.results is not None and view.results.hidden == {"thanked"}
    assert view.results.answered == ()  # a participant is not told who answered
    assert "(1 hidden: fewer than 3 people)" in to_markdown(revealed, banks)
    exported = json.loads(to_json([revealed], banks))["sessions"][0]["good_work"]
    assert {a["statement"] for a in exported["answers"]} == {"paid_fairly"}
    assert not {a["participant"] for a in exported["answers"]} & {p.seat.key for p in people}


# --- withdrawal --------------------------------------------------------------------------------


async def test_withdrawing_removes_my_good_work_answers_too(store, banks):
    session = remote(store)
    (ann,) = joined(store, banks, session, ["Ann"])
    answer(ann, {"thanked": "no"})
    app = ParticipantApp(ParticipantWorkspace(Store(store.folder), banks), session.join_code, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await join_by_keys(pilot, "Cy")
        await pilot.press("y", "n")
        await settled(pilot)
        assert ann.rate("leadership", 4) is None
        assert app.participant.rate("leadership", 2) is None
        await pilot.press("ctrl+w")
        await settled(pilot)
        await pilot.press("y")
        await settled(pilot)
        assert "0 of 32 answered" in str(app.screen.query_one("#good-work-status").render())
        cy_key = app.participant.seat.key
    stored = store.get(session.id)
    assert {a.participant for a in stored.good_work.answers} == {ann.seat.key}  # Ann's stay
    assert {r.participant for r in stored.resilience.ratings} == {ann.seat.key}
    assert next(p for p in stored.participants if p.name == "Cy").good_work_answered == 0
    assert cy_key not in {a.participant for a in stored.good_work.answers}


def test_taking_a_named_person_out_removes_their_good_work_answers(store, banks):
    session = remote(store, anonymous=False)
    (ann,) = joined(store, banks, session, ["Ann"])
    answer(ann, {"thanked": "no"})
    store.update(session.id, reveal_good_work(utc_now()), team=session.team)
    person = store.get(session.id).participants[0].id
    after = remove_participant(person)(store.get(session.id))
    assert after.good_work.answers == [] and after.good_work.revealed_answers == []


# --- the room apart from people ----------------------------------------------------------------


def _away_day_with_room() -> Session:
    session = fixed_session(1, "Blue team", "Spring away-day")
    for person in session.participants:
        good_work.set_answer(session.good_work, "thanked", person.id, "yes")
    good_work.set_answer(session.good_work, "thanked", None, "no")  # the room agreed otherwise
    good_work.set_answer(session.good_work, "paid_fairly", None, "no")
    return session


def test_the_rooms_answer_is_never_counted_as_a_person(banks):
    session = _away_day_with_room()
    found = good_work.survey(session, banks.good_work)
    reward = found.people.headings["reward_effort"]
    assert reward.counts == {"yes": 3, "no": 0, "not_sure": 0} and reward.people == 3
    assert found.room == {"thanked": "no", "paid_fairly": "no"}
    assert found.room_heading(banks.good_work, "reward_effort").counts == {"yes": 0, "no": 2, "not_sure": 0}
    assert found.people.most_no(banks.good_work) == []  # nobody (as a person) said no
    assert found.room_said_no(banks.good_work) == ["paid_fairly", "thanked"]
    markdown = to_markdown(session, banks)
    row = next(line for line in markdown.splitlines() if line.startswith("| Balance between reward"))
    assert row == "| Balance between reward and effort | 100% | 0% | 0% | 3 | 2 no |"
    assert "The room agreed no:" in markdown and "never as a person" in markdown
    assert "Most often answered no" not in markdown
    # the plan's proposals say whose "no" it was
    assert [(p.name, p.why) for p in improvement_areas(session, banks) if p.source == "good_work"] == [
        ("Balance between reward and effort", "the room agreed no to 2 of 2 statements")]


async def test_the_room_is_shown_apart_on_the_facilitators_screen(store, banks):
    session = _away_day_with_room()
    store.save(session)
    app = SmpApp(store=store, banks=banks, cursor_blink=False)
    async with app.run_test(size=(100, 40)) as pilot:
        await settled(pilot)
        app.push_screen(GoodWorkScreen(store.get(session.id)))
        await settled(pilot)
        await pilot.press("f6")
        results = plain(app, "#good-work-results")
        reward = next(line for line in results.splitlines() if "Balance between reward" in line)
        assert "100%" in reward and "NN··" in reward  # people all yes; the room: no to paid_fairly and thanked
        assert "never counted as a person" in results
        most_no = plain(app, "#good-work-most-no")
        assert "Nobody answered no." in most_no and "The room agreed no" in most_no


def test_anonymous_exports_carry_counts_not_people(banks):
    session = _away_day_with_room().model_copy(update={"anonymous": True, "min_group": 1})
    shown = for_export(session, banks.resilience)
    assert shown.participants == []
    keys = {a.participant for a in shown.good_work.answers if a.participant is not None}
    assert len(keys) == 3 and not keys & {p.id for p in session.participants}
    assert keys != {a.participant for a in for_export(session, banks.resilience).good_work.answers} - {None}
    assert [a.answer for a in shown.good_work.answers if a.participant is None] == ["no", "no"]  # the room kept apart


# --- hostile text ------------------------------------------------------------------------------


async def test_hostile_names_are_shown_literally_to_the_facilitator(store, banks):
    session = remote(store)
    (eve,) = joined(store, banks, session, [HOSTILE])
    answer(eve, {"thanked": "no"})
    app = SmpApp(store=store, banks=banks, cursor_blink=False)
    async with app.run_test(size=(100, 40)) as pilot:
        await settled(pilot)
        app.push_screen(GoodWorkScreen(store.get(session.id)))
        await settled(pilot)
        answered = plain(app, "#good-work-answered")
        assert "[b]Eve[/b]" in answered and "[link=x]" in answered and "\x1b" not in answered
    # and Eve gets back to her answers with her rejoin code and the name as she typed it
    again = ParticipantWorkspace(Store(store.folder), banks)
    code = eve.seat.rejoin_code if eve.seat else None
    assert code is not None and not isinstance(again.rejoin(str(session.join_code), code, HOSTILE), Fault)
    view = again.good_work_view()
    assert not isinstance(view, Fault) and view.mine == {"thanked": "no"} and view.still_in


# --- the shares, for any answers -----------------------------------------------------------------

STATEMENTS = [s.id for h in shipped_banks().good_work.headings for s in h.statements]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 5), st.sampled_from(STATEMENTS), st.sampled_from(["yes", "no", "not_sure"])),
                max_size=60),
       st.dictionaries(st.sampled_from(STATEMENTS), st.sampled_from(["yes", "no", "not_sure"])))
def test_the_rooms_answers_never_change_peoples_shares(answers, room):
    bank = shipped_banks().good_work
    people = [Participant(id=f"00000000-0000-4000-8000-0000000000{n:02d}", name=f"P{n}") for n in range(6)]
    session = Session(team="t", title="x", participants=people)
    for person, statement, value in answers:
        good_work.set_answer(session.good_work, statement, people[person].id, value)
    alone = good_work.survey(session, bank)
    for statement, value in room.items():
        good_work.set_answer(session.good_work, statement, None, value)
    with_room = good_work.survey(session, bank)
    assert with_room.people == alone.people and with_room.room == room
    for heading in bank.headings:
        tally = with_room.people.headings[heading.id]
        assert tally.answered == sum(with_room.people.statements[s.id].answered for s in heading.statements)
        if tally.answered:
            assert abs(sum(tally.share(a) for a in ("yes", "no", "not_sure")) - 1) < 1e-9
    no_counts = [with_room.people.statements[s].counts["no"] for s in with_room.people.most_no(bank)]
    assert no_counts == sorted(no_counts, reverse=True) and all(no_counts)


def test_old_files_load_without_the_new_fields():
    data = Session(team="t", title="x", participants=[Participant(name="A")]).model_dump(mode="json")
    del data["good_work"]["revealed"], data["good_work"]["revealed_answers"], data["good_work"]["revealed_at"]
    del data["participants"][0]["good_work_answered"]
    loaded = Session.model_validate(data)
    assert not loaded.good_work.revealed and loaded.participants[0].good_work_answered == 0


# --- the participant's screen at 80x24 -----------------------------------------------------------


def _participant_app(folder, revealed: bool):
    """The app and its keys: Cy joins a fixed anonymous session by keys and answers three statements; in the
    revealed picture Ann and Bob have answered too and the facilitator then reveals."""
    from datetime import datetime, timezone

    store = Store(folder)
    session = fixed_session(3, "Remote team", "Thursday", mode="remote", anonymous=True, min_group=1,
                            join_code="KXPQ47", join_expires_at=datetime(2100, 1, 1, tzinfo=timezone.utc),
                            participants=[])
    store.save(session)
    if revealed:
        others = joined(store, shipped_banks(), session, ["Ann", "Bob"])
        answer(others[0], {"expectations_clear": "yes", "thanked": "no", "paid_fairly": "no"})
        answer(others[1], {"expectations_clear": "not_sure", "thanked": "no", "choose_breaks": "yes"})
    app = ParticipantApp(ParticipantWorkspace(Store(folder), shipped_banks()), "KXPQ47", cursor_blink=False)

    async def run_before(pilot) -> None:
        await join_by_keys(pilot, "Cy")
        await pilot.press("y", "n", "s")
        await settled(pilot)
        if revealed:
            store.update(session.id, reveal_good_work(utc_now()), team=session.team)
            pilot.app.screen.reload()
            await settled(pilot)

    return app, run_before


def test_participant_good_work_answering_80x24(snap_compare, tmp_path):
    app, run_before = _participant_app(tmp_path, False)
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_participant_good_work_revealed_80x24(snap_compare, tmp_path):
    app, run_before = _participant_app(tmp_path, True)
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


# --- the spreadsheet ---------------------------------------------------------------------------


def _good_work_table(text: str) -> list[list[str]]:
    import csv
    import io

    rows = list(csv.reader(io.StringIO(text)))
    start = next(n for n, row in enumerate(rows) if row[:4] == ["session_id", "team", "date", "heading"])
    table = []
    for row in rows[start + 1:]:
        if not row:
            break
        table.append(row)
    return table


def test_a_csv_carries_good_work_as_counts_with_the_room_apart_and_never_people(banks):
    from smp_tui.report import to_csv

    session = _away_day_with_room()
    table = _good_work_table(to_csv(session, banks))
    assert len(table) == 32  # every statement of the bank, in its order
    by_text = {row[4]: row for row in table}
    thanked = by_text[banks.good_work.statement("thanked").text]
    assert thanked[5:9] == ["3", "0", "0", "No"]  # three people said yes; the room's no is apart
    assert by_text[banks.good_work.statement("paid_fairly").text][5:9] == ["0", "0", "0", "No"]
    names = {p.name for p in session.participants}
    assert not any(name in cell for row in table for cell in row for name in names)


def test_a_csv_shows_no_good_work_before_the_reveal_and_hides_small_groups(store, banks):
    from smp_tui.report import to_csv

    session = remote(store, min_group=3)
    for person, value in zip(joined(store, banks, session, ["Ann", "Bo", "Cy"]), ["no", "no", "yes"]):
        answer(person, {"thanked": value})
    (di,) = joined(store, banks, session, ["Di"])
    answer(di, {"paid_fairly": "no"})  # one person only: under the smallest group
    stored = store.get(session.id)
    assert "heading" not in to_csv(stored, banks)  # not revealed: nothing of anyone's answers
    revealed = reveal_good_work(utc_now())(stored)
    table = _good_work_table(to_csv(revealed, banks))
    thanked = next(row for row in table if row[4] == banks.good_work.statement("thanked").text)
    paid = next(row for row in table if row[4] == banks.good_work.statement("paid_fairly").text)
    assert thanked[5:8] == ["1", "2", "0"]
    assert paid[5:8] == ["", "", ""] and paid[9].startswith("hidden: fewer than 3")
