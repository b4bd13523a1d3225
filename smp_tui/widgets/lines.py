"""An editable list of short entries of one or more fields: add, edit in place, remove,
move up and down, turn into an action."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets.option_list import Option

from smp_tui.models import LINE_MAX
from smp_tui.widgets.fields import FormInput, ListBesideBox, hand_on
from smp_tui.widgets.text import literal


class AddLine(FormInput):
    """An add box of a LineList: Enter adds the line or goes on to the next box, in the
    order of the keys (see widgets/fields.py); a paste of several lines adds each."""

    def entered(self) -> None:
        self.line_list.submit(self)

    async def _on_key(self, event: events.Key) -> None:
        if hand_on(self, event):
            return
        if event.key == "escape" and self.line_list.editing is not None:
            event.stop()
            event.prevent_default()
            self.line_list.stop_editing()
            return
        await super()._on_key(event)

    def _on_paste(self, event: events.Paste) -> None:
        lines = [line.strip() for line in event.text.splitlines() if line.strip()]
        if len(lines) > 1:
            event.stop()
            event.prevent_default()
            self.line_list.add_many(lines)

    @property
    def line_list(self) -> LineList:
        return self.query_ancestor(LineList)


class Lines(ListBesideBox):
    """The entries of a LineList; typing here goes to its first add box."""

    def __init__(self, *options, **kwargs) -> None:
        super().__init__(*options, box=lambda lines: lines.query_ancestor(LineList).query_one(AddLine), **kwargs)


class LineList(Vertical):
    """An entry is typed into the inputs (one per field; the first is required) and
    added by Enter in the last one; Enter on an entry puts it back in the inputs to edit
    in place (Escape leaves it as it was); the list answers to the keys below.

    Posts Changed with every entry whenever the list changes, and ToAction for an entry
    a person wants to follow up."""

    class _FromList(Message):
        def __init__(self, line_list: LineList) -> None:
            super().__init__()
            self.line_list = line_list

        @property
        def control(self) -> LineList:
            return self.line_list

    class Changed(_FromList):
        """`origins[i]`: where entry i was in the list as last reported (None: new), so
        what a screen keeps beside an entry (an id, ticks) follows it when it is edited
        or moved."""

        def __init__(self, line_list: LineList, entries: list[tuple[str, ...]],
                     origins: list[int | None]) -> None:
            super().__init__(line_list)
            self.entries = entries
            self.origins = origins

    class ToAction(_FromList):
        def __init__(self, line_list: LineList, line: str) -> None:
            super().__init__(line_list)
            self.line = line

    class RemoveAsked(_FromList):
        """Delete on a line of a list that asks first: the screen asks, then calls remove_line."""

        def __init__(self, line_list: LineList, index: int, entry: tuple[str, ...]) -> None:
            super().__init__(line_list)
            self.index = index
            self.entry = entry

    BINDINGS = [
        Binding("delete", "remove", "Remove line", id="lines.remove"),
        # Moving lines is in F1's keys, not the footer: with the screen's own keys it ran past 80 columns.
        Binding("ctrl+up", "move(-1)", "Move up", id="lines.up", show=False),
        Binding("ctrl+down", "move(1)", "Move down", id="lines.down", show=False),
        Binding("ctrl+t", "to_action", "Make action", id="lines.action"),
    ]

    def __init__(self, entries: Sequence[tuple[str, ...]], placeholders: list[str], ask_before_removing: bool = False,
                 to_action: bool = True, **kwargs) -> None:
        """ask_before_removing: Delete posts RemoveAsked instead of removing (lines that carry
        more than their text, as a plan's actions their ticks); to_action: Ctrl+T offered."""
        super().__init__(**kwargs)
        self.ask_before_removing = ask_before_removing
        self.to_action = to_action
        self.lines = [tuple(entry) for entry in entries]
        self.placeholders = placeholders
        self._keys = list(range(len(self.lines)))  # each entry's own key: kept when edited or moved
        self._reported = list(self._keys)  # the keys as the screen last heard of them
        self._next_key = len(self.lines)
        self.editing: int | None = None  # the key of the entry being edited

    def compose(self) -> ComposeResult:
        yield Lines(*self._options(), classes="lines")
        for number, placeholder in enumerate(self.placeholders):
            yield AddLine(placeholder=placeholder, max_length=LINE_MAX, classes=f"add-line field-{number}")

    def _options(self) -> list[Option]:
        return [Option(self._label(entry)) for entry in self.lines]

    @staticmethod
    def _label(entry: tuple[str, ...]) -> Text:
        label = Text("• ")  # an entry, not a box to type in
        label.append_text(literal(entry[0]))
        for extra in entry[1:]:
            if extra:
                label.append("  → ", style="dim")
                label.append_text(literal(extra))
        return label

    def _refresh(self, highlight: int | None = None) -> None:
        self.post_message(self._redrawn(highlight))

    def _redrawn(self, highlight: int | None = None) -> LineList.Changed:
        """Show the entries again; the Changed that reports them (not posted)."""
        options = self.query_one(Lines)
        options.clear_options()
        options.add_options(self._options())
        options.display = bool(self.lines)
        if highlight is not None and self.lines:
            options.highlighted = max(0, min(highlight, len(self.lines) - 1))
        was = {key: index for index, key in enumerate(self._reported)}
        origins = [was.get(key) for key in self._keys]
        self._reported = list(self._keys)
        return self.Changed(self, list(self.lines), origins)

    def keep_typed(self) -> LineList.Changed | None:
        """A new line typed in the add boxes but not added (the screen is being left): add
        it, and return the Changed for the screen to keep at once (a posted one would
        arrive after the screen has gone). None if nothing new is typed."""
        inputs = list(self.query(AddLine))
        entry = tuple(box.value.strip() for box in inputs)
        if self.editing is not None or not inputs or not entry[0]:
            return None
        self.lines.append(entry)
        self._keys.append(self._new_key())
        for box in inputs:
            box.value = ""
        return self._redrawn()

    def on_mount(self) -> None:
        self.query_one(Lines).display = bool(self.lines)

    def set_entries(self, entries: list[tuple[str, ...]]) -> None:
        """Show other entries (another stage, another item) without reporting a change."""
        self.lines = [tuple(entry) for entry in entries]
        self._keys = [self._new_key() for _ in self.lines]
        self._reported = list(self._keys)
        self.editing = None
        options = self.query_one(Lines)
        options.clear_options()
        options.add_options(self._options())
        options.display = bool(self.lines)

    def submit(self, field: AddLine) -> None:
        """Enter in an add box: on to the next box, or add the entry. Focus moves at once
        (not after a refresh), so the next key typed goes where the user now is."""
        inputs = list(self.query(AddLine))
        if field is not inputs[-1]:
            self.screen.set_focus(inputs[inputs.index(field) + 1])
            return
        entry = tuple(box.value.strip() for box in inputs)
        if not entry[0]:
            hint = f" ({inputs[0].placeholder})" if inputs[0].placeholder else ""
            self.app.notify(f"Nothing to add yet: type the line in the first box{hint}, then Enter.",
                            severity="warning", markup=False)
            self.screen.set_focus(inputs[0])
            return
        index = self._keys.index(self.editing) if self.editing in self._keys else None
        if index is None:
            self.lines.append(entry)
            self._keys.append(self._new_key())
        else:
            self.lines[index] = entry
        self.editing = None
        for box in inputs:
            box.value = ""
        self.screen.set_focus(inputs[0])
        self._refresh(index)

    def _new_key(self) -> int:
        self._next_key += 1
        return self._next_key

    def on_option_list_option_selected(self, event: Lines.OptionSelected) -> None:
        """Enter on an entry: its fields back in the inputs, to change and Enter again."""
        event.stop()
        index = event.option_index
        self.editing = self._keys[index]
        inputs = list(self.query(AddLine))
        for box, value in zip(inputs, self.lines[index]):
            box.value = value
            box.cursor_position = len(value)  # typing goes on from the end
        self.screen.set_focus(inputs[0])
        self.app.notify(f"Editing line {index + 1}: change it, then Enter in the last box to save it in "
                        "place. Escape leaves it as it was.", markup=False)

    def stop_editing(self) -> None:
        self.editing = None
        for box in self.query(AddLine):
            box.value = ""
        self.app.notify("Left as it was.", markup=False)

    def add_many(self, texts: list[str]) -> None:
        """A paste of several lines: one entry each (the other boxes left as they are)."""
        width = len(self.placeholders)
        self.lines.extend((text[:LINE_MAX], *[""] * (width - 1)) for text in texts)
        self._keys.extend(self._new_key() for _ in texts)
        self._refresh()
        self.app.notify(f"Pasted {len(texts)} lines: each added as its own line.", markup=False)

    def _highlighted(self) -> int | None:
        options = self.query_one(Lines)
        if not options.has_focus or options.highlighted is None or not self.lines:
            return None
        return options.highlighted

    def action_remove(self) -> None:
        index = self._highlighted()
        if index is None:
            return
        if self.ask_before_removing:
            self.post_message(self.RemoveAsked(self, index, self.lines[index]))
        else:
            self.remove_line(index)

    def remove_line(self, index: int) -> None:
        del self.lines[index]
        del self._keys[index]
        self._refresh(index)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.to_action if action == "to_action" else True

    def action_move(self, step: int) -> None:
        index = self._highlighted()
        if index is None or not 0 <= index + step < len(self.lines):
            return
        self.lines[index], self.lines[index + step] = self.lines[index + step], self.lines[index]
        self._keys[index], self._keys[index + step] = self._keys[index + step], self._keys[index]
        self._refresh(index + step)

    def action_to_action(self) -> None:
        index = self._highlighted()
        if index is not None:
            self.post_message(self.ToAction(self, " - ".join(part for part in self.lines[index] if part)))
