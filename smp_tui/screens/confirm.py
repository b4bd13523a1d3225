"""A yes/no question before anything is removed."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from collections.abc import Sequence

from rich.text import Text
from textual.widgets import Button, Static

from smp_tui.screens.base import HelpfulDialog
from smp_tui.widgets.footer import SteadyFooter
from smp_tui.widgets.text import literal
from smp_tui.logic.summary import counted


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
        yield SteadyFooter()

    def on_mount(self) -> None:
        self.query_one("#no" if self.danger else "#yes", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


class UnsavedScreen(ModalScreen[str]):
    """Quitting while some changes could not be saved: say exactly what, and ask."""

    BINDINGS = [
        Binding("s", "choose('retry')", "Save again", id="unsaved.retry"),
        Binding("w,escape", "choose('wait')", "Keep waiting", id="unsaved.wait"),
        Binding("l", "choose('quit')", "Quit and lose them", id="unsaved.quit"),
    ]

    def __init__(self, unsaved: list[str]) -> None:
        super().__init__()
        self.unsaved = unsaved

    def compose(self) -> ComposeResult:
        listed = "\n".join(f" • {what}" for what in self.unsaved)
        with Vertical(id="confirm-box", classes="dialog"):
            yield Static(literal(
                f"{counted(len(self.unsaved), 'change')} could not be saved yet (the store could not be written):\n"
                f"{listed}\n\nIf you quit now they are lost. Free some space or fix the store, then save again."))
            with Horizontal(classes="buttons"):
                yield Button("Save again (s)", id="retry", variant="primary")
                yield Button("Keep waiting (w)", id="wait")
                yield Button("Quit and lose them (l)", id="quit", variant="error")
        yield SteadyFooter()

    def on_mount(self) -> None:
        self.query_one("#retry", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id or "wait")

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice)


class ChoiceScreen(HelpfulDialog[str | None]):
    """Choose one of a few named things (e.g. a person), or Escape for none."""

    HELP_TITLE = "Choose one"
    HELP = "Enter chooses the highlighted line; Escape chooses none."
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="choice.cancel")]

    def __init__(self, question: str | Text, choices: Sequence[tuple[str | Text, str]], highlighted: int = 0) -> None:
        """Labels and the question are shown literally (a str) or as given (a Text)."""
        super().__init__()
        self.question = question
        self.choices = choices
        self.highlighted = highlighted

    def compose(self) -> ComposeResult:
        from textual.widgets import OptionList
        from textual.widgets.option_list import Option

        def shown(text: str | Text) -> Text:
            return literal(text) if isinstance(text, str) else text

        with Vertical(id="confirm-box", classes="dialog"):
            yield Static(shown(self.question))
            yield OptionList(*(Option(shown(label), id=key) for label, key in self.choices), id="choices")
        yield SteadyFooter()

    def on_mount(self) -> None:
        from textual.widgets import OptionList

        self.query_one("#choices", OptionList).highlighted = self.highlighted

    def on_option_list_option_selected(self, event) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
