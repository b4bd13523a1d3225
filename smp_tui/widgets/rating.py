"""Rating the resilience indicators with single keys, and what weak and strong look like."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Static
from textual.widgets.option_list import Option

from smp_tui.banks import SCORES, ResilienceBank
from smp_tui.logic.changes import CLEAR, DONT_KNOW
from smp_tui.logic.resilience import rating_of
from smp_tui.models import ResilienceResult
from smp_tui.widgets.fields import AnswerAndMoveOn


class RatingList(AnswerAndMoveOn):
    """The indicators, grouped by attribute. A digit rates the highlighted one and moves on."""

    BINDINGS = [
        *(Binding(str(n), f"rate({n})", "Rate 1-5" if n == 1 else "", show=n == 1, id=f"rate.{n}") for n in SCORES),
        Binding("0,question_mark", f"rate({DONT_KNOW})", "Don't know", id="rate.dont_know"),
        Binding("backspace", f"rate({CLEAR})", "Clear", id="rate.clear"),
    ]

    class Rated(Message):
        def __init__(self, indicator: str, value: int) -> None:
            super().__init__()
            self.indicator = indicator
            self.value = value

    def fill(self, bank: ResilienceBank, result: ResilienceResult, rater: str | None) -> None:
        """One line per indicator, under its attribute, with `rater`'s rating."""
        self.clear_options()
        for attribute in bank.attributes:
            self.add_option(Option(Text(attribute.name, style="bold underline"), disabled=True))
            for indicator in bank.indicators:
                if indicator.attribute != attribute.id:
                    continue
                rating = rating_of(result, indicator.id, rater)
                if rating is None:
                    mark = Text("  ·  not rated", style="dim")
                elif rating.score is None:
                    mark = Text(f"  ?  {bank.scale.dont_know}")
                else:
                    mark = Text(f"  {rating.score}  {bank.scale.labels[rating.score]}", style="bold")
                self.add_option(Option(Text.assemble(f"{indicator.name:<26}", mark), id=indicator.id))

    def action_rate(self, value: int) -> None:
        self.answer_and_move_on(value, CLEAR)

    def answered(self, line_id: str, value: Any) -> None:
        self.post_message(self.Rated(line_id, value))


class RatingPanel(Vertical):
    """The indicators to rate, and what weak and strong look like for the highlighted one."""

    def __init__(self, bank: ResilienceBank) -> None:
        super().__init__()
        self.bank = bank

    def compose(self) -> ComposeResult:
        yield RatingList(id="indicators")
        yield Static("", id="anchors", classes="guidance")

    def on_option_list_option_highlighted(self) -> None:
        self.show_anchors()

    def show_anchors(self) -> None:
        text = anchors_text(self.bank, self.query_one(RatingList))
        if text is not None:
            self.query_one("#anchors", Static).update(text)


def anchors_text(bank: ResilienceBank, listing: RatingList) -> Text | None:
    """What weak and strong look like for the highlighted indicator."""
    option = listing.highlighted_option
    if option is None or option.id is None:
        return None
    indicator = bank.indicator(option.id)  # what it means is in F1 and the bank; here, the two ends
    return Text.assemble((f"{indicator.name}. ", "bold"), ("Weak (1): ", "bold"), indicator.weak, "\n",
                         ("Strong (5): ", "bold"), indicator.strong)
