"""Issue 14: in a remote session the facilitator asks everyone to do a personal tool; each
person answers it in their own `smp join`, sees their result privately, and only what
they choose to share reaches the team (with no name in an anonymous session)."""

from __future__ import annotations

import pytest
from textual.widgets import Static

from smp_tui.app import SmpApp
from smp_tui.logic.changes import ask_for_tool
from smp_tui.models import Session, new_join_code
from smp_tui.participant import ParticipantWorkspace
from smp_tui.participant_app import ParticipantApp
from smp_tui.report import export
from smp_tui.screens.participant import AnswersScreen
from smp_tui.screens.participant_workbook import OwnToolScreen
from smp_tui.screens.session import SessionScreen
from smp_tui.store import Store
from tests.snapshots_support import FIXED, settled, shipped_banks, type_into

LISTENER_PULL = [4, 3, 4, 4, 3, 4, 4, 3, 3, 4, 3, 4, 4, 3, 4, 3, 4, 3]  # 64, scored by hand: Definite use
LISTENER_PUSH = [1, 2, 0, 1, 2, 1, 0, 2, 1, 1, 2, 0, 1, 2, 1, 0, 1, 2]  # 20: Tendency to avoid
KEYS = [str(score) for pair in zip(LISTENER_PULL, LISTENER_PUSH) for score in pair]


def remote(store, anonymous: bool, tool: str | None) -> Session:
    session = Session(team="Remote team", title="Thursday", mode="remote", anonymous=anonymous,
                      join_code=new_join_code(), asked_tool=tool)
    store.save(session)
    return session


