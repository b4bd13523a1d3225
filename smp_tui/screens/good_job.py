"""How do we know we are doing a good job? The outcomes-based accountability cycle, each
stage with what already happens and what else we could do, and the four kinds of measure."""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import Header, Input, Static

from smp_tui.widgets.footer import SteadyFooter
from smp_tui.logic import changes
from smp_tui.banks import Stage
from smp_tui.models import StageNotes
from smp_tui.screens.exercise import ExerciseScreen
from smp_tui.widgets.fields import hand_on
from smp_tui.widgets.lines import LineList
from smp_tui.widgets.text import literal


class StageBox(Static, can_focus=True):
    """One stage of the cycle: Enter, Space or a click opens it; typing on it opens it and
    the typing goes on in its first box (a list must never swallow words)."""

    BINDINGS = [Binding("enter", "open", "Open stage", show=False)]

    class Opened(Message):
        def __init__(self, stage_id: str) -> None:
            super().__init__()
            self.stage_id = stage_id

    async def _on_key(self, event: events.Key) -> None:
        if hand_on(self, event):  # typed on, in a burst, after the stage's box took the focus
            return
        if event.is_printable and event.character:
            event.stop()
            event.prevent_default()
            screen = self.screen
            assert isinstance(screen, GoodJobScreen)
            screen.type_on_stage(self.stage_id, event.character)  # at once: the next key is the box's

    def __init__(self, number: int, stage: Stage) -> None:
        super().__init__(Text.assemble((f"{number} ", "bold"), stage.name), id=f"stage-{stage.id}",
                         classes="stage")
        self.stage_id = stage.id

    def on_click(self) -> None:
        self.action_open()

    def action_open(self) -> None:
        self.post_message(self.Opened(self.stage_id))


def cycle(stages: list[Stage]) -> ComposeResult:
    """The stages as a loop, however many the bank has: the first half left to right
    along the top, the rest right to left along the bottom, back up to the first."""
    top = (len(stages) + 1) // 2
    bottom = stages[top:]
    columns = 2 * top - 1  # a box, an arrow, a box, ...
    grid = Grid(id="cycle")
    grid.styles.grid_size_columns = columns
    grid.styles.grid_columns = " ".join(["1fr", "3"] * (top - 1) + ["1fr"])
    with grid:
        for number, stage in enumerate(stages[:top], start=1):
            if number > 1:
                yield Static("→", classes="arrow")
            yield StageBox(number, stage)
        if columns == 1:
            yield Static("↓ ↑", classes="arrow down")
        else:
            yield Static("↑", classes="arrow up")
            gap = Static("", classes="gap")
            gap.styles.column_span = columns - 2
            yield gap
            yield Static("↓", classes="arrow down")
        # bottom row, left to right: the last stage under the first, the rest from the right
        slots: list[tuple[int, Stage] | None] = [None] * top
        numbered = list(enumerate(bottom, start=top + 1))
        if numbered:
            slots[0] = numbered[-1]
            for offset, item in enumerate(numbered[:-1]):
                slots[top - 1 - offset] = item
        for index, slot in enumerate(slots):
            if index:
                yield Static("←", classes="arrow")
            yield StageBox(*slot) if slot else Static("", classes="gap")


class GoodJobScreen(ExerciseScreen):
    EXERCISE = "good_job"
    HELP_TITLE = "How do we know we are doing a good job?"
    HELP = (
        "Go round the cycle. Open a stage (Tab to it and press Enter or start typing, or click it) and note "
        "what already happens and what else you could do. Below, collect the team's measures "
        "in the four boxes.\n\n"
        "In a list: type and press Enter to add (a paste of several lines adds each); Delete "
        "removes a line, Ctrl+Up/Down moves it, Ctrl+T makes it an action. Everything is "
        "saved as you go."
    )

    def help_more(self) -> str:
        bank = self.banks.good_job
        stages = "; ".join(f"{n}. {stage.name}" for n, stage in enumerate(bank.stages, start=1))
        quadrants = "; ".join(f"{q.name} ({q.axes})" for q in bank.quadrants)
        return f"The {len(bank.stages)} stages: {stages}; and round again.\nThe measures: {quadrants}."

    def compose(self) -> ComposeResult:
        bank = self.banks.good_job
        stages = bank.stages
        yield Header()
        with VerticalScroll(id="good-job-body", can_focus=False):
            yield Static(bank.meta.intro, classes="intro", markup=False)
            yield from cycle(stages)
            yield Static("", id="stage-title", classes="section-title")
            with Horizontal(id="stage-lists"):
                yield LineList([], [""], id="happening", classes="half")
                yield LineList([], [""], id="could-do", classes="half")
            yield Static("Our measures: effort and effect, quantity and quality", classes="section-title")
            with Grid(id="quadrants"):
                for quadrant in bank.quadrants:
                    lines = LineList([(m,) for m in self.session.good_job.measures.get(quadrant.id, [])],
                                     [f"e.g. {quadrant.example}"], id=f"measure-{quadrant.id}", classes="quadrant")
                    lines.border_title = literal(quadrant.name)
                    lines.border_subtitle = literal(quadrant.axes)
                    yield lines
            yield Static(f"Source: {bank.meta.source}", classes="source", markup=False)
        yield SteadyFooter()

    def on_mount(self) -> None:
        self.stage_id = self.banks.good_job.stages[0].id
        self._open(self.stage_id)
        self.query_one(StageBox).focus()

    def _open(self, stage_id: str) -> None:
        bank = self.banks.good_job
        self.stage_id = stage_id
        number, stage = next((n, s) for n, s in enumerate(bank.stages, start=1) if s.id == stage_id)
        notes = self.session.good_job.stages.get(stage_id, StageNotes())
        self.query_one("#stage-title", Static).update(
            Text.assemble(f"Stage {number}: {stage.name}  ", (stage.question, "italic")))
        for box in self.query(StageBox):
            box.set_class(box.stage_id == stage_id, "open")
        happening = self.query_one("#happening", LineList)
        happening.border_title = "Already happening"
        happening.query_one(Input).placeholder = stage.happening
        happening.set_entries([(line,) for line in notes.happening])
        could_do = self.query_one("#could-do", LineList)
        could_do.border_title = "What else could we do?"
        could_do.query_one(Input).placeholder = stage.could_do
        could_do.set_entries([(line,) for line in notes.could_do])

    def on_stage_box_opened(self, event: StageBox.Opened) -> None:
        self.type_on_stage(event.stage_id, "")

    def type_on_stage(self, stage_id: str, typed: str) -> None:
        """Open the stage (if it is not open) and go on typing in its first box; Space on a
        stage not open only opens it."""
        opening = stage_id != self.stage_id
        if opening:
            self._open(stage_id)
        box = self.query_one("#happening Input", Input)
        self.set_focus(box)
        if typed and not (opening and typed == " "):
            box.insert_text_at_cursor(typed)

    def on_line_list_changed(self, event: LineList.Changed) -> None:
        lines = [entry[0] for entry in event.entries]
        list_id = event.line_list.id or ""
        if list_id.startswith("measure-"):
            quadrant = list_id[len("measure-"):]
            self.change("the measures", changes.set_measures(quadrant, lines))
            return
        field = "happening" if list_id == "happening" else "could_do"
        self.change("the stage notes", changes.set_stage_notes(self.stage_id, field, lines))

    def on_line_list_to_action(self, event: LineList.ToAction) -> None:
        self.new_action(event.line)
