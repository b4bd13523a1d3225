"""One session: who is in it, and the exercises to run."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from smp_tui.messages import SessionSaved
from smp_tui.models import Session
from smp_tui.store import StoreError
from smp_tui.widgets.text import labelled


@dataclass(frozen=True)
class ExerciseEntry:
    id: str
    title: str
    about: str
    screen: str  # "module:Class" under smp_tui.screens, imported when opened


EXERCISES: list[ExerciseEntry] = [
    ExerciseEntry(
        "cynefin",
        "Decision context: the activity map",
        "Place each team activity in simple, complicated, complex or chaotic, and see what it asks of you.",
        "activity_map:ActivityMapScreen",
    ),
    ExerciseEntry(
        "change",
        "Change chooser",
        "Evolution, planned change or revolution: what fits, what helps it succeed, who may resist.",
        "change:ChangeScreen",
    ),
]


class SessionScreen(Screen[None]):
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

    def __init__(self, session_id: str, session: Session | None = None) -> None:
        super().__init__()
        self.session_id = session_id
        self.session = session

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Loading the session…", id="session-head", classes="intro")
        yield Static("Exercises: choose one and press Enter.", classes="section-title")
        yield OptionList(
            *(Option(Text.assemble((e.title, "bold"), "\n", e.about), id=e.id) for e in EXERCISES),
            id="exercises",
        )
        yield Footer()

    def on_mount(self) -> None:
        if self.session is not None:
            self._show(self.session)
        self.load()

    def on_screen_resume(self) -> None:
        self.load()

    def on_session_saved(self, message: SessionSaved) -> None:
        if message.session.id == self.session_id:
            self._show(message.session)

    @work(thread=True, exclusive=True, group="session.load")
    def load(self) -> None:
        self.app.saves.wait()
        try:
            session = self.app.store.get(self.session_id)
        except StoreError as error:
            self.app.call_from_thread(self._fault, error)
            return
        self.app.call_from_thread(self._show, session)

    def _fault(self, error: StoreError) -> None:
        self.query_one("#session-head", Static).update(Text(f"This session cannot be opened.\n{error}"))

    def _show(self, session: Session) -> None:
        self.session = session
        people = ", ".join(p.name for p in session.participants) or "nobody listed yet"
        self.query_one("#session-head", Static).update(
            labelled(
                (session.title, "bold"), "  ·  ", session.team, "\n",
                ("Mode: ", "dim"), session.mode, ("   Started: ", "dim"),
                session.created_at.astimezone().strftime("%Y-%m-%d %H:%M"), "\n",
                ("People: ", "dim"), people,
            )
        )

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self._open(event.option.id)

    def action_open(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is not None:
            self._open(options.get_option_at_index(options.highlighted).id)

    def _open(self, exercise_id: str | None) -> None:
        if self.session is None:
            self.notify("The session is still loading.", severity="warning")
            return
        entry = next(e for e in EXERCISES if e.id == exercise_id)
        module, name = entry.screen.split(":")
        screen_class = getattr(import_module(f"smp_tui.screens.{module}"), name)
        self.app.push_screen(screen_class(self.session))

    def action_back(self) -> None:
        self.app.pop_screen()
