"""F1: what the screen underneath is for, and every key it answers to."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from smp_tui.widgets.footer import SteadyFooter


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape", "dismiss", "Close help", id="help.close"),
        Binding("f1", "dismiss", "Close help", id="help.close_f1", show=False),
    ]

    def __init__(self, target: Screen) -> None:
        super().__init__()
        self.target = target

    def compose(self) -> ComposeResult:
        keys = Text()
        seen = set()
        for active in self.target.active_bindings.values():  # footer-hidden keys too
            binding = active.binding
            # One line per key and what it does: a key bound twice ("enter,space") is listed once.
            if not binding.description or (binding.action, binding.description) in seen:
                continue
            seen.add((binding.action, binding.description))
            keys.append(f"  {self.app.get_key_display(binding):>10}  ", style="bold")
            keys.append(f"{binding.description}\n")
        title = getattr(self.target, "HELP_TITLE", self.target.__class__.__name__)
        about = getattr(self.target, "HELP", "")
        more = getattr(self.target, "help_more", None)  # help that comes from a bank
        if callable(more) and (extra := more()):
            about = f"{about}\n\n{extra}"
        with VerticalScroll(id="help-box"):
            yield Static(title, classes="help-title")
            yield Static(about, classes="help-about", markup=False)
            yield Static("Keys", classes="help-title")
            yield Static(keys)
            yield Static("Press Escape to close. Ctrl+P opens the command palette.", classes="help-hint")
        yield SteadyFooter()
