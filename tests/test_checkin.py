"""The personal check-in is kept only once something is answered: one opened and left
(Ctrl+Q, Escape) stores nothing, so it cannot flatten the trend of later check-ins."""

from __future__ import annotations

from contextlib import asynccontextmanager
from datetime import datetime, timedelta, timezone

from smp_tui.app import SmpApp
from smp_tui.logic.resilience import set_rating
from smp_tui.screens.checkin import CheckinScreen, TrendScreen, checkin_team, new_checkin
from smp_tui.store import Store
from tests.snapshots_support import notices, settled
from tests.test_remote import rate_all, rendered

USER = "manager"


def stored_checkins(store: Store):
    return Store(store.folder).sessions(checkin_team(USER))


def earlier_checkin(store: Store, banks, score: int, weeks_ago: int):
    old = new_checkin(USER)
    old = old.model_copy(update={"created_at": datetime.now(timezone.utc) - timedelta(weeks=weeks_ago)})
    for indicator in banks.resilience.indicators:
        set_rating(old.resilience, indicator.id, old.participants[0].id, score)
    store.save(old)
    return old


def checkin_app(store, banks) -> SmpApp:
    return SmpApp(store=store, banks=banks, cursor_blink=False, first_screen=CheckinScreen(new_checkin(USER)))


async def test_opened_then_quit_saves_nothing(store, banks):
    app = checkin_app(store, banks)
    async with app.run_test(size=(80, 30)) as pilot:
        await settled(pilot)
        await pilot.press("down", "down")  # looking around is not answering
        await pilot.press("ctrl+q")
        await settled(pilot)
    assert stored_checkins(store) == []
    assert not any(store.folder.rglob("session-*.json"))


async def test_opened_then_escape_saves_nothing_and_says_so(store, banks):
    earlier_checkin(store, banks, 3, weeks_ago=1)
    app = checkin_app(store, banks)
    async with app.run_test(size=(80, 30)) as pilot:
        await settled(pilot)
        await pilot.press("escape")
        await settled(pilot)
        assert isinstance(app.screen, TrendScreen)
        heading = str(app.screen.query_one("#heading").render())
        trend = rendered(app, "#trend")
        await pilot.press("s")  # nothing to share either
        await settled(pilot)
        assert isinstance(app.screen, TrendScreen)
        keys = {b.binding.key: b.binding.description for b in app.screen.active_bindings.values()}
        assert keys["q"] == "Done"  # q goes back to My workbook, or ends smp checkin: not "Quit"
    assert "nothing was saved" in heading
    assert "1 check-in " in trend  # only the earlier one (and not "1 check-ins")
    assert len(stored_checkins(store)) == 1


async def test_one_answer_then_quit_keeps_the_checkin(store, banks):
    app = checkin_app(store, banks)
    async with app.run_test(size=(80, 30)) as pilot:
        await settled(pilot)
        await pilot.press("2")
        await settled(pilot)
        await pilot.press("ctrl+q")
        await settled(pilot)
    [kept] = stored_checkins(store)
    assert [(r.indicator, r.score) for r in kept.resilience.ratings] == [(banks.resilience.indicators[0].id, 2)]


async def test_a_line_alone_keeps_the_checkin(store, banks):
    app = checkin_app(store, banks)
    async with app.run_test(size=(80, 30)) as pilot:
        await settled(pilot)
        await pilot.press("tab")
        assert app.focused is app.screen.query_one("#line")
        await pilot.press(*"Quiet week", "enter")
        await settled(pilot)
        heading = str(app.screen.query_one("#heading").render())
    [kept] = stored_checkins(store)
    assert kept.note == "Quiet week" and kept.resilience.ratings == []
    assert heading.startswith("Saved.")


async def test_an_abandoned_checkin_does_not_hide_what_moved(store, banks):
    """The issue's case: Leadership fell 5 -> 1, with an empty check-in opened in between."""
    earlier_checkin(store, banks, 5, weeks_ago=2)
    abandoned = checkin_app(store, banks)
    async with abandoned.run_test(size=(80, 30)) as pilot:
        await settled(pilot)
        await pilot.press("ctrl+q")
        await settled(pilot)
    app = checkin_app(store, banks)
    async with app.run_test(size=(80, 40)) as pilot:
        await settled(pilot)
        await rate_all(pilot, [1] * len(banks.resilience.indicators))
        await pilot.press("ctrl+s")
        await settled(pilot)
        await settled(pilot)
        moved = str(app.screen.query_one("#moved").render())
    assert "Leadership -4" in moved
    assert len(stored_checkins(store)) == 2


@asynccontextmanager
async def on_trend_after_rating(store, banks, team, score: int):
    """A check-in rated `score` throughout and finished, beside the team session `team`."""
    store.save(team)
    app = checkin_app(store, banks)
    async with app.run_test(size=(80, 40)) as pilot:
        await settled(pilot)
        await rate_all(pilot, [score] * len(banks.resilience.indicators))
        await pilot.press("ctrl+s")
        await settled(pilot)
        yield pilot


