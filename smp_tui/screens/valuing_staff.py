"""Exercise 4, valuing staff: how the team captures good work, shares it and rewards it;
and Tool 4, the value of social care, in the team's own words."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Header, Static, TextArea

from smp_tui.widgets.footer import SteadyFooter
from smp_tui.logic import changes
from smp_tui.models import TEXT_MAX
from smp_tui.screens.exercise import ExerciseScreen
from smp_tui.widgets.lines import LineList
from smp_tui.widgets.text import literal
from smp_tui.widgets.fields import InOrderTextArea

LISTS = changes.VALUING_LISTS


class ValuingStaffScreen(ExerciseScreen):
    EXERCISE = "valuing_staff"
    HELP_TITLE = "Exercise 4: valuing staff, and the value of social care"
    HELP = (
        "Three lists: the ways the team will notice and capture good work and new ideas (aim "
        "for five), how you will share staff ideas and successes, and how you will reward and "
        "encourage people. Type a line and press Enter to add it; on a list, Delete removes a "
        "line, Ctrl+Up/Down moves it and Ctrl+T makes it an action. Ctrl+N makes an action from "
        "the line you are typing.\n\n"
        "Below, the value of social care: a published definition to start from, and your "
        "team's own answer to how you would explain what your service does. Everything is "
        "saved as you go."
    )

    def compose(self) -> ComposeResult:
        bank = self.banks.valuing_staff
        result = self.session.valuing_staff
        yield Header()
        with VerticalScroll(id="valuing-body"):
            yield Static(bank.meta.intro, classes="intro", markup=False)
            for name in LISTS:
                lines = LineList([(line,) for line in getattr(result, name)], [getattr(bank.lists, name)],
                                 id=f"valuing-{name}", classes="valuing-list")
                lines.border_title = literal(getattr(bank.lists, name))
                yield lines
            yield Static(bank.value.title, classes="section-title", markup=False)
            yield Static(Text.assemble(*(f"• {line}\n" for line in bank.value.definition),
                                       (bank.value.definition_source, "italic")), id="value-definition",
                         classes="guidance")
            yield Static(bank.value.question, classes="question", markup=False)
            yield InOrderTextArea(result.value_statement, id="value-statement")
            yield Static(f"Source: {bank.meta.source}", classes="source", markup=False)
        yield SteadyFooter()

    def on_mount(self) -> None:
        self._show_progress()
        self.query_one("#valuing-capture Input").focus()

    def _show_progress(self) -> None:
        target = self.banks.valuing_staff.capture_target
        done = len(self.session.valuing_staff.capture)
        lines = self.query_one("#valuing-capture", LineList)
        lines.border_subtitle = f"{done} of {target}" + (" ✔" if done >= target else "")

    def on_line_list_changed(self, event: LineList.Changed) -> None:
        name = (event.line_list.id or "").removeprefix("valuing-")
        if name not in LISTS:
            return
        lines = [entry[0] for entry in event.entries]
        self.change("the list", changes.set_valuing_list(name, lines))
        self._show_progress()

    def on_line_list_to_action(self, event: LineList.ToAction) -> None:
        self.new_action(event.line)

    def _save_statement(self, value: str) -> None:
        if len(value) > TEXT_MAX:
            self.notify(f"That is too long to save ({len(value)} characters; at most {TEXT_MAX}). "
                        "Shorten it; nothing is lost from the screen.", severity="error", timeout=10)
            return
        self.change("the value statement", changes.set_value_statement(value))

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if event.text_area.id == "value-statement":
            value = event.text_area.text
            self.later("value", lambda: self._save_statement(value))

    def on_descendant_blur(self, event) -> None:
        if isinstance(event.widget, TextArea) and event.widget.id == "value-statement":
            value = event.widget.text
            self.now("value", lambda: self._save_statement(value))
