"""A checklist where each ticked item gets a line saying how we will meet it."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input

from smp_tui.banks import Item
from smp_tui.models import LINE_MAX, Ticked
from smp_tui.widgets.choices import ChoiceList
from smp_tui.widgets.text import literal
from smp_tui.widgets.fields import InOrderInput


class TickList(Vertical):
    """Posts Changed with every ticked item and its mitigation line."""

    class Changed(Message):
        def __init__(self, tick_list: TickList, ticked: list[Ticked]) -> None:
            super().__init__()
            self.tick_list = tick_list
            self.ticked = ticked

        @property
        def control(self) -> TickList:
            return self.tick_list

    def __init__(self, items: Sequence[Item], ticked: Sequence[Ticked], **kwargs) -> None:
        super().__init__(**kwargs)
        self.items = list(items)
        self.ticked = {t.id: t.mitigation for t in ticked}

    def compose(self) -> ComposeResult:
        yield ChoiceList([(i.id, i.text) for i in self.items], self.ticked, multiple=True, classes="ticks")
        for item in self.items:
            field = InOrderInput(
                self.ticked.get(item.id, ""),
                placeholder=f"How will we meet it? {item.hint}".strip(),
                id=f"mitigation-{item.id}",
                max_length=LINE_MAX,
                classes="mitigation",
            )
            field.border_title = literal(item.text)
            field.display = item.id in self.ticked
            yield field

    def _post(self) -> None:
        ticked = [Ticked(id=i.id, mitigation=self.ticked[i.id]) for i in self.items if i.id in self.ticked]
        self.post_message(self.Changed(self, ticked))

    def on_choice_list_changed(self, event: ChoiceList.Changed) -> None:
        event.stop()
        for item in self.items:
            field = self.query_one(f"#mitigation-{item.id}", Input)
            now_ticked = item.id in event.chosen
            if now_ticked and item.id not in self.ticked:
                self.ticked[item.id] = field.value.strip()
            elif not now_ticked:
                self.ticked.pop(item.id, None)
            field.display = now_ticked
        self._post()

    def _mitigation(self, field: Input) -> None:
        item_id = (field.id or "")[len("mitigation-"):]
        if item_id in self.ticked and self.ticked[item_id] != field.value.strip():
            self.ticked[item_id] = field.value.strip()
            self._post()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._mitigation(event.input)

    def on_input_blurred(self, event: Input.Blurred) -> None:
        event.stop()
        self._mitigation(event.input)
