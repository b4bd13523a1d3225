"""Tool 1, what is good work?: each person answers 32 statements yes / no / not sure,
privately in a remote session; results per heading, with the statements most answered
"no" first and the headings to work on."""

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
from smp_tui.logic import good_work
from smp_tui.logic.links import improvement_areas
from smp_tui.models import YES_NO, Session, show_join_code
from smp_tui.screens.exercise import ExerciseScreen
from smp_tui.widgets.text import labelled, literal

ROOM = "room"
CLEAR = "clear"
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
        "the room), then go down the statements with the arrow keys and press y (yes), n (no) "
        "or s (not sure); Backspace clears. The cursor moves on by itself.\n"
        "Results: per heading, the share of yes, no and not sure; then the statements most "
        "often answered no, and the areas proposed for the practice improvement plan. "
        "In a remote session everyone answers in their own terminal, the facilitator sees "
        "who has answered (not what) and Ctrl+R reveals the results. In an anonymous session "
        "a result given by fewer people than the smallest group is hidden. Ctrl+N makes an "
        "action."
    )
    BINDINGS = [
        Binding("ctrl+r", "reveal", "Reveal", id="good_work.reveal"),
        Binding("f5", "show_tab('answer')", "Answer", id="good_work.answer_tab", show=False),
        Binding("f6", "show_tab('results')", "Results", id="good_work.results_tab", show=False),
    ]

    def __init__(self, session: Session, participant_id: str | None = None) -> None:
        super().__init__(session)
        self.participant_id = participant_id  # set: a participant answering for themselves
        self.remote = session.mode == "remote"
        self.watched_team = session.team

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "reveal":
            return self.remote and self.participant_id is None
        return True

    @property
    def bank(self) -> GoodWorkBank:
        return self.app.banks.good_work

    @property
    def facilitating_remote(self) -> bool:
        return self.remote and self.participant_id is None

    def compose(self) -> ComposeResult:
        bank = self.bank
        raters = [(p.name, p.id) for p in self.session.participants] + [("The room: one agreed answer", ROOM)]
        yield Header()
        with TabbedContent(initial="answer"):
            with TabPane("Answers (F5)" if self.facilitating_remote else "Answer (F5)", id="answer"), VerticalScroll():
                yield Static(bank.meta.intro, classes="intro", markup=False)
                yield Static("", id="good-work-answered", classes="verdict")
                with Horizontal(classes="rater-row", id="good-work-rater-row"):
                    yield Label("Answers of: ", classes="rater-label")
                    yield Select(raters, value=raters[0][1], allow_blank=False, id="good-work-rater")
                yield Static("", id="good-work-progress")
                yield AnswerList(id="statements")
            with TabPane("Results (F6)", id="results"), VerticalScroll():
                yield Static("", id="good-work-results")
                yield Static("", id="good-work-most-no", classes="verdict")
                yield Static("", id="good-work-proposals", classes="guidance")
                yield Static(f"Source: {bank.meta.source}", classes="source", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#good-work-rater-row").display = self.participant_id is None and not self.remote
        for selector in ("#good-work-progress", "#statements"):
            self.query_one(selector).display = not self.facilitating_remote
        self._show()
        if not self.facilitating_remote:
            self.query_one(AnswerList).focus()

    def reloaded(self) -> None:
        self._show()

    def action_show_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab

    def _rater(self) -> str | None:
        if self.participant_id is not None:
            return self.participant_id
        value = self.query_one("#good-work-rater", Select).value
        return None if value == ROOM else str(value)

    def _show(self) -> None:
        bank, result = self.bank, self.session.good_work
        rater = self._rater()
        self.query_one(AnswerList).fill(bank, result, rater)
        total = sum(len(h.statements) for h in bank.headings)
        done = good_work.answered_by(result, bank, rater)
        who = "the room" if rater is None else next(
            (p.name for p in self.session.participants if p.id == rater), "?")
        progress = Text.assemble((f"{done} of {total}", "bold"), " answered for ")
        progress.append_text(literal(who))
        progress.append("   y yes · n no · s not sure · Backspace clears", style="dim")
        if self.participant_id is not None:
            progress.append("\nOnly you see your answers until the facilitator reveals the results.")
        self.query_one("#good-work-progress", Static).update(progress)
        self._show_answered(total)
        self._show_results()

    def _show_answered(self, total: int) -> None:
        panel = self.query_one("#good-work-answered", Static)
        panel.display = self.facilitating_remote
        if not self.facilitating_remote:
            return
        code = show_join_code(self.session.join_code) if self.session.join_code else "(none)"
        text = labelled(("Join code: ", "bold"), (code, "bold reverse"),
                        "   participants run smp join, then F8 for this tool\n\n", ("Who has answered", "bold"),
                        " (not what: answers stay private until you reveal them)\n")
        for person in self.session.participants:
            done = good_work.answered_by(self.session.good_work, self.bank, person.id)
            mark = "✔" if done == total else ("…" if done else "·")
            text.append(f" {mark} ")
            text.append_text(literal(person.name))
            text.append(f": {done} of {total}\n")
        revealed = self.session.good_work.revealed
        text.append(f"\nResults are {'revealed to everyone' if revealed else 'hidden'}. "
                    f"Ctrl+R {'hides' if revealed else 'reveals'} them.", style="bold")
        panel.update(text)

    def _results_hidden(self) -> bool:
        return self.remote and not self.session.good_work.revealed

    def _show_results(self) -> None:
        table = self.query_one("#good-work-results", Static)
        most_no = self.query_one("#good-work-most-no", Static)
        proposals = self.query_one("#good-work-proposals", Static)
        if self._results_hidden():
            table.update(Text("Results are hidden until the facilitator reveals them, so nobody is swayed "
                              "by others' answers.", style="bold"))
            most_no.display = proposals.display = False
            return
        most_no.display = proposals.display = True
        survey = good_work.results(self.session.good_work, self.bank)
        table.update(results_table(self.session, self.bank, survey))
        most_no.update(most_no_text(self.session, self.bank, survey))
        proposals.update(proposals_text(self.session, self.app.banks))

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "good-work-rater":
            self._show()

    def on_answer_list_answered(self, event: AnswerList.Answered) -> None:
        rater, statement, answer = self._rater(), event.statement, event.answer
        if answer == CLEAR:
            self.change("clearing the answer", lambda s: good_work.clear_answer(s.good_work, statement, rater))
        else:
            self.change("the answer", lambda s: good_work.set_answer(s.good_work, statement, rater, answer))
        self._show()

    def action_reveal(self) -> None:
        reveal = not self.session.good_work.revealed
        self.change("the reveal", lambda s: setattr(s.good_work, "revealed", reveal))
        self.notify("Results revealed to everyone." if reveal else "Results hidden again.")
        self._show()


def share_bar(tally: good_work.Tally) -> Text:
    """Yes, no and not sure as one bar of BAR_WIDTH cells: █ yes, ▒ no, ░ not sure."""
    if not tally.answered:
        return Text("·" * BAR_WIDTH, style="dim")
    cells = {answer: round(BAR_WIDTH * tally.share(answer)) for answer in YES_NO}
    cells["not_sure"] = max(0, BAR_WIDTH - cells["yes"] - cells["no"])
    return Text("█" * cells["yes"] + "▒" * cells["no"] + "░" * cells["not_sure"])


def results_table(session: Session, bank: GoodWorkBank, survey: good_work.GoodWorkResults) -> Table:
    table = Table(expand=True, title="Per heading: █ yes ▒ no ░ not sure", title_justify="left")
    table.add_column("Heading", ratio=3)
    table.add_column("Yes", justify="right")
    table.add_column("No", justify="right")
    table.add_column("Not sure", justify="right")
    table.add_column("Shares", justify="left", width=BAR_WIDTH)
    table.add_column("People", justify="right")
    for heading in bank.headings:
        tally = survey.headings[heading.id]
        if good_work.hidden(session, tally):
            table.add_row(heading.name, Text("hidden", style="dim"), "", "", "", str(tally.people))
            table.caption = f"hidden: fewer than {session.min_group} people answered (anonymous session)"
            continue
        shares = [f"{tally.share(a):.0%}" if tally.answered else "–" for a in YES_NO]
        table.add_row(heading.name, *shares, share_bar(tally), str(tally.people))
    return table


def most_no_text(session: Session, bank: GoodWorkBank, survey: good_work.GoodWorkResults) -> Text:
    flagged = [s for s in survey.most_no(bank) if not good_work.hidden(session, survey.statements[s])]
    text = Text()
    if not survey.overall.answered:
        text.append("No answers yet.", style="dim")
    elif not flagged:
        text.append("Nobody answered no.")
    else:
        text.append("Most often answered no\n", style="bold")
        for statement_id in flagged:
            tally = survey.statements[statement_id]
            text.append(f" {tally.counts['no']} no of {tally.answered}: ", style="bold")
            text.append(f"{bank.statement(statement_id).text}\n")
    return text


def proposals_text(session: Session, banks) -> Text:
    proposals = improvement_areas(session, banks)
    text = Text("Proposed for the practice improvement plan\n", style="bold")
    if not proposals:
        text.append("Nothing yet: no heading has many no answers and no resilience indicator is rated low.",
                    style="dim")
    for proposal in proposals:
        text.append(f" • {proposal.name}", style="bold")
        text.append(f" ({proposal.why})\n")
    return text
