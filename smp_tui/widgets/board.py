"""The Cynefin board: every activity in its domain, in the usual layout.

Complex top-left, complicated top-right, chaotic bottom-left, simple bottom-right,
disorder across the centre. Enter or a click on an activity opens it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Grid
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from smp_tui.banks import CynefinBank
from smp_tui.logic.cynefin import DISORDER, NOT_PLACED_YET, UNPLACED, domain_of
from smp_tui.models import Activity
from smp_tui.widgets.text import literal

LAYOUT = ("complex", "complicated", DISORDER, "chaotic", "simple")


class CynefinBoard(Grid):
    class Opened(Message):
        def __init__(self, activity_id: str) -> None:
            super().__init__()
            self.activity_id = activity_id

    def __init__(self, bank: CynefinBank, **kwargs) -> None:
        super().__init__(**kwargs)
        self.bank = bank

    def compose(self) -> ComposeResult:
        for domain_id in LAYOUT:
            cell = OptionList(id=f"board-{domain_id}", classes=f"quadrant {domain_id}")
            if domain_id == DISORDER:
                also = f" ({self.bank.disorder.also_called})" if self.bank.disorder.also_called else ""
                cell.border_title = literal(f"{self.bank.disorder.name}{also}")
            else:
                domain = self.bank.domain(domain_id)
                also = f" ({domain.also_called})" if domain.also_called else ""
                cell.border_title = literal(f"{domain.name}{also}")
                cell.border_subtitle = literal(domain.approach)
            yield cell

    def show(self, activities: list[Activity]) -> None:
        placed: dict[str, list[Activity]] = {domain_id: [] for domain_id in (*LAYOUT, UNPLACED)}
        for activity in activities:
            placed[domain_of(activity, self.bank)].append(activity)
        unplaced = len(placed.pop(UNPLACED))  # in no domain yet: counted, not drawn
        self.query_one(f"#board-{DISORDER}", OptionList).border_subtitle = \
            f"{unplaced} {NOT_PLACED_YET}" if unplaced else ""
        for domain_id, members in placed.items():
            cell = self.query_one(f"#board-{domain_id}", OptionList)
            cell.clear_options()
            cell.add_options([Option(literal(a.name), id=a.id) for a in members])

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.post_message(self.Opened(event.option.id))
