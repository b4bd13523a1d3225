"""The Textual app: bindings, themes, command palette, screen routing, saving."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from functools import partial
from typing import TYPE_CHECKING

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import Hit, Hits, Provider
from textual.message import Message
from textual.screen import Screen
from textual.theme import Theme

from smp_tui.messages import SessionSaved, StoreChanged

if TYPE_CHECKING:  # pydantic, tinydb and the banks load after the first paint (see SmpApp)
    from smp_tui.banks import Banks
    from smp_tui.models import Session
    from smp_tui.saving import SaveJob, SaveQueue
    from smp_tui.store import Store

HIGH_CONTRAST = Theme(
    name="smp-high-contrast",
    primary="#FFFF00",
    secondary="#00FFFF",
    accent="#FFFFFF",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#1A1A1A",
    success="#00FF00",
    warning="#FFAA00",
    error="#FF5555",
    dark=True,
)


class _SaveFinished(Message):
    def __init__(self, job: SaveJob, session: Session | None, error: Exception | None) -> None:
        super().__init__()
        self.job, self.session, self.error = job, session, error


class _SaveWaiting(Message):
    """A save has waited about a second for a lock (sent from the saving thread)."""

    def __init__(self, path: object, holder: str) -> None:
        super().__init__()
        self.path, self.holder = path, holder


class SmpCommands(Provider):
    """Command palette: go to sessions, start a new one, switch contrast."""

    def _commands(self) -> Iterable[tuple[str, str, Callable[[], object]]]:
        app = self.app
        assert isinstance(app, SmpApp)
        yield ("Sessions: list all sessions", "Go back to the list of sessions", app.action_home)
        yield ("New session", "Start a new session for a team", app.action_new_session)
        yield ("Projector contrast", "Switch the high-contrast theme on or off", app.action_toggle_contrast)

    async def discover(self) -> Hits:
        for name, help_text, callback in self._commands():
            yield Hit(1.0, name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback in self._commands():
            if (match := matcher.match(name)) > 0:
                yield Hit(match, matcher.highlight(name), callback, help=help_text)


class SmpApp(App[None]):
    CSS_PATH = "smp.tcss"
    TITLE = "smp"
    SUB_TITLE = "Strengthening the Organisation"
    COMMANDS = App.COMMANDS | {SmpCommands}
    BINDINGS = [
        Binding("f1", "help", "Help", id="app.help"),
        Binding("f2", "toggle_contrast", "Contrast", id="app.contrast"),
        Binding("ctrl+q", "quit", "Quit", id="app.quit", priority=True),
    ]

    def __init__(
        self, store: Store | None = None, banks: Banks | None = None, *,
        opener: Callable[[], tuple[Store, Banks]] | None = None,
        cursor_blink: bool = True, demo: bool = False, first_screen: Screen | None = None,
    ) -> None:
        """Give the store and banks, or an `opener` that makes them: the app then paints
        its first screen before loading pydantic, TinyDB and the banks, and exits with the
        opener's message (code 2) if the store or the banks cannot be used."""
        super().__init__()
        self.first_screen = first_screen
        if demo:
            self.sub_title = "DEMO: a throwaway store with a fictional team; nothing is kept"
        self._store, self._banks, self._opener = store, banks, opener
        self._saves: SaveQueue | None = None
        self._opening = threading.Lock()
        self._open_failed: Exception | None = None
        self.failure = ""  # why the store or the banks could not be opened
        self.cursor_blink = cursor_blink  # off in tests, so screenshots are stable

    # -- the store, the banks and the save queue, made on first use --

    def _open(self) -> None:
        with self._opening:
            if self._open_failed is not None:
                raise self._open_failed
            if self._store is None or self._banks is None:
                try:
                    self._store, self._banks = self._opener()
                except Exception as error:  # reported by _open_in_background
                    self._open_failed = error
                    raise

    @property
    def store(self) -> Store:
        if self._store is None:
            self._open()
        return self._store

    @property
    def banks(self) -> Banks:
        if self._banks is None:
            self._open()
        return self._banks

    @property
    def saves(self) -> SaveQueue:
        with self._opening:
            if self._saves is None:
                from smp_tui.saving import SaveQueue

                self._saves = SaveQueue(
                    self._saving_store,
                    on_saved=lambda job, session: self.post_message(_SaveFinished(job, session, None)),
                    on_failed=lambda job, error: self.post_message(_SaveFinished(job, None, error)),
                )
            return self._saves

    def _saving_store(self) -> Store:
        store = self.store
        store.on_wait = lambda path, holder: self.post_message(_SaveWaiting(path, holder))
        return store

    def on__save_waiting(self, message: _SaveWaiting) -> None:
        self.notify(
            f"A save is waiting: another process holds the lock on {message.path}.\n"
            f"It is held by {message.holder}.\nWhat you typed is kept on screen and saved when the lock is free.",
            title="Saving is waiting",
            severity="warning",
            timeout=10,
            markup=False,
        )

    def _open_in_background(self) -> None:
        def work() -> None:
            try:
                self._open()
            except Exception as error:
                self.failure = str(error)
                self.call_from_thread(self.exit, None, 2)

        self.run_worker(work, thread=True, group="app.open", exit_on_error=False)

    WATCH_SECONDS = 1.0  # how often the shown team's file is checked for others' saves

    def on_mount(self) -> None:
        self.register_theme(HIGH_CONTRAST)
        self._signatures: dict[str, object] = {}
        self.set_interval(self.WATCH_SECONDS, self._watch_store)
        if self._opener is not None:
            self.call_after_refresh(self._open_in_background)
        self.push_screen(self.first_screen or self._home())

    def _home(self) -> Screen:
        from smp_tui.screens.home import HomeScreen

        return HomeScreen()

    def _watch_store(self) -> None:
        """One stat a second of the file of the session the screen shows (of its team's
        folder if it shows no one session); a change made by any process (this one
        included) tells the screen to reload what it displays."""
        team = getattr(self.screen, "watched_team", None)
        if not team or self._store is None:
            return
        session = getattr(self.screen, "session", None)
        session_id = getattr(session, "id", None)
        if session_id is not None:
            key, signature = session_id, self.store.session_signature(session_id, team)
        else:
            key, signature = team, self.store.signature(team)
        if key in self._signatures and self._signatures[key] != signature:
            self.screen.post_message(StoreChanged(team))
        self._signatures[key] = signature

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if not self.cursor_blink and hasattr(event.widget, "cursor_blink"):
            event.widget.cursor_blink = False

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Help for this screen", "What this screen is for and its keys", self.action_help)

    # -- saving --

    def update_session(self, session: Session, change: Callable[[Session], Session], what: str) -> None:
        """Save a change to a session off the UI thread; the screen hears SessionSaved."""
        self.saves.update(session, change, what)

    def save_session(self, session: Session, what: str) -> None:
        self.saves.save(session, what)

    def on__save_finished(self, message: _SaveFinished) -> None:
        if message.error is not None:
            self.notify(
                f"Could not save {message.job.what}: {message.error}\nWhat you typed is still on screen.",
                title="Not saved",
                severity="error",
                timeout=15,
                markup=False,
            )
            return
        self.screen.post_message(SessionSaved(message.session, message.job.what))

    async def action_quit(self) -> None:
        if self._saves is not None:
            import asyncio

            await asyncio.get_running_loop().run_in_executor(None, self._saves.wait)
        self.exit()

    # -- navigation --

    def action_help(self) -> None:
        from smp_tui.screens.help import HelpScreen

        self.push_screen(HelpScreen(self.screen))

    def action_toggle_contrast(self) -> None:
        self.theme = "textual-dark" if self.theme == HIGH_CONTRAST.name else HIGH_CONTRAST.name

    def action_home(self) -> None:
        """Back to the list of sessions (always the first screen pushed)."""
        from smp_tui.screens.home import HomeScreen

        while len(self.screen_stack) > 2:
            self.pop_screen()
        if not isinstance(self.screen, HomeScreen):
            self.switch_screen(HomeScreen())

    def action_new_session(self) -> None:
        from smp_tui.screens.home import HomeScreen

        self.action_home()
        home = self.screen
        if isinstance(home, HomeScreen):
            self.call_later(partial(home.action_new_session))

    def open_session(self, session_id: str, session: Session | None = None, review: bool = False) -> None:
        """Open a session; `review` first offers the team's earlier open actions."""
        from smp_tui.screens.session import SessionScreen

        self.push_screen(SessionScreen(session_id, session, review=review))
