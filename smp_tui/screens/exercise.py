"""What every exercise screen shares: its session, saving as you go, and actions."""

from __future__ import annotations

from collections.abc import Callable

from pydantic import ValidationError
from textual import work
from textual.worker import Worker
from textual.binding import Binding
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input, TextArea

from smp_tui.messages import StoreChanged
from smp_tui.models import Action, Exercise, Session, describe_errors


def edit(mutate: Callable[[Session], None]) -> Callable[[Session], Session]:
    """A change as the store wants it: a function from a session to a changed copy."""

    def change(session: Session) -> Session:
        copy = session.model_copy(deep=True)
        mutate(copy)
        return copy

    return change


class ExerciseScreen(Screen[Session]):
    """Holds the session on screen; every change is applied here at once and queued for
    the store, which applies it again to the freshly read record (see Store.update)."""

    EXERCISE: Exercise = "session"
    BINDINGS = [
        Binding("escape", "back", "Back", id="exercise.back"),
        Binding("ctrl+n", "new_action", "New action", id="exercise.action"),
    ]

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        self.app.worker_failed(event)

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self._pending: dict[str, tuple[Timer, Callable[[], None]]] = {}

    def later(self, key: str, save: Callable[[], None], delay: float = 1.0) -> None:
        """Save typing after a pause (and at once on leaving the field: call `now`)."""
        if key in self._pending:
            self._pending.pop(key)[0].stop()
        self._pending[key] = (self.set_timer(delay, lambda: self.now(key, save)), save)

    def now(self, key: str, save: Callable[[], None]) -> None:
        pending = self._pending.pop(key, None)
        if pending is not None:
            pending[0].stop()
        save()

    WIDE = 140  # columns from which the screen lays its two halves side by side

    def on_resize(self) -> None:
        self.set_class(self.size.width >= self.WIDE, "wide")

    def change(self, what: str, mutate: Callable[[Session], None]) -> bool:
        """Apply and save a change; False (and a message) if it is not valid."""
        change = edit(mutate)
        try:
            updated = Session.model_validate(change(self.session).model_dump())
        except ValidationError as error:
            self.notify(
                f"Not saved: {what} is not valid.\n{describe_errors(error)}", severity="error", timeout=10, markup=False
            )
            return False
        self.session = updated
        self.app.update_session(self.session, change, what)
        return True

    def new_action(self, text: str = "") -> None:
        from smp_tui.screens.action_dialog import ActionDialog

        def created(action: Action | None) -> None:
            if action is not None:
                self.change("the new action", lambda s: s.actions.append(action))
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

    @work(thread=True, exclusive=True, group="exercise.reload", exit_on_error=False,
          description="reading the session again")
    def reload(self) -> None:
        from smp_tui.store import StoreError

        self.app.saves.wait()  # our own changes first, so the reload never undoes them
        try:
            session = self.app.store.get(self.session.id)
        except StoreError:
            return  # the list of sessions names the fault
        self.app.call_from_thread(self._reload_done, session)

    def _reload_done(self, session: Session) -> None:
        self.session = session
        self.reloaded()

    def reloaded(self) -> None:
        """Redraw what depends on the session after a reload."""

    def action_back(self) -> None:
        self.flush()
        self.dismiss(self.session)

    def flush(self) -> None:
        """Run every save still waiting for a pause in typing."""
        for key, (_, save) in list(self._pending.items()):
            self.now(key, save)
