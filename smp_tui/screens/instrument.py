"""Tool 5, instrument of change: strengths and difficulties of leading change from the
inside, each answered y / n, then four questions to reflect on in your own words."""

from __future__ import annotations

from typing import cast

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Header, Static, TabbedContent, TabPane, TextArea

from smp_tui.widgets.footer import SteadyFooter
from smp_tui.logic.workbook import instrument_counts
from smp_tui.logic import changes
from smp_tui.models import TEXT_MAX
from smp_tui.screens.personal import WorkbookToolScreen
from smp_tui.widgets.answers import AnswerList, YesNo
from smp_tui.widgets.text import literal
from smp_tui.widgets.fields import InOrderTextArea


class InstrumentScreen(WorkbookToolScreen):
    HELP_TITLE = "Instrument of change"
    HELP = (
        "Answer (F5): for each strength and difficulty press y if it is broadly true of you, "
        "n if not (Backspace clears); the cursor moves on by itself. Then Tab to the four "
        "questions and write what the answers mean for you; it is saved as you type.\n"
        "Result (F6): your answers and reflections on one page. Private to you."
    )

    @property
    def bank(self):
        return self.banks.instrument

    def compose(self) -> ComposeResult:
        reflections = self.session.workbook.instrument.reflections
        yield Header()
        with TabbedContent(initial="answer"):
            with TabPane("Answer (F5)", id="answer"), VerticalScroll():
                yield Static(self.bank.meta.intro, classes="intro", markup=False)
                yield YesNo(id="statements", classes="answer-list")
                yield Static("", id="tally", classes="totals")
                for question in self.bank.questions:
                    area = InOrderTextArea(reflections.get(question.id, ""), id=f"reflect-{question.id}",
                                    classes="reflection")
                    area.border_title = literal(question.text)
                    yield area
            with TabPane("Result (F6)", id="result"), VerticalScroll(id="result-body"):
                yield Static("", id="result-text")
        yield SteadyFooter()

    def on_mount(self) -> None:
        super().on_mount()
        self.first_focus("answer")

    def first_focus(self, tab: str) -> None:
        if tab == "answer":
            self.query_one(YesNo).focus()

    def fill(self) -> None:
        answers = self.session.workbook.instrument.answers
        lines: list[tuple[str | None, Text]] = []
        for title, items in (("Strengths", self.bank.strengths), ("Difficulties", self.bank.difficulties)):
            lines.append((None, Text(title, style="bold underline")))
            for item in items:
                answer = answers.get(item.id)
                mark = Text(" · ", style="dim") if answer is None else Text(" Y " if answer else " N ",
                                                                          style="bold reverse")
                lines.append((item.id, Text.assemble(mark, " ", item.text)))
        self.query_one(YesNo).show(lines)
        counts = instrument_counts(self.session.workbook.instrument, self.bank)
        tally = (f"Broadly true of you: {counts.strengths_yes} of {counts.strengths} strengths, "
                 f"{counts.difficulties_yes} of {counts.difficulties} difficulties")
        if counts.unanswered:
            tally += f" · {counts.unanswered} not answered"
        self.query_one("#tally", Static).update(tally)
        self.show_result()

    def on_answer_list_answered(self, event: AnswerList.Answered) -> None:
        item, answer = event.item_id, cast("bool | None", event.value)  # this list offers only yes / no
        self.change("your answer", changes.answer_instrument(item, answer))
        self.fill()
        if answer is not None and item == self.bank.difficulties[-1].id:
            self.query_one(f"#reflect-{self.bank.questions[0].id}", TextArea).focus()

    def _saver(self, area: TextArea):
        question, value = (area.id or "")[len("reflect-"):], area.text

        def save() -> None:
            if len(value) > TEXT_MAX:
                self.notify(f"That reflection is too long to save ({len(value)} characters; at most "
                            f"{TEXT_MAX}). Shorten it; nothing is lost from the screen.", severity="error")
                return
            if self.session.workbook.instrument.reflections.get(question, "") != value.strip():
                self.change("your reflection", changes.reflect(question, value))

        return save

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        self.later(event.text_area.id or "", self._saver(event.text_area))

    def on_descendant_blur(self, event) -> None:
        if isinstance(event.widget, TextArea):
            self.now(event.widget.id or "", self._saver(event.widget))
