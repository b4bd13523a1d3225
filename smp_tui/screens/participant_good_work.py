"""A remote participant's own answers to Tool 1 (what is good work?): yes / no / not sure to
each statement, private until the facilitator reveals them; then everyone's shares per
heading (no names), the room's agreed answers apart, and the statements most answered no.

Like the other participant screens it reaches data only through the ParticipantWorkspace."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Header, Static

from smp_tui.widgets.footer import SteadyFooter
from smp_tui.participant import GoodWorkView
from smp_tui.screens.participant import ParticipantScreenBase
from smp_tui.widgets.good_work import AnswerList, most_no_text, results_table
from smp_tui.widgets.text import labelled
from smp_tui.workspace import Fault


class GoodWorkAnswersScreen(ParticipantScreenBase):
    HELP_TITLE = "Your answers: what is good work?"
    HELP = (
        "Answer each statement for your own work: move with the arrow keys and press y (yes), "
        "n (no) or s (not sure); the cursor moves on by itself. Backspace clears, or takes back "
        "the answer just given. Only you "
        "see your answers. When the facilitator reveals them, everyone sees the shares of yes, "
        "no and not sure per heading, without names, and answering closes. F5 goes back to the "
        "resilience ratings; Ctrl+W withdraws all your answers."
    )
    BINDINGS = [
        Binding("f5", "resilience", "Resilience", id="participant.good_work.resilience"),
        Binding("ctrl+w", "withdraw", "Withdraw", id="participant.good_work.withdraw"),
        Binding("escape", "leave", "Leave", id="participant.good_work.leave"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.view: GoodWorkView | None = None  # `view.agenda` drives the countdown in the header

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="participant-good-work"):
            yield Static("Tool 1, what is good work? Loading your answers…", id="good-work-status", classes="intro")
            yield AnswerList(id="my-statements")
            with VerticalScroll(id="good-work-revealed"):
                yield Static("", id="good-work-results")
                yield Static("", id="good-work-most-no", classes="verdict")
        yield SteadyFooter(show_command_palette=False)  # room for every key at 80 columns (F1 says Ctrl+P)

    def on_mount(self) -> None:
        self.query_one(AnswerList).focus()
        self.reload()

    def reload(self) -> None:
        self.fetch(lambda p: p.good_work_view(), self._show, self._fault, "participant.good_work.view")

    def _fault(self, fault: Fault) -> None:
        self.notify(str(fault), severity="error", timeout=10, markup=False)

    def _show(self, view: GoodWorkView) -> None:
        self.view = view
        bank = self.participant.good_work_bank
        self.query_one(AnswerList).fill(bank, view.mine)
        total = sum(len(h.statements) for h in bank.headings)
        seat = self.participant.seat
        status = labelled((view.title, "bold"), " · Tool 1, what is good work? · answering as ",
                          (seat.name if seat else "?", "bold"), f"\n{len(view.mine)} of {total} answered. ")
        if not view.still_in:
            status.append("The facilitator has taken you out of this session.", style="bold")
        elif view.revealed:
            status.append("The facilitator has revealed everyone's answers: the results are below. "
                          "Answering is closed.", style="bold")
        else:
            status.append("Your answers are private until the facilitator reveals them. "
                          "y yes · n no · s not sure")
        self.query_one("#good-work-status", Static).update(status)
        revealed = view.results is not None
        # answering is closed once revealed: the results take the whole height
        self.query_one(AnswerList).display = not revealed
        self.query_one("#good-work-revealed").display = revealed
        if view.results is not None:
            self.query_one("#good-work-results", Static).update(
                results_table(bank, view.results, view.min_group))
            self.query_one("#good-work-most-no", Static).update(most_no_text(bank, view.results))
        elif self.focused is None:
            self.query_one(AnswerList).focus()

    def on_answer_list_answered(self, event: AnswerList.Answered) -> None:
        statement, answer = event.statement, event.answer
        self.change(lambda p: p.answer_good_work(statement, answer), lambda _: self.reload(), self._refused)

    def _refused(self, fault: Fault) -> None:
        self.notify(str(fault), title="Not saved", severity="warning", timeout=10, markup=False)
        self.reload()

    def action_resilience(self) -> None:
        from smp_tui.screens.participant import AnswersScreen

        self.app.switch_screen(AnswersScreen())

    def action_withdraw(self) -> None:
        from smp_tui.screens.confirm import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if yes:
                self.change(lambda p: p.withdraw(), lambda _: self._withdrawn(), self._refused)

        self.app.push_screen(ConfirmScreen("Withdraw all your answers in this session (resilience and good "
                                           "work)? You can answer again while answering is open.",
                                           yes="Yes, withdraw them"), answered)

    def _withdrawn(self) -> None:
        self.notify("Your answers are withdrawn.")
        self.reload()

