"""Text boxes that keep up with fast typing.

A text box handles a typed letter as it arrives, but a key it has a binding for
(Backspace, the arrows, Home, Enter) only once that key has bubbled up to the app and
come back as an action. In a burst of keys (a fast typist, or keys an SSH connection
delivers together) the letters after such a key are in the box before the key's action
runs: "Ann", Backspace, "e" became "Ann" (Textual issue 6605). InOrderInput and
InOrderTextArea run their own bindings at once, in the order of the keys; every text box
of smp is one (tests/test_architecture.py). Tab is the app's (see app.SafeTypingApp).

A handler of Enter that moves focus acts later still, so keys typed in the meantime land
in the box the user has left. FormInputs handle Enter themselves, move focus at once,
and hand on any key that reaches them after focus has moved."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual import events
from textual.widget import Widget
from textual.content import Content
from textual.style import Style
from textual.widgets import Checkbox, Input, OptionList, TextArea


def hand_on(widget: Widget, event: events.Key) -> bool:
    """Pass a key that reached `widget` after focus moved on to the focused widget, in
    the order typed. True if it was handed on."""
    focused = widget.screen.focused  # set at once by set_focus; has_focus waits for the Blur event
    if focused is None or focused is widget:
        return False
    event.stop()
    event.prevent_default()
    focused.post_message(events.Key(event.key, event.character))
    return True


async def run_own_binding(widget: Widget, event: events.Key) -> bool:
    """Run `widget`'s own (not priority) binding for this key now, as the app would once
    the key had come back up to it, and stop the key there. True if one ran."""
    if event.is_printable:
        return False  # a letter is the box's to type, never a binding's
    for binding in widget._bindings.key_to_bindings.get(event.key, ()):
        if not binding.priority and await widget.app.run_action(binding.action, widget):
            event.stop()
            event.prevent_default()
            return True
    return False


class InOrderInput(Input):
    """An Input whose editing keys (Backspace, arrows, Home, End, Enter) act in the order
    typed, and which hands on to the focused widget any key that reaches it after a key
    before it moved focus away (the app sent it here while this box still had focus).

    Coming back to a box leaves its text as it is, cursor at the end: Textual selects it all,
    so the next letter typed replaced a saved note without a word."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("select_on_focus", False)
        super().__init__(*args, **kwargs)

    def _on_focus(self, event: events.Focus) -> None:
        self.cursor_position = len(self.value)  # (a click then puts it where it was clicked)
        self.scroll_to(x=self.max_scroll_x, animate=False)  # the end in view: a path's file name

    async def _on_key(self, event: events.Key) -> None:
        if not hand_on(self, event):
            await run_own_binding(self, event)

    def _on_paste(self, event: events.Paste) -> None:
        """A paste longer than the box takes was dropped whole, without a word: what fits is
        pasted, and a notice says the rest was left out."""
        line = event.text.splitlines()[0] if event.text else ""
        if not self.max_length:
            return
        room = self.max_length - len(self.value) + len(self.selected_text)
        if len(line) > room:
            event.text = line[:max(room, 0)]
            self.app.notify(f"Only {max(room, 0)} more characters fit in this box (it takes {self.max_length}): "
                            "the rest of what was pasted is left out.", severity="warning", markup=False)


class InOrderTextArea(TextArea):
    """A TextArea whose editing keys act in the order typed."""

    async def _on_key(self, event: events.Key) -> None:
        await run_own_binding(self, event)


class FormInput(InOrderInput):
    """An Input of a form: Enter goes on to `then` (a selector on the screen), or to the
    next field, at once, and still posts Submitted for whatever else the screen does."""

    def __init__(self, *args, then: str | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.then = then

    async def _on_key(self, event: events.Key) -> None:
        if hand_on(self, event):
            return
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            self.entered()

    def entered(self) -> None:
        value = self.value
        if self.then:
            self.screen.set_focus(self.screen.query_one(self.then))
        else:
            self.screen.focus_next()
        self.post_message(self.Submitted(self, value))


class ListBesideBox(OptionList):
    """A list next to a text box. Typing on the list goes to the box (a list must never
    swallow words); `box` finds that box when a key arrives."""

    def __init__(self, *options, box: Callable[[ListBesideBox], Input], **kwargs) -> None:
        super().__init__(*options, **kwargs)
        self.box = box

    async def _on_key(self, event: events.Key) -> None:
        if hand_on(self, event):
            return
        if event.is_printable and event.character:
            event.stop()
            event.prevent_default()
            box = self.box(self)
            self.screen.set_focus(box)
            box.insert_text_at_cursor(event.character)

    def _on_focus(self, event: events.Focus) -> None:
        if self.highlighted is None and self.option_count:
            self.highlighted = 0  # keys that act on a line work at once, without an arrow first


class AnswerAndMoveOn(OptionList):
    """A list where a key answers the highlighted line and moves on to the next. Backspace
    clears the highlighted line, except straight after an answer: then it takes that answer
    back and stays on its line (it cleared the next line, which may have had an answer)."""

    _answered: tuple[int, int] | None = None  # (the line answered, the line moved on to)

    def answered(self, line_id: str, value: Any) -> None:
        """Tell the screen (each list posts its own message)."""
        raise NotImplementedError

    def answer_and_move_on(self, value: Any, clear: Any) -> None:
        if value == clear and self._answered is not None and self.highlighted == self._answered[1]:
            self.highlighted = self._answered[0]
            self._answered = None
            option = self.highlighted_option
            if option is not None and option.id is not None:
                self.answered(option.id, clear)
            return
        option = self.highlighted_option
        if option is None or option.id is None:
            return
        line = self.highlighted
        self.answered(option.id, value)
        self.action_cursor_down()
        moved_to = self.highlighted
        self._answered = None if value == clear or line is None or moved_to is None else (line, moved_to)


class Tick(Checkbox):
    """A checkbox whose state reads without colour: ✔ when ticked, blank when not (a
    stock Checkbox shows X either way and only changes its colour)."""

    @property
    def _button(self) -> Content:
        button_style = self.get_visual_style("toggle--button")
        side_style = Style(foreground=button_style.background, background=self.background_colors[1])
        return Content.assemble((self.BUTTON_LEFT, side_style), ("✔" if self.value else " ", button_style),
                                (self.BUTTON_RIGHT, side_style))
