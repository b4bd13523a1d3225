"""A yes/no question before anything is removed."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Button, Static

from smp_tui.widgets.text import literal


class ConfirmScreen(ModalScreen[bool]):
    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm.no"),
    ]

    def __init__(self, question: str, yes: str = "Yes, remove it", no: str = "No, keep it",
                 danger: bool = True) -> None:
        super().__init__()
        self.question = question
        self.yes, self.no = yes, no
        self.danger = danger  # a removal: Yes in red, No focused

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box", classes="dialog"):
            yield Static(literal(self.question))
            with Horizontal(classes="buttons"):
                yield Button(literal(f"{self.yes} (y)"), id="yes", variant="error" if self.danger else "primary")
                yield Button(literal(f"{self.no} (n)"), id="no", variant="primary" if self.danger else "default")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#no" if self.danger else "#yes", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)
