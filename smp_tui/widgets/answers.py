"""Statements answered with single keys: a digit (or y / n) answers the highlighted one
and the cursor moves on, so a whole questionnaire is answered without leaving the keys.

Subclasses say which keys give which answers; headings are disabled lines."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

Answer = int | bool | None  # None clears the answer


def answered_line(answer: int | None, *text: str | tuple[str, str]) -> Text:
    """A statement's line: its answer in a box first (a dot when not answered yet)."""
    mark = Text(" · ", style="dim") if answer is None else Text(f" {answer} ", style="bold reverse")
    return Text.assemble(mark, " ", *text)


def heading_line(text: str) -> Text:
    return Text(text, style="bold underline")


class AnswerList(OptionList):
    class Answered(Message):
        def __init__(self, answer_list: AnswerList, item_id: str, value: Answer) -> None:
            super().__init__()
            self.answer_list = answer_list
            self.item_id = item_id
            self.value = value

        @property
        def control(self) -> AnswerList:
            return self.answer_list

    def show(self, lines: Sequence[tuple[str | None, Text]]) -> None:
        """Replace the lines, keeping the cursor: (id, text) per item, (None, text) per heading."""
        highlighted = self.highlighted
        self.clear_options()
        self.add_options([Option(text, id=item_id, disabled=item_id is None) for item_id, text in lines])
        first = next((n for n, (item_id, _) in enumerate(lines) if item_id is not None), None)
        if highlighted is not None and highlighted < len(lines) and lines[highlighted][0] is not None:
            self.highlighted = highlighted
        else:
            self.highlighted = first

    def action_answer(self, value: Answer) -> None:
        option = self.highlighted_option
        if option is None or option.id is None:
            return
        self.post_message(self.Answered(self, option.id, value))
        if value is not None:
            self.action_cursor_down()


class OneToFive(AnswerList):
    BINDINGS = [
        *(Binding(str(n), f"answer({n})", "Score 1-5" if n == 1 else "", show=n == 1, id=f"answers.five.{n}")
          for n in range(1, 6)),
        Binding("backspace", "answer(None)", "Clear", id="answers.five.clear", show=False),
    ]


class ZeroToFour(AnswerList):
    BINDINGS = [
        *(Binding(str(n), f"answer({n})", "Score 0-4" if n == 0 else "", show=n == 0, id=f"answers.four.{n}")
          for n in range(0, 5)),
        Binding("backspace", "answer(None)", "Clear", id="answers.four.clear", show=False),
    ]


class YesNo(AnswerList):
    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="answers.yes"),
        Binding("n", "answer(False)", "No", id="answers.no"),
        Binding("backspace", "answer(None)", "Clear", id="answers.clear", show=False),
    ]
