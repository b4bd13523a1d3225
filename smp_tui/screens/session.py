"""One session: who is in it, and the exercises to run."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from smp_tui.messages import SessionSaved
from smp_tui.models import Action, Session, show_join_code
from smp_tui.screens.base import SmpScreen
from smp_tui.screens.exercises import EXERCISES, exercise_screen
from smp_tui.widgets.text import labelled, literal
from smp_tui.workspace import Fault, Workspace


class SessionScreen(SmpScreen[None]):
    HELP_TITLE = "Session"
    HELP = (
        "The session's team, title and people, and its exercises. Choose an exercise and "
        "press Enter to open it. Everything is saved as you go; Escape goes back to the "
        "list of sessions."
    )
    BINDINGS = [
        Binding("escape", "back", "Sessions", id="session.back"),
        Binding("enter", "open", "Open exercise", id="session.open", show=False),
    ]

    def __init__(self, session_id: str, session: Session | None = None, review: bool = False) -> None:
        super().__init__()
        self.session_id = session_id
        self.session = session
        self.review = review

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Loading the session…", id="session-head", classes="intro")
        yield Static("Exercises: choose one and press Enter.", classes="section-title")
        yield OptionList(
            *(Option(Text.assemble((e.title, "bold"), "\n", e.describe(self.banks)), id=e.id) for e in EXERCISES),
            id="exercises",
        )
        yield Footer()

    def on_mount(self) -> None:
        if self.session is not None:
            self._show(self.session)
        if self.review:
            self.offer_review()
        else:
            self.load()

    def on_screen_resume(self) -> None:
        self.load()

    def on_session_saved(self, message: SessionSaved) -> None:
        if message.session.id == self.session_id:
            self._show(message.session)

    def load(self) -> None:
        self.fetch(lambda workspace: workspace.load(self.session_id), self._show, self._fault, group="session.load")

    def offer_review(self) -> None:
        """A new session starts with the team's open actions from earlier sessions."""

        def read(workspace: Workspace) -> tuple[Session, list[tuple[Session, Action]]] | Fault:
            session = workspace.load(self.session_id)
            if isinstance(session, Fault):
                return session
            pending = workspace.earlier_open_actions(session)
            return pending if isinstance(pending, Fault) else (session, pending)

        self.fetch(read, self._review, self._fault, group="session.review")

    def _review(self, found: tuple[Session, list[tuple[Session, Action]]]) -> None:
        from smp_tui.screens.review import ReviewScreen

        session, pending = found
        self._show(session)
        if pending:
            self.app.push_screen(ReviewScreen(session, pending))

    def _fault(self, fault: Fault) -> None:
        self.query_one("#session-head", Static).update(literal(f"This session cannot be opened.\n{fault}"))

    def _show(self, session: Session) -> None:
        self.session = session
        people = ", ".join(p.name for p in session.participants) or "nobody listed yet"
        head = labelled(
            (session.title, "bold"), "  ·  ", session.team, "\n",
            ("Mode: ", "dim"), session.mode, ("   Started: ", "dim"),
            session.created_at.astimezone().strftime("%Y-%m-%d %H:%M"),
            ("   Anonymous" if session.anonymous else "", "bold"), "\n",
            ("People: ", "dim"), people,
        )
        if session.join_code:
            code = show_join_code(session.join_code)
            head.append_text(labelled("\n", ("Join code: ", "bold"), (code, "bold reverse"),
                                      f"  (participants run: smp join {code})"))
        self.query_one("#session-head", Static).update(head)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self._open(event.option.id)

    def action_open(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is not None:
            self._open(options.get_option_at_index(options.highlighted).id)

    def _open(self, exercise_id: str | None) -> Screen | None:
        if self.session is None:
            self.notify("The session is still loading.", severity="warning")
            return None
        screen = exercise_screen(exercise_id, self.session)
        self.app.push_screen(screen)
        return screen

    def go_to(self, exercise_id: str, then: Callable[[Screen], object] | None = None) -> None:
        """From anywhere above this screen (the command palette): close what is open,
        saving its typing first, and open an exercise; `then` acts on it once shown."""
        while self.app.screen is not self:
            flush = getattr(self.app.screen, "flush", None)
            if callable(flush):
                flush()
            self.app.pop_screen()
        screen = self._open(exercise_id)
        if screen is not None and then is not None:
            self.app.call_after_refresh(then, screen)

    def action_back(self) -> None:
        self.app.pop_screen()
