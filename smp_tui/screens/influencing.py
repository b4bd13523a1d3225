"""Tool 3, influencing styles: 36 statements scored 0-4 with single keys; the pull and
push totals and their bands, each shown only once all of its statements are answered."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Header, Static, TabbedContent, TabPane

from smp_tui.widgets.footer import SteadyFooter
from smp_tui.logic.workbook import next_unanswered, style_totals
from smp_tui.logic import changes
from smp_tui.models import Session
from smp_tui.screens.personal import WorkbookToolScreen
from smp_tui.widgets.answers import AnswerList, ZeroToFour, answered_line


class InfluencingScreen(WorkbookToolScreen):
    HELP_TITLE = "Influencing styles"
    HELP = (
        "Answer (F5): for each of the 36 statements press 4 (definitely agree), 3 (inclined to "
        "agree), 2 (undecided), 1 (inclined to disagree) or 0 (definitely disagree); the "
        "cursor moves on by itself, Backspace clears. The line at the bottom shows your pull "
        "and push totals, each once all of its statements are answered, or how many are left.\n"
        "Result (F6): both totals, their bands, what each style is and when it works best. "
        "Private to you; share the totals into a team session from My workbook (s)."
    )

    @property
    def bank(self):
        return self.banks.influencing

    def compose(self) -> ComposeResult:
        scale = " · ".join(f"{n} {label.lower()}" for n, label in sorted(self.bank.scale.labels.items(), reverse=True))
        yield Header()
        with TabbedContent(initial="answer"):
            with TabPane("Answer (F5)", id="answer"), Vertical():
                yield Static(scale, classes="intro", markup=False)
                yield ZeroToFour(id="statements", classes="answer-list")
                yield Static("", id="totals", classes="totals")
            with TabPane("Result (F6)", id="result"), VerticalScroll(id="result-body"):
                yield Static("", id="result-text")
        yield SteadyFooter()

    def on_mount(self) -> None:
        super().on_mount()
        left = next_unanswered(self.session.workbook.influencing, self.bank)
        if left is not None:  # carry on where the person stopped
            self.query_one(ZeroToFour).highlighted = left - 1
        self.first_focus("answer")

    def first_focus(self, tab: str) -> None:
        if tab == "answer":
            self.query_one(ZeroToFour).focus()

    def fill(self) -> None:
        answers = self.session.workbook.influencing.answers
        lines = []
        for statement in self.bank.statements:
            lines.append((str(statement.number),
                          answered_line(answers.get(statement.number), f"{statement.number:>2}. ", statement.text)))
        self.query_one(ZeroToFour).show(lines)
        self.query_one("#totals", Static).update(totals_line(self.session, self.bank))
        self.show_result()

    def on_answer_list_answered(self, event: AnswerList.Answered) -> None:
        number, score = int(event.item_id), event.value
        self.change("your answer", changes.answer_influencing(number, score))
        self.fill()
        if score is not None and number == len(self.bank.statements):
            left = next_unanswered(self.session.workbook.influencing, self.bank)
            if left is None:
                self.notify("All 36 answered: F6 shows your result.")
            else:
                self.query_one(ZeroToFour).highlighted = left - 1
                self.notify(f"Statement {left} is still unanswered.")


def totals_line(session: Session, bank) -> Text:
    parts = []
    for total in style_totals(session.workbook.influencing, bank):
        label = f"{total.style.name} ({total.style.column}): "
        if total.band is None:  # no band until the style is totalled
            parts.append(Text.assemble((label, "bold"), f"{total.left} of {total.asked} left to answer"))
        else:
            parts.append(Text.assemble((label, "bold"), (f"{total.total}", "bold"), f" {total.band.name}"))
    return Text(" · ").join(parts)
