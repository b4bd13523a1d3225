"""Issue 12's resilience items: the room's rating is not a sixth person, splits are real
splits, trends are rounded before the arrow, a rater has everything in view at 80x24,
names stay readable, and private notes are masked on the projector."""

from __future__ import annotations

from textual.widgets import TextArea

from smp_tui.app import SmpApp
from smp_tui.logic.changes import rate
from smp_tui.logic.resilience import Summary, trend
from smp_tui.logic.summary import resilience_view, trend_text
from smp_tui.models import IndicatorNotes, Participant, Session
from smp_tui.report import export
from smp_tui.screens.resilience import ResilienceScreen
from smp_tui.widgets.results import ARROWS
from tests.snapshots_support import settled

FIVE = ["Ann", "Bob", "Cy", "Dee", "Eve"]


def team_of_five(**fields) -> Session:
    return Session(team="Blue", title="Day", participants=[Participant(name=n) for n in FIVE], **fields)


def test_the_rooms_rating_is_shown_beside_peoples_never_pooled(banks):
    session = team_of_five()
    for person, score in zip(session.participants, (4, 2, 5, 3, 4)):
        session = rate("leadership", person.id, score)(session)
    session = rate("leadership", None, 3)(session)  # the room's agreed rating
    view = resilience_view(session, banks.resilience)
    row = next(r for r in view.rows if r.key == "leadership")
    assert row.people.mean == 3.6 and row.people.rated == 5 and row.room == 3
    overall = view.overall
    assert overall is not None and overall.people.rated == 5
    md = export(session, banks, "md")
    assert "| Leadership | 3.6 | 2–5 |" in md and "| 5 | 0 | 3 |" in md


def test_only_real_splits_are_flagged_with_who_sits_at_each_end(banks):
    session = team_of_five()
    people = session.participants
    for indicator in [i.id for i in banks.resilience.indicators]:  # everyone 3 or 4: no split
        for person, score in zip(people, (3, 4, 3, 4, 3)):
            session = rate(indicator, person.id, score)(session)
    for person, score in zip(people, (1, 1, 4, 5, 5)):
        session = rate("staff_engagement", person.id, score)(session)
    view = resilience_view(session, banks.resilience)
    assert [s.key for s in view.splits] == ["staff_engagement"]
    assert view.splits[0].describe() == "two people at 1 (Ann, Bob), three people at 4–5 (Cy, Dee, Eve)"
    anonymous = session.model_copy(update={"anonymous": True})
    assert resilience_view(anonymous, banks.resilience).splits[0].describe() == "two people at 1, three people at 4–5"


def test_a_trend_is_rounded_before_its_arrow_is_chosen():
    now, before = Summary((3, 3, 3), 0), Summary((3, 3, 3, 3, 3, 3, 2, 4), 0)
    assert trend_text(trend(Summary((2, 3), 0), Summary((2, 3), 0), 0.25), ARROWS) == "="
    small = trend(Summary((30, 31), 0), Summary((30, 30), 0), 0.25)  # +0.5
    assert trend_text(small, ARROWS) == "▲ +0.5"
    tiny = trend(Summary((3, 3, 3), 0), Summary((3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 2), 0), 0.25)
    assert trend_text(tiny, ARROWS) == "=" and "-0.0" not in trend_text(tiny, ARROWS)
    assert trend(now, before, 0.25).direction == "same"


async def test_at_80x24_the_rater_sees_whose_ratings_the_words_and_the_buttons(store, banks):
    session = team_of_five()
    store.save(session)
    app = SmpApp(store=store, banks=banks, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        app.push_screen(ResilienceScreen(store.get(session.id)))
        await settled(pilot)
        for selector in ("#rater", "#indicators", "#anchors", "#score-1", "#score-5", "#score-0"):
            region = app.screen.query_one(selector).region
            assert region.height > 0 and region.y + region.height <= 23, selector  # above the footer
        anchors = str(app.screen.query_one("#anchors").render())
        assert "Weak (1)" in anchors and "Strong (5)" in anchors
        await pilot.press("f6")
        await settled(pilot)
        console = app.console.options.update(width=78)
        table = "".join(s.text for s in app.console.render(app.screen.query_one("#results-table").content, console))
        assert all(i.name in table for i in banks.resilience.indicators)  # names never cut at 80


async def test_a_private_note_is_masked_on_the_projector_until_its_author_shows_it(store, banks):
    session = team_of_five()
    session.resilience.notes["leadership"] = IndicatorNotes(worries="Ann's health", private=True)
    store.save(session)
    app = SmpApp(store=store, banks=banks, cursor_blink=False)
    async with app.run_test(size=(100, 40)) as pilot:
        await settled(pilot)
        app.push_screen(ResilienceScreen(store.get(session.id)))
        await settled(pilot)
        await pilot.press("f7")
        await settled(pilot)
        assert not app.screen.query_one("#note-fields").display
        assert app.screen.query_one("#note-masked").display
        await pilot.press("ctrl+u")
        await settled(pilot)
        assert app.screen.query_one("#note-fields").display
        assert app.screen.query_one("#note-worries", TextArea).text == "Ann's health"


async def test_the_notes_tab_reaches_its_first_box_in_one_tab_and_private_reads_without_colour(store, banks):
    session = team_of_five()
    store.save(session)
    app = SmpApp(store=store, banks=banks, cursor_blink=False)
    async with app.run_test(size=(100, 40)) as pilot:
        await settled(pilot)
        app.push_screen(ResilienceScreen(store.get(session.id)))
        await settled(pilot)
        await pilot.press("f7")
        await settled(pilot)
        app.screen.query_one("#note-indicator").focus()
        await pilot.press("tab")
        assert app.focused is app.screen.query_one("#note-working_well")
        private = app.screen.query_one("#note-private")
        assert "✔" not in str(private.render())
        private.value = True
        await settled(pilot)
        assert "✔" in str(private.render())


def test_counts_read_as_english():
    from smp_tui.logic.summary import counted

    assert [counted(n, "action") for n in (0, 1, 2)] == ["0 actions", "1 action", "2 actions"]
    assert [counted(n, "person", "people") for n in (1, 3)] == ["1 person", "3 people"]
