"""An editable list of short entries of one or more fields: add, remove, move up and
down, turn into an action."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from smp_tui.models import LINE_MAX
from smp_tui.widgets.text import literal


class LineList(Vertical):
    """An entry is typed into the inputs (one per field; the first is required) and
    added by Enter in the last one; the list answers to the keys below.

    Posts Changed with every entry whenever the list changes, and ToAction for an entry
    a person wants to follow up."""

    class Changed(Message):
        def __init__(self, line_list: LineList, entries: list[tuple[str, ...]]) -> None:
            super().__init__()
            self.line_list = line_list
            self.entries = entries

        @property
        def control(self) -> LineList:
            return self.line_list

    class ToAction(Message):
        def __init__(self, line_list: LineList, line: str) -> None:
            super().__init__()
            self.line_list = line_list
            self.line = line

        @property
        def control(self) -> LineList:
            return self.line_list

    BINDINGS = [
        Binding("delete", "remove", "Remove line", id="lines.remove"),
        Binding("ctrl+up", "move(-1)", "Up", id="lines.up"),
        Binding("ctrl+down", "move(1)", "Down", id="lines.down"),
        Binding("t", "to_action", "Make action", id="lines.action"),
    ]

    def __init__(self, entries: list[tuple[str, ...]], placeholders: list[str], **kwargs) -> None:
        super().__init__(**kwargs)
        self.lines = [tuple(entry) for entry in entries]
        self.placeholders = placeholders

    def compose(self) -> ComposeResult:
        yield OptionList(*self._options(), classes="lines")
        for number, placeholder in enumerate(self.placeholders):
            yield Input(placeholder=placeholder, max_length=LINE_MAX, classes=f"add-line field-{number}")

    def _options(self) -> list[Option]:
        return [Option(self._label(entry)) for entry in self.lines]

    @staticmethod
    def _label(entry: tuple[str, ...]) -> Text:
        label = literal(entry[0])
        for extra in entry[1:]:
            if extra:
                label.append("  → ", style="dim")
                label.append_text(literal(extra))
        return label

    def _refresh(self, highlight: int | None = None) -> None:
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options(self._options())
        options.display = bool(self.lines)
        if highlight is not None and self.lines:
            options.highlighted = max(0, min(highlight, len(self.lines) - 1))
        self.post_message(self.Changed(self, list(self.lines)))

    def on_mount(self) -> None:
        self.query_one(OptionList).display = bool(self.lines)

    def set_entries(self, entries: list[tuple[str, ...]]) -> None:
        """Show other entries (another stage, another item) without reporting a change."""
        self.lines = [tuple(entry) for entry in entries]
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options(self._options())
        options.display = bool(self.lines)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        inputs = list(self.query(Input))
        if event.input is not inputs[-1]:
            inputs[inputs.index(event.input) + 1].focus()
            return
        entry = tuple(field.value.strip() for field in inputs)
        if not entry[0]:
            self.app.notify(f"Fill in '{self.placeholders[0]}' first.", severity="warning", markup=False)
            inputs[0].focus()
            return
        self.lines.append(entry)
        for field in inputs:
            field.value = ""
        inputs[0].focus()
        self._refresh()

    def _highlighted(self) -> int | None:
        options = self.query_one(OptionList)
        if not options.has_focus or options.highlighted is None or not self.lines:
            return None
        return options.highlighted

    def action_remove(self) -> None:
        index = self._highlighted()
        if index is not None:
            del self.lines[index]
            self._refresh(index)

    def action_move(self, step: int) -> None:
        index = self._highlighted()
        if index is None or not 0 <= index + step < len(self.lines):
            return
        self.lines[index], self.lines[index + step] = self.lines[index + step], self.lines[index]
        self._refresh(index + step)

    def action_to_action(self) -> None:
        index = self._highlighted()
        if index is not None:
            self.post_message(self.ToAction(self, " - ".join(part for part in self.lines[index] if part)))
