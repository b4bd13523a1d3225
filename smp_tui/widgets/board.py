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


class QuadrantBoard(Grid):
    """A 2x2 board of named cells with a label at the centre, for any tool that places
    things in four quadrants (the stakeholder map). Cells are given top-left, top-right,
    bottom-left, bottom-right; Enter or a click on an entry posts Opened."""

    class Opened(Message):
        def __init__(self, entry_id: str) -> None:
            super().__init__()
            self.entry_id = entry_id

    def __init__(self, cells: list[tuple[str, str, str]], centre: str, **kwargs) -> None:
        """cells: (id, title, subtitle) in reading order."""
        super().__init__(**kwargs)
        self.cells = cells
        self.centre = centre

    def compose(self) -> ComposeResult:
        from textual.widgets import Static

        for cell_id, title, subtitle in self.cells[:2]:
            yield self._cell(cell_id, title, subtitle)
        yield Static(self.centre, classes="board-centre", id="board-centre", markup=False)
        for cell_id, title, subtitle in self.cells[2:]:
            yield self._cell(cell_id, title, subtitle)

    @staticmethod
    def _cell(cell_id: str, title: str, subtitle: str) -> OptionList:
        cell = OptionList(id=f"cell-{cell_id}", classes="quadrant")
        cell.border_title = literal(title)
        return cell

    def show(self, entries: dict[str, list[tuple[str, str]]], waiting: int = 0) -> None:
        """entries: cell id -> [(entry id, name typed by a person)]; waiting: how many are in
        no cell yet (counted at the centre, not drawn). Each cell's subtitle (how to engage,
        a sentence) is its first line, wrapped: on the border it was cut at any width."""
        from textual.widgets import Static

        self.query_one("#board-centre", Static).update(  # one line: the board's middle row is one high
            f"{self.centre} ({waiting} {NOT_PLACED_YET})" if waiting else self.centre)
        for cell_id, _, subtitle in self.cells:
            cell = self.query_one(f"#cell-{cell_id}", OptionList)
            cell.clear_options()
            cell.add_options([Option(literal(subtitle, "dim italic"), disabled=True),
                              *(Option(literal(name), id=entry_id) for entry_id, name in entries.get(cell_id, []))])

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.post_message(self.Opened(event.option.id))
