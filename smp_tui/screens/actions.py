"""The session's actions: who does what by when, and whether it is done; and the review
of open actions from the team's earlier sessions."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Header, Static

from smp_tui.widgets.footer import SteadyFooter
from smp_tui.logic import changes
from smp_tui.models import Action, Session
from smp_tui.screens.exercise import ExerciseScreen
from smp_tui.widgets.text import literal
from smp_tui.workspace import EarlierActions

NEXT_STATUS = {"open": "done", "done": "dropped", "dropped": "open", "carried": "carried"}
EXERCISE_NAMES = {"cynefin": "Activity map", "change": "Change", "resilience": "Resilience",
                  "good_job": "Good job", "session": "Session", "good_work": "Good work",
                  "stakeholders": "Stakeholders", "valuing_staff": "Valuing staff", "agenda": "Agenda"}


class ActionsScreen(ExerciseScreen):
    EXERCISE = "session"
    HELP_TITLE = "Actions"
    HELP = (
        "Every action agreed in this session. n adds one; Enter changes the highlighted one "
        "(text, owner, due date); Space moves its status on: open, done, dropped; Delete "
        "removes it. r reviews the open actions of the team's earlier sessions."
    )
    BINDINGS = [
        Binding("n", "new_action", "New", id="actions.new"),
        Binding("enter", "edit", "Change", id="actions.edit"),
        Binding("space", "status", "Status", id="actions.status"),
        Binding("delete", "remove", "Remove", id="actions.remove"),
        Binding("r", "review", "Review earlier", id="actions.review"),
        Binding("ctrl+n", "new_action", "New action", id="exercise.action", show=False),  # n does it here
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Actions agreed in this session. n adds one; Space: done, dropped, open again.", classes="intro")
        yield DataTable(id="actions", cursor_type="row", zebra_stripes=True)
        yield Static("No actions yet. Press n to add one, or Ctrl+N on any exercise screen.",
                     id="actions-empty", classes="empty")
        yield SteadyFooter()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        # Fixed columns take 58 cells with their padding; the action gets the rest, so
        # nothing is cut off at 80 columns.
        table.add_column("Action", key="text", width=max(16, self.app.size.width - 58))
        table.add_column("Owner", key="owner", width=14)
        table.add_column("Due", key="due", width=10)
        table.add_column("Status", key="status", width=7)
        table.add_column("From", key="from", width=12)
        self._show()

    def _show(self) -> None:
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear()
        for action in self.session.actions:
            table.add_row(literal(action.text), literal(action.owner or "–"),
                          action.due.isoformat() if action.due else "–", action.status,
                          _origin(action), key=action.id, height=None)  # long text wraps
        table.display = bool(self.session.actions)
        self.query_one("#actions-empty").display = not self.session.actions
        if self.session.actions:
            table.move_cursor(row=min(row, len(self.session.actions) - 1))
            table.focus()

    def _selected(self) -> Action | None:
        table = self.query_one(DataTable)
        if not self.session.actions:
            return None
        return self.session.actions[table.cursor_row]

    def change(self, what, mutate) -> bool:
        done = super().change(what, mutate)
        if done and self.is_mounted:
            self._show()
        return done

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_edit()

    def action_edit(self) -> None:
        from smp_tui.screens.action_dialog import ActionDialog

        action = self._selected()
        if action is None:
            return

        def edited(changed: Action | None) -> None:
            if changed is not None:
                self.change("the action", changes.replace_action(changed))

        people = [p.name for p in self.session.participants]
        self.app.push_screen(ActionDialog("", action.exercise, people, existing=action), edited)

    def action_status(self) -> None:
        action = self._selected()
        if action is None:
            return
        if action.status == "carried":
            self.notify("This action was carried forward to a later session; change it there.")
            return
        changed = action.model_copy(update={"status": NEXT_STATUS[action.status]})
        self.change("the action's status", changes.replace_action(changed))

    def action_remove(self) -> None:
        from smp_tui.screens.confirm import ConfirmScreen

        action = self._selected()
        if action is None:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.change("removing the action", changes.remove_action(action.id))

        self.app.push_screen(ConfirmScreen(f"Remove the action '{action.text}'?"), answered)

    def action_review(self) -> None:
        self.fetch(lambda workspace: workspace.earlier_open_actions(self.session), self._review, group="actions.review")

    def _review(self, earlier: EarlierActions) -> None:
        from smp_tui.screens.review import ReviewScreen

        self.show_unread(earlier, "is not in this review")
        pending = earlier.pending
        if not pending:
            self.notify("No open actions from the team's earlier sessions.")
            return

        def reviewed(session: Session | None) -> None:
            if session is not None:
                self.session = session
                self._show()

        self.app.push_screen(ReviewScreen(self.session, pending), reviewed)



def _origin(action: Action) -> Text:
    """Where an action came from: its exercise, or the earlier session it was carried from."""
    if action.carried_from:
        return literal(f"↪ {action.carried_from_session or 'an earlier session'}")
    return literal(EXERCISE_NAMES[action.exercise])
