"""Tool 1, what is good work?: the statement list answered by keys, and its results (people's
shares per heading, the room's agreed answers apart, the statements most answered no).
Used by the facilitator's screen and by a remote participant's own."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from rich.table import Table
from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets.option_list import Option

from smp_tui.banks import GoodWorkBank
from smp_tui.logic import good_work
from smp_tui.logic.changes import CLEAR_ANSWER
from smp_tui.models import YES_NO, YesNo
from smp_tui.widgets.fields import AnswerAndMoveOn
from smp_tui.widgets.results import QuickTable, who_answered
from smp_tui.widgets.text import literal

MARKS = {"yes": "Y", "no": "N", "not_sure": "?"}
BAR_WIDTH = 10


class AnswerList(AnswerAndMoveOn):
    """The statements under their headings. y / n / s answer the highlighted one and move on."""

    BINDINGS = [
        Binding("y,1", "answer('yes')", "Yes", id="good_work.yes"),
        Binding("n,2", "answer('no')", "No", id="good_work.no"),
        Binding("s,3", "answer('not_sure')", "Not sure", id="good_work.not_sure"),
        Binding("backspace", f"answer('{CLEAR_ANSWER}')", "Clear", id="good_work.clear", show=False),
    ]

    class Answered(Message):
        def __init__(self, statement: str, answer: YesNo | Literal["clear"]) -> None:
            super().__init__()
            self.statement = statement
            self.answer = answer

    def fill(self, bank: GoodWorkBank, given: Mapping[str, str]) -> None:
        """`given`: statement -> the answer already given by whoever is answering."""
        highlighted = self.highlighted
        self.clear_options()
        for heading in bank.headings:
            self.add_option(Option(Text(heading.name, style="bold underline"), disabled=True))
            for statement in heading.statements:
                answer = given.get(statement.id)
                mark = Text(f" {MARKS[answer]} ", style="bold reverse") if answer else Text(" · ", style="dim")
                self.add_option(Option(Text.assemble(mark, " ", statement.text), id=statement.id))
        self.highlighted = highlighted if highlighted is not None else 1

    def action_answer(self, answer: YesNo | Literal["clear"]) -> None:
        self.answer_and_move_on(answer, CLEAR_ANSWER)

    def answered(self, line_id: str, value: Any) -> None:
        self.post_message(self.Answered(line_id, value))


def share_bar(tally: good_work.Tally) -> Text:
    """Yes, no and not sure as one bar of BAR_WIDTH cells: █ yes, ▒ no, ░ not sure."""
    if not tally.answered:
        return Text("·" * BAR_WIDTH, style="dim")
    cells = {answer: round(BAR_WIDTH * tally.share(answer)) for answer in YES_NO}
    cells["not_sure"] = max(0, BAR_WIDTH - cells["yes"] - cells["no"])
    return Text("█" * cells["yes"] + "▒" * cells["no"] + "░" * cells["not_sure"])


def room_marks(bank: GoodWorkBank, found: good_work.Survey, heading_id: str) -> Text:
    """The room's agreed answer to each of a heading's statements, in order: Y N ? or ·."""
    heading = next(h for h in bank.headings if h.id == heading_id)
    return Text("".join(MARKS.get(found.room.get(s.id, ""), "·") for s in heading.statements))


def results_table(bank: GoodWorkBank, found: good_work.Survey, min_group: int) -> Table:
    """People's shares per heading; the room's agreed answers in a column of their own."""
    people = found.people
    table = QuickTable(expand=True, title="People's answers per heading: █ yes ▒ no ░ not sure", title_justify="left")
    table.add_column("Heading", ratio=3)
    table.add_column("Yes", justify="right")
    table.add_column("No", justify="right")
    table.add_column("Not sure", justify="right")
    table.add_column("Shares", justify="left", width=BAR_WIDTH)
    table.add_column("People", justify="right")
    if found.room:
        table.add_column("Room", justify="left")
    captions = []
    for heading in bank.headings:
        tally = people.headings[heading.id]
        hidden = found.heading_hidden(bank, heading.id)
        name = Text(heading.name)
        if hidden:
            name.append(f" ({hidden} hidden)", style="dim")
        shares = [f"{tally.share(a):.0%}" if tally.answered else "–" for a in YES_NO]
        room = [room_marks(bank, found, heading.id)] if found.room else []
        table.add_row(name, *shares, share_bar(tally), str(tally.people), *room)
    if found.hidden:
        captions.append(f"hidden: answered by fewer than {min_group} people (anonymous session)")
    if found.room:
        captions.append("Room: the room's agreed answer to each statement (Y yes, N no, ? not sure), "
                        "never counted as a person")
    table.caption = "\n".join(captions) or None
    return table


def most_no_text(bank: GoodWorkBank, found: good_work.Survey) -> Text:
    """People's most-"no" statements first, then what the room agreed no to, apart."""
    people = found.people
    flagged = people.most_no(bank)
    text = Text()
    if not people.overall.answered:
        text.append("No answers from people yet." if not found.hidden else "Every answer so far is hidden.",
                    style="dim")
    elif not flagged:
        text.append("Nobody answered no.")
    else:
        text.append("Most often answered no\n", style="bold")
        for statement_id in flagged:
            tally = people.statements[statement_id]
            text.append(f" {tally.counts['no']} no of {tally.answered}: ", style="bold")
            text.append_text(literal(bank.statement(statement_id).text))
            text.append("\n")
    room_no = found.room_said_no(bank)
    if room_no:
        text.append("\nThe room agreed no\n", style="bold")
        for statement_id in room_no:
            text.append(" ")
            text.append_text(literal(bank.statement(statement_id).text))
            text.append("\n")
    text.rstrip()
    return text


def answered_text(found: good_work.Survey) -> Text:
    """Who has answered (how many statements), never what."""
    return who_answered(found.answered, found.statement_count, found.joined)
