"""Remote sessions: join, private rating, who has answered, reveal, anonymity; saves
from two processes into one session; the personal check-in."""

from __future__ import annotations

import multiprocessing
import json
from datetime import datetime, timedelta, timezone

from smp_tui.app import SmpApp
from smp_tui.logic.resilience import set_rating
from smp_tui.models import Participant, Session, new_join_code, show_join_code
from smp_tui.report import export
from smp_tui.screens.checkin import CheckinScreen, TrendScreen, checkin_team, new_checkin
from smp_tui.logic.changes import reveal_round
from smp_tui.logic.privacy import answer_key
from smp_tui.models import utc_now
from smp_tui.participant import ParticipantWorkspace
from smp_tui.participant_app import ParticipantApp
from smp_tui.screens.participant import AnswersScreen, RejoinCodeScreen
from smp_tui.workspace import Fault
from smp_tui.screens.resilience import ResilienceScreen
from smp_tui.store import Store
from tests.snapshots_support import paste, settled, type_into

SCORES = [4, 3, 5, 2, 4, 3, 3, 4, 2, 5, 4, 3, 1]


def remote_session(**fields) -> Session:
    fields.setdefault("participants", [Participant(name="Ann"), Participant(name="Bob")])
    return Session(team="Remote team", title="Thursday check", mode="remote", anonymous=True,
                   join_code=new_join_code(), **fields)


def rendered(app, selector: str) -> str:
    """The plain text of a Static holding a Rich table, as a person would read it."""
    wide = app.console.options.update(width=160)
    return "".join(segment.text for segment in app.console.render(app.screen.query_one(selector).content, wide))


async def rate_all(pilot, scores) -> None:
    listing = pilot.app.screen.query_one("#indicators")
    listing.focus()
    listing.highlighted = 1
    for score in scores:
        await pilot.press(str(score))
        if listing.highlighted_option is not None and listing.highlighted_option.id is None:
            await pilot.press("down")


def participant_app(store, banks, code: str = "") -> ParticipantApp:
    return ParticipantApp(ParticipantWorkspace(store, banks), code, cursor_blink=False)


def joined(store, banks, session: Session, names: list[str]) -> list[ParticipantWorkspace]:
    """People joining `session` in their own processes (one workspace each)."""
    seats = []
    for name in names:
        person = ParticipantWorkspace(Store(store.folder), banks)
        assert not isinstance(person.join(session.join_code, name), Fault)
        seats.append(person)
    return seats


async def test_join_with_code_and_rate_privately(store, banks):
    session = remote_session(participants=[])
    store.save(session)
    typed = show_join_code(session.join_code).lower()
    app = participant_app(store, banks, typed)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        assert "Thursday check" in str(app.screen.query_one("#join-status").render())
        await type_into(pilot, "#name", "Cy [guest]")
        await settled(pilot)
        assert isinstance(app.screen, RejoinCodeScreen)  # shown once, before rating
        code = app.screen.code
        await pilot.press("enter")
        await settled(pilot)
        assert isinstance(app.screen, AnswersScreen)
        await rate_all(pilot, SCORES)
        await settled(pilot)
        status = str(app.screen.query_one("#participant-status").render())
        assert "13 of 13 answered" in status and "private" in status
        assert not app.screen.query_one("#revealed-results").display
    stored = Store(store.folder).get(session.id)
    cy = next(p for p in stored.participants if p.name == "Cy [guest]")
    assert cy.answered == 0  # anonymous: not even a count beside the name (it would pick out the answers)
    key = answer_key(session.id, code)
    assert key not in {p.id for p in stored.participants}
    mine = {r.indicator: r.score for r in stored.resilience.ratings if r.participant == key}
    assert [mine[i.id] for i in banks.resilience.indicators] == SCORES


async def test_unknown_code_is_explained(store, banks):
    app = participant_app(store, banks, "ZZZ-ZZZ")
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        assert "No session has the code ZZZ-ZZZ" in str(app.screen.query_one("#join-status").render())


async def test_facilitator_sees_who_answered_not_what_then_reveals(store, banks):
    session = remote_session(participants=[])
    store.save(session)
    ann, bob = joined(store, banks, session, ["Ann", "Bob"])
    for indicator, score in zip(banks.resilience.indicators, SCORES):
        assert ann.rate(indicator.id, score) is None
    assert bob.rate("leadership", 1) is None
    app = SmpApp(store=store, banks=banks, cursor_blink=False)
    async with app.run_test(size=(100, 40)) as pilot:
        await settled(pilot)
        app.push_screen(ResilienceScreen(store.get(session.id)))
        await settled(pilot)
        answered = str(app.screen.query_one("#answered").render())
        joined_line = next(line for line in answered.splitlines() if "Joined:" in line)
        assert "Ann" in joined_line and "Bob" in joined_line and "Ann:" not in answered  # no count beside a name
        assert "1 person: 13 of 13" in answered and "1 person: 1 of 13" in answered
        assert show_join_code(session.join_code) in answered
        assert not app.screen.query_one(".rater-row").display  # nobody's ratings can be looked at
        await pilot.press("f6")
        assert "hidden until you reveal" in str(app.screen.query_one("#results-table").render())
        await pilot.press("ctrl+r")
        await settled(pilot)
        text = rendered(app, "#results-table")
        assert "Leadership" in text and "hidden: fewer than 3 people rated it" in text  # 2 raters < 3
        assert "Ann" not in text and "Bob" not in text
        answered = str(app.screen.query_one("#answered").render())
        assert "until you reveal" not in answered  # no longer true once revealed
    stored = Store(store.folder).get(session.id)
    assert stored.resilience.revealed and len(stored.resilience.revealed_ratings) == 14


