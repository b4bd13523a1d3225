"""The Textual app: bindings, themes, command palette, screen routing, saving."""

from __future__ import annotations

import asyncio
import codecs
import contextlib
from collections.abc import Callable, Iterable
from datetime import datetime, timezone
from functools import partial
from typing import TYPE_CHECKING

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.theme import Theme

from smp_tui.palette import ListedCommands, SessionCommands
from smp_tui.messages import SessionSaved, StoreChanged
from smp_tui.safe_text import visible

if TYPE_CHECKING:  # pydantic, tinydb and the banks load after the first paint (see SmpApp)
    from smp_tui.banks import Banks
    from smp_tui.models import Session
    from smp_tui.participant import ParticipantWorkspace
    from smp_tui.saving import SaveJob
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
    # Every text at least 4.5:1 on black, and an unfocused input's outline visible
    # (tests/test_away_day.py computes both from these values and smp.tcss).
    variables={
        "text-muted": "#E0E0E0",
        "foreground-muted": "#E0E0E0",
        "text-disabled": "#C8C8C8",  # placeholders
        "border-blurred": "#C8C8C8",
        "footer-background": "#000000",
    },
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


class SmpCommands(ListedCommands):
    """Command palette: go to sessions, start a new one, switch contrast."""

    def _commands(self) -> Iterable[tuple[str, str, Callable[[], object]]]:
        app = self.app
        assert isinstance(app, SmpApp)
        yield ("Sessions: list all sessions", "Go back to the list of sessions", app.action_home)
        yield ("New session", "Start a new session for a team", app.action_new_session)
        yield ("My workbook", "Your own learning needs, influencing styles, instrument of change, "
               "improvement plan and check-ins", app.action_workbook)
        yield ("Projector contrast", "Switch the high-contrast theme on or off", app.action_toggle_contrast)


def _replacing_decoder(encoding: str) -> Callable[[], codecs.IncrementalDecoder]:
    return partial(codecs.getincrementaldecoder(encoding), errors="replace")


def _read_bad_bytes_as_replacements() -> None:
    """A byte that is not UTF-8 (a terminal set to Latin-1 sends "é" as one) ended smp with
    a traceback naming its install paths: Textual's input thread decodes strictly. It reads
    as "�" instead (tests/test_terminal.py)."""
    try:
        from textual.drivers import linux_driver
    except ImportError:  # not on Linux or macOS
        return
    if linux_driver.getincrementaldecoder is codecs.getincrementaldecoder:
        linux_driver.getincrementaldecoder = _replacing_decoder  # type: ignore[assignment]


def _rewrap_options_when_the_scrollbar_changes() -> None:
    """Textual's OptionList measures each option's height (its wrapped lines) at the width
    it has when the option is added, and keeps it: refilled while a scrollbar comes or
    goes, a statement that wraps only beside the scrollbar kept one line and lost its
    second (the learning needs list at 80x24 lost "reflects." from a statement). TextArea
    rewraps when its scrollbar changes; OptionList (and SelectionList) do now too."""
    from textual.widgets import OptionList

    if "_watch_show_vertical_scrollbar" not in vars(OptionList):
        OptionList._watch_show_vertical_scrollbar = OptionList._clear_caches  # type: ignore[attr-defined]


class SafeTypingApp(App[None]):
    """An app in which what people type and paste arrives where they meant it.

    Pasted text never brings control characters into an Input or a TextArea (a paste is
    the one way they get there; typed keys never are text): they are made visible before
    any widget sees them.

    Tab and Shift+Tab move on only once the focused widget has taken every key typed
    before them. Textual hands keys to the focused widget to handle in its own time and
    resolves Tab only when it has come back up unhandled, so in a burst of keys (a fast
    typist, or keys an SSH connection delivers together) the keys after a Tab reached the
    box it was leaving: a rejoin code typed after "Ann" and Tab became part of the name.
    """

    BINDINGS = [
        Binding("tab", "focus_in_turn('next')", "Next field", id="app.focus_next", priority=True, show=False),
        Binding("shift+tab", "focus_in_turn('previous')", "Previous field", id="app.focus_previous",
                priority=True, show=False),
    ]
    KEYS_BEFORE_TAB_SECONDS = 0.5  # longest wait for them: a widget being removed never gets to them

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _read_bad_bytes_as_replacements()
        _rewrap_options_when_the_scrollbar_changes()

    @property
    def shown_screen(self) -> Screen | None:
        """The screen on top, or None while the app is closing (its screens are gone, and
        a timer or a save finishing then asked for `screen`: a traceback at quit)."""
        return self.screen_stack[-1] if self.screen_stack else None

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Paste):
            event.text = visible(event.text)
        await super().on_event(event)

    async def action_focus_in_turn(self, direction: str) -> None:
        focused = self.focused
        if focused is not None:
            reached = asyncio.Event()
            focused.call_later(reached.set)  # runs after the keys already handed to it
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(reached.wait(), self.KEYS_BEFORE_TAB_SECONDS)
        if direction == "previous":
            self.action_focus_previous()
        else:
            self.action_focus_next()


