"""Tool 2, mapping stakeholders: list who has a stake in the service, place each on a
2x2 of interest (across) and influence (up), and note the demands each makes and how
the team responds, now and in future."""

from __future__ import annotations

from typing import cast

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Header, Input, OptionList, SelectionList, Static
from textual.widgets.option_list import Option

from smp_tui.widgets.footer import SteadyFooter
from smp_tui.banks import StakeholderBank
from smp_tui.logic import changes
from smp_tui.logic import stakeholders as mapping
from smp_tui.models import LINE_MAX, Session, Stakeholder
from smp_tui.screens.exercise import ExerciseScreen
from smp_tui.widgets.board import QuadrantBoard
from smp_tui.widgets.text import literal
from smp_tui.widgets.fields import FormInput, InOrderInput

STEP_TWO = ("current_demands", "current_response", "future_demands", "future_response")
# Reading order on the board: influence high on top, interest high on the right.
BOARD_ORDER = (("low", "high"), ("high", "high"), ("low", "low"), ("high", "low"))


class AddStakeholder(FormInput):
    """The box for a new stakeholder: Enter adds it (at once, in key order, so a quadrant
    key typed straight after Up places this one, not the one highlighted before); Up goes
    back to the list, to place what was added."""

    BINDINGS = [Binding("up", "to_list", "To the list", id="stakeholders.to_list", show=False)]

    def entered(self) -> None:
        cast(StakeholdersScreen, self.screen).add_stakeholder(self.value)

    def action_to_list(self) -> None:
        self.screen.set_focus(self.screen.query_one("#stakeholder-list"))  # at once: the next key is for it