async def test_a_checkin_is_shared_as_the_person_chosen_never_as_a_second_person(store, banks):
    """The login name ("manager") is not the name the team typed ("Jo Smith"): shared under
    it, Jo's ratings counted as a third person's beside her own."""
    from smp_tui.models import Participant, Session
    from smp_tui.screens.checkin import ShareAsDialog

    team = Session(team="Blue team", title="Spring away-day",
                   participants=[Participant(name="Bob"), Participant(name="Jo Smith")])
    async with on_trend_after_rating(store, banks, team, 4) as pilot:
        app = pilot.app
        await pilot.press("s", "enter")  # the only team session
        await settled(pilot)
        assert isinstance(app.screen, ShareAsDialog)
        offered = app.screen.query_one("#choices")
        assert [str(offered.get_option_at_index(n).prompt) for n in range(offered.option_count)] == \
            ["Bob", "Jo Smith", "Not on the list: share as manager"]
        await pilot.press("down", "enter")
        await settled(pilot)
        assert isinstance(app.screen, TrendScreen)
    shared = store.get(team.id)
    assert [p.name for p in shared.participants] == ["Bob", "Jo Smith"]  # nobody added
    jo = shared.participants[1].id
    assert {(r.participant, r.score) for r in shared.resilience.ratings} == {(jo, 4)}
    assert len(shared.resilience.ratings) == len(banks.resilience.indicators)


async def test_a_checkin_shared_by_someone_not_listed_adds_them_and_escape_shares_nothing(store, banks):
    from smp_tui.models import Participant, Session

    team = Session(team="Blue team", title="Spring away-day", participants=[Participant(name="Bob")])
    async with on_trend_after_rating(store, banks, team, 2) as pilot:
        await pilot.press("s", "enter", "escape")  # changed their mind
        await settled(pilot)
        assert store.get(team.id).resilience.ratings == []
        await pilot.press("s", "enter", "down", "enter")  # not on the list
        await settled(pilot)
    shared = store.get(team.id)
    assert [p.name for p in shared.participants] == ["Bob", USER]
    assert {r.participant for r in shared.resilience.ratings} == {shared.participants[1].id}


async def test_the_sharer_whose_login_is_on_the_list_is_offered_first(store, banks):
    from smp_tui.models import Participant, Session

    team = Session(team="Blue team", title="Away-day", participants=[Participant(name="Bob"),
                                                                      Participant(name="Manager")])
    async with on_trend_after_rating(store, banks, team, 3) as pilot:
        await pilot.press("s", "enter")
        await settled(pilot)
        offered = pilot.app.screen.query_one("#choices")
        assert offered.option_count == 2 and offered.highlighted == 1  # no "not on the list": it is
        await pilot.press("enter")
        await settled(pilot)
    shared = store.get(team.id)
    assert {r.participant for r in shared.resilience.ratings} == {shared.participants[1].id}


async def test_sharing_as_someone_who_has_rated_asks_before_replacing_their_ratings(store, banks):
    from smp_tui.models import Participant, Session
    from smp_tui.screens.confirm import ConfirmScreen

    bob = Participant(name="Bob")
    team = Session(team="Blue team", title="Spring away-day", participants=[bob])
    set_rating(team.resilience, banks.resilience.indicators[0].id, bob.id, 1)
    async with on_trend_after_rating(store, banks, team, 5) as pilot:
        await pilot.press("s", "enter", "enter")  # Bob, by mistake
        await settled(pilot)
        assert isinstance(pilot.app.screen, ConfirmScreen)
        assert "Bob has already rated 1 indicator in 'Spring away-day'" in pilot.app.screen.question
        await pilot.press("n")
        await settled(pilot)
        assert {r.score for r in store.get(team.id).resilience.ratings} == {1}  # Bob's kept
        await pilot.press("s", "enter", "enter", "y")
        await settled(pilot)
    assert {r.score for r in store.get(team.id).resilience.ratings} == {5}


async def test_a_checkin_is_never_shared_into_an_anonymous_session(store, banks):
    """Its ratings would go in under the sharer's name (or a name they pick), in a session
    whose promise is that no rating carries one."""
    from smp_tui.models import Participant, Session

    team = Session(team="Blue team", title="Anon day", anonymous=True, participants=[Participant(name="Ann")])
    async with on_trend_after_rating(store, banks, team, 4) as pilot:
        await pilot.press("s")
        await settled(pilot)
        assert isinstance(pilot.app.screen, TrendScreen)
        assert "cannot go into an anonymous one" in notices(pilot.app)
    assert store.get(team.id).resilience.ratings == []


async def test_the_person_chosen_is_the_one_rated_even_beside_a_lookalike_name(store, banks):
    """Two people whose names differ only in capitals (left by an older smp): the ratings go
    to the one chosen, not the first of that name."""
    from smp_tui.models import Participant, Session

    team = Session(team="Blue team", title="Spring", participants=[Participant(name="Anna"), Participant(name="anna")])
    async with on_trend_after_rating(store, banks, team, 5) as pilot:
        await pilot.press("s", "enter", "down", "enter")  # the second, "anna"
        await settled(pilot)
    shared = store.get(team.id)
    assert {r.participant for r in shared.resilience.ratings} == {team.participants[1].id}
