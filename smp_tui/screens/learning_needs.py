"""Exercise 1, learning needs analysis: a person scores eleven areas of their own
practice 1-5 with a comment each; the result groups them by the day's themes, names the
lowest, and shows what moved since their earlier analysis."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Header, Input, Static, TabbedContent, TabPane

from smp_tui.widgets.footer import SteadyFooter
from smp_tui.logic.workbook import score_of
from smp_tui.logic import changes
from smp_tui.models import LINE_MAX, NeedScore, Session
from smp_tui.screens.personal import WorkbookToolScreen
from smp_tui.widgets.answers import AnswerList, OneToFive, answered_line, heading_line
from smp_tui.widgets.text import literal
from smp_tui.widgets.fields import InOrderInput


class LearningNeedsScreen(WorkbookToolScreen):
    HELP_TITLE = "Learning needs analysis"
    HELP = (
        "Answer (F5): move through the eleven areas with the arrow keys and press 1 (very low) "
        "to 5 (very high) for how able and confident you feel in each; the cursor moves on by "
        "itself, Backspace clears. Tab goes to the comment line for the highlighted area; "
        "Enter saves it and goes back to the list.\n"
        "Result (F6): your scores by theme, your lowest areas (a practice improvement plan "
        "starts from these) and, when you have done the analysis before, what moved since. "
        "Everything here is private to you unless you share it."
    )

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self.comment_for: str | None = None

    @property
    def bank(self):
        return self.banks.learning_needs

    def compose(self) -> ComposeResult:
        yield Header()
        with TabbedContent(initial="answer"):
            with TabPane("Score (F5)", id="answer"), Vertical():
                yield Static(self.bank.meta.intro, classes="intro", markup=False)
                yield OneToFive(id="needs", classes="answer-list")
                yield InOrderInput(placeholder=self.bank.scale.comment_prompt, id="comment", max_length=LINE_MAX)
            with TabPane("Result (F6)", id="result"), VerticalScroll(id="result-body"):
                yield Static("", id="result-text")
        yield SteadyFooter()

    def on_mount(self) -> None:
        super().on_mount()
        listing = self.query_one(OneToFive)
        result = self.session.workbook.learning_needs
        unscored = [s.id for s in self.bank.statements if score_of(result, s.id) is None]
        if unscored and len(unscored) < len(self.bank.statements):  # carry on where the person stopped
            listing.highlighted = listing.get_option_index(unscored[0])
        self._show_comment()
        self.first_focus("answer")

    def first_focus(self, tab: str) -> None:
        if tab == "answer":
            self.query_one(OneToFive).focus()

    def fill(self) -> None:
        bank, result = self.bank, self.session.workbook.learning_needs
        lines: list[tuple[str | None, Text]] = []
        for group in bank.groups:
            lines.append((None, heading_line(group.name)))
            for statement in bank.statements:
                if statement.group != group.id:
                    continue
                note = "  ✎" if result.scores.get(statement.id, NeedScore()).comment else ""
                lines.append((statement.id, answered_line(score_of(result, statement.id), statement.text,
                                                          (note, "dim"))))
        self.query_one(OneToFive).show(lines)
        self.show_result()

    def on_option_list_option_highlighted(self, event: AnswerList.OptionHighlighted) -> None:
        if event.option_list.id == "needs":
            self._save_comment()
            self._show_comment()

    def _show_comment(self) -> None:
        option = self.query_one(OneToFive).highlighted_option
        self.comment_for = option.id if option is not None else None
        field = self.query_one("#comment", Input)
        entry = self.session.workbook.learning_needs.scores.get(self.comment_for or "", NeedScore())
        field.value = entry.comment
        field.border_title = literal(self.bank.statement(self.comment_for).text) if self.comment_for else ""

    def _save_comment(self) -> None:
        statement, text = self.comment_for, self.query_one("#comment", Input).value.strip()
        if statement is None:
            return
        entry = self.session.workbook.learning_needs.scores.get(statement, NeedScore())
        if entry.comment != text:
            self.change("your comment", changes.comment_need(statement, text))
            self.fill()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self._save_comment()
        self.query_one(OneToFive).focus()

    def on_descendant_blur(self, event) -> None:
        if isinstance(event.widget, Input):
            self._save_comment()

    def on_answer_list_answered(self, event: AnswerList.Answered) -> None:
        self.change("your score", changes.score_need(event.item_id, event.value))
        self.fill()

    def action_back(self) -> None:
        self._save_comment()
        super().action_back()
