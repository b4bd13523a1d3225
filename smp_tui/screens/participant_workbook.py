"""A personal tool the facilitator asked everyone in a remote session to do (influencing
styles, learning needs), in the participant's own terminal: the same statements and
scoring as in a person's own workbook, answered with single keys.

The answers are kept in the participant's process only (through their
ParticipantWorkspace), never in the session: everyone on the host is one account and the
facilitator can read the session file. Only a result the person chooses to share
reaches the team."""

from __future__ import annotations

from rich.markdown import Markdown
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Header, Static, TabbedContent, TabPane

from smp_tui.widgets.footer import SteadyFooter
from smp_tui.models import WorkbookTool
from smp_tui.participant import OwnWork
from smp_tui.screens.participant import ParticipantScreenBase
from smp_tui.widgets.answers import AnswerList, OneToFive, ZeroToFour, answered_line, heading_line
from smp_tui.workspace import Fault


class OwnToolScreen(ParticipantScreenBase):
    HELP_TITLE = "Your personal tool"
    HELP = (
        "The facilitator asks everyone to do this tool on their own. Answer (F5): move with the "
        "arrow keys and press the number for each statement; the cursor moves on by itself, "
        "Backspace clears. The line at the bottom shows your totals so far.\n"
        "Result (F6): your result, for you alone.\n"
        "Your answers stay in this window only: they are not saved in the session or anywhere "
        "else, nobody (the facilitator included) can see them, and leaving smp join forgets "
        "them. s shares your result (totals or scores, never your answers) with the team; in "
        "an anonymous session it carries no name. Escape goes back to rating."
    )
    BINDINGS = [
        Binding("f5", "show_tab('answer')", "Answer", id="participant.own.answer"),
        Binding("f6", "show_tab('result')", "Result", id="participant.own.result"),
        Binding("s", "share", "Share my result", id="participant.own.share"),
        Binding("escape", "back", "Back", id="participant.own.back"),  # to rating (HELP says so): room at 80 columns
    ]

    def __init__(self, tool: WorkbookTool, anonymous: bool) -> None:
        super().__init__()
        self.tool = tool
        self.anonymous = anonymous
        self.work: OwnWork | None = None

    def compose(self) -> ComposeResult:
        answers: AnswerList = ZeroToFour(id="own-answers", classes="answer-list") if self.tool == "influencing" \
            else OneToFive(id="own-answers", classes="answer-list")
        yield Header()
        with TabbedContent(initial="answer"):
            with TabPane("Answer (F5)", id="answer"), Vertical():
                yield Static("", id="own-privacy", classes="intro")
                yield answers
                yield Static("", id="own-status", classes="totals")
            with TabPane("Result (F6)", id="result"), VerticalScroll(id="own-result-body"):
                yield Static("", id="own-result")
        yield SteadyFooter(show_command_palette=False)  # room for every key at 80 columns (F1 says Ctrl+P)

    def on_mount(self) -> None:
        self._show(self.participant.own_work(self.tool))
        self.query_one(AnswerList).focus()

    def _show(self, work: OwnWork | Fault) -> None:
        if isinstance(work, Fault):
            self.notify(str(work), severity="error", timeout=10, markup=False)
            return
        self.work = work
        self.sub_title = work.title
        named = "with no name (anonymous session)" if self.anonymous else "under your name"
        self.query_one("#own-privacy", Static).update(Text.assemble(
            (f"{work.title}, for you alone: ", "bold"),
            "your answers stay in this window, saved nowhere, seen by nobody, gone when you "
            f"leave. s shares only your result with the team, {named}.\n", (work.scale, "dim")))
        self.query_one(AnswerList).show([
            (item, heading_line(text) if item is None else answered_line(answer, text))
            for item, text, answer in work.items])
        if work.not_yet is not None:
            sharing = "s shares your result once every statement is answered."
        elif work.shared:
            sharing = "Shared with the team, as it is now."
        else:
            sharing = "Ready: s shares your result with the team."
        self.query_one("#own-status", Static).update(
            Text.assemble((work.status, "bold"), "\n", sharing))
        self.query_one("#own-result", Static).update(Markdown(work.result, hyperlinks=False))

    def on_answer_list_answered(self, event: AnswerList.Answered) -> None:
        value = None if event.value is None else int(event.value)
        self._show(self.participant.answer_own(self.tool, event.item_id, value))

    def action_show_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab
        if tab == "result":
            self.query_one("#own-result-body").focus()
        else:
            self.query_one(AnswerList).focus()

    def action_share(self) -> None:
        if self.work is not None and self.work.not_yet is not None:
            self.notify(f"Not ready to share: {self.work.not_yet}.", severity="warning", markup=False)
            return
        self.fetch(lambda p: p.share_own(self.tool), lambda _: self._shared(), self._refused, "participant.own.share")

    def _shared(self) -> None:
        who = "with no name" if self.anonymous else "under your name"
        self.notify(f"Your result is shared with the team, {who}. Your answers stay here.", markup=False)
        self._show(self.participant.own_work(self.tool))

    def _refused(self, fault: Fault) -> None:
        self.notify(str(fault), title="Not shared", severity="warning", timeout=10, markup=False)

    def action_back(self) -> None:
        self.app.pop_screen()
