"""Tool 1, what is good work?: each person (or the room) answers 32 statements yes / no /
not sure; results per heading, with the statements most answered "no" first and the
headings to work on."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import Footer, Header, Label, OptionList, Select, Static, TabbedContent, TabPane
from textual.widgets.option_list import Option

from smp_tui.banks import GoodWorkBank
from smp_tui.logic import changes, good_work
from smp_tui.logic.links import improvement_areas
from smp_tui.models import YES_NO, Session
from smp_tui.screens.exercise import ExerciseScreen
from smp_tui.logic.privacy import rater_choices
from smp_tui.widgets.text import literal

ROOM = "room"
CLEAR = changes.CLEAR_ANSWER
MARKS = {"yes": "Y", "no": "N", "not_sure": "?"}
BAR_WIDTH = 10


class AnswerList(OptionList):
    """The statements under their headings. y / n / s answer the highlighted one and move on."""

    BINDINGS = [
        Binding("y,1", "answer('yes')", "Yes", id="good_work.yes"),
        Binding("n,2", "answer('no')", "No", id="good_work.no"),
        Binding("s,3", "answer('not_sure')", "Not sure", id="good_work.not_sure"),
        Binding("backspace", f"answer('{CLEAR}')", "Clear", id="good_work.clear", show=False),
    ]

    class Answered(Message):
        def __init__(self, statement: str, answer: str) -> None:
            super().__init__()
            self.statement = statement
            self.answer = answer

    def fill(self, bank: GoodWorkBank, result, rater: str | None) -> None:
        highlighted = self.highlighted
        self.clear_options()
        for heading in bank.headings:
            self.add_option(Option(Text(heading.name, style="bold underline"), disabled=True))
            for statement in heading.statements:
                given = good_work.answer_of(result, statement.id, rater)
                mark = Text(f" {MARKS[given.answer]} ", style="bold reverse") if given else Text(" · ", style="dim")
                self.add_option(Option(Text.assemble(mark, " ", statement.text), id=statement.id))
        self.highlighted = highlighted if highlighted is not None else 1

    def action_answer(self, answer: str) -> None:
        option = self.highlighted_option
        if option is None or option.id is None:
            return
        self.post_message(self.Answered(option.id, answer))
        self.action_cursor_down()


class GoodWorkScreen(ExerciseScreen):
    EXERCISE = "good_work"
    HELP_TITLE = "Tool 1: what is good work?"
    HELP = (
        "Answer: choose whose answers you are recording (a person, or one agreed answer for "
        "the room; in an anonymous session people are Rater 1, Rater 2 ... and never named), "
        "then go down the statements with the arrow keys and press y (yes), n (no) or s (not "
        "sure); Backspace clears. The cursor moves on by itself.\n"
        "Results: per heading, the share of yes, no and not sure; then the statements most "
        "often answered no, and the areas proposed for the practice improvement plan. In an "
        "anonymous session a statement answered by fewer people than the smallest group is "
        "hidden and left out of every figure. In a remote session the facilitator records the "
        "room's agreed answers. Ctrl+N makes an action."
    )
    BINDINGS = [
        Binding("f5", "show_tab('answer')", "Answer", id="good_work.answer_tab", show=False),
        Binding("f6", "show_tab('results')", "Results", id="good_work.results_tab", show=False),
    ]

    @property
    def bank(self) -> GoodWorkBank:
        return self.banks.good_work

    def _raters(self) -> list[tuple[str, str]]:
        """(label, key) of whose answers can be recorded; labels are people's text."""
        room = [("The room: one agreed answer", ROOM)]
        # Remote participants answer nothing here: the facilitator records the room.
        return room if self.session.mode == "remote" else rater_choices(self.session) + room

    def compose(self) -> ComposeResult:
        bank = self.bank
        raters = self._raters()
        yield Header()
        with TabbedContent(initial="answer"):
            with TabPane("Answer (F5)", id="answer"), VerticalScroll():
                yield Static(bank.meta.intro, classes="intro", markup=False)
                with Horizontal(classes="rater-row", id="good-work-rater-row"):
                    yield Label("Answers of: ", classes="rater-label")
                    yield Select([(literal(label), key) for label, key in raters], value=raters[0][1], allow_blank=False,
                                 id="good-work-rater", compact=True)
                yield Static("", id="good-work-progress")
                yield AnswerList(id="statements")
            with TabPane("Results (F6)", id="results"), VerticalScroll():
                yield Static("", id="good-work-results")
                yield Static("", id="good-work-most-no", classes="verdict")
                yield Static("Proposed for the practice improvement plan: Enter makes one an action",
                             classes="section-title")
                yield OptionList(id="good-work-proposals")
                yield Static(f"Source: {bank.meta.source}", classes="source", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self._show()
        self.query_one(AnswerList).focus()

    def reloaded(self) -> None:
        self._show()

    def action_show_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab

    def _rater(self) -> str | None:
        value = self.query_one("#good-work-rater", Select).value
        return None if value == ROOM else str(value)

    def _show(self) -> None:
        bank, result = self.bank, self.session.good_work
        rater = self._rater()
        self.query_one(AnswerList).fill(bank, result, rater)
        total = sum(len(h.statements) for h in bank.headings)
        done = good_work.answered_by(result, bank, rater)
        who = "the room" if rater is None else next(
            (label for label, key in rater_choices(self.session) if key == rater), "?")
        progress = Text.assemble((f"{done} of {total}", "bold"), " answered for ")
        progress.append_text(literal(who))
        progress.append("   y yes · n no · s not sure · Backspace clears", style="dim")
        self.query_one("#good-work-progress", Static).update(progress)
        found = good_work.survey(self.session, bank)
        self.query_one("#good-work-results", Static).update(results_table(self.session, bank, found))
        self.query_one("#good-work-most-no", Static).update(most_no_text(bank, found))
        proposals = self.query_one("#good-work-proposals", OptionList)
        proposals.clear_options()
        found_areas = improvement_areas(self.session, self.banks)
        proposals.add_options([Option(Text.assemble((p.name, "bold"), f"  ({p.why})"), id=p.name) for p in found_areas]
                              or [Option(Text("Nothing yet: no heading has many no answers and no resilience "
                                              "indicator is rated low.", style="dim"), disabled=True)])

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list.id == "good-work-proposals" and event.option.id:
            self.new_action(event.option.id)

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "good-work-rater":
            self._show()

    def on_answer_list_answered(self, event: AnswerList.Answered) -> None:
        what = "clearing the answer" if event.answer == CLEAR else "the answer"
        self.change(what, changes.answer_good_work(event.statement, self._rater(), event.answer))
        self._show()


def share_bar(tally: good_work.Tally) -> Text:
    """Yes, no and not sure as one bar of BAR_WIDTH cells: █ yes, ▒ no, ░ not sure."""
    if not tally.answered:
        return Text("·" * BAR_WIDTH, style="dim")
    cells = {answer: round(BAR_WIDTH * tally.share(answer)) for answer in YES_NO}
    cells["not_sure"] = max(0, BAR_WIDTH - cells["yes"] - cells["no"])
    return Text("█" * cells["yes"] + "▒" * cells["no"] + "░" * cells["not_sure"])


def results_table(session: Session, bank: GoodWorkBank, found: good_work.Survey) -> Table:
    survey = found.results
    table = Table(expand=True, title="Per heading: █ yes ▒ no ░ not sure", title_justify="left")
    table.add_column("Heading", ratio=3)
    table.add_column("Yes", justify="right")
    table.add_column("No", justify="right")
    table.add_column("Not sure", justify="right")
    table.add_column("Shares", justify="left", width=BAR_WIDTH)
    table.add_column("People", justify="right")
    for heading in bank.headings:
        tally = survey.headings[heading.id]
        hidden = found.heading_hidden(bank, heading.id)
        name = Text(heading.name)
        if hidden:
            name.append(f" ({hidden} hidden)", style="dim")
            table.caption = f"hidden: answered by fewer than {session.min_group} people (anonymous session)"
        shares = [f"{tally.share(a):.0%}" if tally.answered else "–" for a in YES_NO]
        table.add_row(name, *shares, share_bar(tally), str(tally.people))
    return table


def most_no_text(bank: GoodWorkBank, found: good_work.Survey) -> Text:
    survey = found.results
    flagged = survey.most_no(bank)
    text = Text()
    if not survey.overall.answered:
        text.append("No answers yet." if not found.hidden else "Every answer so far is hidden.", style="dim")
    elif not flagged:
        text.append("Nobody answered no.")
    else:
        text.append("Most often answered no\n", style="bold")
        for statement_id in flagged:
            tally = survey.statements[statement_id]
            text.append(f" {tally.counts['no']} no of {tally.answered}: ", style="bold")
            text.append(f"{bank.statement(statement_id).text}\n")
    return text
