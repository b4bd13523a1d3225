"""Issue 9: remote sessions keep their promises — the participant's app is confined, a
person's answers are theirs, anonymous means unlinkable, the smallest group covers every
figure, and the reveal is a round."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from textual.widgets import Input

from smp_tui.app import SmpApp
from smp_tui.logic.changes import open_new_round, rate, reveal_round
from smp_tui.logic.privacy import answer_key, hidden_indicators
from smp_tui.logic.summary import resilience_view
from smp_tui.models import JOIN_ALPHABET, Participant, Rating, Session, new_join_code, utc_now
from smp_tui.participant import ParticipantWorkspace
from smp_tui.participant_app import ParticipantApp
from smp_tui.report import export
from smp_tui.screens.participant import AnswersScreen, JoinScreen, RejoinCodeScreen
from smp_tui.widgets.rating import RatingList
from smp_tui.screens.resilience import ResilienceScreen
from smp_tui.store import Store
from smp_tui.workspace import Fault
from tests.snapshots_support import burst, notices, paste, settled, shipped_banks, type_into


def remote(store, anonymous: bool = True, **fields) -> Session:
    session = Session(team="Remote team", title="Thursday", mode="remote", anonymous=anonymous,
                      join_code=new_join_code(), **fields)
    store.save(session)
    return session


def person(store, banks, clock=utc_now) -> ParticipantWorkspace:
    return ParticipantWorkspace(Store(store.folder), banks, clock)


# --- 1. confinement by construction ------------------------------------------------------------


def test_the_participant_app_holds_no_store_and_no_facilitator_service(store, banks):
    app = ParticipantApp(person(store, banks), "")
    assert not hasattr(app, "workspace") and not hasattr(app, "store")
    assert not any(isinstance(value, Store) for value in vars(app).values())
    # the participant service itself offers no way to reach other sessions or export
    service = app.participant
    assert not {"sessions", "survey", "delete", "export", "teams", "update", "create"} & set(dir(service))


async def test_no_facilitator_action_is_reachable_from_the_participant_app(store, banks, tmp_path, monkeypatch):
    session = remote(store)
    elsewhere = tmp_path / "cwd"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    app = ParticipantApp(person(store, banks), session.join_code, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        # every facilitator action, by key and by name, does nothing
        for key in ("ctrl+r", "ctrl+o", "ctrl+j", "ctrl+x", "ctrl+n", "ctrl+s", "ctrl+z", "n", "j", "delete", "e",
                    "f5", "f6", "f7", "f3", "f4"):
            await pilot.press(key)
        for action in ("app.home", "app.new_session", "app.screenshot", "app.push_screen('x')",
                       "app.suspend_process", "app.save_screenshot", "app.open_session('x')"):
            assert await app.run_action(action) is False
        await settled(pilot)
        assert all(type(screen).__name__ in {"Screen", "JoinScreen"} for screen in app.screen_stack)
        # the palette offers only help, theme, keys and quit
        titles = {command.title for command in app.get_system_commands(app.screen)}
        assert titles <= {"Theme", "Quit", "Keys", "Help for this screen"}
        assert "Screenshot" not in titles
    assert list(elsewhere.iterdir()) == []  # no file written outside the store


async def test_the_palette_finds_nothing_that_leaves_the_join_rate_results_path(store, banks):
    session = remote(store)
    app = ParticipantApp(person(store, banks), session.join_code, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        await pilot.press("ctrl+p")
        await settled(pilot)
        for query in ("session", "new", "export", "screenshot", "delete"):
            await paste(pilot, query)
            await settled(pilot)  # the palette's search is a worker
            from textual.command import CommandList

            hits = app.screen.query_one(CommandList)
            texts = [str(hits.get_option_at_index(n).prompt) for n in range(hits.option_count)]
            assert not any(word in " ".join(texts).lower() for word in ("session", "export", "screenshot", "delete"))
            await pilot.press("ctrl+u")  # the query cleared
        # ...while what a participant may do is there to find
        for query, title in (("quit", "Quit"), ("help", "Help for this screen"), ("theme", "Theme")):
            await paste(pilot, query)
            await settled(pilot)
            hits = app.screen.query_one(CommandList)
            texts = " ".join(str(hits.get_option_at_index(n).prompt) for n in range(hits.option_count))
            assert title in texts, (query, texts)
            await pilot.press("ctrl+u")
        await pilot.press("escape")


# --- 2. a person's answers are theirs ------------------------------------------------------------


def test_joining_gives_a_rejoin_code_that_alone_reopens_the_answers(store, banks):
    session = remote(store, anonymous=False)
    ann = person(store, banks)
    seat = ann.join(session.join_code, "Ann")
    assert not isinstance(seat, Fault) and seat.rejoin_code is not None
    assert len(seat.rejoin_code) == 8 and set(seat.rejoin_code) <= set(JOIN_ALPHABET)
    assert not set(seat.rejoin_code) & set("0O1lI")
    ann.rate("leadership", 4)
    # typing Ann's name is not enough to be Ann
    eve = person(store, banks)
    refused = eve.join(session.join_code, "  ann ")
    assert isinstance(refused, Fault) and "already called" in str(refused) and "rejoin code" in str(refused)
    assert isinstance(eve.rejoin(session.join_code, "ABCDEFGH"), Fault)
    again = person(store, banks)
    back = again.rejoin(session.join_code, seat.rejoin_code.lower())
    assert not isinstance(back, Fault) and back.name == "Ann"
    view = again.view()
    assert not isinstance(view, Fault) and view.mine == {"leadership": 4}


def test_codes_typed_in_full_width_characters_are_the_same_codes(store, banks):
    """Some keyboards (Japanese, Chinese input methods) type letters and digits full width."""
    session = remote(store, anonymous=False)
    wide = "".join(chr(ord(ch) + 0xFEE0) for ch in session.join_code)  # "ＫＸＰＱ４７"
    ann = person(store, banks)
    seat = ann.join(f"{wide[:3]}－{wide[3:]}", "Ann")
    assert not isinstance(seat, Fault) and seat.rejoin_code is not None
    wide_rejoin = "".join(chr(ord(ch) + 0xFEE0) for ch in seat.rejoin_code)
    back = person(store, banks).rejoin(wide, wide_rejoin)
    assert not isinstance(back, Fault) and back.name == "Ann"


async def test_the_join_screen_never_lists_other_peoples_names(store, banks):
    session = remote(store, anonymous=False, participants=[Participant(name="Alice Secret")])
    app = ParticipantApp(person(store, banks), session.join_code, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        assert isinstance(app.screen, JoinScreen)
        shown = "".join(str(widget.render()) for widget in app.screen.query("Static"))
        assert "Alice" not in shown
        await type_into(pilot, "#name", "alice secret")
        await settled(pilot)
        assert "already called" in str(app.screen.query_one("#join-status").render())
        assert isinstance(app.screen, JoinScreen)


async def test_a_name_and_rejoin_code_typed_in_one_burst_stay_in_their_fields(store, banks):
    """Over SSH, keys typed quickly arrive together: the rejoin code typed after the name
    and Tab must never become part of the name (the facilitator would see it)."""
    session = remote(store, anonymous=False)
    app = ParticipantApp(person(store, banks), session.join_code, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        assert app.focused is not None and app.focused.id == "name"
        await burst(pilot, *"Ann", "tab", *"ABCD-EFGH")
        assert app.screen.query_one("#name", Input).value == "Ann"
        assert app.screen.query_one("#rejoin", Input).value == "ABCD-EFGH"
        await burst(pilot, "shift+tab", "end", *"ie", "enter")
        assert isinstance(app.screen, RejoinCodeScreen)
    assert [p.name for p in store.get(session.id).participants] == ["Annie"]


async def test_code_enter_and_name_typed_in_one_burst_join_with_that_name(store, banks):
    """Finding the session takes a moment: the name typed straight after the code's Enter
    went onto the end of the code, and a Backspace in it joined under a cut name."""
    session = remote(store, anonymous=False)
    app = ParticipantApp(person(store, banks), "", cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        assert app.focused is not None and app.focused.id == "code"
        code = session.join_code.lower()
        await burst(pilot, *code, "enter", *"Anx", "backspace", *"n [b]x[/b]", "enter")
        assert isinstance(app.screen, RejoinCodeScreen)  # joined: nothing typed went onto the code
    assert [p.name for p in store.get(session.id).participants] == ["Ann [b]x[/b]"]


async def test_a_wrong_code_then_a_name_joins_nobody_and_keeps_the_name_for_the_right_code(store, banks):
    session = remote(store, anonymous=False)
    app = ParticipantApp(person(store, banks), "", cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        await burst(pilot, *"ZZZZZZ", "enter", *"Ann", "enter")
        assert "No session has the code" in str(app.screen.query_one("#join-status").render())
        assert app.focused is not None and app.focused.id == "code"
        assert not app.screen.query_one("#name", Input).display
        await burst(pilot, *["backspace"] * 6, *session.join_code, "enter")
        assert app.screen.query_one("#name", Input).value == "Ann"
        await burst(pilot, "enter")
        assert isinstance(app.screen, RejoinCodeScreen)
    assert [p.name for p in store.get(session.id).participants] == ["Ann"]


async def test_two_quick_ratings_of_one_indicator_are_saved_in_the_order_pressed(store, banks, monkeypatch):
    """Each rating was saved in a thread of its own: a slow first save could land after the
    second, leaving the rating the person had just changed."""
    import asyncio
    import time

    from textual import events

    session = remote(store, anonymous=False)
    me = person(store, banks)
    me.join(session.join_code, "Ann")
    rate_now = ParticipantWorkspace.rate
    slow = ["leadership"]

    def rate(self, indicator, value):
        if slow and indicator == slow.pop():
            time.sleep(0.3)  # the first save is held up (a busy disk, a lock)
        return rate_now(self, indicator, value)

    monkeypatch.setattr(ParticipantWorkspace, "rate", rate)
    app = ParticipantApp(me, session.join_code, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        app.switch_screen(AnswersScreen())
        await settled(pilot)
        app.screen.query_one(RatingList).highlighted = 1  # Leadership
        app._driver.send_message(events.Key("4", "4"))
        await asyncio.sleep(0.1)  # its save has started, and is held up
        await burst(pilot, "up", "2")
    time.sleep(0.5)  # any save still held up has landed by now
    assert [(r.indicator, r.score) for r in store.get(session.id).resilience.ratings] == [("leadership", 2)]


async def test_backspace_straight_after_a_rating_takes_that_rating_back(store, banks):
    """A rating moves on to the next line: Backspace then cleared that next line's rating,
    and the mistaken one stayed."""
    session = remote(store, anonymous=False)
    me = person(store, banks)
    me.join(session.join_code, "Ann")
    app = ParticipantApp(me, session.join_code, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        app.switch_screen(AnswersScreen())
        await settled(pilot)
        listing = app.screen.query_one(RatingList)
        listing.highlighted = 1  # Leadership
        await burst(pilot, "4", "4", "up", "up", "2", "backspace")
        assert listing.highlighted == 1  # back on the line whose rating was taken back
        await burst(pilot, "5", "down", "backspace")  # Backspace after a move clears that line, as before
    mine = {r.indicator: r.score for r in store.get(session.id).resilience.ratings}
    first, second, third = (i.id for i in banks.resilience.indicators[:3])
    assert mine == {first: 5, second: 4} and third not in mine  # the next line's 4 was kept


async def test_a_second_enter_that_closes_the_code_screen_still_leaves_the_code_in_view(store, banks):
    """Enter pressed twice closed the rejoin code's screen before it could be read: the code
    stays above the ratings until the first rating."""
    session = remote(store)
    app = ParticipantApp(person(store, banks), session.join_code, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        await burst(pilot, *"Ann", "enter")
        assert isinstance(app.screen, RejoinCodeScreen)
        await burst(pilot, "enter")  # the second press of a double Enter, before the code was read
        assert isinstance(app.screen, AnswersScreen)
        code = app.participant.seat.rejoin_code
        status = " ".join(str(app.screen.query_one("#participant-status").render()).split())
        assert f"Your rejoin code: {code[:4]}-{code[4:]}" in status
        await burst(pilot, "3")
        assert code[:4] not in str(app.screen.query_one("#participant-status").render())


async def test_a_paste_longer_than_the_box_keeps_what_fits_and_says_so(store, banks):
    """A paste longer than a box takes was dropped whole, without a word."""
    from smp_tui.models import NAME_MAX

    session = remote(store, anonymous=False)
    app = ParticipantApp(person(store, banks), session.join_code, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        await paste(pilot, "W" * (NAME_MAX + 30))
        assert app.screen.query_one("#name", Input).value == "W" * NAME_MAX
        assert f"it takes {NAME_MAX}" in notices(app)


def test_anonymous_rejoin_needs_the_code_and_withdraw_removes_only_mine(store, banks):
    session = remote(store)
    ann, bob = person(store, banks), person(store, banks)
    seat = ann.join(session.join_code, "Ann")
    bob.join(session.join_code, "Bob")
    ann.rate("leadership", 2)
    bob.rate("leadership", 5)
    assert isinstance(person(store, banks).rejoin(session.join_code, "ABCDEFGH", "Ann"), Fault)
    again = person(store, banks)
    assert not isinstance(again.rejoin(session.join_code, seat.rejoin_code, "Ann"), Fault)
    assert again.withdraw() is None
    stored = store.get(session.id)
    assert [r.score for r in stored.resilience.ratings] == [5]
    assert {p.name: p.answered for p in stored.participants} == {"Ann": 0, "Bob": 0}  # no count beside a name


def test_how_many_each_person_answered_is_never_kept_or_shown_beside_their_name(store, banks):
    """People who answered different numbers of indicators: a count beside a name would pick
    out their answers (the answer key with as many ratings), in the file, an export or the panel."""
    from smp_tui.interchange import to_json
    from smp_tui.widgets.results import answered_text

    session = remote(store)
    ann, bob = person(store, banks), person(store, banks)
    ann.join(session.join_code, "Ann")
    bob.join(session.join_code, "Bob")
    for indicator in banks.resilience.indicators[:3]:
        assert bob.rate(indicator.id, 4) is None
    assert ann.rate("leadership", 2) is None
    raw = json.loads(store.path_of(session.id).read_text())
    people = next(iter(raw["sessions"].values()))["participants"]
    assert [(p["answered"], p["good_work_answered"]) for p in people] == [(0, 0), (0, 0)]
    stored = store.get(session.id)
    exported = json.loads(to_json([stored], banks))
    assert all(p["answered"] == 0 for s in exported["sessions"] for p in s["participants"])
    shown = answered_text(resilience_view(stored, banks.resilience)).plain
    assert "Ann:" not in shown and "Bob:" not in shown
    assert "1 person: 3 of 13" in shown and "1 person: 1 of 13" in shown
    # a file written before this kept the counts: they are gone once it is read
    legacy = stored.model_dump(mode="json")
    legacy["participants"][0]["answered"] = 3
    assert Session.model_validate(legacy).participants[0].answered == 0


def test_the_facilitator_can_take_a_person_out_and_they_can_no_longer_answer(store, banks):
    from smp_tui.logic.changes import remove_participant

    session = remote(store, anonymous=False)
    ann = person(store, banks)
    ann.join(session.join_code, "Ann")
    ann.rate("leadership", 3)
    ann_id = store.get(session.id).participants[0].id
    store.update(session.id, remove_participant(ann_id))
    assert store.get(session.id).resilience.ratings == []
    refused = ann.rate("staff_engagement", 3)
    assert isinstance(refused, Fault) and "taken you out" in str(refused)


# --- 3. anonymous means unlinkable ---------------------------------------------------------------


def test_an_anonymous_store_keeps_answers_under_keys_never_beside_names(store, banks):
    session = remote(store)
    people = [person(store, banks) for _ in range(3)]
    codes = [p.join(session.join_code, name).rejoin_code for p, name in zip(people, ["Ann", "Bob", "Cy"])]
    for p in people:
        p.rate("leadership", 4)
    stored = store.get(session.id)
    record = json.dumps(stored.model_dump(mode="json"))
    for participant in stored.participants:
        assert participant.rejoin_hash is None  # nothing beside the name opens the answers
    keys = {r.participant for r in stored.resilience.ratings}
    assert keys == {answer_key(session.id, code) for code in codes}
    assert not keys & {p.id for p in stored.participants}
    assert stored.resilience.anonymous_keys == sorted(stored.resilience.anonymous_keys)  # no join order
    assert "Ann" in record and all(code not in record for code in codes)


async def test_an_anonymous_away_day_never_shows_names_beside_ratings(store, banks):
    session = Session(team="Room team", title="Away-day", anonymous=True,
                      participants=[Participant(name="Ann"), Participant(name="Bob"), Participant(name="Cy")])
    store.save(session)
    app = SmpApp(store=store, banks=banks, cursor_blink=False)
    async with app.run_test(size=(100, 40)) as pilot:
        await settled(pilot)
        app.push_screen(ResilienceScreen(store.get(session.id)))
        await settled(pilot)
        progress = str(app.screen.query_one("#progress").render())
        assert "Rater 1" in progress and "Ann" not in progress
        await pilot.press("4")
        await settled(pilot)
        from textual.widgets import Select

        labels = [str(option[0]) for option in app.screen.query_one("#rater", Select)._options]
        assert not any(name in " ".join(labels) for name in ("Ann", "Bob", "Cy"))
    stored = store.get(session.id)
    assert stored.resilience.ratings[0].participant in stored.resilience.anonymous_keys


names = st.sampled_from(["Ann Lee", "Bob Ray", "Cy Dee", "Dee Fox", "Eve Moss", "Fay Ng", "Gus Orr"])


@st.composite
def anonymous_sessions(draw, banks):
    people = draw(st.lists(names, min_size=1, max_size=7, unique=True))
    indicators = [i.id for i in banks.resilience.indicators]
    session = Session(team="Prop team", title="Round", mode=draw(st.sampled_from(["remote", "away-day"])),
                      anonymous=True, min_group=draw(st.integers(1, 5)),
                      participants=[Participant(name=n) for n in people], join_code=new_join_code())
    keys = sorted(answer_key(session.id, f"CODE{n:04d}") for n in range(len(people)))
    ratings = []
    for key in keys:
        for indicator in draw(st.lists(st.sampled_from(indicators), unique=True, max_size=13)):
            score = draw(st.one_of(st.none(), st.integers(1, 5)))
            ratings.append(Rating(indicator=indicator, participant=key, score=score))
    session.resilience.ratings = ratings
    session.resilience.anonymous_keys = keys
    if session.mode == "remote":
        session = reveal_round(utc_now())(session)
    return session


def _without_random_keys(text: str) -> str:
    return re.sub(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}", "KEY", text)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_no_export_links_a_name_to_a_rating_nor_reveals_a_hidden_answer(banks, data):
    session = data.draw(anonymous_sessions(banks))
    stored_keys = set(session.resilience.anonymous_keys)
    hidden = hidden_indicators(session, session.resilience.ratings, banks.resilience)
    for fmt in ("md", "html", "csv", "json"):
        text = export(session, banks, fmt)
        assert not any(key in text for key in stored_keys)  # no stored key is printed
        for line in text.splitlines():
            if any(i.name in line for i in banks.resilience.indicators) or '"score"' in line:
                assert not any(p.name in line for p in session.participants)
        if fmt == "json":
            exported = json.loads(text)["sessions"][0]
            assert exported["participants"] == []
    # changing any answer to a hidden indicator changes nothing printed: no subtraction works
    if hidden:
        changed = session.model_copy(deep=True)
        for r in changed.resilience.ratings + changed.resilience.revealed_ratings:
            if r.indicator in hidden and r.score is not None:
                r.score = 6 - r.score if r.score != 3 else 1
        for fmt in ("md", "csv", "json"):
            assert (_without_random_keys(export(changed, banks, fmt))
                    == _without_random_keys(export(session, banks, fmt)))


def test_no_stored_version_says_who_joined_or_answered_last(store, banks):
    session = remote(store)
    for name in ["Zoe", "Yan", "Xena", "Abe"]:  # joining, and answering, in this order
        p = person(store, banks)
        p.join(session.join_code, name)
        p.rate("leadership", 3)
        stored = store.get(session.id)
        names = [q.name for q in stored.participants]
        assert names == sorted(names, key=str.casefold)  # not the order they joined in
        keys = [r.participant for r in stored.resilience.ratings]
        assert keys == sorted(keys)  # not the order they answered in


# --- 4. the smallest group counts distinct people ------------------------------------------------


def test_the_smallest_group_counts_people_not_ratings_and_leaves_hidden_out_of_every_figure(banks):
    session = Session(team="T", title="t", anonymous=True, min_group=3)
    keys = sorted(answer_key(session.id, f"CODE{n:04d}") for n in range(3))
    # leadership: 2 people; staff_engagement: 3 people
    for key, score in zip(keys[:2], (1, 1)):
        session = rate("leadership", key, score)(session)
    for key, score in zip(keys, (4, 4, 4)):
        session = rate("staff_engagement", key, score)(session)
    view = resilience_view(session, banks.resilience)
    rows = {r.key: r for r in view.rows}
    assert rows["leadership"].hidden and not rows["staff_engagement"].hidden
    assert rows["leadership_culture"].people.scores == (4, 4, 4)  # the attribute leaves it out
    assert rows["overall"].people.scores == (4, 4, 4)


# --- 5. the reveal is a round ----------------------------------------------------------------------


def test_before_the_reveal_no_screen_or_export_shows_results(store, banks):
    session = remote(store)
    people = [person(store, banks) for _ in range(3)]
    for p, name in zip(people, ["Ann", "Bob", "Cy"]):
        p.join(session.join_code, name)
        p.rate("leadership", 5)
    stored = store.get(session.id)
    for fmt in ("md", "csv"):
        text = export(stored, banks, fmt)
        assert "5.0" not in text and ",5," not in text and '"score": 5' not in text
    exported = json.loads(export(stored, banks, "json"))  # (parsed: a time stamp like 05:18:05.0 holds "5.0")
    results = [s["resilience"] for s in exported["sessions"]]
    assert not [rating for r in results for rating in r["ratings"] + r["revealed_ratings"]]  # no rating at all
    assert "hidden until the facilitator reveals" in export(stored, banks, "md")
    assert not resilience_view(stored, banks.resilience).shown


def test_revealing_freezes_the_round_and_closes_joining_and_answering_until_a_new_round(store, banks):
    session = remote(store)
    people = [person(store, banks) for _ in range(3)]
    for p, name in zip(people, ["Ann", "Bob", "Cy"]):
        p.join(session.join_code, name)
        p.rate("leadership", 4)
    store.update(session.id, reveal_round(utc_now()))
    late = person(store, banks)
    assert isinstance(late.join(session.join_code, "Dee"), Fault)  # joining closed
    refused = people[0].rate("leadership", 1)
    assert isinstance(refused, Fault) and "revealed" in str(refused)
    # even a change written straight to the ratings does not move the revealed results
    store.update(session.id, rate("leadership", store.get(session.id).resilience.anonymous_keys[0], 1))
    view = resilience_view(store.get(session.id), banks.resilience)
    assert {r.key: r for r in view.rows}["leadership"].people.scores == (4, 4, 4)
    store.update(session.id, open_new_round())
    reopened = store.get(session.id)
    assert not resilience_view(reopened, banks.resilience).shown and reopened.resilience.round == 2
    assert people[1].rate("leadership", 2) is None
    assert not isinstance(late.join(session.join_code, "Dee"), Fault)


def test_join_codes_stop_working_when_closed_or_expired(store, banks):
    from smp_tui.logic.changes import set_joining_closed

    session = remote(store)
    later = lambda: utc_now() + timedelta(hours=13)  # noqa: E731
    refused = person(store, banks, clock=later).join(session.join_code, "Ann")
    assert isinstance(refused, Fault) and "expired" in str(refused)
    store.update(session.id, set_joining_closed(True))
    refused = person(store, banks).join(session.join_code, "Ann")
    assert isinstance(refused, Fault) and "closed" in str(refused)


@pytest.mark.parametrize("anonymous", [True, False])
async def test_closing_joining_keeps_new_people_out_but_lets_those_who_joined_back(store, banks, anonymous):
    """A participant whose connection dropped after the facilitator closed joining could not
    use the rejoin code that "is the only way back"."""
    from smp_tui.logic.changes import set_joining_closed

    session = remote(store, anonymous=anonymous)
    seat = person(store, banks).join(session.join_code, "Ann")
    assert not isinstance(seat, Fault)
    store.update(session.id, set_joining_closed(True))
    app = ParticipantApp(person(store, banks), session.join_code, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        status = str(app.screen.query_one("#join-status").render())
        assert "Found:" in status and "Closed to new people" in status
        await burst(pilot, *"Bob", "enter")
        told = notices(app) + str(app.screen.query_one("#join-status").render())
        assert "closed this session to new people" in told
        await burst(pilot, *["backspace"] * 3, *"Ann", "tab", *seat.rejoin_code, "enter")
        assert isinstance(app.screen, AnswersScreen)
        await burst(pilot, "3")
    assert [p.name for p in store.get(session.id).participants] == ["Ann"]
    assert [r.score for r in store.get(session.id).resilience.ratings] == [3]


async def test_a_participant_joins_rates_and_sees_the_frozen_results_without_names(store, banks):
    session = remote(store, anonymous=False)
    others = [person(store, banks) for _ in range(2)]
    for p, name in zip(others, ["Ann", "Bob"]):
        p.join(session.join_code, name)
        p.rate("leadership", 1)
    app = ParticipantApp(person(store, banks), session.join_code, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        await type_into(pilot, "#name", "Cy")
        await settled(pilot)
        assert isinstance(app.screen, RejoinCodeScreen)
        await pilot.press("enter")
        await settled(pilot)
        assert isinstance(app.screen, AnswersScreen)
        await pilot.press("5")
        await settled(pilot)
        Store(store.folder).update(session.id, reveal_round(utc_now()))
        app.screen.reload()
        await settled(pilot)
        assert app.screen.query_one("#revealed-results").display
        console = app.console.options.update(width=120)
        shown = "".join(s.text for s in app.console.render(app.screen.query_one("#revealed-results").content, console))
        shown += str(app.screen.query_one("#revealed-disagreements").render())
        assert "Leadership" in shown and "Ann" not in shown and "Bob" not in shown
        await pilot.press("4")  # answering is closed now
        await settled(pilot)
        assert sorted(r.score for r in store.get(session.id).resilience.ratings) == [1, 1, 5]
        Store(store.folder).update(session.id, open_new_round())
        app.screen.reload()
        await settled(pilot)
        assert not app.screen.query_one("#revealed-results").display
        await pilot.press("3")  # a new round: the keys rate again at once, no Tab needed first
        await settled(pilot)
    assert sorted(r.score for r in store.get(session.id).resilience.ratings) == [1, 1, 3, 5]  # 3: the next indicator


@pytest.mark.parametrize("anonymous", [True, False])
def test_two_people_never_get_the_same_rejoin_code(tmp_path, monkeypatch, anonymous):
    """Codes are random; were one repeated, the second person would share the first one's
    answers. Made to repeat here, the second joiner gets another code."""
    codes = iter(["ABCDEFGH", "ABCDEFGH", "ABCDEFGJ"])
    monkeypatch.setattr("smp_tui.participant.new_rejoin_code", lambda: next(codes))
    store = Store(tmp_path)
    session = Session(team="T", title="Remote", mode="remote", anonymous=anonymous, join_code=new_join_code())
    store.save(session)
    ann, bob = (ParticipantWorkspace(Store(tmp_path), shipped_banks()) for _ in range(2))
    assert not isinstance(ann.join(str(session.join_code), "Ann"), Fault)
    assert not isinstance(bob.join(str(session.join_code), "Bob"), Fault)
    assert ann.seat is not None and bob.seat is not None
    assert (ann.seat.rejoin_code, bob.seat.rejoin_code) == ("ABCDEFGH", "ABCDEFGJ")
    assert ann.rate("leadership", 2) is None and bob.rate("leadership", 5) is None
    ann_view, bob_view = ann.view(), bob.view()
    assert not isinstance(ann_view, Fault) and not isinstance(bob_view, Fault)
    assert (ann_view.mine, bob_view.mine) == ({"leadership": 2}, {"leadership": 5})
