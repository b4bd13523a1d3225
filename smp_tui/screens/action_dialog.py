"""Turn something the team said into an action: text, owner, due date."""

from __future__ import annotations

from datetime import date, timedelta

from pydantic import ValidationError
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Input, Label, Static

from smp_tui.widgets.footer import SteadyFooter
from smp_tui.logic.workbook import looks_like_a_date, read_date
from smp_tui.models import LINE_MAX, NAME_MAX, Action, Exercise, describe_errors
from smp_tui.widgets.fields import FormInput, InOrderInput
from smp_tui.widgets.text import literal
from smp_tui.screens.base import HelpfulDialog


def example_due(today: date | None = None) -> date:
    """An example due date, always ahead: the last day of next month."""
    today = today or date.today()
    first_of_next = date(today.year + today.month // 12, today.month % 12 + 1, 1)
    after = date(first_of_next.year + first_of_next.month // 12, first_of_next.month % 12 + 1, 1)
    return after - timedelta(days=1)


class ActionDialog(HelpfulDialog[Action | None]):
    AUTO_FOCUS = ""  # none: on_mount focuses the first field without scrolling the title away
    HELP_TITLE = "New action"
    HELP = (
        "An action is something someone will do after the session. Say what, who will do "
        "it and by when (a date, day first as 31/01/2027 or year first as 2027-01-31, or leave "
        "it empty). Actions appear in the "
        "session summary and come back for review at the team's next session."
    )
    BINDINGS = [
        Binding("ctrl+s", "create", "Save action", id="action.create"),
        Binding("escape", "cancel", "Cancel", id="action.cancel"),
    ]

    def __init__(self, text: str, exercise: Exercise, people: list[str], existing: Action | None = None) -> None:
        super().__init__()
        self.text = existing.text if existing else text
        self.exercise = existing.exercise if existing else exercise
        self.people = people
        self.existing = existing

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", can_focus=False):
            yield Static("Change the action" if self.existing else "New action", classes="dialog-title")
            yield Label("What will be done?")
            yield FormInput(self.text[:LINE_MAX], id="action-text", max_length=LINE_MAX, then="#action-owner")
            hint = f" (e.g. {', '.join(self.people[:3])})" if self.people else ""
            yield Label(literal(f"Who will do it?{hint}"))
            yield FormInput(self.existing.owner if self.existing else "", id="action-owner", max_length=NAME_MAX,
                            then="#action-due")
            yield Label("Due date (optional): 31/01/2027 (day first) or 2027-01-31")
            due = self.existing.due.isoformat() if self.existing and self.existing.due else ""
            yield InOrderInput(due, id="action-due", placeholder=f"e.g. {example_due():%d/%m/%Y}", max_length=10,
                               select_on_focus=True)  # one value: typing replaces it
            yield Static("", id="action-errors", classes="errors", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("Save action (Ctrl+S)", id="create", variant="primary")
                yield Button("Cancel (Esc)", id="cancel")
        yield SteadyFooter()

    def on_mount(self) -> None:
        self.query_one("#action-text", Input).focus(scroll_visible=False)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "action-due":  # the other fields move on by themselves (FormInput)
            self.action_create()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_create() if event.button.id == "create" else self.action_cancel()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_create(self) -> None:
        errors = []
        due_text = self.query_one("#action-due", Input).value.strip()
        due = None
        if due_text:
            due = read_date(due_text)
            if due is None and looks_like_a_date(due_text):
                errors.append(f"- The due date {due_text} is not in the calendar: check its day and month.")
            elif due is None:
                errors.append(f"- The due date {due_text!r} is not a date like {example_due():%d/%m/%Y}.")
        text = self.query_one("#action-text", Input).value
        if not text.strip():
            errors.append("- Say what will be done.")
        if errors:
            self.query_one("#action-errors", Static).update("Please fix this first:\n" + "\n".join(errors))
            return
        owner = self.query_one("#action-owner", Input).value
        try:
            if self.existing is not None:
                action = Action.model_validate(self.existing.model_dump() | {"text": text, "owner": owner, "due": due})
            else:
                action = Action(exercise=self.exercise, text=text, owner=owner, due=due)
        except ValidationError as error:
            self.query_one("#action-errors", Static).update("Please fix this first:\n" + describe_errors(error, "- "))
            return
        self.dismiss(action)
