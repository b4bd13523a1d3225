"""The participant's screens: join with a code (a new name, or one's own rejoin code), rate
one's own answers, and see the round's results once the facilitator reveals them.

They reach data only through the ParticipantWorkspace their app holds: there is no other
session, no store, no export and no facilitator action within reach."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol, TypeVar, cast

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Header, Input, Static

from smp_tui.models import NAME_MAX, Rating, ResilienceResult, WorkbookTool, show_rejoin_code
from smp_tui.participant import Found, ParticipantView, ParticipantWorkspace, Seat
from smp_tui.widgets.footer import SteadyFooter
from smp_tui.widgets.rating import RatingList, RatingPanel
from smp_tui.widgets.results import results_table, splits_text, warm_up
from smp_tui.widgets.text import labelled, literal
from smp_tui.workspace import Fault
from smp_tui.widgets.fields import FormInput, InOrderInput

T = TypeVar("T")


class HasParticipantWorkspace(Protocol):
    participant: ParticipantWorkspace


class ParticipantScreenBase(Screen[None]):
    @property
    def participant(self) -> ParticipantWorkspace:
        return cast(HasParticipantWorkspace, self.app).participant

    def fetch(self, work: Callable[[ParticipantWorkspace], T | Fault], done: Callable[[T], Any],
              fault: Callable[[Fault], Any], group: str) -> None:
        def run() -> None:
            try:
                result = work(self.participant)
            except Exception as error:  # shown, never the end of the app
                result = Fault(f"Something went wrong: {error}")
            if isinstance(result, Fault):
                self.app.call_from_thread(fault, result)
            else:
                self.app.call_from_thread(done, result)

        self.run_worker(run, thread=True, exclusive=True, group=group, exit_on_error=False)

    def change(self, work: Callable[[ParticipantWorkspace], T | Fault], done: Callable[[T], Any],
               fault: Callable[[Fault], Any]) -> None:
        """`fetch` for a change: saved after every change asked for before it (one thread
        takes them in turn), then `done` or `fault` on the UI thread."""
        app, participant = self.app, self.participant

        def run() -> None:
            try:
                result = work(participant)
            except Exception as error:  # shown, never the end of the app
                result = Fault(f"Something went wrong: {error}")
            try:
                app.call_from_thread(fault if isinstance(result, Fault) else done, result)
            except RuntimeError:
                pass  # the app has ended: the change is saved, there is nothing left to show it on

        participant.in_order.submit(run)


    def action_leave(self) -> None:
        """Leave: the end of `smp join`; back to the list when joined from the full app."""
        if len(self.app.screen_stack) > 2:
            self.app.pop_screen()
        else:
            self.app.exit()


class JoinCodeInput(FormInput):
    """The join code box: Enter opens the name box at once, before the session is found,
    so the name typed straight after the code goes there (not onto the end of the code)."""

    def entered(self) -> None:
        cast(JoinScreen, self.screen).looking()
        super().entered()


class JoinScreen(ParticipantScreenBase):
    HELP_TITLE = "Join a session"
    HELP = (
        "Type the join code the facilitator gave you (letters and digits; dashes and case do "
        "not matter) and press Enter. Then type your name to join, or, if you have joined "
        "before, your personal rejoin code to get back to your answers."
    )
    BINDINGS = [Binding("escape", "leave", "Leave", id="participant.join.leave")]

    def __init__(self, code: str = "") -> None:
        super().__init__()
        self.code = code
        self.found: Found | None = None
        self._submitted_early: str | None = None  # the box whose Enter came before the session was found

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll():
            yield Static("Join a remote session", classes="section-title")
            yield JoinCodeInput(self.code, placeholder="Join code, e.g. KXP-47R (Enter)", id="code", max_length=12,
                                then="#name")
            yield Static("", id="join-status", classes="intro")
            yield Static("New here? Type your name and press Enter:", classes="section-title", id="name-title")
            yield InOrderInput(placeholder="Your name (Enter)", id="name", max_length=NAME_MAX)
            yield Static("Joined before? Type your rejoin code (and, in an anonymous session, your name "
                         "above), then Enter:", classes="section-title", id="rejoin-title")
            yield InOrderInput(placeholder="Rejoin code, e.g. ABCD-EFGH (Enter)", id="rejoin", max_length=12)
        yield SteadyFooter(show_command_palette=False)  # room for every key at 80 columns (F1 says Ctrl+P)

    def on_mount(self) -> None:
        self._show_join(False)
        if self.code:
            self.looking()
            self.query_one("#name", Input).focus()
            self._find(self.code)
        else:
            self.query_one("#code", Input).focus()

    def looking(self) -> None:
        """The code is being looked up: the name box is open to type into meanwhile."""
        self.found = None
        self._status(Text("Looking for the session…", style="dim"))
        self._show_join(True)

    def _show_join(self, show: bool) -> None:
        for selector in ("#name-title", "#name", "#rejoin-title", "#rejoin"):
            self.query_one(selector).display = show

    def _status(self, text: Text) -> None:
        self.query_one("#join-status", Static).update(text)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "code":
            self._find(event.value)
        elif event.input.id in ("name", "rejoin"):
            self._submit(event.input.id)

    def _submit(self, box: str) -> None:
        if self.found is None:  # still looking: join once the session is found
            self._submitted_early = box
            return
        code, name = self.found.code, self.query_one("#name", Input).value
        if box == "name":
            self.fetch(lambda p: p.join(code, name), self._seated, self._refused, "participant.join")
        else:
            rejoin = self.query_one("#rejoin", Input).value
            self.fetch(lambda p: p.rejoin(code, rejoin, name), self._seated, self._refused, "participant.join")

    def _find(self, code: str) -> None:
        self.fetch(lambda p: p.find(code), self._found, self._not_found, "participant.find")

    def _not_found(self, fault: Fault) -> None:
        self.found = None
        self._submitted_early = None
        self._show_join(False)
        self._status(literal(str(fault), "bold"))
        self.query_one("#code", Input).focus()

    def _found(self, found: Found) -> None:
        self.found = found
        privacy = ("Anonymous: nobody, the facilitator included, can see which answers are yours."
                   if found.anonymous else
                   "Your answers are private: the facilitator sees that you have answered, not what, "
                   "until the round is revealed.")
        closed = ("\nClosed to new people: if you joined before, type your rejoin code below."
                  if found.closed else "")
        self._status(labelled("Found: ", (found.title, "bold"), " · ", found.team, ("\n" + privacy, ""),
                              (closed, "bold")))
        self._show_join(True)
        if self.focused is None or self.focused.id == "code":
            self.query_one("#name", Input).focus()  # (not if the person has gone on to the rejoin box)
        if self._submitted_early is not None:
            box, self._submitted_early = self._submitted_early, None
            self._submit(box)

    def _refused(self, fault: Fault) -> None:
        self._status(literal(str(fault), "bold"))

    def _seated(self, seat: Seat) -> None:
        self.app.switch_screen(AnswersScreen())
        if seat.rejoin_code is not None:
            self.app.push_screen(RejoinCodeScreen(seat.rejoin_code))


class RejoinCodeScreen(ModalScreen[None]):
    """The personal rejoin code, shown once, right after joining."""

    BINDINGS = [Binding("enter,escape", "dismiss", "I have written it down", id="participant.code.ok")]

    def __init__(self, code: str) -> None:
        super().__init__()
        self.code = code

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="confirm-box", classes="dialog"):
            yield Static(Text.assemble(
                ("Your rejoin code: ", "bold"), (show_rejoin_code(self.code), "bold reverse"),
                "\n\nWrite it down now: it is shown here, and above your ratings until you rate the "
                "first one, and never again. It is the only way back to your "
                "answers if you leave or lose the connection (smp join, the session's code, then "
                "\"Joined before?\"). Nobody else can see it, the facilitator included.\n\n"
                "Press Enter to start rating."))
            with Horizontal(classes="buttons"):
                yield Button("I have written it down (Enter)", id="ok", variant="primary")
        yield SteadyFooter(show_command_palette=False)  # room for every key at 80 columns (F1 says Ctrl+P)

    def on_button_pressed(self) -> None:
        self.dismiss()


class AnswersScreen(ParticipantScreenBase):
    HELP_TITLE = "Your answers"
    HELP = (
        "Rate each indicator for your team: move with the arrow keys and press 1 to 5 (0 or ? "
        "for don't know, Backspace to clear); the cursor moves on by itself, and Backspace "
        "straight after a rating takes it back. Only you see your "
        "answers. When the facilitator reveals the round, everyone sees the spread of answers "
        "here, without names, and answers close until a new round. F6 opens the good-work "
        "statements (Tool 1), answered as privately. Ctrl+W withdraws all your answers."
    )
    BINDINGS = [  # F6 first: at 80 columns the footer shows it beside the rating keys
        Binding("f6", "good_work", "Good work", id="participant.good_work"),
        Binding("ctrl+w", "withdraw", "Withdraw", id="participant.withdraw"),
        # offered in the status line when asked for ("Also asked: ... (Ctrl+T)"), not the footer
        Binding("ctrl+t", "own_tool", "Personal tool", id="participant.own_tool", show=False),
        Binding("escape", "leave", "Leave", id="participant.leave"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.view: ParticipantView | None = None
        self.asked_tool: WorkbookTool | None = None  # the personal tool the facilitator asks for, as last shown
        self._seen_view = False

    def compose(self) -> ComposeResult:
        yield Header()
        # At 80x24 the list (it scrolls by itself) and the words for weak and strong are in
        # view together; once revealed, the results share the height below them.
        with Vertical(id="participant-pane"):
            yield Static("Loading…", id="participant-status", classes="intro")
            yield RatingPanel(self.participant.bank)
            with VerticalScroll(id="revealed-scroll"):
                yield Static("", id="revealed-results")
                yield Static("", id="revealed-disagreements", classes="verdict")
        yield SteadyFooter(show_command_palette=False)  # room for every key at 80 columns (F1 says Ctrl+P)

    def on_mount(self) -> None:
        self.query_one(RatingList).focus()
        self.reload()
        self.call_after_refresh(warm_up, self.app.console)  # the reveal then draws its table sooner

    def reload(self) -> None:
        self.fetch(lambda p: p.view(), self._show, self._fault, "participant.view")

    def _fault(self, fault: Fault) -> None:
        self.notify(str(fault), severity="error", timeout=10, markup=False)

    def _show(self, view: ParticipantView) -> None:
        if view == self.view:
            return  # others' saves that change nothing here (their answers, before a reveal) draw nothing
        previous, self.view = self.view, view
        bank = self.participant.bank
        listing = self.query_one(RatingList)
        if previous is None or view.mine != previous.mine:
            highlighted = listing.highlighted
            mine = ResilienceResult(ratings=[Rating(indicator=i, score=s) for i, s in view.mine.items()])
            listing.fill(bank, mine, None)
            listing.highlighted = highlighted if highlighted is not None else 1
        seat = self.participant.seat
        status = labelled((view.title, "bold"), " · rating as ", (seat.name if seat else "?", "bold"),
                          f" · round {view.round}\n{len(view.mine)} of {len(bank.indicators)} answered. ")
        if seat is not None and seat.rejoin_code is not None and not view.mine:
            # a second Enter can close the code's own screen before it is read
            status.append_text(labelled("Your rejoin code: ", (show_rejoin_code(seat.rejoin_code), "bold reverse"),
                                        " (write it down; it goes once you rate). "))
        if not view.still_in:
            status.append("The facilitator has taken you out of this session.", style="bold")
        elif view.revealed:
            status.append("The facilitator has revealed this round: the results are below. "
                          "Answers are closed until a new round.", style="bold")
        else:
            status.append("Your answers are private until the facilitator reveals the round.")
        status.append_text(self._offer_own_tool(view))
        self.query_one("#participant-status", Static).update(status)
        results = self.query_one("#revealed-results", Static)
        splits = self.query_one("#revealed-disagreements", Static)
        results.display = splits.display = view.results is not None
        self.query_one("#revealed-scroll").display = view.results is not None
        # answers are closed while a round is revealed: its results take the whole height
        self.query_one(RatingPanel).display = view.results is None
        if view.results is None and previous is not None and previous.results is not None:
            listing.focus()  # a new round: the rating keys work again at once (hiding the list took focus)
        if view.results is not None and (previous is None or view.results != previous.results):
            results.update(results_table(view.results))
            splits.update(splits_text(view.results))
        self.query_one(RatingPanel).show_anchors()

    def on_rating_list_rated(self, event: RatingList.Rated) -> None:
        indicator, value = event.indicator, event.value
        self.change(lambda p: p.rate(indicator, value), lambda _: self.reload(), self._refused)

    def _refused(self, fault: Fault) -> None:
        self.notify(str(fault), title="Not saved", severity="warning", timeout=10, markup=False)
        self.reload()

    def action_withdraw(self) -> None:
        from smp_tui.screens.confirm import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if yes:
                self.change(lambda p: p.withdraw(), lambda _: self._withdrawn(), self._refused)

        self.app.push_screen(ConfirmScreen("Withdraw all your answers in this session? You can answer again "
                                           "while the round is open.", yes="Yes, withdraw them"), answered)

    def _withdrawn(self) -> None:
        self.notify("Your answers are withdrawn.")
        self.reload()

    def action_good_work(self) -> None:
        """Tool 1 (what is good work?): its statements, answered here as privately."""
        from smp_tui.screens.participant_good_work import GoodWorkAnswersScreen

        self.app.switch_screen(GoodWorkAnswersScreen())

    # -- a personal tool the facilitator asks everyone to do (screens/participant_workbook.py) --

    def _offer_own_tool(self, view: ParticipantView) -> Text:
        """The line that offers it (and a note when the facilitator first asks for it)."""
        from smp_tui.logic.workbook import TOOL_TITLES

        if view.asked_tool != self.asked_tool:
            first_view = not self._seen_view  # on joining, the status line says it
            self.asked_tool = view.asked_tool
            self.refresh_bindings()
            if view.asked_tool is not None and not first_view:  # asked while the person was in
                self.notify(f"The facilitator asks everyone to do {TOOL_TITLES[view.asked_tool].lower()} on "
                            "their own: Ctrl+T opens it.", timeout=10)
        self._seen_view = True
        if view.asked_tool is None or not view.still_in:
            return Text()
        return Text.assemble("\nAlso asked: ", (TOOL_TITLES[view.asked_tool], "bold"),
                             ", on your own (Ctrl+T).")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "own_tool":
            return self.asked_tool is not None
        return True

    def action_own_tool(self) -> None:
        from smp_tui.screens.participant_workbook import OwnToolScreen

        if self.asked_tool is not None and self.view is not None:
            self.app.push_screen(OwnToolScreen(self.asked_tool, self.view.anonymous))
