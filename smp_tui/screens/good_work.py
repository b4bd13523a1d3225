"""Tool 1, what is good work?: each person (or the room) answers 32 statements yes / no /
not sure; results per heading, with the statements most answered "no" first and the
headings to work on. In a remote session people answer in their own app (see
screens/participant_good_work.py) and this screen shows who has answered until the reveal."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Header, Label, OptionList, Select, Static, TabbedContent, TabPane
from textual.widgets.option_list import Option

from smp_tui.widgets.footer import SteadyFooter
from smp_tui.banks import GoodWorkBank
from smp_tui.logic import changes, good_work
from smp_tui.logic.links import improvement_areas
from smp_tui.logic.privacy import rater_choices
from smp_tui.models import Session, show_join_code, utc_now
from smp_tui.screens.exercise import ExerciseScreen
from smp_tui.widgets.good_work import AnswerList, answered_text, most_no_text, results_table
from smp_tui.widgets.text import labelled, literal

ROOM = "room"
CLEAR = changes.CLEAR_ANSWER


class GoodWorkScreen(ExerciseScreen):
    EXERCISE = "good_work"
    HELP_TITLE = "Tool 1: what is good work?"
    HELP = (
        "Answer: choose whose answers you are recording (a person, or one agreed answer for "
        "the room; in an anonymous session people are Rater 1, Rater 2 ... and never named), "
        "then go down the statements with the arrow keys and press y (yes), n (no) or s (not "
        "sure); Backspace clears. The cursor moves on by itself; Backspace straight after an "
        "answer takes it back.\n"
        "Remote sessions: each person answers privately in their own smp join; you see only "
        "who has answered (how many statements, never what) and may record the room's agreed "
        "answers. Ctrl+R reveals everyone's answers (to you and to them, kept as they are then; "
        "answering closes); Ctrl+O hides them and opens answering again.\n"
        "Results: per heading, the share of people's yes, no and not sure, with the room's "
        "agreed answers in a column of their own (never counted as a person); then the "
        "statements most often answered no, and the areas proposed for the practice "
        "improvement plan. In an anonymous session a statement answered by fewer people than "
        "the smallest group is hidden and left out of every figure. Ctrl+N makes an action."
    )
    BINDINGS = [
        Binding("f5", "show_tab('answer')", "Answer", id="good_work.answer_tab", show=False),
        Binding("f6", "show_tab('results')", "Results", id="good_work.results_tab", show=False),
        Binding("ctrl+r", "reveal", "Reveal", id="good_work.reveal"),
        Binding("ctrl+o", "reopen", "Open answers", id="good_work.reopen"),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        if session.mode == "remote":  # participants answer in their own processes
            self.watched_team = session.team

    @property
    def bank(self) -> GoodWorkBank:
        return self.banks.good_work

    @property
    def remote(self) -> bool:
        return self.session.mode == "remote"

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("reveal", "reopen"):
            return self.remote
        return True

    def _raters(self) -> list[tuple[str, str]]:
        """(label, key) of whose answers can be recorded; labels are people's text."""
        room = [("The room: one agreed answer", ROOM)]
        # Remote participants answer in their own app: the facilitator records only the room.
        return room if self.remote else rater_choices(self.session) + room

    def compose(self) -> ComposeResult:
        bank = self.bank
        raters = self._raters()
        yield Header()
        with TabbedContent(initial="answer"):
            with TabPane("Answer (F5)", id="answer"), VerticalScroll():
                yield Static(bank.meta.intro, classes="intro", markup=False)
                yield Static("", id="good-work-answered", classes="verdict")
                with Horizontal(classes="rater-row", id="good-work-rater-row"):
                    yield Label("Answers of: ", classes="rater-label")
                    yield Select([(literal(label), key) for label, key in raters], value=raters[0][1],
                                 allow_blank=False, id="good-work-rater", compact=True)
                yield Static("", id="good-work-progress")
                yield AnswerList(id="statements")
            with TabPane("Results (F6)", id="results"), VerticalScroll():
                yield Static("", id="good-work-results")
                yield Static("", id="good-work-most-no", classes="verdict")
                yield Static("Proposed for the practice improvement plan: Enter makes one an action",
                             classes="section-title")
                yield OptionList(id="good-work-proposals")
                yield Static(f"Source: {bank.meta.source}", classes="source", markup=False)
        yield SteadyFooter()

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
        self.query_one(AnswerList).fill(bank, {a.statement: a.answer for a in result.answers if a.participant == rater})
        total = sum(len(h.statements) for h in bank.headings)
        done = good_work.answered_by(result, bank, rater)
        who = "the room" if rater is None else next(
            (label for label, key in rater_choices(self.session) if key == rater), "?")
        progress = Text.assemble((f"{done} of {total}", "bold"), " answered for ")
        progress.append_text(literal(who))
        progress.append("   y yes · n no · s not sure · Backspace clears", style="dim")
        self.query_one("#good-work-progress", Static).update(progress)
        found = good_work.survey(self.session, bank)
        self._show_answered(found)
        if found.shown:
            self.query_one("#good-work-results", Static).update(results_table(bank, found, self.session.min_group))
            self.query_one("#good-work-most-no", Static).update(most_no_text(bank, found))
        else:
            self.query_one("#good-work-results", Static).update(Text(
                "People's answers are hidden until you reveal them (Ctrl+R), so nobody is swayed by "
                "others' answers.", style="bold"))
            self.query_one("#good-work-most-no", Static).update("")
        proposals = self.query_one("#good-work-proposals", OptionList)
        proposals.clear_options()
        found_areas = improvement_areas(self.session, self.banks)
        proposals.add_options([Option(Text.assemble((p.name, "bold"), f"  ({p.why})"), id=p.name) for p in found_areas]
                              or [Option(Text("Nothing yet: no heading has many no answers and no resilience "
                                              "indicator is rated low.", style="dim"), disabled=True)])

    def _show_answered(self, found: good_work.Survey) -> None:
        """Remote: the join code, who has answered (never what) and the reveal."""
        panel = self.query_one("#good-work-answered", Static)
        panel.display = self.remote
        if not self.remote:
            return
        session = self.session
        code = show_join_code(session.join_code) if session.join_code else "(none)"
        text = labelled(("Join code: ", "bold"), (code, "bold reverse"), f"   participants run: smp join {code}, "
                        "then F6 for these statements\n")
        text.append("Who has answered", style="bold")
        text.append(" (not what)\n" if session.good_work.revealed else
                    " (not what: answers stay private until you reveal them)\n")
        text.append_text(answered_text(found))
        if session.good_work.revealed:
            text.append("Revealed: everyone sees the results (F6). Answering is closed; Ctrl+O hides them "
                        "and opens answering again.", style="bold")
        else:
            text.append("Results are hidden. Ctrl+R reveals everyone's answers to everyone.", style="bold")
        panel.update(text)

    def action_reveal(self) -> None:
        if self.session.good_work.revealed:
            self.notify("The good-work answers are already revealed. Ctrl+O opens answering again.")
            return
        self.change("the reveal", changes.reveal_good_work(utc_now()))
        self.notify("Good-work answers revealed to everyone: the results are fixed as they are now.")
        self._show()

    def action_reopen(self) -> None:
        if not self.session.good_work.revealed:
            self.notify("Answering is open already: reveal the answers first (Ctrl+R).")
            return
        self.change("opening answers again", changes.reopen_good_work())
        self.notify("Answering is open again: results are hidden until you reveal them.")
        self._show()

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