class StakeholdersScreen(ExerciseScreen):
    EXERCISE = "stakeholders"
    HELP_TITLE = "Tool 2: mapping stakeholders"
    HELP = (
        "Step 1: type each stakeholder (a person, group, system or rule that affects your "
        "service) and press Enter; Up goes back to the list. On the list, place the highlighted one: Shift+Right or "
        "Shift+Left for more or less interest in your service, Shift+Up or Shift+Down for more "
        "or less influence over it, or a quadrant key: 1 keep informed, 2 involve and consult, "
        "3 keep satisfied, 4 collaborate. A new stakeholder is not placed until you place it. The "
        "board shows everyone placed in their quadrant with how to engage them, and counts "
        "those not placed yet at its centre.\n\n"
        "Step 2: for the highlighted stakeholder, note what they ask of you now and how you "
        "usually respond, and what they will ask in future and how you should respond. If the "
        "change chooser lists reasons for resistance, tick the ones this stakeholder may "
        "raise.\n\nDelete removes a stakeholder, Ctrl+Up/Down moves it; Ctrl+N makes an action "
        "from the field you are in."
    )
    BINDINGS = [
        Binding("shift+right", "place('right')", "More interest", id="stakeholders.right", show=False),
        Binding("shift+left", "place('left')", "Less interest", id="stakeholders.left", show=False),
        Binding("shift+up", "place('up')", "More influence", id="stakeholders.up", show=False),
        Binding("shift+down", "place('down')", "Less influence", id="stakeholders.down", show=False),
        *(Binding(str(n), f"quadrant({n})", "Place 1-4" if n == 1 else "", show=n == 1,
                  id=f"stakeholders.quadrant_{n}") for n in range(1, 5)),
        Binding("delete", "remove", "Remove", id="stakeholders.remove", show=False),
        Binding("ctrl+up", "move(-1)", "Move up", id="stakeholders.move_up", show=False),
        Binding("ctrl+down", "move(1)", "Move down", id="stakeholders.move_down", show=False),
        Binding("a", "focus_add", "Add", id="stakeholders.add"),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self.selected: str | None = None  # the stakeholder step 2 is about

    @property
    def bank(self) -> StakeholderBank:
        return self.banks.stakeholders

    def compose(self) -> ComposeResult:
        bank = self.bank
        numbered = {q.id: n for n, q in enumerate(bank.quadrants, start=1)}
        cells = [(q.id, f"{numbered[q.id]}. {q.name}", q.approach)
                 for q in (bank.quadrant(interest, influence) for interest, influence in BOARD_ORDER)]
        yield Header()
        with VerticalScroll(id="stakeholders-body", classes="columns"):
            with Vertical(classes="column"):
                yield Static(bank.meta.intro, classes="intro", markup=False)
                yield Static("Stakeholders: Shift+arrows or 1-4 place the highlighted one",
                             classes="section-title")
                yield OptionList(id="stakeholder-list")
                yield AddStakeholder(placeholder="Add a stakeholder: type it, Enter (Up: back to the list)",
                                     id="new-stakeholder", max_length=LINE_MAX)
                yield Static("", id="step-two-title", classes="section-title")
                yield Static(bank.step_two.intro, classes="intro", markup=False, id="step-two-intro")
                with Vertical(id="step-two"):
                    for field in STEP_TWO:
                        yield InOrderInput(placeholder=getattr(bank.step_two, field), id=field, max_length=LINE_MAX,
                                    classes="step-two-field")
                    yield Static("Reasons for resistance they may raise (from the change chooser)",
                                 id="resistance-title", classes="section-title")
                    yield SelectionList[str](id="resistance")
            with Vertical(classes="column wide-half"):
                yield Static("Interest across, influence up", classes="section-title")
                yield QuadrantBoard(cells, bank.centre, id="stakeholder-board")
                yield Static(f"Source: {bank.meta.source}", classes="source", markup=False)
        yield SteadyFooter()

    def on_mount(self) -> None:
        people = self.session.stakeholders.stakeholders
        self.selected = people[0].id if people else None
        self._show()
        self.query_one("#stakeholder-list" if people else "#new-stakeholder").focus()

    def reloaded(self) -> None:
        self._show()

    # -- showing --

    def _stakeholder(self, stakeholder_id: str | None) -> Stakeholder | None:
        return next((s for s in self.session.stakeholders.stakeholders if s.id == stakeholder_id), None)

    def _show(self, highlight: int | None = None) -> None:
        bank = self.bank
        people = self.session.stakeholders.stakeholders
        options = self.query_one("#stakeholder-list", OptionList)
        previous = options.highlighted
        options.clear_options()
        for person in people:
            quadrant = mapping.quadrant_of(person, bank)
            place = f"{bank.quadrants.index(quadrant) + 1}. {quadrant.name}" if quadrant else mapping.NOT_PLACED_YET
            options.add_option(Option(Text.assemble(literal(person.name), (f"  ({place})", "dim")), id=person.id))
        options.display = bool(people)
        if people:
            chosen = highlight if highlight is not None else previous
            options.highlighted = max(0, min(chosen or 0, len(people) - 1))
        grouped = mapping.by_quadrant(people, bank)
        self.query_one(QuadrantBoard).show({q: [(s.id, s.name) for s in members] for q, members in grouped.items()},
                                           waiting=len(mapping.not_placed(people)))
        self._show_step_two()

    def _show_step_two(self) -> None:
        person = self._stakeholder(self.selected)
        for selector in ("#step-two", "#step-two-intro"):
            self.query_one(selector).display = person is not None
        title = self.query_one("#step-two-title", Static)
        if person is None:
            title.update("Step 2: add a stakeholder first")
            return
        title.update(Text.assemble("Step 2: demands and responses of ", literal(person.name, "bold")))
        for field in STEP_TWO:
            box = self.query_one(f"#{field}", Input)
            if not box.has_focus:
                with box.prevent(Input.Changed):
                    box.value = getattr(person, field)
        ticked = self.session.change.resistance
        reasons = {r.id: r.text for r in self.banks.change.resistance}
        selection = self.query_one("#resistance", SelectionList)
        with selection.prevent(SelectionList.SelectedChanged):
            selection.clear_options()
            selection.add_options([(reasons[t.id], t.id, t.id in person.resistance) for t in ticked if t.id in reasons])
        selection.display = bool(ticked)
        self.query_one("#resistance-title").display = bool(ticked)

    # -- the list --

    def _highlighted(self) -> Stakeholder | None:
        options = self.query_one("#stakeholder-list", OptionList)
        if not options.has_focus or options.highlighted is None or not options.option_count:
            return None
        return self.session.stakeholders.stakeholders[options.highlighted]

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_list.id == "stakeholder-list" and event.option.id and event.option.id != self.selected:
            self.flush()
            self.selected = event.option.id
            self._show_step_two()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list.id == "stakeholder-list":
            self.query_one(f"#{STEP_TWO[0]}", Input).focus()

    def on_quadrant_board_opened(self, event: QuadrantBoard.Opened) -> None:
        ids = [s.id for s in self.session.stakeholders.stakeholders]
        if event.entry_id in ids:
            self.flush()
            self.selected = event.entry_id
            self._show(highlight=ids.index(event.entry_id))
            self.query_one(f"#{STEP_TWO[0]}", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id in STEP_TWO:
            self._save_field(event.input.id, event.value)
            following = STEP_TWO.index(event.input.id) + 1
            self.query_one(f"#{STEP_TWO[following]}" if following < len(STEP_TWO) else "#stakeholder-list").focus()

    def add_stakeholder(self, typed: str) -> None:
        name = typed.strip()
        if not name:
            self.notify("Type the stakeholder's name first.", severity="warning")
            return
        person = Stakeholder(name=name)
        if self.change(f"the stakeholder {name!r}", changes.add_stakeholder(person)):
            self.query_one("#new-stakeholder", Input).value = ""
            self.selected = person.id
            self._show(highlight=len(self.session.stakeholders.stakeholders) - 1)

    def _update(self, stakeholder_id: str, what: str, **fields) -> bool:
        return self.change(what, changes.update_stakeholder(stakeholder_id, **fields))

    def action_place(self, direction: str) -> None:
        person = self._highlighted()
        if person is not None and self._update(person.id, "the stakeholder's place",
                                               **mapping.moved(person, direction)):
            self._show()

    def action_quadrant(self, number: int) -> None:
        person = self._highlighted()
        if person is None:
            return
        quadrant = self.bank.quadrants[number - 1]
        if self._update(person.id, "the stakeholder's place", **mapping.placed_in(quadrant.id, self.bank)):
            self._show()

    def action_remove(self) -> None:
        from smp_tui.screens.confirm import ConfirmScreen

        person = self._highlighted()
        if person is None:
            return
        index = self.session.stakeholders.stakeholders.index(person)

        def answered(yes: bool | None) -> None:
            if yes and self.change(f"removing {person.name!r}", changes.remove_stakeholder(person.id)):
                people = self.session.stakeholders.stakeholders
                self.selected = people[min(index, len(people) - 1)].id if people else None
                self._show(highlight=index)

        self.app.push_screen(ConfirmScreen(f"Remove the stakeholder '{person.name}' and what is noted about them?"),
                             answered)

    def action_move(self, step: int) -> None:
        person = self._highlighted()
        people = self.session.stakeholders.stakeholders
        if person is None:
            return
        index = people.index(person)
        if not 0 <= index + step < len(people):
            return
        if self.change("the order of stakeholders", changes.move_stakeholder(person.id, step)):
            self._show(highlight=index + step)

    def action_focus_add(self) -> None:
        self.query_one("#new-stakeholder", Input).focus()

    # -- step 2 --

    def _save_field(self, field: str, value: str) -> None:
        if self.selected is not None and self._stakeholder(self.selected) is not None:
            self._update(self.selected, "the stakeholder's demands and responses", **{field: value.strip()})

    def on_input_changed(self, event: Input.Changed) -> None:
        field, selected = event.input.id, self.selected
        if field in STEP_TWO and selected is not None:
            value = event.value
            self.later(f"{selected}:{field}", lambda: self._update(
                selected, "the stakeholder's demands and responses", **{field: value.strip()}))

    def on_selection_list_selected_changed(self, event: SelectionList.SelectedChanged) -> None:
        if event.selection_list.id == "resistance" and self.selected is not None:
            self._update(self.selected, "the stakeholder's reasons for resistance",
                         resistance=list(event.selection_list.selected))
