"""Exercise 5, practice improvement plan: from the lowest areas of the learning needs
analysis to a goal, a table of actions (barriers, support, when) with each target checked
against SMARTER, things to stop, start and do differently, and a review date. The actions
are the person's own and come back for review at their next plan or check-in."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Header, Input, OptionList, Static, TabbedContent, TabPane

from smp_tui.widgets.footer import SteadyFooter
from smp_tui.logic import changes
from smp_tui.logic.workbook import find_date, missing, plan_rows, smarter_check
from smp_tui.models import LINE_MAX, PlanTarget, Session
from smp_tui.screens.personal import WorkbookToolScreen
from smp_tui.widgets.choices import ChoiceList
from smp_tui.widgets.lines import LineList
from smp_tui.widgets.text import literal
from smp_tui.widgets.fields import InOrderInput

TEXT_FIELDS = ("learned", "goal", "why")
LISTS = ("stop", "start", "differently")


class PlanScreen(WorkbookToolScreen):
    HELP_TITLE = "Practice improvement plan"
    HELP = (
        "Plan (F5), from top to bottom with Tab: tick the learning areas you will work on (your "
        "lowest are ticked for you; Space or Enter ticks), write what you learned, your goal "
        "and why. Then add actions: type the action, Enter, its barriers, Enter, the support "
        "you need, Enter, and when you will have done it (with a date, e.g. 2026-03-31), Enter. "
        "Enter on an action puts it back in the boxes to edit in place (its SMARTER ticks stay); "
        "Escape leaves it as it was. "
        "Highlight an action in the list to check its target against SMARTER: tick each "
        "letter it meets; a target without a date is never time-bound, and the check says "
        "so. Delete removes an action. Last, what you will stop, start and do differently, "
        "and the date to review the plan.\n"
        "Result (F6): the plan on one page, with the targets still to make SMARTER. Your "
        "actions come back at your next plan or check-in to mark done, carry or drop."
    )

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self.checking: str | None = session.actions[0].id if session.actions else None

    @property
    def bank(self):
        return self.banks.improvement_plan

    @property
    def owner(self) -> str:
        return self.session.participants[0].name if self.session.participants else self.session.team

    def compose(self) -> ComposeResult:
        bank, plan = self.bank, self.session.workbook.plan
        prompts = bank.prompts
        needs = self.banks.learning_needs
        ordered = [s for s in needs.statements if s.id in plan.areas] + \
                  [s for s in needs.statements if s.id not in plan.areas]
        yield Header()
        with TabbedContent(initial="answer"):
            with TabPane("Plan (F5)", id="answer"), VerticalScroll(id="plan-body"):
                yield Static(bank.meta.intro, classes="intro", markup=False)
                yield Static(prompts.areas, classes="section-title", markup=False)
                yield ChoiceList([(s.id, s.text) for s in ordered], plan.areas, multiple=True, id="areas")
                for field in TEXT_FIELDS:
                    box = InOrderInput(getattr(plan, field), id=field, max_length=LINE_MAX, classes="plan-field")
                    box.border_title = literal(getattr(prompts, field))
                    yield box
                yield Static("Actions", classes="section-title")
                yield LineList(plan_rows(self.session),
                               [prompts.action, prompts.barriers, prompts.support, prompts.target], id="actions",
                               ask_before_removing=True, to_action=False)  # they are actions already
                yield Static("", id="checking", classes="section-title")
                yield ChoiceList([(c.id, f"{c.letter}  {c.name}: {c.prompt}") for c in bank.smarter], [],
                                 multiple=True, id="smarter")
                yield Static("", id="gaps", classes="verdict")
                for name in LISTS:
                    yield Static(getattr(prompts, name), classes="section-title", markup=False)
                    yield LineList([(line,) for line in getattr(plan, name)], [getattr(prompts, name)], id=name)
                review = InOrderInput(plan.review_on.isoformat() if plan.review_on else "", id="review",
                                      placeholder="YYYY-MM-DD", classes="plan-field",
                                      select_on_focus=True)  # one value: typing replaces it
                review.border_title = literal(prompts.review)
                yield review
            with TabPane("Result (F6)", id="result"), VerticalScroll(id="result-body"):
                yield Static("", id="result-text")
        yield SteadyFooter()

    def on_mount(self) -> None:
        super().on_mount()
        self.first_focus("answer")

    def first_focus(self, tab: str) -> None:
        if tab == "answer":
            self.query_one("#areas", ChoiceList).focus(scroll_visible=False)  # the intro stays in view

    def fill(self) -> None:
        self._show_check()
        self.show_result()

    # -- the SMARTER check of the highlighted action --

    def _show_check(self) -> None:
        ids = [a.id for a in self.session.actions]
        if self.checking not in ids:
            self.checking = ids[0] if ids else None
        smarter = self.query_one("#smarter", ChoiceList)
        title, gaps = self.query_one("#checking", Static), self.query_one("#gaps", Static)
        for widget in (smarter, gaps):
            widget.display = self.checking is not None
        if self.checking is None:
            title.update("Add an action to check its target against SMARTER.")
            return
        action = next(a for a in self.session.actions if a.id == self.checking)
        target = self.session.workbook.plan.targets.get(action.id, PlanTarget())
        title.update(Text.assemble("SMARTER check of: ", literal(action.text, "bold")))
        smarter.set_chosen(target.smarter)
        checks = missing(smarter_check(target, self.bank))
        if not checks:
            due = f", due {action.due.isoformat()}" if action.due else ""
            gaps.update(Text(f"This target is SMARTER{due}.", style="bold"))
            return
        text = Text("Still to make SMARTER:\n", style="bold")
        for check in checks:
            text.append(f"  {check.criterion.letter} {check.criterion.name}")
            text.append(f": {check.note}\n" if check.note else "\n")
        gaps.update(text)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_list.parent is self.query_one("#actions", LineList) and event.option_index is not None:
            if event.option_index < len(self.session.actions):
                self.checking = self.session.actions[event.option_index].id
                self._show_check()

    def on_choice_list_changed(self, event: ChoiceList.Changed) -> None:
        if event.choice_list.id == "areas":
            chosen = list(event.chosen)
            self.change("the areas you will work on", changes.set_plan_field("areas", chosen))
        elif event.choice_list.id == "smarter" and self.checking is not None:
            self.change("the SMARTER check", changes.tick_smarter(self.checking, list(event.chosen)))
            self._show_check()
        self.show_result()

    # -- the table and the lists --

    def on_line_list_changed(self, event: LineList.Changed) -> None:
        name = event.line_list.id
        if name == "actions":
            rows = changes.set_plan_rows(self.session, event.entries, self.owner, event.origins)
            self.change("your actions", rows)
            self._show_check()
        elif name in LISTS:
            lines = [entry[0] for entry in event.entries]
            self.change(f"what you will {name.replace('differently', 'do differently')}",
                        changes.set_plan_field(name, lines))
        self.show_result()

    def on_line_list_to_action(self, event: LineList.ToAction) -> None:
        event.stop()
        self.notify("Add it to the actions above, with its barriers, support and when.")

    def on_line_list_remove_asked(self, event: LineList.RemoveAsked) -> None:
        from smp_tui.screens.confirm import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if yes:
                event.line_list.remove_line(event.index)

        self.app.push_screen(ConfirmScreen(f"Remove the action '{event.entry[0]}', with its SMARTER ticks?"),
                             answered)

    # -- the single-line fields --

    def _saver(self, field: Input):
        name, value = field.id or "", field.value.strip()
        if name == "review":
            def save_review() -> None:
                when = find_date(value) if value else None
                if value and when is None:
                    self.notify(f"{value!r} is not a date: write it as YYYY-MM-DD. Not saved.",
                                severity="warning", markup=False)
                    return
                if when != self.session.workbook.plan.review_on:
                    self.change("the review date", changes.set_plan_field("review_on", when))
            return save_review

        def save() -> None:
            if getattr(self.session.workbook.plan, name) != value:
                self.change(f"your {name}", changes.set_plan_field(name, value))
        return save

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id in TEXT_FIELDS:  # the review date is checked when it is left
            self.later(event.input.id, self._saver(event.input))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id in (*TEXT_FIELDS, "review"):
            self.now(event.input.id, self._saver(event.input))
            self.show_result()

    def flush(self) -> None:
        """Leaving: the review date typed is kept too (it is checked when left, not as typed)."""
        super().flush()
        self.now("review", self._saver(self.query_one("#review", Input)))

    def on_descendant_blur(self, event) -> None:
        if isinstance(event.widget, Input) and event.widget.id in (*TEXT_FIELDS, "review"):
            self.now(event.widget.id, self._saver(event.widget))
