"""Fixed data for snapshot tests, so pictures only change when the screens do."""

from __future__ import annotations

import asyncio
from contextlib import asynccontextmanager
from datetime import datetime, timezone
from functools import cache

from textual import events
from textual.widgets import Input, TextArea

from smp_tui.app import SmpApp
from smp_tui.banks import Banks, load_banks
from smp_tui.models import Participant, Session
from smp_tui.store import Store

FIXED = datetime(2026, 3, 14, 9, 30, tzinfo=timezone.utc)


def fixed_session(number: int, team: str, title: str, **fields) -> Session:
    fields.setdefault("participants", [Participant(id=f"00000000-0000-4000-8000-0000000000{n:02d}", name=name)
                                       for n, name in enumerate(["Ann", "Bob", "Cy"])])
    return Session(id=f"00000000-0000-4000-8000-{number:012d}", team=team, title=title,
                   created_at=FIXED, updated_at=FIXED.replace(day=FIXED.day + number), **fields)


@cache
def shipped_banks() -> Banks:
    """The shipped banks, read once per test process: no test changes them (a test that
    needs other banks makes a copy, with model_copy)."""
    return load_banks()


def app_with(folder, *sessions: Session) -> SmpApp:
    store = Store(folder)
    for session in sessions:
        store.save(session)
    return SmpApp(store=store, banks=shipped_banks(), cursor_blink=False)


@asynccontextmanager
async def on_exercise(store, banks, index: int, size=(100, 40)):
    """The app on the first session's exercise number `index` (0 is the activity map)."""
    app = SmpApp(store=store, banks=banks, cursor_blink=False)
    async with app.run_test(size=size) as pilot:
        await settled(pilot)
        await pilot.press("enter")
        await settled(pilot)
        await open_row(pilot, "#exercises", index)
        yield pilot


@asynccontextmanager
async def on_new_session_form(store, banks, size=(80, 24)):
    """The app on the New session dialog, opened from the list with n."""
    from smp_tui.screens.new_session import NewSessionScreen

    app = SmpApp(store=store, banks=banks, cursor_blink=False)
    async with app.run_test(size=size) as pilot:
        await settled(pilot)
        await pilot.press("n")
        await settled(pilot)
        assert isinstance(app.screen, NewSessionScreen)
        yield pilot


async def settled(pilot) -> None:
    """Wait until every save and load has finished and the screen has caught up."""
    app = pilot.app
    await pilot.pause()
    if hasattr(app, "workspace"):  # the participant's app has no workspace (and no queue)
        app.workspace.finish()
    participant = vars(app).get("participant") or vars(app).get("_participant")  # (never making one)
    if participant is not None:  # a participant's changes are saved in turn, off the UI thread
        await asyncio.wrap_future(participant.in_order.submit(lambda: None))
        await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def burst(pilot, *keys: str) -> None:
    """Send keys the way a fast typist or a paste-as-keys does: all at once, with no
    pause for the app to catch up (pilot.press waits after every key)."""
    from textual import events
    from textual.keys import _character_to_key

    for key in keys:
        if len(key) == 1:
            event = events.Key(key if key.isalnum() else _character_to_key(key), key)
        else:
            event = events.Key(key, {"enter": "\r", "tab": "\t"}.get(key))
        event.set_sender(pilot.app)
        pilot.app._driver.send_message(event)
    await settled(pilot)


def notices(app) -> str:
    """Every notification the app has shown, one per line."""
    return "\n".join(str(n.message) for n in app._notifications)


def drawn(app) -> list[str]:
    """The screen's lines as the terminal shows them (only what is in view)."""
    return ["".join(segment.text for segment in strip) for strip in app.screen._compositor.render_strips()]


def footer_cut_off(app) -> list[str]:
    """The keys the screen's footer holds that its line, as drawn, does not show."""
    from textual.widgets import Footer

    line = drawn(app)[-1]
    return [key.description for key in app.screen.query_one(Footer).children if key.description not in line]


async def choose(pilot, selector: str, steps: int) -> None:
    """Focus a choice list, move down `steps` lines from the top and press Enter."""
    widget = pilot.app.screen.query_one(selector)
    widget.focus()
    widget.highlighted = 0
    await pilot.press(*(["down"] * steps), "enter")


async def type_into(pilot, selector: str, text: str, submit: bool = True) -> None:
    """Type `text` into a box key by key (for tests whose subject is typing), then Enter."""
    pilot.app.screen.query_one(selector).focus()
    await pilot.press(*text)
    if submit:
        await pilot.press("enter")


async def paste(pilot, text: str) -> None:
    """`text` arrives in the focused box in one go, as a paste through the terminal does:
    for tests whose subject is what is done with words, not the keys that typed them (a
    key costs a tenth of a second under Pilot)."""
    focused = pilot.app.focused
    assert isinstance(focused, (Input, TextArea)), f"pasting {text!r} needs a text box focused, not {focused!r}"
    pilot.app.post_message(events.Paste(text))
    await pilot.pause()


async def paste_into(pilot, selector: str, text: str, submit: bool = True) -> None:
    """Focus a box, paste `text` into it and (unless not `submit`) press Enter."""
    pilot.app.screen.query_one(selector).focus()
    await pilot.pause()  # focus() takes effect once the app has handled it
    await paste(pilot, text)
    if submit:
        await pilot.press("enter")


async def open_row(pilot, selector: str, index: int) -> None:
    """Highlight a line of an option list and press Enter on it."""
    options = pilot.app.screen.query_one(selector)
    options.focus()
    options.highlighted = index
    await pilot.press("enter")
    await settled(pilot)
