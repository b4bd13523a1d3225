"""Choices that wrap on narrow screens: one of several (radio) or any number (ticks).

Enter, space or a click chooses the highlighted line."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

MARKS = {(False, False): "○ ", (False, True): "◉ ", (True, False): "☐ ", (True, True): "☑ "}


class ChoiceList(OptionList):
    BINDINGS = [Binding("space", "select", "Choose", show=False)]

    class Changed(Message):
        def __init__(self, choice_list: ChoiceList, chosen: list[str]) -> None:
            super().__init__()
            self.choice_list = choice_list
            self.chosen = chosen

        @property
        def control(self) -> ChoiceList:
            return self.choice_list

    def __init__(self, choices: Sequence[tuple[str, str]], chosen: Iterable[str], *, multiple: bool, **kwargs) -> None:
        self.choices = list(choices)
        self.multiple = multiple
        self.chosen = [c for c, _ in self.choices if c in set(chosen)]
        super().__init__(*(Option(self._prompt(c, label), id=c) for c, label in self.choices), **kwargs)

    def _prompt(self, choice: str, label: str) -> Text:
        mark = MARKS[(self.multiple, choice in self.chosen)]
        return Text.assemble((mark, "bold"), label)

    def on_mount(self) -> None:
        if self.chosen and not self.multiple:
            self.highlighted = self.get_option_index(self.chosen[0])

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.choose(event.option.id or "")

    def set_chosen(self, chosen: Iterable[str]) -> None:
        """Show other choices (another item's) without reporting a change."""
        wanted = set(chosen)
        self.chosen = [c for c, _ in self.choices if c in wanted]
        for c, label in self.choices:
            self.replace_option_prompt(c, self._prompt(c, label))

    def choose(self, choice: str) -> None:
        """Tick or untick (multiple), or choose (single), as a click would."""
        if self.multiple:
            self.chosen = [c for c, _ in self.choices if (c == choice) != (c in self.chosen)]
        elif self.chosen == [choice]:
            return
        else:
            self.chosen = [choice]
        for c, label in self.choices:
            self.replace_option_prompt(c, self._prompt(c, label))
        self.post_message(self.Changed(self, list(self.chosen)))