async def test_participant_sees_the_reveal_made_in_another_process(store, banks):
    session = remote_session(participants=[])
    store.save(session)
    app = participant_app(store, banks, session.join_code)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        await type_into(pilot, "#name", "Ann")
        await settled(pilot)
        await pilot.press("enter")
        await settled(pilot)
        assert not app.screen.query_one("#revealed-results").display
        await pilot.pause(1.2)  # the watcher has seen the file once
        elsewhere = Store(store.folder)  # the facilitator's process
        elsewhere.update(session.id, reveal_round(utc_now()))
        for _ in range(30):  # within 2 s (and well within 3)
            await pilot.pause(0.1)
            if app.screen.query_one("#revealed-results").display:
                break
        assert app.screen.query_one("#revealed-results").display


def test_anonymous_exports_never_name_a_rating(store, banks):
    session = remote_session(participants=[])
    store.save(session)
    people = joined(store, banks, session, ["Ann", "Bob", "Cy"])
    for person in people:
        person.rate("leadership", 3)
    store.update(session.id, reveal_round(utc_now()))
    session = store.get(session.id)
    keys = set(session.resilience.anonymous_keys) | {p.id for p in session.participants}
    for fmt in ("md", "html", "csv", "json"):
        text = export(session, banks, fmt)
        for row in text.splitlines():
            if "Leadership" in row or '"indicator"' in row:
                assert "Ann" not in row and "Bob" not in row and "Cy" not in row
        assert not any(key in text for key in keys)
    exported = json.loads(export(session, banks, "json"))["sessions"][0]
    assert exported["participants"] == []
    assert len({r["participant"] for r in exported["resilience"]["ratings"]}) == 3


def _rater(folder: str, session_id: str, person: str, indicators: list[str], go) -> None:
    store = Store(folder)
    go.wait()
    for indicator in indicators:
        store.update(session_id, lambda s, i=indicator: _rated(s, i, person))


def _rated(session: Session, indicator: str, person: str) -> Session:
    copy = session.model_copy(deep=True)
    set_rating(copy.resilience, indicator, person, 4)
    return copy


def test_two_processes_saving_into_one_session_keep_both_changes(store, banks):
    session = remote_session()
    store.save(session)
    indicators = [i.id for i in banks.resilience.indicators]
    ctx = multiprocessing.get_context("fork")
    go = ctx.Event()
    workers = [ctx.Process(target=_rater, args=(str(store.folder), session.id, p.id, indicators, go))
               for p in session.participants]
    for worker in workers:
        worker.start()
    go.set()
    for worker in workers:
        worker.join(timeout=120)
    assert [w.exitcode for w in workers] == [0, 0]
    ratings = Store(store.folder).get(session.id).resilience.ratings
    assert len(ratings) == 2 * len(indicators)


async def test_checkin_and_trend_against_earlier_checkins(store, banks):
    user = "manager"
    earlier = []
    for weeks, score in ((3, 2), (1, 3)):
        old = new_checkin(user)
        old = old.model_copy(update={"created_at": datetime.now(timezone.utc) - timedelta(weeks=weeks)})
        for indicator in banks.resilience.indicators:
            set_rating(old.resilience, indicator.id, old.participants[0].id, score)
        store.save(old)
        earlier.append(old)
    app = SmpApp(store=store, banks=banks, cursor_blink=False, first_screen=CheckinScreen(new_checkin(user)))
    async with app.run_test(size=(80, 40)) as pilot:
        await settled(pilot)
        await rate_all(pilot, [4] * 12 + [3])
        await paste(pilot, "Short-staffed but steady")
        await pilot.press("enter")
        await settled(pilot)
        assert isinstance(app.screen, TrendScreen)
        await settled(pilot)
        trend = rendered(app, "#trend")
        moved = str(app.screen.query_one("#moved").render())
    assert "3 check-ins" in trend
    assert "Leadership" in moved and "+1" in moved  # 3 -> 4
    assert "Stress testing plans" not in moved  # 3 -> 3
    checkins = Store(store.folder).sessions(checkin_team(user))
    assert len(checkins) == 3
    newest = max(checkins, key=lambda s: s.created_at)
    assert newest.note == "Short-staffed but steady" and len(newest.resilience.ratings) == 13


async def test_a_checkin_can_be_shared_into_a_team_session(store, banks):
    team_session = Session(team="Blue team", title="Spring", participants=[Participant(name="manager")])
    store.save(team_session)
    app = SmpApp(store=store, banks=banks, cursor_blink=False, first_screen=CheckinScreen(new_checkin("manager")))
    async with app.run_test(size=(80, 30)) as pilot:
        await settled(pilot)
        await rate_all(pilot, [5] * 13)
        await pilot.press("ctrl+s")
        await settled(pilot)
        await pilot.press("s")
        await settled(pilot)
        await pilot.press("enter", "enter")  # the session, then "manager", offered first as it is the login
        await settled(pilot)
    shared = Store(store.folder).get(team_session.id)
    assert len(shared.participants) == 1  # matched by name, not added twice
    assert [r.score for r in shared.resilience.ratings if r.participant == shared.participants[0].id] == [5] * 13
