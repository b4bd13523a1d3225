"""One session: who is in it, and the exercises to run."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from smp_tui.logic.changes import Change
from smp_tui.widgets.footer import SteadyFooter
from smp_tui.messages import SessionSaved
from smp_tui.models import Session, show_join_code
from smp_tui.screens.base import SmpScreen
from smp_tui.screens.exercises import EXERCISES, exercise_screen
from smp_tui.widgets.text import labelled, literal
from smp_tui.workspace import EarlierActions, Fault, Workspace


class SessionScreen(SmpScreen[None]):
    HELP_TITLE = "Session"
    HELP = (
        "The session's team, title and people, and its exercises. Choose an exercise and "
        "press Enter to open it. Everything is saved as you go; Escape goes back to the "
        "list of sessions.\n"
        "Away-days: p lists the people taking part, to add someone who arrives late, put a "
        "name right or take someone out.\n"
        "Remote sessions: t asks everyone to do a personal tool (influencing styles, learning "
        "needs) in their own terminal. Their answers stay there; the team gets only the "
        "results people choose to share (with no name in an anonymous session)."
    )
    BINDINGS = [
        Binding("escape", "back", "Sessions", id="session.back"),
        Binding("enter", "open", "Open exercise", id="session.open", show=False),
        Binding("t", "ask_tool", "Ask for a personal tool", id="session.ask_tool"),
        Binding("p", "people", "People", id="session.people"),
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
        yield SteadyFooter()

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

        def read(workspace: Workspace) -> tuple[Session, EarlierActions | Fault] | Fault:
            session = workspace.load(self.session_id)
            if isinstance(session, Fault):
                return session
            return session, workspace.earlier_open_actions(session)

        self.fetch(read, self._review, self._fault, group="session.review")

    def _review(self, found: tuple[Session, EarlierActions | Fault]) -> None:
        """The session opens whatever its team's earlier files hold: a review it cannot
        read is named, never a reason not to open the session."""
        from smp_tui.screens.review import ReviewScreen

        session, earlier = found
        self._show(session)
        if isinstance(earlier, Fault):
            self.show_fault(earlier)
            return
        self.show_unread(earlier, "is not in this review")
        if earlier.pending:
            self.app.push_screen(ReviewScreen(session, earlier.pending))

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
        if session.mode == "remote":
            head.append_text(self._asked_line(session))
        self.query_one("#session-head", Static).update(head)
        self.refresh_bindings()

    # -- remote sessions: a personal tool everyone does on their own --

    def _asked_line(self, session: Session) -> Text:
        from smp_tui.logic.workbook import TOOL_TITLES

        shared = f"; {len(session.shared)} shared" if session.shared else ""
        if session.asked_tool is None:
            return Text(f"\nPersonal tool: none asked for (t to ask){shared}")
        return Text.assemble("\nPersonal tool asked for: ", (TOOL_TITLES[session.asked_tool], "bold"),
                             f" (t to change){shared}")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "ask_tool":
            return self.session is not None and self.session.mode == "remote"
        if action == "people":  # in a remote session people add themselves, by joining
            return self.session is not None and self.session.mode == "away-day"
        return True

    def action_people(self) -> None:
        from smp_tui.screens.people import PeopleScreen

        if self.session is None or self.session.mode != "away-day":
            return

        def apply(change: Change, what: str) -> Session:
            assert self.session is not None
            updated = change(self.session)
            self.workspace.update(updated, change, what)
            self._show(updated)
            return updated

        self.app.push_screen(PeopleScreen(self.session, apply))

    def action_ask_tool(self) -> None:
        from smp_tui.logic import changes
        from smp_tui.logic.workbook import ASKABLE_TOOLS, TOOL_TITLES
        from smp_tui.screens.confirm import ChoiceScreen

        session = self.session
        if session is None or session.mode != "remote":
            return
        choices = [(TOOL_TITLES[tool], tool) for tool in ASKABLE_TOOLS] + [("Ask for none", "none")]

        def chosen(choice: str | None) -> None:
            if choice is None:
                return
            tool = next((t for t in ASKABLE_TOOLS if t == choice), None)  # "none": ask for none
            change = changes.ask_for_tool(tool)
            updated = change(session)
            self.workspace.update(updated, change, "the personal tool asked for")
            self._show(updated)
            self.notify("Asked for no personal tool." if updated.asked_tool is None else
                        f"Everyone joined sees {TOOL_TITLES[updated.asked_tool].lower()} offered "
                        "(Ctrl+T in smp join).")

        self.app.push_screen(ChoiceScreen(
            "Ask everyone in this session to do a personal tool on their own? Their answers stay in "
            "their own terminal; only the results they choose to share reach the session.", choices), chosen)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self._open(event.option.id)

    def action_open(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is not None:
            self._open(options.get_option_at_index(options.highlighted).id)

    def _open(self, exercise_id: str | None) -> Screen | None:
        if exercise_id is None:  # every option of the list is an exercise's id
            return None
        if self.session is None:
            self.notify("The session is still loading.", severity="warning")
            return None
        screen = exercise_screen(exercise_id, self.session)
        self.app.push_screen(screen)
        return screen

    def go_to(self, exercise_id: str, then: Callable[[Screen], object] | None = None) -> None:
        """From anywhere above this screen (the command palette): close what is open,
        saving its typing first, and open an exercise; `then` acts on it once shown."""
        newest = None  # the copy of the screen closed last: with what was just changed on it
        while self.app.screen is not self:
            flush = getattr(self.app.screen, "flush", None)
            if callable(flush):
                flush()
            shown = getattr(self.app.screen, "session", None)
            if newest is None and isinstance(shown, Session) and shown.id == self.session_id:
                newest = shown
            self.app.pop_screen()
        if newest is not None:
            self.session = newest
        screen = self._open(exercise_id)
        if screen is not None and then is not None:
            self.app.call_after_refresh(then, screen)

    def action_back(self) -> None:
        self.app.pop_screen()
