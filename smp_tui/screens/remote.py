"""Remote sessions, the participant's side: join with a code, say who you are, rate the
resilience indicators privately, and see the results once the facilitator reveals them."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, OptionList, Static
from textual.widgets.option_list import Option

from smp_tui.logic.resilience import profile, rating_of
from smp_tui.models import NAME_MAX, Participant, Session, normalise_join_code, show_join_code
from smp_tui.screens.exercise import ExerciseScreen
from smp_tui.screens.resilience import (
    RatingList,
    RatingPanel,
    disagreements_text,
    rating_change,
    results_table,
)
from smp_tui.store import StoreError
from smp_tui.widgets.text import labelled, literal


class JoinScreen(Screen[None]):
    HELP_TITLE = "Join a session"
    HELP = (
        "Type the join code the facilitator gave you (letters and digits; dashes and case "
        "do not matter), then choose your name from the list or type it."
    )
    BINDINGS = [Binding("escape", "leave", "Leave", id="join.leave")]

    def __init__(self, code: str = "") -> None:
        super().__init__()
        self.code = normalise_join_code(code)
        self.session: Session | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll():
            yield Static("Join a remote session", classes="section-title")
            yield Input(show_join_code(self.code) if self.code else "", placeholder="Join code, e.g. KXP-47R",
                        id="code", max_length=12)
            yield Static("", id="join-status", classes="intro")
            yield Static("Who are you? Type your name and press Enter, or choose it from the list.",
                         classes="section-title", id="who-title")
            yield Input(placeholder="Your name (Enter)", id="new-name", max_length=NAME_MAX)
            yield OptionList(id="people")
        yield Footer()

    def on_mount(self) -> None:
        self._show_people(False)
        if self.code:
            self.find(self.code)
        else:
            self.query_one("#code", Input).focus()

    def action_leave(self) -> None:
        if len(self.app.screen_stack) > 2:  # opened from the list of sessions
            self.app.pop_screen()
        else:
            self.app.exit()

    def _show_people(self, show: bool) -> None:
        for selector in ("#who-title", "#people", "#new-name"):
            self.query_one(selector).display = show

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "code":
            self.find(normalise_join_code(event.value))
        elif event.input.id == "new-name":
            self._join_as_new(event.value)

    @work(thread=True, exclusive=True, group="join.find")
    def find(self, code: str) -> None:
        try:
            session = self.app.store.find_by_code(code)
        except StoreError as error:
            self.app.call_from_thread(self._not_found, code, error)
            return
        self.app.call_from_thread(self._found, session)

    def _not_found(self, code: str, error: StoreError) -> None:
        self.query_one("#join-status", Static).update(
            Text(f"No session has the code {code or '(empty)'}. Check it with the facilitator and try again.",
                 style="bold"))
        self._show_people(False)
        self.query_one("#code", Input).focus()

    def _found(self, session: Session) -> None:
        self.session = session
        self.query_one("#join-status", Static).update(labelled(
            "Found: ", (session.title, "bold"), " · ", session.team,
            ("\nYour ratings are private: the facilitator sees that you have answered, not what.", "")))
        people = self.query_one("#people", OptionList)
        people.clear_options()
        people.add_options([Option(literal(p.name), id=p.id) for p in session.participants])
        self._show_people(True)
        self.query_one("#new-name").focus()  # typing a listed name joins as that person

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if self.session is not None and event.option.id:
            self.app.push_screen(ParticipantScreen(self.session, event.option.id))

    def _join_as_new(self, name: str) -> None:
        name = name.strip()
        if self.session is None:
            return
        if not name:
            self.notify("Type your name first.", severity="warning")
            return
        existing = next((p for p in self.session.participants if p.name.casefold() == name.casefold()), None)
        if existing is not None:
            self.app.push_screen(ParticipantScreen(self.session, existing.id))
            return
        person = Participant(name=name)
        self.app.update_session(self.session, _add_person(person), f"joining as {name!r}")
        self.session.participants.append(person)
        self.app.push_screen(ParticipantScreen(self.session, person.id))


def _add_person(person: Participant):
    def change(session: Session) -> Session:
        if any(p.id == person.id for p in session.participants):
            return session
        return session.model_copy(update={"participants": [*session.participants, person]})

    return change


class ParticipantScreen(ExerciseScreen):
    EXERCISE = "resilience"
    HELP_TITLE = "Your ratings"
    HELP = (
        "Rate each of the thirteen indicators for your team: move with the arrow keys and "
        "press 1 to 5 (0 or ? for don't know, Backspace to clear). Only you see your ratings. "
        "When the facilitator reveals the results, everyone sees the spread of answers "
        "here, without names. F8 opens Tool 1, what is good work?, to answer it the same way."
    )
    BINDINGS = [Binding("f8", "good_work", "Good work", id="participant.good_work")]

    def __init__(self, session: Session, participant_id: str) -> None:
        super().__init__(session)
        self.participant_id = participant_id
        self.watched_team = session.team

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll():
            yield Static("", id="participant-status", classes="intro")
            yield RatingPanel()
            yield Static("", id="revealed-results")
            yield Static("", id="revealed-disagreements", classes="verdict")
        yield Footer()

    def on_mount(self) -> None:
        self._show()
        self.query_one(RatingList).focus()

    @property
    def person(self) -> str:
        return next((p.name for p in self.session.participants if p.id == self.participant_id), "you")

    def _show(self) -> None:
        bank = self.app.banks.resilience
        listing = self.query_one(RatingList)
        highlighted = listing.highlighted
        listing.fill(bank, self.session.resilience, self.participant_id)
        listing.highlighted = highlighted if highlighted is not None else 1
        done = sum(1 for i in bank.indicators if rating_of(self.session.resilience, i.id, self.participant_id))
        status = labelled((self.session.title, "bold"), " · rating as ", (self.person, "bold"),
                          f"\n{done} of {len(bank.indicators)} rated. ")
        if self.session.resilience.revealed:
            status.append("The facilitator has revealed the results: they are below.", style="bold")
        else:
            status.append("Your ratings are private until the facilitator reveals the results.")
        self.query_one("#participant-status", Static).update(status)
        revealed = self.session.resilience.revealed
        self.query_one("#revealed-results", Static).display = revealed
        self.query_one("#revealed-disagreements", Static).display = revealed
        if revealed:
            now = profile(self.session.resilience, bank)
            self.query_one("#revealed-results", Static).update(results_table(self.session, bank, now, None))
            self.query_one("#revealed-disagreements", Static).update(disagreements_text(self.session, bank, now))
        self.query_one(RatingPanel).show_anchors()

    def on_rating_list_rated(self, event: RatingList.Rated) -> None:
        self.change("your rating", rating_change(event.indicator, self.participant_id, event.value))
        self._show()

    def reloaded(self) -> None:
        self._show()

    def action_good_work(self) -> None:
        from smp_tui.screens.good_work import GoodWorkScreen

        self.flush()
        self.app.push_screen(GoodWorkScreen(self.session, participant_id=self.participant_id))