class SmpApp(SafeTypingApp):
    CSS_PATH = "smp.tcss"
    TITLE = "smp"
    SUB_TITLE = "Strengthening the Organisation"
    COMMANDS = App.COMMANDS | {SmpCommands, SessionCommands}
    BINDINGS = [
        Binding("f1", "help", "Help", id="app.help"),
        # shown in F1 help and the palette, not the footer: it must fit 80 columns
        Binding("f2", "toggle_contrast", "Contrast", id="app.contrast", show=False),
        Binding("ctrl+q", "quit", "Quit", id="app.quit", priority=True, show=False),
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
        from smp_tui.workspace import Workspace

        self.first_screen = first_screen
        if demo:
            self.sub_title = "DEMO: nothing is kept"  # fits the header at 80 columns, beside the clock
        if opener is None:
            assert store is not None and banks is not None
            opener = lambda: (store, banks)  # noqa: E731
        self._open_in_foreground = store is not None
        self.workspace = Workspace(partial(self._opened, opener), on_saved=self._saved, on_failed=self._failed)
        self.failure = ""  # why the store or the banks could not be opened
        self.cursor_blink = cursor_blink  # off in tests, so screenshots are stable
        self.clock: Callable[[], datetime] = lambda: datetime.now(timezone.utc)  # tests pass a fake one

    @property
    def participant(self) -> ParticipantWorkspace:
        """For joining someone else's remote session from the list (j): the same screens
        and the same limits as `smp join`."""
        from smp_tui.participant import ParticipantWorkspace

        if getattr(self, "_participant", None) is None:
            self._participant = ParticipantWorkspace(self.workspace.store, self.workspace.banks)
        return self._participant

    def _saved(self, job: SaveJob, session: Session) -> None:  # in the saving thread
        self.post_message(_SaveFinished(job, session, None))

    def _failed(self, job: SaveJob, error: Exception) -> None:  # in the saving thread
        self.post_message(_SaveFinished(job, None, error))

    def _opened(self, opener: Callable[[], tuple[Store, Banks]]) -> tuple[Store, Banks]:
        store, banks = opener()
        store.on_wait = self._save_waiting  # a save kept waiting for a lock says so, and why
        return store, banks

    def _save_waiting(self, path: object, holder: str) -> None:  # in the saving thread
        self.post_message(_SaveWaiting(path, holder))

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
                self.workspace.open()
            except Exception as error:
                self.failure = str(error)
                self.call_from_thread(self.exit, None, 2)

        self.run_worker(work, thread=True, group="app.open", exit_on_error=False)

    WATCH_SECONDS = 1.0  # how often the shown team's file is checked for others' saves
    COUNTDOWN_SECONDS = 0.5  # how often the agenda countdown is redrawn

    def on_mount(self) -> None:
        self.register_theme(HIGH_CONTRAST)
        self._apply_settings()
        self._signatures: dict[str, object] = {}
        self.set_interval(self.WATCH_SECONDS, self._watch_store)
        self._countdown_alert: tuple[str, str] | None = None
        self.set_interval(self.COUNTDOWN_SECONDS, self.show_countdown)
        self.set_interval(self.RETRY_SECONDS, self._retry_unsaved)
        if not self._open_in_foreground:
            self.call_after_refresh(self._open_in_background)
        self.push_screen(self.first_screen or self._home())

    def _home(self) -> Screen:
        from smp_tui.screens.home import HomeScreen

        return HomeScreen()

    def _watch_store(self) -> None:
        """One stat a second of the file of the session the screen shows (of its team's
        folder if it shows no one session); a change made by any process (this one
        included) tells the screen to reload what it displays."""
        screen = self.shown_screen
        team = getattr(screen, "watched_team", None)
        if screen is None or not team or not self.workspace.opened:
            return
        session = getattr(screen, "session", None)
        session_id = getattr(session, "id", None)
        store = self.workspace.store
        signature: tuple[int, ...] | None
        if session_id is not None:
            key, signature = session_id, store.session_signature(session_id, team)
        else:
            key, signature = team, store.signature(team)
        if key in self._signatures and self._signatures[key] != signature:
            screen.post_message(StoreChanged(team))
        self._signatures[key] = signature

    def show_countdown(self) -> None:
        """The running agenda item on every screen that holds a session (see
        widgets/countdown.py); a bell at the warning and at zero if the session asks."""
        screen = self.shown_screen
        agenda = getattr(getattr(screen, "session", None), "agenda", None)
        if screen is None or agenda is None or not self.workspace.opened:
            return
        from smp_tui.widgets.countdown import show_countdown

        shown = show_countdown(screen, agenda, self.workspace.banks.agenda.warning_seconds, self.clock())
        alert = (shown.item.id, shown.alert) if shown is not None and shown.item is not None else None
        if alert != self._countdown_alert and alert is not None and alert[1] != "none" and agenda.bell:
            self.bell()
        self._countdown_alert = alert

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if not self.cursor_blink and hasattr(event.widget, "cursor_blink"):
            event.widget.cursor_blink = False

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Help for this screen", "What this screen is for and its keys", self.action_help)

    # -- saving --

    RETRY_SECONDS = 5.0  # how often failed saves are tried again

    def on__save_finished(self, message: _SaveFinished) -> None:
        told: set[int] = self.__dict__.setdefault("_told_unsaved", set())
        if message.error is not None:
            from smp_tui.models import describe_errors
            from smp_tui.saving import worth_retrying

            if not worth_retrying(message.error):  # not kept: never claim it will be tried again
                self.notify(f"Could not save {message.job.what}: {describe_errors(message.error)}\n"
                            "It cannot be saved as it is, and is not kept. Put it right on the screen.",
                            title="Not saved", severity="error", timeout=15, markup=False)
                return
            if id(message.job) in told:
                return  # said once; the retries go on quietly
            told.add(id(message.job))
            self.notify(
                f"Could not save {message.job.what}: {message.error}\n"
                "It is kept and will be tried again every few seconds; what you typed is still on screen.",
                title="Not saved yet",
                severity="error",
                timeout=15,
                markup=False,
            )
            return
        assert message.session is not None
        if id(message.job) in told:
            told.discard(id(message.job))
            self.notify(f"Saved now: {message.job.what}.", markup=False)
        if (screen := self.shown_screen) is not None:
            screen.post_message(SessionSaved(message.session, message.job.what))

    def _retry_unsaved(self) -> None:
        if self.workspace.unsaved:
            self.workspace.retry()

    def flush_typing(self) -> None:
        """Queue every edit still waiting for a pause in typing, on every open screen."""
        for screen in self.screen_stack:
            flush = getattr(screen, "flush", None)
            if callable(flush):
                flush()

    def exit(self, result=None, return_code: int = 0, message=None) -> None:
        """Every way out (Ctrl+Q, a signal, a closed connection) first queues what was typed."""
        try:
            self.flush_typing()
        except Exception:  # leaving must never fail; the queue already holds what it can
            pass
        super().exit(result, return_code, message)

    async def action_quit(self) -> None:
        import asyncio

        self.flush_typing()
        await asyncio.get_running_loop().run_in_executor(None, self.workspace.finish)
        unsaved = self.workspace.unsaved
        if not unsaved:
            self.exit()
            return
        from smp_tui.screens.confirm import UnsavedScreen

        def answered(choice: str | None) -> None:
            if choice == "retry":
                self.workspace.retry()
                self.notify("Trying to save again…")
            elif choice == "quit":
                self.exit()

        self.push_screen(UnsavedScreen(unsaved), answered)

    # -- navigation --

    def action_help(self) -> None:
        from smp_tui.screens.help import HelpScreen

        self.push_screen(HelpScreen(self.screen))

    def action_toggle_contrast(self) -> None:
        self.theme = "textual-dark" if self.theme == HIGH_CONTRAST.name else HIGH_CONTRAST.name
        self._remember_theme()

    # -- settings: the theme and the keys, kept in smp_tui/settings.py's file --

    def _apply_settings(self) -> None:
        from smp_tui import settings

        try:
            chosen = settings.load(settings.settings_path())
        except settings.SettingsError as error:
            self.notify(f"{error}\nsmp uses its default settings and has left the file as it is.",
                        title="Settings not used", severity="warning", timeout=20, markup=False)
            return
        if chosen.keys:
            self.set_keymap(chosen.keys)
        if chosen.theme in self.available_themes:
            self.theme = chosen.theme
        elif chosen.theme is not None:
            self.notify(f"{settings.settings_path()}: there is no theme called {chosen.theme!r}; "
                        f"using {self.theme!r}.", title="Settings", severity="warning", markup=False)

    def _remember_theme(self) -> None:
        from smp_tui import settings

        try:
            settings.save_theme(settings.settings_path(), self.theme)
        except (settings.SettingsError, OSError) as error:
            self.notify(f"The theme is not remembered for next time: {error}", title="Settings",
                        severity="warning", timeout=15, markup=False)

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

    def action_workbook(self) -> None:
        """The person's own workbook, private to them."""
        import getpass

        from smp_tui.screens.workbook import WorkbookScreen

        self.push_screen(WorkbookScreen(getpass.getuser()))

    def open_session(self, session_id: str, session: Session | None = None, review: bool = False) -> None:
        """Open a session; `review` first offers the team's earlier open actions."""
        from smp_tui.screens.session import SessionScreen

        self.push_screen(SessionScreen(session_id, session, review=review))
