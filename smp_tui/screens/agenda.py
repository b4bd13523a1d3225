"""The away-day agenda: edit the day's plan, then run it with a countdown that shows at
the top of every screen of the session."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Header, Input, OptionList, Static
from textual.widgets.option_list import Option

from smp_tui.widgets.footer import SteadyFooter
from smp_tui.logic import agenda as clock
from smp_tui.logic import changes
from smp_tui.models import LINE_MAX, MINUTES_MAX, AgendaItem, Session
from smp_tui.screens.exercise import ExerciseScreen
from smp_tui.widgets.text import literal
from smp_tui.widgets.fields import InOrderInput

LINK_WIDTH = 18  # an item and its link share one line at 80 columns
STEP_MINUTES = 5  # left / right change an item's planned minutes by this much


ADDING = "New item: type its name and minutes below, Enter adds it."


class AgendaScreen(ExerciseScreen):
    EXERCISE = "agenda"
    HELP_TITLE = "The day's agenda and clock"
    HELP = (
        "The plan: each item with its clock times and minutes; the finishing time follows "
        "every change. Type a name and its minutes below and press Enter to add an item. On "
        "the list: an arrow → marks an item that opens an exercise. Left and Right take 5 "
        "minutes off or add 5, e edits the highlighted item, "
        "l links it to an exercise (or none), Delete removes it, Ctrl+Up and Ctrl+Down move it. "
        "t sets the start time.\n\n"
        "Running the day: Space starts the clock (and pauses or resumes it), n ends the "
        "current item and starts the next (opening its exercise, if it has one), k skips the "
        "current item, + gives it five more minutes. The current item and its time left show "
        "at the top right of every screen of the session, for everyone who has joined; it "
        "turns to a warning two minutes before the end and to red at zero. b turns a "
        "terminal bell at those moments on or off. r clears what happened and keeps the plan."
    )
    BINDINGS = [
        Binding("space", "toggle_clock", "Start/pause", id="agenda.toggle"),
        Binding("n", "next", "Next", id="agenda.next"),
        Binding("k", "skip", "Skip", id="agenda.skip", show=False),  # in F1: the footer fits 80 columns
        Binding("plus,equals_sign", "extend", "+5 min", id="agenda.extend"),
        Binding("left", "minutes(-1)", "-5", id="agenda.shorter", show=False),
        Binding("right", "minutes(1)", "+5", id="agenda.longer", show=False),
        Binding("e", "edit", "Edit", id="agenda.edit", show=False),
        Binding("l", "link", "Link", id="agenda.link", show=False),
        Binding("delete", "remove", "Remove", id="agenda.remove", show=False),
        Binding("ctrl+up", "move(-1)", "Move up", id="agenda.up", show=False),
        Binding("ctrl+down", "move(1)", "Move down", id="agenda.down", show=False),
        Binding("t", "start_time", "Start time", id="agenda.start_time", show=False),
        Binding("b", "bell", "Bell", id="agenda.bell", show=False),
        Binding("r", "reset", "Reset", id="agenda.reset", show=False),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self.editing: str | None = None  # the item the inputs below change, if any
        self._plan_to_save: changes.Change | None = None  # the plan shown, not kept until changed
        self._warned_about = ""  # the new item typed that a key would drop, once said
        self._items_shown: list[tuple[str, Text]] = []  # (item id, label) as the list shows them

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="agenda-status", classes="intro")
        yield OptionList(id="agenda-items")
        yield Static(ADDING, id="agenda-editing")
        with Horizontal(id="agenda-add"):
            yield InOrderInput(placeholder="Item name (Enter)", id="item-name", max_length=LINE_MAX)
            # one value each: coming to the box selects it, so typing replaces it
            yield InOrderInput(placeholder="Minutes", id="item-minutes", max_length=3, type="integer",
                               select_on_focus=True)
            yield InOrderInput(placeholder="Start 09:30", id="start-time", max_length=5, select_on_focus=True)
        yield SteadyFooter()

    def on_mount(self) -> None:
        agenda = self.session.agenda
        if not agenda.items and agenda.start is None:
            # The workbook's day is shown, and kept only with the first change made to it:
            # looking at the agenda of a session (an old one, say) changes nothing.
            self._plan_to_save = changes.start_plan(clock.from_bank(self.banks.agenda))
            self.session = self._plan_to_save(self.session)
        self._show()
        self.query_one("#agenda-items").focus()
        self.set_interval(1.0, self._tick)

    def on_screen_resume(self) -> None:
        self.reload()

    def reloaded(self) -> None:
        if self._plan_to_save is not None:  # still not kept: shown again over what was read
            self.session = self._plan_to_save(self.session)
        self._show()

    def change(self, what: str, change: changes.Change) -> bool:
        if self._plan_to_save is not None:  # the first change keeps the day's plan it changes
            plan, self._plan_to_save = self._plan_to_save, None
            self.workspace.update(self.session, plan, "the day's plan")
        return super().change(what, change)

    # -- what the screen shows --

    @property
    def current_time(self) -> datetime:
        return self.smp_app.clock()

    def _default_start(self):
        return clock.parse_time(self.banks.agenda.start)

    def _tick(self) -> None:
        self._show_status()
        if self.session.agenda.current is not None:
            self._show_items()

    def _show(self, highlight: int | None = None) -> None:
        self._show_status()
        self._show_items(highlight)
        start = self.session.agenda.start or self._default_start()
        field = self.query_one("#start-time", Input)
        if not field.has_focus:
            field.value = clock.show_time(start)

    def _show_status(self) -> None:
        agenda = self.session.agenda
        default = self._default_start()
        start = agenda.start or default
        total = clock.total_minutes(agenda)
        text = Text.assemble(
            ("Plan: ", "bold"), f"{clock.show_time(start)} to {clock.show_time(clock.plan_end(agenda, default))}",
            (" the next day" if clock.ends_next_day(agenda, default) else "", "bold"),
            f"  ({total // 60} h {total % 60:02d} min, {len(agenda.items)} items)",
            ("   bell on" if agenda.bell else "", "dim"), "\n",
        )
        shown = clock.countdown(agenda, self.current_time, self.banks.agenda.warning_seconds)
        if shown.item is None:
            text.append("The day is over: every item has ended." if shown.state == "finished"
                        else "The clock is stopped. Space starts it.", style="bold")
        else:
            state = "paused" if shown.state == "paused" else ("over time" if shown.over else "left")
            text.append(f"Now ({shown.position} of {shown.count}): ", style="bold")
            text.append_text(literal(shown.item.name))
            text.append(f"  {clock.show_remaining(shown.remaining)} {state}",
                        style="bold reverse" if shown.alert != "none" or shown.state == "paused" else "bold")
        self.query_one("#agenda-status", Static).update(text)

    def _label(self, planned: clock.Planned) -> Text:
        agenda = self.session.agenda
        item = planned.item
        now = item.id == agenda.current
        mark = "▶ " if now else ("✔ " if item.ended_at and not item.skipped else ("– " if item.skipped else "  "))
        label = Text(mark, style="bold" if now else "")
        label.append(f"{clock.show_time(planned.start)}–{clock.show_time(planned.end)} {item.minutes:>3}′ ")
        label.append_text(literal(item.name, "bold" if now else ""))
        link = self._exercise_title(item.exercise) if item.exercise else ""
        if link and link.rstrip("…").casefold() not in item.name.casefold():
            label.append(f" → {link}", style="dim")
        elif link:
            label.append(" →", style="dim")  # opens the exercise its name already says
        if item.skipped:
            label.append("  skipped", style="dim")
        elif item.started_at is not None:
            taken = clock.elapsed(agenda, item, self.current_time) / 60
            started = item.started_at.astimezone().strftime("%H:%M")
            ended = item.ended_at.astimezone().strftime("%H:%M") if item.ended_at else "…"
            over = taken - item.minutes
            label.append(f"  {started}–{ended}", style="dim")
            if item.ended_at is not None and round(over) != 0:
                label.append(f" {abs(round(over))}′ {'over' if over > 0 else 'short'}", style="bold")
        return label

    def _show_items(self, highlight: int | None = None) -> None:
        options = self.query_one("#agenda-items", OptionList)
        shown = [(p.item.id, self._label(p)) for p in clock.plan(self.session.agenda, self._default_start())]
        if shown == self._items_shown and highlight is None:
            return  # the clock's tick changed nothing here: the list stays as it is, scrolled where it was
        self._items_shown = shown
        previous = options.highlighted
        options.clear_options()
        options.add_options([Option(label, id=item_id) for item_id, label in shown])
        if options.option_count:
            chosen = highlight if highlight is not None else previous
            options.highlighted = max(0, min(chosen or 0, options.option_count - 1))

    def _exercise_title(self, exercise_id: str) -> str:
        from smp_tui.screens.exercises import EXERCISES

        title = next((e.title for e in EXERCISES if e.id == exercise_id), exercise_id)
        title = title.partition(": ")[2] or title  # "Tool 1: what is good work?" -> "what is good work?"
        return title if len(title) <= LINK_WIDTH else title[:LINK_WIDTH - 1] + "…"

    def _highlighted(self) -> AgendaItem | None:
        options = self.query_one("#agenda-items", OptionList)
        if options.highlighted is None or not options.option_count:
            return None
        return clock.item(self.session.agenda, options.get_option_at_index(options.highlighted).id)

    def _index(self, item_id: str) -> int:
        return next(n for n, i in enumerate(self.session.agenda.items) if i.id == item_id)

    def _agenda_change(self, what: str, change: changes.Change) -> bool:
        if self.change(what, change):
            self._show()
            return True
        return False

    # -- running --

    def action_toggle_clock(self) -> None:
        now = self.current_time
        if not self.session.agenda.items:
            self.notify("The plan has no items yet.", severity="warning")
            return
        self._agenda_change("the clock", changes.toggle_clock(now))

    def action_next(self) -> None:
        now = self.current_time
        following = clock.upcoming(self.session.agenda)
        if self._agenda_change("the next item", changes.next_item(now)) and following is not None:
            self._open_linked(following)

    def _open_linked(self, item: AgendaItem) -> None:
        if not item.exercise or item.exercise == "agenda":
            return
        from smp_tui.screens.exercises import EXERCISES, exercise_screen

        if any(e.id == item.exercise for e in EXERCISES):
            self.flush()
            self.app.push_screen(exercise_screen(item.exercise, self.session))

    def action_skip(self) -> None:
        now = self.current_time
        self._agenda_change("skipping an item", changes.skip_item(now))

    def action_extend(self) -> None:
        minutes = self.banks.agenda.extend_minutes
        if self.session.agenda.current is None:
            self.notify("No item is running.", severity="warning")
            return
        self._agenda_change("more time", changes.more_time(minutes))

    def action_bell(self) -> None:
        bell = not self.session.agenda.bell
        self._agenda_change("the bell", changes.set_bell(bell))
        self.notify("The bell will ring at two minutes and at zero." if bell else "Bell off.")

    def action_reset(self) -> None:
        from smp_tui.screens.confirm import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if yes:
                self._agenda_change("clearing the clock", changes.reset_clock())

        self.app.push_screen(ConfirmScreen("Clear every start and end time recorded today? The plan stays.",
                                           yes="Yes, clear them"), answered)

    # -- editing the plan --

    def action_minutes(self, direction: int) -> None:
        item = self._highlighted()
        if item is None:
            return
        minutes = max(STEP_MINUTES, min(MINUTES_MAX, item.minutes + direction * STEP_MINUTES))
        self._agenda_change("the item's minutes", changes.edit_agenda_item(item.id, minutes=minutes))

    def action_link(self) -> None:
        """Cycle the item's link through the session's exercises and none."""
        from smp_tui.screens.exercises import EXERCISES

        item = self._highlighted()
        if item is None:
            return
        choices = [None] + [e.id for e in EXERCISES if e.id != "agenda"]
        following = choices[(choices.index(item.exercise) + 1) % len(choices)] if item.exercise in choices else None
        self._agenda_change("the item's link", changes.edit_agenda_item(item.id, exercise=following))

    def action_remove(self) -> None:
        from smp_tui.screens.confirm import ConfirmScreen

        item = self._highlighted()
        if item is None:
            return
        index, item_id = self._index(item.id), item.id

        def answered(yes: bool | None) -> None:
            if yes and self.change("removing an item", changes.remove_agenda_item(item_id)):
                if self.editing == item_id:  # what was typed for it has nowhere to go: say so
                    self._stop_changing(f"'{item.name}', which you were changing, is removed; "
                                        "what you typed for it is cleared.")
                self._show(highlight=index)

        self.app.push_screen(ConfirmScreen(f"Remove '{item.name}' from the plan?"), answered)

    def action_move(self, step: int) -> None:
        item = self._highlighted()
        if item is None:
            return
        index, item_id = self._index(item.id), item.id
        if self.change("the order of the plan", changes.move_agenda_item(item_id, step)):
            self._show(highlight=max(0, min(index + step, len(self.session.agenda.items) - 1)))

    def action_edit(self) -> None:
        item = self._highlighted()
        if item is None or (self.editing is None and self._typed_new_item()):
            return
        self._set_editing(item)
        self.query_one("#item-name", Input).value = item.name
        self.query_one("#item-minutes", Input).value = str(item.minutes)
        self.query_one("#item-name", Input).focus()

    def _set_editing(self, item: AgendaItem | None) -> None:
        """Say above the boxes whether they add an item or change one (Enter then replaces
        that item: nobody should do it thinking they add one)."""
        self.editing = item.id if item is not None else None
        label = self.query_one("#agenda-editing", Static)
        if item is None:
            label.update(ADDING)
        else:
            label.update(Text.assemble(("Changing ", "bold reverse"), literal(item.name, "bold reverse"),
                                       " : Enter on the minutes saves it; Escape leaves it as it was."))

    def action_back(self) -> None:
        if self.editing is not None:  # Escape while changing an item leaves the item, not the screen
            self._stop_changing("The item is left as it was.")
            return
        if self._typed_new_item():
            return
        super().action_back()

    def _typed_new_item(self) -> bool:
        """A new item typed and not yet added is not dropped without a word: the first key
        that would drop it says so; pressed again, it goes ahead."""
        name = self.query_one("#item-name", Input).value.strip()
        if not name or self._warned_about == name:
            return False
        self._warned_about = name
        self.notify(f"'{name}' is not in the plan yet: give its minutes and press Enter to add it. "
                    "Press the key again to go on without it.", severity="warning", markup=False)
        return True

    def _stop_changing(self, why: str) -> None:
        self._set_editing(None)
        self.query_one("#item-name", Input).value = self.query_one("#item-minutes", Input).value = ""
        self.query_one("#agenda-items").focus()
        self.notify(why, markup=False)

    def action_start_time(self) -> None:
        self.query_one("#start-time", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "start-time":
            self._save_start(event.value)
        elif event.input.id == "item-name":
            self.query_one("#item-minutes", Input).focus()
        elif event.input.id == "item-minutes":
            self._save_item()

    def _save_start(self, typed: str) -> None:
        try:
            start = clock.parse_time(typed)
        except ValueError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        if self._agenda_change("the start time", changes.set_plan_start(start)):
            self.query_one("#agenda-items").focus()

    def _save_item(self) -> None:
        name_field = self.query_one("#item-name", Input)
        minutes_field = self.query_one("#item-minutes", Input)
        name = name_field.value.strip()
        if not name:
            self.notify("Type the item's name first.", severity="warning")
            name_field.focus()
            return
        try:
            minutes = int(minutes_field.value)
        except ValueError:
            minutes = 0
        if not 1 <= minutes <= MINUTES_MAX:
            self.notify(f"Give the item's length in minutes, from 1 to {MINUTES_MAX}.", severity="error")
            minutes_field.focus()
            return
        editing = self.editing
        if editing is not None:
            saved = self._agenda_change(f"the item {name!r}",
                                        changes.edit_agenda_item(editing, name=name, minutes=minutes))
            highlight = self._index(editing) if saved and clock.item(self.session.agenda, editing) else None
        else:
            item = AgendaItem(name=name, minutes=minutes)
            saved = self._agenda_change(f"the item {name!r}", changes.add_agenda_item(item))
            highlight = len(self.session.agenda.items) - 1
        if saved:
            self._set_editing(None)
            name_field.value = minutes_field.value = ""
            self._show(highlight=highlight)
            self.query_one("#agenda-items").focus()
