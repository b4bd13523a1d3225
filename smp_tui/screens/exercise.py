"""What every exercise screen shares: its session, saving as you go, and actions."""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import partial

from pydantic import ValidationError
from textual.binding import Binding
from textual.timer import Timer
from textual.widgets import Input, TextArea

from smp_tui.logic import changes
from smp_tui.logic.changes import Change
from smp_tui.messages import StoreChanged
from smp_tui.models import Action, Exercise, Session, describe_errors
from smp_tui.screens.base import SmpScreen
from smp_tui.widgets.lines import LineList


class ExerciseScreen(SmpScreen[Session]):
    """Holds the session on screen; every change is applied here at once and queued for
    the store, which applies it again to the freshly read record (see Store.update)."""

    EXERCISE: Exercise = "session"
    BINDINGS = [
        Binding("escape", "back", "Back", id="exercise.back"),
        Binding("ctrl+n", "new_action", "New action", id="exercise.action"),
    ]
    PAUSE_SECONDS = 1.0  # typing is saved after this pause...
    LONGEST_WAIT_SECONDS = 3.0  # ...and at least this often while typing goes on

    # Textual's auto focus scrolls the first field to the middle of the screen, hiding the
    # title above it; the screen focuses its own first field (or the first one) instead.
    AUTO_FOCUS = ""

    def on_mount(self) -> None:  # runs after a subclass's on_mount (Textual calls each class's)
        self.call_after_refresh(self._focus_first)
        # The copy this screen was opened with may be older than the store (opened from the
        # palette, or before the session screen had read it again): a list saved whole from
        # an old copy dropped a line just saved. Read it again, after this process's saves.
        self.reload()

    def _focus_first(self) -> None:
        if self.focused is None and self.focus_chain:
            self.set_focus(self.focus_chain[0], scroll_visible=False)

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self._pending: dict[str, tuple[Timer, Callable[[], object], float]] = {}
        self._changes_made = 0  # changes made on this screen: a reload read before the last one is stale

    def later(self, key: str, save: Callable[[], object]) -> None:
        """Save typing after a pause, at least every few seconds while it goes on, and at
        once on leaving the field (call `now`) or the app (see `flush`)."""
        first = time.monotonic()
        if key in self._pending:
            timer, _, first = self._pending.pop(key)
            timer.stop()
        delay = max(0.0, min(self.PAUSE_SECONDS, first + self.LONGEST_WAIT_SECONDS - time.monotonic()))
        self._pending[key] = (self.set_timer(delay, lambda: self.now(key, save)), save, first)

    def now(self, key: str, save: Callable[[], object]) -> None:
        pending = self._pending.pop(key, None)
        if pending is not None:
            pending[0].stop()
        save()

    WIDE = 140  # columns from which the screen lays its two halves side by side

    def on_resize(self) -> None:
        self.set_class(self.size.width >= self.WIDE, "wide")

    def change(self, what: str, change: Change) -> bool:
        """Apply and save a named change (logic/changes.py); False (and a message) if the
        result is not valid."""
        try:
            updated = Session.model_validate(change(self.session).model_dump())
        except (ValidationError, ValueError) as error:
            self.notify(
                f"Not saved: {what} is not valid.\n{describe_errors(error)}", severity="error", timeout=10, markup=False
            )
            return False
        if updated == self.session:
            return True  # nothing changed: nothing to write
        self.session = updated
        self._changes_made += 1
        self.workspace.update(self.session, change, what)
        return True

    def new_action(self, text: str = "") -> None:
        from smp_tui.screens.action_dialog import ActionDialog

        def created(action: Action | None) -> None:
            if action is not None:
                self.change("the new action", changes.add_action(action))
                self.notify(f"Action added: {action.text}", markup=False)

        people = [p.name for p in self.session.participants]
        self.app.push_screen(ActionDialog(text, self.EXERCISE, people), created)

    def action_new_action(self) -> None:
        """Ctrl+N: an action, starting from what is in the field being typed in."""
        focused = self.focused
        text = ""
        if isinstance(focused, Input):
            text = focused.value
        elif isinstance(focused, TextArea):
            text = focused.selected_text or focused.document.get_line(focused.cursor_location[0])
        self.new_action(text.strip())

    def on_store_changed(self, event: StoreChanged) -> None:
        """Another process saved into this team: screens that show what others do
        (set `watched_team`) read the session again and redraw with `reloaded`."""
        self.reload()

    def reload(self) -> None:
        # A fault is left to the list of sessions to report: this screen keeps its copy.
        made = self._changes_made
        self.fetch(lambda workspace: workspace.load(self.session.id), partial(self._reload_done, made),
                   fault=lambda fault: None, group="exercise.reload")

    def _reload_done(self, made: int, session: Session) -> None:
        if made != self._changes_made:
            # A change made here since the read began is not in it: showing it would drop
            # that change from the screen (a rating shown as not given). Read again.
            self.reload()
            return
        if session == self.session:
            return  # as shown already (opening a screen reads it again: nearly always the same)
        self.session = session
        self.reloaded()

    def reloaded(self) -> None:
        """Redraw what depends on the session after a reload."""

    def action_back(self) -> None:
        self.flush()
        self.dismiss(self.session)

    def flush(self) -> None:
        """Run every save still waiting for a pause in typing, and keep a new line typed in
        a list's add box without Enter (leaving the screen must not lose it)."""
        for key, (_, save, _) in list(self._pending.items()):
            self.now(key, save)
        keep = getattr(self, "on_line_list_changed", None)
        for line_list in self.query(LineList):
            changed = line_list.keep_typed()
            if changed is not None and keep is not None:
                keep(changed)
