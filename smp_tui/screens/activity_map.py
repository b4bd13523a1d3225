"""Exercise 2, the activity map: the team's day-to-day activities, each placed in its
Cynefin domain, on a list and on the board."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Header, Input, OptionList, Static
from textual.widgets.option_list import Option

from smp_tui.widgets.footer import SteadyFooter
from smp_tui.logic import changes
from smp_tui.logic.cynefin import DISORDER, NOT_PLACED_YET, UNPLACED, domain_of
from smp_tui.models import LINE_MAX, Activity, Session
from smp_tui.screens.exercise import ExerciseScreen
from smp_tui.widgets.board import CynefinBoard
from smp_tui.widgets.fields import InOrderInput, ListBesideBox
from smp_tui.widgets.text import literal


class ActivityMapScreen(ExerciseScreen):
    EXERCISE = "cynefin"
    HELP_TITLE = "Decision context: the activity map"
    HELP = (
        "List what your team does day to day, one activity at a time: type it in the box "
        "and press Enter. Open an activity (Enter, or click it on the list or the board) to "
        "answer a few questions that place it in a domain - simple, complicated, complex or "
        "chaotic - or to place it yourself. Each domain asks a different kind of leadership. "
        "Then note how you will handle it (step 2) and what could go wrong (step 3).\n\n"
        "On the list: Delete removes an activity, Ctrl+Up and Ctrl+Down move it; typing "
        "there goes to the add box (Ctrl+A takes you there). "
        "Everything is saved as you go."
    )
    BINDINGS = [
        Binding("delete", "remove", "Remove", id="map.remove"),
        Binding("ctrl+up", "move(-1)", "Move up", id="map.up", show=False),  # in F1, as on every list
        Binding("ctrl+down", "move(1)", "Move down", id="map.down", show=False),
        Binding("ctrl+a", "focus_add", "Add", id="map.add"),
    ]

    def compose(self) -> ComposeResult:
        bank = self.banks.cynefin
        yield Header()
        with VerticalScroll(id="map-body", classes="columns", can_focus=False):
            with Vertical(classes="column"):
                yield Static(bank.meta.intro, classes="intro", markup=False)
                yield Static("Activities: Enter or a click opens one", classes="section-title")
                # typing on the list goes to the add box (no letter key is an action here)
                yield ListBesideBox(id="activities", box=lambda activities: activities.screen.query_one(
                    "#new-activity", Input))
                yield InOrderInput(placeholder="Add an activity: type it and press Enter", id="new-activity",
                                   max_length=LINE_MAX)
            with Vertical(classes="column"):
                yield Static("The board", classes="section-title")
                yield CynefinBoard(bank, id="board")
                yield Static(f"Source: {bank.meta.source}", classes="source", markup=False)
        yield SteadyFooter()

    def on_mount(self) -> None:
        self._show()
        target = "#activities" if self.session.cynefin.activities else "#new-activity"
        self.query_one(target).focus()

    def _show(self, highlight: int | None = None) -> None:
        bank = self.banks.cynefin
        options = self.query_one("#activities", OptionList)
        previous = options.highlighted
        options.clear_options()
        for activity in self.session.cynefin.activities:
            domain_id = domain_of(activity, bank)
            if domain_id == UNPLACED:
                name = NOT_PLACED_YET
            else:
                name = bank.disorder.name if domain_id == DISORDER else bank.domain(domain_id).name
            label = Text.assemble(literal(activity.name), (f"  ({name})", "dim"))
            options.add_option(Option(label, id=activity.id))
        options.display = bool(self.session.cynefin.activities)
        count = options.option_count
        if count:
            chosen = highlight if highlight is not None else previous
            options.highlighted = min(chosen or 0, count - 1)
        self.query_one(CynefinBoard).show(self.session.cynefin.activities)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id != "new-activity":
            return
        name = event.value.strip()
        if not name:
            self.notify("Type the activity's name first.", severity="warning")
            return
        activity = Activity(name=name)
        if self.change(f"the activity {name!r}", changes.add_activity(activity)):
            event.input.value = ""
            self._show(highlight=len(self.session.cynefin.activities) - 1)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list.id == "activities" and event.option.id:
            self.open_activity(event.option.id)

    def on_cynefin_board_opened(self, event: CynefinBoard.Opened) -> None:
        self.open_activity(event.activity_id)

    def open_activity(self, activity_id: str) -> None:
        from smp_tui.screens.activity import ActivityScreen

        def back(session: Session | None) -> None:
            if session is not None:
                self.session = session
            self._show()

        self.app.push_screen(ActivityScreen(self.session, activity_id), back)

    def _highlighted_index(self) -> int | None:
        options = self.query_one("#activities", OptionList)
        if not options.has_focus or options.highlighted is None or not options.option_count:
            return None
        return options.highlighted

    def action_remove(self) -> None:
        from smp_tui.screens.confirm import ConfirmScreen

        index = self._highlighted_index()
        if index is None:
            return
        activity = self.session.cynefin.activities[index]

        def answered(yes: bool | None) -> None:
            if yes and self.change(f"removing {activity.name!r}", changes.remove_activity(activity.id)):
                self._show(highlight=index)

        self.app.push_screen(
            ConfirmScreen(f"Remove the activity '{activity.name}' and everything noted about it?"), answered
        )

    def action_move(self, step: int) -> None:
        index = self._highlighted_index()
        activities = self.session.cynefin.activities
        if index is None or not 0 <= index + step < len(activities):
            return
        if self.change("the order of activities", changes.move_activity(activities[index].id, step)):
            self._show(highlight=index + step)

    def action_focus_add(self) -> None:
        self.query_one("#new-activity", Input).focus()