def _text(app, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def _untouched(session: Session) -> dict:
    """The session as stored, leaving out what joining changes."""
    return session.model_dump(exclude={"participants", "updated_at"})


async def _join(pilot, name: str) -> None:
    await settled(pilot)
    await type_into(pilot, "#name", name)
    await settled(pilot)
    await pilot.press("enter")  # the rejoin code is written down
    await settled(pilot)
    assert isinstance(pilot.app.screen, AnswersScreen)


# --- the facilitator asks --------------------------------------------------------------------------


async def test_the_facilitator_asks_everyone_for_a_personal_tool(store, banks):
    session = remote(store, anonymous=True, tool=None)
    app = SmpApp(store=store, banks=banks, cursor_blink=False, first_screen=SessionScreen(session.id))
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        assert "Personal tool: none asked for (t to ask)" in _text(app, "#session-head")
        await pilot.press("t")
        await settled(pilot)
        await pilot.press("enter")  # the first offered: influencing styles
        await settled(pilot)
        assert store.get(session.id).asked_tool == "influencing"
        assert "Personal tool asked for: Influencing styles (t to change)" in _text(app, "#session-head")
        await pilot.press("t", "down", "enter")
        await settled(pilot)
        assert store.get(session.id).asked_tool == "learning_needs"
        assert "Personal tool asked for: Learning needs analysis" in _text(app, "#session-head")
        await pilot.press("t", "down", "down", "enter")  # ask for none
        await settled(pilot)
        assert store.get(session.id).asked_tool is None
        assert "Personal tool: none asked for" in _text(app, "#session-head")


async def test_only_a_remote_session_asks_for_a_personal_tool(store, banks):
    session = Session(team="Blue team", title="Away-day")
    store.save(session)
    app = SmpApp(store=store, banks=banks, cursor_blink=False, first_screen=SessionScreen(session.id))
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        await pilot.press("t")
        await settled(pilot)
        assert isinstance(app.screen, SessionScreen)
        assert "personal tool" not in _text(app, "#session-head")
    assert store.get(session.id).asked_tool is None


def test_a_session_file_without_the_request_still_loads(store):
    session = remote(store, anonymous=True, tool=None)
    stored = session.model_dump(mode="json")
    del stored["asked_tool"]  # as written before the field existed
    assert Session.model_validate(stored).asked_tool is None


def test_only_tools_answered_with_single_keys_can_be_asked_for():
    import pytest

    with pytest.raises(ValueError, match="'plan' cannot be asked for"):
        ask_for_tool("plan")


# --- a participant answers it ------------------------------------------------------------------------


@pytest.mark.long
async def test_a_participant_answers_privately_and_shares_only_the_totals(store, banks):
    session = remote(store, anonymous=False, tool=None)
    app = ParticipantApp(ParticipantWorkspace(Store(store.folder), banks), session.join_code, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await _join(pilot, "Cy")
        await pilot.press("ctrl+t")  # nothing asked for yet
        await settled(pilot)
        assert isinstance(app.screen, AnswersScreen) and "Also asked" not in _text(app, "#participant-status")
        Store(store.folder).update(session.id, ask_for_tool("influencing"))  # the facilitator asks
        app.screen.reload()
        await settled(pilot)
        assert "Also asked: Influencing styles" in _text(app, "#participant-status")
        joined = _untouched(store.get(session.id))
        await pilot.press("ctrl+t")
        await settled(pilot)
        assert isinstance(app.screen, OwnToolScreen)
        privacy = _text(app, "#own-privacy")
        assert "your answers stay in this window, saved nowhere, seen by nobody" in privacy
        assert "under your name" in privacy
        await pilot.press("s")  # nothing to share yet
        await settled(pilot)
        assert store.get(session.id).shared == []
        await pilot.press(*KEYS[:35])
        await settled(pilot)
        status = _text(app, "#own-status")
        assert "Pull 64 Definite use" in status and "Push: 1 left" in status
        assert "once every statement is answered" in status
        await pilot.press(KEYS[35])
        await settled(pilot)
        status = _text(app, "#own-status")
        assert "Pull 64 Definite use · Push 20 Tendency to avoid" in status and "Ready: s shares" in status
        await pilot.press("f6")
        await settled(pilot)
        console = app.console.options.update(width=78)
        result = "".join(s.text for s in app.console.render(app.screen.query_one("#own-result").content, console))
        assert "64 of 72, Definite use" in result and "20 of 72, Tendency to avoid" in result
        # Answered and seen, yet nothing of it is in the store.
        assert _untouched(store.get(session.id)) == joined
        await pilot.press("f5", "s")
        await settled(pilot)
        [shared] = store.get(session.id).shared
        assert (shared.person, shared.tool, shared.totals) == ("Cy", "influencing", {"pull": 64, "push": 20})
        assert "Shared with the team, as it is now." in _text(app, "#own-status")
        await pilot.press("up", "0")  # an answer changed after sharing: shared again on s, replacing it
        await settled(pilot)
        assert "Ready: s shares" in _text(app, "#own-status")
        await pilot.press("s")
        await settled(pilot)
        [again] = store.get(session.id).shared
        assert again.totals == {"pull": 64, "push": 18} and again.source == shared.source
        await pilot.press("escape")
        await settled(pilot)
        assert isinstance(app.screen, AnswersScreen)
    # The team's export carries the shared totals, never the answers behind them.
    text = export(store.get(session.id), banks, "md")
    assert "### Cy: Influencing styles" in text and "- Pull total: 64 (Definite use)" in text
    assert "I press" not in text


async def test_in_an_anonymous_session_a_shared_result_names_nobody(store, banks):
    session = remote(store, anonymous=True, tool="learning_needs")
    others = ParticipantWorkspace(Store(store.folder), banks)
    others.join(session.join_code, "Ann")
    app = ParticipantApp(ParticipantWorkspace(Store(store.folder), banks), session.join_code, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await _join(pilot, "Dee")
        await pilot.press("ctrl+t")
        await settled(pilot)
        assert "with no name (anonymous session)" in _text(app, "#own-privacy")
        await pilot.press(*"32451234234")
        await settled(pilot)
        assert "11 of 11 scored" in _text(app, "#own-status")
        assert store.get(session.id).shared == []
        await pilot.press("s")
        await settled(pilot)
    for statement in banks.learning_needs.statements:  # Ann shares too, from her own terminal
        others.answer_own("learning_needs", statement.id, 2)
    assert others.share_own("learning_needs") is None
    stored = store.get(session.id)
    assert [w.person for w in stored.shared] == ["Someone in the team"] * 2
    assert [w.id for w in stored.shared] == sorted(w.id for w in stored.shared)  # in no order
    assert all(w.shared_at == stored.created_at for w in stored.shared)
    shared_json = "".join(w.model_dump_json() for w in stored.shared)
    assert "Dee" not in shared_json and "Ann" not in shared_json
    scores = sorted(sorted(w.totals.values()) for w in stored.shared)
    assert scores == sorted([[2] * 11, sorted([3, 2, 4, 5, 1, 2, 3, 4, 2, 3, 4])])
    text = export(stored, banks, "md") + export(stored, banks, "csv")
    assert "Dee" not in text and "Ann" not in text and "Someone in the team" in text


def test_answers_to_a_personal_tool_never_reach_the_store(store, banks):
    session = remote(store, anonymous=True, tool="influencing")
    me = ParticipantWorkspace(Store(store.folder), banks)
    me.join(session.join_code, "Eve")
    before = me.signature()
    for number in range(1, 37):
        work = me.answer_own("influencing", str(number), 4)
    assert me.signature() == before  # the session's file was not written
    assert work.not_yet is None and "Pull 72 Definite use" in work.status and not work.shared
    assert "# Influencing styles: Eve" in work.result  # shown to Eve alone, in her own process
    assert me.answer_own("influencing", "37", 4).__class__.__name__ == "Fault"
    assert me.answer_own("influencing", "1", 9).__class__.__name__ == "Fault"
    assert me.own_work("plan").__class__.__name__ == "Fault"
    Store(store.folder).update(session.id, ask_for_tool("learning_needs"))
    refused = me.share_own("influencing")
    assert "no longer asks for this tool" in str(refused)
    assert store.get(session.id).shared == []


def test_the_personal_tool_screen_at_80x24(snap_compare, tmp_path):
    store = Store(tmp_path)
    session = Session(id="00000000-0000-4000-8000-000000000001", team="Remote team", title="Thursday",
                      mode="remote", anonymous=True, join_code="KXPM47", asked_tool="influencing",
                      created_at=FIXED, updated_at=FIXED, join_expires_at=FIXED.replace(year=2099))
    store.save(session)
    app = ParticipantApp(ParticipantWorkspace(Store(tmp_path), shipped_banks()), "KXPM47", cursor_blink=False)

    async def answered(pilot) -> None:
        await _join(pilot, "Dee")
        await pilot.press("ctrl+t")
        await settled(pilot)
        await pilot.press(*KEYS[:5])
        await settled(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=answered)


async def test_every_participant_footer_fits_80_columns(store, banks):
    """Every key a participant's footer shows is in view at 80 columns, on every screen
    they reach, with a personal tool asked for; the keys left out of the footer are in F1's
    list."""
    from smp_tui.screens.help import HelpScreen
    from smp_tui.screens.participant_good_work import GoodWorkAnswersScreen
    from tests.snapshots_support import footer_cut_off

    session = remote(store, anonymous=True, tool="influencing")
    app = ParticipantApp(ParticipantWorkspace(Store(store.folder), banks), session.join_code, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        assert footer_cut_off(app) == [], "join screen"
        await _join(pilot, "Cy")
        assert "Also asked: Influencing styles, on your own (Ctrl+T)" in _text(app, "#participant-status")
        await pilot.press("f1")
        await settled(pilot)
        assert isinstance(app.screen, HelpScreen)
        keys = " ".join(str(text.render()) for text in app.screen.query(Static))
        assert all(word in keys for word in ("Personal tool", "Contrast", "Quit", "Withdraw"))
        await pilot.press("escape")
        await settled(pilot)
        for key, screen in (("f6", GoodWorkAnswersScreen), ("f5", AnswersScreen), ("ctrl+t", OwnToolScreen)):
            assert footer_cut_off(app) == [], type(app.screen).__name__
            await pilot.press(key)
            await settled(pilot)
            assert isinstance(app.screen, screen)
        assert footer_cut_off(app) == [], type(app.screen).__name__
