"""Before a new session's exercises: the open actions of the team's earlier sessions,
each marked done, carried forward into this session, or dropped."""

from __future__ import annotations

from typing import Literal

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Header, Static

from smp_tui.widgets.footer import SteadyFooter
from smp_tui.logic import changes
from smp_tui.models import Action, ReviewDecision, Session
from smp_tui.screens.exercise import ExerciseScreen
from smp_tui.widgets.text import literal
from smp_tui.logic.summary import counted

Decision = Literal["open", "done", "carried", "dropped"]
DECISIONS: dict[Decision, str] = {"done": "done", "carried": "carry forward", "dropped": "dropped",
                                  "open": "not decided"}


class ReviewScreen(ExerciseScreen):
    EXERCISE = "session"
    HELP_TITLE = "Review earlier actions"
    HELP = (
        "These actions were agreed at the team's earlier sessions and are still open. For "
        "each, press d if it is done, c to carry it forward into this session, or x to drop "
        "it. Ctrl+S (or Escape) saves the decisions; actions left undecided stay open and "
        "come back next time."
    )
    BINDINGS = [
        Binding("d", "decide('done')", "Done", id="review.done"),
        Binding("c", "decide('carried')", "Carry forward", id="review.carry"),
        Binding("x", "decide('dropped')", "Drop", id="review.drop"),
        Binding("u", "decide('open')", "Undecided", id="review.undecided"),
        Binding("ctrl+s", "back", "Save review", id="review.save"),
        Binding("ctrl+n", "new_action", "New action", id="exercise.action", show=False),  # the footer must fit
    ]

    def __init__(self, session: Session, pending: list[tuple[Session, Action]]) -> None:
        super().__init__(session)
        self.pending = pending
        self.decisions: dict[str, Decision] = {action.id: "open" for _, action in pending}

    def compose(self) -> ComposeResult:
        yield Header()
        whose = ("your earlier plans and check-ins" if self.session.mode == "check-in"
                 else "the team's earlier sessions")
        yield Static(
            f"{counted(len(self.pending), 'open action')} from {whose}. "
            "d done · c carry forward · x drop · Ctrl+S save.",
            classes="intro",
        )
        yield DataTable(id="review", cursor_type="row", zebra_stripes=True)
        yield SteadyFooter()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column("Action", key="text", width=max(16, self.app.size.width - 62))
        table.add_column("Owner", key="owner", width=12)
        table.add_column("Due", key="due", width=10)
        table.add_column("From session", key="session", width=14)
        table.add_column("Decision", key="decision", width=13)
        for session, action in self.pending:
            table.add_row(literal(action.text), literal(action.owner or "–"),
                          action.due.isoformat() if action.due else "–", literal(session.title),
                          DECISIONS["open"], key=action.id, height=None)
        table.focus()

    def action_decide(self, decision: Decision) -> None:
        table = self.query_one(DataTable)
        if not self.pending:
            return
        action_id = self.pending[table.cursor_row][1].id
        self.decisions[action_id] = decision
        table.update_cell(action_id, "decision", DECISIONS[decision])
        table.move_cursor(row=table.cursor_row + 1)

    def action_back(self) -> None:
        recorded = []
        for earlier, action in self.pending:
            decision = self.decisions[action.id]
            if decision == "open":
                continue
            self.workspace.update(earlier, changes.set_action_status(action.id, decision),
                                  "the earlier session's action")
            if decision == "carried":
                self.change("the carried-forward action", changes.carry_forward(action, earlier.title))
            recorded.append(ReviewDecision(action_id=action.id, text=action.text, owner=action.owner,
                                           from_session=earlier.title, decision=decision))
        if recorded:  # the summary of this session says what was decided
            self.change("the review of earlier actions", changes.record_review(recorded))
        decided = sum(1 for d in self.decisions.values() if d != "open")
        self.notify(f"Review saved: {decided} of {counted(len(self.pending), 'action')} decided.")
        super().action_back()

